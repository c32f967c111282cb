/*
 * fuzz_csv_json - the CSV and JSON writers over rows of arbitrary strings and numbers: the 1.0
 * call listapps_format over a fuzzed listapps_list (see fuzz_list.h), and the 2.0 streaming
 * writer (la_write_rows, listapps_write) over the same rows as la_rows (see fuzz_rows.h), with
 * the default columns and with a fuzzed column list; each read back with the strict test
 * readers. Also the snapshot's accessors over those rows.
 *
 * Properties, for the row records and (LISTAPPS_FORMAT_WINDOWS) the window records, each with
 * and without LISTAPPS_FORMAT_NO_HEADER:
 *  - CSV: the text is exactly what the header documents (quoted only where needed, quotes
 *    doubled, CRLF line ends); the strict reader reads it back; every field is byte-exact
 *    (an unavailable value, and AppPID 0, is an empty field, whatever its state); without the
 *    header the text is the same minus its first line. With LISTAPPS_FORMAT_EXCEL the same
 *    after a UTF-8 BOM, except that text starting with = + - @ TAB or CR has a ' in front.
 *  - JSON: the strict reader reads it back as an array of one object per record with the
 *    documented keys in order; strings are exact, each invalid UTF-8 byte replaced by U+FFFD;
 *    numbers exact; unavailable values null; no raw control character, DEL or U+2028/U+2029;
 *    one object per line and a final newline; LISTAPPS_FORMAT_NO_HEADER changes nothing.
 *  - The 1.0 columns and names are listapps_format's documented ones; the 2.0 writer with no
 *    fields writes those same columns, and its text equals listapps_format's byte for byte.
 *    With fields, the header and keys are the registry's (listapps_field_info_of), in order.
 *    (A column named twice would repeat a JSON key, which the strict reader refuses: such JSON
 *    is only checked as text.)
 *  - Streaming: the pieces are never empty; a sink that refuses at any byte count makes
 *    listapps_write return LISTAPPS_EWRITE and is not called again; what it got is the start of
 *    the text.
 *  - Options the header does not allow (EXCEL but for CSV, unknown flags, formats or fields,
 *    too many columns) give LISTAPPS_EINVAL and no text.
 *  - Accessors: listapps_snapshot_get_string/_integer return each value's state and the value
 *    when it is there, LISTAPPS_EINVAL (and NULL or 0) for a row or field out of range or of the
 *    other type; the window and member accessors give each window's handle, title and class
 *    and each member PID.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "fuzz_common.h"
#include "fuzz_list.h"
#include "fuzz_rows.h"
#include "json_reader.h"
#include "listapps.h"

/* The 1.0 names, as listapps_format documents them. */
static const char *const csv_header[FUZZ_DEFAULT_COLUMNS] = {
    "Category", "Name",      "PID",   "ParentPID", "AppPID",     "Title",
    "Windows",  "Processes", "Image", "Path",      "Description"};
static const char *const json_keys[FUZZ_DEFAULT_COLUMNS] = {
    "category", "name",      "pid",   "parentPid", "appPid",     "title",
    "windows",  "processes", "image", "path",      "description"};
static const char *const window_header[FUZZ_WINDOW_COLUMNS] = {"PID",  "HWND",  "Title", "Class",
                                                               "Name", "Image", "Path"};
static const char *const window_keys[FUZZ_WINDOW_COLUMNS] = {"pid",  "hwnd",  "title", "class",
                                                             "name", "image", "path"};

/* The records a list or rows must come out as: one per row, or with LISTAPPS_FORMAT_WINDOWS one
 * per window of each row. */
typedef struct expected {
  const char *header[FUZZ_MAX_FIELDS];
  const char *keys[FUZZ_MAX_FIELDS];
  size_t columns;
  fuzz_cell *cells; /* records * columns */
  size_t records;
  int repeated_key; /* a column named twice: the JSON is checked as text only */
} expected;

/* What renders: listapps_format over a 1.0 list, or la_write_rows over rows with the columns
 * fields (NULL: the defaults). */
typedef struct writer {
  const listapps_list *list;
  const la_rows *rows;
  const int *fields;
  size_t field_count;
} writer;

static const char *category_name(int category) {
  switch (category) {
    case LISTAPPS_CATEGORY_APP:
      return "App";
    case LISTAPPS_CATEGORY_BACKGROUND:
      return "Background process";
    case LISTAPPS_CATEGORY_WINDOWS:
      return "Windows process";
    default:
      return "";
  }
}

