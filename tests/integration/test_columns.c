/*
 * Task Manager's columns against real processes under Wine: Memory, CPU, Status, CommandLine,
 * StartTime, Architecture, Elevated, User, EfficiencyMode, Threads and Handles, and the columns
 * Wine lacks (GDI/USER objects, Disk, Network, GPU) unavailable with their reason, each through
 * the snapshot, and
 * --columns/--sort through the real listapps.exe. Where Wine cannot give a value (docs/listapps.md:
 * Limits) the test checks the state the library reports, never a value Wine only pretends to
 * give.
 */
#include <windows.h>
#include <tlhelp32.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "fixture_run.h"
#include "fixture_strings.h"
#include "listapps.h"
#include "suite.h"

#define MB (1024ll * 1024ll)

static listapps_snapshot *take(const int *fields, size_t count, unsigned flags, unsigned interval) {
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_error_info e = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *s = NULL;
  int err;

  o.flags = flags;
  o.fields = fields;
  o.field_count = count;
  o.cpu_interval_ms = interval;
  err = listapps_snapshot_take(&o, &s, &e);
  ck_assert_msg(err == LISTAPPS_OK, "snapshot failed: %d (%s, %lu)", err, e.call, e.win32_error);
  return s;
}

/* The row of pid, which must be listed. */
static size_t row_of(const listapps_snapshot *s, unsigned long pid) {
  size_t row = find_snapshot_row(s, pid);

  ck_assert_msg(row != (size_t)-1, "PID %lu not listed", pid);
  return row;
}

static long long integer_of(const listapps_snapshot *s, unsigned long pid, int field) {
  long long v = -1;
  int state = listapps_snapshot_get_integer(s, row_of(s, pid), field, &v);
  ck_assert_msg(state == LISTAPPS_VALUE_PRESENT, "field %d of PID %lu: %s", field, pid,
                listapps_value_state_name(state));
  return v;
}

/* What a fixture that touched N MB may show less than N MB more than an idle one. Under Wine
 * Memory falls back to the commit charge, which grows by exactly what was committed; on Windows
 * it is the private working set, what is resident, which the system may trim a little and
 * which starts from another baseline in each process. A tenth is far above that noise and far
 * below the amount: an idle fixture holds a few MB. */
#define RESIDENT_MARGIN(mb) ((mb) * MB / 10)

/* A fixture holding 300 MB it has touched shows about 300 MB more than an idle one, and an App
 * row's Memory is the sum over its group. */
START_TEST(test_memory) {
  const wchar_t *big_args[] = {L"visible:Memory big", L"alloc:300"};
  const wchar_t *idle_args[] = {L"visible:Memory idle"};
  const wchar_t *group_args[] = {L"visible:Memory group", L"spawn:alloc:40"};
  const int fields[] = {LISTAPPS_FIELD_MEMORY};
  test_process big;
  test_process idle;
  test_process group;
  listapps_snapshot *s;
  long long total = 0;
  long long sum;
  size_t i;

  fixture_start(L"fixture_en.exe", big_args, 2, &big);
  fixture_start(L"fixture_en.exe", idle_args, 1, &idle);
  fixture_start(L"fixture_en.exe", group_args, 2, &group);
  s = take(fields, 1, LISTAPPS_LIST_ALL, 0);
  ck_assert_msg(integer_of(s, big.pid, LISTAPPS_FIELD_MEMORY) -
                        integer_of(s, idle.pid, LISTAPPS_FIELD_MEMORY) >=
                    300 * MB - RESIDENT_MARGIN(300),
                "300 MB fixture: %lld, idle: %lld", integer_of(s, big.pid, LISTAPPS_FIELD_MEMORY),
                integer_of(s, idle.pid, LISTAPPS_FIELD_MEMORY));
  /* With --all every process row is its own; the default listing's App row sums its group.
   * The two are separate readings of live processes, so they agree within a little. */
  ck_assert_uint_eq(listapps_snapshot_member_count(s, row_of(s, group.pid)), 2);
  for (i = 0; i < 2; i++) {
    unsigned long member = 0;
    ck_assert_int_eq(listapps_snapshot_get_member(s, row_of(s, group.pid), i, &member), 0);
    total += integer_of(s, member, LISTAPPS_FIELD_MEMORY);
  }
  ck_assert_int_ge(total - integer_of(s, group.pid, LISTAPPS_FIELD_MEMORY),
                   40 * MB - RESIDENT_MARGIN(40));
  listapps_snapshot_free(s);
  s = take(fields, 1, LISTAPPS_LIST_DEFAULT, 0);
  sum = integer_of(s, group.pid, LISTAPPS_FIELD_MEMORY);
  ck_assert_msg(sum > total - 8 * MB && sum < total + 8 * MB, "App row %lld, its group %lld", sum,
                total);
  listapps_snapshot_free(s);
  fixture_stop(&group);
  fixture_stop(&idle);
  fixture_stop(&big);
}
END_TEST

