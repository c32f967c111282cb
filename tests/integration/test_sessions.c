/*
 * Listing from where no user's windows can be seen, as a service or a SYSTEM task does, and
 * --sessions. run_on_station.exe starts listapps.exe on a fresh window station that is not
 * interactive (WINE-NOTES: that is how session 0 looks to a program, reproducible under Wine).
 * A plain listing there must fail, never list nothing; --sessions must list the interactive
 * desktop's Apps through a helper started in the session. The helper's failures are driven by
 * fake_session_helper.exe, selected through the internal LISTAPPS_SESSION_HELPER variable.
 *
 * Under Wine every process is in session 1, WTSEnumerateSessionsW lists no session and the
 * console session (1) stands in, and WTSQueryUserToken works without LocalSystem.
 */
#include <windows.h>
#include <tlhelp32.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "fixture_run.h"
#include "suite.h"

#define TITLE L"listapps sessions fixture"
#define TITLE8 "listapps sessions fixture"
/* A helper that hangs costs the session LA_SESSION_HELPER_TIMEOUT_MS (10 s). */
#define SESSION_RUN_TIMEOUT_MS 60000u

/* Runs listapps.exe with args on a window station that is not interactive. */
static void run_on_station(const wchar_t *const *args, size_t arg_count, test_run_result *r) {
  wchar_t *launcher = test_path_beside_self(L"run_on_station.exe");
  wchar_t *listapps = test_path_beside_self(L"listapps.exe");
  wchar_t *cmdline = NULL;
  size_t i;

  ck_assert_ptr_nonnull(launcher);
  ck_assert_ptr_nonnull(listapps);
  ck_assert_int_eq(test_cmdline_append(&cmdline, listapps), 0);
  for (i = 0; i < arg_count; i++) ck_assert_int_eq(test_cmdline_append(&cmdline, args[i]), 0);
  ck_assert_int_eq(test_run(launcher, cmdline, NULL, SESSION_RUN_TIMEOUT_MS, r), 0);
  ck_assert_msg(r->exit_code != 125, "run_on_station could not start listapps: %s", r->err);
  free(cmdline);
  free(listapps);
  free(launcher);
}

/* The CSV row whose PID is pid, or NULL. */
static const csv_row *row_of_pid(const csv_table *t, size_t pid_column, unsigned long pid) {
  char text[32];
  size_t i;

  snprintf(text, sizeof text, "%lu", pid);
  for (i = 1; i < t->row_count; i++)
    if (t->rows[i].field_count > pid_column && strcmp(t->rows[i].fields[pid_column], text) == 0)
      return &t->rows[i];
  return NULL;
}

START_TEST(test_no_interactive_desktop_is_an_error) {
  const wchar_t *plain[] = {L"--format", L"csv"};
  const wchar_t *all[] = {L"--all", L"--format", L"json"};
  const wchar_t *watch[] = {L"--watch", L"--timeout", L"5"};
  const wchar_t *const *cases[] = {plain, all, watch};
  const size_t counts[] = {2, 3, 3};
  const wchar_t *args[] = {L"visible:" TITLE};
  test_process fixture;
  size_t c;

  fixture_start(L"fixture_en.exe", args, 1, &fixture);
  for (c = 0; c < 3; c++) {
    test_run_result r;
    run_on_station(cases[c], counts[c], &r);
    /* Exit 3, nothing on stdout (not even a header), one line naming the station and the
     * session and what to do. */
    ck_assert_msg(r.exit_code == 3, "case %u: exit %d, stdout %s, stderr %s", (unsigned)c, r.exit_code,
                  r.out, r.err);
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert_msg(strchr(r.err, '\n') == r.err + r.err_len - 1, "not one line: %s", r.err);
    ck_assert_msg(strstr(r.err, "window station listapps-test-") != NULL, "%s", r.err);
    ck_assert_msg(strstr(r.err, "not interactive") != NULL, "%s", r.err);
    ck_assert_msg(strstr(r.err, "session 1") != NULL, "%s", r.err);
    ck_assert_msg(strstr(r.err, "--sessions all") != NULL, "%s", r.err);
    test_run_result_free(&r);
  }
  fixture_stop(&fixture);
}
END_TEST