static unsigned long count_value(size_t n) {
  return (uintmax_t)n > ULONG_MAX ? ULONG_MAX : (unsigned long)n;
}

/* A 1.0 number: unsigned long, written in full. */
static void set_number(fuzz_cell *c, unsigned long n, int known) {
  memset(c, 0, sizeof *c);
  c->kind = FUZZ_CELL_NUMBER;
  c->known = known;
  snprintf(c->buf, sizeof c->buf, "%lu", n);
}

static void expected_app(const listapps_app *a, fuzz_cell *f) {
  fuzz_cell_string(&f[0], category_name(a->category));
  fuzz_cell_string(&f[1], a->name != NULL ? a->name : "");
  set_number(&f[2], a->pid, 1);
  set_number(&f[3], a->parent_pid, a->has_parent_pid);
  set_number(&f[4], a->app_pid, a->app_pid != 0); /* 0: in no App's group */
  fuzz_cell_string(&f[5], a->title);
  set_number(&f[6], count_value(a->window_count), 1);
  set_number(&f[7], count_value(a->process_count), 1);
  fuzz_cell_string(&f[8], a->image);
  fuzz_cell_string(&f[9], a->path);
  fuzz_cell_string(&f[10], a->description);
}

static void expected_app_window(const listapps_app *a, const listapps_window *w, fuzz_cell *f) {
  set_number(&f[0], a->pid, 1);
  fuzz_cell_handle(&f[1], w->hwnd);
  fuzz_cell_string(&f[2], w->title);
  fuzz_cell_string(&f[3], w->class_name);
  fuzz_cell_string(&f[4], a->name != NULL ? a->name : "");
  fuzz_cell_string(&f[5], a->image);
  fuzz_cell_string(&f[6], a->path);
}

/* The 1.0 records of a list. Returns 0, or -1 when memory runs out. */
static int expect_list(const listapps_list *list, int windows, expected *e) {
  size_t i;
  size_t k;
  size_t n = 0;

  memset(e, 0, sizeof *e);
  e->columns = windows ? FUZZ_WINDOW_COLUMNS : FUZZ_DEFAULT_COLUMNS;
  for (i = 0; i < e->columns; i++) {
    e->header[i] = windows ? window_header[i] : csv_header[i];
    e->keys[i] = windows ? window_keys[i] : json_keys[i];
  }
  for (i = 0; i < list->count; i++)
    e->records += !windows ? 1 : list->apps[i].windows != NULL ? list->apps[i].window_count : 0;
  e->cells = calloc(e->records * e->columns + 1, sizeof *e->cells);
  if (e->cells == NULL) return -1;
  for (i = 0; i < list->count; i++) {
    const listapps_app *a = &list->apps[i];
    if (!windows) {
      expected_app(a, &e->cells[n++ * e->columns]);
      continue;
    }
    for (k = 0; a->windows != NULL && k < a->window_count; k++)
      expected_app_window(a, &a->windows[k], &e->cells[n++ * e->columns]);
  }
  return 0;
}

/* The records of rows with the given columns, named by the registry. Returns 0 or -1. */
static int expect_rows(const la_rows *rows, int windows, const int *fields, size_t count,
                       expected *e) {
  size_t i;
  size_t k;
  size_t c;
  size_t n = 0;

  memset(e, 0, sizeof *e);
  e->columns = count;
  for (c = 0; c < count; c++) {
    const listapps_field_info *info = listapps_field_info_of(fields[c]);
    FUZZ_CHECK(info != NULL, "field %d has no registry entry", fields[c]);
    e->header[c] = info->header;
    e->keys[c] = info->json_key;
  }
  e->repeated_key = fuzz_fields_repeat(fields, count);
  for (i = 0; i < rows->count; i++) e->records += windows ? rows->items[i].window_count : 1;
  e->cells = calloc(e->records * e->columns + 1, sizeof *e->cells);
  if (e->cells == NULL) return -1;
  for (i = 0; i < rows->count; i++) {
    const la_row *r = &rows->items[i];
    size_t records = windows ? r->window_count : 1;
    for (k = 0; k < records; k++, n++)
      for (c = 0; c < count; c++)
        fuzz_cell_of(r, windows ? &r->windows[k] : NULL, fields[c], &e->cells[n * count + c]);
  }
  return 0;
}

