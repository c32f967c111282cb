/*
 * fuzz_csv_json - listapps_format's CSV and JSON writers over rows of arbitrary strings and
 * numbers (see fuzz_list.h), read back with the strict test readers.
 *
 * Properties, with and without LISTAPPS_FORMAT_NO_HEADER:
 *  - CSV: the text is exactly what the header documents (quoted only where needed, quotes
 *    doubled, CRLF line ends); the strict reader reads it back; every field is byte-exact
 *    (an unknown value is an empty field); without the header the text is the same minus its
 *    first line.
 *  - JSON: the strict reader reads it back as an array of one object per row with the eleven
 *    keys in order; strings are exact, invalid UTF-8 bytes each replaced by U+FFFD; numbers
 *    exact; unknown values null; no raw control character, DEL or U+2028/U+2029; one object
 *    per line and a final newline; the flag changes nothing.
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

static const char *const csv_header[COLUMNS] = {
    "Category", "Name", "PID", "ParentPID", "AppPID", "Title",
    "Windows", "Processes", "Image", "Path", "Description"};
static const char *const json_keys[COLUMNS] = {
    "category", "name", "pid", "parentPid", "appPid", "title",
    "windows", "processes", "image", "path", "description"};

/* What a row's column holds: a string, a number, or nothing (NULL string, unknown number). */
typedef struct expected_field {
  const char *text; /* when is_text and known */
  unsigned long number;
  int is_text;
  int known;
} expected_field;

static const char *category_name(int category) {
  switch (category) {
  case LISTAPPS_CATEGORY_APP: return "App";
  case LISTAPPS_CATEGORY_BACKGROUND: return "Background process";
  case LISTAPPS_CATEGORY_WINDOWS: return "Windows process";
  default: return "";
  }
}

static unsigned long count_value(size_t n) {
  return (uintmax_t)n > ULONG_MAX ? ULONG_MAX : (unsigned long)n;
}

static void expected_row(const listapps_app *a, expected_field f[COLUMNS]) {
  static const expected_field none = {NULL, 0, 0, 0};
  size_t i;

  for (i = 0; i < COLUMNS; i++) f[i] = none;
  f[0].is_text = 1, f[0].known = 1, f[0].text = category_name(a->category);
  f[1].is_text = 1, f[1].known = 1, f[1].text = a->name != NULL ? a->name : "";
  f[2].known = 1, f[2].number = a->pid;
  f[3].known = a->has_parent_pid, f[3].number = a->parent_pid;
  f[4].known = 1, f[4].number = a->app_pid;
  f[5].is_text = 1, f[5].known = a->title != NULL, f[5].text = a->title;
  f[6].known = 1, f[6].number = count_value(a->window_count);
  f[7].known = 1, f[7].number = count_value(a->process_count);
  f[8].is_text = 1, f[8].known = a->image != NULL, f[8].text = a->image;
  f[9].is_text = 1, f[9].known = a->path != NULL, f[9].text = a->path;
  f[10].is_text = 1, f[10].known = a->description != NULL, f[10].text = a->description;
}

/* A growable string for the model of the CSV text. */
typedef struct model {
  char *data;
  size_t len;
  size_t cap;
  int oom;
} model;

static void model_add(model *m, const char *s, size_t n) {
  if (m->oom) return;
  if (m->len + n + 1 > m->cap) {
    size_t cap = m->cap < 256 ? 256 : m->cap;
    char *d;
    while (cap < m->len + n + 1) cap *= 2;
    d = realloc(m->data, cap);
    if (d == NULL) {
      m->oom = 1;
      return;
    }
    m->data = d;
    m->cap = cap;
  }
  memcpy(m->data + m->len, s, n);
  m->len += n;
  m->data[m->len] = '\0';
}

static void model_add_str(model *m, const char *s) { model_add(m, s, strlen(s)); }

/* The header's rule: quote a field holding a comma, a quote, CR or LF, or starting or ending
 * with a space or tab; double every quote inside. */
