/*
 * Finding one app from a script, against real fixtures and the real listapps.exe: patterns on
 * Name, Image and Title, wildcards, --pid, the exit statuses, -q, JSON Lines, and --all with
 * --windows.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "fixture_run.h"
#include "fixture_strings.h"
#include "json_reader.h"
#include "listapps.h"
#include "suite.h"

/* A title no other window has: Greek capitals and an accented capital, to match in lower
 * case. */
#define FIND_TITLE L"Find \x00C9T\x00C9 \x03A3IGMA 7q"

/* Runs the CLI with CSV output and returns the rows' PIDs found among want (a bit each). */
static unsigned found_pids(const wchar_t *const *args, size_t arg_count, const unsigned long *want,
                           size_t want_count, int expect_status) {
  const wchar_t *all[16];
  test_run_result r;
  csv_table t;
  char err[200];
  unsigned found = 0;
  size_t i;

  ck_assert_uint_le(arg_count + 2, 16);
  for (i = 0; i < arg_count; i++) all[i] = args[i];
  all[arg_count] = L"--format=csv";
  all[arg_count + 1] = L"--columns=pid,name";
  cli_run(all, arg_count + 2, &r);
  ck_assert_msg(r.exit_code == expect_status, "exit %d, not %d: %s", r.exit_code, expect_status,
                r.err);
  ck_assert_int_eq(csv_parse(r.out, r.out_len, &t, err, sizeof err), 0);
  ck_assert_uint_ge(t.row_count, 1);
  ck_assert_str_eq(t.rows[0].fields[0], "PID");
  for (i = 1; i < t.row_count; i++) {
    unsigned long pid = strtoul(t.rows[i].fields[0], NULL, 10);
    size_t k;
    for (k = 0; k < want_count; k++)
      if (pid == want[k]) found |= 1u << k;
  }
  csv_table_free(&t);
  test_run_result_free(&r);
  return found;
}

START_TEST(test_patterns_find_name_image_and_title) {
  const wchar_t *en_args[] = {L"visible:" FIND_TITLE};
  const wchar_t *de_args[] = {L"visible:Zweites Fenster"};
  const wchar_t *by_title[] = {L"\x00E9t\x00E9 \x03C3igma"};  /* lower case of the title */
  const wchar_t *by_name[] = {L"Deutsch \x00C4\x00D6\x00DC"}; /* upper case of the name */
  const wchar_t *by_image[] = {L"FIXTURE_DE_FIRST"};          /* image without .exe */
  const wchar_t *by_image_exe[] = {L"fixture_de_first.EXE"};
  const wchar_t *glob_stem[] = {L"fixture_de_*"}; /* whole field: the stem */
  const wchar_t *glob_title[] = {L"find*7Q"};
  const wchar_t *glob_partial[] = {L"find*"}; /* anchored: no fixture title */
  const wchar_t *either[] = {L"zweites", L"\x03C3igma 7q"};
  const wchar_t *brackets[] = {L"[Find]*"};
  test_process en;
  test_process de;
  unsigned long pids[2];

  fixture_start(L"fixture_en.exe", en_args, 1, &en);
  fixture_start(L"fixture_de_first.exe", de_args, 1, &de);
  pids[0] = en.pid;
  pids[1] = de.pid;
  ck_assert_uint_eq(found_pids(by_title, 1, pids, 2, 0), 1u);
  ck_assert_uint_eq(found_pids(by_name, 1, pids, 2, 0), 2u);
  ck_assert_uint_eq(found_pids(by_image, 1, pids, 2, 0), 2u);
  ck_assert_uint_eq(found_pids(by_image_exe, 1, pids, 2, 0), 2u);
  ck_assert_uint_eq(found_pids(glob_stem, 1, pids, 2, 0), 2u);
  ck_assert_uint_eq(found_pids(glob_title, 1, pids, 2, 0), 1u);
  ck_assert_uint_eq(found_pids(glob_partial, 1, pids, 2, 0) & 1u, 1u);
  ck_assert_uint_eq(found_pids(either, 2, pids, 2, 0), 3u);
  /* Brackets are literal: no title starts with "[Find]". */
  ck_assert_uint_eq(found_pids(brackets, 1, pids, 2, 1), 0u);
  fixture_stop(&de);
  fixture_stop(&en);
}
END_TEST

