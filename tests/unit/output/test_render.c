/*
 * The value renderer and the outputs that use it: every type of value (text, integer, bytes,
 * percent, time, boolean, a window handle, and unavailable values) in every style, then written
 * by each output, a listing (table, CSV, JSON, JSON Lines, Prometheus) and a watch event (the
 * table line, CSV, JSON Lines), read back and compared value by value.
 */
#include <stdlib.h>
#include <string.h>

#include "core/row.h"
#include "csv_reader.h"
#include "json_reader.h"
#include "output/value_render.h"
#include "output/writer.h"
#include "suite.h"

#define START_MS 1796550092868LL /* 2026-12-06T09:41:32.868Z */
#define START_ISO "2026-12-06T09:41:32.868Z"
#define EVENT_MS 1796550104056LL /* 2026-12-06T09:41:44.056Z */
#define HANDLE 0x1A2B

/* ---- the renderer alone -------------------------------------------------------------------- */

typedef struct render_case {
  int field;
  int state;
  long long number;
  const char *text;
  int style;
  const char *expected;
  size_t columns; /* what la_render_value returns: terminal columns or bytes */
} render_case;

#define P LISTAPPS_VALUE_PRESENT
static const render_case render_cases[] = {
    /* Integer. */
    {LISTAPPS_FIELD_PID, P, 312, NULL, LA_STYLE_CSV, "312", 3},
    {LISTAPPS_FIELD_PID, P, 312, NULL, LA_STYLE_JSON, "312", 3},
    {LISTAPPS_FIELD_PID, P, 312, NULL, LA_STYLE_TABLE, "312", 3},
    {LISTAPPS_FIELD_PID, P, 312, NULL, LA_STYLE_EVENT_LINE, "312", 3},
    {LISTAPPS_FIELD_PID, P, 312, NULL, LA_STYLE_PROMETHEUS, "312", 3},
    /* A screen coordinate: an integer that keeps its sign, in every style. */
    {LISTAPPS_FIELD_X, P, -1280, NULL, LA_STYLE_CSV, "-1280", 5},
    {LISTAPPS_FIELD_X, P, -1280, NULL, LA_STYLE_JSON, "-1280", 5},
    {LISTAPPS_FIELD_Y, P, -8, NULL, LA_STYLE_TABLE, "-8", 2},
    {LISTAPPS_FIELD_Y, P, -32000, NULL, LA_STYLE_EVENT_LINE, "-32000", 6},
    {LISTAPPS_FIELD_X, P, -1280, NULL, LA_STYLE_PROMETHEUS, "-1280", 5},
    {LISTAPPS_FIELD_X, P, 0, NULL, LA_STYLE_CSV, "0", 1},
    {LISTAPPS_FIELD_WIDTH, P, 1920, NULL, LA_STYLE_JSON, "1920", 4},
    {LISTAPPS_FIELD_WINDOW_STATE, P, 0, "Maximized", LA_STYLE_JSON, "\"Maximized\"", 11},
    {LISTAPPS_FIELD_FOREGROUND, P, 1, NULL, LA_STYLE_TABLE, "Yes", 3},
    {LISTAPPS_FIELD_FOREGROUND, P, 0, NULL, LA_STYLE_CSV, "false", 5},
    {LISTAPPS_FIELD_CLOAKED, LISTAPPS_VALUE_UNSUPPORTED, 0, NULL, LA_STYLE_JSON, "null", 4},
    /* A window handle: an integer written in hexadecimal, a string in JSON. */
    {LISTAPPS_FIELD_HWND, P, HANDLE, NULL, LA_STYLE_CSV, "0x1A2B", 6},
    {LISTAPPS_FIELD_HWND, P, HANDLE, NULL, LA_STYLE_JSON, "\"0x1A2B\"", 8},
    {LISTAPPS_FIELD_HWND, P, HANDLE, NULL, LA_STYLE_TABLE, "0x1A2B", 6},
    {LISTAPPS_FIELD_HWND, P, HANDLE, NULL, LA_STYLE_EVENT_LINE, "0x1A2B", 6},
    {LISTAPPS_FIELD_HWND, P, HANDLE, NULL, LA_STYLE_PROMETHEUS, "6699", 4},
    /* Bytes: Task Manager's MB of 1,048,576 bytes, one decimal, for people. */
    {LISTAPPS_FIELD_MEMORY, P, 7340032, NULL, LA_STYLE_CSV, "7340032", 7},
    {LISTAPPS_FIELD_MEMORY, P, 7340032, NULL, LA_STYLE_JSON, "7340032", 7},
    {LISTAPPS_FIELD_MEMORY, P, 7340032, NULL, LA_STYLE_TABLE, "7.0 MB", 6},
    {LISTAPPS_FIELD_MEMORY, P, 7360512, NULL, LA_STYLE_EVENT_LINE, "7.0 MB", 6},
    {LISTAPPS_FIELD_MEMORY, P, 7340032, NULL, LA_STYLE_PROMETHEUS, "7340032", 7},
    {LISTAPPS_FIELD_MEMORY, P, 0, NULL, LA_STYLE_TABLE, "0.0 MB", 6},
    {LISTAPPS_FIELD_MEMORY, P, 1048576 + 52428, NULL, LA_STYLE_TABLE, "1.0 MB", 6},
    {LISTAPPS_FIELD_MEMORY, P, 1048576 + 52429, NULL, LA_STYLE_TABLE, "1.1 MB", 6},
    /* Percent, in tenths: a ratio for Prometheus. */
    {LISTAPPS_FIELD_CPU, P, 5, NULL, LA_STYLE_CSV, "0.5", 3},
    {LISTAPPS_FIELD_CPU, P, 5, NULL, LA_STYLE_JSON, "0.5", 3},
    {LISTAPPS_FIELD_CPU, P, 5, NULL, LA_STYLE_TABLE, "0.5%", 4},
    {LISTAPPS_FIELD_CPU, P, 0, NULL, LA_STYLE_EVENT_LINE, "0.0%", 4},
    {LISTAPPS_FIELD_CPU, P, 5, NULL, LA_STYLE_PROMETHEUS, "0.005", 5},
    {LISTAPPS_FIELD_CPU, P, 1000, NULL, LA_STYLE_PROMETHEUS, "1.000", 5},
    {LISTAPPS_FIELD_CPU, P, -5, NULL, LA_STYLE_PROMETHEUS, "0.000", 5},
    {LISTAPPS_FIELD_CPU, P, -5, NULL, LA_STYLE_CSV, "-0.5", 4},
    /* Time: ISO 8601 UTC, a string in JSON; seconds for Prometheus. */
    {LISTAPPS_FIELD_START_TIME, P, START_MS, NULL, LA_STYLE_CSV, START_ISO, 24},
    {LISTAPPS_FIELD_START_TIME, P, START_MS, NULL, LA_STYLE_JSON, "\"" START_ISO "\"", 26},
    {LISTAPPS_FIELD_START_TIME, P, START_MS, NULL, LA_STYLE_TABLE, START_ISO, 24},
    {LISTAPPS_FIELD_START_TIME, P, START_MS, NULL, LA_STYLE_EVENT_LINE, START_ISO, 24},
    {LISTAPPS_FIELD_START_TIME, P, START_MS, NULL, LA_STYLE_PROMETHEUS, "1796550092.868", 14},
    /* Boolean. */
    {LISTAPPS_FIELD_ELEVATED, P, 1, NULL, LA_STYLE_CSV, "true", 4},
    {LISTAPPS_FIELD_ELEVATED, P, 0, NULL, LA_STYLE_JSON, "false", 5},
    {LISTAPPS_FIELD_EFFICIENCY_MODE, P, 1, NULL, LA_STYLE_TABLE, "Yes", 3},
    {LISTAPPS_FIELD_EFFICIENCY_MODE, P, 0, NULL, LA_STYLE_EVENT_LINE, "No", 2},
    {LISTAPPS_FIELD_ELEVATED, P, 1, NULL, LA_STYLE_PROMETHEUS, "1", 1},
    /* Text, escaped as each output needs; the table counts terminal columns. */
    {LISTAPPS_FIELD_TITLE, P, 0, "a,b", LA_STYLE_CSV, "\"a,b\"", 5},
    {LISTAPPS_FIELD_TITLE, P, 0, "=1+2", LA_STYLE_CSV, "=1+2", 4},
    {LISTAPPS_FIELD_TITLE, P, 0, "=1+2", LA_STYLE_CSV_EXCEL, "'=1+2", 5},
    {LISTAPPS_FIELD_TITLE, P, 0, "q\"\n", LA_STYLE_JSON, "\"q\\\"\\n\"", 7},
    {LISTAPPS_FIELD_TITLE, P, 0, "caf\xC3\xA9\t", LA_STYLE_TABLE, "caf\xC3\xA9\\x09", 8},
    {LISTAPPS_FIELD_TITLE, P, 0, "caf\xC3\xA9", LA_STYLE_EVENT_LINE, "caf\xC3\xA9", 4},
    {LISTAPPS_FIELD_TITLE, P, 0, "q\"\\\n", LA_STYLE_PROMETHEUS, "q\\\"\\\\\\n", 7},
    /* Unavailable: each output's "nothing here". */
    {LISTAPPS_FIELD_CPU, LISTAPPS_VALUE_EXITED, 0, NULL, LA_STYLE_CSV, "", 0},
    {LISTAPPS_FIELD_CPU, LISTAPPS_VALUE_EXITED, 0, NULL, LA_STYLE_CSV_EXCEL, "", 0},
    {LISTAPPS_FIELD_MEMORY, LISTAPPS_VALUE_DENIED, 0, NULL, LA_STYLE_JSON, "null", 4},
    {LISTAPPS_FIELD_START_TIME, LISTAPPS_VALUE_DENIED, 0, NULL, LA_STYLE_TABLE, "", 0},
    {LISTAPPS_FIELD_USER, LISTAPPS_VALUE_UNSUPPORTED, 0, NULL, LA_STYLE_EVENT_LINE, "-", 1},
    {LISTAPPS_FIELD_ELEVATED, LISTAPPS_VALUE_NOT_GATHERED, 0, NULL, LA_STYLE_PROMETHEUS, "", 0},
};
#undef P

