/*
 * --record and --replay through the real listapps.exe under Wine: a recording of a desktop of
 * fixtures replays byte for byte to what the live listing printed, for every kind of listing;
 * a window of class Ghost is never an App (Wine has no HungWindowFromGhostWindow, so a fixture
 * of that class stands in for the ghost; the ghost-to-hung-window rule is tested by replaying
 * recordings that hold one, tests/replay/); and a recording that is not valid, in any of the
 * ways a hostile one can be, gives exit 3 and one line, never a crash or a hang.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_run.h"
#include "suite.h"

/* A temporary file's path for this test process, as UTF-16 (malloc'd). */
static wchar_t *temp_path(const wchar_t *name) {
  wchar_t dir[MAX_PATH];
  wchar_t *path = malloc(2 * MAX_PATH * sizeof *path);

  ck_assert_ptr_nonnull(path);
  ck_assert_uint_gt(GetTempPathW(MAX_PATH, dir), 0);
  swprintf(path, 2 * MAX_PATH, L"%lslistapps-rec-%lu-%ls", dir,
           (unsigned long)GetCurrentProcessId(), name);
  return path;
}

static char *read_all(const wchar_t *path, size_t *len) {
  FILE *f = _wfopen(path, L"rb");
  char *data;
  long n;

  ck_assert_ptr_nonnull(f);
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  data = malloc((size_t)n + 1);
  ck_assert_ptr_nonnull(data);
  ck_assert_uint_eq(fread(data, 1, (size_t)n, f), (size_t)n);
  data[n] = '\0';
  fclose(f);
  *len = (size_t)n;
  return data;
}

