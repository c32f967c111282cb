/* listapps_format: a list rendered as a table, CSV or JSON. Pure: no Win32. */
#include <stdlib.h>
#include <string.h>

#include "output/buffer.h"
#include "listapps.h"
#include "output/text_escape.h"

static const char *const csv_columns[] = {"Category", "Name",  "PID",        "ParentPID",
                                          "AppPID",   "Title", "Windows",    "Processes",
                                          "Image",    "Path",  "Description"};
static const char *const json_keys[] = {"category", "name",  "pid",        "parentPid",
                                        "appPid",   "title", "windows",    "processes",
                                        "image",    "path",  "description"};
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
  f[4] = number_field(a->app_pid, a->app_pid != 0);
  f[5] = text_field(a->title);
  f[6] = number_field(count_value(a->window_count), 1);
  f[7] = number_field(count_value(a->process_count), 1);
  f[8] = text_field(a->image);
  f[9] = text_field(a->path);
  f[10] = text_field(a->description);
}

/* Appends a CSV text field, defused for spreadsheets when excel is set. */
static void csv_text(la_buffer *b, const char *s, int excel) {
  size_t len = strlen(s);

  if (excel && la_csv_looks_like_formula(s, len)) {
    /* The quote goes inside the field, so quote the whole as one piece of text. */
    la_buffer prefixed = {NULL, 0, 0, 0};
    la_buffer_append_char(&prefixed, '\'');
    la_buffer_append(&prefixed, s, len);
    if (prefixed.err != 0) {
      b->err = prefixed.err;
    } else {
      la_csv_append_field(b, prefixed.data, prefixed.len);
    }
    la_buffer_free(&prefixed);
    return;
  }
  la_csv_append_field(b, s, len);
}

/* Writes one record: a CSV line, or a JSON object with the given keys. */
static void write_record(la_buffer *b, const field *f, const char *const *keys, size_t count,
                         int json, int excel) {
  size_t c;

  if (json) la_buffer_append_char(b, '{');
  for (c = 0; c < count; c++) {
    if (c > 0) la_buffer_append_char(b, ',');
    if (json) {
      la_buffer_append_char(b, '"');
      la_buffer_append_str(b, keys[c]);
      la_buffer_append(b, "\":", 2);
    }
    if (!f[c].known) {
      if (json) la_buffer_append(b, "null", 4);
    } else if (f[c].is_number) {
      la_buffer_append_ulong(b, f[c].number);
    } else if (json) {
      la_json_append_string(b, f[c].text, strlen(f[c].text));
    } else {
      csv_text(b, f[c].text, excel);
    }
  }
  la_buffer_append_str(b, json ? "}" : "\r\n");
}

static void write_csv(la_buffer *b, const listapps_list *list, unsigned int flags) {
  int excel = (flags & LISTAPPS_FORMAT_EXCEL) != 0;
  size_t i;
  size_t c;

  if (excel) la_buffer_append_str(b, "\xEF\xBB\xBF");
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
    write_record(b, f, json_keys, COLUMN_COUNT, 0, excel);
  }
}

static void write_json(la_buffer *b, const listapps_list *list) {
  size_t i;

  la_buffer_append_char(b, '[');
  for (i = 0; i < list->count; i++) {
    field f[COLUMN_COUNT];
    row_fields(&list->apps[i], f);
    la_buffer_append_str(b, i == 0 ? "\n  " : ",\n  ");
    write_record(b, f, json_keys, COLUMN_COUNT, 1, 0);
  }
  la_buffer_append_str(b, list->count == 0 ? "]\n" : "\n]\n");
}

/* "0x" and up to 16 upper-case hexadecimal digits: a window handle as Spy++ shows it. */
#define HEX_TEXT_SIZE 19
static void hex_text(unsigned long long value, char out[HEX_TEXT_SIZE]) {
  static const char digits[] = "0123456789ABCDEF";
  char tmp[16];
  size_t n = 0;
  size_t i;

  do {
    tmp[n++] = digits[value & 0xFu];
    value >>= 4;
  } while (value != 0);
  out[0] = '0';
  out[1] = 'x';
  for (i = 0; i < n; i++) out[2 + i] = tmp[n - 1 - i];
  out[2 + n] = '\0';
}

static size_t pid_width(unsigned long pid) {
  size_t w = 1;
  while (pid >= 10) {
    pid /= 10;
    w++;
  }
  return w;
}

static size_t max_size(size_t a, size_t b) {
  return a > b ? a : b;
}