static void model_csv_field(model *m, const char *s) {
  size_t len = strlen(s);
  int quote = len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
                          s[len - 1] == '\t' || strpbrk(s, ",\"\r\n") != NULL);
  size_t i;

  if (!quote) {
    model_add(m, s, len);
    return;
  }
  model_add(m, "\"", 1);
  for (i = 0; i < len; i++) {
    model_add(m, s + i, 1);
    if (s[i] == '"') model_add(m, "\"", 1);
  }
  model_add(m, "\"", 1);
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

static void check_csv(const listapps_list *list) {
  model m = {NULL, 0, 0, 0};
  size_t len = 0;
  size_t bare_len = 0;
  char *text = format_ok(list, LISTAPPS_FORMAT_CSV, 0, &len);
  char *bare = format_ok(list, LISTAPPS_FORMAT_CSV, LISTAPPS_FORMAT_NO_HEADER, &bare_len);
  size_t header_len;
  csv_table t = {NULL, 0};
  char err[160];
  char num[32];
  size_t i;
  size_t c;

  if (text == NULL || bare == NULL) goto cleanup;
  for (c = 0; c < COLUMNS; c++) {
    if (c > 0) model_add(&m, ",", 1);
    model_add_str(&m, csv_header[c]);
  }
  model_add(&m, "\r\n", 2);
  header_len = m.len;
  for (i = 0; i < list->count; i++) {
    expected_field f[COLUMNS];
    expected_row(&list->apps[i], f);
    for (c = 0; c < COLUMNS; c++) {
      if (c > 0) model_add(&m, ",", 1);
      if (!f[c].known) continue;
      if (f[c].is_text) {
        model_csv_field(&m, f[c].text);
      } else {
        snprintf(num, sizeof num, "%lu", f[c].number);
        model_add_str(&m, num);
      }
    }
    model_add(&m, "\r\n", 2);
  }
  if (m.oom) goto cleanup;
  FUZZ_CHECK(len == m.len && memcmp(text, m.data, len) == 0,
             "CSV differs from the documented form (%zu bytes, expected %zu):\n%s\n--- expected:\n%s",
             len, m.len, text, m.data);
  FUZZ_CHECK(bare_len == len - header_len && memcmp(bare, text + header_len, bare_len) == 0,
             "CSV without header is not the CSV minus its first line");

  /* Independently of the model: the strict reader gets every field back, byte for byte. */
  FUZZ_CHECK(csv_parse(text, len, &t, err, sizeof err) == 0, "%s in:\n%s", err, text);
  FUZZ_CHECK(t.row_count == list->count + 1, "%zu records for %zu rows", t.row_count,
             list->count);
  FUZZ_CHECK(t.rows[0].field_count == COLUMNS, "header has %zu fields", t.rows[0].field_count);
  for (c = 0; c < COLUMNS; c++)
    FUZZ_CHECK(strcmp(t.rows[0].fields[c], csv_header[c]) == 0, "header field %zu", c);
  for (i = 0; i < list->count; i++) {
    const csv_row *r = &t.rows[i + 1];
    expected_field f[COLUMNS];

    expected_row(&list->apps[i], f);
    FUZZ_CHECK(r->field_count == COLUMNS, "row %zu has %zu fields", i, r->field_count);
    for (c = 0; c < COLUMNS; c++) {
      const char *want = "";
      size_t want_len;
      if (f[c].known && f[c].is_text) {
        want = f[c].text;
      } else if (f[c].known) {
        snprintf(num, sizeof num, "%lu", f[c].number);
        want = num;
      }
      want_len = strlen(want);
      FUZZ_CHECK(r->field_lens[c] == want_len && memcmp(r->fields[c], want, want_len) == 0,
                 "row %zu column %s: read back \"%s\" (%zu bytes), expected \"%s\" (%zu bytes)",
                 i, csv_header[c], r->fields[c], r->field_lens[c], want, want_len);
    }
  }

cleanup:
  csv_table_free(&t);
  free(m.data);
  listapps_free_text(text);
  listapps_free_text(bare);
}