START_TEST(test_sessions_all_lists_the_interactive_desktop) {
  const wchar_t *csv[] = {L"--sessions", L"all", L"--format", L"csv", L"--columns",
                          L"name,pid,session,title"};
  const wchar_t *one[] = {L"--sessions", L"1", L"--format", L"csv", L"--columns",
                          L"pid,session", L"--pid"};
  const wchar_t *private_csv[] = {L"--sessions",
                                  L"all",
                                  L"--private",
                                  L"--format",
                                  L"csv",
                                  L"--columns",
                                  L"pid,title,foreground,x"};
  const wchar_t *args[] = {L"visible:" TITLE};
  test_process fixture;
  test_run_result r;
  csv_table t;
  const csv_row *row;
  wchar_t pid_arg[16];
  const wchar_t *one_args[8];
  char err[128];

  fixture_start(L"fixture_en.exe", args, 1, &fixture);
  run_on_station(csv, 6, &r);
  ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
  ck_assert_uint_eq(r.err_len, 0);
  ck_assert_msg(csv_parse(r.out, r.out_len, &t, err, sizeof err) == 0, "%s", err);
  ck_assert_str_eq(t.rows[0].fields[2], "Session");
  row = row_of_pid(&t, 1, fixture.pid);
  ck_assert_msg(row != NULL, "the fixture is not listed:\n%s", r.out);
  ck_assert_str_eq(row->fields[2], "1");
  ck_assert_str_eq(row->fields[3], TITLE8);
  csv_table_free(&t);
  test_run_result_free(&r);

  /* A session by its ID, with the other filters. */
  swprintf(pid_arg, 16, L"%lu", fixture.pid);
  memcpy(one_args, one, sizeof one);
  one_args[7] = pid_arg;
  run_on_station(one_args, 8, &r);
  ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
  ck_assert_msg(csv_parse(r.out, r.out_len, &t, err, sizeof err) == 0, "%s", err);
  ck_assert_uint_eq(t.row_count, 2);
  ck_assert_str_eq(t.rows[1].fields[1], "1");
  csv_table_free(&t);
  test_run_result_free(&r);

  /* Private: the helper's titles are dropped unwritten; a helper's window has no Foreground or
   * geometry here (its handle means nothing outside its session). */
  run_on_station(private_csv, sizeof private_csv / sizeof private_csv[0], &r);
  ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
  ck_assert_msg(strstr(r.out, TITLE8) == NULL, "%s", r.out);
  ck_assert_msg(csv_parse(r.out, r.out_len, &t, err, sizeof err) == 0, "%s", err);
  row = row_of_pid(&t, 0, fixture.pid);
  ck_assert_msg(row != NULL, "the fixture is not listed:\n%s", r.out);
  ck_assert_str_eq(row->fields[1], "");
  ck_assert_str_eq(row->fields[2], "");
  ck_assert_str_eq(row->fields[3], "");
  csv_table_free(&t);
  test_run_result_free(&r);
  fixture_stop(&fixture);
}
END_TEST

START_TEST(test_sessions_table_and_prometheus) {
  const wchar_t *table[] = {L"--sessions", L"all"};
  const wchar_t *prometheus[] = {L"--sessions", L"all", L"--format", L"prometheus"};
  const wchar_t *args[] = {L"visible:" TITLE};
  test_process fixture;
  test_run_result r;
  char pid_label[64];

  fixture_start(L"fixture_en.exe", args, 1, &fixture);
  /* The table's default columns gain Session. */
  run_on_station(table, 2, &r);
  ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
  ck_assert_msg(strncmp(r.out, "Name", 4) == 0 && strstr(r.out, "Session") != NULL &&
                    strstr(r.out, TITLE8) != NULL,
                "%s", r.out);
  test_run_result_free(&r);
  /* Each series says its session and user; each session says it was read. */
  run_on_station(prometheus, 4, &r);
  ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
  snprintf(pid_label, sizeof pid_label, "process_id=\"%lu\",session=\"1\",user=\"", fixture.pid);
  ck_assert_msg(strstr(r.out, pid_label) != NULL, "%s not in:\n%s", pid_label, r.out);
  ck_assert_msg(strstr(r.out, "listapps_session_up{session=\"1\",user=\"") != NULL, "%s", r.out);
  ck_assert_msg(strstr(r.out, "\"} 1\n") != NULL, "%s", r.out);
  test_run_result_free(&r);
  fixture_stop(&fixture);
}
END_TEST