START_TEST(test_cpu) {
  const wchar_t *spin_args[] = {L"visible:CPU spin", L"spin"};
  const wchar_t *idle_args[] = {L"visible:CPU idle"};
  const int fields[] = {LISTAPPS_FIELD_CPU};
  SYSTEM_INFO si;
  test_process spin;
  test_process idle;
  listapps_snapshot *s;
  long long one_processor;

  GetSystemInfo(&si);
  one_processor = 1000 / (long long)si.dwNumberOfProcessors; /* tenths of a percent */
  fixture_start(L"fixture_en.exe", spin_args, 2, &spin);
  fixture_start(L"fixture_en.exe", idle_args, 1, &idle);
  s = take(fields, 1, LISTAPPS_LIST_DEFAULT, 1000);
  ck_assert_msg(integer_of(s, spin.pid, LISTAPPS_FIELD_CPU) >= one_processor * 7 / 10,
                "spinning: %lld tenths, one processor is %lld",
                integer_of(s, spin.pid, LISTAPPS_FIELD_CPU), one_processor);
  ck_assert_int_lt(integer_of(s, idle.pid, LISTAPPS_FIELD_CPU), 50);
  listapps_snapshot_free(s);
  fixture_stop(&idle);
  fixture_stop(&spin);
}
END_TEST

static const char *status_of(const listapps_snapshot *s, unsigned long pid, int *state) {
  const char *text = NULL;
  *state = listapps_snapshot_get_string(s, row_of(s, pid), LISTAPPS_FIELD_STATUS, &text);
  return text;
}

/* Windows calls a window hung once its thread has not pumped messages for 5 s. */
START_TEST(test_status_not_responding) {
  const wchar_t *hung_args[] = {L"visible:Status hung", L"hang"};
  const wchar_t *pumping_args[] = {L"visible:Status pumping"};
  const int fields[] = {LISTAPPS_FIELD_STATUS};
  test_process hung;
  test_process pumping;
  listapps_snapshot *s;
  int state;

  fixture_start(L"fixture_en.exe", hung_args, 2, &hung);
  fixture_start(L"fixture_en.exe", pumping_args, 1, &pumping);
  Sleep(6500);
  s = take(fields, 1, LISTAPPS_LIST_DEFAULT, 0);
  ck_assert_str_eq(status_of(s, hung.pid, &state), "Not responding");
  ck_assert_str_eq(status_of(s, pumping.pid, &state), "Running");
  listapps_snapshot_free(s);
  test_process_stop(&hung, 100);
  fixture_stop(&pumping);
}
END_TEST

/* Suspends every thread of a process. Returns how many. */
static int suspend_all(unsigned long pid) {
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
  THREADENTRY32 te;
  int count = 0;

  ck_assert_ptr_ne(snap, INVALID_HANDLE_VALUE);
  te.dwSize = sizeof te;
  for (BOOL more = Thread32First(snap, &te); more; more = Thread32Next(snap, &te)) {
    HANDLE t;
    if (te.th32OwnerProcessID != pid) continue;
    t = OpenThread(THREAD_SUSPEND_RESUME, FALSE, te.th32ThreadID);
    if (t != NULL && SuspendThread(t) != (DWORD)-1) count++;
    if (t != NULL) CloseHandle(t);
  }
  CloseHandle(snap);
  return count;
}

/* Every thread suspended: Suspended, where the system reports thread states; under Wine (which
 * reports none) a process row's status is unsupported and an App's comes from its windows. */
