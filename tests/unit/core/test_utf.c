/* UTF-16 to UTF-8 conversion and UTF-8 decoding. */
#include <stdlib.h>
#include <string.h>

#include "suite.h"
#include "core/utf.h"

/* Converts and compares with the expected bytes (which may hold NULs). */
static void assert_converts(const uint16_t *s, size_t count, const char *expected,
                            size_t expected_len) {
  char *out = NULL;
  size_t out_len = 99;

  ck_assert_int_eq(la_utf16_to_utf8(s, count, &out, &out_len), 0);
  ck_assert_ptr_nonnull(out);
  ck_assert_uint_eq(out_len, expected_len);
  ck_assert_mem_eq(out, expected, expected_len);
  ck_assert_int_eq(out[out_len], '\0');
  free(out);
}

START_TEST(test_empty_input_gives_empty_string) {
  static const uint16_t none[1] = {0};
  assert_converts(none, 0, "", 0);
}
END_TEST

START_TEST(test_each_utf8_length) {
  static const uint16_t s[] = {'A', 0x00E9, 0x20AC, 0xD83D, 0xDE00};
  assert_converts(s, 5, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 10);
}
END_TEST

START_TEST(test_cjk_and_boundaries) {
  static const uint16_t s[] = {0x007F, 0x0080, 0x07FF, 0x0800, 0xFFFF, 0x6F22, 0xDBFF, 0xDFFF};
  assert_converts(s, 8, "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xE6\xBC\xA2\xF4\x8F\xBF\xBF",
                  18);
}
END_TEST

START_TEST(test_unpaired_surrogates_become_replacement) {
  /* A high surrogate at the end, a high before a non-surrogate, a lone low, two highs. */
  static const uint16_t end_high[] = {'a', 0xD800};
  static const uint16_t high_then_a[] = {0xD83D, 'a'};
  static const uint16_t lone_low[] = {0xDC00, 'b'};
  static const uint16_t two_highs[] = {0xD800, 0xD83D, 0xDE00};

  assert_converts(end_high, 2, "a\xEF\xBF\xBD", 4);
  assert_converts(high_then_a, 2,
                  "\xEF\xBF\xBD"
                  "a",
                  4);
  assert_converts(lone_low, 2,
                  "\xEF\xBF\xBD"
                  "b",
                  4);
  assert_converts(two_highs, 3, "\xEF\xBF\xBD\xF0\x9F\x98\x80", 7);
}
END_TEST

START_TEST(test_embedded_nul_is_kept) {
  static const uint16_t s[] = {'a', 0, 'b'};
  assert_converts(s, 3, "a\0b", 3);
}
END_TEST

START_TEST(test_out_len_may_be_null) {
  static const uint16_t s[] = {'x'};
  char *out = NULL;

  ck_assert_int_eq(la_utf16_to_utf8(s, 1, &out, NULL), 0);
  ck_assert_str_eq(out, "x");
  free(out);
}
END_TEST

START_TEST(test_long_input) {
  enum { COUNT = 70000 };
  uint16_t *s = malloc(COUNT * sizeof *s);
  char *out = NULL;
  size_t out_len = 0;
  size_t i;

  ck_assert_ptr_nonnull(s);
  for (i = 0; i < COUNT; i++) s[i] = 0x4E2D; /* three bytes each */
  ck_assert_int_eq(la_utf16_to_utf8(s, COUNT, &out, &out_len), 0);
  ck_assert_uint_eq(out_len, COUNT * 3);
  ck_assert_mem_eq(out + (COUNT - 1) * 3, "\xE4\xB8\xAD", 3);
  free(out);
  free(s);
}
END_TEST

/* Decodes s and checks the code point and bytes consumed. */
static void assert_decodes(const char *s, size_t len, uint32_t cp, size_t consumed) {
  uint32_t got = 0;
  ck_assert_uint_eq(la_utf8_decode(s, len, &got), consumed);
  ck_assert_uint_eq(got, cp);
}

START_TEST(test_decode_invalid_sequences) {
  assert_decodes("\xC0\x80", 2, LA_REPLACEMENT_CHAR, 1);         /* overlong NUL */
  assert_decodes("\xE0\x80\x80", 3, LA_REPLACEMENT_CHAR, 1);     /* overlong */
  assert_decodes("\xED\xA0\x80", 3, LA_REPLACEMENT_CHAR, 1);     /* surrogate */
  assert_decodes("\xF4\x90\x80\x80", 4, LA_REPLACEMENT_CHAR, 1); /* past U+10FFFF */
  assert_decodes("\xF5\x80\x80\x80", 4, LA_REPLACEMENT_CHAR, 1);
  assert_decodes("\x80", 1, LA_REPLACEMENT_CHAR, 1);         /* stray continuation */
  assert_decodes("\xE2\x82", 2, LA_REPLACEMENT_CHAR, 1);     /* truncated */
  assert_decodes("\xE2\x28\xA1", 3, LA_REPLACEMENT_CHAR, 1); /* bad continuation */
}
END_TEST