/* The header's rule: quote a field holding a comma, a quote, CR or LF, or starting or ending
 * with a space or tab; double every quote inside. */
static void model_csv_field(fuzz_text *m, const char *s) {
  size_t len = strlen(s);
  int quote = len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t' ||
                          strpbrk(s, ",\"\r\n") != NULL);
  size_t i;

  if (!quote) {
    fuzz_text_add(m, s, len);
    return;
  }
  fuzz_text_add(m, "\"", 1);
  for (i = 0; i < len; i++) {
    fuzz_text_add(m, s + i, 1);
    if (s[i] == '"') fuzz_text_add(m, "\"", 1);
  }
  fuzz_text_add(m, "\"", 1);
}

/* A cell's value in the CSV ("" when unavailable): with LISTAPPS_FORMAT_EXCEL, a string a
 * spreadsheet would run as a formula (starting with = + - @ TAB or CR) gets a ' in front.
 * Returns a malloc'd string or NULL when memory runs out. */
static char *csv_value(const fuzz_cell *c, int excel) {
  const char *s = c->known ? fuzz_cell_text(c) : "";
  int defuse =
      excel && c->kind == FUZZ_CELL_STRING && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
  size_t len = strlen(s);
  char *v = malloc(len + 2);

  if (v == NULL) return NULL;
  v[0] = '\'';
  memcpy(v + defuse, s, len + 1);
  return v;
}

static char *render(const writer *w, int format, unsigned flags, size_t *len) {
  char *text = NULL;
  int rc;

  if (w->rows != NULL)
    return fuzz_write_rows(w->rows, format, flags, w->fields, w->field_count, len);
  rc = listapps_format(w->list, format, flags, &text, len);
  if (rc == LISTAPPS_ENOMEM) return NULL;
  FUZZ_CHECK(rc == LISTAPPS_OK, "format %d flags %u: %s", format, flags, listapps_strerror(rc));
  FUZZ_CHECK(text != NULL, "format %d: OK without text", format);
  FUZZ_CHECK(strlen(text) == *len, "format %d: strlen %zu, out_len %zu", format, strlen(text),
             *len);
  return text;
}

static void check_csv(const writer *w, const expected *e, unsigned flags) {
  static const char bom[] = "\xEF\xBB\xBF";
  int excel = (flags & LISTAPPS_FORMAT_EXCEL) != 0;
  size_t bom_len = excel ? 3 : 0;
  fuzz_text m = {NULL, 0, 0, 0};
  size_t len = 0;
  size_t bare_len = 0;
  char *text = render(w, LISTAPPS_FORMAT_CSV, flags, &len);
  char *bare = render(w, LISTAPPS_FORMAT_CSV, flags | LISTAPPS_FORMAT_NO_HEADER, &bare_len);
  size_t header_len;
  csv_table t = {NULL, 0};
  char err[160];
  char *value = NULL;
  size_t i;
  size_t c;

  if (text == NULL || bare == NULL) goto cleanup;
  /* The model: a BOM for spreadsheets, the header, then each record. */
  fuzz_text_add(&m, bom, bom_len);
  for (c = 0; c < e->columns; c++) {
    if (c > 0) fuzz_text_add(&m, ",", 1);
    fuzz_text_add_str(&m, e->header[c]);
  }
  fuzz_text_add(&m, "\r\n", 2);
  header_len = m.len - bom_len;
  for (i = 0; i < e->records; i++) {
    const fuzz_cell *f = &e->cells[i * e->columns];
    for (c = 0; c < e->columns; c++) {
      if (c > 0) fuzz_text_add(&m, ",", 1);
      if (!f[c].known) continue;
      value = csv_value(&f[c], excel);
      if (value == NULL) goto cleanup;
      model_csv_field(&m, value);
      free(value);
      value = NULL;
    }
    fuzz_text_add(&m, "\r\n", 2);
  }
  if (m.oom) goto cleanup;
  FUZZ_CHECK(len == m.len && memcmp(text, m.data, len) == 0,
             "CSV (%s, flags %u) differs from the documented form (%zu bytes, expected %zu):\n%s\n"
             "--- expected:\n%s",
             w->rows != NULL ? "la_write_rows" : "listapps_format", flags, len, m.len, text,
             m.data);
  FUZZ_CHECK(bare_len == len - header_len && memcmp(bare, text, bom_len) == 0 &&
                 memcmp(bare + bom_len, text + bom_len + header_len, bare_len - bom_len) == 0,
             "CSV (flags %u) without header is not the CSV minus its header line", flags);

  /* Independently of the model: after the BOM, the strict reader gets every field back, byte
   * for byte (defused text with its '). */
  FUZZ_CHECK(memcmp(text, bom, bom_len) == 0, "no BOM with LISTAPPS_FORMAT_EXCEL");
  FUZZ_CHECK(csv_parse(text + bom_len, len - bom_len, &t, err, sizeof err) == 0, "%s in:\n%s", err,
             text);
  FUZZ_CHECK(t.row_count == e->records + 1, "%zu records, expected %zu and a header", t.row_count,
             e->records);
  FUZZ_CHECK(t.rows[0].field_count == e->columns, "header has %zu fields", t.rows[0].field_count);
  for (c = 0; c < e->columns; c++)
    FUZZ_CHECK(strcmp(t.rows[0].fields[c], e->header[c]) == 0, "header field %zu is \"%s\", not %s",
               c, t.rows[0].fields[c], e->header[c]);
  for (i = 0; i < e->records; i++) {
    const csv_row *r = &t.rows[i + 1];
    const fuzz_cell *f = &e->cells[i * e->columns];

    FUZZ_CHECK(r->field_count == e->columns, "record %zu has %zu fields", i, r->field_count);
    for (c = 0; c < e->columns; c++) {
      size_t want_len;
      value = csv_value(&f[c], excel);
      if (value == NULL) goto cleanup;
      want_len = strlen(value);
      FUZZ_CHECK(r->field_lens[c] == want_len && memcmp(r->fields[c], value, want_len) == 0,
                 "record %zu column %s: read back \"%s\" (%zu bytes), expected \"%s\" (%zu bytes)",
                 i, e->header[c], r->fields[c], r->field_lens[c], value, want_len);
      free(value);
      value = NULL;
    }
  }

cleanup:
  free(value);
  csv_table_free(&t);
  free(m.data);
  free(text);
  free(bare);
}