START_TEST(test_each_type_in_each_style) {
  const render_case *k = &render_cases[_i];
  la_cell c = {k->state, k->text, k->number};
  la_buffer b = {0};
  char *text = NULL;
  size_t written;
  size_t measured;

  /* Something before it, to see the renderer appends. */
  la_buffer_append_char(&b, '|');
  written = la_render_value(&b, &c, k->field, k->style);
  measured = la_render_value(NULL, &c, k->field, k->style);
  ck_assert_int_eq(la_buffer_finish(&b, &text, NULL), 0);
  ck_assert_msg(strcmp(text + 1, k->expected) == 0, "case %d: \"%s\", expected \"%s\"", _i,
                text + 1, k->expected);
  ck_assert_msg(written == k->columns && measured == k->columns,
                "case %d: %lu written, %lu measured, expected %lu", _i, (unsigned long)written,
                (unsigned long)measured, (unsigned long)k->columns);
  free(text);
}
END_TEST

START_TEST(test_typed_values_and_times) {
  la_buffer b = {0};
  la_cell count = la_number_cell(12);
  la_cell word = la_text_cell("a\"b");
  char *text = NULL;

  la_render_typed(&b, &count, LISTAPPS_TYPE_INTEGER, LA_STYLE_TABLE);
  la_buffer_append_char(&b, ' ');
  la_render_typed(&b, &word, LISTAPPS_TYPE_STRING, LA_STYLE_CSV);
  la_buffer_append_char(&b, ' ');
  la_render_typed(&b, &word, LISTAPPS_TYPE_STRING, LA_STYLE_JSON);
  la_buffer_append_char(&b, ' ');
  la_append_time(&b, 0);
  la_buffer_append_char(&b, ' ');
  la_append_time(&b, 951782400000LL); /* 2000-02-29, a leap day of a century year */
  la_buffer_append_char(&b, ' ');
  la_append_time(&b, -1);
  ck_assert_int_eq(la_buffer_finish(&b, &text, NULL), 0);
  ck_assert_str_eq(text,
                   "12 \"a\"\"b\" \"a\\\"b\" 1970-01-01T00:00:00.000Z "
                   "2000-02-29T00:00:00.000Z 1969-12-31T23:59:59.999Z");
  free(text);
}
END_TEST

