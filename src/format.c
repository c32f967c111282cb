/* listapps_format: a list rendered as a table, CSV or JSON. Pure: no Win32. */
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "listapps.h"
#include "text_escape.h"

static const char *const csv_columns[] = {"Category", "Name",      "PID",       "ParentPID",
                                          "AppPID",   "Title",     "Windows",   "Processes",
                                          "Image",    "Path",      "Description"};
static const char *const json_keys[] = {"category", "name",      "pid",       "parentPid",
                                        "appPid",   "title",     "windows",   "processes",
                                        "image",    "path",      "description"};
#define COLUMN_COUNT (sizeof csv_columns / sizeof csv_columns[0])

/* One field of a row: a string (NULL when unknown) or a number (has_number false when unknown). */
typedef struct field {
  const char *text;
  unsigned long number;
  int is_number;
  int known;
} field;

static field text_field(const char *s) {
  field f = {s, 0, 0, s != NULL};
  return f;
}

static field number_field(unsigned long n, int known) {
  field f = {NULL, n, 1, known};
  return f;
}

/* size_t counts are written as unsigned long; a count past ULONG_MAX cannot occur (windows and
 * processes are far fewer) but is clamped rather than wrapped. */
static unsigned long count_value(size_t n) {
  return n > (unsigned long)-1 ? (unsigned long)-1 : (unsigned long)n;
}

static void row_fields(const listapps_app *a, field f[COLUMN_COUNT]) {
  f[0] = text_field(listapps_category_name(a->category));
  f[1] = text_field(a->name != NULL ? a->name : "");
  f[2] = number_field(a->pid, 1);
  f[3] = number_field(a->parent_pid, a->has_parent_pid);
  f[4] = number_field(a->app_pid, 1);
  f[5] = text_field(a->title);
  f[6] = number_field(count_value(a->window_count), 1);
  f[7] = number_field(count_value(a->process_count), 1);
  f[8] = text_field(a->image);
  f[9] = text_field(a->path);
  f[10] = text_field(a->description);
}

static void write_csv(la_buffer *b, const listapps_list *list, unsigned int flags) {
  size_t i;
  size_t c;

  if ((flags & LISTAPPS_FORMAT_NO_HEADER) == 0) {
    for (c = 0; c < COLUMN_COUNT; c++) {
      if (c > 0) la_buffer_append_char(b, ',');
      la_buffer_append_str(b, csv_columns[c]);
    }
    la_buffer_append(b, "\r\n", 2);
  }
  for (i = 0; i < list->count; i++) {
    field f[COLUMN_COUNT];

    row_fields(&list->apps[i], f);
    for (c = 0; c < COLUMN_COUNT; c++) {
      if (c > 0) la_buffer_append_char(b, ',');
      if (!f[c].known) continue;
      if (f[c].is_number)
        la_buffer_append_ulong(b, f[c].number);
      else
        la_csv_append_field(b, f[c].text, strlen(f[c].text));
    }
    la_buffer_append(b, "\r\n", 2);
  }
}

static void write_json(la_buffer *b, const listapps_list *list) {
  size_t i;
  size_t c;

  la_buffer_append_char(b, '[');
  for (i = 0; i < list->count; i++) {
    field f[COLUMN_COUNT];

    row_fields(&list->apps[i], f);
    la_buffer_append_str(b, i == 0 ? "\n  {" : ",\n  {");
    for (c = 0; c < COLUMN_COUNT; c++) {
      if (c > 0) la_buffer_append_char(b, ',');
      la_buffer_append_char(b, '"');
      la_buffer_append_str(b, json_keys[c]);
      la_buffer_append(b, "\":", 2);
      if (!f[c].known)
        la_buffer_append(b, "null", 4);
      else if (f[c].is_number)
        la_buffer_append_ulong(b, f[c].number);
      else
        la_json_append_string(b, f[c].text, strlen(f[c].text));
    }
    la_buffer_append_char(b, '}');
  }
  la_buffer_append_str(b, list->count == 0 ? "]\n" : "\n]\n");
}

static size_t pid_width(unsigned long pid) {
  size_t w = 1;
  while (pid >= 10) {
    pid /= 10;
    w++;
  }
  return w;
}

static size_t max_size(size_t a, size_t b) { return a > b ? a : b; }

/* Name, PID and Title; Name padded to its widest cell, PID right-aligned, Title last so it
 * needs no padding and is never cut. */
static void write_table(la_buffer *b, const listapps_list *list, unsigned int flags) {
  static const char gap[] = "  ";
  int header = (flags & LISTAPPS_FORMAT_NO_HEADER) == 0;
  size_t name_w = header ? 4 : 0;
  size_t pid_w = header ? 3 : 0;
  size_t i;

  for (i = 0; i < list->count; i++) {
    const listapps_app *a = &list->apps[i];
    const char *name = a->name != NULL ? a->name : "";
    name_w = max_size(name_w, la_table_cell_width(name, strlen(name)));
    pid_w = max_size(pid_w, pid_width(a->pid));
  }
  if (header) {
    la_buffer_append_str(b, "Name");
    la_buffer_append_repeat(b, ' ', name_w - 4);
    la_buffer_append_str(b, gap);
    la_buffer_append_repeat(b, ' ', pid_w - 3);
    la_buffer_append_str(b, "PID");
    la_buffer_append_str(b, gap);
    la_buffer_append_str(b, "Title\n");
  }
  for (i = 0; i < list->count; i++) {
    const listapps_app *a = &list->apps[i];
    const char *name = a->name != NULL ? a->name : "";
    const char *title = a->title != NULL ? a->title : "";
    size_t w = la_table_append_cell(b, name, strlen(name));

    la_buffer_append_repeat(b, ' ', name_w - w);
    la_buffer_append_str(b, gap);
    la_buffer_append_repeat(b, ' ', pid_w - pid_width(a->pid));
    la_buffer_append_ulong(b, a->pid);
    la_buffer_append_str(b, gap);
    la_table_append_cell(b, title, strlen(title));
    la_buffer_append_char(b, '\n');
  }
}

int listapps_format(const listapps_list *list, int format, unsigned int flags, char **out,
                    size_t *out_len) {
  la_buffer b = {NULL, 0, 0, 0};
  listapps_list empty = {NULL, 0};

  if (out != NULL) *out = NULL;
  if (out_len != NULL) *out_len = 0;
  if (out == NULL || (flags & ~LISTAPPS_FORMAT_NO_HEADER) != 0) return LISTAPPS_EINVAL;
  if (list == NULL) return LISTAPPS_EINVAL;
  if (list->count > 0 && list->apps == NULL) return LISTAPPS_EINVAL;
  if (list->count == 0) list = &empty;
  switch (format) {
  case LISTAPPS_FORMAT_TABLE: write_table(&b, list, flags); break;
  case LISTAPPS_FORMAT_CSV: write_csv(&b, list, flags); break;
  case LISTAPPS_FORMAT_JSON: write_json(&b, list); break;
  default: return LISTAPPS_EINVAL;
  }
  return la_buffer_finish(&b, out, out_len);
}

void listapps_free_text(char *text) { free(text); }
