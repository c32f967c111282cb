/*
 * fuzz_csv_json - listapps_format's CSV and JSON writers over rows of arbitrary strings and
 * numbers (see fuzz_list.h), read back with the strict test readers.
 *
 * Properties, for the row records and (LISTAPPS_FORMAT_WINDOWS) the window records, each with
 * and without LISTAPPS_FORMAT_NO_HEADER:
 *  - CSV: the text is exactly what the header documents (quoted only where needed, quotes
 *    doubled, CRLF line ends); the strict reader reads it back; every field is byte-exact
 *    (an unknown value, and AppPID 0, is an empty field); without the header the text is the
 *    same minus its first line. With LISTAPPS_FORMAT_EXCEL the same after a UTF-8 BOM, except
 *    that text starting with = + - @ TAB or CR has a ' in front.
 *  - JSON: the strict reader reads it back as an array of one object per record with the
 *    documented keys in order; strings are exact, each invalid UTF-8 byte replaced by U+FFFD;
 *    numbers exact; unknown values null; no raw control character, DEL or U+2028/U+2029; one
 *    object per line and a final newline; LISTAPPS_FORMAT_NO_HEADER changes nothing.
 *  - Flags the header does not allow (LISTAPPS_FORMAT_EXCEL but for CSV, unknown bits) give
 *    LISTAPPS_EINVAL and no text.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "fuzz_common.h"
#include "fuzz_list.h"
#include "json_reader.h"
#include "listapps.h"

#define COLUMNS 11
#define WINDOW_COLUMNS 7

static const char *const csv_header[COLUMNS] = {"Category", "Name",  "PID",        "ParentPID",
                                                "AppPID",   "Title", "Windows",    "Processes",
                                                "Image",    "Path",  "Description"};
static const char *const json_keys[COLUMNS] = {"category", "name",  "pid",        "parentPid",
                                               "appPid",   "title", "windows",    "processes",
                                               "image",    "path",  "description"};
static const char *const window_header[WINDOW_COLUMNS] = {"PID",  "HWND",  "Title", "Class",
                                                          "Name", "Image", "Path"};
static const char *const window_keys[WINDOW_COLUMNS] = {"pid",  "hwnd",  "title", "class",
                                                        "name", "image", "path"};

/* What a column holds: a string, a number, or nothing (NULL string, unknown number). */
typedef struct expected_field {
  const char *text; /* when is_text and known */
  unsigned long number;
  int is_text;
  int known;
  char buf[24]; /* text of a window handle */
} expected_field;

/* The records a list must come out as: one per row, or with LISTAPPS_FORMAT_WINDOWS one per
 * window of each row. */
typedef struct expected {
  const char *const *header;
  const char *const *keys;
  size_t columns;
  expected_field *fields; /* records * columns */
  size_t records;
} expected;

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

static void set_text(expected_field *f, const char *s) {
  f->is_text = 1;
  f->known = s != NULL;
  f->text = s;
}

static void set_number(expected_field *f, unsigned long n, int known) {
  f->is_text = 0;
  f->known = known;
  f->number = n;
}

static void expected_row(const listapps_app *a, expected_field *f) {
  set_text(&f[0], category_name(a->category));
  set_text(&f[1], a->name != NULL ? a->name : "");
  set_number(&f[2], a->pid, 1);
  set_number(&f[3], a->parent_pid, a->has_parent_pid);
  set_number(&f[4], a->app_pid, a->app_pid != 0); /* 0: in no App's group */
  set_text(&f[5], a->title);
  set_number(&f[6], count_value(a->window_count), 1);
  set_number(&f[7], count_value(a->process_count), 1);
  set_text(&f[8], a->image);
  set_text(&f[9], a->path);
  set_text(&f[10], a->description);
}

static void expected_window(const listapps_app *a, const listapps_window *w, expected_field *f) {
  set_number(&f[0], a->pid, 1);
  fuzz_hwnd_text(w->hwnd, f[1].buf);
  set_text(&f[1], f[1].buf);
  set_text(&f[2], w->title);
  set_text(&f[3], w->class_name);
  set_text(&f[4], a->name != NULL ? a->name : "");
  set_text(&f[5], a->image);
  set_text(&f[6], a->path);
}

