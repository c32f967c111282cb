/* The rules: which windows qualify, grouping, version block choice, names and order. */
#include <stdlib.h>
#include <string.h>

#include "core/app_rules.h"
#include "core/row.h"
#include "suite.h"

/* A window that qualifies; each test changes one fact. */
static la_window_facts app_window(void) {
  la_window_facts w = {1, 0, 0, 0, "Notepad", 8, 1234, 0, NULL, NULL, 0};
  return w;
}

START_TEST(test_plain_visible_titled_window_qualifies) {
  la_window_facts w = app_window();
  ck_assert_int_eq(la_window_may_qualify(&w), 1);
  ck_assert_int_eq(la_window_qualifies(&w), 1);
}
END_TEST

START_TEST(test_hidden_window_does_not_qualify) {
  la_window_facts w = app_window();
  w.visible = 0;
  ck_assert_int_eq(la_window_may_qualify(&w), 0);
  ck_assert_int_eq(la_window_qualifies(&w), 0);
}
END_TEST

START_TEST(test_window_with_parent_does_not_qualify) {
  /* An owned popup reports its owner as parent. */
  la_window_facts w = app_window();
  w.has_parent = 1;
  ck_assert_int_eq(la_window_qualifies(&w), 0);
}
END_TEST

START_TEST(test_tool_window_needs_app_window_style) {
  la_window_facts w = app_window();
  w.ex_style = LA_WS_EX_TOOLWINDOW;
  ck_assert_int_eq(la_window_qualifies(&w), 0);
  w.ex_style = LA_WS_EX_TOOLWINDOW | LA_WS_EX_APPWINDOW;
  ck_assert_int_eq(la_window_qualifies(&w), 1);
  w.ex_style = LA_WS_EX_APPWINDOW | 0x8ul; /* WS_EX_TOPMOST does not matter */
  ck_assert_int_eq(la_window_qualifies(&w), 1);
}
END_TEST

START_TEST(test_untitled_window_does_not_qualify) {
  la_window_facts w = app_window();
  w.title_len = 0;
  ck_assert_int_eq(la_window_may_qualify(&w), 1);
  ck_assert_int_eq(la_window_qualifies(&w), 0);
}
END_TEST

START_TEST(test_shell_windows_do_not_qualify) {
  la_window_facts w = app_window();
  w.is_shell_window = 1;
  ck_assert_int_eq(la_window_qualifies(&w), 0);
  w = app_window();
  w.class_name = "Progman";
  ck_assert_int_eq(la_window_qualifies(&w), 0);
  w.class_name = "WorkerW";
  ck_assert_int_eq(la_window_qualifies(&w), 0);
  w.class_name = "Windows.UI.Core.CoreWindow";
  ck_assert_int_eq(la_window_qualifies(&w), 0);
  w.class_name = "progman"; /* class names are matched exactly, as the shell registers them */
  ck_assert_int_eq(la_window_qualifies(&w), 1);
  w.class_name = NULL;
  ck_assert_int_eq(la_window_qualifies(&w), 1);
}
END_TEST

/* A UWP frame as the system's ApplicationFrameHost.exe draws it, for a packaged app. */
static la_window_facts real_frame(void) {
  la_window_facts w = app_window();
  w.class_name = "ApplicationFrameWindow";
  w.core_child_pid = 5678;
  w.frame_host_path = "C:\\Windows\\System32\\ApplicationFrameHost.exe";
  w.system_dir = "C:\\WINDOWS\\system32";
  w.core_child_packaged = 1;
  return w;
}

START_TEST(test_uwp_frame_counts_for_its_core_window) {
  la_window_facts w = real_frame();
  ck_assert_int_eq(la_window_is_uwp_frame(&w), 1);
  ck_assert_int_eq(la_frame_facts_needed(&w), 1);
  ck_assert_int_eq(la_window_qualifies(&w), 1);
  ck_assert_uint_eq(la_window_app_pid(&w), 5678);
  w.core_child_pid = 0; /* a frame without its core window is no app */
  ck_assert_int_eq(la_frame_facts_needed(&w), 0);
  ck_assert_int_eq(la_window_qualifies(&w), 0);
  w = app_window();
  ck_assert_int_eq(la_window_is_uwp_frame(&w), 0);
  ck_assert_int_eq(la_frame_facts_needed(&w), 0);
  ck_assert_uint_eq(la_window_app_pid(&w), 1234);
}
END_TEST

