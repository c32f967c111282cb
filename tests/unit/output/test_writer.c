/*
 * The 2.0 writers over hand-made rows: every type in CSV, JSON, JSON Lines and the table,
 * unavailable states, column choice, and sorting by a column.
 */
#include <stdlib.h>
#include <string.h>

#include "core/row.h"
#include "output/value_render.h"
#include "output/writer.h"
#include "suite.h"

static int collect(void *context, const char *data, size_t len) {
  la_buffer *b = context;
  la_buffer_append(b, data, len);
  return b->err;
}

/* Writes rows with the given format and columns; returns the text (free it). */
static char *write_rows(const la_rows *rows, int format, const int *fields, size_t count) {
  listapps_write_options o = LISTAPPS_WRITE_OPTIONS_INIT;
  la_write_spec spec;
  la_buffer text = {0};
  la_out out;
  char *result = NULL;

  o.format = format;
  o.fields = fields;
  o.field_count = count;
  ck_assert_int_eq(la_write_spec_of(&o, &spec), 0);
  memset(&out, 0, sizeof out);
  out.sink = collect;
  out.context = &text;
  ck_assert_int_eq(la_write_rows(rows, &spec, &out), 0);
  ck_assert_int_eq(la_buffer_finish(&text, &result, NULL), 0);
  return result;
}

/* Two App rows with every kind of value. */
static void sample(la_rows *rows) {
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
    la_value_set_text(&r->values[LISTAPPS_FIELD_CATEGORY], "App", LISTAPPS_VALUE_NONE);
    r->values[LISTAPPS_FIELD_CATEGORY].number = LISTAPPS_CATEGORY_APP;
    la_value_set_number(&r->values[LISTAPPS_FIELD_PROCESSES], 1);
  }
  la_value_set_text(&rows->items[0].values[LISTAPPS_FIELD_NAME], "Editor", 0);
  la_value_set_number(&rows->items[0].values[LISTAPPS_FIELD_PID], 42);
  la_value_set_number(&rows->items[0].values[LISTAPPS_FIELD_APP_PID], 42);
  la_value_set_number(&rows->items[0].values[LISTAPPS_FIELD_CPU], 125);          /* 12.5% */
  la_value_set_number(&rows->items[0].values[LISTAPPS_FIELD_MEMORY], 129394278); /* 123.4 MB */
  la_value_set_number(&rows->items[0].values[LISTAPPS_FIELD_START_TIME], 1795883764123LL);
  la_value_set_number(&rows->items[0].values[LISTAPPS_FIELD_ELEVATED], 1);
  la_value_set_text(&rows->items[0].values[LISTAPPS_FIELD_STATUS], "Not responding", 0);
  la_value_set_text(&rows->items[1].values[LISTAPPS_FIELD_NAME], "Viewer", 0);
  la_value_set_number(&rows->items[1].values[LISTAPPS_FIELD_PID], 7);
  la_value_set_number(&rows->items[1].values[LISTAPPS_FIELD_APP_PID], 7);
  la_value_set_state(&rows->items[1].values[LISTAPPS_FIELD_CPU], LISTAPPS_VALUE_EXITED);
  la_value_set_number(&rows->items[1].values[LISTAPPS_FIELD_MEMORY], 0);
  la_value_set_state(&rows->items[1].values[LISTAPPS_FIELD_START_TIME], LISTAPPS_VALUE_DENIED);
  la_value_set_number(&rows->items[1].values[LISTAPPS_FIELD_ELEVATED], 0);
  la_value_set_state(&rows->items[1].values[LISTAPPS_FIELD_STATUS], LISTAPPS_VALUE_UNSUPPORTED);
}

static const int columns[] = {LISTAPPS_FIELD_NAME,     LISTAPPS_FIELD_CPU,
                              LISTAPPS_FIELD_MEMORY,   LISTAPPS_FIELD_START_TIME,
                              LISTAPPS_FIELD_ELEVATED, LISTAPPS_FIELD_STATUS};
#define COLUMNS (sizeof columns / sizeof columns[0])

START_TEST(test_every_type_in_csv_and_json) {
  la_rows rows = {0};
  char *text;

  sample(&rows);
  text = write_rows(&rows, LISTAPPS_FORMAT_CSV, columns, COLUMNS);
  ck_assert_str_eq(text,
                   "Name,CPU,Memory,StartTime,Elevated,Status\r\n"
                   "Editor,12.5,129394278,2026-11-28T16:36:04.123Z,true,Not responding\r\n"
                   "Viewer,,0,,false,\r\n");
  free(text);
  text = write_rows(&rows, LISTAPPS_FORMAT_JSON, columns, COLUMNS);
  ck_assert_str_eq(text,
                   "[\n  {\"name\":\"Editor\",\"cpu\":12.5,\"memory\":129394278,"
                   "\"startTime\":\"2026-11-28T16:36:04.123Z\",\"elevated\":true,"
                   "\"status\":\"Not responding\"},\n"
                   "  {\"name\":\"Viewer\",\"cpu\":null,\"memory\":0,\"startTime\":null,"
                   "\"elevated\":false,\"status\":null}\n]\n");
  free(text);
  text = write_rows(&rows, LISTAPPS_FORMAT_JSONL, columns, 2);
  ck_assert_str_eq(text,
                   "{\"name\":\"Editor\",\"cpu\":12.5}\n{\"name\":\"Viewer\",\"cpu\":null}\n");
  free(text);
  la_rows_free(&rows);
}
END_TEST

