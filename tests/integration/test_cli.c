/*
 * listapps.exe as a black box: started on pipes, its exit code, stdout and stderr checked, its
 * CSV and JSON parsed back and compared field by field with the fixture it listed.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "utf8_check.h"
#include "fixture_run.h"
#include "fixture_strings.h"
#include "json_reader.h"
#include "listapps.h"
#include "suite.h"

/* A usage error: exit 2, nothing on stdout, one line on stderr that holds needle. */
static void assert_usage_error(const wchar_t *const *args, size_t arg_count, const char *needle) {
  test_run_result r;

  cli_run(args, arg_count, &r);
  ck_assert_int_eq(r.exit_code, 2);
  ck_assert_uint_eq(r.out_len, 0);
  ck_assert_uint_gt(r.err_len, 0);
  ck_assert_msg(strchr(r.err, '\n') == r.err + r.err_len - 1, "not one line: %s", r.err);
  ck_assert_msg(strstr(r.err, needle) != NULL, "'%s' not in: %s", needle, r.err);
  ck_assert_int_eq(strncmp(r.err, "listapps: ", 10), 0);
  test_run_result_free(&r);
}

START_TEST(test_unknown_option) {
  const wchar_t *args[] = {L"--bogus"};
  assert_usage_error(args, 1, "'--bogus'");
}
END_TEST

START_TEST(test_bad_format_values) {
  const wchar_t *xml[] = {L"--format", L"xml"};
  const wchar_t *missing[] = {L"--format"};
  const wchar_t *empty[] = {L"--format="};
  const wchar_t *twice[] = {L"--format", L"csv", L"--format=json"};
  assert_usage_error(xml, 2, "'xml'");
  assert_usage_error(missing, 1, "--format");
  assert_usage_error(empty, 1, "table, csv, json, jsonl or prometheus");
  assert_usage_error(twice, 3, "twice");
}
END_TEST

START_TEST(test_stray_repeated_and_conflicting_arguments) {
  const wchar_t *empty_pattern[] = {L"notepad", L""};
  const wchar_t *flag_value[] = {L"--all=yes"};
  const wchar_t *bad_pid[] = {L"--pid", L"12,,3"};
  const wchar_t *negative_pid[] = {L"--pid=-4"};
  const wchar_t *huge_pid[] = {L"-p", L"4294967296"};
  const wchar_t *pid_twice[] = {L"--pid", L"1", L"-p", L"2"};
  const wchar_t *quiet_twice[] = {L"-q", L"--quiet"};
  const wchar_t *all_twice[] = {L"--all", L"--all"};
  const wchar_t *windows_twice[] = {L"--windows", L"--windows"};
  const wchar_t *header_twice[] = {L"--no-header", L"--no-header"};
  const wchar_t *excel_json[] = {L"--excel", L"--format", L"json"};
  const wchar_t *excel_twice[] = {L"--excel", L"--excel"};
  /* A bare word is a pattern now (it was a usage error in 1.0); an empty one is not. */
  assert_usage_error(empty_pattern, 2, "a pattern cannot be empty");
  assert_usage_error(flag_value, 1, "takes no value: '--all=yes'");
  assert_usage_error(bad_pid, 2, "'12,,3'");
  assert_usage_error(negative_pid, 1, "'-4'");
  assert_usage_error(huge_pid, 2, "'4294967296'");
  assert_usage_error(pid_twice, 4, "twice: '--pid'");
  assert_usage_error(quiet_twice, 2, "twice: '--quiet'");
  assert_usage_error(all_twice, 2, "twice: '--all'");
  assert_usage_error(windows_twice, 2, "twice: '--windows'");
  assert_usage_error(header_twice, 2, "twice: '--no-header'");
  assert_usage_error(excel_json, 3, "--excel writes CSV");
  assert_usage_error(excel_twice, 2, "twice: '--excel'");
}
END_TEST

START_TEST(test_non_ascii_and_long_arguments) {
  const wchar_t *unicode[] = {L"--f\x00FCr-\x6F22\x5B57"};
  wchar_t *long_arg = repeat_wchar(L'x', 20000);
  const wchar_t *hostile[] = {L"--\x001B[2J"};
  const wchar_t *longs[1];

  assert_usage_error(unicode, 1, "'--f\xC3\xBCr-\xE6\xBC\xA2\xE5\xAD\x97'");
  /* A control character in an argument is not echoed raw. */
  assert_usage_error(hostile, 1, "'--?[2J'");
  longs[0] = long_arg;
  long_arg[0] = L'-';
  assert_usage_error(longs, 1, "unknown option");
  free(long_arg);
}
END_TEST