START_TEST(test_sessions_usage) {
  const wchar_t *unknown[] = {L"--sessions", L"999", L"--format", L"csv"};
  const wchar_t *bad[] = {L"--sessions", L"1,,2"};
  const wchar_t *watch[] = {L"--watch", L"--sessions", L"all"};
  test_run_result r;

  /* A session that is nobody's: exit 3, the session named, nothing listed. */
  run_on_station(unknown, 4, &r);
  ck_assert_int_eq(r.exit_code, 3);
  ck_assert_uint_eq(r.out_len, 0);
  ck_assert_msg(strstr(r.err, "session 999") != NULL, "%s", r.err);
  test_run_result_free(&r);
  cli_run(bad, 2, &r);
  ck_assert_int_eq(r.exit_code, 2);
  ck_assert_msg(strstr(r.err, "'1,,2'") != NULL, "%s", r.err);
  test_run_result_free(&r);
  cli_run(watch, 3, &r);
  ck_assert_int_eq(r.exit_code, 2);
  ck_assert_msg(strstr(r.err, "--sessions") != NULL, "%s", r.err);
  test_run_result_free(&r);
}
END_TEST

/* Copies the fake helper to a temporary name holding mode, and returns its full path. */
static wchar_t *fake_helper(const wchar_t *mode) {
  wchar_t *fake = test_path_beside_self(L"fake_session_helper.exe");
  wchar_t dir[MAX_PATH];
  wchar_t *path = malloc(2 * MAX_PATH * sizeof *path);

  ck_assert_ptr_nonnull(fake);
  ck_assert_ptr_nonnull(path);
  ck_assert_uint_gt(GetTempPathW(MAX_PATH, dir), 0);
  swprintf(path, 2 * MAX_PATH, L"%lslistapps-fake-%ls-%lu.exe", dir, mode,
           (unsigned long)GetCurrentProcessId());
  ck_assert_msg(CopyFileW(fake, path, FALSE), "cannot copy the fake helper: %lu", GetLastError());
  free(fake);
  return path;
}

/* How many processes run an image whose name starts with "listapps-fake-". */
static int fakes_running(void) {
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  PROCESSENTRY32W e;
  int n = 0;

  ck_assert_ptr_ne(snap, INVALID_HANDLE_VALUE);
  e.dwSize = sizeof e;
  if (Process32FirstW(snap, &e)) {
    do {
      if (wcsncmp(e.szExeFile, L"listapps-fake-", 14) == 0) n++;
    } while (Process32NextW(snap, &e));
  }
  CloseHandle(snap);
  return n;
}

/* A session whose helper misbehaves costs that session only: one line on stderr naming the
 * session and the cause, the listing written all the same, exit 3, session_up 0, and no helper
 * left running. */
