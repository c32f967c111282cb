/* Rows and their values. See row.h. */
#include "core/row.h"

#include <stdlib.h>
#include <string.h>

#include "core/pid_map.h"
#include "core/text.h"

int la_value_set_text(la_value *v, const char *text, int absent_state) {
  char *copy = NULL;

  if (text != NULL && (copy = la_strdup(text)) == NULL) return LISTAPPS_ENOMEM;
  free(v->text);
  v->text = copy;
  v->number = 0;
  v->state = text != NULL ? LISTAPPS_VALUE_PRESENT : absent_state;
  return 0;
}

void la_value_set_number(la_value *v, long long number) {
  free(v->text);
  v->text = NULL;
  v->number = number;
  v->state = LISTAPPS_VALUE_PRESENT;
}

void la_value_set_state(la_value *v, int state) {
  free(v->text);
  v->text = NULL;
  v->number = 0;
  v->state = state;
}

void la_row_free(la_row *row) {
  size_t i;

  for (i = 0; i < LISTAPPS_FIELD_COUNT; i++) free(row->values[i].text);
  for (i = 0; row->windows != NULL && i < row->window_count; i++) {
    free(row->windows[i].title);
    free(row->windows[i].class_name);
  }
  free(row->windows);
  free(row->member_pids);
  memset(row, 0, sizeof *row);
}

void la_rows_free(la_rows *rows) {
  size_t i;

  for (i = 0; rows->items != NULL && i < rows->count; i++) la_row_free(&rows->items[i]);
  free(rows->items);
  rows->items = NULL;
  rows->count = 0;
  rows->flags = 0;
}

/* What a row sorts by. */
typedef struct sort_key {
  size_t row;
  int category;
  const char *name;
  unsigned long pid;
  const char *group_name; /* the name of the App whose group the row is in */
  unsigned long group_pid;
  int is_member;
} sort_key;

static const char *name_of(const la_row *r) {
  const la_value *v = &r->values[LISTAPPS_FIELD_NAME];
  return v->state == LISTAPPS_VALUE_PRESENT ? v->text : "";
}

static int compare_name_pid(const sort_key *a, const sort_key *b) {
  int c = la_compare_names(a->name, b->name);

  if (c != 0) return c;
  return (a->pid > b->pid) - (a->pid < b->pid);
}

static int compare_keys(const void *pa, const void *pb) {
  const sort_key *a = pa;
  const sort_key *b = pb;
  int c;

  if (a->category != b->category) return a->category < b->category ? -1 : 1;
  if (a->category == LISTAPPS_CATEGORY_APP) {
    c = la_compare_names(a->group_name, b->group_name);
    if (c != 0) return c;
    if (a->group_pid != b->group_pid) return a->group_pid < b->group_pid ? -1 : 1;
    if (a->is_member != b->is_member) return a->is_member - b->is_member;
  }
  return compare_name_pid(a, b);
}

static int compare_plain(const void *pa, const void *pb) {
  return compare_name_pid(pa, pb);
}

int la_sort_rows(la_row *rows, size_t count, unsigned int flags) {
  la_pid_map app_rows = {0};
  int all = (flags & LISTAPPS_LIST_ALL) != 0;
  sort_key *keys;
  la_row *sorted;
  size_t i;

  if (count < 2) return 0;
  keys = malloc(count * sizeof *keys);
  sorted = malloc(count * sizeof *sorted);
  if (keys == NULL || sorted == NULL) goto nomem;
  for (i = 0; i < count; i++) {
    keys[i].row = i;
    keys[i].category = all ? (int)rows[i].values[LISTAPPS_FIELD_CATEGORY].number : 0;
    keys[i].name = name_of(&rows[i]);
    keys[i].pid = (unsigned long)rows[i].values[LISTAPPS_FIELD_PID].number;
    keys[i].is_member = 0;
    keys[i].group_pid = keys[i].pid;
    keys[i].group_name = keys[i].name;
    if (all && keys[i].category == LISTAPPS_CATEGORY_APP) {
      const la_value *app = &rows[i].values[LISTAPPS_FIELD_APP_PID];
      keys[i].is_member =
          app->state == LISTAPPS_VALUE_PRESENT && (unsigned long)app->number != keys[i].pid;
      if (keys[i].is_member) keys[i].group_pid = (unsigned long)app->number;
      if (!keys[i].is_member && la_pid_map_put(&app_rows, keys[i].pid, i) != 0) goto nomem;
    }
  }
  for (i = 0; i < count; i++) {
    size_t app;
    if (keys[i].is_member && la_pid_map_get(&app_rows, keys[i].group_pid, &app))
      keys[i].group_name = keys[app].name;
  }
  qsort(keys, count, sizeof *keys, all ? compare_keys : compare_plain);
  for (i = 0; i < count; i++) sorted[i] = rows[keys[i].row];
  memcpy(rows, sorted, count * sizeof *rows);
  la_pid_map_free(&app_rows);
  free(sorted);
  free(keys);
  return 0;

nomem:
  la_pid_map_free(&app_rows);
  free(sorted);
  free(keys);
  return LISTAPPS_ENOMEM;
}