START_TEST(test_uwp_frame_needs_the_system_host_and_a_package) {
  /* Issue 23: any process could own a frame and put a CoreWindow in it, or put one into the
   * real host's frame. */
  la_window_facts w = real_frame();
  w.core_child_packaged = 0; /* an unpackaged process behind the core window */
  ck_assert_uint_eq(la_window_app_pid(&w), 0);
  ck_assert_int_eq(la_window_qualifies(&w), 0);
  w = real_frame();
  w.frame_host_path = "C:\\Users\\u\\ApplicationFrameHost.exe"; /* a copy elsewhere */
  ck_assert_uint_eq(la_window_app_pid(&w), 0);
  w.frame_host_path = "C:\\Windows\\System32\\notepad.exe"; /* another system program */
  ck_assert_uint_eq(la_window_app_pid(&w), 0);
  w.frame_host_path = "C:\\Windows\\System32\\sub\\ApplicationFrameHost.exe";
  ck_assert_uint_eq(la_window_app_pid(&w), 0);
  w.frame_host_path = NULL; /* the host's path could not be read */
  ck_assert_uint_eq(la_window_app_pid(&w), 0);
  w = real_frame();
  w.system_dir = NULL;
  ck_assert_uint_eq(la_window_app_pid(&w), 0);
  /* Case does not matter, as Windows compares paths. */
  w = real_frame();
  w.frame_host_path = "c:\\windows\\SYSTEM32\\applicationframehost.EXE";
  ck_assert_uint_eq(la_window_app_pid(&w), 5678);
  ck_assert_int_eq(la_is_system_frame_host("C:\\Windows\\System32\\ApplicationFrameHost.exe",
                                           "C:\\Windows\\System32\\"),
                   1);
  ck_assert_int_eq(la_is_system_frame_host(NULL, "C:\\Windows\\System32"), 0);
}
END_TEST

START_TEST(test_frame_host_is_never_an_app) {
  /* ApplicationFrameHost.exe draws UWP frames; its own windows never make it an App. */
  ck_assert_int_eq(la_image_may_be_app("ApplicationFrameHost.exe"), 0);
  ck_assert_int_eq(la_image_may_be_app("applicationframehost.EXE"), 0);
  ck_assert_int_eq(la_image_may_be_app("ApplicationFrameHost"), 1);
  ck_assert_int_eq(la_image_may_be_app("ApplicationFrameHost.exe.exe"), 1);
  ck_assert_int_eq(la_image_may_be_app("notepad.exe"), 1);
  ck_assert_int_eq(la_image_may_be_app(NULL), 1);
}
END_TEST

START_TEST(test_group_empty) {
  la_app_group *groups = (la_app_group *)1;
  size_t count = 9;
  ck_assert_int_eq(la_group_windows(NULL, 0, &groups, &count), 0);
  ck_assert_ptr_null(groups);
  ck_assert_uint_eq(count, 0);
}
END_TEST

START_TEST(test_group_by_process_in_z_order) {
  static const unsigned long pids[] = {40, 12, 40, 8, 12, 40};
  la_app_group *g = NULL;
  size_t n = 0;

  ck_assert_int_eq(la_group_windows(pids, 6, &g, &n), 0);
  ck_assert_uint_eq(n, 3);
  ck_assert_uint_eq(g[0].pid, 40);
  ck_assert_uint_eq(g[0].first_window, 0);
  ck_assert_uint_eq(g[0].window_count, 3);
  ck_assert_uint_eq(g[1].pid, 12);
  ck_assert_uint_eq(g[1].first_window, 1);
  ck_assert_uint_eq(g[1].window_count, 2);
  ck_assert_uint_eq(g[2].pid, 8);
  ck_assert_uint_eq(g[2].first_window, 3);
  ck_assert_uint_eq(g[2].window_count, 1);
  free(g);
}
END_TEST