START_TEST(test_status_suspended) {
  const wchar_t *args[] = {L"visible:Status suspended", L"spawn:"};
  const int fields[] = {LISTAPPS_FIELD_STATUS};
  test_process p;
  listapps_snapshot *s;
  unsigned long child = 0;
  const char *text;
  int state;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  ck_assert_int_gt(suspend_all(p.pid), 0);
  s = take(fields, 1, LISTAPPS_LIST_ALL, 0);
  ck_assert_int_eq(listapps_snapshot_get_member(s, row_of(s, p.pid), 1, &child), 0);
  text = status_of(s, child, &state);
  if (state == LISTAPPS_VALUE_UNSUPPORTED) {
    /* Wine: no thread states. The App row still says what its windows say. */
    text = status_of(s, p.pid, &state);
    ck_assert_int_eq(state, LISTAPPS_VALUE_PRESENT);
    ck_assert_str_ne(text, "Suspended");
  } else {
    ck_assert_str_eq(status_of(s, p.pid, &state), "Suspended");
  }
  listapps_snapshot_free(s);
  test_process_stop(&p, 100);
}
END_TEST

/* The command line comes back exactly, whatever it holds; StartTime is when it started. */
START_TEST(test_command_line_and_start_time) {
  const wchar_t *args[] = {
      L"visible:Command line \"quoted\" back\\slash \\\\\" \x00FC\x6F22 \x03A3",
      L"visible:second arg"};
  const int fields[] = {LISTAPPS_FIELD_COMMAND_LINE, LISTAPPS_FIELD_START_TIME,
                        LISTAPPS_FIELD_ARCHITECTURE, LISTAPPS_FIELD_ELEVATED,
                        LISTAPPS_FIELD_USER,         LISTAPPS_FIELD_EFFICIENCY_MODE};
  wchar_t *exe = test_path_beside_self(L"fixture_en.exe");
  wchar_t *tail = NULL;
  wchar_t *expected16;
  char expected[4096];
  FILETIME before;
  FILETIME after;
  long long before_ms;
  long long after_ms;
  long long started;
  const char *text = NULL;
  test_process p;
  listapps_snapshot *s;
  size_t row;
  int state;

  ck_assert_ptr_nonnull(exe);
  ck_assert_int_eq(test_cmdline_append(&tail, args[0]), 0);
  ck_assert_int_eq(test_cmdline_append(&tail, args[1]), 0);
  expected16 = malloc((wcslen(exe) + wcslen(tail) + 8) * sizeof *expected16);
  ck_assert_ptr_nonnull(expected16);
  swprintf(expected16, wcslen(exe) + wcslen(tail) + 8, L"\"%ls\" %ls", exe, tail);
  ck_assert_int_gt(
      WideCharToMultiByte(CP_UTF8, 0, expected16, -1, expected, sizeof expected, NULL, NULL), 0);
  GetSystemTimeAsFileTime(&before);
  fixture_start(L"fixture_en.exe", args, 2, &p);
  GetSystemTimeAsFileTime(&after);
  s = take(fields, sizeof fields / sizeof fields[0], LISTAPPS_LIST_DEFAULT, 0);
  row = row_of(s, p.pid);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_COMMAND_LINE, &text),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_str_eq(text, expected);
  /* Milliseconds since 1970 from FILETIME. */
  before_ms =
      (long long)((((ULONGLONG)before.dwHighDateTime << 32) | before.dwLowDateTime) / 10000u) -
      11644473600000LL;
  after_ms = (long long)((((ULONGLONG)after.dwHighDateTime << 32) | after.dwLowDateTime) / 10000u) -
             11644473600000LL;
  started = integer_of(s, p.pid, LISTAPPS_FIELD_START_TIME);
  ck_assert_msg(started >= before_ms - 2000 && started <= after_ms + 2000,
                "started %lld, test %lld..%lld", started, before_ms, after_ms);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_ARCHITECTURE, &text),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_str_eq(text, "x64");
  /* Elevation and user come from the token: present, of the right shape. */
  state = listapps_snapshot_get_integer(s, row, LISTAPPS_FIELD_ELEVATED, &before_ms);
  ck_assert_int_eq(state, LISTAPPS_VALUE_PRESENT);
  ck_assert(before_ms == 0 || before_ms == 1);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_USER, &text),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_uint_gt(strlen(text), 0);
  /* Efficiency mode: GetProcessInformation is missing under Wine, so unsupported there;
   * elsewhere a plain process is not throttled. */
  state = listapps_snapshot_get_integer(s, row, LISTAPPS_FIELD_EFFICIENCY_MODE, &before_ms);
  if (state == LISTAPPS_VALUE_PRESENT)
    ck_assert_int_eq(before_ms, 0);
  else
    ck_assert_int_eq(state, LISTAPPS_VALUE_UNSUPPORTED);
  listapps_snapshot_free(s);
  fixture_stop(&p);
  free(expected16);
  free(tail);
  free(exe);
}
END_TEST

