/* Rows and their values. See row.h. */
#include "core/row.h"

#include <stdlib.h>
#include <string.h>

#include "core/field_registry.h"
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

int la_row_is_group_member(const la_row *row) {
  const la_value *app = &row->values[LISTAPPS_FIELD_APP_PID];
  return row->values[LISTAPPS_FIELD_CATEGORY].number == LISTAPPS_CATEGORY_APP &&
         app->state == LISTAPPS_VALUE_PRESENT &&
         app->number != row->values[LISTAPPS_FIELD_PID].number;
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
  la_session_statuses_free(rows->sessions, rows->session_count);
  memset(rows, 0, sizeof *rows);
}

void la_session_statuses_free(la_session_status *sessions, size_t count) {
  size_t i;

  for (i = 0; sessions != NULL && i < count; i++) {
    free(sessions[i].user);
    free(sessions[i].problem);
  }
  free(sessions);
}

/* What a row sorts by. */
typedef struct sort_key {
  size_t row;
  int category;
  const la_value *value; /* the sort field's value */
  unsigned long pid;
  const la_value *group_value; /* the value of the App whose group the row is in */
  unsigned long group_pid;
  int is_member;
} sort_key;

typedef struct sort_order {
  int is_string;
  int descending;
  int all;
} sort_order;

/* Compares two values of the sort field, then the PIDs: unavailable last whatever the
 * direction, strings by la_compare_names, numbers as numbers. */
static int compare_value_pid(const sort_order *o, const la_value *av, unsigned long apid,
                             const la_value *bv, unsigned long bpid) {
  int ap = av->state == LISTAPPS_VALUE_PRESENT;
  int bp = bv->state == LISTAPPS_VALUE_PRESENT;
  int c;

  if (!ap || !bp) {
    c = bp - ap;
  } else {
    c = o->is_string ? la_compare_names(av->text, bv->text)
                     : (av->number > bv->number) - (av->number < bv->number);
    if (o->descending) c = -c;
  }
  if (c != 0) return c;
  return (apid > bpid) - (apid < bpid);
}

static int compare_keys(const sort_order *o, const sort_key *a, const sort_key *b) {
  int c;

  if (o->all) {
    if (a->category != b->category) return a->category < b->category ? -1 : 1;
    if (a->category == LISTAPPS_CATEGORY_APP) {
      c = compare_value_pid(o, a->group_value, a->group_pid, b->group_value, b->group_pid);
      if (c != 0) return c;
      if (a->is_member != b->is_member) return a->is_member - b->is_member;
    }
  }
  return compare_value_pid(o, a->value, a->pid, b->value, b->pid);
}

/* A stable merge sort that passes the order along (qsort cannot, and qsort_r is not portable). */
static void merge_sort(const sort_order *o, sort_key *keys, sort_key *tmp, size_t n) {
  size_t mid = n / 2;
  size_t i = 0;
  size_t j = mid;
  size_t k = 0;

  if (n < 2) return;
  merge_sort(o, keys, tmp, mid);
  merge_sort(o, keys + mid, tmp, n - mid);
  while (i < mid && j < n)
    tmp[k++] = compare_keys(o, &keys[j], &keys[i]) < 0 ? keys[j++] : keys[i++];
  while (i < mid) tmp[k++] = keys[i++];
  while (j < n) tmp[k++] = keys[j++];
  memcpy(keys, tmp, n * sizeof *keys);
}

static const la_value absent = {LISTAPPS_VALUE_NONE, NULL, 0};
/* A row without a name sorts by Name as "", as 1.0 did. */
static const la_value empty_name = {LISTAPPS_VALUE_PRESENT, (char *)"", 0};

int la_sort_rows_by(la_row *rows, size_t count, unsigned int flags, int field, int descending) {
  const la_field_def *def = la_field_def_of(field);
  la_pid_map app_rows = {0};
  sort_order order;
  sort_key *keys;
  sort_key *tmp;
  la_row *sorted;
  size_t i;

  if (count < 2) return 0;
  if (def == NULL) field = LISTAPPS_FIELD_NAME;
  order.is_string = def == NULL || def->info.type == LISTAPPS_TYPE_STRING;
  order.descending = def != NULL && descending;
  order.all = (flags & LISTAPPS_LIST_ALL) != 0;
  keys = malloc(count * sizeof *keys);
  tmp = malloc(count * sizeof *tmp);
  sorted = malloc(count * sizeof *sorted);
  if (keys == NULL || tmp == NULL || sorted == NULL) goto nomem;
  for (i = 0; i < count; i++) {
    const la_value *app = &rows[i].values[LISTAPPS_FIELD_APP_PID];
    keys[i].row = i;
    keys[i].category = (int)rows[i].values[LISTAPPS_FIELD_CATEGORY].number;
    keys[i].value = field < LISTAPPS_FIELD_COUNT ? &rows[i].values[field] : &absent;
    if (field == LISTAPPS_FIELD_NAME && keys[i].value->state != LISTAPPS_VALUE_PRESENT)
      keys[i].value = &empty_name;
    keys[i].pid = (unsigned long)rows[i].values[LISTAPPS_FIELD_PID].number;
    keys[i].is_member = order.all && keys[i].category == LISTAPPS_CATEGORY_APP &&
                        app->state == LISTAPPS_VALUE_PRESENT &&
                        (unsigned long)app->number != keys[i].pid;
    keys[i].group_pid = keys[i].is_member ? (unsigned long)app->number : keys[i].pid;
    keys[i].group_value = keys[i].value;
    if (order.all && keys[i].category == LISTAPPS_CATEGORY_APP && !keys[i].is_member &&
        la_pid_map_put(&app_rows, keys[i].pid, i) != 0)
      goto nomem;
  }
  for (i = 0; i < count; i++) {
    size_t app;
    if (keys[i].is_member && la_pid_map_get(&app_rows, keys[i].group_pid, &app))
      keys[i].group_value = keys[app].value;
  }
  merge_sort(&order, keys, tmp, count);
  for (i = 0; i < count; i++) sorted[i] = rows[keys[i].row];
  memcpy(rows, sorted, count * sizeof *rows);
  la_pid_map_free(&app_rows);
  free(sorted);
  free(tmp);
  free(keys);
  return 0;

nomem:
  la_pid_map_free(&app_rows);
  free(sorted);
  free(tmp);
  free(keys);
  return LISTAPPS_ENOMEM;
}