START_TEST(test_group_many_processes) {
  enum { N = 5000 };
  unsigned long *pids = malloc(2 * N * sizeof *pids);
  la_app_group *g = NULL;
  size_t n = 0;
  size_t i;

  ck_assert_ptr_nonnull(pids);
  for (i = 0; i < 2 * N; i++) pids[i] = (unsigned long)(4 * (i % N) + 4);
  ck_assert_int_eq(la_group_windows(pids, 2 * N, &g, &n), 0);
  ck_assert_uint_eq(n, N);
  for (i = 0; i < N; i++) {
    ck_assert_uint_eq(g[i].pid, 4 * i + 4);
    ck_assert_uint_eq(g[i].window_count, 2);
  }
  free(g);
  free(pids);
}
END_TEST

START_TEST(test_candidates_without_translation) {
  uint32_t out[LA_MAX_DESCRIPTION_CANDIDATES];
  size_t n = la_description_candidates(NULL, 0, out);

  ck_assert_uint_eq(n, 3);
  ck_assert_uint_eq(out[0], 0x040904B0u);
  ck_assert_uint_eq(out[1], 0x040904E4u);
  ck_assert_uint_eq(out[2], 0x04090000u);
}
END_TEST

START_TEST(test_candidates_german_first) {
  const uint32_t tr[] = {LA_VERSION_KEY(0x0407, 0x04B0), LA_VERSION_KEY(0x0409, 0x04B0)};
  uint32_t out[LA_MAX_DESCRIPTION_CANDIDATES];
  size_t n = la_description_candidates(tr, 2, out);

  /* 040704B0 first, then German 1252 (1200 is already there), then the English fall-backs. */
  ck_assert_uint_eq(n, 5);
  ck_assert_uint_eq(out[0], 0x040704B0u);
  ck_assert_uint_eq(out[1], 0x040704E4u);
  ck_assert_uint_eq(out[2], 0x040904B0u);
  ck_assert_uint_eq(out[3], 0x040904E4u);
  ck_assert_uint_eq(out[4], 0x04090000u);
}
END_TEST

START_TEST(test_candidates_odd_code_page) {
  const uint32_t tr[] = {LA_VERSION_KEY(0x0411, 932)};
  uint32_t out[LA_MAX_DESCRIPTION_CANDIDATES];
  size_t n = la_description_candidates(tr, 1, out);

  ck_assert_uint_eq(n, 6);
  ck_assert_uint_eq(out[0], 0x041103A4u);
  ck_assert_uint_eq(out[1], 0x041104E4u);
  ck_assert_uint_eq(out[2], 0x041104B0u);
  ck_assert_uint_eq(out[3], 0x040904B0u);
}
END_TEST

START_TEST(test_choose_description) {
  const char *none[] = {NULL, NULL, NULL};
  const char *second[] = {NULL, "Editor", "Other"};
  const char *blank_then_real[] = {"  ", NULL, "Real"};
  const char *only_blank[] = {NULL, " \t", ""};

  ck_assert_int_eq(la_choose_description(none, 3), -1);
  ck_assert_int_eq(la_choose_description(none, 0), -1);
  ck_assert_int_eq(la_choose_description(second, 3), 1);
  ck_assert_int_eq(la_choose_description(blank_then_real, 3), 2);
  ck_assert_int_eq(la_choose_description(only_blank, 3), 1);
}
END_TEST

static void assert_trim(const char *s, const char *expected) {
  size_t start = 99;
  size_t len = 99;
  la_trim(s, strlen(s), &start, &len);
  ck_assert_uint_eq(len, strlen(expected));
  ck_assert_mem_eq(s + start, expected, len);
}

START_TEST(test_trim) {
  assert_trim("", "");
  assert_trim("   ", "");
  assert_trim("Notepad", "Notepad");
  assert_trim("  Paint \t\r\n", "Paint");
  assert_trim("\xC2\xA0\xE3\x80\x80Wide\xEF\xBB\xBF", "Wide"); /* NBSP, ideographic space, BOM */
  assert_trim(" a b ", "a b");
  assert_trim("\xE2\x80\x83", "");
}
END_TEST