static void check_json_number(const json_value *v, const char *digits, size_t record,
                              const char *key) {
  long long n = 0;

  FUZZ_CHECK(v->type == JSON_NUMBER, "record %zu %s: type %d", record, key, (int)v->type);
  if (fuzz_digits_fit(digits, &n)) {
    FUZZ_CHECK(v->is_integer && v->integer == n, "record %zu %s: %lld, expected %s", record, key,
               v->integer, digits);
  } else {
    /* Past long long the reader has only the double; the CSV check saw the digits exactly. */
    FUZZ_CHECK(!v->is_integer && v->number == strtod(digits, NULL),
               "record %zu %s: %g, expected %s", record, key, v->number, digits);
  }
}

static void check_json_text(const char *text, size_t len, size_t records) {
  size_t newlines = 0;
  size_t i = 0;

  FUZZ_CHECK(fuzz_utf8_valid(text, len), "JSON is not valid UTF-8");
  FUZZ_CHECK(len > 0 && text[len - 1] == '\n', "JSON does not end with a newline");
  while (i < len) {
    uint32_t cp = 0;
    size_t n = fuzz_utf8_strict((const uint8_t *)text + i, len - i, &cp);
    FUZZ_CHECK(cp >= 0x20 || cp == '\n', "raw control character 0x%02X at byte %zu", (unsigned)cp,
               i);
    FUZZ_CHECK(cp != 0x7F && cp != 0x2028 && cp != 0x2029, "raw U+%04X at byte %zu", (unsigned)cp,
               i);
    if (cp == '\n') newlines++;
    i += n;
  }
  /* "[" and "]" on lines of their own around one line per object; "[]" alone when empty. */
  FUZZ_CHECK(newlines == (records == 0 ? 1 : records + 2), "%zu lines for %zu objects", newlines,
             records);
}