/* ---- the outputs, read back ---------------------------------------------------------------- */

/* What each column of the two sample rows must read as: in the listing's table and the watch's
 * table line, in CSV, and as the JSON token. NULL: unavailable (blank in the table, '-' in the
 * watch's line, empty in CSV, null in JSON). */
typedef struct expected_value {
  int field;
  const char *table[2];
  const char *csv[2];
  const char *json[2];
} expected_value;

static const expected_value expected[] = {
    {LISTAPPS_FIELD_NAME,
     {"notepad.exe", "calc.exe"},
     {"notepad.exe", "calc.exe"},
     {"\"notepad.exe\"", "\"calc.exe\""}},
    {LISTAPPS_FIELD_PID, {"312", "7"}, {"312", "7"}, {"312", "7"}},
    {LISTAPPS_FIELD_TITLE,
     {"Untitled - Notepad", "Calculator"},
     {"Untitled - Notepad", "Calculator"},
     {"\"Untitled - Notepad\"", "\"Calculator\""}},
    {LISTAPPS_FIELD_CPU, {"0.5%", NULL}, {"0.5", NULL}, {"0.5", NULL}},
    {LISTAPPS_FIELD_MEMORY, {"7.0 MB", NULL}, {"7340032", NULL}, {"7340032", NULL}},
    {LISTAPPS_FIELD_START_TIME, {START_ISO, NULL}, {START_ISO, NULL}, {"\"" START_ISO "\"", NULL}},
    {LISTAPPS_FIELD_ELEVATED, {"Yes", NULL}, {"true", NULL}, {"true", NULL}},
    {LISTAPPS_FIELD_EFFICIENCY_MODE, {"No", NULL}, {"false", NULL}, {"false", NULL}},
    {LISTAPPS_FIELD_WINDOWS, {"1", "0"}, {"1", "0"}, {"1", "0"}},
    {LISTAPPS_FIELD_PARENT_PID, {NULL, "4"}, {NULL, "4"}, {NULL, "4"}},
    {LISTAPPS_FIELD_STATUS,
     {"Not responding", NULL},
     {"Not responding", NULL},
     {"\"Not responding\"", NULL}},
    {LISTAPPS_FIELD_USER, {NULL, "PC\\me"}, {NULL, "PC\\me"}, {NULL, "\"PC\\\\me\""}},
};
#define EXPECTED_COUNT (sizeof expected / sizeof expected[0])

static int collect(void *context, const char *data, size_t len) {
  la_buffer *b = context;
  la_buffer_append(b, data, len);
  return b->err;
}

static char *finish(la_buffer *text) {
  char *result = NULL;
  ck_assert_int_eq(la_buffer_finish(text, &result, NULL), 0);
  return result;
}

/* The sample's columns, in the order of expected[]. */
static void sample_fields(int *fields) {
  size_t i;
  for (i = 0; i < EXPECTED_COUNT; i++) fields[i] = expected[i].field;
}

/* Two App rows: one with every type of value there, one with most of them unavailable, each in
 * another of the states. The first has one window. */