START_TEST(test_file_name_of) {
  ck_assert_str_eq(la_file_name_of("C:\\Windows\\notepad.exe"), "notepad.exe");
  ck_assert_str_eq(la_file_name_of("\\\\?\\C:\\a b\\x.exe"), "x.exe");
  ck_assert_str_eq(la_file_name_of("Z:/tmp/y.exe"), "y.exe");
  ck_assert_str_eq(la_file_name_of("plain.exe"), "plain.exe");
  ck_assert_str_eq(la_file_name_of("C:\\dir\\"), "");
}
END_TEST

static void assert_name(const char *description, const char *image, const char *expected) {
  char *name = la_display_name(description, image);
  ck_assert_ptr_nonnull(name);
  ck_assert_str_eq(name, expected);
  free(name);
}

START_TEST(test_display_name) {
  assert_name("  Notepad  ", "notepad.exe", "Notepad");
  assert_name("   ", "blank.exe", "blank.exe");
  assert_name("", "empty.exe", "empty.exe");
  assert_name(NULL, "none.exe", "none.exe");
  assert_name(NULL, NULL, "");
  assert_name("   ", NULL, "");
  assert_name("Caf\xC3\xA9 \xE2\x9C\x93", "x.exe", "Caf\xC3\xA9 \xE2\x9C\x93");
}
END_TEST

START_TEST(test_compare_names_ignores_case) {
  ck_assert_int_eq(la_compare_names("abc", "abc"), 0);
  ck_assert_int_lt(la_compare_names("Apple", "banana"), 0);
  ck_assert_int_gt(la_compare_names("banana", "Apple"), 0);
  ck_assert_int_lt(la_compare_names("apple", "APPLEs"), 0);
  /* Equal ignoring case: ordered by bytes, so the order is total and stable. */
  ck_assert_int_lt(la_compare_names("ABC", "abc"), 0);
  ck_assert_int_lt(la_compare_names("\xC3\x89"
                                    "diteur",
                                    "\xC3\xA9"
                                    "ditez"),
                   0); /* Éditeur < éditez */
  ck_assert_int_lt(la_compare_names("\xD0\x90"
                                    "z",
                                    "\xD0\xB1"),
                   0); /* Аz < б */
  ck_assert_int_lt(la_compare_names("\xCE\xA9"
                                    "a",
                                    "\xCF\x89"
                                    "b"),
                   0); /* Ωa < ωb */
  ck_assert_int_lt(la_compare_names("\xC5\x81"
                                    "a",
                                    "\xC5\x82"
                                    "b"),
                   0); /* Ła < łb */
  ck_assert_int_lt(la_compare_names("", "a"), 0);
}
END_TEST

/* A row for la_sort_rows: category, name, pid, app_pid (0 for none). */
static void make_row(la_row *r, int category, const char *name, unsigned long pid,
                     unsigned long app_pid) {
  memset(r, 0, sizeof *r);
  ck_assert_int_eq(la_value_set_text(&r->values[LISTAPPS_FIELD_CATEGORY],
                                     listapps_category_name(category), LISTAPPS_VALUE_NONE),
                   0);
  r->values[LISTAPPS_FIELD_CATEGORY].number = category;
  ck_assert_int_eq(la_value_set_text(&r->values[LISTAPPS_FIELD_NAME], name, LISTAPPS_VALUE_NONE),
                   0);
  la_value_set_number(&r->values[LISTAPPS_FIELD_PID], (long long)pid);
  if (app_pid != 0)
    la_value_set_number(&r->values[LISTAPPS_FIELD_APP_PID], (long long)app_pid);
  else
    la_value_set_state(&r->values[LISTAPPS_FIELD_APP_PID], LISTAPPS_VALUE_NONE);
}

static const char *row_name(const la_row *r) {
  return r->values[LISTAPPS_FIELD_NAME].text;
}

static unsigned long row_pid(const la_row *r) {
  return (unsigned long)r->values[LISTAPPS_FIELD_PID].number;
}

