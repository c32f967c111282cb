/* The App in front. See foreground.h. */
#include "core/foreground.h"

static size_t index_of(const la_window *windows, size_t count, uintptr_t hwnd) {
  size_t i;

  if (hwnd == 0) return SIZE_MAX;
  for (i = 0; i < count; i++)
    if (windows[i].hwnd == hwnd) return i;
  return SIZE_MAX;
}

size_t la_foreground_index(const la_window *windows, size_t count, const la_foreground *fg) {
  size_t i;

  if (fg == NULL || !fg->read || fg->window == 0) return SIZE_MAX;
  i = index_of(windows, count, fg->ghost_of);
  if (i == SIZE_MAX) i = index_of(windows, count, fg->window);
  if (i == SIZE_MAX) i = index_of(windows, count, fg->owner);
  return i;
}

void la_mark_foreground(la_window *windows, size_t count, const la_foreground *fg) {
  size_t front = la_foreground_index(windows, count, fg);
  size_t i;

  for (i = 0; i < count; i++) {
    windows[i].read |= LA_WINDOW_READ_FOREGROUND;
    windows[i].foreground_state = LISTAPPS_VALUE_PRESENT;
    windows[i].foreground = i == front;
  }
}

la_cell la_row_foreground(const la_window *windows, size_t count, int foreground_read) {
  la_cell c = {LISTAPPS_VALUE_NOT_GATHERED, NULL, 0};
  size_t i;

  if (count == 0) {
    if (foreground_read) c.state = LISTAPPS_VALUE_PRESENT;
    return c;
  }
  for (i = 0; i < count; i++) {
    la_cell w = la_window_cell(&windows[i], LISTAPPS_FIELD_FOREGROUND);
    if (w.state == LISTAPPS_VALUE_PRESENT && w.number != 0) return w;
  }
  return la_window_cell(&windows[0], LISTAPPS_FIELD_FOREGROUND);
}