static void check_failing_helper(const wchar_t *mode, const char *cause) {
  const wchar_t *csv[] = {L"--sessions", L"all", L"--format", L"csv"};
  const wchar_t *prometheus[] = {L"--sessions", L"all", L"--format", L"prometheus"};
  wchar_t *path = fake_helper(mode);
  test_run_result r;
  int i;

  ck_assert(SetEnvironmentVariableW(L"LISTAPPS_SESSION_HELPER", path));
  run_on_station(csv, 4, &r);
  ck_assert_msg(r.exit_code == 3, "%ls: exit %d, stderr %s", mode, r.exit_code, r.err);
  ck_assert_msg(strncmp(r.out, "Category,Name,PID,", 18) == 0, "%ls: no listing: %s", mode, r.out);
  ck_assert_msg(strchr(r.err, '\n') == r.err + r.err_len - 1, "%ls: not one line: %s", mode,
                r.err);
  ck_assert_msg(strncmp(r.err, "listapps: session 1 (", 21) == 0, "%ls: %s", mode, r.err);
  ck_assert_msg(strstr(r.err, cause) != NULL, "%ls: '%s' not in %s", mode, cause, r.err);
  test_run_result_free(&r);
  run_on_station(prometheus, 4, &r);
  ck_assert_int_eq(r.exit_code, 3);
  ck_assert_msg(strstr(r.out, "listapps_session_up{session=\"1\",user=\"") != NULL &&
                    strstr(r.out, "\"} 0\n") != NULL,
                "%ls: %s", mode, r.out);
  test_run_result_free(&r);
  ck_assert(SetEnvironmentVariableW(L"LISTAPPS_SESSION_HELPER", NULL));
  /* Whatever the helper did, none is left running (a moment for the exits to be seen). */
  for (i = 0; i < 50 && fakes_running() > 0; i++) Sleep(100);
  ck_assert_int_eq(fakes_running(), 0);
  for (i = 0; i < 50 && !DeleteFileW(path); i++) Sleep(100);
  free(path);
}

START_TEST(test_helper_exits_at_once) {
  check_failing_helper(L"exit", "the helper exited with status 1");
}
END_TEST

START_TEST(test_helper_writes_garbage) {
  check_failing_helper(L"garbage", "does not start with");
}
END_TEST

START_TEST(test_helper_writes_too_much) {
  check_failing_helper(L"flood", "the helper wrote more than");
}
END_TEST

START_TEST(test_helper_hangs) {
  check_failing_helper(L"hang", "did not answer within 10 s");
}
END_TEST

/* A window of a process the snapshot does not show is dropped: the session is listed, with
 * nothing from the helper's made-up window. */
START_TEST(test_helper_names_a_foreign_process) {
  const wchar_t *csv[] = {L"--sessions", L"all", L"--format", L"csv", L"--windows"};
  wchar_t *path = fake_helper(L"foreign");
  test_run_result r;

  ck_assert(SetEnvironmentVariableW(L"LISTAPPS_SESSION_HELPER", path));
  run_on_station(csv, 5, &r);
  ck_assert(SetEnvironmentVariableW(L"LISTAPPS_SESSION_HELPER", NULL));
  ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
  ck_assert_uint_eq(r.err_len, 0);
  ck_assert_msg(strstr(r.out, "Malicious") == NULL && strstr(r.out, "4294967295") == NULL, "%s",
                r.out);
  ck_assert_str_eq(r.out, "PID,HWND,Title,Class,Name,Image,Path\r\n");
  test_run_result_free(&r);
  DeleteFileW(path);
  free(path);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("sessions");
  TCase *desktop = tcase_create("no interactive desktop");
  TCase *sessions = tcase_create("sessions");
  TCase *helpers = tcase_create("failing helpers");

  tcase_add_test(desktop, test_no_interactive_desktop_is_an_error);
  tcase_add_test(sessions, test_sessions_usage);
  tcase_add_test(sessions, test_sessions_all_lists_the_interactive_desktop);
  tcase_add_test(sessions, test_sessions_table_and_prometheus);
  tcase_add_test(helpers, test_helper_exits_at_once);
  tcase_add_test(helpers, test_helper_writes_garbage);
  tcase_add_test(helpers, test_helper_writes_too_much);
  tcase_add_test(helpers, test_helper_names_a_foreign_process);
  tcase_add_test(helpers, test_helper_hangs);
  tcase_set_timeout(desktop, 240);
  tcase_set_timeout(sessions, 240);
  tcase_set_timeout(helpers, 240);
  suite_add_tcase(s, desktop);
  suite_add_tcase(s, sessions);
  suite_add_tcase(s, helpers);
  return s;
}