START_TEST(test_sort_by_name_then_pid) {
  la_row rows[4];
  size_t i;

  make_row(&rows[0], LISTAPPS_CATEGORY_APP, "zeta", 1, 1);
  make_row(&rows[1], LISTAPPS_CATEGORY_APP, "Alpha", 30, 30);
  make_row(&rows[2], LISTAPPS_CATEGORY_APP, "alpha", 20, 20);
  make_row(&rows[3], LISTAPPS_CATEGORY_APP, "Alpha", 10, 10);
  ck_assert_int_eq(la_sort_rows(rows, 4, LISTAPPS_LIST_DEFAULT), 0);
  ck_assert_str_eq(row_name(&rows[0]), "Alpha");
  ck_assert_uint_eq(row_pid(&rows[0]), 10);
  ck_assert_str_eq(row_name(&rows[1]), "Alpha");
  ck_assert_uint_eq(row_pid(&rows[1]), 30);
  ck_assert_str_eq(row_name(&rows[2]), "alpha");
  ck_assert_str_eq(row_name(&rows[3]), "zeta");
  ck_assert_int_eq(la_sort_rows(rows, 0, LISTAPPS_LIST_DEFAULT), 0);
  for (i = 0; i < 4; i++) la_row_free(&rows[i]);
}
END_TEST

START_TEST(test_sort_process_rows) {
  la_row rows[8];
  static const unsigned long expected[] = {30, 36, 34, 10, 12, 50, 40, 20};
  size_t i;

  make_row(&rows[0], LISTAPPS_CATEGORY_WINDOWS, "svchost.exe", 20, 0);
  make_row(&rows[1], LISTAPPS_CATEGORY_APP, "Zed", 10, 10);
  make_row(&rows[2], LISTAPPS_CATEGORY_BACKGROUND, "b.exe", 40, 0);
  make_row(&rows[3], LISTAPPS_CATEGORY_APP, "worker", 34, 30);
  make_row(&rows[4], LISTAPPS_CATEGORY_APP, "alpha", 30, 30);
  make_row(&rows[5], LISTAPPS_CATEGORY_APP, "helper", 12, 10);
  make_row(&rows[6], LISTAPPS_CATEGORY_APP, "renderer", 36, 30);
  make_row(&rows[7], LISTAPPS_CATEGORY_BACKGROUND, "A.exe", 50, 0);
  ck_assert_int_eq(la_sort_rows(rows, 8, LISTAPPS_LIST_ALL), 0);
  /* alpha, its members renderer and worker by name; Zed, its helper; then A.exe, b.exe; then
   * svchost. */
  for (i = 0; i < 8; i++) ck_assert_uint_eq(row_pid(&rows[i]), expected[i]);
  ck_assert_int_eq(la_sort_rows(rows, 0, LISTAPPS_LIST_ALL), 0);
  for (i = 0; i < 8; i++) la_row_free(&rows[i]);
}
END_TEST

/* A version block: the root's wLength (little-endian) first, then the text units given, each a
 * little-endian UTF-16 unit. */
static void make_block(unsigned char *block, size_t block_len, unsigned root_len,
                       const uint16_t *units, size_t count, size_t at) {
  size_t i;

  memset(block, 0xAB, block_len);
  block[0] = (unsigned char)(root_len & 0xFFu);
  block[1] = (unsigned char)(root_len >> 8);
  for (i = 0; i < count; i++) {
    block[at + 2 * i] = (unsigned char)(units[i] & 0xFFu);
    block[at + 2 * i + 1] = (unsigned char)(units[i] >> 8);
  }
}

START_TEST(test_version_string_is_cut_at_its_nul) {
  static const uint16_t text[] = {'A', 'b', 0, 'z'};
  unsigned char block[32];

  make_block(block, sizeof block, 32, text, 4, 8);
  ck_assert_uint_eq(la_version_string_count(block, sizeof block, 8, 4), 2);
  /* A count without the NUL, or shorter than the text, is honoured. */
  ck_assert_uint_eq(la_version_string_count(block, sizeof block, 8, 1), 1);
  ck_assert_uint_eq(la_version_string_count(block, sizeof block, 8, 0), 0);
}
END_TEST