static void check_json(const writer *w, const expected *e, unsigned flags) {
  size_t len = 0;
  size_t flagged_len = 0;
  char *text = render(w, LISTAPPS_FORMAT_JSON, flags, &len);
  char *flagged = render(w, LISTAPPS_FORMAT_JSON, flags | LISTAPPS_FORMAT_NO_HEADER, &flagged_len);
  json_value doc;
  char err[160];
  size_t i;
  size_t c;

  memset(&doc, 0, sizeof doc);
  if (text == NULL || flagged == NULL) goto cleanup;
  FUZZ_CHECK(flagged_len == len && memcmp(text, flagged, len) == 0,
             "LISTAPPS_FORMAT_NO_HEADER changed the JSON");
  check_json_text(text, len, e->records);
  if (e->repeated_key) goto cleanup;
  FUZZ_CHECK(json_parse(text, len, &doc, err, sizeof err) == 0, "%s in:\n%s", err, text);
  FUZZ_CHECK(doc.type == JSON_ARRAY && doc.count == e->records, "type %d, %zu items, expected %zu",
             (int)doc.type, doc.count, e->records);
  for (i = 0; i < e->records; i++) {
    const json_value *o = &doc.items[i];
    const fuzz_cell *f = &e->cells[i * e->columns];

    FUZZ_CHECK(o->type == JSON_OBJECT && o->count == e->columns, "record %zu: type %d, %zu members",
               i, (int)o->type, o->count);
    for (c = 0; c < e->columns; c++) {
      const json_value *v = &o->items[c];
      FUZZ_CHECK(strcmp(o->keys[c], e->keys[c]) == 0, "record %zu key %zu is \"%s\", expected %s",
                 i, c, o->keys[c], e->keys[c]);
      if (!f[c].known) {
        FUZZ_CHECK(v->type == JSON_NULL, "record %zu %s: type %d, expected null", i, e->keys[c],
                   (int)v->type);
      } else if (f[c].kind == FUZZ_CELL_NUMBER) {
        check_json_number(v, f[c].buf, i, e->keys[c]);
      } else {
        const char *s = fuzz_cell_text(&f[c]);
        size_t want_len = 0;
        char *want = fuzz_utf8_repaired(s, strlen(s), &want_len);
        if (want == NULL) goto cleanup;
        FUZZ_CHECK(v->type == JSON_STRING && v->string_len == want_len &&
                       memcmp(v->string, want, want_len) == 0,
                   "record %zu %s: read back \"%s\", expected \"%s\"", i, e->keys[c],
                   v->type == JSON_STRING ? v->string : "(not a string)", want);
        free(want);
      }
    }
  }

cleanup:
  json_free(&doc);
  free(text);
  free(flagged);
}

static void check_all(const writer *w, const expected *e, unsigned flags) {
  check_csv(w, e, flags);
  check_csv(w, e, flags | LISTAPPS_FORMAT_EXCEL);
  check_json(w, e, flags);
}

/* The 2.0 defaults are the 1.0 columns: the registry names them as listapps_format does, and
 * the writer's text over the rows is listapps_format's over the list, byte for byte. */
/* 1 when every window of every row belongs to the row's own process. */
static int windows_are_own(const la_rows *rows) {
  size_t i;
  size_t k;

  for (i = 0; i < rows->count; i++)
    for (k = 0; k < rows->items[i].window_count; k++)
      if ((long long)rows->items[i].windows[k].pid !=
          rows->items[i].values[LISTAPPS_FIELD_PID].number)
        return 0;
  return 1;
}

static void check_same_as_1_0(const listapps_list *list, const la_rows *rows, unsigned windows) {
  static const unsigned extra[] = {0, LISTAPPS_FORMAT_NO_HEADER, LISTAPPS_FORMAT_EXCEL};
  writer old_way = {list, NULL, NULL, 0};
  writer new_way = {NULL, rows, NULL, 0};
  size_t i;

  for (i = 0; i < FUZZ_DEFAULT_COLUMNS; i++) {
    const listapps_field_info *info = listapps_field_info_of(fuzz_default_ids[i]);
    FUZZ_CHECK(info != NULL && strcmp(info->header, csv_header[i]) == 0 &&
                   strcmp(info->json_key, json_keys[i]) == 0,
               "registry names column %zu unlike 1.0", i);
  }
  for (i = 0; i < FUZZ_WINDOW_COLUMNS; i++) {
    const listapps_field_info *info = listapps_field_info_of(fuzz_window_ids[i]);
    FUZZ_CHECK(info != NULL && strcmp(info->header, window_header[i]) == 0 &&
                   strcmp(info->json_key, window_keys[i]) == 0,
               "registry names window column %zu unlike 1.0", i);
  }
  for (i = 0; i < 6; i++) {
    int format = i < 3 ? LISTAPPS_FORMAT_CSV : LISTAPPS_FORMAT_JSON;
    unsigned flags = windows | extra[i % 3];
    size_t old_len = 0;
    size_t new_len = 0;
    char *old_text;
    char *new_text;

    if (format == LISTAPPS_FORMAT_JSON && (flags & LISTAPPS_FORMAT_EXCEL)) continue;
    /* A 1.0 list has no PID per window: the window rows agree only where each window is its
     * row's process's own (not a nested App's). */
    if ((flags & LISTAPPS_FORMAT_WINDOWS) && !windows_are_own(rows)) continue;
    old_text = render(&old_way, format, flags, &old_len);
    new_text = render(&new_way, format, flags, &new_len);
    if (old_text != NULL && new_text != NULL)
      FUZZ_CHECK(old_len == new_len && memcmp(old_text, new_text, old_len) == 0,
                 "format %d flags %u: la_write_rows differs from listapps_format:\n%s\n--- "
                 "listapps_format:\n%s",
                 format, flags, new_text, old_text);
    free(old_text);
    free(new_text);
  }
}