int la_sort_rows(la_row *rows, size_t count, unsigned int flags) {
  return la_sort_rows_by(rows, count, flags, LISTAPPS_FIELD_NAME, 0);
}

la_cell la_cell_of(const la_row *row, const la_window *window, int field) {
  la_cell c = {LISTAPPS_VALUE_NONE, NULL, 0};

  /* A group's row holds the windows of every App in the group: each window names its own
   * process. */
  if (window != NULL && field == LISTAPPS_FIELD_PID) {
    c.state = LISTAPPS_VALUE_PRESENT;
    c.number = (long long)window->pid;
  } else if (window != NULL && field == LISTAPPS_FIELD_HWND) {
    c.state = LISTAPPS_VALUE_PRESENT;
    c.number = (long long)window->hwnd;
  } else if (window != NULL && field == LISTAPPS_FIELD_TITLE) {
    /* A title is NULL only when titles are private: never read. */
    c.state = window->title != NULL ? LISTAPPS_VALUE_PRESENT : LISTAPPS_VALUE_NOT_GATHERED;
    c.text = window->title;
  } else if (window != NULL && field == LISTAPPS_FIELD_CLASS) {
    c.state = window->class_name != NULL ? LISTAPPS_VALUE_PRESENT : LISTAPPS_VALUE_NONE;
    c.text = window->class_name;
  } else if (window != NULL && field >= LISTAPPS_FIELD_FOREGROUND &&
             field <= LISTAPPS_FIELD_CLOAKED) {
    c = la_window_cell(window, field);
  } else if (field >= 0 && field < LISTAPPS_FIELD_COUNT) {
    const la_value *v = &row->values[field];
    c.state = v->state;
    c.text = v->state == LISTAPPS_VALUE_PRESENT ? v->text : NULL;
    c.number = v->state == LISTAPPS_VALUE_PRESENT ? v->number : 0;
  }
  return c;
}

/* A fact's cell: its value when it was read and is there, else its state. */
static la_cell fact_cell(const la_window *w, unsigned bit, int state, long long number) {
  la_cell c = {LISTAPPS_VALUE_NOT_GATHERED, NULL, 0};

  if ((w->read & bit) == 0) return c;
  c.state = state;
  if (state == LISTAPPS_VALUE_PRESENT) c.number = number;
  return c;
}

la_cell la_window_cell(const la_window *w, int field) {
  static const char *const shows[] = {"Normal", "Minimized", "Maximized"};
  la_cell c = {LISTAPPS_VALUE_NONE, NULL, 0};

  switch (field) {
    case LISTAPPS_FIELD_FOREGROUND:
      return fact_cell(w, LA_WINDOW_READ_FOREGROUND, w->foreground_state, w->foreground != 0);
    case LISTAPPS_FIELD_X:
      return fact_cell(w, LA_WINDOW_READ_RECT, w->rect_state, w->left);
    case LISTAPPS_FIELD_Y:
      return fact_cell(w, LA_WINDOW_READ_RECT, w->rect_state, w->top);
    case LISTAPPS_FIELD_WIDTH:
      return fact_cell(w, LA_WINDOW_READ_RECT, w->rect_state, w->width);
    case LISTAPPS_FIELD_HEIGHT:
      return fact_cell(w, LA_WINDOW_READ_RECT, w->rect_state, w->height);
    case LISTAPPS_FIELD_CLOAKED:
      return fact_cell(w, LA_WINDOW_READ_CLOAKED, w->cloaked_state, w->cloaked != 0);
    case LISTAPPS_FIELD_WINDOW_STATE:
      c = fact_cell(w, LA_WINDOW_READ_SHOW, w->show_state, 0);
      if (c.state == LISTAPPS_VALUE_PRESENT)
        c.text =
            w->show >= LA_SHOW_NORMAL && w->show <= LA_SHOW_MAXIMIZED ? shows[w->show] : shows[0];
      return c;
    default:
      return c;
  }
}

void la_windows_mark_unsupported(la_window *windows, size_t count, unsigned bits) {
  size_t i;

  for (i = 0; i < count; i++) {
    la_window *w = &windows[i];
    w->read |= bits;
    if (bits & LA_WINDOW_READ_RECT) w->rect_state = LISTAPPS_VALUE_UNSUPPORTED;
    if (bits & LA_WINDOW_READ_SHOW) w->show_state = LISTAPPS_VALUE_UNSUPPORTED;
    if (bits & LA_WINDOW_READ_CLOAKED) w->cloaked_state = LISTAPPS_VALUE_UNSUPPORTED;
    if (bits & LA_WINDOW_READ_FOREGROUND) w->foreground_state = LISTAPPS_VALUE_UNSUPPORTED;
  }
}