static void check_json_number(const json_value *v, unsigned long want, size_t row,
                              const char *key) {
  FUZZ_CHECK(v->type == JSON_NUMBER, "row %zu %s: type %d", row, key, (int)v->type);
  if (want <= (unsigned long)LLONG_MAX) {
    FUZZ_CHECK(v->is_integer && v->integer == (long long)want, "row %zu %s: %lld, expected %lu",
               row, key, v->integer, want);
  } else {
    /* Past long long the reader has only the double; the CSV check saw the digits exactly. */
    FUZZ_CHECK(!v->is_integer && v->number == (double)want, "row %zu %s: %g, expected %lu", row,
               key, v->number, want);
  }
}

static void check_json_text(const char *text, size_t len, size_t rows) {
  size_t newlines = 0;
  size_t i = 0;

  FUZZ_CHECK(fuzz_utf8_valid(text, len), "JSON is not valid UTF-8");
  FUZZ_CHECK(len > 0 && text[len - 1] == '\n', "JSON does not end with a newline");
  while (i < len) {
    uint32_t cp = 0;
    size_t n = fuzz_utf8_strict((const uint8_t *)text + i, len - i, &cp);
    FUZZ_CHECK(cp >= 0x20 || cp == '\n', "raw control character 0x%02X at byte %zu",
               (unsigned)cp, i);
    FUZZ_CHECK(cp != 0x7F && cp != 0x2028 && cp != 0x2029, "raw U+%04X at byte %zu",
               (unsigned)cp, i);
    if (cp == '\n') newlines++;
    i += n;
  }
  /* "[" and "]" on lines of their own around one line per object; "[]" alone when empty. */
  FUZZ_CHECK(newlines == (rows == 0 ? 1 : rows + 2), "%zu lines for %zu rows", newlines, rows);
}

static void check_json(const listapps_list *list) {
  size_t len = 0;
  size_t flagged_len = 0;
  char *text = format_ok(list, LISTAPPS_FORMAT_JSON, 0, &len);
  char *flagged = format_ok(list, LISTAPPS_FORMAT_JSON, LISTAPPS_FORMAT_NO_HEADER, &flagged_len);
  json_value doc;
  char err[160];
  size_t i;
  size_t c;

  memset(&doc, 0, sizeof doc);
  if (text == NULL || flagged == NULL) goto cleanup;
  FUZZ_CHECK(flagged_len == len && memcmp(text, flagged, len) == 0,
             "LISTAPPS_FORMAT_NO_HEADER changed the JSON");
  check_json_text(text, len, list->count);
  FUZZ_CHECK(json_parse(text, len, &doc, err, sizeof err) == 0, "%s in:\n%s", err, text);
  FUZZ_CHECK(doc.type == JSON_ARRAY && doc.count == list->count, "type %d, %zu items for %zu rows",
             (int)doc.type, doc.count, list->count);
  for (i = 0; i < list->count; i++) {
    const json_value *o = &doc.items[i];
    expected_field f[COLUMNS];

    expected_row(&list->apps[i], f);
    FUZZ_CHECK(o->type == JSON_OBJECT && o->count == COLUMNS, "row %zu: type %d, %zu members", i,
               (int)o->type, o->count);
    for (c = 0; c < COLUMNS; c++) {
      const json_value *v = &o->items[c];
      FUZZ_CHECK(strcmp(o->keys[c], json_keys[c]) == 0, "row %zu key %zu is \"%s\", expected %s",
                 i, c, o->keys[c], json_keys[c]);
      if (!f[c].known) {
        FUZZ_CHECK(v->type == JSON_NULL, "row %zu %s: type %d, expected null", i, json_keys[c],
                   (int)v->type);
      } else if (!f[c].is_text) {
        check_json_number(v, f[c].number, i, json_keys[c]);
      } else {
        size_t want_len = 0;
        char *want = fuzz_utf8_repaired(f[c].text, strlen(f[c].text), &want_len);
        if (want == NULL) goto cleanup;
        FUZZ_CHECK(v->type == JSON_STRING && v->string_len == want_len &&
                       memcmp(v->string, want, want_len) == 0,
                   "row %zu %s: read back \"%s\", expected \"%s\"", i, json_keys[c],
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in = {data, size};
  listapps_list list;

  if (fuzz_build_list(&in, &list) != 0) return 0;
  check_csv(&list);
  check_json(&list);
  fuzz_free_list(&list);
  return 0;
}
