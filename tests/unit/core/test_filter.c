/* Filters: patterns, wildcards, case folding, PIDs, and groups kept whole with --all. */
#include <stdlib.h>
#include <string.h>

#include "core/filter.h"
#include "core/row.h"
#include "suite.h"

START_TEST(test_substring_ignores_case) {
  ck_assert(la_pattern_matches("note", "Notepad"));
  ck_assert(la_pattern_matches("PAD", "Notepad"));
  ck_assert(la_pattern_matches("tepa", "Notepad"));
  ck_assert(!la_pattern_matches("notes", "Notepad"));
  ck_assert(la_pattern_matches("x", "x"));
  ck_assert(!la_pattern_matches("x", ""));
  /* Folding beyond ASCII: É/é, Σ/σ, Ж/ж, fullwidth Ａ/ａ. */
  ck_assert(la_pattern_matches("\xC3\x89t\xC3\xA9", "\xC3\xA9T\xC3\x89 caf\xC3\xA9"));
  ck_assert(la_pattern_matches("\xCE\xA3", "\xCF\x83\xCE\xBF\xCF\x86\xCE\xAF\xCE\xB1"));
  ck_assert(la_pattern_matches("\xD0\x96", "\xD0\xB6\xD1\x83\xD0\xBA"));
  ck_assert(la_pattern_matches("\xEF\xBC\xA1", "\xEF\xBD\x81"));
  ck_assert(!la_pattern_matches("\xC3\xA9", "e"));
}
END_TEST

START_TEST(test_wildcards_match_the_whole_field) {
  ck_assert(la_pattern_matches("*", "anything at all"));
  ck_assert(la_pattern_matches("*", ""));
  ck_assert(la_pattern_matches("note*", "Notepad"));
  ck_assert(!la_pattern_matches("pad*", "Notepad")); /* whole field, not anywhere */
  ck_assert(la_pattern_matches("*pad", "Notepad"));
  ck_assert(la_pattern_matches("n?tepad", "Notepad"));
  ck_assert(!la_pattern_matches("n?tepad", "Ntepad"));
  ck_assert(la_pattern_matches("?", "\xE2\x9C\x93")); /* one character, three bytes */
  ck_assert(!la_pattern_matches("??", "\xE2\x9C\x93"));
  ck_assert(la_pattern_matches("*.txt - Notepad", "notes.txt - Notepad"));
  ck_assert(la_pattern_matches("a*b*c", "aXXbYYbZZc"));
  ck_assert(!la_pattern_matches("a*b*c", "aXXbYYbZZ"));
  ck_assert(la_pattern_matches("**a**", "bab"));
  /* Brackets are literal, as is everything but * and ?. */
  ck_assert(la_pattern_matches("[a]*", "[a] title"));
  ck_assert(!la_pattern_matches("[a]*", "a title"));
  ck_assert(la_pattern_matches("[ab]", "x[ab]y"));
  ck_assert(!la_pattern_matches("[ab]", "a"));
  ck_assert(la_pattern_matches("\xC3\x89*", "\xC3\xA9t\xC3\xA9"));
  ck_assert(la_pattern_matches("*\xCF\x83", "\xCE\x9F\xCE\xA3"));
}
END_TEST

/* A row with a name, image, title (any may be NULL), PID, category and AppPID (0: none). */
static void make_row(la_row *r, const char *name, const char *image, const char *title,
                     unsigned long pid, int category, unsigned long app_pid) {
  memset(r, 0, sizeof *r);
  ck_assert_int_eq(la_value_set_text(&r->values[LISTAPPS_FIELD_NAME], name, LISTAPPS_VALUE_NONE),
                   0);
  ck_assert_int_eq(
      la_value_set_text(&r->values[LISTAPPS_FIELD_IMAGE], image, LISTAPPS_VALUE_EXITED), 0);
  ck_assert_int_eq(la_value_set_text(&r->values[LISTAPPS_FIELD_TITLE], title, LISTAPPS_VALUE_NONE),
                   0);
  la_value_set_number(&r->values[LISTAPPS_FIELD_PID], (long long)pid);
  la_value_set_number(&r->values[LISTAPPS_FIELD_CATEGORY], category);
  if (app_pid != 0)
    la_value_set_number(&r->values[LISTAPPS_FIELD_APP_PID], (long long)app_pid);
  else
    la_value_set_state(&r->values[LISTAPPS_FIELD_APP_PID], LISTAPPS_VALUE_NONE);
}

