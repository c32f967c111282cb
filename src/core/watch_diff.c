/* What changed between two listings. See watch_diff.h. */
#include "core/watch_diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/pid_map.h"

static long long start_of(const la_row *r) {
  const la_value *v = &r->values[LISTAPPS_FIELD_START_TIME];
  return v->state == LISTAPPS_VALUE_PRESENT ? v->number : 0;
}

static unsigned long pid_of(const la_row *r) {
  return (unsigned long)r->values[LISTAPPS_FIELD_PID].number;
}

/* Two values of a string field differ: one present and the other not, or other text. */
static int text_differs(const la_row *a, const la_row *b, int field) {
  const la_value *x = &a->values[field];
  const la_value *y = &b->values[field];

  if ((x->state == LISTAPPS_VALUE_PRESENT) != (y->state == LISTAPPS_VALUE_PRESENT)) return 1;
  return x->state == LISTAPPS_VALUE_PRESENT && strcmp(x->text, y->text) != 0;
}

static int push(la_change **changes, size_t *count, size_t *cap, int kind, int in_old, size_t row) {
  if (*count == *cap) {
    size_t grown = *cap == 0 ? 16 : *cap * 2;
    la_change *bigger = realloc(*changes, grown * sizeof *bigger);
    if (bigger == NULL) return LISTAPPS_ENOMEM;
    *changes = bigger;
    *cap = grown;
  }
  (*changes)[*count].kind = kind;
  (*changes)[*count].in_old = in_old;
  (*changes)[*count].row = row;
  (*count)++;
  return 0;
}

/* The same App in the other rows: same PID and the same start time. */
static int find_same(const la_pid_map *index, const la_rows *rows, const la_row *r, size_t *at) {
  return la_pid_map_get(index, pid_of(r), at) && start_of(&rows->items[*at]) == start_of(r);
}

/* The row of the App in front, or SIZE_MAX when none is (or Foreground was not read). */
static size_t front_of(const la_rows *rows) {
  size_t i;

  for (i = 0; i < rows->count; i++) {
    const la_value *v = &rows->items[i].values[LISTAPPS_FIELD_FOREGROUND];
    if (v->state == LISTAPPS_VALUE_PRESENT && v->number != 0) return i;
  }
  return SIZE_MAX;
}

/* A focus change: the App now in front when it is another than before; when none is, the App
 * that left the front, if it is still listed (an App in front that closed has its closed). */
static int push_focus(const la_rows *old_rows, const la_rows *new_rows, const la_pid_map *new_index,
                      la_change **changes, size_t *count, size_t *cap) {
  size_t old_front = front_of(old_rows);
  size_t new_front = front_of(new_rows);
  size_t at;

  if (new_front != SIZE_MAX) {
    const la_row *now = &new_rows->items[new_front];
    if (old_front != SIZE_MAX && pid_of(&old_rows->items[old_front]) == pid_of(now) &&
        start_of(&old_rows->items[old_front]) == start_of(now))
      return 0;
    return push(changes, count, cap, LISTAPPS_EVENT_FOCUS, 0, new_front);
  }
  if (old_front != SIZE_MAX && find_same(new_index, new_rows, &old_rows->items[old_front], &at))
    return push(changes, count, cap, LISTAPPS_EVENT_FOCUS, 0, at);
  return 0;
}

int la_watch_diff(const la_rows *old_rows, const la_rows *new_rows, la_change **changes,
                  size_t *count) {
  la_pid_map old_index = {0};
  la_pid_map new_index = {0};
  size_t cap = 0;
  size_t i;
  size_t at;
  int err = 0;

  *changes = NULL;
  *count = 0;
  for (i = 0; i < old_rows->count && err == 0; i++)
    if (la_pid_map_put(&old_index, pid_of(&old_rows->items[i]), i) != 0) err = LISTAPPS_ENOMEM;
  for (i = 0; i < new_rows->count && err == 0; i++)
    if (la_pid_map_put(&new_index, pid_of(&new_rows->items[i]), i) != 0) err = LISTAPPS_ENOMEM;
  for (i = 0; i < old_rows->count && err == 0; i++)
    if (!find_same(&new_index, new_rows, &old_rows->items[i], &at))
      err = push(changes, count, &cap, LISTAPPS_EVENT_CLOSED, 1, i);
  for (i = 0; i < new_rows->count && err == 0; i++)
    if (!find_same(&old_index, old_rows, &new_rows->items[i], &at))
      err = push(changes, count, &cap, LISTAPPS_EVENT_OPENED, 0, i);
  for (i = 0; i < new_rows->count && err == 0; i++) {
    const la_row *now = &new_rows->items[i];
    if (!find_same(&old_index, old_rows, now, &at)) continue;
    if (text_differs(&old_rows->items[at], now, LISTAPPS_FIELD_TITLE))
      err = push(changes, count, &cap, LISTAPPS_EVENT_TITLE, 0, i);
    if (err == 0 && text_differs(&old_rows->items[at], now, LISTAPPS_FIELD_STATUS))
      err = push(changes, count, &cap, LISTAPPS_EVENT_STATUS, 0, i);
  }
  if (err == 0) err = push_focus(old_rows, new_rows, &new_index, changes, count, &cap);
  la_pid_map_free(&old_index);
  la_pid_map_free(&new_index);
  if (err != 0) {
    free(*changes);
    *changes = NULL;
    *count = 0;
  }
  return err;
}