static void sample(la_rows *rows) {
  la_row *a;
  la_row *b;
  size_t i;

  rows->items = calloc(2, sizeof *rows->items);
  ck_assert_ptr_nonnull(rows->items);
  rows->count = 2;
  rows->flags = 0;
  for (i = 0; i < 2; i++) {
    la_row *r = &rows->items[i];
    int f;
    for (f = 0; f < LISTAPPS_FIELD_COUNT; f++)
      la_value_set_state(&r->values[f], LISTAPPS_VALUE_NONE);
    ck_assert_int_eq(la_value_set_text(&r->values[LISTAPPS_FIELD_CATEGORY], "App", 0), 0);
    r->values[LISTAPPS_FIELD_CATEGORY].number = LISTAPPS_CATEGORY_APP;
    la_value_set_number(&r->values[LISTAPPS_FIELD_PROCESSES], 1);
  }
  a = &rows->items[0];
  ck_assert_int_eq(la_value_set_text(&a->values[LISTAPPS_FIELD_NAME], "notepad.exe", 0), 0);
  ck_assert_int_eq(la_value_set_text(&a->values[LISTAPPS_FIELD_IMAGE], "notepad.exe", 0), 0);
  ck_assert_int_eq(la_value_set_text(&a->values[LISTAPPS_FIELD_TITLE], "Untitled - Notepad", 0), 0);
  ck_assert_int_eq(la_value_set_text(&a->values[LISTAPPS_FIELD_STATUS], "Not responding", 0), 0);
  la_value_set_number(&a->values[LISTAPPS_FIELD_PID], 312);
  la_value_set_number(&a->values[LISTAPPS_FIELD_APP_PID], 312);
  la_value_set_number(&a->values[LISTAPPS_FIELD_WINDOWS], 1);
  la_value_set_number(&a->values[LISTAPPS_FIELD_CPU], 5);
  la_value_set_number(&a->values[LISTAPPS_FIELD_MEMORY], 7340032);
  la_value_set_number(&a->values[LISTAPPS_FIELD_START_TIME], START_MS);
  la_value_set_number(&a->values[LISTAPPS_FIELD_ELEVATED], 1);
  la_value_set_number(&a->values[LISTAPPS_FIELD_EFFICIENCY_MODE], 0);
  la_value_set_state(&a->values[LISTAPPS_FIELD_PARENT_PID], LISTAPPS_VALUE_EXITED);
  la_value_set_state(&a->values[LISTAPPS_FIELD_USER], LISTAPPS_VALUE_DENIED);
  a->windows = calloc(1, sizeof *a->windows);
  ck_assert_ptr_nonnull(a->windows);
  a->window_count = 1;
  a->windows[0].hwnd = HANDLE;
  a->windows[0].pid = 312;
  a->windows[0].title = malloc(sizeof "Untitled - Notepad");
  a->windows[0].class_name = malloc(sizeof "Notepad");
  ck_assert(a->windows[0].title != NULL && a->windows[0].class_name != NULL);
  memcpy(a->windows[0].title, "Untitled - Notepad", sizeof "Untitled - Notepad");
  memcpy(a->windows[0].class_name, "Notepad", sizeof "Notepad");

  b = &rows->items[1];
  ck_assert_int_eq(la_value_set_text(&b->values[LISTAPPS_FIELD_NAME], "calc.exe", 0), 0);
  ck_assert_int_eq(la_value_set_text(&b->values[LISTAPPS_FIELD_IMAGE], "calc.exe", 0), 0);
  ck_assert_int_eq(la_value_set_text(&b->values[LISTAPPS_FIELD_TITLE], "Calculator", 0), 0);
  ck_assert_int_eq(la_value_set_text(&b->values[LISTAPPS_FIELD_USER], "PC\\me", 0), 0);
  la_value_set_number(&b->values[LISTAPPS_FIELD_PID], 7);
  la_value_set_number(&b->values[LISTAPPS_FIELD_APP_PID], 7);
  la_value_set_number(&b->values[LISTAPPS_FIELD_PARENT_PID], 4);
  la_value_set_number(&b->values[LISTAPPS_FIELD_WINDOWS], 0);
  la_value_set_state(&b->values[LISTAPPS_FIELD_CPU], LISTAPPS_VALUE_EXITED);
  la_value_set_state(&b->values[LISTAPPS_FIELD_MEMORY], LISTAPPS_VALUE_DENIED);
  la_value_set_state(&b->values[LISTAPPS_FIELD_START_TIME], LISTAPPS_VALUE_UNSUPPORTED);
  la_value_set_state(&b->values[LISTAPPS_FIELD_ELEVATED], LISTAPPS_VALUE_NOT_GATHERED);
  la_value_set_state(&b->values[LISTAPPS_FIELD_EFFICIENCY_MODE], LISTAPPS_VALUE_DENIED);
  la_value_set_state(&b->values[LISTAPPS_FIELD_STATUS], LISTAPPS_VALUE_NONE);
}

/* A listing of rows in format with flags and columns; the text (free it). */
static char *write_listing(const la_rows *rows, int format, unsigned flags, const int *fields,
                           size_t count) {
  listapps_write_options o = LISTAPPS_WRITE_OPTIONS_INIT;
  la_write_spec spec;
  la_buffer text = {0};
  la_out out;

  o.format = format;
  o.flags = flags;
  o.fields = fields;
  o.field_count = count;
  ck_assert_int_eq(la_write_spec_of(&o, &spec), 0);
  memset(&out, 0, sizeof out);
  out.sink = collect;
  out.context = &text;
  ck_assert_int_eq(la_write_rows(rows, &spec, &out), 0);
  return finish(&text);
}

/* An "opened" event of row in format, with the sample's columns; the text (free it). */
static char *write_event(const la_row *row, int format, int header) {
  listapps_write_options o = LISTAPPS_WRITE_OPTIONS_INIT;
  int fields[EXPECTED_COUNT];
  la_buffer text = {0};

  sample_fields(fields);
  o.format = format;
  o.fields = fields;
  o.field_count = EXPECTED_COUNT;
  ck_assert_int_eq(la_write_event(row, LISTAPPS_EVENT_OPENED, EVENT_MS, &o, header, collect, &text),
                   0);
  return finish(&text);
}

/* Line n (from 0) of text, without its line end, in out (out_size bytes). */
static void line_of(const char *text, size_t n, char *out, size_t out_size) {
  size_t len;

  for (; n > 0; n--) {
    text = strchr(text, '\n');
    ck_assert_ptr_nonnull(text);
    text++;
  }
  len = strcspn(text, "\r\n");
  ck_assert_uint_lt(len, out_size);
  memcpy(out, text, len);
  out[len] = '\0';
}