static int is_group_member(const listapps_app *a) {
  return a->category == LISTAPPS_CATEGORY_APP && a->app_pid != a->pid;
}

/* The Name cell: a group member indented under its App; an App of several processes named
 * "Name (N)" as Task Manager does. Writes it when b is not NULL; returns its width. */
static size_t name_cell(la_buffer *b, const listapps_app *a) {
  const char *name = a->name != NULL ? a->name : "";
  size_t width = 0;

  if (is_group_member(a)) {
    if (b != NULL) la_buffer_append(b, "  ", 2);
    width += 2;
  }
  width += b != NULL ? la_table_append_cell(b, name, strlen(name))
                     : la_table_cell_width(name, strlen(name));
  if (a->category == LISTAPPS_CATEGORY_APP && !is_group_member(a) && a->process_count > 1) {
    unsigned long n = count_value(a->process_count);
    if (b != NULL) {
      la_buffer_append(b, " (", 2);
      la_buffer_append_ulong(b, n);
      la_buffer_append_char(b, ')');
    }
    width += 3 + pid_width(n);
  }
  return width;
}

typedef struct table_layout {
  size_t name_w;
  size_t pid_w;
  int header;
} table_layout;

static void table_header(la_buffer *b, const table_layout *t) {
  la_buffer_append_str(b, "Name");
  la_buffer_append_repeat(b, ' ', t->name_w - 4 + 2 + t->pid_w - 3);
  la_buffer_append_str(b, "PID  Title\n");
}

static void table_row(la_buffer *b, const table_layout *t, const listapps_app *a) {
  size_t w = name_cell(b, a);

  la_buffer_append_repeat(b, ' ', t->name_w - w + 2 + t->pid_w - pid_width(a->pid));
  la_buffer_append_ulong(b, a->pid);
  if (a->title != NULL) {
    la_buffer_append(b, "  ", 2);
    la_table_append_cell(b, a->title, strlen(a->title));
  }
  la_buffer_append_char(b, '\n');
}

/* Each App's windows beneath it: handle, title and class. */
static void table_windows(la_buffer *b, const listapps_app *a) {
  size_t i;

  for (i = 0; a->windows != NULL && i < a->window_count; i++) {
    const listapps_window *w = &a->windows[i];
    char hwnd[HEX_TEXT_SIZE];

    hex_text(w->hwnd, hwnd);
    la_buffer_append(b, "    ", 4);
    la_buffer_append_str(b, hwnd);
    la_buffer_append(b, "  ", 2);
    la_table_append_cell(b, w->title, strlen(w->title));
    if (w->class_name != NULL) {
      la_buffer_append(b, "  [", 3);
      la_table_append_cell(b, w->class_name, strlen(w->class_name));
      la_buffer_append_char(b, ']');
    }
    la_buffer_append_char(b, '\n');
  }
}

static const char *const section_titles[] = {"Apps", "Background processes", "Windows processes"};

/* Name, PID and Title; Name padded to its widest cell, PID right-aligned, Title last so it
 * needs no padding and is never cut. A LISTAPPS_LIST_ALL list comes in Task Manager's three
 * sections. */
static void write_table(la_buffer *b, const listapps_list *list, unsigned int flags) {
  table_layout t;
  int sections = (list->flags & LISTAPPS_LIST_ALL) != 0;
  int section;
  size_t i;

  t.header = (flags & LISTAPPS_FORMAT_NO_HEADER) == 0;
  t.name_w = t.header ? 4 : 0;
  t.pid_w = t.header ? 3 : 0;
  for (i = 0; i < list->count; i++) {
    t.name_w = max_size(t.name_w, name_cell(NULL, &list->apps[i]));
    t.pid_w = max_size(t.pid_w, pid_width(list->apps[i].pid));
  }
  if (!sections) {
    if (t.header) table_header(b, &t);
    for (i = 0; i < list->count; i++) {
      table_row(b, &t, &list->apps[i]);
      if (flags & LISTAPPS_FORMAT_WINDOWS) table_windows(b, &list->apps[i]);
    }
    return;
  }
  for (section = LISTAPPS_CATEGORY_APP; section <= LISTAPPS_CATEGORY_WINDOWS; section++) {
    size_t in_section = 0;

    /* Like Task Manager, "Apps (N)" counts the Apps, not the processes in their groups. */
    for (i = 0; i < list->count; i++)
      in_section += list->apps[i].category == section && !is_group_member(&list->apps[i]);
    if (section != LISTAPPS_CATEGORY_APP) la_buffer_append_char(b, '\n');
    la_buffer_append_str(b, section_titles[section]);
    la_buffer_append(b, " (", 2);
    la_buffer_append_ulong(b, count_value(in_section));
    la_buffer_append(b, ")\n", 2);
    if (t.header && in_section > 0) table_header(b, &t);
    for (i = 0; i < list->count; i++) {
      if (list->apps[i].category != section) continue;
      table_row(b, &t, &list->apps[i]);
      if (flags & LISTAPPS_FORMAT_WINDOWS) table_windows(b, &list->apps[i]);
    }
  }
}