static void write_all(const wchar_t *path, const char *data, size_t len) {
  FILE *f = _wfopen(path, L"wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(data, 1, len, f), len);
  fclose(f);
}

/* Runs listapps with args, and with "--record PATH" or "--replay PATH" in front. */
static void run_with(const wchar_t *how, const wchar_t *path, const wchar_t *const *args,
                     size_t count, test_run_result *r) {
  const wchar_t *all[24];
  size_t i;

  ck_assert_uint_le(count + 2, 24);
  all[0] = how;
  all[1] = path;
  for (i = 0; i < count; i++) all[i + 2] = args[i];
  cli_run(all, count + 2, r);
}

/* Records with args, replays with the same args: the same bytes, exit 0 both. */
static void check_round_trip(const wchar_t *const *args, size_t count, const char *name) {
  wchar_t *path = temp_path(L"round.json");
  test_run_result live;
  test_run_result replayed;

  run_with(L"--record", path, args, count, &live);
  ck_assert_msg(live.exit_code == 0, "%s: live exit %d: %s", name, live.exit_code, live.err);
  run_with(L"--replay", path, args, count, &replayed);
  ck_assert_msg(replayed.exit_code == 0, "%s: replay exit %d: %s", name, replayed.exit_code,
                replayed.err);
  ck_assert_uint_eq(replayed.err_len, 0);
  ck_assert_msg(live.out_len == replayed.out_len && memcmp(live.out, replayed.out, live.out_len) == 0,
                "%s: replay differs:\n--- live\n%s\n--- replayed\n%s", name, live.out,
                replayed.out);
  ck_assert_uint_gt(live.out_len, 0);
  test_run_result_free(&live);
  test_run_result_free(&replayed);
  DeleteFileW(path);
  free(path);
}

START_TEST(test_round_trip_every_kind_of_listing) {
  const wchar_t *a_args[] = {L"visible:Recorded %001b[31mred%001b[0m, \"quoted\"", L"tool:Tool",
                             L"owned-popup:Popup", L"toolapp:Tool app"};
  const wchar_t *b_args[] = {L"visible:Second app", L"spawn:visible:Child app",
                             L"minimized:Minimised"};
  const wchar_t *ghost_args[] = {L"ghost:Recorded app (Not Responding)"};
  const wchar_t *table[] = {L"--no-header"};
  const wchar_t *csv[] = {L"--format", L"csv"};
  const wchar_t *all_csv[] = {L"--all", L"--format", L"csv"};
  const wchar_t *all_table[] = {L"--all"};
  const wchar_t *windows_json[] = {L"--windows", L"--format", L"json"};
  const wchar_t *columns[] = {L"--columns", L"all", L"--format", L"jsonl"};
  const wchar_t *sorted[] = {L"--sort", L"-pid", L"--format", L"csv", L"--columns",
                             L"name,pid,title,windows,processes,status"};
  const wchar_t *prometheus[] = {L"--format", L"prometheus", L"--columns",
                                 L"name,pid,memory,cpu", L"--interval", L"200"};
  const wchar_t *pattern[] = {L"english", L"--format", L"csv"};
  const wchar_t *excel[] = {L"--excel", L"--all"};
  test_process a;
  test_process b;
  test_process ghost;

  fixture_start(L"fixture_en.exe", a_args, 4, &a);
  fixture_start(L"fixture_de_first.exe", b_args, 3, &b);
  fixture_start(L"fixture_none.exe", ghost_args, 1, &ghost);
  check_round_trip(NULL, 0, "table");
  check_round_trip(table, 1, "table without header");
  check_round_trip(csv, 2, "csv");
  check_round_trip(all_csv, 3, "--all csv");
  check_round_trip(all_table, 1, "--all table");
  check_round_trip(windows_json, 3, "--windows json");
  check_round_trip(columns, 4, "--columns all jsonl");
  check_round_trip(sorted, 6, "--sort");
  check_round_trip(prometheus, 6, "prometheus");
  check_round_trip(pattern, 3, "a pattern");
  check_round_trip(excel, 2, "--excel --all");
  fixture_stop(&ghost);
  fixture_stop(&b);
  fixture_stop(&a);
}
END_TEST

/* A window of class Ghost is never an App: the fixture that owns only one is not listed, live
 * or replayed, and its window is in the recording as met. */
START_TEST(test_ghost_class_is_never_an_app) {
  const wchar_t *ghost_args[] = {L"ghost:Some app (Not Responding)"};
  const wchar_t *csv[] = {L"--format", L"csv", L"--all", L"--columns", L"pid,category,windows"};
  wchar_t *path = temp_path(L"ghost.json");
  test_process ghost;
  test_run_result live;
  test_run_result replayed;
  char row[64];
  char *text;
  size_t len;

  fixture_start(L"fixture_none.exe", ghost_args, 1, &ghost);
  run_with(L"--record", path, csv, 5, &live);
  ck_assert_int_eq(live.exit_code, 0);
  snprintf(row, sizeof row, "\r\n%lu,Background process,0\r\n", ghost.pid);
  ck_assert_msg(strstr(live.out, row) != NULL, "%s not in\n%s", row, live.out);
  run_with(L"--replay", path, csv, 5, &replayed);
  ck_assert_str_eq(replayed.out, live.out);
  text = read_all(path, &len);
  ck_assert_msg(strstr(text, "\"class\":\t\"Ghost\"") != NULL, "no Ghost window recorded");
  free(text);
  test_run_result_free(&live);
  test_run_result_free(&replayed);
  fixture_stop(&ghost);
  DeleteFileW(path);
  free(path);
}
END_TEST

/* Replays text and expects exit 3, nothing on stdout, one line on stderr holding needle. */
static void check_refused(const char *text, size_t len, const char *needle) {
  wchar_t *path = temp_path(L"bad.json");
  const wchar_t *csv[] = {L"--format", L"csv"};
  test_run_result r;

  write_all(path, text, len);
  run_with(L"--replay", path, csv, 2, &r);
  ck_assert_msg(r.exit_code == 3, "'%s': exit %d, out %s, err %s", needle, r.exit_code, r.out,
                r.err);
  ck_assert_uint_eq(r.out_len, 0);
  ck_assert_msg(strchr(r.err, '\n') == r.err + r.err_len - 1, "not one line: %s", r.err);
  ck_assert_msg(strstr(r.err, "the recording cannot be read") != NULL, "%s", r.err);
  ck_assert_msg(strstr(r.err, needle) != NULL, "'%s' not in %s", needle, r.err);
  test_run_result_free(&r);
  DeleteFileW(path);
  free(path);
}

/* The recording with the first occurrence of from replaced by to. */
static char *edited(const char *text, const char *from, const char *to) {
  const char *at = strstr(text, from);
  char *out;

  ck_assert_msg(at != NULL, "'%s' not in the recording", from);
  out = malloc(strlen(text) - strlen(from) + strlen(to) + 1);
  ck_assert_ptr_nonnull(out);
  memcpy(out, text, (size_t)(at - text));
  strcpy(out + (at - text), to);
  strcat(out, at + strlen(from));
  return out;
}

START_TEST(test_hostile_recordings_are_refused) {
  const wchar_t *args[] = {L"visible:A window"};
  const wchar_t *none[] = {L"--format", L"csv", L"--columns", L"all"};
  wchar_t *path = temp_path(L"good.json");
  test_process a;
  test_run_result r;
  char *good;
  size_t len;
  char *bad;
  char *big;
  size_t n;

  fixture_start(L"fixture_en.exe", args, 1, &a);
  run_with(L"--record", path, none, 4, &r);
  ck_assert_int_eq(r.exit_code, 0);
  test_run_result_free(&r);
  fixture_stop(&a);
  good = read_all(path, &len);

  check_refused("", 0, "not JSON");
  check_refused("not json at all", 15, "not JSON");
  check_refused(good, len / 2, "not JSON");   /* a truncated file */
  check_refused("[1, 2, 3]", 9, "not a JSON object");
  check_refused("{} trailing", 11, "more after the JSON document");
  bad = edited(good, "\"listapps recording\"", "\"another format\"");
  check_refused(bad, strlen(bad), "format: not \"listapps recording\"");
  free(bad);
  bad = edited(good, "\"formatVersion\":\t1", "\"formatVersion\":\t2");
  check_refused(bad, strlen(bad), "formatVersion: 2, but this listapps reads version 1");
  free(bad);
  bad = edited(good, "\"pid\":\t", "\"pid\":\t\"12\", \"x\":\t");
  check_refused(bad, strlen(bad), "\"pid\" is not a number");
  free(bad);
  bad = edited(good, "\"pid\":\t", "\"pid\":\t1e300, \"x\":\t");
  check_refused(bad, strlen(bad), "\"pid\" is not a whole number");
  free(bad);
  bad = edited(good, "\"pid\":\t", "\"pid\":\t-1, \"x\":\t");
  check_refused(bad, strlen(bad), "\"pid\" is not a whole number");
  free(bad);
  bad = edited(good, "\"createTime\":\t\"", "\"createTime\":\t\"99999999999999999999999");
  check_refused(bad, strlen(bad), "\"createTime\" is not a 64-bit number");
  free(bad);
  bad = edited(good, "\"title\":\t\"A window\"", "\"title\":\t\"A \xC0\xAF window\"");
  check_refused(bad, strlen(bad), "\"title\" is not valid UTF-8");
  free(bad);
  bad = edited(good, "\"processes\":\t[", "\"processes\":\t7, \"x\":\t[");
  check_refused(bad, strlen(bad), "processes: not an array");
  free(bad);
  /* A million tiny values: refused before anything is built. */
  n = 3000000;
  big = malloc(2 * n + 16);
  ck_assert_ptr_nonnull(big);
  strcpy(big, "{\"w\":[");
  memset(big + 6, ',', 2 * n);
  {
    size_t i;
    for (i = 0; i < n; i++) big[6 + 2 * i] = '0';
  }
  strcpy(big + 6 + 2 * n - 1, "]}");
  check_refused(big, strlen(big), "more than 2000000 JSON values");
  free(big);
  free(good);
  DeleteFileW(path);
  free(path);
}
END_TEST

START_TEST(test_unreadable_and_oversized_files) {
  const wchar_t *missing[] = {L"--replay", L"C:\\no\\such\\folder\\rec.json"};
  const wchar_t *folder[] = {L"--replay", L"C:\\windows"};
  const wchar_t *both[] = {L"--replay", L"a.json", L"--record", L"b.json"};
  const wchar_t *watch[] = {L"--watch", L"--record", L"b.json"};
  const wchar_t *record_nowhere[] = {L"--record", L"C:\\no\\such\\folder\\rec.json"};
  wchar_t *path = temp_path(L"huge.json");
  const wchar_t *huge[] = {L"--replay", NULL};
  test_run_result r;
  HANDLE h;
  LARGE_INTEGER size;

  cli_run(missing, 2, &r);
  ck_assert_int_eq(r.exit_code, 2);
  ck_assert_msg(strstr(r.err, "cannot be read") != NULL, "%s", r.err);
  test_run_result_free(&r);
  cli_run(folder, 2, &r);
  ck_assert_int_eq(r.exit_code, 2);
  test_run_result_free(&r);
  cli_run(both, 4, &r);
  ck_assert_int_eq(r.exit_code, 2);
  test_run_result_free(&r);
  cli_run(watch, 3, &r);
  ck_assert_int_eq(r.exit_code, 2);
  test_run_result_free(&r);
  /* A recording that cannot be written: exit 3, nothing listed. */
  cli_run(record_nowhere, 2, &r);
  ck_assert_int_eq(r.exit_code, 3);
  ck_assert_uint_eq(r.out_len, 0);
  ck_assert_msg(strstr(r.err, "cannot write") != NULL, "%s", r.err);
  test_run_result_free(&r);
  /* More than 32 MiB: refused by its size, unread. */
  h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
  size.QuadPart = (33ll << 20);
  ck_assert(SetFilePointerEx(h, size, NULL, FILE_BEGIN));
  ck_assert(SetEndOfFile(h));
  CloseHandle(h);
  huge[1] = path;
  cli_run(huge, 2, &r);
  ck_assert_int_eq(r.exit_code, 3);
  ck_assert_msg(strstr(r.err, "larger than 32 MiB") != NULL, "%s", r.err);
  test_run_result_free(&r);
  DeleteFileW(path);
  free(path);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("recording");
  TCase *round = tcase_create("round trip");
  TCase *hostile = tcase_create("hostile recordings");

  tcase_add_test(round, test_round_trip_every_kind_of_listing);
  tcase_add_test(round, test_ghost_class_is_never_an_app);
  tcase_add_test(hostile, test_hostile_recordings_are_refused);
  tcase_add_test(hostile, test_unreadable_and_oversized_files);
  tcase_set_timeout(round, 240);
  tcase_set_timeout(hostile, 240);
  suite_add_tcase(s, round);
  suite_add_tcase(s, hostile);
  return s;
}