/* Flags the header does not allow give LISTAPPS_EINVAL and no text. */
static void check_invalid_flags(const listapps_list *list) {
  static const struct {
    int format;
    unsigned flags;
  } bad[] = {{LISTAPPS_FORMAT_JSON, LISTAPPS_FORMAT_EXCEL},
             {LISTAPPS_FORMAT_TABLE, LISTAPPS_FORMAT_EXCEL},
             {LISTAPPS_FORMAT_CSV, 0x8u},
             {LISTAPPS_FORMAT_JSON, 0x80000000u},
             {99, 0u}};
  size_t i;

  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char *text = (char *)list;
    size_t len = 99;
    int rc = listapps_format(list, bad[i].format, bad[i].flags, &text, &len);
    FUZZ_CHECK(rc == LISTAPPS_EINVAL && text == NULL && len == 0,
               "format %d flags 0x%x: %d, text %p, len %zu", bad[i].format, bad[i].flags, rc,
               (void *)text, len);
  }
}

/* ---- The snapshot's accessors -------------------------------------------------------------- */

static void check_row_accessors(const listapps_snapshot *s, const la_rows *rows, size_t row) {
  int in_range = row < rows->count;
  const la_row *r = in_range ? &rows->items[row] : NULL;
  int field;

  for (field = -1; field <= LISTAPPS_FIELD_COUNT; field++) {
    const listapps_field_info *info = listapps_field_info_of(field);
    const char *text = "unset";
    long long number = 99;
    int rs = listapps_snapshot_get_string(s, row, field, &text);
    int ri = listapps_snapshot_get_integer(s, row, field, &number);

    if (!in_range || info == NULL) {
      FUZZ_CHECK(rs == LISTAPPS_EINVAL && ri == LISTAPPS_EINVAL && text == NULL && number == 0,
                 "row %zu of %zu, field %d: %d and %d, expected LISTAPPS_EINVAL and zeroed "
                 "outputs",
                 row, rows->count, field, rs, ri);
      continue;
    }
    if (info->type == LISTAPPS_TYPE_STRING) {
      const la_value *v = &r->values[field];
      FUZZ_CHECK(ri == LISTAPPS_EINVAL && number == 0,
                 "row %zu: get_integer of string field %d: %d", row, field, ri);
      FUZZ_CHECK(rs == v->state, "row %zu field %d: state %d, expected %d", row, field, rs,
                 v->state);
      if (v->state == LISTAPPS_VALUE_PRESENT)
        FUZZ_CHECK(text != NULL && strcmp(text, v->text) == 0, "row %zu field %d: \"%s\"", row,
                   field, text != NULL ? text : "(null)");
      else
        FUZZ_CHECK(text == NULL, "row %zu field %d: text for an unavailable value", row, field);
    } else {
      const la_value *v = &r->values[field];
      FUZZ_CHECK(rs == LISTAPPS_EINVAL && text == NULL,
                 "row %zu: get_string of number field %d: %d", row, field, rs);
      FUZZ_CHECK(ri == v->state, "row %zu field %d: state %d, expected %d", row, field, ri,
                 v->state);
      FUZZ_CHECK(number == (v->state == LISTAPPS_VALUE_PRESENT ? v->number : 0),
                 "row %zu field %d: %lld, expected %lld", row, field, number, v->number);
    }
  }
  {
    const char *text = "unset";
    long long number = 99;
    FUZZ_CHECK(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_NAME, NULL) == LISTAPPS_EINVAL,
               "get_string took a NULL value");
    FUZZ_CHECK(listapps_snapshot_get_integer(s, row, LISTAPPS_FIELD_PID, NULL) == LISTAPPS_EINVAL,
               "get_integer took a NULL value");
    FUZZ_CHECK(
        listapps_snapshot_get_string(NULL, row, LISTAPPS_FIELD_NAME, &text) == LISTAPPS_EINVAL &&
            text == NULL,
        "get_string read a NULL snapshot");
    FUZZ_CHECK(
        listapps_snapshot_get_integer(NULL, row, LISTAPPS_FIELD_PID, &number) == LISTAPPS_EINVAL &&
            number == 0,
        "get_integer read a NULL snapshot");
  }
}