/* A table cell, read as a person reads it: a text column's cell starts where its header starts,
 * a number column's ends where its header ends, and a cell ends at two spaces (values hold one
 * at most). Both lines are ASCII here, so a byte is a column. Writes "" for a blank cell. */
static void table_cell(const char *header, const char *line, int field, char *out,
                       size_t out_size) {
  const char *name = listapps_field_info_of(field)->header;
  size_t name_len = strlen(name);
  size_t line_len = strlen(line);
  const char *h = header;
  size_t start;
  size_t end;

  /* The header as a whole word: "PID" is also the end of "ParentPID". */
  for (;;) {
    h = strstr(h, name);
    ck_assert_msg(h != NULL, "no column %s in \"%s\"", name, header);
    if ((h == header || h[-1] == ' ') && (h[name_len] == ' ' || h[name_len] == '\0')) break;
    h += name_len;
  }
  if (listapps_field_info_of(field)->type == LISTAPPS_TYPE_STRING) {
    start = (size_t)(h - header);
    end = start;
    while (end < line_len && !(line[end] == ' ' && (end + 1 == line_len || line[end + 1] == ' ')))
      end++;
    if (start > line_len) start = end = line_len;
  } else {
    end = (size_t)(h - header) + name_len;
    if (end > line_len) end = 0; /* the line stopped before: blank */
    start = end;
    while (start > 0 && !(line[start - 1] == ' ' && (start == 1 || line[start - 2] == ' ')))
      start--;
  }
  ck_assert_uint_lt(end - start, out_size);
  memcpy(out, line + start, end - start);
  out[end - start] = '\0';
}

/* The watch's table line split at runs of two spaces or more: time, event, then the values. */
static size_t split_line(char *line, char **parts, size_t cap) {
  size_t count = 0;
  char *p = line;

  while (*p != '\0' && count < cap) {
    char *gap = strstr(p, "  ");
    parts[count++] = p;
    if (gap == NULL) break;
    *gap = '\0';
    p = gap + 2;
    while (*p == ' ') p++;
  }
  return count;
}

static int is_event_column(int field) {
  return field == LISTAPPS_FIELD_NAME || field == LISTAPPS_FIELD_PID ||
         field == LISTAPPS_FIELD_TITLE;
}

START_TEST(test_listing_table) {
  int fields[EXPECTED_COUNT];
  la_rows rows = {0};
  char header[512];
  char line[512];
  char value[128];
  char *text;
  size_t r;
  size_t i;

  sample(&rows);
  sample_fields(fields);
  text = write_listing(&rows, LISTAPPS_FORMAT_TABLE, 0, fields, EXPECTED_COUNT);
  line_of(text, 0, header, sizeof header);
  for (r = 0; r < 2; r++) {
    line_of(text, r + 1, line, sizeof line);
    for (i = 0; i < EXPECTED_COUNT; i++) {
      const char *want = expected[i].table[r] != NULL ? expected[i].table[r] : "";
      table_cell(header, line, expected[i].field, value, sizeof value);
      ck_assert_msg(strcmp(value, want) == 0, "row %lu %s: \"%s\", expected \"%s\" in\n%s",
                    (unsigned long)r, listapps_field_info_of(expected[i].field)->header, value,
                    want, text);
    }
  }
  free(text);
  /* An App's windows beneath it: the handle as 0x and hexadecimal. */
  text = write_listing(&rows, LISTAPPS_FORMAT_TABLE, LISTAPPS_WRITE_WINDOWS, NULL, 0);
  line_of(text, 2, line, sizeof line);
  ck_assert_str_eq(line, "    0x1A2B  Untitled - Notepad  [Notepad]");
  free(text);
  la_rows_free(&rows);
}
END_TEST

/* The watch's table line shows each value as the listing's table does. */
START_TEST(test_event_table_line) {
  int fields[EXPECTED_COUNT];
  la_rows rows = {0};
  char header[512];
  char line[512];
  char listed_line[512];
  char *parts[32];
  char *listing;
  size_t r;

  sample(&rows);
  sample_fields(fields);
  listing = write_listing(&rows, LISTAPPS_FORMAT_TABLE, 0, fields, EXPECTED_COUNT);
  line_of(listing, 0, header, sizeof header);
  for (r = 0; r < 2; r++) {
    char *text = write_event(&rows.items[r], LISTAPPS_FORMAT_TABLE, 1);
    size_t count;
    size_t part = 5;
    size_t i;

    line_of(text, 0, line, sizeof line);
    ck_assert_msg(strcmp(text + strlen(line), "\n") == 0, "one line: %s", text);
    count = split_line(line, parts, 32);
    ck_assert_uint_eq(count, 5 + EXPECTED_COUNT - 3);
    ck_assert_str_eq(parts[0], "09:41:44.056");
    ck_assert_str_eq(parts[1], "opened");
    ck_assert_str_eq(parts[2], expected[0].table[r]); /* Name, PID, Title first */
    ck_assert_str_eq(parts[3], expected[1].table[r]);
    ck_assert_str_eq(parts[4], expected[2].table[r]);
    for (i = 0; i < EXPECTED_COUNT; i++) {
      const char *want = expected[i].table[r] != NULL ? expected[i].table[r] : "-";
      const char *got;
      if (is_event_column(expected[i].field)) continue;
      got = parts[part++];
      ck_assert_msg(strcmp(got, want) == 0, "row %lu %s: \"%s\", expected \"%s\" in\n%s",
                    (unsigned long)r, listapps_field_info_of(expected[i].field)->header, got, want,
                    text);
      /* The same text as the listing's table cell (blank there, '-' here). */
      line_of(listing, r + 1, listed_line, sizeof listed_line);
      {
        char listed[128];
        table_cell(header, listed_line, expected[i].field, listed, sizeof listed);
        ck_assert_str_eq(listed, expected[i].table[r] != NULL ? got : "");
      }
    }
    free(text);
  }
  free(listing);
  la_rows_free(&rows);
}
END_TEST

