/* CSV fields, JSON strings and table cells, one string at a time. */
#include <stdlib.h>
#include <string.h>

#include "json_reader.h"
#include "suite.h"
#include "output/text_escape.h"

static char *csv_of(const char *s) {
  la_buffer b = {NULL, 0, 0, 0};
  char *out = NULL;

  la_csv_append_field(&b, s, strlen(s));
  ck_assert_int_eq(la_buffer_finish(&b, &out, NULL), 0);
  return out;
}

static void assert_csv(const char *in, const char *expected) {
  char *out = csv_of(in);
  ck_assert_str_eq(out, expected);
  free(out);
}

START_TEST(test_csv_plain_fields_stay_plain) {
  assert_csv("", "");
  assert_csv("Notepad", "Notepad");
  assert_csv("a b", "a b");
  assert_csv("\xE2\x9C\x93 caf\xC3\xA9", "\xE2\x9C\x93 caf\xC3\xA9");
  assert_csv("=1+2", "=1+2");
}
END_TEST

START_TEST(test_csv_quotes_what_needs_it) {
  assert_csv("a,b", "\"a,b\"");
  assert_csv("say \"hi\"", "\"say \"\"hi\"\"\"");
  assert_csv("\"", "\"\"\"\"");
  assert_csv("line1\r\nline2", "\"line1\r\nline2\"");
  assert_csv("cr\r", "\"cr\r\"");
  assert_csv("lf\n", "\"lf\n\"");
  assert_csv(" lead", "\" lead\"");
  assert_csv("trail ", "\"trail \"");
  assert_csv("\ttab", "\"\ttab\"");
}
END_TEST

START_TEST(test_csv_respects_length) {
  la_buffer b = {NULL, 0, 0, 0};
  char *out = NULL;

  /* Only the first three bytes count: the comma after them does not force quotes. */
  la_csv_append_field(&b, "abc,def", 3);
  ck_assert_int_eq(la_buffer_finish(&b, &out, NULL), 0);
  ck_assert_str_eq(out, "abc");
  free(out);
}
END_TEST

static char *json_of(const char *s, size_t len) {
  la_buffer b = {NULL, 0, 0, 0};
  char *out = NULL;

  la_json_append_string(&b, s, len);
  ck_assert_int_eq(la_buffer_finish(&b, &out, NULL), 0);
  return out;
}

static void assert_json(const char *in, const char *expected) {
  char *out = json_of(in, strlen(in));
  ck_assert_str_eq(out, expected);
  free(out);
}