START_TEST(test_decode_valid_sequences) {
  uint32_t cp = 1;
  assert_decodes("A", 1, 'A', 1);
  assert_decodes("\xC3\xA9", 2, 0xE9, 2);
  assert_decodes("\xE2\x82\xAC", 3, 0x20AC, 3);
  assert_decodes("\xF0\x9F\x98\x80", 4, 0x1F600, 4);
  assert_decodes("\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4);
  ck_assert_uint_eq(la_utf8_decode("", 0, &cp), 0);
}
END_TEST

START_TEST(test_encode_decode_round_trip) {
  uint32_t cp;

  for (cp = 0; cp <= 0x10FFFFu; cp += (cp < 0x3000u ? 1u : 97u)) {
    char buf[4];
    uint32_t back = 0;
    size_t n;
    if (cp >= 0xD800u && cp <= 0xDFFFu) continue;
    n = la_utf8_encode(cp, buf);
    ck_assert_uint_eq(la_utf8_decode(buf, n, &back), n);
    ck_assert_uint_eq(back, cp);
  }
}
END_TEST

/* Cleans s[0..len) and compares with the expected text. */
static void assert_clean(const char *s, size_t len, const char *expected) {
  char *out = NULL;
  size_t out_len = 99;

  ck_assert_int_eq(la_utf8_clean_name(s, len, &out, &out_len), 0);
  ck_assert_ptr_nonnull(out);
  ck_assert_str_eq(out, expected);
  ck_assert_uint_eq(out_len, strlen(expected));
  free(out);
}

START_TEST(test_clean_name_replaces_invalid_utf8) {
  /* A lone continuation byte, a truncated sequence, an overlong '/', a surrogate, and a byte
   * past U+10FFFF: each rejected byte becomes one U+FFFD. */
  assert_clean("a\x80" "b", 3, "a\xEF\xBF\xBD" "b");
  assert_clean("\xE2\x82", 2, "\xEF\xBF\xBD\xEF\xBF\xBD");
  assert_clean("\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD");
  assert_clean("\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  assert_clean("\xF5", 1, "\xEF\xBF\xBD");
}
END_TEST

START_TEST(test_clean_name_escapes_controls) {
  /* C0 (with TAB, LF, ESC), DEL and C1 (U+0085, U+009B) as \xHH; NUL too. */
  assert_clean("a\tb\nc\x1B[31m", 10, "a\\x09b\\x0Ac\\x1B[31m");
  assert_clean("\x7F\xC2\x85\xC2\x9B", 5, "\\x7F\\x85\\x9B");
  assert_clean("x\0y", 3, "x\\x00y");
  ck_assert_int_eq(la_is_control(0x1F), 1);
  ck_assert_int_eq(la_is_control(0x20), 0);
  ck_assert_int_eq(la_is_control(0x9F), 1);
  ck_assert_int_eq(la_is_control(0xA0), 0);
}
END_TEST

START_TEST(test_clean_name_keeps_valid_text) {
  static const char text[] = "Calculator \xE2\x80\x94 \xE6\xBC\xA2 \xF0\x9F\x98\x80 \\ \"";
  assert_clean("", 0, "");
  assert_clean(text, sizeof text - 1, text);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("utf");
  TCase *invalid = tcase_create("invalid input");
  TCase *happy = tcase_create("conversion");
  TCase *edges = tcase_create("boundaries");

  tcase_add_test(invalid, test_unpaired_surrogates_become_replacement);
  tcase_add_test(invalid, test_decode_invalid_sequences);
  tcase_add_test(invalid, test_clean_name_replaces_invalid_utf8);
  tcase_add_test(invalid, test_clean_name_escapes_controls);
  tcase_add_test(happy, test_each_utf8_length);
  tcase_add_test(happy, test_out_len_may_be_null);
  tcase_add_test(happy, test_decode_valid_sequences);
  tcase_add_test(happy, test_clean_name_keeps_valid_text);
  tcase_add_test(edges, test_empty_input_gives_empty_string);
  tcase_add_test(edges, test_cjk_and_boundaries);
  tcase_add_test(edges, test_embedded_nul_is_kept);
  tcase_add_test(edges, test_long_input);
  tcase_add_test(edges, test_encode_decode_round_trip);
  suite_add_tcase(s, invalid);
  suite_add_tcase(s, happy);
  suite_add_tcase(s, edges);
  return s;
}