/* The CSV column under header in table's row, or NULL. */
static const char *csv_value(const csv_table *t, size_t row, const char *header) {
  size_t c;

  for (c = 0; c < t->rows[0].field_count; c++)
    if (strcmp(t->rows[0].fields[c], header) == 0) {
      ck_assert_uint_lt(c, t->rows[row].field_count);
      return t->rows[row].fields[c];
    }
  return NULL;
}

static void check_csv_row(const csv_table *t, size_t row, size_t sample_row, const char *text) {
  size_t i;

  for (i = 0; i < EXPECTED_COUNT; i++) {
    const char *header = listapps_field_info_of(expected[i].field)->header;
    const char *want = expected[i].csv[sample_row] != NULL ? expected[i].csv[sample_row] : "";
    const char *got = csv_value(t, row, header);
    ck_assert_msg(got != NULL, "no column %s in\n%s", header, text);
    ck_assert_msg(strcmp(got, want) == 0, "row %lu %s: \"%s\", expected \"%s\" in\n%s",
                  (unsigned long)sample_row, header, got, want, text);
  }
}

START_TEST(test_listing_and_event_csv) {
  int fields[EXPECTED_COUNT];
  la_rows rows = {0};
  csv_table t;
  char err[128];
  char *text;
  size_t r;

  sample(&rows);
  sample_fields(fields);
  text = write_listing(&rows, LISTAPPS_FORMAT_CSV, 0, fields, EXPECTED_COUNT);
  ck_assert_msg(csv_parse(text, strlen(text), &t, err, sizeof err) == 0, "%s", err);
  ck_assert_uint_eq(t.row_count, 3);
  check_csv_row(&t, 1, 0, text);
  check_csv_row(&t, 2, 1, text);
  csv_table_free(&t);
  free(text);
  for (r = 0; r < 2; r++) {
    text = write_event(&rows.items[r], LISTAPPS_FORMAT_CSV, 1);
    ck_assert_msg(csv_parse(text, strlen(text), &t, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(t.row_count, 2);
    ck_assert_str_eq(csv_value(&t, 1, "Time"), "2026-12-06T09:41:44.056Z");
    ck_assert_str_eq(csv_value(&t, 1, "Event"), "opened");
    check_csv_row(&t, 1, r, text);
    csv_table_free(&t);
    free(text);
  }
  /* A window's handle. */
  text = write_listing(&rows, LISTAPPS_FORMAT_CSV, LISTAPPS_WRITE_WINDOWS, NULL, 0);
  ck_assert_msg(csv_parse(text, strlen(text), &t, err, sizeof err) == 0, "%s", err);
  ck_assert_uint_eq(t.row_count, 2);
  ck_assert_str_eq(csv_value(&t, 1, "HWND"), "0x1A2B");
  csv_table_free(&t);
  free(text);
  la_rows_free(&rows);
}
END_TEST

/* The raw text of key's value in the one-line JSON object at record (a string with its quotes,
 * or a bare token), in out; 0 when the key is not there. */
static int json_token(const char *record, const char *key, char *out, size_t out_size) {
  char pattern[64];
  const char *p;
  const char *end;

  pattern[0] = '"';
  strcpy(pattern + 1, key);
  strcat(pattern, "\":");
  p = strstr(record, pattern);
  if (p == NULL) return 0;
  p += strlen(pattern);
  end = p;
  if (*end == '"') {
    for (end++; *end != '"'; end++)
      if (*end == '\\') end++;
    end++;
  } else {
    end += strcspn(end, ",}");
  }
  ck_assert_uint_lt((size_t)(end - p), out_size);
  memcpy(out, p, (size_t)(end - p));
  out[end - p] = '\0';
  return 1;
}

/* Each value of the record (one line of JSON, parsed as obj) against the sample's row: its
 * text exactly, and what a JSON reader makes of it the same as of that text alone. */
static void check_json_record(const char *record, const json_value *obj, size_t sample_row) {
  size_t i;

  ck_assert_int_eq(obj->type, JSON_OBJECT);
  for (i = 0; i < EXPECTED_COUNT; i++) {
    const char *key = listapps_field_info_of(expected[i].field)->json_key;
    const char *want = expected[i].json[sample_row] != NULL ? expected[i].json[sample_row] : "null";
    const json_value *got = json_get(obj, key);
    json_value alone;
    char token[128];

    ck_assert_msg(got != NULL && json_token(record, key, token, sizeof token), "no %s in %s", key,
                  record);
    ck_assert_msg(strcmp(token, want) == 0, "row %lu %s: %s, expected %s in %s",
                  (unsigned long)sample_row, key, token, want, record);
    ck_assert_int_eq(json_parse(token, strlen(token), &alone, NULL, 0), 0);
    ck_assert_int_eq(got->type, alone.type);
    if (got->type == JSON_NUMBER) ck_assert(got->number == alone.number);
    if (got->type == JSON_STRING) ck_assert_str_eq(got->string, alone.string);
    json_free(&alone);
  }
}

static void check_json_line(const char *line, size_t sample_row) {
  json_value obj;
  char err[128];

  ck_assert_msg(json_parse(line, strlen(line), &obj, err, sizeof err) == 0, "%s: %s", err, line);
  check_json_record(line, &obj, sample_row);
  json_free(&obj);
}

START_TEST(test_listing_and_event_json) {
  int fields[EXPECTED_COUNT];
  la_rows rows = {0};
  json_value doc;
  char err[128];
  char token[64];
  char line[1024];
  char *text;
  size_t r;

  sample(&rows);
  sample_fields(fields);
  /* JSON: an array, one object a line. */
  text = write_listing(&rows, LISTAPPS_FORMAT_JSON, 0, fields, EXPECTED_COUNT);
  ck_assert_msg(json_parse(text, strlen(text), &doc, err, sizeof err) == 0, "%s", err);
  ck_assert_int_eq(doc.type, JSON_ARRAY);
  ck_assert_uint_eq(doc.count, 2);
  for (r = 0; r < 2; r++) {
    line_of(text, r + 1, line, sizeof line);
    check_json_record(line, &doc.items[r], r);
  }
  json_free(&doc);
  free(text);
  /* JSON Lines, listed and as events. */
  text = write_listing(&rows, LISTAPPS_FORMAT_JSONL, 0, fields, EXPECTED_COUNT);
  for (r = 0; r < 2; r++) {
    line_of(text, r, line, sizeof line);
    check_json_line(line, r);
  }
  free(text);
  for (r = 0; r < 2; r++) {
    json_value obj;
    text = write_event(&rows.items[r], LISTAPPS_FORMAT_JSONL, 1);
    line_of(text, 0, line, sizeof line);
    ck_assert_msg(strcmp(text + strlen(line), "\n") == 0, "one line: %s", text);
    check_json_line(line, r);
    ck_assert_int_eq(json_parse(line, strlen(line), &obj, NULL, 0), 0);
    ck_assert_str_eq(json_get(&obj, "time")->string, "2026-12-06T09:41:44.056Z");
    ck_assert_str_eq(json_get(&obj, "event")->string, "opened");
    json_free(&obj);
    free(text);
  }
  /* A window's handle: a string. */
  text = write_listing(&rows, LISTAPPS_FORMAT_JSONL, LISTAPPS_WRITE_WINDOWS, NULL, 0);
  line_of(text, 0, line, sizeof line);
  ck_assert(json_token(line, "hwnd", token, sizeof token));
  ck_assert_str_eq(token, "\"0x1A2B\"");
  free(text);
  la_rows_free(&rows);
}
END_TEST

/* The value of the sample of metric whose labels hold label, in out; 0 when there is none. */
static int prometheus_sample(const char *text, const char *metric, const char *label, char *out,
                             size_t out_size) {
  char line[512];

  while (strchr(text, '\n') != NULL) {
    const char *value;
    line_of(text, 0, line, sizeof line);
    text = strchr(text, '\n') + 1;
    if (strncmp(line, metric, strlen(metric)) != 0 || line[strlen(metric)] != '{' ||
        strstr(line, label) == NULL)
      continue;
    value = strrchr(line, ' ') + 1;
    ck_assert_uint_lt(strlen(value), out_size);
    strcpy(out, value);
    return 1;
  }
  return 0;
}

START_TEST(test_listing_prometheus) {
  static const int fields[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_CPU, LISTAPPS_FIELD_MEMORY};
  la_rows rows = {0};
  char value[64];
  char *text;

  sample(&rows);
  text = write_listing(&rows, LISTAPPS_FORMAT_PROMETHEUS, 0, fields, 3);
  /* Base units: bytes, and a ratio. */
  ck_assert_msg(prometheus_sample(text, "listapps_app_cpu_ratio",
                                  "{name=\"notepad.exe\",image=\"notepad.exe\",process_id=\"312\"}",
                                  value, sizeof value),
                "%s", text);
  ck_assert_str_eq(value, "0.005");
  ck_assert(prometheus_sample(text, "listapps_app_memory_bytes", "process_id=\"312\"", value,
                              sizeof value));
  ck_assert_str_eq(value, "7340032");
  ck_assert(
      prometheus_sample(text, "listapps_app_windows", "process_id=\"312\"", value, sizeof value));
  ck_assert_str_eq(value, "1");
  ck_assert(
      prometheus_sample(text, "listapps_app_windows", "process_id=\"7\"", value, sizeof value));
  ck_assert_str_eq(value, "0");
  ck_assert(prometheus_sample(text, "listapps_apps", "category=\"App\"", value, sizeof value));
  ck_assert_str_eq(value, "2");
  /* Unavailable: no sample at all. */
  ck_assert(
      !prometheus_sample(text, "listapps_app_cpu_ratio", "process_id=\"7\"", value, sizeof value));
  ck_assert(!prometheus_sample(text, "listapps_app_memory_bytes", "process_id=\"7\"", value,
                               sizeof value));
  free(text);
  la_rows_free(&rows);
}
END_TEST

/* Window rows take Foreground and the geometry from each window; listapps_foreground_info has
 * a sample for the App in front only; a focus event is named "focus". */
START_TEST(test_window_facts_and_the_app_in_front) {
  static const int columns[] = {
      LISTAPPS_FIELD_PID,   LISTAPPS_FIELD_FOREGROUND,   LISTAPPS_FIELD_X,      LISTAPPS_FIELD_Y,
      LISTAPPS_FIELD_WIDTH, LISTAPPS_FIELD_WINDOW_STATE, LISTAPPS_FIELD_CLOAKED};
  static const int front[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_FOREGROUND};
  listapps_write_options o = LISTAPPS_WRITE_OPTIONS_INIT;
  la_buffer event = {0};
  la_rows rows = {0};
  la_window *w;
  char value[64];
  char *text;
  char *line;

  sample(&rows);
  w = &rows.items[0].windows[0];
  w->read = LA_WINDOW_READ_RECT | LA_WINDOW_READ_SHOW | LA_WINDOW_READ_CLOAKED |
            LA_WINDOW_READ_FOREGROUND;
  w->rect_state = LISTAPPS_VALUE_PRESENT;
  w->left = -1920;
  w->top = 8;
  w->width = 1024;
  w->height = 700;
  w->show_state = LISTAPPS_VALUE_PRESENT;
  w->show = LA_SHOW_MINIMIZED;
  w->cloaked_state = LISTAPPS_VALUE_PRESENT;
  w->cloaked = 1;
  w->foreground_state = LISTAPPS_VALUE_PRESENT;
  w->foreground = 1;
  /* The row's own values say nothing: a window row reads its window. */
  la_value_set_state(&rows.items[0].values[LISTAPPS_FIELD_X], LISTAPPS_VALUE_NONE);
  text = write_listing(&rows, LISTAPPS_FORMAT_CSV, LISTAPPS_WRITE_WINDOWS, columns, 7);
  ck_assert_str_eq(text,
                   "PID,Foreground,X,Y,Width,WindowState,Cloaked\r\n"
                   "312,true,-1920,8,1024,Minimized,true\r\n");
  free(text);
  text = write_listing(&rows, LISTAPPS_FORMAT_JSONL, LISTAPPS_WRITE_WINDOWS, columns, 7);
  ck_assert_str_eq(text,
                   "{\"pid\":312,\"foreground\":true,\"x\":-1920,\"y\":8,\"width\":1024,"
                   "\"windowState\":\"Minimized\",\"cloaked\":true}\n");
  free(text);
  /* Prometheus: the App in front only; without Foreground asked, no family at all. */
  la_value_set_number(&rows.items[0].values[LISTAPPS_FIELD_FOREGROUND], 1);
  la_value_set_number(&rows.items[1].values[LISTAPPS_FIELD_FOREGROUND], 0);
  text = write_listing(&rows, LISTAPPS_FORMAT_PROMETHEUS, 0, front, 2);
  ck_assert_msg(prometheus_sample(text, "listapps_foreground_info",
                                  "{name=\"notepad.exe\",image=\"notepad.exe\",process_id=\"312\"}",
                                  value, sizeof value),
                "%s", text);
  ck_assert_str_eq(value, "1");
  ck_assert(!prometheus_sample(text, "listapps_foreground_info", "process_id=\"7\"", value,
                                sizeof value));
  ck_assert_ptr_nonnull(strstr(text, "# TYPE listapps_foreground_info gauge\n"));
  free(text);
  text = write_listing(&rows, LISTAPPS_FORMAT_PROMETHEUS, 0, front, 1);
  ck_assert_ptr_null(strstr(text, "listapps_foreground_info"));
  free(text);
  /* The focus event's name. */
  o.format = LISTAPPS_FORMAT_JSONL;
  o.fields = front;
  o.field_count = 2;
  ck_assert_int_eq(
      la_write_event(&rows.items[1], LISTAPPS_EVENT_FOCUS, EVENT_MS, &o, 0, collect, &event), 0);
  line = finish(&event);
  ck_assert_ptr_nonnull(strstr(line, "\"event\":\"focus\""));
  ck_assert_ptr_nonnull(strstr(line, "\"foreground\":false"));
  free(line);
  ck_assert_str_eq(la_event_name(LISTAPPS_EVENT_FOCUS), "focus");
  la_rows_free(&rows);
}
END_TEST

/* An event is one record: JSON (an array) and Prometheus cannot hold one. */
START_TEST(test_event_refuses_json_and_prometheus) {
  listapps_write_options o = LISTAPPS_WRITE_OPTIONS_INIT;
  la_buffer text = {0};
  la_rows rows = {0};

  sample(&rows);
  o.format = LISTAPPS_FORMAT_JSON;
  ck_assert_int_eq(
      la_write_event(&rows.items[0], LISTAPPS_EVENT_OPENED, EVENT_MS, &o, 1, collect, &text),
      LISTAPPS_EINVAL);
  o.format = LISTAPPS_FORMAT_PROMETHEUS;
  ck_assert_int_eq(
      la_write_event(&rows.items[0], LISTAPPS_EVENT_OPENED, EVENT_MS, &o, 1, collect, &text),
      LISTAPPS_EINVAL);
  ck_assert_uint_eq(text.len, 0);
  la_buffer_free(&text);
  la_rows_free(&rows);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("render");
  TCase *styles = tcase_create("styles");
  TCase *outputs = tcase_create("outputs");

  tcase_add_loop_test(styles, test_each_type_in_each_style, 0,
                      (int)(sizeof render_cases / sizeof render_cases[0]));
  tcase_add_test(styles, test_typed_values_and_times);
  tcase_add_test(outputs, test_listing_table);
  tcase_add_test(outputs, test_event_table_line);
  tcase_add_test(outputs, test_listing_and_event_csv);
  tcase_add_test(outputs, test_listing_and_event_json);
  tcase_add_test(outputs, test_listing_prometheus);
  tcase_add_test(outputs, test_event_refuses_json_and_prometheus);
  tcase_add_test(outputs, test_window_facts_and_the_app_in_front);
  suite_add_tcase(s, styles);
  suite_add_tcase(s, outputs);
  return s;
}
