/* A watch's memory of windows; see window_memory.h. */
#include "core/window_memory.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* Window handles are 32-bit values sign-extended on 64-bit Windows, so that 32- and 64-bit
 * processes can share them: the low 32 bits name a window.
 * https://learn.microsoft.com/windows/win32/winprog64/interprocess-communication
 * A key that two handles shared would only make one of them be read again: get compares the
 * whole handle. */
static unsigned long key_of(uintptr_t hwnd) {
  return (unsigned long)(uint32_t)hwnd;
}

static void forget(la_remembered_window *w) {
  free(w->class_name);
  free(w->title);
  w->class_name = NULL;
  w->title = NULL;
  w->has_row = 0;
}

/* The entry for hwnd, or NULL. */
static la_remembered_window *find(la_window_memory *m, uintptr_t hwnd) {
  size_t i;

  if (!la_pid_map_get(&m->index, key_of(hwnd), &i) || m->items[i].hwnd != hwnd) return NULL;
  return &m->items[i];
}

la_window_memory *la_window_memory_new(void) {
  return calloc(1, sizeof(la_window_memory));
}

void la_window_memory_free(la_window_memory *m) {
  size_t i;

  if (m == NULL) return;
  for (i = 0; i < m->count; i++) forget(&m->items[i]);
  free(m->items);
  la_pid_map_free(&m->index);
  free(m);
}

int la_window_memory_get(la_window_memory *m, uintptr_t hwnd, unsigned long *pid,
                         const char **class_name) {
  la_remembered_window *w = find(m, hwnd);

  if (w == NULL) return 0;
  w->seen = 1;
  *pid = w->pid;
  *class_name = w->class_name;
  return 1;
}

int la_window_memory_put(la_window_memory *m, uintptr_t hwnd, unsigned long pid,
                         const char *class_name) {
  char *copy = NULL;
  size_t i;

  if (class_name != NULL && (copy = la_strdup(class_name)) == NULL) return -1;
  if (la_pid_map_get(&m->index, key_of(hwnd), &i) && m->items[i].hwnd == hwnd) {
    forget(&m->items[i]);
  } else {
    if (m->count == m->cap) {
      size_t cap = m->cap == 0 ? 64 : m->cap * 2;
      la_remembered_window *items =
          cap > SIZE_MAX / sizeof *items ? NULL : realloc(m->items, cap * sizeof *items);
      if (items == NULL) {
        free(copy);
        return -1;
      }
      m->items = items;
      m->cap = cap;
    }
    i = m->count;
    if (la_pid_map_put(&m->index, key_of(hwnd), i) != 0) {
      free(copy);
      return -1;
    }
    m->count++;
  }
  memset(&m->items[i], 0, sizeof m->items[i]);
  m->items[i].hwnd = hwnd;
  m->items[i].pid = pid;
  m->items[i].class_name = copy;
  m->items[i].seen = 1;
  return 0;
}

int la_window_memory_sweep(la_window_memory *m) {
  la_pid_map index = {0};
  size_t kept = 0;
  size_t i;
  int err = 0;

  for (i = 0; i < m->count; i++) {
    if (!m->items[i].seen) {
      forget(&m->items[i]);
      continue;
    }
    m->items[kept] = m->items[i];
    m->items[kept].seen = 0;
    if (err == 0 && la_pid_map_put(&index, key_of(m->items[kept].hwnd), kept) != 0) err = -1;
    kept++;
  }
  m->count = kept;
  la_pid_map_free(&m->index);
  m->index = index;
  if (err != 0) {
    for (i = 0; i < m->count; i++) forget(&m->items[i]);
    m->count = 0;
    la_pid_map_free(&m->index);
  }
  return err;
}

size_t la_window_memory_count(const la_window_memory *m) {
  return m->count;
}

int la_window_memory_keep_row(la_window_memory *m, uintptr_t hwnd, unsigned long app_pid,
                              const char *title, int hung) {
  la_remembered_window *w = find(m, hwnd);
  char *copy = NULL;

  if (w == NULL || (title != NULL && (copy = la_strdup(title)) == NULL)) return -1;
  free(w->title);
  w->title = copy;
  w->app_pid = app_pid;
  w->hung = hung;
  w->has_row = 1;
  return 0;
}

void la_window_memory_forget_row(la_window_memory *m, uintptr_t hwnd) {
  la_remembered_window *w = find(m, hwnd);

  if (w == NULL) return;
  free(w->title);
  w->title = NULL;
  w->has_row = 0;
}

const la_remembered_window *la_window_memory_row(la_window_memory *m, uintptr_t hwnd) {
  la_remembered_window *w = find(m, hwnd);

  if (w == NULL || !w->has_row) return NULL;
  w->seen = 1;
  return w;
}