static void check_window_accessors(const listapps_snapshot *s, const la_rows *rows, size_t row) {
  size_t count = row < rows->count ? rows->items[row].window_count : 0;
  size_t k;
  int field;

  FUZZ_CHECK(listapps_snapshot_window_count(s, row) == count, "row %zu: %zu windows, expected %zu",
             row, listapps_snapshot_window_count(s, row), count);
  for (k = 0; k <= count; k++) {
    const la_window *w = k < count ? &rows->items[row].windows[k] : NULL;
    for (field = -1; field <= LISTAPPS_FIELD_COUNT; field++) {
      const listapps_field_info *info = listapps_field_info_of(field);
      const char *text = "unset";
      long long number = 99;
      int rs = listapps_snapshot_get_window_string(s, row, k, field, &text);
      int ri = listapps_snapshot_get_window_integer(s, row, k, field, &number);

      if (w == NULL || info == NULL || (info->rows & LISTAPPS_ROWS_WINDOW) == 0) {
        FUZZ_CHECK(rs == LISTAPPS_EINVAL && ri == LISTAPPS_EINVAL && text == NULL && number == 0,
                   "row %zu window %zu of %zu, field %d: %d and %d, expected LISTAPPS_EINVAL", row,
                   k, count, field, rs, ri);
        continue;
      }
      /* The other type is always refused. */
      if (info->type == LISTAPPS_TYPE_STRING)
        FUZZ_CHECK(ri == LISTAPPS_EINVAL && number == 0, "window get_integer of string field %d",
                   field);
      else
        FUZZ_CHECK(rs == LISTAPPS_EINVAL && text == NULL, "window get_string of number field %d",
                   field);
      if (field == LISTAPPS_FIELD_HWND) {
        FUZZ_CHECK(ri == LISTAPPS_VALUE_PRESENT &&
                       (unsigned long long)number == (unsigned long long)w->hwnd,
                   "row %zu window %zu: HWND %d %llx, expected %llx", row, k, ri,
                   (unsigned long long)number, (unsigned long long)w->hwnd);
      } else if (field == LISTAPPS_FIELD_TITLE) {
        FUZZ_CHECK(rs == LISTAPPS_VALUE_PRESENT && text != NULL && strcmp(text, w->title) == 0,
                   "row %zu window %zu: title %d", row, k, rs);
      } else if (field == LISTAPPS_FIELD_CLASS) {
        if (w->class_name != NULL)
          FUZZ_CHECK(
              rs == LISTAPPS_VALUE_PRESENT && text != NULL && strcmp(text, w->class_name) == 0,
              "row %zu window %zu: class %d", row, k, rs);
        else
          FUZZ_CHECK(rs > LISTAPPS_VALUE_PRESENT && text == NULL,
                     "row %zu window %zu: unknown class read as %d", row, k, rs);
      }
    }
  }
}

static void check_member_accessors(const listapps_snapshot *s, const la_rows *rows, size_t row) {
  size_t count = row < rows->count ? rows->items[row].member_count : 0;
  size_t k;

  FUZZ_CHECK(listapps_snapshot_member_count(s, row) == count, "row %zu: %zu members, expected %zu",
             row, listapps_snapshot_member_count(s, row), count);
  for (k = 0; k <= count; k++) {
    unsigned long pid = 77;
    int rc = listapps_snapshot_get_member(s, row, k, &pid);
    if (k < count)
      FUZZ_CHECK(rc == LISTAPPS_OK && pid == rows->items[row].member_pids[k],
                 "row %zu member %zu: %d, %lu", row, k, rc, pid);
    else
      FUZZ_CHECK(rc == LISTAPPS_EINVAL && pid == 0, "row %zu member %zu of %zu: %d, %lu", row, k,
                 count, rc, pid);
  }
  FUZZ_CHECK(listapps_snapshot_get_member(s, row, 0, NULL) == LISTAPPS_EINVAL,
             "get_member took a NULL pid");
}

