/*
 * fuzz_table - the table writer over rows of arbitrary names, titles and windows: the 1.0 call
 * listapps_format over a fuzzed listapps_list (see fuzz_list.h) and the 2.0 streaming writer
 * (la_write_rows, listapps_write) over the same rows as la_rows (see fuzz_rows.h), for Apps
 * lists and LISTAPPS_LIST_ALL lists, with LISTAPPS_FORMAT_NO_HEADER and LISTAPPS_FORMAT_WINDOWS
 * each on and off, with the default columns and with a fuzzed column list.
 *
 * Properties:
 *  - the text is valid UTF-8 and writes no control character raw: no C0 byte but '\n', no
 *    DEL, no C1 control (U+0080-U+009F), no bidi embedding, override, isolate or mark
 *    (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), no U+2028/U+2029;
 *  - it has one line per row plus the header's (and the windows' and sections' lines);
 *  - 1.0: each row's line is exactly: the Name column padded to the widest, two spaces, the
 *    PID right-aligned to the widest PID, and when there is a title two spaces and its cell. A
 *    cell is the text with each invalid UTF-8 byte as U+FFFD and each code point above shown as
 *    \xHH (below U+0100) or \uHHHH; widths count an escape's characters and la_display_width
 *    for the rest. So the columns line up and nothing is cut;
 *  - 2.0 with 1.0's columns (Name, PID, Title): byte for byte listapps_format's table;
 *  - 2.0 with fields: the same layout over those columns: each sized to the widest of its
 *    header (the registry's) and its cells, two spaces between, numbers right-aligned, text
 *    left-aligned, an unavailable value blank; lines compared without their trailing spaces
 *    (where a line stops once only blanks are left is not part of the layout);
 *  - streaming: a sink that refuses at any byte count makes listapps_write return
 *    LISTAPPS_EWRITE and is not called again; what it got is the start of the text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "fuzz_list.h"
#include "fuzz_rows.h"
#include "listapps.h"
#include "core/utf.h"
#include "output/text_escape.h"

/* What the table must never write raw. */
static int must_escape(uint32_t cp) {
  return (cp < 0x20 && cp != '\n') || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C || cp == 0x2028 || cp == 0x2029;
}

static void model_spaces(fuzz_text *m, size_t n) {
  while (n-- > 0) fuzz_text_add(m, " ", 1);
}

/* The widest a padded column grows; a wider cell is cut to MAX_CELL_WIDTH - 1 columns and an
 * ellipsis (the last column is never padded, never cut). */
#define MAX_CELL_WIDTH 100u

/* Appends to m what of the written cell cell[0..len) fits in max - 1 columns, then "…";
 * returns the columns appended. The written cell holds escapes, not controls. */
static size_t model_cut(fuzz_text *m, const char *cell, size_t len, size_t max) {
  size_t at = 0;
  size_t used = 0;

  while (at < len) {
    uint32_t cp;
    size_t n = la_utf8_decode(cell + at, len - at, &cp);
    unsigned w = la_display_width(cp);
    if (used + w > max - 1) break;
    fuzz_text_add(m, cell + at, n);
    at += n;
    used += w;
  }
  fuzz_text_add(m, "\xE2\x80\xA6", 3);
  return used + 1;
}

/* Appends the cell for s (to m when it is not NULL) and returns its width in columns. '\n' is
 * escaped in a cell too: a title must not start a line of its own. */