/* --columns and --sort through the CLI: Memory descending puts the 120 MB fixture above the
 * idle one, and unavailable values never come first. */
START_TEST(test_cli_sort_and_columns) {
  const wchar_t *big_args[] = {L"visible:Sort big zq5", L"alloc:120"};
  const wchar_t *idle_args[] = {L"visible:Sort idle zq5"};
  const wchar_t *cli[] = {L"zq5",    L"--columns",  L"pid,memory,cpu,status",
                          L"--sort", L"-memory",    L"--format",
                          L"csv",    L"--interval", L"200"};
  wchar_t *exe = test_path_beside_self(L"listapps.exe");
  wchar_t *cmdline = NULL;
  test_process big;
  test_process idle;
  test_run_result r;
  csv_table t;
  char err[200];
  size_t i;

  fixture_start(L"fixture_en.exe", big_args, 2, &big);
  fixture_start(L"fixture_en.exe", idle_args, 1, &idle);
  for (i = 0; i < sizeof cli / sizeof cli[0]; i++)
    ck_assert_int_eq(test_cmdline_append(&cmdline, cli[i]), 0);
  ck_assert_int_eq(test_run(exe, cmdline, NULL, RUN_TIMEOUT_MS, &r), 0);
  ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
  ck_assert_int_eq(csv_parse(r.out, r.out_len, &t, err, sizeof err), 0);
  ck_assert_uint_eq(t.row_count, 3);
  ck_assert_str_eq(t.rows[0].fields[0], "PID");
  ck_assert_str_eq(t.rows[0].fields[1], "Memory");
  ck_assert_uint_eq(strtoul(t.rows[1].fields[0], NULL, 10), big.pid);
  ck_assert_uint_eq(strtoul(t.rows[2].fields[0], NULL, 10), idle.pid);
  ck_assert_str_eq(t.rows[1].fields[3], "Running");
  ck_assert_ptr_nonnull(strchr(t.rows[1].fields[2], '.')); /* CPU with one decimal */
  csv_table_free(&t);
  test_run_result_free(&r);
  free(cmdline);
  free(exe);
  fixture_stop(&idle);
  fixture_stop(&big);
}
END_TEST

/* Toolhelp's count of a process's threads, an independent reading to compare with. */
static unsigned long toolhelp_threads(unsigned long pid) {
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  PROCESSENTRY32W e;
  unsigned long count = 0;

  ck_assert_ptr_ne(snap, INVALID_HANDLE_VALUE);
  e.dwSize = sizeof e;
  if (Process32FirstW(snap, &e)) do {
      if (e.th32ProcessID == pid) count = e.cntThreads;
    } while (Process32NextW(snap, &e));
  CloseHandle(snap);
  return count;
}

/* Threads and Handles from the process list: a fixture with 12 more threads shows exactly 12
 * more than a plain one (and what Toolhelp counts), one with 200 more handles about 200 more
 * (Wine rounds each count up to a multiple of 32), and an App row sums its group. */
START_TEST(test_threads_and_handles) {
  const wchar_t *plain_args[] = {L"visible:Details plain"};
  const wchar_t *threads_args[] = {L"visible:Details threads", L"threads:12"};
  const wchar_t *handles_args[] = {L"visible:Details handles", L"handles:200"};
  const wchar_t *group_args[] = {L"visible:Details group", L"spawn:threads:7"};
  const int fields[] = {LISTAPPS_FIELD_THREADS, LISTAPPS_FIELD_HANDLES};
  test_process plain;
  test_process more_threads;
  test_process more_handles;
  test_process group;
  listapps_snapshot *s;
  long long threads_sum = 0;
  long long handles;
  size_t i;

  fixture_start(L"fixture_en.exe", plain_args, 1, &plain);
  fixture_start(L"fixture_en.exe", threads_args, 2, &more_threads);
  fixture_start(L"fixture_en.exe", handles_args, 2, &more_handles);
  fixture_start(L"fixture_en.exe", group_args, 2, &group);
  s = take(fields, 2, LISTAPPS_LIST_ALL, 0);
  ck_assert_int_eq(integer_of(s, more_threads.pid, LISTAPPS_FIELD_THREADS) -
                       integer_of(s, plain.pid, LISTAPPS_FIELD_THREADS),
                   12);
  ck_assert_int_eq(integer_of(s, more_threads.pid, LISTAPPS_FIELD_THREADS),
                   (long long)toolhelp_threads(more_threads.pid));
  handles = integer_of(s, more_handles.pid, LISTAPPS_FIELD_HANDLES) -
            integer_of(s, plain.pid, LISTAPPS_FIELD_HANDLES);
  ck_assert_msg(handles >= 200 - 32 && handles <= 200 + 32, "200 more handles showed %lld more",
                handles);
  /* The group's threads, each process on its own row. */
  ck_assert_uint_eq(listapps_snapshot_member_count(s, row_of(s, group.pid)), 2);
  for (i = 0; i < 2; i++) {
    unsigned long member = 0;
    ck_assert_int_eq(listapps_snapshot_get_member(s, row_of(s, group.pid), i, &member), 0);
    threads_sum += integer_of(s, member, LISTAPPS_FIELD_THREADS);
  }
  listapps_snapshot_free(s);
  s = take(fields, 2, LISTAPPS_LIST_DEFAULT, 0);
  ck_assert_int_eq(integer_of(s, group.pid, LISTAPPS_FIELD_THREADS), threads_sum);
  listapps_snapshot_free(s);
  fixture_stop(&group);
  fixture_stop(&more_handles);
  fixture_stop(&more_threads);
  fixture_stop(&plain);
}
END_TEST