START_TEST(test_help_and_version) {
  const wchar_t *help[] = {L"--help"};
  const wchar_t *version[] = {L"--version"};
  test_run_result r;

  cli_run(help, 1, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_int_eq(strncmp(r.out, "NAME\n", 5), 0);
  ck_assert_ptr_nonnull(strstr(r.out, "SYNOPSIS\n"));
  ck_assert_ptr_nonnull(strstr(r.out, "--format"));
  ck_assert_ptr_nonnull(strstr(r.out, "EXIT STATUS\n"));
  ck_assert_ptr_nonnull(strstr(r.out, "ConvertFrom-Csv"));
  ck_assert_uint_eq(r.err_len, 0);
  test_run_result_free(&r);
  cli_run(version, 1, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_str_eq(r.out, "listapps " LISTAPPS_VERSION_STRING "\n");
  ck_assert_uint_eq(r.err_len, 0);
  test_run_result_free(&r);
}
END_TEST

/* A title with everything CSV and JSON must carry: comma, quotes, CR LF, a formula prefix,
 * emoji, CJK, an unpaired surrogate, ESC and a right-to-left override. */
static const wchar_t hostile_title_arg[] =
    L"visible:=Sum(1,2) \"quoted\"%000D%000Anext %D83D%DE00\x6F22 %D800 %001B[31m %202E.";
static const char hostile_title[] =
    "=Sum(1,2) \"quoted\"\r\nnext \xF0\x9F\x98\x80\xE6\xBC\xA2 "
    "\xEF\xBF\xBD \x1b[31m \xE2\x80\xAE.";

static const csv_row *csv_row_for(const csv_table *t, unsigned long pid) {
  char pid_text[24];
  size_t i;

  sprintf(pid_text, "%lu", pid);
  for (i = 1; i < t->row_count; i++) {
    if (t->rows[i].field_count > 2 && strcmp(t->rows[i].fields[2], pid_text) == 0)
      return &t->rows[i];
  }
  return NULL;
}

START_TEST(test_csv_output_parses_back) {
  static const char *const header[] = {"Category", "Name",  "PID",        "ParentPID",
                                       "AppPID",   "Title", "Windows",    "Processes",
                                       "Image",    "Path",  "Description"};
  const wchar_t *fixture_args[] = {hostile_title_arg, L"visible:second"};
  const wchar_t *args[] = {L"--format", L"csv"};
  test_process p;
  test_run_result r;
  csv_table t;
  const csv_row *row;
  char err[160];
  char number[24];
  size_t i;

  fixture_start(L"fixture_en.exe", fixture_args, 2, &p);
  cli_run(args, 2, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_uint_eq(r.err_len, 0);
  ck_assert_int_eq(utf8_is_valid(r.out, r.out_len), 1);
  ck_assert_msg(csv_parse(r.out, r.out_len, &t, err, sizeof err) == 0, "%s", err);
  ck_assert_uint_ge(t.row_count, 2);
  for (i = 0; i < t.row_count; i++) ck_assert_uint_eq(t.rows[i].field_count, 11);
  for (i = 0; i < 11; i++) ck_assert_str_eq(t.rows[0].fields[i], header[i]);
  row = csv_row_for(&t, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->fields[0], "App");
  ck_assert_str_eq(row->fields[1], FIXTURE_DESC_EN);
  sprintf(number, "%lu", GetCurrentProcessId());
  ck_assert_str_eq(row->fields[3], number);
  ck_assert_str_eq(row->fields[4], row->fields[2]);
  /* The last argument's window is topmost. */
  ck_assert_str_eq(row->fields[5], "second");
  ck_assert_str_eq(row->fields[6], "2");
  ck_assert_str_eq(row->fields[7], "1");
  ck_assert_str_eq(row->fields[8], "fixture_en.exe");
  ck_assert_uint_gt(row->field_lens[9], 15);
  ck_assert_str_eq(row->fields[9] + row->field_lens[9] - 15, "\\fixture_en.exe");
  ck_assert_str_eq(row->fields[10], FIXTURE_DESC_EN);
  csv_table_free(&t);
  test_run_result_free(&r);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_csv_carries_hostile_title_exactly) {
  const wchar_t *fixture_args[] = {hostile_title_arg};
  const wchar_t *args[] = {L"--format=csv", L"--no-header"};
  test_process p;
  test_run_result r;
  csv_table t;
  const csv_row *row = NULL;
  char pid_text[24];
  size_t i;

  fixture_start(L"fixture_none.exe", fixture_args, 1, &p);
  cli_run(args, 2, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_int_eq(csv_parse(r.out, r.out_len, &t, NULL, 0), 0);
  sprintf(pid_text, "%lu", p.pid);
  /* No header: every row is data. */
  for (i = 0; i < t.row_count; i++) {
    ck_assert_str_eq(t.rows[i].fields[0], "App");
    if (strcmp(t.rows[i].fields[2], pid_text) == 0) row = &t.rows[i];
  }
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->fields[1], "fixture_none.exe");
  ck_assert_uint_eq(row->field_lens[5], strlen(hostile_title));
  ck_assert_str_eq(row->fields[5], hostile_title);
  ck_assert_str_eq(row->fields[10], "");
  csv_table_free(&t);
  test_run_result_free(&r);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_json_output_parses_back) {
  const wchar_t *fixture_args[] = {hostile_title_arg};
  const wchar_t *args[] = {L"--format", L"json"};
  test_process p;
  test_run_result r;
  json_value v;
  const json_value *row = NULL;
  char err[160];
  size_t i;

  fixture_start(L"fixture_blank.exe", fixture_args, 1, &p);
  cli_run(args, 2, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_uint_eq(r.err_len, 0);
  ck_assert_msg(json_parse(r.out, r.out_len, &v, err, sizeof err) == 0, "%s", err);
  ck_assert_int_eq(v.type, JSON_ARRAY);
  for (i = 0; i < v.count; i++) {
    const json_value *pid = json_get(&v.items[i], "pid");
    ck_assert_ptr_nonnull(pid);
    ck_assert_int_eq(pid->type, JSON_NUMBER);
    if (pid->integer == (long long)p.pid) row = &v.items[i];
  }
  ck_assert_ptr_nonnull(row);
  ck_assert_uint_eq(row->count, 11);
  ck_assert_str_eq(json_get(row, "category")->string, "App");
  ck_assert_str_eq(json_get(row, "name")->string, "fixture_blank.exe");
  ck_assert_int_eq(json_get(row, "parentPid")->integer, (long long)GetCurrentProcessId());
  ck_assert_int_eq(json_get(row, "appPid")->integer, (long long)p.pid);
  ck_assert_str_eq(json_get(row, "title")->string, hostile_title);
  ck_assert_int_eq(json_get(row, "windows")->integer, 1);
  ck_assert_int_eq(json_get(row, "processes")->integer, 1);
  ck_assert_str_eq(json_get(row, "image")->string, "fixture_blank.exe");
  ck_assert_int_eq(json_get(row, "path")->type, JSON_STRING);
  ck_assert_str_eq(json_get(row, "description")->string, FIXTURE_DESC_BLANK);
  /* Control characters never appear raw in the JSON text. */
  for (i = 0; i < r.out_len; i++)
    ck_assert_msg((unsigned char)r.out[i] >= 0x20 || r.out[i] == '\n', "raw control byte");
  json_free(&v);
  test_run_result_free(&r);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_table_output) {
  const wchar_t *fixture_args[] = {hostile_title_arg};
  test_process p;
  test_run_result r;
  char pid_text[24];
  const char *line;
  size_t i;

  fixture_start(L"fixture_en.exe", fixture_args, 1, &p);
  cli_run(NULL, 0, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_uint_eq(r.err_len, 0);
  ck_assert_int_eq(strncmp(r.out, "Name ", 5), 0);
  /* Only line feeds: no raw control character from the title reaches the terminal. */
  for (i = 0; i < r.out_len; i++)
    ck_assert_msg((unsigned char)r.out[i] >= 0x20 || r.out[i] == '\n', "raw control byte 0x%02x",
                  (unsigned char)r.out[i]);
  ck_assert_ptr_null(strstr(r.out, "\xE2\x80\xAE"));
  line = strstr(r.out, FIXTURE_DESC_EN);
  ck_assert_ptr_nonnull(line);
  sprintf(pid_text, " %lu  ", p.pid);
  ck_assert_ptr_nonnull(strstr(line, pid_text));
  ck_assert_ptr_nonnull(strstr(line, "\\x0d\\x0anext \xF0\x9F\x98\x80"));
  ck_assert_ptr_nonnull(strstr(line, "\\x1b[31m \\u202e."));
  test_run_result_free(&r);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_closed_pipe_ends_promptly) {
  /* Enough output to fill any pipe buffer: a fixture with a 30,000-character title. */
  wchar_t *title = repeat_wchar(L'w', 30000);
  wchar_t *arg = malloc(30016 * sizeof *arg);
  wchar_t *exe = test_path_beside_self(L"listapps.exe");
  const wchar_t *fixture_args[1];
  test_process p;
  int exit_code = 0;
  char *err = NULL;
  size_t err_len = 0;

  ck_assert_ptr_nonnull(arg);
  wcscpy(arg, L"visible:");
  wcscat(arg, title);
  fixture_args[0] = arg;
  fixture_start(L"fixture_en.exe", fixture_args, 1, &p);
  ck_assert_int_eq(test_run_pipe_closed_early(exe, L"--format csv", 64, RUN_TIMEOUT_MS, &exit_code,
                                              &err, &err_len),
                   0);
  /* 3, the failure status since 2.0 (1.0 used 1, which now means "nothing matched"); and
   * nothing on stderr, where PowerShell 5.1 would turn a line into an error record. */
  ck_assert_int_eq(exit_code, 3);
  ck_assert_msg(err_len == 0, "stderr: %s", err);
  free(err);
  fixture_stop(&p);
  free(exe);
  free(arg);
  free(title);
}
END_TEST

/* Whether the process pid has exited, or is a new process that took its PID after since: the
 * only processes listapps may list without a parent PID are those that exit mid-listing. */
static int exited_since(unsigned long pid, const FILETIME *since) {
  HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
  FILETIME created, exited, kernel, user;
  DWORD code = 0;
  int gone;

  if (process == NULL) return 1;
  gone = (GetExitCodeProcess(process, &code) && code != STILL_ACTIVE) ||
         (GetProcessTimes(process, &created, &exited, &kernel, &user) &&
          CompareFileTime(&created, since) > 0);
  CloseHandle(process);
  return gone;
}

START_TEST(test_all_csv_has_every_category) {
  const wchar_t *fixture_args[] = {L"visible:All of them"};
  const wchar_t *args[] = {L"--all", L"--format", L"csv"};
  test_process p;
  test_run_result r;
  csv_table t;
  const csv_row *row;
  int seen[3] = {0, 0, 0};
  size_t i;

  FILETIME started;
  char parent_text[24];

  fixture_start(L"fixture_en.exe", fixture_args, 1, &p);
  GetSystemTimeAsFileTime(&started);
  cli_run(args, 3, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_int_eq(csv_parse(r.out, r.out_len, &t, NULL, 0), 0);
  ck_assert_str_eq(t.rows[0].fields[0], "Category");
  for (i = 1; i < t.row_count; i++) {
    const char *category = t.rows[i].fields[0];
    ck_assert_uint_eq(t.rows[i].field_count, 11);
    /* ParentPID is filled for every row but an App whose process exited before the process
     * snapshot (other tests start and end processes meanwhile); other rows come from the
     * snapshot itself. */
    if (t.rows[i].field_lens[3] == 0) {
      ck_assert_msg(strcmp(category, "App") == 0 &&
                        exited_since(strtoul(t.rows[i].fields[2], NULL, 10), &started),
                    "no ParentPID for the running process %s (%s)", t.rows[i].fields[2],
                    t.rows[i].fields[1]);
    }
    if (strcmp(category, "App") == 0)
      seen[0] = 1;
    else if (strcmp(category, "Background process") == 0)
      seen[1] = 1;
    else if (strcmp(category, "Windows process") == 0)
      seen[2] = 1;
    else
      ck_abort_msg("unknown category %s", category);
  }
  ck_assert(seen[0] && seen[1] && seen[2]);
  row = csv_row_for(&t, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->fields[0], "App");
  ck_assert_str_eq(row->fields[5], "All of them");
  snprintf(parent_text, sizeof parent_text, "%lu", (unsigned long)GetCurrentProcessId());
  ck_assert_str_eq(row->fields[3], parent_text);
  csv_table_free(&t);
  test_run_result_free(&r);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_windows_csv_rows) {
  const wchar_t *fixture_args[] = {L"visible:Window one", L"visible:Window, two"};
  const wchar_t *args[] = {L"--windows", L"--format=csv"};
  test_process p;
  test_run_result r;
  csv_table t;
  char pid_text[24];
  char hwnd_text[40];
  size_t found = 0;
  size_t i;

  fixture_start(L"fixture_de_first.exe", fixture_args, 2, &p);
  cli_run(args, 2, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_int_eq(strncmp(r.out, "PID,HWND,Title,Class,Name,Image,Path\r\n", 38), 0);
  ck_assert_int_eq(csv_parse(r.out, r.out_len, &t, NULL, 0), 0);
  sprintf(pid_text, "%lu", p.pid);
  for (i = 1; i < t.row_count; i++) {
    const csv_row *row = &t.rows[i];
    ck_assert_uint_eq(row->field_count, 7);
    if (strcmp(row->fields[0], pid_text) != 0) continue;
    /* Topmost first: the last argument's window. */
    sprintf(hwnd_text, "0x%llX",
            (unsigned long long)(uintptr_t)FindWindowW(
                L"listapps_fixture", found == 0 ? L"Window, two" : L"Window one"));
    ck_assert_str_eq(row->fields[1], hwnd_text);
    ck_assert_str_eq(row->fields[2], found == 0 ? "Window, two" : "Window one");
    ck_assert_str_eq(row->fields[3], "listapps_fixture");
    ck_assert_str_eq(row->fields[4], FIXTURE_DESC_DE);
    ck_assert_str_eq(row->fields[5], "fixture_de_first.exe");
    found++;
  }
  ck_assert_uint_eq(found, 2);
  csv_table_free(&t);
  test_run_result_free(&r);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_excel_output) {
  const wchar_t *fixture_args[] = {L"visible:=1+2"};
  const wchar_t *args[] = {L"--excel"};
  test_process p;
  test_run_result r;
  csv_table t;
  const csv_row *row;

  fixture_start(L"fixture_en.exe", fixture_args, 1, &p);
  cli_run(args, 1, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_mem_eq(r.out,
                   "\xEF\xBB\xBF"
                   "Category,",
                   12);
  ck_assert_int_eq(csv_parse(r.out + 3, r.out_len - 3, &t, NULL, 0), 0);
  row = csv_row_for(&t, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->fields[5], "'=1+2");
  csv_table_free(&t);
  test_run_result_free(&r);
  fixture_stop(&p);
}
END_TEST

/* A string value of a file's version resource, block 040904B0, as UTF-8 (malloc'd). */
static char *version_string(const wchar_t *file, const wchar_t *name) {
  DWORD ignored = 0;
  DWORD size = GetFileVersionInfoSizeW(file, &ignored);
  wchar_t key[128] = L"\\StringFileInfo\\040904B0\\";
  void *block;
  void *value = NULL;
  UINT count = 0;
  char *utf8;

  ck_assert_uint_gt(size, 0);
  block = malloc(size);
  ck_assert_ptr_nonnull(block);
  ck_assert(GetFileVersionInfoW(file, 0, size, block));
  wcscat(key, name);
  ck_assert(VerQueryValueW(block, key, &value, &count));
  utf8 = malloc(4 * (size_t)count + 1);
  ck_assert_ptr_nonnull(utf8);
  WideCharToMultiByte(CP_UTF8, 0, value, -1, utf8, 4 * (int)count + 1, NULL, NULL);
  free(block);
  return utf8;
}

static void assert_version_value(const wchar_t *file, const wchar_t *name, const char *expected) {
  char *value = version_string(file, name);
  ck_assert_str_eq(value, expected);
  free(value);
}

START_TEST(test_exe_and_dll_describe_themselves) {
  wchar_t *exe = test_path_beside_self(L"listapps.exe");
  wchar_t *dll = test_path_beside_self(L"listapps.dll");
  HMODULE module;
  HRSRC res;
  char *manifest;
  DWORD size;

  /* Task Manager names the program by this; --version prints the same version. */
  assert_version_value(exe, L"FileDescription", "listapps");
  assert_version_value(exe, L"ProductName", "listapps");
  assert_version_value(exe, L"FileVersion", LISTAPPS_VERSION_STRING);
  assert_version_value(exe, L"ProductVersion", LISTAPPS_VERSION_STRING);
  assert_version_value(dll, L"FileDescription", "listapps library");
  assert_version_value(dll, L"FileVersion", LISTAPPS_VERSION_STRING);
  /* The application manifest: long paths, UTF-8 code page, supported systems. */
  module = LoadLibraryExW(exe, NULL, LOAD_LIBRARY_AS_DATAFILE);
  ck_assert_ptr_nonnull(module);
  res = FindResourceW(module, MAKEINTRESOURCEW(1), MAKEINTRESOURCEW(24));
  ck_assert_ptr_nonnull(res);
  size = SizeofResource(module, res);
  manifest = malloc(size + 1);
  ck_assert_ptr_nonnull(manifest);
  memcpy(manifest, LockResource(LoadResource(module, res)), size);
  manifest[size] = '\0';
  ck_assert_ptr_nonnull(strstr(manifest, "<longPathAware"));
  ck_assert_ptr_nonnull(strstr(manifest, ">UTF-8</activeCodePage>"));
  ck_assert_ptr_nonnull(strstr(manifest, "8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a"));
  free(manifest);
  FreeLibrary(module);
  free(dll);
  free(exe);
}
END_TEST

START_TEST(test_64k_title_is_carried_whole) {
  enum { LONG = 65536 };
  static const char *const cycle[] = {"x", "\xC3\xA9", "\xE6\xBC\xA2", ",", "\""};
  const wchar_t *fixture_args[] = {L"long:65536"};
  const wchar_t *csv_args[] = {L"--format=csv"};
  const wchar_t *json_args[] = {L"--format=json"};
  test_process p;
  test_run_result r;
  csv_table t;
  json_value v;
  const csv_row *row;
  char *expected = malloc(LONG * 3 + 1);
  size_t n = 0;
  size_t i;

  ck_assert_ptr_nonnull(expected);
  for (i = 0; i < LONG; i++) {
    size_t len = strlen(cycle[i % 5]);
    memcpy(expected + n, cycle[i % 5], len);
    n += len;
  }
  expected[n] = '\0';
  fixture_start(L"fixture_en.exe", fixture_args, 1, &p);
  cli_run(csv_args, 1, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_int_eq(csv_parse(r.out, r.out_len, &t, NULL, 0), 0);
  row = csv_row_for(&t, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_uint_eq(row->field_lens[5], n);
  ck_assert_int_eq(memcmp(row->fields[5], expected, n), 0);
  csv_table_free(&t);
  test_run_result_free(&r);
  cli_run(json_args, 1, &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_int_eq(json_parse(r.out, r.out_len, &v, NULL, 0), 0);
  for (i = 0; i < v.count; i++) {
    if (json_get(&v.items[i], "pid")->integer != (long long)p.pid) continue;
    ck_assert_uint_eq(json_get(&v.items[i], "title")->string_len, n);
    ck_assert_int_eq(memcmp(json_get(&v.items[i], "title")->string, expected, n), 0);
    break;
  }
  ck_assert_uint_lt(i, v.count);
  json_free(&v);
  test_run_result_free(&r);
  fixture_stop(&p);
  free(expected);
}
END_TEST

/* Reads a whole file into a NUL-terminated buffer (free it); NULL when it cannot be read. */
static char *read_whole(const wchar_t *path, size_t *len) {
  HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                         NULL, OPEN_EXISTING, 0, NULL);
  DWORD size;
  DWORD got = 0;
  char *data;

  if (f == INVALID_HANDLE_VALUE) return NULL;
  size = GetFileSize(f, NULL);
  data = malloc((size_t)size + 1);
  if (data != NULL && ReadFile(f, data, size, &got, NULL) && got == size) {
    data[got] = '\0';
    *len = got;
  } else {
    free(data);
    data = NULL;
  }
  CloseHandle(f);
  return data;
}

static void write_whole(const wchar_t *path, const char *text) {
  HANDLE f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD put = 0;

  ck_assert_ptr_ne(f, INVALID_HANDLE_VALUE);
  ck_assert(WriteFile(f, text, (DWORD)strlen(text), &put, NULL));
  CloseHandle(f);
}

/* --output writes the whole file or leaves the old one: it replaces the target in one rename,
 * fails clearly when the folder is missing, and keeps the old file when the target is held
 * open without delete sharing (the replace fails). */
/* Elevated (as every process is under Wine, and as a SYSTEM task is), --output does not write
 * through a folder that is a link or a junction: another user could point it anywhere. */
START_TEST(test_output_refuses_a_linked_folder) {
  wchar_t *dir = test_path_beside_self(L"output_link_test");
  wchar_t real[MAX_PATH];
  wchar_t link[MAX_PATH];
  wchar_t target[MAX_PATH];
  wchar_t in_real[MAX_PATH];
  const wchar_t *args[3];
  test_run_result r;

  ck_assert_ptr_nonnull(dir);
  CreateDirectoryW(dir, NULL);
  swprintf(real, MAX_PATH, L"%ls\\real", dir);
  swprintf(link, MAX_PATH, L"%ls\\link", dir);
  swprintf(target, MAX_PATH, L"%ls\\apps.csv", link);
  swprintf(in_real, MAX_PATH, L"%ls\\apps.csv", real);
  CreateDirectoryW(real, NULL);
  DeleteFileW(in_real);
  /* Under Wine the link is a Unix one, which the ctest fixture unix_link made (Wine's own
   * links cannot be walked through); on Windows the test makes it. */
  if (GetFileAttributesW(link) == INVALID_FILE_ATTRIBUTES)
    ck_assert_msg(CreateSymbolicLinkW(link, real, SYMBOLIC_LINK_FLAG_DIRECTORY),
                  "CreateSymbolicLinkW: %lu", GetLastError());
  args[0] = L"--format=csv";
  args[1] = L"--output";
  args[2] = target;
  cli_run(args, 3, &r);
  ck_assert_msg(r.exit_code == 3, "exit %d: %s", r.exit_code, r.err);
  ck_assert_msg(strstr(r.err, "junction or a link") != NULL, "stderr: %s", r.err);
  ck_assert_uint_eq(GetFileAttributesW(in_real), INVALID_FILE_ATTRIBUTES);
  test_run_result_free(&r);
  free(dir);
}
END_TEST

START_TEST(test_output_file_is_atomic) {
  wchar_t *dir = test_path_beside_self(L"output_test");
  wchar_t target[MAX_PATH];
  wchar_t missing[MAX_PATH];
  const wchar_t *args[4];
  test_run_result r;
  char *text;
  size_t len = 0;
  HANDLE held;
  WIN32_FIND_DATAW found;
  HANDLE search;
  wchar_t pattern[MAX_PATH];
  int files = 0;

  ck_assert_ptr_nonnull(dir);
  CreateDirectoryW(dir, NULL);
  swprintf(target, MAX_PATH, L"%ls\\apps.prom", dir);
  swprintf(missing, MAX_PATH, L"%ls\\no such folder\\apps.prom", dir);
  write_whole(target, "old contents\n");

  /* Replaced whole. */
  args[0] = L"--format=prometheus";
  args[1] = L"--output";
  args[2] = target;
  cli_run(args, 3, &r);
  ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
  ck_assert_uint_eq(r.out_len, 0);
  test_run_result_free(&r);
  text = read_whole(target, &len);
  ck_assert_ptr_nonnull(text);
  ck_assert_ptr_nonnull(strstr(text, "# TYPE listapps_apps gauge\n"));
  ck_assert_ptr_null(strstr(text, "old contents"));
  free(text);

  /* A folder that does not exist: one clear line, exit 3. */
  args[2] = missing;
  cli_run(args, 3, &r);
  ck_assert_int_eq(r.exit_code, 3);
  ck_assert_msg(strstr(r.err, "its folder does not exist") != NULL, "stderr: %s", r.err);
  ck_assert_ptr_nonnull(strchr(r.err, '\n'));
  ck_assert(strchr(r.err, '\n') == r.err + r.err_len - 1);
  test_run_result_free(&r);

  /* Held open without FILE_SHARE_DELETE: the rename fails, the old file stays. */
  write_whole(target, "old contents\n");
  held = CreateFileW(target, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  ck_assert_ptr_ne(held, INVALID_HANDLE_VALUE);
  args[2] = target;
  cli_run(args, 3, &r);
  CloseHandle(held);
  ck_assert_msg(r.exit_code == 3, "exit %d: %s", r.exit_code, r.err);
  ck_assert_msg(strstr(r.err, "the old file is unchanged") != NULL, "stderr: %s", r.err);
  test_run_result_free(&r);
  text = read_whole(target, &len);
  ck_assert_ptr_nonnull(text);
  ck_assert_str_eq(text, "old contents\n");
  free(text);

  /* No temporary file is left behind. */
  swprintf(pattern, MAX_PATH, L"%ls\\*", dir);
  search = FindFirstFileW(pattern, &found);
  ck_assert_ptr_ne(search, INVALID_HANDLE_VALUE);
  do {
    if (!(found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) files++;
  } while (FindNextFileW(search, &found));
  FindClose(search);
  ck_assert_int_eq(files, 1);
  DeleteFileW(target);
  RemoveDirectoryW(dir);
  free(dir);
}
END_TEST

/* A pipe closed before the first write ends --help and --version quietly too. */
START_TEST(test_closed_pipe_before_help_and_version) {
  static const wchar_t *const args[] = {L"--help", L"--version"};
  wchar_t *exe = test_path_beside_self(L"listapps.exe");
  size_t i;

  for (i = 0; i < 2; i++) {
    int exit_code = 0;
    char *err = NULL;
    size_t err_len = 0;

    ck_assert_int_eq(
        test_run_pipe_closed_early(exe, args[i], 0, RUN_TIMEOUT_MS, &exit_code, &err, &err_len), 0);
    ck_assert_msg(exit_code == 3, "%ls: exit %d", args[i], exit_code);
    ck_assert_msg(err_len == 0, "%ls: stderr: %s", args[i], err);
    free(err);
  }
  free(exe);
}
END_TEST

/* Any other failed write still says why: stdout a file opened for reading only. */
START_TEST(test_failed_write_says_why) {
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  wchar_t *exe = test_path_beside_self(L"listapps.exe");
  wchar_t *out_path = test_path_beside_self(L"read_only_stdout.txt");
  wchar_t *err_path = test_path_beside_self(L"read_only_stderr.txt");
  HANDLE in, out, err;
  PROCESS_INFORMATION info;
  DWORD exit_code = 0;
  char *text;
  size_t len = 0;

  ck_assert_ptr_nonnull(exe);
  ck_assert_ptr_nonnull(out_path);
  ck_assert_ptr_nonnull(err_path);
  write_whole(out_path, "");
  in = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                   OPEN_EXISTING, 0, NULL);
  out = CreateFileW(out_path, GENERIC_READ, FILE_SHARE_READ, &inherit, OPEN_EXISTING, 0, NULL);
  err = CreateFileW(err_path, GENERIC_WRITE, FILE_SHARE_READ, &inherit, CREATE_ALWAYS, 0, NULL);
  ck_assert_ptr_ne(in, INVALID_HANDLE_VALUE);
  ck_assert_ptr_ne(out, INVALID_HANDLE_VALUE);
  ck_assert_ptr_ne(err, INVALID_HANDLE_VALUE);
  ck_assert_int_eq(test_process_spawn(exe, L"--version", 0, in, out, err, &info), 0);
  CloseHandle(in);
  CloseHandle(out);
  CloseHandle(err);
  ck_assert_uint_eq(WaitForSingleObject(info.hProcess, RUN_TIMEOUT_MS), WAIT_OBJECT_0);
  ck_assert(GetExitCodeProcess(info.hProcess, &exit_code));
  CloseHandle(info.hProcess);
  CloseHandle(info.hThread);
  ck_assert_uint_eq(exit_code, 3);
  text = read_whole(err_path, &len);
  ck_assert_ptr_nonnull(text);
  ck_assert_msg(strcmp(text, "listapps: cannot write the output (Win32 error 5)\n") == 0,
                "stderr: %s", text);
  free(text);
  DeleteFileW(out_path);
  DeleteFileW(err_path);
  free(err_path);
  free(out_path);
  free(exe);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("cli");
  TCase *invalid = tcase_create("bad command lines");
  TCase *happy = tcase_create("output");
  TCase *edges = tcase_create("boundaries");

  tcase_add_test(invalid, test_unknown_option);
  tcase_add_test(invalid, test_bad_format_values);
  tcase_add_test(invalid, test_stray_repeated_and_conflicting_arguments);
  tcase_add_test(invalid, test_non_ascii_and_long_arguments);
  tcase_add_test(happy, test_help_and_version);
  tcase_add_test(happy, test_exe_and_dll_describe_themselves);
  tcase_add_test(happy, test_csv_output_parses_back);
  tcase_add_test(happy, test_json_output_parses_back);
  tcase_add_test(happy, test_table_output);
  tcase_add_test(happy, test_all_csv_has_every_category);
  tcase_add_test(happy, test_windows_csv_rows);
  tcase_add_test(happy, test_excel_output);
  tcase_add_test(edges, test_csv_carries_hostile_title_exactly);
  tcase_add_test(edges, test_closed_pipe_ends_promptly);
  tcase_add_test(edges, test_closed_pipe_before_help_and_version);
  tcase_add_test(edges, test_failed_write_says_why);
  tcase_add_test(edges, test_64k_title_is_carried_whole);
  tcase_add_test(edges, test_output_file_is_atomic);
  tcase_add_test(edges, test_output_refuses_a_linked_folder);
  suite_add_tcase(s, invalid);
  suite_add_tcase(s, happy);
  suite_add_tcase(s, edges);
  return s;
}