START_TEST(test_pid_filter_and_exit_statuses) {
  const wchar_t *args[] = {L"visible:PID filter window"};
  wchar_t pid_arg[32];
  wchar_t both_arg[48];
  const wchar_t *by_pid[2];
  const wchar_t *pid_and_wrong_pattern[3];
  const wchar_t *quiet_found[3];
  const wchar_t *quiet_missing[] = {L"-q", L"no such app zq9"};
  const wchar_t *json_missing[] = {L"no such app zq9", L"-f", L"json"};
  const wchar_t *table_missing[] = {L"no such app zq9"};
  const wchar_t *no_filter[] = {L"--format=csv"};
  test_process p;
  test_process other;
  unsigned long pids[2];
  test_run_result r;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  fixture_start(L"fixture_none.exe", args, 1, &other);
  pids[0] = p.pid;
  pids[1] = other.pid;
  swprintf(pid_arg, 32, L"%lu", p.pid);
  swprintf(both_arg, 48, L"%lu,%lu", p.pid, other.pid);
  by_pid[0] = L"--pid";
  by_pid[1] = pid_arg;
  ck_assert_uint_eq(found_pids(by_pid, 2, pids, 2, 0), 1u);
  by_pid[1] = both_arg;
  ck_assert_uint_eq(found_pids(by_pid, 2, pids, 2, 0), 3u);
  /* A pattern and a PID must both hold. */
  pid_and_wrong_pattern[0] = L"-p";
  pid_and_wrong_pattern[1] = pid_arg;
  pid_and_wrong_pattern[2] = L"fixture_none";
  ck_assert_uint_eq(found_pids(pid_and_wrong_pattern, 3, pids, 2, 1), 0u);

  /* -q: nothing written, the status alone. */
  quiet_found[0] = L"--quiet";
  quiet_found[1] = L"--pid";
  quiet_found[2] = pid_arg;
  cli_run(quiet_found, 3, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_uint_eq(r.out_len, 0);
  ck_assert_uint_eq(r.err_len, 0);
  test_run_result_free(&r);
  cli_run(quiet_missing, 2, &r);
  ck_assert_int_eq(r.exit_code, 1);
  ck_assert_uint_eq(r.out_len, 0);
  ck_assert_uint_eq(r.err_len, 0);
  test_run_result_free(&r);
  /* Nothing matched: the empty list, exit 1. */
  cli_run(json_missing, 3, &r);
  ck_assert_int_eq(r.exit_code, 1);
  ck_assert_str_eq(r.out, "[]\n");
  test_run_result_free(&r);
  cli_run(table_missing, 1, &r);
  ck_assert_int_eq(r.exit_code, 1);
  ck_assert_str_eq(r.out, "Name  PID  Status  Memory  Title\n");
  test_run_result_free(&r);
  /* No filter: 0, whatever is listed. */
  cli_run(no_filter, 1, &r);
  ck_assert_int_eq(r.exit_code, 0);
  test_run_result_free(&r);
  fixture_stop(&other);
  fixture_stop(&p);
}
END_TEST

/* JSON Lines: one object per line and nothing else, each parsed on its own. */
START_TEST(test_json_lines) {
  const wchar_t *args[] = {L"visible:JSON Lines one", L"visible:JSON Lines two"};
  const wchar_t *cli[] = {L"--format", L"jsonl", L"--windows", L"JSON Lines"};
  test_process p;
  test_run_result r;
  const char *line;
  size_t lines = 0;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  cli_run(cli, 4, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_uint_gt(r.out_len, 0);
  ck_assert_int_eq(r.out[r.out_len - 1], '\n');
  for (line = r.out; line < r.out + r.out_len;) {
    const char *end = memchr(line, '\n', (size_t)(r.out + r.out_len - line));
    json_value v;
    char err[200];
    ck_assert_ptr_nonnull(end);
    ck_assert_msg(json_parse(line, (size_t)(end - line), &v, err, sizeof err) == 0, "%s", err);
    ck_assert_int_eq(v.type, JSON_OBJECT);
    ck_assert_ptr_nonnull(json_get(&v, "hwnd"));
    ck_assert_int_eq(json_get(&v, "pid")->type, JSON_NUMBER);
    json_free(&v);
    lines++;
    line = end + 1;
  }
  ck_assert_uint_eq(lines, 2); /* one per window of the matching App */
  test_run_result_free(&r);
  fixture_stop(&p);
}
END_TEST

/* --all and --windows together (1.0 refused the pair); a matching App brings its group. */
START_TEST(test_all_with_windows_and_groups) {
  const wchar_t *args[] = {L"visible:Group parent zq8", L"spawn:hidden:child"};
  const wchar_t *cli[] = {L"--all", L"--windows", L"Group parent zq8", L"-c", L"name,pid,title"};
  test_process p;
  test_run_result r;
  char pid_text[32];

  fixture_start(L"fixture_en.exe", args, 2, &p);
  cli_run(cli, 5, &r);
  ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
  sprintf(pid_text, " %lu  Group parent zq8\n", p.pid);
  ck_assert_msg(strstr(r.out, pid_text) != NULL, "no App row in:\n%s", r.out);
  ck_assert_ptr_nonnull(strstr(r.out, "  Group parent zq8  [")); /* its window beneath */
  ck_assert_ptr_nonnull(strstr(r.out, "\n  " FIXTURE_DESC_EN));  /* its child, indented */
  ck_assert_ptr_nonnull(strstr(r.out, "Background processes (0)"));
  test_run_result_free(&r);
  fixture_stop(&p);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("find");
  TCase *patterns = tcase_create("patterns");
  TCase *status = tcase_create("status");
  TCase *formats = tcase_create("formats");

  tcase_add_test(patterns, test_patterns_find_name_image_and_title);
  tcase_add_test(status, test_pid_filter_and_exit_statuses);
  tcase_add_test(formats, test_json_lines);
  tcase_add_test(formats, test_all_with_windows_and_groups);
  suite_add_tcase(s, patterns);
  suite_add_tcase(s, status);
  suite_add_tcase(s, formats);
  return s;
}