static const char *const window_columns[] = {"PID",  "HWND",  "Title", "Class",
                                             "Name", "Image", "Path"};
static const char *const window_keys[] = {"pid", "hwnd", "title", "class", "name", "image", "path"};
#define WINDOW_COLUMN_COUNT (sizeof window_columns / sizeof window_columns[0])

/* One row per window: CSV or JSON. */
static void write_windows(la_buffer *b, const listapps_list *list, int json, unsigned int flags) {
  int excel = !json && (flags & LISTAPPS_FORMAT_EXCEL) != 0;
  int first = 1;
  size_t i;
  size_t k;
  size_t c;

  if (excel) la_buffer_append_str(b, "\xEF\xBB\xBF");
  if (json) {
    la_buffer_append_char(b, '[');
  } else if ((flags & LISTAPPS_FORMAT_NO_HEADER) == 0) {
    for (c = 0; c < WINDOW_COLUMN_COUNT; c++) {
      if (c > 0) la_buffer_append_char(b, ',');
      la_buffer_append_str(b, window_columns[c]);
    }
    la_buffer_append(b, "\r\n", 2);
  }
  for (i = 0; i < list->count; i++) {
    const listapps_app *a = &list->apps[i];
    for (k = 0; a->windows != NULL && k < a->window_count; k++) {
      const listapps_window *w = &a->windows[k];
      char hwnd[HEX_TEXT_SIZE];
      field f[WINDOW_COLUMN_COUNT];

      hex_text(w->hwnd, hwnd);
      f[0] = number_field(a->pid, 1);
      f[1] = text_field(hwnd);
      f[2] = text_field(w->title);
      f[3] = text_field(w->class_name);
      f[4] = text_field(a->name != NULL ? a->name : "");
      f[5] = text_field(a->image);
      f[6] = text_field(a->path);
      if (json) la_buffer_append_str(b, first ? "\n  " : ",\n  ");
      write_record(b, f, window_keys, WINDOW_COLUMN_COUNT, json, excel);
      first = 0;
    }
  }
  if (json) la_buffer_append_str(b, first ? "]\n" : "\n]\n");
}

int listapps_format(const listapps_list *list, int format, unsigned int flags, char **out,
                    size_t *out_len) {
  la_buffer b = {NULL, 0, 0, 0};
  listapps_list empty = {NULL, 0, 0};

  if (out != NULL) *out = NULL;
  if (out_len != NULL) *out_len = 0;
  if (out == NULL ||
      (flags & ~(LISTAPPS_FORMAT_NO_HEADER | LISTAPPS_FORMAT_WINDOWS | LISTAPPS_FORMAT_EXCEL)) != 0)
    return LISTAPPS_EINVAL;
  if ((flags & LISTAPPS_FORMAT_EXCEL) && format != LISTAPPS_FORMAT_CSV) return LISTAPPS_EINVAL;
  if (list == NULL) return LISTAPPS_EINVAL;
  if (list->count > 0 && list->apps == NULL) return LISTAPPS_EINVAL;
  if (list->count == 0) {
    /* An empty list keeps its flags: an empty --all listing still has its three sections. */
    empty.flags = list->flags;
    list = &empty;
  }
  if (format != LISTAPPS_FORMAT_TABLE && format != LISTAPPS_FORMAT_CSV &&
      format != LISTAPPS_FORMAT_JSON)
    return LISTAPPS_EINVAL;
  if (format == LISTAPPS_FORMAT_TABLE)
    write_table(&b, list, flags);
  else if (flags & LISTAPPS_FORMAT_WINDOWS)
    write_windows(&b, list, format == LISTAPPS_FORMAT_JSON, flags);
  else if (format == LISTAPPS_FORMAT_CSV)
    write_csv(&b, list, flags);
  else
    write_json(&b, list);
  return la_buffer_finish(&b, out, out_len);
}

void listapps_free_text(char *text) {
  free(text);
}
