/*
 * listapps_format and listapps_free_list, the 1.0 calls, over the 2.0 writers: a 1.0 list is
 * turned into rows and written into one string. Pure C.
 */
#include <stdlib.h>
#include <string.h>

#include "api/compat.h"
#include "output/writer.h"

static void set_number(la_value *v, long long n, int known, int absent_state) {
  if (known)
    la_value_set_number(v, n);
  else
    la_value_set_state(v, absent_state);
}

/* One 1.0 row as a 2.0 row: every value copied, windows and members shared (not owned). */
static int row_of_app(const listapps_app *a, la_row *r) {
  int field;
  int err = 0;

  err |= la_value_set_text(&r->values[LISTAPPS_FIELD_CATEGORY], listapps_category_name(a->category),
                           LISTAPPS_VALUE_NONE);
  r->values[LISTAPPS_FIELD_CATEGORY].number = a->category;
  err |= la_value_set_text(&r->values[LISTAPPS_FIELD_NAME], a->name != NULL ? a->name : "",
                           LISTAPPS_VALUE_NONE);
  set_number(&r->values[LISTAPPS_FIELD_PID], (long long)a->pid, 1, LISTAPPS_VALUE_NONE);
  set_number(&r->values[LISTAPPS_FIELD_PARENT_PID], (long long)a->parent_pid, a->has_parent_pid,
             LISTAPPS_VALUE_EXITED);
  set_number(&r->values[LISTAPPS_FIELD_APP_PID], (long long)a->app_pid, a->app_pid != 0,
             LISTAPPS_VALUE_NONE);
  err |= la_value_set_text(&r->values[LISTAPPS_FIELD_TITLE], a->title, LISTAPPS_VALUE_NONE);
  set_number(&r->values[LISTAPPS_FIELD_WINDOWS], (long long)a->window_count, 1, 0);
  set_number(&r->values[LISTAPPS_FIELD_PROCESSES], (long long)a->process_count, 1, 0);
  err |= la_value_set_text(&r->values[LISTAPPS_FIELD_IMAGE], a->image, LISTAPPS_VALUE_NONE);
  err |= la_value_set_text(&r->values[LISTAPPS_FIELD_PATH], a->path, LISTAPPS_VALUE_NONE);
  err |= la_value_set_text(&r->values[LISTAPPS_FIELD_DESCRIPTION], a->description,
                           LISTAPPS_VALUE_NONE);
  la_value_set_state(&r->values[LISTAPPS_FIELD_HWND], LISTAPPS_VALUE_NONE);
  la_value_set_state(&r->values[LISTAPPS_FIELD_CLASS], LISTAPPS_VALUE_NONE);
  for (field = LISTAPPS_FIELD_PUBLISHER; field < LISTAPPS_FIELD_COUNT; field++)
    la_value_set_state(&r->values[field], LISTAPPS_VALUE_NOT_GATHERED);
  return err != 0 ? LISTAPPS_ENOMEM : 0;
}

/* Frees the values of rows made by row_of_app, leaving the shared windows alone. */
static void free_borrowed(la_row *rows, size_t count) {
  size_t i;

  for (i = 0; i < count; i++) {
    rows[i].windows = NULL;
    rows[i].window_count = 0;
    la_row_free(&rows[i]);
  }
  free(rows);
}

static int collect(void *context, const char *data, size_t len) {
  la_buffer *b = context;
  la_buffer_append(b, data, len);
  return b->err;
}

int listapps_format(const listapps_list *list, int format, unsigned int flags, char **out,
                    size_t *out_len) {
  static const int table_fields[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_PID, LISTAPPS_FIELD_TITLE};
  listapps_write_options options = LISTAPPS_WRITE_OPTIONS_INIT;
  la_write_spec spec;
  la_rows rows = {0};
  la_buffer text = {0};
  la_window *windows = NULL;
  size_t window_total = 0;
  la_out o;
  size_t i;
  int err;

  if (out != NULL) *out = NULL;
  if (out_len != NULL) *out_len = 0;
  options.format = format;
  options.flags = la_write_flags_of(flags);
  if (format == LISTAPPS_FORMAT_TABLE) {
    /* 1.0's table: Name, PID and Title (2.0's default adds Status and Memory). */
    options.fields = table_fields;
    options.field_count = sizeof table_fields / sizeof table_fields[0];
  }
  if (out == NULL || list == NULL || (list->count > 0 && list->apps == NULL))
    return LISTAPPS_EINVAL;
  err = la_write_spec_of(&options, &spec);
  if (err != 0) return err;
  for (i = 0; i < list->count; i++)
    if (list->apps[i].windows != NULL) window_total += list->apps[i].window_count;
  rows.items = calloc(list->count > 0 ? list->count : 1, sizeof *rows.items);
  windows = calloc(window_total > 0 ? window_total : 1, sizeof *windows);
  /* An empty list keeps its flags: an empty --all listing still has its three sections. */
  rows.flags = list->flags;
  if (rows.items == NULL || windows == NULL) err = LISTAPPS_ENOMEM;
  for (i = 0, window_total = 0; i < list->count && err == 0; i++) {
    const listapps_app *a = &list->apps[i];
    size_t k;
    rows.count = i + 1;
    err = row_of_app(a, &rows.items[i]);
    rows.items[i].windows = windows + window_total;
    for (k = 0; a->windows != NULL && k < a->window_count; k++) {
      la_window *w = &windows[window_total++];
      w->hwnd = (uintptr_t)a->windows[k].hwnd;
      w->pid = a->pid;
      /* Borrowed: the 1.0 list keeps owning its strings. */
      w->title = a->windows[k].title;
      w->class_name = a->windows[k].class_name;
    }
    rows.items[i].window_count = a->windows != NULL ? a->window_count : 0;
  }
  if (err == 0) {
    memset(&o, 0, sizeof o);
    o.sink = collect;
    o.context = &text;
    err = la_write_rows(&rows, &spec, &o);
    if (err == LISTAPPS_EWRITE) err = text.err;
  }
  free_borrowed(rows.items, rows.count);
  free(windows);
  if (err == 0) return la_buffer_finish(&text, out, out_len);
  la_buffer_free(&text);
  return err;
}

void listapps_free_text(char *text) {
  free(text);
}