START_TEST(test_json_escapes) {
  assert_json("", "\"\"");
  assert_json("plain", "\"plain\"");
  assert_json("q\"b\\", "\"q\\\"b\\\\\"");
  assert_json("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
  assert_json("\x01\x1b\x1f\x7f", "\"\\u0001\\u001b\\u001f\\u007f\"");
  assert_json("\xE2\x80\xA8\xE2\x80\xA9", "\"\\u2028\\u2029\"");
  assert_json("\xF0\x9F\x98\x80 \xE6\xBC\xA2", "\"\xF0\x9F\x98\x80 \xE6\xBC\xA2\"");
  assert_json("/", "\"/\"");
}
END_TEST

START_TEST(test_json_invalid_utf8_becomes_replacement) {
  assert_json(
      "a\xFF"
      "b",
      "\"a\xEF\xBF\xBD"
      "b\"");
  assert_json("\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}
END_TEST

START_TEST(test_json_round_trips_through_a_parser) {
  /* Every byte value from 1 to 127 and some non-ASCII: parsed back, the string is unchanged. */
  char in[160];
  size_t n = 0;
  unsigned c;
  json_value v;
  char err[128];
  char *out;

  for (c = 1; c < 128; c++) in[n++] = (char)c;
  memcpy(in + n, "\xC3\xA9\xE2\x80\xAE\xF0\x9F\x98\x80", 9);
  n += 9;
  out = json_of(in, n);
  ck_assert_msg(json_parse(out, strlen(out), &v, err, sizeof err) == 0, "%s", err);
  ck_assert_int_eq(v.type, JSON_STRING);
  ck_assert_uint_eq(v.string_len, n);
  ck_assert_mem_eq(v.string, in, n);
  json_free(&v);
  free(out);
}
END_TEST

static char *cell_of(const char *s, size_t *width) {
  la_buffer b = {NULL, 0, 0, 0};
  char *out = NULL;

  *width = la_table_append_cell(&b, s, strlen(s));
  ck_assert_uint_eq(*width, la_table_cell_width(s, strlen(s)));
  ck_assert_int_eq(la_buffer_finish(&b, &out, NULL), 0);
  return out;
}

static void assert_cell(const char *in, const char *expected, size_t expected_width) {
  size_t width = 0;
  char *out = cell_of(in, &width);
  ck_assert_str_eq(out, expected);
  ck_assert_uint_eq(width, expected_width);
  free(out);
}

START_TEST(test_table_escapes_controls) {
  assert_cell("\x1b[31mred", "\\x1b[31mred", 11);
  assert_cell("bell\a", "bell\\x07", 8);
  assert_cell("a\r\nb\tc", "a\\x0d\\x0ab\\x09c", 15);
  assert_cell("del\x7f", "del\\x7f", 7);
  assert_cell("c1\xC2\x85\xC2\x9B", "c1\\x85\\x9b", 10);
  assert_cell(
      "rlo\xE2\x80\xAE"
      "txt",
      "rlo\\u202etxt", 12);
  assert_cell("iso\xE2\x81\xA6", "iso\\u2066", 9);
  assert_cell("ls\xE2\x80\xA8", "ls\\u2028", 8);
}
END_TEST

START_TEST(test_table_widths) {
  assert_cell("", "", 0);
  assert_cell("Notepad", "Notepad", 7);
  assert_cell("\xE8\xA8\x88\xE7\xAE\x97\xE6\xA9\x9F", "\xE8\xA8\x88\xE7\xAE\x97\xE6\xA9\x9F", 6);
  assert_cell("\xF0\x9F\x98\x80!", "\xF0\x9F\x98\x80!", 3);
  assert_cell("e\xCC\x81", "e\xCC\x81", 1);
  assert_cell("caf\xC3\xA9", "caf\xC3\xA9", 4);
  assert_cell("\xEF\xBC\xA1", "\xEF\xBC\xA1", 2); /* fullwidth A */
}
END_TEST

START_TEST(test_table_invalid_utf8_becomes_replacement) {
  assert_cell("x\xFFy", "x\xEF\xBF\xBDy", 3);
}
END_TEST

START_TEST(test_display_width_classes) {
  ck_assert_uint_eq(la_display_width('a'), 1);
  ck_assert_uint_eq(la_display_width(0x0301), 0);
  ck_assert_uint_eq(la_display_width(0x200D), 0);
  ck_assert_uint_eq(la_display_width(0xAC00), 2);
  ck_assert_uint_eq(la_display_width(0x1F680), 2);
  ck_assert_uint_eq(la_display_width(0x20000), 2);
  ck_assert_uint_eq(la_display_width(0x00E9), 1);
}
END_TEST

START_TEST(test_formula_detection) {
  ck_assert_int_eq(la_csv_looks_like_formula("=1", 2), 1);
  ck_assert_int_eq(la_csv_looks_like_formula("+1", 2), 1);
  ck_assert_int_eq(la_csv_looks_like_formula("-1", 2), 1);
  ck_assert_int_eq(la_csv_looks_like_formula("@x", 2), 1);
  ck_assert_int_eq(la_csv_looks_like_formula("\tx", 2), 1);
  ck_assert_int_eq(la_csv_looks_like_formula("\rx", 2), 1);
  ck_assert_int_eq(la_csv_looks_like_formula("a=1", 3), 0);
  ck_assert_int_eq(la_csv_looks_like_formula("", 0), 0);
  ck_assert_int_eq(la_csv_looks_like_formula(" =1", 3), 0);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("text_escape");
  TCase *invalid = tcase_create("invalid input");
  TCase *csv = tcase_create("csv");
  TCase *json = tcase_create("json");
  TCase *table = tcase_create("table");

  tcase_add_test(invalid, test_json_invalid_utf8_becomes_replacement);
  tcase_add_test(invalid, test_table_invalid_utf8_becomes_replacement);
  tcase_add_test(csv, test_csv_plain_fields_stay_plain);
  tcase_add_test(csv, test_csv_quotes_what_needs_it);
  tcase_add_test(csv, test_csv_respects_length);
  tcase_add_test(csv, test_formula_detection);
  tcase_add_test(json, test_json_escapes);
  tcase_add_test(json, test_json_round_trips_through_a_parser);
  tcase_add_test(table, test_table_escapes_controls);
  tcase_add_test(table, test_table_widths);
  tcase_add_test(table, test_display_width_classes);
  suite_add_tcase(s, invalid);
  suite_add_tcase(s, csv);
  suite_add_tcase(s, json);
  suite_add_tcase(s, table);
  return s;
}