static size_t model_cell(fuzz_text *m, const char *s) {
  const uint8_t *u = (const uint8_t *)s;
  size_t len = strlen(s);
  size_t width = 0;
  size_t i = 0;

  while (i < len) {
    uint32_t cp = 0xFFFD;
    size_t n = fuzz_utf8_strict(u + i, len - i, &cp);
    char esc[8];

    if (n == 0) {
      n = 1;
      cp = 0xFFFD;
    }
    if (must_escape(cp) || cp == '\n') {
      int k = snprintf(esc, sizeof esc, cp < 0x100 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
      if (m != NULL) fuzz_text_add(m, esc, (size_t)k);
      width += (size_t)k;
    } else {
      uint8_t utf8[4];
      unsigned w = la_display_width(cp);
      FUZZ_CHECK(w <= 2, "la_display_width(U+%04X) = %u", (unsigned)cp, w);
      if (m != NULL) fuzz_text_add(m, utf8, fuzz_utf8_put(cp, utf8));
      width += w;
    }
    i += n;
  }
  return width;
}

static size_t digits(unsigned long v) {
  size_t n = 1;
  while (v >= 10) {
    v /= 10;
    n++;
  }
  return n;
}

/* A member of an App's group: an App-category row whose app_pid names another process. An
 * app_pid of 0 is "in no App's group" (listapps.h), so such a row is not a member, whatever its
 * category: the library never makes that contradiction, and 2.0 reads it as the header says. */
static int is_member(const listapps_app *a) {
  return a->category == LISTAPPS_CATEGORY_APP && a->app_pid != 0 && a->app_pid != a->pid;
}

/* The Name column: a member of an App's group indented under it, an App of several processes
 * as "Name (N)". Appended to m when it is not NULL; returns its width. */
static size_t name_column(fuzz_text *m, const listapps_app *a) {
  size_t width = 0;
  char num[32];

  if (is_member(a)) {
    if (m != NULL) fuzz_text_add(m, "  ", 2);
    width += 2;
  }
  width += model_cell(m, a->name != NULL ? a->name : "");
  if (a->category == LISTAPPS_CATEGORY_APP && !is_member(a) && a->process_count > 1) {
    int k = snprintf(num, sizeof num, " (%zu)", a->process_count);
    if (m != NULL) fuzz_text_add(m, num, (size_t)k);
    width += (size_t)k;
  }
  return width;
}

typedef struct layout {
  size_t name_w;
  size_t pid_w;
  int header;
  int windows;
} layout;

static void model_header(fuzz_text *m, const layout *t) {
  fuzz_text_add(m, "Name", 4);
  model_spaces(m, t->name_w - 4 + 2 + t->pid_w - 3);
  fuzz_text_add(m, "PID  Title\n", 11);
}

static void model_row(fuzz_text *m, const layout *t, const listapps_app *a) {
  size_t w = name_column(NULL, a);
  char num[32];
  int k = snprintf(num, sizeof num, "%lu", a->pid);
  size_t i;

  if (w > t->name_w) {
    fuzz_text whole = {0};
    name_column(&whole, a);
    w = model_cut(m, whole.data != NULL ? whole.data : "", whole.len, t->name_w);
    free(whole.data);
  } else {
    name_column(m, a);
  }
  model_spaces(m, t->name_w - w + 2 + t->pid_w - (size_t)k);
  fuzz_text_add(m, num, (size_t)k);
  if (a->title != NULL) {
    fuzz_text_add(m, "  ", 2);
    model_cell(m, a->title);
  }
  fuzz_text_add(m, "\n", 1);
  for (i = 0; t->windows && a->windows != NULL && i < a->window_count; i++) {
    const listapps_window *win = &a->windows[i];
    char hwnd[24];
    fuzz_hwnd_text(win->hwnd, hwnd);
    fuzz_text_add(m, "    ", 4);
    fuzz_text_add_str(m, hwnd);
    fuzz_text_add(m, "  ", 2);
    model_cell(m, win->title);
    if (win->class_name != NULL) {
      fuzz_text_add(m, "  [", 3);
      model_cell(m, win->class_name);
      fuzz_text_add(m, "]", 1);
    }
    fuzz_text_add(m, "\n", 1);
  }
}

/* The documented layout. A LISTAPPS_LIST_ALL list comes in three sections, "Apps (N)",
 * "Background processes (N)" and "Windows processes (N)", a blank line between them, each with
 * the header when N > 0; the columns are sized over all rows. */
static void build_model(fuzz_text *m, const listapps_list *list, unsigned flags) {
  static const char *const sections[] = {"Apps", "Background processes", "Windows processes"};
  layout t;
  size_t i;
  int s;

  t.header = (flags & LISTAPPS_FORMAT_NO_HEADER) == 0;
  t.windows = (flags & LISTAPPS_FORMAT_WINDOWS) != 0;
  t.name_w = t.header ? 4 : 0;
  t.pid_w = t.header ? 3 : 0;
  for (i = 0; i < list->count; i++) {
    size_t w = name_column(NULL, &list->apps[i]);
    if (w > t.name_w) t.name_w = w;
    if (digits(list->apps[i].pid) > t.pid_w) t.pid_w = digits(list->apps[i].pid);
  }
  if (t.name_w > MAX_CELL_WIDTH) t.name_w = MAX_CELL_WIDTH;
  if ((list->flags & LISTAPPS_LIST_ALL) == 0) {
    if (t.header) model_header(m, &t);
    for (i = 0; i < list->count; i++) model_row(m, &t, &list->apps[i]);
    return;
  }
  for (s = 0; s < 3; s++) {
    size_t n = 0;
    char title[64];
    /* Like Task Manager, "Apps (N)" counts the Apps, not the other processes of their groups. */
    for (i = 0; i < list->count; i++)
      n += list->apps[i].category == s && !is_member(&list->apps[i]);
    snprintf(title, sizeof title, "%s%s (%zu)\n", s > 0 ? "\n" : "", sections[s], n);
    fuzz_text_add_str(m, title);
    if (t.header && n > 0) model_header(m, &t);
    for (i = 0; i < list->count; i++)
      if (list->apps[i].category == s) model_row(m, &t, &list->apps[i]);
  }
}

/* Lines the table must have: a header and a line per row (plus, with LISTAPPS_FORMAT_WINDOWS,
 * a line per window); for a LISTAPPS_LIST_ALL list, per section a title, a header when it has
 * Apps (or other rows), and a blank line between sections. A row of no known category is in no
 * section. */
static size_t expected_lines(const listapps_list *list, unsigned flags) {
  int header = (flags & LISTAPPS_FORMAT_NO_HEADER) == 0;
  int sections = (list->flags & LISTAPPS_LIST_ALL) != 0;
  size_t per_category[3] = {0, 0, 0};
  size_t lines = 0;
  size_t i;
  int s;

  for (i = 0; i < list->count; i++) {
    const listapps_app *a = &list->apps[i];
    size_t n = 1;
    if ((flags & LISTAPPS_FORMAT_WINDOWS) && a->windows != NULL) n += a->window_count;
    if (!sections) {
      lines += n;
    } else if (a->category >= 0 && a->category < 3) {
      per_category[a->category] += !is_member(a);
      lines += n;
    }
  }
  if (!sections) return lines + (size_t)header;
  for (s = 0; s < 3; s++) lines += 1 + (s > 0) + (size_t)(header && per_category[s] > 0);
  return lines;
}

/* What every table must be, whatever its columns: valid UTF-8, no raw control, lines ended. */
static void check_text(const char *text, size_t len, size_t want_lines, const char *what,
                       unsigned flags, unsigned list_flags) {
  size_t lines = 0;
  size_t i = 0;

  FUZZ_CHECK(fuzz_utf8_valid(text, len), "%s: table is not valid UTF-8", what);
  while (i < len) {
    uint32_t cp = 0;
    size_t n = fuzz_utf8_strict((const uint8_t *)text + i, len - i, &cp);
    FUZZ_CHECK(!must_escape(cp), "%s: raw U+%04X at byte %zu", what, (unsigned)cp, i);
    if (cp == '\n') lines++;
    i += n;
  }
  FUZZ_CHECK(len == 0 || text[len - 1] == '\n', "%s: last line not ended", what);
  FUZZ_CHECK(lines == want_lines, "%s: flags %u, list flags %u: %zu lines, expected %zu", what,
             flags, list_flags, lines, want_lines);
}

/* 1.0: listapps_format's table against its documented layout. Returns the text (NULL when
 * memory ran out) for the 2.0 writer to be compared with. */
static char *check_table(const listapps_list *list, unsigned flags, size_t *out_len) {
  fuzz_text m = {NULL, 0, 0, 0};
  char *text = NULL;
  size_t len = 0;
  int rc = listapps_format(list, LISTAPPS_FORMAT_TABLE, flags, &text, &len);

  if (rc == LISTAPPS_ENOMEM) return NULL;
  FUZZ_CHECK(rc == LISTAPPS_OK && text != NULL, "flags %u: %s", flags, listapps_strerror(rc));
  FUZZ_CHECK(strlen(text) == len, "strlen %zu, out_len %zu", strlen(text), len);
  check_text(text, len, expected_lines(list, flags), "listapps_format", flags, list->flags);

  build_model(&m, list, flags);
  if (!m.oom && m.len > 0) {
    FUZZ_CHECK(m.len == len && memcmp(m.data, text, len) == 0,
               "flags %u, list flags %u: table differs from its documented layout:\n%s"
               "--- expected:\n%s",
               flags, list->flags, text, m.data);
  } else if (!m.oom) {
    FUZZ_CHECK(len == 0, "table should be empty:\n%s", text);
  }
  free(m.data);
  *out_len = len;
  return text;
}

/* ---- 2.0: the table of la_rows, over any columns ------------------------------------------- */

static int row_category(const la_row *r) {
  return (int)r->values[LISTAPPS_FIELD_CATEGORY].number;
}

/* A member of an App's group: category App, and an AppPID that is there and not its own PID. */
static int row_is_member(const la_row *r) {
  const la_value *app = &r->values[LISTAPPS_FIELD_APP_PID];
  return row_category(r) == LISTAPPS_CATEGORY_APP && app->state == LISTAPPS_VALUE_PRESENT &&
         app->number != r->values[LISTAPPS_FIELD_PID].number;
}

static int field_is_number(int field) {
  return listapps_field_info_of(field)->type != LISTAPPS_TYPE_STRING;
}

/* Appends (m not NULL) and measures one cell of a row; an unavailable value is blank. The Name
 * is indented for a member of an App's group and "Name (N)" for an App of several processes. */
static size_t row_cell(fuzz_text *m, const la_row *r, int field) {
  const la_value *v = &r->values[field];
  char num[32];
  size_t width = 0;
  int k;

  if (field == LISTAPPS_FIELD_NAME) {
    unsigned long long processes = (unsigned long long)r->values[LISTAPPS_FIELD_PROCESSES].number;
    if (row_is_member(r)) {
      if (m != NULL) fuzz_text_add(m, "  ", 2);
      width += 2;
    }
    width += model_cell(m, v->state == LISTAPPS_VALUE_PRESENT ? v->text : "");
    if (row_category(r) == LISTAPPS_CATEGORY_APP && !row_is_member(r) && processes > 1) {
      k = snprintf(num, sizeof num, " (%llu)", processes);
      if (m != NULL) fuzz_text_add(m, num, (size_t)k);
      width += (size_t)k;
    }
    return width;
  }
  if (v->state != LISTAPPS_VALUE_PRESENT) return 0;
  if (!field_is_number(field)) return model_cell(m, v->text);
  k = snprintf(num, sizeof num, "%llu", (unsigned long long)v->number);
  if (m != NULL) fuzz_text_add(m, num, (size_t)k);
  return (size_t)k;
}

typedef struct row_layout {
  const int *fields;
  size_t count;
  size_t width[FUZZ_MAX_FIELDS];
  int header;
  int windows;
} row_layout;

static void model_row_header(fuzz_text *m, const row_layout *t) {
  size_t c;

  for (c = 0; c < t->count; c++) {
    const char *h = listapps_field_info_of(t->fields[c])->header;
    size_t w = strlen(h);
    if (c > 0) fuzz_text_add(m, "  ", 2);
    if (field_is_number(t->fields[c])) model_spaces(m, t->width[c] - w);
    fuzz_text_add_str(m, h);
    if (!field_is_number(t->fields[c])) model_spaces(m, t->width[c] - w);
  }
  fuzz_text_add(m, "\n", 1);
}

static void model_window_lines(fuzz_text *m, const la_row *r) {
  size_t i;

  for (i = 0; r->windows != NULL && i < r->window_count; i++) {
    const la_window *win = &r->windows[i];
    char hwnd[24];
    fuzz_hwnd_text((unsigned long long)win->hwnd, hwnd);
    fuzz_text_add(m, "    ", 4);
    fuzz_text_add_str(m, hwnd);
    fuzz_text_add(m, "  ", 2);
    model_cell(m, win->title);
    if (win->class_name != NULL) {
      fuzz_text_add(m, "  [", 3);
      model_cell(m, win->class_name);
      fuzz_text_add(m, "]", 1);
    }
    fuzz_text_add(m, "\n", 1);
  }
}

static void model_row_line(fuzz_text *m, const row_layout *t, const la_row *r) {
  size_t c;

  for (c = 0; c < t->count; c++) {
    int field = t->fields[c];
    if (c > 0) fuzz_text_add(m, "  ", 2);
    if (field_is_number(field)) {
      model_spaces(m, t->width[c] - row_cell(NULL, r, field));
      row_cell(m, r, field);
    } else if (c + 1 < t->count && row_cell(NULL, r, field) > t->width[c]) {
      fuzz_text whole = {0};
      row_cell(&whole, r, field);
      model_spaces(m, t->width[c] - model_cut(m, whole.data != NULL ? whole.data : "",
                                              whole.len, t->width[c]));
      free(whole.data);
    } else {
      model_spaces(m, t->width[c] - row_cell(m, r, field));
    }
  }
  fuzz_text_add(m, "\n", 1);
  if (t->windows) model_window_lines(m, r);
}

/* The documented layout over any columns, with trailing spaces (see check_rows_table). */
static void build_rows_model(fuzz_text *m, const la_rows *rows, const int *fields, size_t count,
                             unsigned flags) {
  static const char *const sections[] = {"Apps", "Background processes", "Windows processes"};
  row_layout t;
  size_t i;
  size_t c;
  int s;

  memset(&t, 0, sizeof t);
  t.fields = fields;
  t.count = count;
  t.header = (flags & LISTAPPS_FORMAT_NO_HEADER) == 0;
  t.windows = (flags & LISTAPPS_FORMAT_WINDOWS) != 0;
  for (c = 0; c < count; c++) {
    t.width[c] = t.header ? strlen(listapps_field_info_of(fields[c])->header) : 0;
    for (i = 0; i < rows->count; i++) {
      size_t w = row_cell(NULL, &rows->items[i], fields[c]);
      if (w > t.width[c]) t.width[c] = w;
    }
    if (c + 1 < count && t.width[c] > MAX_CELL_WIDTH && !field_is_number(fields[c]))
      t.width[c] = MAX_CELL_WIDTH;
  }
  if ((rows->flags & LISTAPPS_LIST_ALL) == 0) {
    if (t.header) model_row_header(m, &t);
    for (i = 0; i < rows->count; i++) model_row_line(m, &t, &rows->items[i]);
    return;
  }
  for (s = 0; s < 3; s++) {
    size_t n = 0;
    char title[64];
    for (i = 0; i < rows->count; i++)
      n += row_category(&rows->items[i]) == s && !row_is_member(&rows->items[i]);
    snprintf(title, sizeof title, "%s%s (%zu)\n", s > 0 ? "\n" : "", sections[s], n);
    fuzz_text_add_str(m, title);
    if (t.header && n > 0) model_row_header(m, &t);
    for (i = 0; i < rows->count; i++)
      if (row_category(&rows->items[i]) == s) model_row_line(m, &t, &rows->items[i]);
  }
}

/* As expected_lines, over rows. */
static size_t rows_expected_lines(const la_rows *rows, unsigned flags) {
  int header = (flags & LISTAPPS_FORMAT_NO_HEADER) == 0;
  int sections = (rows->flags & LISTAPPS_LIST_ALL) != 0;
  size_t per_category[3] = {0, 0, 0};
  size_t lines = 0;
  size_t i;
  int s;

  for (i = 0; i < rows->count; i++) {
    const la_row *r = &rows->items[i];
    size_t n = 1 + ((flags & LISTAPPS_FORMAT_WINDOWS) ? r->window_count : 0);
    int category = row_category(r);
    if (!sections) {
      lines += n;
    } else if (category >= 0 && category < 3) {
      per_category[category] += !row_is_member(r);
      lines += n;
    }
  }
  if (!sections) return lines + (size_t)header;
  for (s = 0; s < 3; s++) lines += 1 + (s > 0) + (size_t)(header && per_category[s] > 0);
  return lines;
}

/* text with the spaces before each '\n' removed, in place; returns the new length. */
static size_t strip_trailing_spaces(char *text, size_t len) {
  size_t out = 0;
  size_t spaces = 0;
  size_t i;

  for (i = 0; i < len; i++) {
    if (text[i] == ' ') {
      spaces++;
      continue;
    }
    if (text[i] != '\n') {
      memset(text + out, ' ', spaces);
      out += spaces;
    }
    spaces = 0;
    text[out++] = text[i];
  }
  memset(text + out, ' ', spaces);
  out += spaces;
  text[out] = '\0';
  return out;
}

/* 2.0: la_write_rows's table over the rows with the given columns (NULL: the defaults, which are
 * Name, PID and Title). Returns the text, or NULL when memory ran out. */
static char *check_rows_table(const la_rows *rows, const int *fields, size_t count, unsigned flags,
                              size_t *out_len) {
  static const int table_ids[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_PID, LISTAPPS_FIELD_TITLE};
  fuzz_text m = {NULL, 0, 0, 0};
  size_t len = 0;
  char *text = fuzz_write_rows(rows, LISTAPPS_FORMAT_TABLE, flags, fields, count, &len);
  char *copy = NULL;
  size_t stripped;
  size_t model_len;

  if (text == NULL) return NULL;
  check_text(text, len, rows_expected_lines(rows, flags), "la_write_rows", flags, rows->flags);
  build_rows_model(&m, rows, fields != NULL ? fields : table_ids, fields != NULL ? count : 3,
                   flags);
  copy = malloc(len + 1);
  if (m.oom || copy == NULL) goto done;
  memcpy(copy, text, len + 1);
  stripped = strip_trailing_spaces(copy, len);
  model_len = m.len > 0 ? strip_trailing_spaces(m.data, m.len) : 0;
  FUZZ_CHECK(model_len == stripped && (model_len == 0 || memcmp(m.data, copy, model_len) == 0),
             "flags %u, list flags %u, %zu columns: table differs from its documented layout:\n%s"
             "--- expected (trailing spaces aside):\n%s",
             flags, rows->flags, fields != NULL ? count : 3, text, m.data != NULL ? m.data : "");

done:
  free(copy);
  free(m.data);
  *out_len = len;
  return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in = {data, size};
  listapps_list list;
  la_rows rows = {0};
  int fields[FUZZ_MAX_FIELDS];
  size_t field_count;
  int fields_valid;
  size_t limit;
  size_t target;
  uint8_t how;
  unsigned flags;

  if (fuzz_build_list(&in, &list) != 0) return 0;
  if (fuzz_build_rows(&in, &list, &rows) != 0) {
    fuzz_free_list(&list);
    return 0;
  }
  field_count = fuzz_take_fields(&in, fields, &fields_valid);
  how = fuzz_take_u8(&in);
  limit = (size_t)fuzz_take_uint(&in, 3);
  target = (size_t)fuzz_take_uint(&in, 2);

  for (flags = 0; flags < 4; flags++) { /* NO_HEADER and WINDOWS, each on and off */
    size_t old_len = 0;
    size_t new_len = 0;
    char *old_text = check_table(&list, flags, &old_len);
    /* 1.0's table columns: 2.0's default adds Status and Memory. */
    static const int table_1_0[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_PID, LISTAPPS_FIELD_TITLE};
    char *new_text = check_rows_table(&rows, table_1_0, 3, flags, &new_len);

    if (old_text != NULL && new_text != NULL)
      FUZZ_CHECK(old_len == new_len && memcmp(old_text, new_text, old_len) == 0,
                 "flags %u: la_write_rows's table differs from listapps_format's:\n%s"
                 "--- listapps_format:\n%s",
                 flags, new_text, old_text);
    listapps_free_text(old_text);
    free(new_text);
    if (field_count > 0 && fields_valid) {
      new_text = check_rows_table(&rows, fields, field_count, flags, &new_len);
      free(new_text);
    }
  }

  /* Streaming through a sink that refuses at `limit` bytes, over about `target` bytes. */
  fuzz_check_streaming_at_size(
      &rows, LISTAPPS_FORMAT_TABLE, how & (LISTAPPS_FORMAT_NO_HEADER | LISTAPPS_FORMAT_WINDOWS),
      fields_valid ? fields : NULL, fields_valid ? field_count : 0, limit, target);
  la_rows_free(&rows);
  fuzz_free_list(&list);
  return 0;
}