/* A name far wider than any screen is cut at 100 columns with an ellipsis, and the columns
 * after it start there; the last column (Title) is never cut. */
START_TEST(test_table_caps_a_wide_cell) {
  static const int cols[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_PID, LISTAPPS_FIELD_TITLE};
  la_rows rows = {0};
  char name[301];
  char title[401];
  char *text;
  char *line;

  memset(name, 'n', 300);
  name[300] = '\0';
  memset(title, 't', 400);
  title[400] = '\0';
  sample(&rows);
  la_value_set_text(&rows.items[0].values[LISTAPPS_FIELD_NAME], name, 0);
  la_value_set_text(&rows.items[0].values[LISTAPPS_FIELD_TITLE], title, 0);
  la_value_set_number(&rows.items[0].values[LISTAPPS_FIELD_PID], 42);
  text = write_rows(&rows, LISTAPPS_FORMAT_TABLE, cols, 3);
  /* Header: Name padded to 100 columns. */
  ck_assert_int_eq(strncmp(text, "Name", 4), 0);
  ck_assert_int_eq(text[100], ' ');
  ck_assert_int_eq(strncmp(text + 102, "PID", 3), 0);
  /* The long row: 99 n's and an ellipsis, then the PID column, then the whole title. */
  line = strchr(text, '\n') + 1;
  ck_assert_int_eq(strncmp(line, name, 99), 0);
  ck_assert_int_eq(strncmp(line + 99, "\xE2\x80\xA6  ", 5), 0);
  ck_assert_ptr_nonnull(strstr(line, title));
  free(text);
  la_rows_free(&rows);
}
END_TEST

START_TEST(test_table_units) {
  la_rows rows = {0};
  char *text;

  sample(&rows);
  text = write_rows(&rows, LISTAPPS_FORMAT_TABLE, columns, COLUMNS);
  ck_assert_str_eq(text,
                   "Name      CPU    Memory                 StartTime  Elevated  Status\n"
                   "Editor  12.5%  123.4 MB  2026-11-28T16:36:04.123Z       Yes  Not responding\n"
                   "Viewer           0.0 MB                                  No\n");
  free(text);
  la_rows_free(&rows);
}
END_TEST

START_TEST(test_times_across_the_calendar) {
  la_buffer b = {0};
  char *text = NULL;

  la_append_time(&b, 0);
  la_buffer_append_char(&b, ' ');
  la_append_time(&b, 951782400000LL); /* 2000-02-29, a leap day of a century year */
  la_buffer_append_char(&b, ' ');
  la_append_time(&b, -1);
  ck_assert_int_eq(la_buffer_finish(&b, &text, NULL), 0);
  ck_assert_str_eq(text,
                   "1970-01-01T00:00:00.000Z 2000-02-29T00:00:00.000Z 1969-12-31T23:59:59.999Z");
  free(text);
}
END_TEST

START_TEST(test_sort_by_a_column) {
  la_rows rows = {0};

  sample(&rows);
  /* Descending CPU: the unavailable value stays last. */
  ck_assert_int_eq(la_sort_rows_by(rows.items, 2, 0, LISTAPPS_FIELD_CPU, 1), 0);
  ck_assert_int_eq(rows.items[0].values[LISTAPPS_FIELD_PID].number, 42);
  ck_assert_int_eq(la_sort_rows_by(rows.items, 2, 0, LISTAPPS_FIELD_CPU, 0), 0);
  ck_assert_int_eq(rows.items[0].values[LISTAPPS_FIELD_PID].number, 42);
  /* Numbers as numbers: memory 0 before 129394278 ascending, after it descending. */
  ck_assert_int_eq(la_sort_rows_by(rows.items, 2, 0, LISTAPPS_FIELD_MEMORY, 0), 0);
  ck_assert_int_eq(rows.items[0].values[LISTAPPS_FIELD_PID].number, 7);
  ck_assert_int_eq(la_sort_rows_by(rows.items, 2, 0, LISTAPPS_FIELD_MEMORY, 1), 0);
  ck_assert_int_eq(rows.items[0].values[LISTAPPS_FIELD_PID].number, 42);
  /* Equal values: ties by PID. */
  ck_assert_int_eq(la_sort_rows_by(rows.items, 2, 0, LISTAPPS_FIELD_CATEGORY, 1), 0);
  ck_assert_int_eq(rows.items[0].values[LISTAPPS_FIELD_PID].number, 7);
  /* Strings ignore case; descending by name. */
  ck_assert_int_eq(la_sort_rows_by(rows.items, 2, 0, LISTAPPS_FIELD_NAME, 1), 0);
  ck_assert_str_eq(rows.items[0].values[LISTAPPS_FIELD_NAME].text, "Viewer");
  la_rows_free(&rows);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("writer");
  TCase *types = tcase_create("types");
  TCase *order = tcase_create("order");

  tcase_add_test(types, test_every_type_in_csv_and_json);
  tcase_add_test(types, test_table_units);
  tcase_add_test(types, test_table_caps_a_wide_cell);
  tcase_add_test(types, test_times_across_the_calendar);
  tcase_add_test(order, test_sort_by_a_column);
  suite_add_tcase(s, types);
  suite_add_tcase(s, order);
  return s;
}
