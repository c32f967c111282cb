/* The snapshot's accessors: pure reads of the rows a listing made. */
#include "api/snapshot.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/field_registry.h"
#include "core/sized.h"

void listapps_snapshot_free(listapps_snapshot *snapshot) {
  if (snapshot == NULL) return;
  la_rows_free(&snapshot->rows);
  free(snapshot->recording);
  free(snapshot);
}

size_t listapps_snapshot_count(const listapps_snapshot *snapshot) {
  return snapshot != NULL ? snapshot->rows.count : 0;
}

unsigned int listapps_snapshot_flags(const listapps_snapshot *snapshot) {
  return snapshot != NULL ? snapshot->rows.flags : 0u;
}

/* The cell a getter asked for, checking the row, window, field and type. */
static int get_cell(const listapps_snapshot *s, size_t row, const size_t *window, int field,
                    int want_string, la_cell *out) {
  const la_field_def *d = la_field_def_of(field);
  const la_row *r;
  const la_window *w = NULL;

  if (s == NULL || row >= s->rows.count || d == NULL) return LISTAPPS_EINVAL;
  if ((d->info.type == LISTAPPS_TYPE_STRING) != want_string) return LISTAPPS_EINVAL;
  r = &s->rows.items[row];
  if (window != NULL) {
    if (*window >= r->window_count) return LISTAPPS_EINVAL;
    if ((d->info.rows & LISTAPPS_ROWS_WINDOW) == 0) return LISTAPPS_EINVAL;
    w = &r->windows[*window];
  }
  *out = la_cell_of(r, w, field);
  return 0;
}

static int string_result(int rc, const la_cell *c, const char **value) {
  if (rc != 0) return rc;
  *value = c->state == LISTAPPS_VALUE_PRESENT ? c->text : NULL;
  return c->state;
}

static int integer_result(int rc, const la_cell *c, long long *value) {
  if (rc != 0) return rc;
  *value = c->state == LISTAPPS_VALUE_PRESENT ? c->number : 0;
  return c->state;
}

int listapps_snapshot_get_string(const listapps_snapshot *snapshot, size_t row, int field,
                                 const char **value) {
  la_cell c;
  if (value == NULL) return LISTAPPS_EINVAL;
  *value = NULL;
  return string_result(get_cell(snapshot, row, NULL, field, 1, &c), &c, value);
}

int listapps_snapshot_get_integer(const listapps_snapshot *snapshot, size_t row, int field,
                                  long long *value) {
  la_cell c;
  if (value == NULL) return LISTAPPS_EINVAL;
  *value = 0;
  return integer_result(get_cell(snapshot, row, NULL, field, 0, &c), &c, value);
}

size_t listapps_snapshot_window_count(const listapps_snapshot *snapshot, size_t row) {
  if (snapshot == NULL || row >= snapshot->rows.count) return 0;
  return snapshot->rows.items[row].window_count;
}

int listapps_snapshot_get_window_string(const listapps_snapshot *snapshot, size_t row, size_t index,
                                        int field, const char **value) {
  la_cell c;
  if (value == NULL) return LISTAPPS_EINVAL;
  *value = NULL;
  return string_result(get_cell(snapshot, row, &index, field, 1, &c), &c, value);
}

int listapps_snapshot_get_window_integer(const listapps_snapshot *snapshot, size_t row,
                                         size_t index, int field, long long *value) {
  la_cell c;
  if (value == NULL) return LISTAPPS_EINVAL;
  *value = 0;
  return integer_result(get_cell(snapshot, row, &index, field, 0, &c), &c, value);
}

size_t listapps_snapshot_member_count(const listapps_snapshot *snapshot, size_t row) {
  if (snapshot == NULL || row >= snapshot->rows.count) return 0;
  return snapshot->rows.items[row].member_count;
}

int listapps_snapshot_get_member(const listapps_snapshot *snapshot, size_t row, size_t index,
                                 unsigned long *pid) {
  if (pid == NULL) return LISTAPPS_EINVAL;
  *pid = 0;
  if (snapshot == NULL || row >= snapshot->rows.count ||
      index >= snapshot->rows.items[row].member_count)
    return LISTAPPS_EINVAL;
  *pid = snapshot->rows.items[row].member_pids[index];
  return LISTAPPS_OK;
}

size_t listapps_snapshot_session_count(const listapps_snapshot *snapshot) {
  return snapshot != NULL ? snapshot->rows.session_count : 0;
}

int listapps_snapshot_get_session(const listapps_snapshot *snapshot, size_t index,
                                  listapps_session_info *info) {
  listapps_session_info full = LISTAPPS_SESSION_INFO_INIT;
  const la_session_status *s;
  size_t size;

  if (snapshot == NULL || info == NULL || index >= snapshot->rows.session_count)
    return LISTAPPS_EINVAL;
  memcpy(&size, info, sizeof size);
  if (size < sizeof size) return LISTAPPS_EINVAL;
  s = &snapshot->rows.sessions[index];
  full.id = s->id;
  full.user = s->user;
  full.listed = s->listed;
  full.problem = s->problem;
  la_write_sized(info, &full, sizeof full);
  return LISTAPPS_OK;
}