/* Returns 0, or -1 when memory runs out. */
static int build_expected(const listapps_list *list, int windows, expected *e) {
  size_t i;
  size_t k;
  size_t n = 0;

  memset(e, 0, sizeof *e);
  e->header = windows ? window_header : csv_header;
  e->keys = windows ? window_keys : json_keys;
  e->columns = windows ? WINDOW_COLUMNS : COLUMNS;
  for (i = 0; i < list->count; i++)
    e->records += !windows ? 1 : list->apps[i].windows != NULL ? list->apps[i].window_count : 0;
  e->fields = calloc(e->records * e->columns + 1, sizeof *e->fields);
  if (e->fields == NULL) return -1;
  for (i = 0; i < list->count; i++) {
    const listapps_app *a = &list->apps[i];
    if (!windows) {
      expected_row(a, &e->fields[n++ * e->columns]);
      continue;
    }
    for (k = 0; a->windows != NULL && k < a->window_count; k++)
      expected_window(a, &a->windows[k], &e->fields[n++ * e->columns]);
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

/* A text field's value in the CSV: with LISTAPPS_FORMAT_EXCEL, text a spreadsheet would run as
 * a formula (starting with = + - @ TAB or CR) gets a ' in front. Returns a malloc'd string or
 * NULL when memory runs out. */
static char *csv_value(const char *s, int excel) {
  int defuse = excel && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
  size_t len = strlen(s);
  char *v = malloc(len + 2);

  if (v == NULL) return NULL;
  v[0] = '\'';
  memcpy(v + defuse, s, len + 1);
  return v;
}

static char *format_ok(const listapps_list *list, int format, unsigned flags, size_t *len) {
  char *text = NULL;
  int rc = listapps_format(list, format, flags, &text, len);

  if (rc == LISTAPPS_ENOMEM) return NULL;
  FUZZ_CHECK(rc == LISTAPPS_OK, "format %d flags %u: %s", format, flags, listapps_strerror(rc));
  FUZZ_CHECK(text != NULL, "format %d: OK without text", format);
  FUZZ_CHECK(strlen(text) == *len, "format %d: strlen %zu, out_len %zu", format, strlen(text),
             *len);
  return text;
}

static void check_csv(const listapps_list *list, const expected *e, unsigned flags) {
  static const char bom[] = "\xEF\xBB\xBF";
  int excel = (flags & LISTAPPS_FORMAT_EXCEL) != 0;
  size_t bom_len = excel ? 3 : 0;
  fuzz_text m = {NULL, 0, 0, 0};
  size_t len = 0;
  size_t bare_len = 0;
  char *text = format_ok(list, LISTAPPS_FORMAT_CSV, flags, &len);
  char *bare = format_ok(list, LISTAPPS_FORMAT_CSV, flags | LISTAPPS_FORMAT_NO_HEADER, &bare_len);
  size_t header_len;
  csv_table t = {NULL, 0};
  char err[160];
  char num[32];
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
    const expected_field *f = &e->fields[i * e->columns];
    for (c = 0; c < e->columns; c++) {
      if (c > 0) fuzz_text_add(&m, ",", 1);
      if (!f[c].known) continue;
      if (f[c].is_text) {
        value = csv_value(f[c].text, excel);
        if (value == NULL) goto cleanup;
        model_csv_field(&m, value);
        free(value);
        value = NULL;
      } else {
        snprintf(num, sizeof num, "%lu", f[c].number);
        fuzz_text_add_str(&m, num);
      }
    }
    fuzz_text_add(&m, "\r\n", 2);
  }
  if (m.oom) goto cleanup;
  FUZZ_CHECK(len == m.len && memcmp(text, m.data, len) == 0,
             "CSV (flags %u) differs from the documented form (%zu bytes, expected %zu):\n%s\n"
             "--- expected:\n%s",
             flags, len, m.len, text, m.data);
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
    FUZZ_CHECK(strcmp(t.rows[0].fields[c], e->header[c]) == 0, "header field %zu", c);
  for (i = 0; i < e->records; i++) {
    const csv_row *r = &t.rows[i + 1];
    const expected_field *f = &e->fields[i * e->columns];

    FUZZ_CHECK(r->field_count == e->columns, "record %zu has %zu fields", i, r->field_count);
    for (c = 0; c < e->columns; c++) {
      const char *want = "";
      size_t want_len;
      if (f[c].known && f[c].is_text) {
        value = csv_value(f[c].text, excel);
        if (value == NULL) goto cleanup;
        want = value;
      } else if (f[c].known) {
        snprintf(num, sizeof num, "%lu", f[c].number);
        want = num;
      }
      want_len = strlen(want);
      FUZZ_CHECK(r->field_lens[c] == want_len && memcmp(r->fields[c], want, want_len) == 0,
                 "record %zu column %s: read back \"%s\" (%zu bytes), expected \"%s\" (%zu bytes)",
                 i, e->header[c], r->fields[c], r->field_lens[c], want, want_len);
      free(value);
      value = NULL;
    }
  }

cleanup:
  free(value);
  csv_table_free(&t);
  free(m.data);
  listapps_free_text(text);
  listapps_free_text(bare);
}

static void check_json_number(const json_value *v, unsigned long want, size_t record,
                              const char *key) {
  FUZZ_CHECK(v->type == JSON_NUMBER, "record %zu %s: type %d", record, key, (int)v->type);
  if (want <= (unsigned long)LLONG_MAX) {
    FUZZ_CHECK(v->is_integer && v->integer == (long long)want, "record %zu %s: %lld, expected %lu",
               record, key, v->integer, want);
  } else {
    /* Past long long the reader has only the double; the CSV check saw the digits exactly. */
    FUZZ_CHECK(!v->is_integer && v->number == (double)want, "record %zu %s: %g, expected %lu",
               record, key, v->number, want);
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

static void check_json(const listapps_list *list, const expected *e, unsigned flags) {
  size_t len = 0;
  size_t flagged_len = 0;
  char *text = format_ok(list, LISTAPPS_FORMAT_JSON, flags, &len);
  char *flagged =
      format_ok(list, LISTAPPS_FORMAT_JSON, flags | LISTAPPS_FORMAT_NO_HEADER, &flagged_len);
  json_value doc;
  char err[160];
  size_t i;
  size_t c;

  memset(&doc, 0, sizeof doc);
  if (text == NULL || flagged == NULL) goto cleanup;
  FUZZ_CHECK(flagged_len == len && memcmp(text, flagged, len) == 0,
             "LISTAPPS_FORMAT_NO_HEADER changed the JSON");
  check_json_text(text, len, e->records);
  FUZZ_CHECK(json_parse(text, len, &doc, err, sizeof err) == 0, "%s in:\n%s", err, text);
  FUZZ_CHECK(doc.type == JSON_ARRAY && doc.count == e->records, "type %d, %zu items, expected %zu",
             (int)doc.type, doc.count, e->records);
  for (i = 0; i < e->records; i++) {
    const json_value *o = &doc.items[i];
    const expected_field *f = &e->fields[i * e->columns];

    FUZZ_CHECK(o->type == JSON_OBJECT && o->count == e->columns, "record %zu: type %d, %zu members",
               i, (int)o->type, o->count);
    for (c = 0; c < e->columns; c++) {
      const json_value *v = &o->items[c];
      FUZZ_CHECK(strcmp(o->keys[c], e->keys[c]) == 0, "record %zu key %zu is \"%s\", expected %s",
                 i, c, o->keys[c], e->keys[c]);
      if (!f[c].known) {
        FUZZ_CHECK(v->type == JSON_NULL, "record %zu %s: type %d, expected null", i, e->keys[c],
                   (int)v->type);
      } else if (!f[c].is_text) {
        check_json_number(v, f[c].number, i, e->keys[c]);
      } else {
        size_t want_len = 0;
        char *want = fuzz_utf8_repaired(f[c].text, strlen(f[c].text), &want_len);
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
  listapps_free_text(text);
  listapps_free_text(flagged);
}

/* Flags the header does not allow give LISTAPPS_EINVAL and no text. */
static void check_invalid_flags(const listapps_list *list) {
  static const struct {
    int format;
    unsigned flags;
  } bad[] = {{LISTAPPS_FORMAT_JSON, LISTAPPS_FORMAT_EXCEL},
             {LISTAPPS_FORMAT_TABLE, LISTAPPS_FORMAT_EXCEL},
             {LISTAPPS_FORMAT_CSV, 0x8u},
             {LISTAPPS_FORMAT_JSON, 0x80000000u}};
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in = {data, size};
  listapps_list list;
  int windows;

  if (fuzz_build_list(&in, &list) != 0) return 0;
  for (windows = 0; windows <= 1; windows++) {
    expected e;
    unsigned flags = windows ? LISTAPPS_FORMAT_WINDOWS : 0;
    if (build_expected(&list, windows, &e) != 0) break;
    check_csv(&list, &e, flags);
    check_csv(&list, &e, flags | LISTAPPS_FORMAT_EXCEL);
    check_json(&list, &e, flags);
    free(e.fields);
  }
  check_invalid_flags(&list);
  fuzz_free_list(&list);
  return 0;
}
