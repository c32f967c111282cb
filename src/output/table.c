/*
 * The table for people: the chosen columns sized to their content, numbers right-aligned, the
 * last column unpadded so it is never cut, each value as the value renderer's LA_STYLE_TABLE
 * writes it (control characters escaped). With LISTAPPS_LIST_ALL, Task Manager's three
 * sections; with LISTAPPS_WRITE_WINDOWS, each App's windows beneath it. The one writer that
 * measures every row before it writes the first. Pure C.
 */
#include <string.h>

#include "core/field_registry.h"
#include "core/utf.h"
#include "output/text_escape.h"
#include "output/value_render.h"
#include "output/writer.h"

#define MAX_COLUMNS LA_MAX_COLUMNS
/* The widest a padded column grows, in terminal columns: a longer cell (a name of 65,535
 * characters, say) is cut there with an ellipsis, so one row cannot pad every other row to its
 * width. The last column is never padded, so never cut. */
#define MAX_CELL_WIDTH 100u

typedef struct table_layout {
  const la_write_spec *spec;
  size_t width[MAX_COLUMNS];
  int header;
} table_layout;

static int is_numeric(int field) {
  return la_field_def_of(field)->info.type != LISTAPPS_TYPE_STRING;
}

/* The Name cell: a group member indented under its App; an App of several processes named
 * "Name (N)" as Task Manager does. */
static size_t name_cell(la_buffer *b, const la_row *r, const la_cell *c) {
  la_cell processes = la_cell_of(r, NULL, LISTAPPS_FIELD_PROCESSES);
  size_t width = 0;

  if (la_row_is_group_member(r)) {
    if (b != NULL) la_buffer_append(b, "  ", 2);
    width += 2;
  }
  /* An unavailable Name is blank, as any other cell. */
  width += la_render_value(b, c, LISTAPPS_FIELD_NAME, LA_STYLE_TABLE);
  if (r->values[LISTAPPS_FIELD_CATEGORY].number == LISTAPPS_CATEGORY_APP &&
      !la_row_is_group_member(r) && processes.state == LISTAPPS_VALUE_PRESENT &&
      (unsigned long long)processes.number > 1) {
    if (b != NULL) la_buffer_append(b, " (", 2);
    width += 3 + la_render_value(b, &processes, LISTAPPS_FIELD_PROCESSES, LA_STYLE_TABLE);
    if (b != NULL) la_buffer_append_char(b, ')');
  }
  return width;
}

/* Writes (b not NULL) or measures one cell; an unavailable value is blank. */
static size_t cell(la_buffer *b, const la_row *r, int field) {
  la_cell c = la_cell_of(r, NULL, field);

  if (field == LISTAPPS_FIELD_NAME) return name_cell(b, r, &c);
  return la_render_value(b, &c, field, LA_STYLE_TABLE);
}

/* Writes one cell cut to max columns: what fits of it in max - 1 columns, then "…". Returns
 * the columns written. The rendered cell holds no control character (escaped), so each code
 * point takes la_display_width columns. */
static size_t cut_cell(la_buffer *b, const la_row *r, int field, size_t max) {
  la_buffer whole = {0};
  size_t at = 0;
  size_t used = 0;

  cell(&whole, r, field);
  while (at < whole.len) {
    uint32_t cp;
    size_t n = la_utf8_decode(whole.data + at, whole.len - at, &cp);
    size_t w = la_display_width(cp);
    if (used + w > max - 1) break;
    la_buffer_append(b, whole.data + at, n);
    at += n;
    used += w;
  }
  la_buffer_free(&whole);
  la_buffer_append_str(b, "\xE2\x80\xA6"); /* … */
  return used + 1;
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
    } else if (!last && cell(NULL, r, field) > t->width[c]) {
      pad(b, t->width[c], cut_cell(b, r, field, t->width[c]));
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
    la_cell handle = la_cell_of(r, w, LISTAPPS_FIELD_HWND);
    la_cell title = la_cell_of(r, w, LISTAPPS_FIELD_TITLE);
    la_cell class_name = la_cell_of(r, w, LISTAPPS_FIELD_CLASS);

    la_buffer_append(b, "    ", 4);
    la_render_value(b, &handle, LISTAPPS_FIELD_HWND, LA_STYLE_TABLE);
    la_buffer_append(b, "  ", 2);
    la_render_value(b, &title, LISTAPPS_FIELD_TITLE, LA_STYLE_TABLE);
    if (class_name.state == LISTAPPS_VALUE_PRESENT) {
      la_buffer_append(b, "  [", 3);
      la_render_value(b, &class_name, LISTAPPS_FIELD_CLASS, LA_STYLE_TABLE);
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
    if (c + 1 < spec->field_count && t.width[c] > MAX_CELL_WIDTH && !is_numeric(spec->fields[c]))
      t.width[c] = MAX_CELL_WIDTH;
  }
  if (!sections) {
    if (t.header) table_header(&o->buf, &t);
    write_rows_of(rows, &t, o, -1);
    return;
  }
  for (section = LISTAPPS_CATEGORY_APP; section <= LISTAPPS_CATEGORY_WINDOWS; section++) {
    size_t in_section = 0;
    la_cell count;

    /* Like Task Manager, "Apps (N)" counts the Apps, not the processes in their groups. */
    for (i = 0; i < rows->count; i++)
      in_section += rows->items[i].values[LISTAPPS_FIELD_CATEGORY].number == section &&
                    !la_row_is_group_member(&rows->items[i]);
    if (section != LISTAPPS_CATEGORY_APP) la_buffer_append_char(&o->buf, '\n');
    la_buffer_append_str(&o->buf, section_titles[section]);
    la_buffer_append(&o->buf, " (", 2);
    count = la_number_cell((long long)in_section);
    la_render_typed(&o->buf, &count, LISTAPPS_TYPE_INTEGER, LA_STYLE_TABLE);
    la_buffer_append(&o->buf, ")\n", 2);
    if (t.header && in_section > 0) table_header(&o->buf, &t);
    write_rows_of(rows, &t, o, section);
  }
}