START_TEST(test_version_string_is_clamped_to_the_resource) {
  /* A damaged FileDescription: 65535 characters claimed, 3 before the resource (wLength 14)
   * ends, no NUL; the block's bytes after the resource are not the string's. */
  static const uint16_t text[] = {'D', 'a', 'm'};
  unsigned char block[64];

  make_block(block, sizeof block, 14, text, 3, 8);
  ck_assert_uint_eq(la_version_resource_len(block, sizeof block), 14);
  ck_assert_uint_eq(la_version_string_count(block, sizeof block, 8, 0xFFFF), 3);
  /* An odd byte left at the end is no unit. */
  make_block(block, sizeof block, 15, text, 3, 8);
  ck_assert_uint_eq(la_version_string_count(block, sizeof block, 8, 0xFFFF), 3);
  /* A wLength larger than the buffer: the buffer is the end. */
  make_block(block, 12, 0xFFFF, text, 2, 8);
  ck_assert_uint_eq(la_version_resource_len(block, 12), 12);
  ck_assert_uint_eq(la_version_string_count(block, 12, 8, 0xFFFF), 2);
  /* A value at or past the end has nothing; a block too short for a wLength has no resource. */
  ck_assert_uint_eq(la_version_string_count(block, 12, 12, 5), 0);
  ck_assert_uint_eq(la_version_string_count(block, 12, 40, 5), 0);
  ck_assert_uint_eq(la_version_resource_len(block, 1), 0);
  ck_assert_uint_eq(la_version_string_count(block, 1, 0, 5), 0);
}
END_TEST

START_TEST(test_version_value_fits) {
  unsigned char block[16];

  make_block(block, sizeof block, 12, NULL, 0, 0);
  ck_assert_int_eq(la_version_value_fits(block, sizeof block, 8, 4), 1);
  ck_assert_int_eq(la_version_value_fits(block, sizeof block, 9, 4), 0);
  ck_assert_int_eq(la_version_value_fits(block, sizeof block, 12, 0), 1);
  ck_assert_int_eq(la_version_value_fits(block, sizeof block, 13, 0), 0);
  ck_assert_int_eq(la_version_value_fits(block, sizeof block, 0, (size_t)-1), 0);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("app_rules");
  TCase *windows = tcase_create("which windows qualify");
  TCase *groups = tcase_create("grouping");
  TCase *names = tcase_create("names");
  TCase *order = tcase_create("order");

  tcase_add_test(windows, test_hidden_window_does_not_qualify);
  tcase_add_test(windows, test_window_with_parent_does_not_qualify);
  tcase_add_test(windows, test_untitled_window_does_not_qualify);
  tcase_add_test(windows, test_shell_windows_do_not_qualify);
  tcase_add_test(windows, test_plain_visible_titled_window_qualifies);
  tcase_add_test(windows, test_tool_window_needs_app_window_style);
  tcase_add_test(windows, test_uwp_frame_counts_for_its_core_window);
  tcase_add_test(windows, test_uwp_frame_needs_the_system_host_and_a_package);
  tcase_add_test(windows, test_frame_host_is_never_an_app);
  tcase_add_test(groups, test_group_empty);
  tcase_add_test(groups, test_group_by_process_in_z_order);
  tcase_add_test(groups, test_group_many_processes);
  tcase_add_test(names, test_candidates_without_translation);
  tcase_add_test(names, test_candidates_german_first);
  tcase_add_test(names, test_candidates_odd_code_page);
  tcase_add_test(names, test_choose_description);
  tcase_add_test(names, test_version_string_is_cut_at_its_nul);
  tcase_add_test(names, test_version_string_is_clamped_to_the_resource);
  tcase_add_test(names, test_version_value_fits);
  tcase_add_test(names, test_trim);
  tcase_add_test(names, test_file_name_of);
  tcase_add_test(names, test_display_name);
  tcase_add_test(order, test_compare_names_ignores_case);
  tcase_add_test(order, test_sort_by_name_then_pid);
  tcase_add_test(order, test_sort_process_rows);
  suite_add_tcase(s, windows);
  suite_add_tcase(s, groups);
  suite_add_tcase(s, names);
  suite_add_tcase(s, order);
  return s;
}