static int under_wine(void) {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll != NULL && GetProcAddress(ntdll, "wine_get_version") != NULL;
}

/* The columns Wine cannot give are unavailable there with the reason, never a made-up figure:
 * GetGuiResources is a stub (ERROR_CALL_NOT_IMPLEMENTED), the process list has no extension
 * record (no disk counters), ProcessNetworkIoCounters is Windows 11 24H2's, and gdi32 has no
 * D3DKMTEnumAdapters2. On Windows the GDI and USER counts of a windowed fixture are real. */
START_TEST(test_unavailable_where_the_system_lacks_it) {
  const wchar_t *args[] = {L"visible:Details missing"};
  const int fields[] = {LISTAPPS_FIELD_GDI_OBJECTS,
                        LISTAPPS_FIELD_USER_OBJECTS,
                        LISTAPPS_FIELD_DISK,
                        LISTAPPS_FIELD_NETWORK,
                        LISTAPPS_FIELD_GPU,
                        LISTAPPS_FIELD_GPU_ENGINE,
                        LISTAPPS_FIELD_GPU_DEDICATED_MEMORY,
                        LISTAPPS_FIELD_GPU_SHARED_MEMORY};
  test_process host;
  listapps_snapshot *s;
  size_t row;
  size_t i;

  fixture_start(L"fixture_en.exe", args, 1, &host);
  s = take(fields, sizeof fields / sizeof fields[0], LISTAPPS_LIST_DEFAULT, 100);
  row = row_of(s, host.pid);
  if (under_wine()) {
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
      const char *text = NULL;
      long long v = -1;
      int state = fields[i] == LISTAPPS_FIELD_GPU_ENGINE
                      ? listapps_snapshot_get_string(s, row, fields[i], &text)
                      : listapps_snapshot_get_integer(s, row, fields[i], &v);
      ck_assert_msg(state == LISTAPPS_VALUE_UNSUPPORTED, "%s under Wine: %s",
                    listapps_field_info_of(fields[i])->header, listapps_value_state_name(state));
    }
  } else {
    ck_assert_int_gt(integer_of(s, host.pid, LISTAPPS_FIELD_GDI_OBJECTS), 0);
    ck_assert_int_gt(integer_of(s, host.pid, LISTAPPS_FIELD_USER_OBJECTS), 0);
  }
  listapps_snapshot_free(s);
  fixture_stop(&host);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("columns");
  TCase *usage = tcase_create("usage");
  TCase *status = tcase_create("status");
  TCase *process = tcase_create("process");
  TCase *details = tcase_create("details");

  tcase_add_test(usage, test_memory);
  tcase_add_test(usage, test_cpu);
  tcase_add_test(status, test_status_not_responding);
  tcase_add_test(status, test_status_suspended);
  tcase_add_test(process, test_command_line_and_start_time);
  tcase_add_test(process, test_cli_sort_and_columns);
  suite_add_tcase(s, usage);
  suite_add_tcase(s, status);
  tcase_add_test(details, test_threads_and_handles);
  tcase_add_test(details, test_unavailable_where_the_system_lacks_it);
  suite_add_tcase(s, process);
  suite_add_tcase(s, details);
  return s;
}