START_TEST(test_row_fields_and_pids) {
  const char *note[] = {"notepad"};
  const char *exe_glob[] = {"notepad"};
  const char *stem_glob[] = {"NOTE*"};
  const char *title_glob[] = {"*draft*"};
  const char *none[] = {"calc", "paint"};
  const unsigned long pids[] = {7, 42};
  const unsigned long other_pids[] = {7};
  la_filter f = {NULL, 0, NULL, 0, 0};
  la_row r;

  make_row(&r, "Editor", "notepad.exe", "a draft - Editor", 42, LISTAPPS_CATEGORY_APP, 42);
  ck_assert(!la_filter_active(&f));
  ck_assert(la_row_matches(&r, &f));
  f.patterns = note;
  f.pattern_count = 1;
  ck_assert(la_filter_active(&f));
  ck_assert(la_row_matches(&r, &f)); /* the image, by substring */
  f.patterns = exe_glob;
  ck_assert(la_row_matches(&r, &f));
  f.patterns = stem_glob; /* a wildcard over the image without .exe */
  ck_assert(la_row_matches(&r, &f));
  f.patterns = title_glob;
  ck_assert(la_row_matches(&r, &f));
  f.patterns = none;
  f.pattern_count = 2;
  ck_assert(!la_row_matches(&r, &f));
  /* PIDs alone, and with patterns: both must hold. */
  f.pattern_count = 0;
  f.pids = pids;
  f.pid_count = 2;
  ck_assert(la_row_matches(&r, &f));
  f.pids = other_pids;
  f.pid_count = 1;
  ck_assert(!la_row_matches(&r, &f));
  f.patterns = note;
  f.pattern_count = 1;
  f.pids = pids;
  f.pid_count = 2;
  ck_assert(la_row_matches(&r, &f));
  f.pids = other_pids;
  f.pid_count = 1;
  ck_assert(!la_row_matches(&r, &f));
  la_row_free(&r);
  /* An unavailable image or title matches nothing. */
  make_row(&r, "", NULL, NULL, 9, LISTAPPS_CATEGORY_BACKGROUND, 0);
  f.pid_count = 0;
  ck_assert(!la_row_matches(&r, &f));
  la_row_free(&r);
}
END_TEST

static unsigned long pid_of(const la_rows *rows, size_t i) {
  return (unsigned long)rows->items[i].values[LISTAPPS_FIELD_PID].number;
}

START_TEST(test_all_keeps_a_matching_group) {
  const char *chrome[] = {"chrome"};
  const char *renderer[] = {"renderer"};
  la_filter f = {chrome, 1, NULL, 0, 0};
  la_rows rows = {0};

  rows.items = calloc(5, sizeof *rows.items);
  ck_assert_ptr_nonnull(rows.items);
  rows.count = 5;
  rows.flags = LISTAPPS_LIST_ALL;
  make_row(&rows.items[0], "Google Chrome", "chrome.exe", "New Tab", 10, LISTAPPS_CATEGORY_APP, 10);
  make_row(&rows.items[1], "crashpad", "crashpad.exe", NULL, 11, LISTAPPS_CATEGORY_APP, 10);
  make_row(&rows.items[2], "renderer", "renderer.exe", NULL, 12, LISTAPPS_CATEGORY_APP, 10);
  make_row(&rows.items[3], "Paint", "mspaint.exe", "x", 20, LISTAPPS_CATEGORY_APP, 20);
  make_row(&rows.items[4], "svc", "svc.exe", NULL, 30, LISTAPPS_CATEGORY_BACKGROUND, 0);
  ck_assert_int_eq(la_filter_rows(&rows, &f), 0);
  ck_assert_uint_eq(rows.count, 3);
  ck_assert_uint_eq(pid_of(&rows, 0), 10);
  ck_assert_uint_eq(pid_of(&rows, 1), 11);
  ck_assert_uint_eq(pid_of(&rows, 2), 12);
  /* A member that matches on its own is kept alone: it does not bring its App. */
  f.patterns = renderer;
  ck_assert_int_eq(la_filter_rows(&rows, &f), 0);
  ck_assert_uint_eq(rows.count, 1);
  ck_assert_uint_eq(pid_of(&rows, 0), 12);
  la_rows_free(&rows);
}
END_TEST

START_TEST(test_no_filter_keeps_everything) {
  la_filter f = {NULL, 0, NULL, 0, 0};
  la_rows rows = {0};

  rows.items = calloc(2, sizeof *rows.items);
  ck_assert_ptr_nonnull(rows.items);
  rows.count = 2;
  rows.flags = 0;
  make_row(&rows.items[0], "a", "a.exe", "t", 1, LISTAPPS_CATEGORY_APP, 1);
  make_row(&rows.items[1], "b", "b.exe", "t", 2, LISTAPPS_CATEGORY_APP, 2);
  ck_assert_int_eq(la_filter_rows(&rows, &f), 0);
  ck_assert_uint_eq(rows.count, 2);
  la_rows_free(&rows);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("filter");
  TCase *patterns = tcase_create("patterns");
  TCase *rows = tcase_create("rows");

  tcase_add_test(patterns, test_substring_ignores_case);
  tcase_add_test(patterns, test_wildcards_match_the_whole_field);
  tcase_add_test(rows, test_row_fields_and_pids);
  tcase_add_test(rows, test_all_keeps_a_matching_group);
  tcase_add_test(rows, test_no_filter_keeps_everything);
  suite_add_tcase(s, patterns);
  suite_add_tcase(s, rows);
  return s;
}