static void check_accessors(const la_rows *rows) {
  listapps_snapshot snapshot;
  size_t row;

  memset(&snapshot, 0, sizeof snapshot);
  snapshot.rows = *rows;
  FUZZ_CHECK(listapps_snapshot_count(&snapshot) == rows->count, "count %zu, expected %zu",
             listapps_snapshot_count(&snapshot), rows->count);
  FUZZ_CHECK(listapps_snapshot_flags(&snapshot) == rows->flags, "flags %u, expected %u",
             listapps_snapshot_flags(&snapshot), rows->flags);
  FUZZ_CHECK(listapps_snapshot_count(NULL) == 0 && listapps_snapshot_window_count(NULL, 0) == 0 &&
                 listapps_snapshot_member_count(NULL, 0) == 0,
             "a NULL snapshot has rows");
  for (row = 0; row <= rows->count; row++) {
    check_row_accessors(&snapshot, rows, row);
    check_window_accessors(&snapshot, rows, row);
    check_member_accessors(&snapshot, rows, row);
  }
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
  unsigned windows;

  if (fuzz_build_list(&in, &list) != 0) return 0;
  if (fuzz_build_rows(&in, &list, &rows) != 0) {
    fuzz_free_list(&list);
    return 0;
  }
  field_count = fuzz_take_fields(&in, fields, &fields_valid);
  how = fuzz_take_u8(&in);
  limit = (size_t)fuzz_take_uint(&in, 3);
  target = (size_t)fuzz_take_uint(&in, 2);

  for (windows = 0; windows <= LISTAPPS_FORMAT_WINDOWS; windows += LISTAPPS_FORMAT_WINDOWS) {
    writer old_way = {&list, NULL, NULL, 0};
    writer defaults = {NULL, &rows, NULL, 0};
    writer chosen = {NULL, &rows, fields, field_count};
    expected e;

    /* 1.0: listapps_format over the list, against the 1.0 documentation. */
    if (expect_list(&list, windows != 0, &e) != 0) break;
    check_all(&old_way, &e, windows);
    free(e.cells);
    /* 2.0 with the default columns: the 1.0 layout, from the rows' values. */
    if (expect_rows(&rows, windows != 0, windows ? fuzz_window_ids : fuzz_default_ids,
                    windows ? FUZZ_WINDOW_COLUMNS : FUZZ_DEFAULT_COLUMNS, &e) != 0)
      break;
    check_all(&defaults, &e, windows);
    free(e.cells);
    check_same_as_1_0(&list, &rows, windows);
    /* 2.0 with the fuzzed columns. */
    if (field_count > 0 && fields_valid) {
      size_t c;
      int modelled = 1;
      for (c = 0; c < field_count; c++) modelled &= fuzz_field_modelled(fields[c]);
      if (modelled) {
        if (expect_rows(&rows, windows != 0, fields, field_count, &e) != 0) break;
        check_all(&chosen, &e, windows);
        free(e.cells);
      }
    }
  }
  check_invalid_flags(&list);
  if (fields_valid) fuzz_check_invalid_options(&rows, fields, field_count);
  check_accessors(&rows);

  /* Streaming through a sink that refuses at `limit` bytes, over about `target` bytes. */
  {
    /* how: bit 0 NO_HEADER, bit 1 WINDOWS, bit 2 EXCEL (for CSV), bit 4 JSON rather than CSV. */
    int format = (how & 0x10) ? LISTAPPS_FORMAT_JSON : LISTAPPS_FORMAT_CSV;
    unsigned flags = how & (LISTAPPS_FORMAT_NO_HEADER | LISTAPPS_FORMAT_WINDOWS);
    if (format == LISTAPPS_FORMAT_CSV && (how & 0x4)) flags |= LISTAPPS_FORMAT_EXCEL;
    fuzz_check_streaming_at_size(&rows, format, flags, fields_valid ? fields : NULL,
                                 fields_valid ? field_count : 0, limit, target);
  }
  la_rows_free(&rows);
  fuzz_free_list(&list);
  return 0;
}
