/*
 * The table for people: the chosen columns sized to their content, numbers right-aligned, the
 * last column unpadded so it is never cut, control characters escaped. With LISTAPPS_LIST_ALL,
 * Task Manager's three sections; with LISTAPPS_WRITE_WINDOWS, each App's windows beneath it.
 * The one writer that measures every row before it writes the first. Pure C.
 */
#include <string.h>

#include "core/field_registry.h"
#include "output/text_escape.h"
#include "output/writer.h"

#define MAX_COLUMNS LA_MAX_COLUMNS

typedef struct table_layout {
  const la_write_spec *spec;
  size_t width[MAX_COLUMNS];
  int header;
} table_layout;

static size_t digits_of(unsigned long long n) {
  size_t w = 1;
  while (n >= 10) {
    n /= 10;
    w++;
  }
  return w;
}

static int is_numeric(int field) {
  return la_field_def_of(field)->info.type != LISTAPPS_TYPE_STRING;
}

/* Task Manager's memory units: MB of 1,048,576 bytes, one decimal. */
static void append_megabytes(la_buffer *b, unsigned long long bytes) {
  unsigned long long tenths = (bytes * 10 + 524288) / 1048576;

  if (bytes > (unsigned long long)-1 / 10) tenths = bytes / 1048576 * 10;
  la_append_tenths(b, (long long)tenths);
  la_buffer_append(b, " MB", 3);
}

/* Writes a number cell into b when b is not NULL; returns its width. Memory in MB, CPU with a
 * percent sign, booleans as Yes/No, times in ISO 8601, other numbers in decimal. */
static size_t number_cell(la_buffer *b, int type, const la_cell *c) {
  la_buffer text = {0};
  size_t width;

  if (type == LISTAPPS_TYPE_BYTES) {
    append_megabytes(&text, (unsigned long long)c->number);
  } else if (type == LISTAPPS_TYPE_PERCENT) {
    la_append_tenths(&text, c->number);
    la_buffer_append_char(&text, '%');
  } else if (type == LISTAPPS_TYPE_BOOLEAN) {
    la_buffer_append_str(&text, c->number != 0 ? "Yes" : "No");
  } else if (type == LISTAPPS_TYPE_TIME) {
    la_append_time(&text, c->number);
  } else {
    la_buffer_append_ull(&text, (unsigned long long)c->number);
  }
  width = text.len;
  if (b != NULL) la_buffer_append(b, text.data != NULL ? text.data : "", text.len);
  la_buffer_free(&text);
  return width;
}

/* The Name cell: a group member indented under its App; an App of several processes named
 * "Name (N)" as Task Manager does. */
static size_t name_cell(la_buffer *b, const la_row *r, const la_cell *c) {
  const char *name = c->state == LISTAPPS_VALUE_PRESENT ? c->text : "";
  unsigned long long processes = (unsigned long long)r->values[LISTAPPS_FIELD_PROCESSES].number;
  size_t width = 0;

  if (la_row_is_group_member(r)) {
    if (b != NULL) la_buffer_append(b, "  ", 2);
    width += 2;
  }
  width += b != NULL ? la_table_append_cell(b, name, strlen(name))
                     : la_table_cell_width(name, strlen(name));
  if (r->values[LISTAPPS_FIELD_CATEGORY].number == LISTAPPS_CATEGORY_APP &&
      !la_row_is_group_member(r) && processes > 1) {
    if (b != NULL) {
      la_buffer_append(b, " (", 2);
      la_buffer_append_ull(b, processes);
      la_buffer_append_char(b, ')');
    }
    width += 3 + digits_of(processes);
  }
  return width;
}

/* Writes (b not NULL) or measures one cell; an unavailable value is blank. */
static size_t cell(la_buffer *b, const la_row *r, int field) {
  la_cell c = la_cell_of(r, NULL, field);

  if (field == LISTAPPS_FIELD_NAME) return name_cell(b, r, &c);
  if (c.state != LISTAPPS_VALUE_PRESENT) return 0;
  if (is_numeric(field)) return number_cell(b, la_field_def_of(field)->info.type, &c);
  return b != NULL ? la_table_append_cell(b, c.text, strlen(c.text))
                   : la_table_cell_width(c.text, strlen(c.text));
}

static int cell_present(const la_row *r, int field) {
  return field == LISTAPPS_FIELD_NAME || la_cell_of(r, NULL, field).state == LISTAPPS_VALUE_PRESENT;
}

static void pad(la_buffer *b, size_t width, size_t used) {
  if (width > used) la_buffer_append_repeat(b, ' ', width - used);
}

static void table_header(la_buffer *b, const table_layout *t) {
  size_t c;

  for (c = 0; c < t->spec->field_count; c++) {
    const char *h = la_field_def_of(t->spec->fields[c])->info.header;
    size_t w = strlen(h);
    int last = c + 1 == t->spec->field_count;

    if (c > 0) la_buffer_append(b, "  ", 2);
    if (is_numeric(t->spec->fields[c])) pad(b, t->width[c], w);
    la_buffer_append_str(b, h);
    if (!last && !is_numeric(t->spec->fields[c])) pad(b, t->width[c], w);
  }
  la_buffer_append_char(b, '\n');
}

/* One row: the line ends where only unavailable cells are left. */
static void table_row(la_buffer *b, const table_layout *t, const la_row *r) {
  size_t end = t->spec->field_count;
  size_t c;

  while (end > 1 && !cell_present(r, t->spec->fields[end - 1])) end--;
  for (c = 0; c < end; c++) {
    int field = t->spec->fields[c];
    int last = c + 1 == t->spec->field_count;

    if (c > 0) la_buffer_append(b, "  ", 2);
    if (is_numeric(field)) {
      pad(b, t->width[c], cell(NULL, r, field));
      cell(b, r, field);
    } else {
      size_t w = cell(b, r, field);
      if (!last) pad(b, t->width[c], w);
    }
  }
  la_buffer_append_char(b, '\n');
}

/* Each App's windows beneath it: handle, title and class. */
static void table_windows(la_buffer *b, const la_row *r) {
  size_t i;

  for (i = 0; r->windows != NULL && i < r->window_count; i++) {
    const la_window *w = &r->windows[i];

    la_buffer_append(b, "    0x", 6);
    la_buffer_append_hex(b, (unsigned long long)w->hwnd, 1, 1);
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

static void write_rows_of(const la_rows *rows, const table_layout *t, la_out *o, int section) {
  size_t i;

  for (i = 0; i < rows->count && o->err == 0; i++) {
    const la_row *r = &rows->items[i];
    if (section >= 0 && r->values[LISTAPPS_FIELD_CATEGORY].number != section) continue;
    table_row(&o->buf, t, r);
    if (t->spec->flags & LISTAPPS_WRITE_WINDOWS) table_windows(&o->buf, r);
    la_out_flush(o, LA_FLUSH_BYTES);
  }
}

static const char *const section_titles[] = {"Apps", "Background processes", "Windows processes"};

void la_write_table(const la_rows *rows, const la_write_spec *spec, la_out *o) {
  table_layout t;
  int sections = (rows->flags & LISTAPPS_LIST_ALL) != 0;
  int section;
  size_t i;
  size_t c;

  memset(&t, 0, sizeof t);
  t.spec = spec;
  t.header = (spec->flags & LISTAPPS_WRITE_NO_HEADER) == 0;
  for (c = 0; c < spec->field_count && c < MAX_COLUMNS; c++) {
    t.width[c] = t.header ? strlen(la_field_def_of(spec->fields[c])->info.header) : 0;
    for (i = 0; i < rows->count; i++) {
      size_t w = cell(NULL, &rows->items[i], spec->fields[c]);
      if (w > t.width[c]) t.width[c] = w;
    }
  }
  if (!sections) {
    if (t.header) table_header(&o->buf, &t);
    write_rows_of(rows, &t, o, -1);
    return;
  }
  for (section = LISTAPPS_CATEGORY_APP; section <= LISTAPPS_CATEGORY_WINDOWS; section++) {
    size_t in_section = 0;

    /* Like Task Manager, "Apps (N)" counts the Apps, not the processes in their groups. */
    for (i = 0; i < rows->count; i++)
      in_section += rows->items[i].values[LISTAPPS_FIELD_CATEGORY].number == section &&
                    !la_row_is_group_member(&rows->items[i]);
    if (section != LISTAPPS_CATEGORY_APP) la_buffer_append_char(&o->buf, '\n');
    la_buffer_append_str(&o->buf, section_titles[section]);
    la_buffer_append(&o->buf, " (", 2);
    la_buffer_append_ull(&o->buf, in_section);
    la_buffer_append(&o->buf, ")\n", 2);
    if (t.header && in_section > 0) table_header(&o->buf, &t);
    write_rows_of(rows, &t, o, section);
  }
}
