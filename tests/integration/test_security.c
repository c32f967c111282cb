/*
 * test_security.c - issue 23: listapps run by a scheduled task as SYSTEM, against an ordinary
 * user on the same machine who controls files, windows and processes it reads.
 *
 * - Planted DLLs: marker-writing version.dll, shlwapi.dll, wtsapi32.dll, userenv.dll and
 *   dwmapi.dll (tests/fixtures/planted_dll.c) beside a copy of listapps.exe: whatever the
 *   options, listapps calls none of their functions and loads none of them that a program
 *   importing only user32 and kernel32 does not load too. WINEDLLOVERRIDES="<names>=n,b"
 *   (tests/CMakeLists.txt) gives Windows' search order for them: the executable's folder first.
 *   Two controls show the set-up can fail: planted_probe.exe, which imports version.dll
 *   statically as listapps.exe did, calls the planted one; fixture_none.exe, which imports
 *   user32 and kernel32 only, is the baseline. Under Wine 8 the baseline loads the planted
 *   version.dll: Wine's own user32.dll imports version.dll, found by that same search order.
 *   Windows' user32.dll is a KnownDLL whose imports are KnownDLLs, so there the baseline loads
 *   nothing, and neither may listapps.
 * - Files of other processes: a network file is never opened by an elevated or SYSTEM listing
 *   (Wine runs every process elevated): an executable on a drive that Wine's mount manager
 *   calls a network drive keeps its image name for a name, while the same file on C: shows its
 *   description. Every read has a deadline: a pipe whose server never writes stands in for a
 *   file another user holds, and the stalled read is cancelled; a worker that cannot be
 *   cancelled is left behind and frees its job itself; a listing whose every read stalls
 *   (la_file_read_set_test_stall) still ends, each row named by its image name.
 * - Bounds and bytes: a version resource whose FileDescription claims 65535 characters and
 *   ends without a NUL (tests/fixtures/version_damaged.rc) gives exactly the characters it has;
 *   a ProcessCommandLineInformation reply is read only within its bounds.
 * - Windows and the watch: a window whose title keeps growing past 255 characters is listed
 *   with the text read; a UWP frame counts only when the system's ApplicationFrameHost.exe
 *   draws it (and its core window's process is packaged, which no process is under Wine); the
 *   watch's version cache forgets what a look no longer uses.
 */
#include <windows.h>
#include <winioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fixture_run.h"
#include "fixture_strings.h"
#include "listapps.h"
#include "suite.h"
#include "win/facts.h"
#include "win/file_read.h"
#include "win/package.h"
#include "win/process_info.h"
#include "win/watch_memory.h"

/* The DLLs planted beside the copy, as tests/fixtures/CMakeLists.txt builds them. */
static const wchar_t *const planted_names[] = {L"version.dll", L"shlwapi.dll", L"wtsapi32.dll",
                                               L"userenv.dll", L"dwmapi.dll"};
#define PLANTED_COUNT (sizeof planted_names / sizeof planted_names[0])
/* Native first for each of them, as Windows searches for a DLL that is not a KnownDLL. */
#define PLANTED_OVERRIDES L"version,shlwapi,wtsapi32,userenv,dwmapi=n,b"

static void remove_folder(const wchar_t *dir);

/* A fresh, empty folder under the temp folder, named for this process, the time and tag;
 * malloc'd. Whatever a failed run left under the same name is removed first. */
static wchar_t *make_folder(const wchar_t *tag) {
  wchar_t temp[MAX_PATH];
  wchar_t *dir = malloc(2 * MAX_PATH * sizeof *dir);
  DWORD n = GetTempPathW(MAX_PATH, temp);

  ck_assert_ptr_nonnull(dir);
  ck_assert(n > 0 && n < MAX_PATH);
  swprintf(dir, 2 * MAX_PATH, L"%lslistapps-%ls-%lu-%llu", temp, tag, GetCurrentProcessId(),
           (unsigned long long)GetTickCount64());
  remove_folder(dir);
  ck_assert_msg(CreateDirectoryW(dir, NULL), "cannot create %ls (error %lu)", dir,
                GetLastError());
  return dir;
}

/* dir\name, malloc'd. */
static wchar_t *path_in(const wchar_t *dir, const wchar_t *name) {
  size_t count = wcslen(dir) + 1 + wcslen(name) + 1;
  wchar_t *path = malloc(count * sizeof *path);

  ck_assert_ptr_nonnull(path);
  swprintf(path, count, L"%ls\\%ls", dir, name);
  return path;
}

/* Copies the file `from` (beside the test, e.g. L"planted\\version.dll") to dir\name. */
static void copy_beside_self_to(const wchar_t *from, const wchar_t *dir, const wchar_t *name) {
  wchar_t *src = test_path_beside_self(from);
  wchar_t *dst = path_in(dir, name);

  ck_assert_ptr_nonnull(src);
  ck_assert_msg(CopyFileW(src, dst, FALSE), "cannot copy %ls to %ls (error %lu)", src, dst,
                GetLastError());
  free(src);
  free(dst);
}

/* Plants every marker DLL in dir. */
static void plant_dlls(const wchar_t *dir) {
  size_t i;

  for (i = 0; i < PLANTED_COUNT; i++) {
    wchar_t from[64];
    swprintf(from, 64, L"planted\\%ls", planted_names[i]);
    copy_beside_self_to(from, dir, planted_names[i]);
  }
}

/* The names of the planted DLLs that left the marker "<dll><suffix>" in dir (".loaded" or
 * ".called", tests/fixtures/planted_dll.c), comma-separated into buf ("" when none did). */
static void markers_in(const wchar_t *dir, const wchar_t *suffix, char *buf, size_t cap) {
  size_t i;

  buf[0] = '\0';
  for (i = 0; i < PLANTED_COUNT; i++) {
    wchar_t name[64];
    wchar_t *marker;
    swprintf(name, 64, L"%ls%ls", planted_names[i], suffix);
    marker = path_in(dir, name);
    if (GetFileAttributesW(marker) != INVALID_FILE_ATTRIBUTES) {
      size_t len = strlen(buf);
      snprintf(buf + len, cap - len, "%s%ls", len > 0 ? ", " : "", planted_names[i]);
    }
    free(marker);
  }
}

/* Deletes the markers in dir. */
static void clear_markers(const wchar_t *dir) {
  size_t i;

  for (i = 0; i < PLANTED_COUNT; i++) {
    wchar_t name[64];
    wchar_t *marker;
    swprintf(name, 64, L"%ls.loaded", planted_names[i]);
    marker = path_in(dir, name);
    DeleteFileW(marker);
    free(marker);
    swprintf(name, 64, L"%ls.called", planted_names[i]);
    marker = path_in(dir, name);
    DeleteFileW(marker);
    free(marker);
  }
}

/* Deletes every file in dir, then dir. */
static void remove_folder(const wchar_t *dir) {
  wchar_t *pattern = path_in(dir, L"*");
  WIN32_FIND_DATAW found;
  HANDLE find = FindFirstFileW(pattern, &found);

  if (find != INVALID_HANDLE_VALUE) {
    do {
      wchar_t *file;
      if (found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
      file = path_in(dir, found.cFileName);
      DeleteFileW(file);
      free(file);
    } while (FindNextFileW(find, &found));
    FindClose(find);
  }
  free(pattern);
  RemoveDirectoryW(dir);
}

/* Runs dir\exe with args to its end. Under Wine the planted DLLs are searched native first:
 * tests/CMakeLists.txt sets WINEDLLOVERRIDES for this test, since Wine reads it from the Unix
 * environment a process starts with (a change made here would not reach the child). */
static void run_in(const wchar_t *dir, const wchar_t *exe, const wchar_t *args,
                   test_run_result *r) {
  wchar_t *path = path_in(dir, exe);

  ck_assert_msg(test_run(path, args, NULL, RUN_TIMEOUT_MS, r) == 0, "cannot run %ls", path);
  free(path);
}

/* Under Wine, the overrides the planting tests need must be in force. */
static void assert_overrides(void) {
  wchar_t value[1024];
  DWORD n;

  if (GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") == NULL) return;
  n = GetEnvironmentVariableW(L"WINEDLLOVERRIDES", value, 1024);
  ck_assert_msg(n > 0 && n < 1024 && wcsstr(value, PLANTED_OVERRIDES) != NULL,
                "WINEDLLOVERRIDES must hold %ls (tests/CMakeLists.txt), not \"%ls\"",
                PLANTED_OVERRIDES, n > 0 && n < 1024 ? value : L"");
}

/* The control: a program that imports version.dll statically calls the planted one. */
START_TEST(test_planted_dll_is_found_by_a_static_import) {
  wchar_t *dir = make_folder(L"planted-control");
  test_run_result r;
  char called[256];

  assert_overrides();
  plant_dlls(dir);
  copy_beside_self_to(L"planted\\planted_probe.exe", dir, L"planted_probe.exe");
  run_in(dir, L"planted_probe.exe", NULL, &r);
  markers_in(dir, L".called", called, sizeof called);
  test_run_result_free(&r);
  remove_folder(dir);
  free(dir);
  ck_assert_msg(strcmp(called, "version.dll") == 0,
                "a static import of version.dll called [%s], not the planted version.dll", called);
}
END_TEST

START_TEST(test_listapps_uses_no_planted_dll) {
  /* Every option that reads what those DLLs serve: version resources (every row, --all,
   * every column), windows, and the watch's looks. */
  static const wchar_t *const runs[] = {
      L"",
      L"--all",
      L"--columns all",
      L"--all --columns all --format json",
      L"--windows --columns all",
      L"--watch --timeout 1 --columns all",
  };
  const wchar_t *window_args[] = {L"visible:Planted DLL target"};
  wchar_t *dir = make_folder(L"planted");
  wchar_t *baseline_exe;
  test_process p;
  char baseline[256];
  char loaded[256];
  char called[256];
  size_t i;

  assert_overrides();
  plant_dlls(dir);
  copy_beside_self_to(L"listapps.exe", dir, L"listapps.exe");
  copy_beside_self_to(L"fixture_none.exe", dir, L"fixture_none.exe");
  /* The baseline: what a program that imports only user32 and kernel32 loads. */
  baseline_exe = path_in(dir, L"fixture_none.exe");
  ck_assert_int_eq(test_process_start(baseline_exe, L"visible:Baseline", FIXTURE_TIMEOUT_MS, &p),
                   0);
  ck_assert_int_eq(test_process_stop(&p, FIXTURE_TIMEOUT_MS), 0);
  free(baseline_exe);
  markers_in(dir, L".loaded", baseline, sizeof baseline);
  markers_in(dir, L".called", called, sizeof called);
  ck_assert_msg(called[0] == '\0', "the baseline called planted %s", called);
  clear_markers(dir);

  /* An App with a version resource, so every listing has one to read. */
  fixture_start(L"fixture_en.exe", window_args, 1, &p);
  for (i = 0; i < sizeof runs / sizeof runs[0]; i++) {
    test_run_result r;
    size_t k;
    run_in(dir, L"listapps.exe", runs[i], &r);
    ck_assert_msg(r.exit_code == 0, "listapps %ls: exit %d, stderr %s", runs[i], r.exit_code,
                  r.err);
    ck_assert_msg(strstr(r.out, "Planted DLL target") != NULL, "listapps %ls did not list the "
                  "fixture: %s", runs[i], r.out);
    markers_in(dir, L".called", called, sizeof called);
    ck_assert_msg(called[0] == '\0', "listapps %ls called planted %s", runs[i], called);
    /* The version resource was read through the system's version.dll. */
    if (wcsstr(runs[i], L"--windows") == NULL)
      ck_assert_msg(strstr(r.out, FIXTURE_DESC_EN) != NULL, "listapps %ls: no description: %s",
                    runs[i], r.out);
    test_run_result_free(&r);
    markers_in(dir, L".loaded", loaded, sizeof loaded);
    for (k = 0; k < PLANTED_COUNT; k++) {
      char name[32];
      snprintf(name, sizeof name, "%ls", planted_names[k]);
      ck_assert_msg(strstr(loaded, name) == NULL || strstr(baseline, name) != NULL,
                    "listapps %ls loaded planted %s (the baseline loads [%s])", runs[i], name,
                    baseline);
    }
    clear_markers(dir);
  }
  fixture_stop(&p);
  remove_folder(dir);
  free(dir);
}
END_TEST

/* ---- Files of other processes ---- */

static int under_wine(void) {
  return GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != NULL;
}

/* Wine's mount manager: defining a drive letter with a type, as winecfg does
 * (IOCTL_MOUNTMGR_DEFINE_UNIX_DRIVE and struct mountmgr_unix_drive, Wine 8's
 * include/ddk/mountmgr.h). A drive defined as DRIVE_REMOTE is a network drive to every
 * program: GetDriveTypeW says so. */
#define WINE_MOUNTMGR_DEFINE_UNIX_DRIVE \
  CTL_CODE(0x6d /* MOUNTMGRCONTROLTYPE */, 32, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
typedef struct wine_unix_drive {
  ULONG size;
  ULONG type;
  ULONG fs_type;
  DWORD serial;
  ULONGLONG unix_dev;
  WCHAR letter;
  USHORT mount_point_offset;
  USHORT device_offset;
  USHORT label_offset;
} wine_unix_drive;
typedef char *(CDECL *unix_name_fn)(LPCWSTR);

/* Defines drive letter as a network drive over the folder dir (unix path of a Windows folder),
 * or, with dir NULL, removes the letter. Returns 1 when the mount manager did it. */
static int define_wine_drive(wchar_t letter, const wchar_t *dir) {
  unix_name_fn unix_name =
      (unix_name_fn)(void (*)(void))GetProcAddress(GetModuleHandleW(L"kernel32.dll"),
                                                   "wine_get_unix_file_name");
  char buf[1024];
  wine_unix_drive *d = (wine_unix_drive *)(void *)buf;
  HANDLE manager;
  DWORD got = 0;
  BOOL ok;

  memset(buf, 0, sizeof buf);
  d->letter = (WCHAR)towlower(letter);
  d->size = sizeof *d;
  if (dir != NULL) {
    char *path = unix_name != NULL ? unix_name(dir) : NULL;
    if (path == NULL || strlen(path) + 1 > sizeof buf - sizeof *d) return 0;
    strcpy(buf + sizeof *d, path);
    HeapFree(GetProcessHeap(), 0, path);
    d->type = DRIVE_REMOTE;
    d->mount_point_offset = (USHORT)sizeof *d;
    d->size = (ULONG)(sizeof *d + strlen(buf + sizeof *d) + 1);
  }
  manager = CreateFileW(L"\\\\.\\MountPointManager", GENERIC_READ | GENERIC_WRITE,
                        FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
  if (manager == INVALID_HANDLE_VALUE) return 0;
  ok = DeviceIoControl(manager, WINE_MOUNTMGR_DEFINE_UNIX_DRIVE, d, d->size, NULL, 0, &got, NULL);
  CloseHandle(manager);
  return ok != FALSE;
}

/* A drive letter nobody uses, from Y: down. */
static wchar_t free_letter(void) {
  wchar_t letter;

  for (letter = L'Y'; letter > L'D'; letter--) {
    wchar_t root[4] = {letter, L':', L'\\', L'\0'};
    if (GetDriveTypeW(root) == DRIVE_NO_ROOT_DIR) return letter;
  }
  ck_abort_msg("no free drive letter");
  return 0;
}

START_TEST(test_privileged_listing_opens_no_network_path) {
  /* Refused by their form alone, at once: no server is asked. */
  static const wchar_t *const refused_paths[] = {
      L"\\\\listapps-no-such-host\\share\\x.exe",
      L"\\\\?\\UNC\\listapps-no-such-host\\share\\x.exe",
      L"\\\\.\\UNC\\listapps-no-such-host\\share\\x.exe",
      L"\\\\?\\GLOBALROOT\\Device\\Mup\\listapps-no-such-host\\share\\x.exe",
      L"\\\\.\\pipe\\listapps-not-a-file",
  };
  size_t i;

  if (under_wine()) ck_assert_msg(la_reads_are_privileged(), "Wine runs every process elevated");
  if (!la_reads_are_privileged()) return;
  for (i = 0; i < sizeof refused_paths / sizeof refused_paths[0]; i++) {
    int refused = 0;
    ULONGLONG start = GetTickCount64();
    void *file = la_open_foreign_file(refused_paths[i], &refused);
    ck_assert_msg(file == NULL && refused == 1, "%ls was not refused", refused_paths[i]);
    ck_assert_uint_lt(GetTickCount64() - start, 1000);
  }
}
END_TEST

/* The row name of the fixture exe (a full path) started with a visible window titled title,
 * as listapps_list_apps and listapps.exe give it, into name (cap bytes). */
static void name_of_fixture_at(const wchar_t *exe, const wchar_t *title, char *lib_name,
                               char *cli_line, size_t cap) {
  wchar_t arg[128];
  wchar_t *args = NULL;
  const wchar_t *cli_args[] = {L"--format", L"csv", L"--no-header", L"-c", L"pid,name,path"};
  test_process p;
  listapps_list list;
  const listapps_app *row;
  test_run_result r;
  char pid_prefix[32];
  const char *line;

  swprintf(arg, 128, L"visible:%ls", title);
  ck_assert_int_eq(test_cmdline_append(&args, arg), 0);
  ck_assert_msg(test_process_start(exe, args, FIXTURE_TIMEOUT_MS, &p) == 0, "%ls: %s", exe,
                p.failure);
  free(args);
  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list), LISTAPPS_OK);
  row = find_row(&list, p.pid);
  ck_assert_msg(row != NULL, "%ls not listed", exe);
  snprintf(lib_name, cap, "%s", row->name);
  listapps_free_list(&list);
  cli_run(cli_args, 5, &r);
  ck_assert_int_eq(r.exit_code, 0);
  snprintf(pid_prefix, sizeof pid_prefix, "%lu,", p.pid);
  line = strstr(r.out, pid_prefix);
  ck_assert_msg(line != NULL && (line == r.out || line[-1] == '\n'), "PID %lu not in %s", p.pid,
                r.out);
  snprintf(cli_line, cap, "%.*s", (int)strcspn(line, "\r\n"), line);
  test_run_result_free(&r);
  ck_assert_int_eq(test_process_stop(&p, FIXTURE_TIMEOUT_MS), 0);
}

START_TEST(test_executable_on_a_network_drive_keeps_its_image_name) {
  wchar_t *dir;
  wchar_t *local_exe;
  wchar_t remote_exe[32];
  wchar_t letter;
  char name[256];
  char line[512];
  char expected[512];

  if (!under_wine()) return; /* a network drive is made with Wine's mount manager */
  ck_assert(la_reads_are_privileged());
  dir = make_folder(L"network");
  copy_beside_self_to(L"fixture_en.exe", dir, L"fixture_en.exe");
  local_exe = path_in(dir, L"fixture_en.exe");
  /* The control: the same file on a local drive shows its description. */
  name_of_fixture_at(local_exe, L"Local copy", name, line, sizeof name);
  ck_assert_str_eq(name, FIXTURE_DESC_EN);

  letter = free_letter();
  ck_assert_msg(define_wine_drive(letter, dir), "Wine's mount manager refused drive %lc:",
                letter);
  swprintf(remote_exe, 32, L"%lc:\\fixture_en.exe", letter);
  {
    wchar_t root[4] = {letter, L':', L'\\', L'\0'};
    ck_assert_uint_eq(GetDriveTypeW(root), DRIVE_REMOTE);
  }
  /* Neither the version resource nor anything else of it is read: the row is named as one
   * without a resource is, by its image name. */
  name_of_fixture_at(remote_exe, L"Network copy", name, line, sizeof name);
  define_wine_drive(letter, NULL);
  ck_assert_str_eq(name, "fixture_en.exe");
  snprintf(expected, sizeof expected, ",fixture_en.exe,%lc:\\fixture_en.exe", letter);
  ck_assert_msg(strstr(line, expected) != NULL, "listapps.exe gave \"%s\", not \"...%s\"", line,
                expected);
  free(local_exe);
  remove_folder(dir);
  free(dir);
}
END_TEST

/* ---- The deadline ---- */

/* What a test job reports back, owned by the test (the job may outlive its caller's wait). */
typedef struct job_report {
  HANDLE released; /* set when the job is released */
  HANDLE go;       /* a stuck job's work waits for this */
  volatile LONG read_error;
  volatile LONG result;
} job_report;

typedef struct test_job {
  la_deadline_job base;
  job_report *report;
  const wchar_t *pipe;
} test_job;

/* Reads from a pipe whose server never writes: the read waits until it is cancelled. */
static void pipe_read_work(la_deadline_job *base) {
  test_job *job = (test_job *)base;
  HANDLE file = CreateFileW(job->pipe, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
  char byte;
  DWORD got = 0;

  if (file == INVALID_HANDLE_VALUE) {
    InterlockedExchange(&job->report->read_error, (LONG)GetLastError() + 100000);
    return;
  }
  if (!ReadFile(file, &byte, 1, &got, NULL))
    InterlockedExchange(&job->report->read_error, (LONG)GetLastError());
  CloseHandle(file);
}

/* Waits in a way nothing cancels, for the test's go. */
static void stuck_work(la_deadline_job *base) {
  test_job *job = (test_job *)base;

  WaitForSingleObject(job->report->go, INFINITE);
  InterlockedExchange(&job->report->result, 7);
}

static void quick_work(la_deadline_job *base) {
  InterlockedExchange(&((test_job *)base)->report->result, 42);
}

static void test_job_release(la_deadline_job *base) {
  test_job *job = (test_job *)base;

  SetEvent(job->report->released);
  free(job);
}

static test_job *new_job(void (*work)(la_deadline_job *), job_report *report) {
  test_job *job = calloc(1, sizeof *job);

  ck_assert_ptr_nonnull(job);
  job->base.work = work;
  job->base.release = test_job_release;
  job->report = report;
  return job;
}

static void report_init(job_report *r) {
  memset(r, 0, sizeof *r);
  r->released = CreateEventW(NULL, TRUE, FALSE, NULL);
  r->go = CreateEventW(NULL, TRUE, FALSE, NULL);
  ck_assert(r->released != NULL && r->go != NULL);
}

static void report_close(job_report *r) {
  CloseHandle(r->released);
  CloseHandle(r->go);
}

START_TEST(test_deadline_returns_a_prompt_result) {
  job_report report;
  test_job *job;

  report_init(&report);
  job = new_job(quick_work, &report);
  ck_assert_int_eq(la_run_with_deadline(&job->base, 5000), 1);
  ck_assert_int_eq(report.result, 42);
  ck_assert_uint_eq(WaitForSingleObject(report.released, 0), WAIT_TIMEOUT);
  job->base.release(&job->base);
  ck_assert_uint_eq(WaitForSingleObject(report.released, 0), WAIT_OBJECT_0);
  report_close(&report);
}
END_TEST

START_TEST(test_deadline_cancels_a_stalled_read) {
  /* The stand-in that holds the file: a pipe server that never writes. */
  wchar_t name[64];
  HANDLE server;
  job_report report;
  test_job *job;
  ULONGLONG start;
  ULONGLONG took;

  swprintf(name, 64, L"\\\\.\\pipe\\listapps-stall-%lu", GetCurrentProcessId());
  server = CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT, 1, 0, 0, 0,
                            NULL);
  ck_assert(server != INVALID_HANDLE_VALUE);
  report_init(&report);
  job = new_job(pipe_read_work, &report);
  job->pipe = name;
  start = GetTickCount64();
  /* The read is cancelled when the time is up, and the work ends with it: the job is ours. */
  ck_assert_int_eq(la_run_with_deadline(&job->base, 500), 1);
  took = GetTickCount64() - start;
  ck_assert_msg(took >= 450 && took < 500 + LA_FILE_READ_CANCEL_GRACE_MS + 1500,
                "the deadline of 500 ms took %llu ms", took);
  ck_assert_int_eq(report.read_error, ERROR_OPERATION_ABORTED);
  ck_assert_uint_eq(WaitForSingleObject(report.released, 0), WAIT_TIMEOUT);
  job->base.release(&job->base);
  CloseHandle(server);
  report_close(&report);
}
END_TEST

START_TEST(test_deadline_leaves_a_stuck_worker_to_release_its_job) {
  job_report report;
  test_job *job;
  ULONGLONG start;
  ULONGLONG took;

  report_init(&report);
  job = new_job(stuck_work, &report);
  start = GetTickCount64();
  ck_assert_int_eq(la_run_with_deadline(&job->base, 300), 0);
  took = GetTickCount64() - start;
  ck_assert_msg(took < 300 + LA_FILE_READ_CANCEL_GRACE_MS + 1500, "took %llu ms", took);
  /* Still running, so nothing released it yet; once it ends, it does. */
  ck_assert_uint_eq(WaitForSingleObject(report.released, 200), WAIT_TIMEOUT);
  SetEvent(report.go);
  ck_assert_uint_eq(WaitForSingleObject(report.released, 5000), WAIT_OBJECT_0);
  ck_assert_int_eq(report.result, 7);
  report_close(&report);
}
END_TEST

START_TEST(test_listing_with_stalled_reads_ends_with_image_names) {
  const wchar_t *args[] = {L"visible:Stalled read"};
  const unsigned stall_ms = LA_FILE_READ_DEADLINE_MS + 1500;
  test_process p;
  listapps_list list;
  const listapps_app *row;
  ULONGLONG start;
  ULONGLONG took;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  la_file_read_set_test_stall(stall_ms);
  start = GetTickCount64();
  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list), LISTAPPS_OK);
  took = GetTickCount64() - start;
  la_file_read_set_test_stall(0);
  row = find_row(&list, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->name, "fixture_en.exe");
  /* Each distinct executable waited its deadline at most (each row has one). */
  ck_assert_msg(took < list.count * (LA_FILE_READ_DEADLINE_MS + LA_FILE_READ_CANCEL_GRACE_MS) +
                           5000,
                "%llu ms for %lu rows", took, (unsigned long)list.count);
  listapps_free_list(&list);
  /* Once reads no longer stall, the description is back. */
  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list), LISTAPPS_OK);
  row = find_row(&list, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->name, FIXTURE_DESC_EN);
  listapps_free_list(&list);
  fixture_stop(&p);
  /* The workers left behind end within their stall; let them, before the next test. */
  Sleep(stall_ms);
}
END_TEST

/* ---- Bounds and bytes ---- */

START_TEST(test_damaged_version_string_is_clamped_to_its_resource) {
  const wchar_t *args[] = {L"visible:Damaged resource"};
  test_process p;
  listapps_list list;
  const listapps_app *row;

  fixture_start(L"fixture_damaged.exe", args, 1, &p);
  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list), LISTAPPS_OK);
  row = find_row(&list, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->name, "Damaged");
  listapps_free_list(&list);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_command_line_reply_is_read_within_its_bounds) {
  /* The reply: a 64-bit UNICODE_STRING (Length, MaximumLength, padding, Buffer), then text. */
  union {
    struct {
      USHORT length;
      USHORT maximum_length;
      ULONG pad;
      ULONG64 buffer;
      wchar_t text[8];
    } s;
    unsigned char bytes[32];
  } reply;
  size_t offset = 99;
  size_t count = 99;
  const size_t header = 16;

  memset(&reply, 0, sizeof reply);
  memcpy(reply.s.text, L"abc", 3 * sizeof(wchar_t));
  reply.s.length = 6;
  reply.s.buffer = (ULONG64)(uintptr_t)reply.s.text;
  ck_assert_int_eq(la_command_line_in_reply(&reply, sizeof reply, &offset, &count), 1);
  ck_assert_uint_eq(offset, header);
  ck_assert_uint_eq(count, 3);
  /* The whole text, to the last byte of the reply. */
  reply.s.length = 16;
  ck_assert_int_eq(la_command_line_in_reply(&reply, sizeof reply, &offset, &count), 1);
  ck_assert_uint_eq(count, 8);
  /* One character more than the reply holds. */
  reply.s.length = 18;
  ck_assert_int_eq(la_command_line_in_reply(&reply, sizeof reply, &offset, &count), 0);
  ck_assert_uint_eq(count, 0);
  /* Half a character. */
  reply.s.length = 5;
  ck_assert_int_eq(la_command_line_in_reply(&reply, sizeof reply, &offset, &count), 0);
  /* A Buffer elsewhere: into the header, before the reply, past its end. */
  reply.s.length = 2;
  reply.s.buffer = (ULONG64)(uintptr_t)reply.bytes;
  ck_assert_int_eq(la_command_line_in_reply(&reply, sizeof reply, &offset, &count), 0);
  reply.s.buffer = (ULONG64)(uintptr_t)reply.bytes - 64;
  ck_assert_int_eq(la_command_line_in_reply(&reply, sizeof reply, &offset, &count), 0);
  reply.s.buffer = (ULONG64)(uintptr_t)reply.bytes + sizeof reply;
  ck_assert_int_eq(la_command_line_in_reply(&reply, sizeof reply, &offset, &count), 0);
  /* An empty command line needs no Buffer; a reply shorter than its header is nothing. */
  reply.s.length = 0;
  reply.s.buffer = 0;
  ck_assert_int_eq(la_command_line_in_reply(&reply, sizeof reply, &offset, &count), 1);
  ck_assert_uint_eq(count, 0);
  ck_assert_int_eq(la_command_line_in_reply(&reply, header - 1, &offset, &count), 0);
}
END_TEST

/* ---- Windows and the watch ---- */

/* A window of this process whose title grows all the time, on a thread of its own, from 300 to
 * 2000 characters and again: a reader of another process that measures it and then reads it
 * finds it longer than it measured, time and again. (Should a system send WM_GETTEXTLENGTH to
 * measure it, it grows first and answers with the length it had.) Short titles keep each change
 * cheap, so the title changes between most measures and reads: under Wine 8 about one in five
 * readings that try four times finds it longer every time. */
typedef struct growing_window {
  HWND hwnd;
  HANDLE ready;
  volatile LONG stop;
  wchar_t *title;
  size_t len;
} growing_window;

#define GROWING_PREFIX L"Growing title "
#define GROWING_MIN 300
#define GROWING_MAX 2000
#define GROWING_STEP 16

/* One step longer (back to the start at the end), stored without any message. */
static void grow(growing_window *g) {
  g->title[g->len] = (wchar_t)(L'a' + g->len % 26);
  g->len = g->len + GROWING_STEP < GROWING_MAX ? g->len + GROWING_STEP : GROWING_MIN;
  g->title[g->len] = L'\0';
  DefWindowProcW(g->hwnd, WM_SETTEXT, 0, (LPARAM)g->title);
}

static LRESULT CALLBACK growing_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam) {
  growing_window *g = (growing_window *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);

  if (msg == WM_GETTEXTLENGTH && g != NULL) {
    LRESULT before = DefWindowProcW(hwnd, msg, wparam, lparam);
    grow(g);
    return before;
  }
  return DefWindowProcW(hwnd, msg, wparam, lparam);
}

static DWORD WINAPI grow_title(LPVOID parameter) {
  growing_window *g = parameter;
  size_t prefix = wcslen(GROWING_PREFIX);
  WNDCLASSW wc;
  size_t i;
  MSG msg;

  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = growing_proc;
  wc.hInstance = GetModuleHandleW(NULL);
  wc.lpszClassName = L"ListappsGrowingTitle";
  RegisterClassW(&wc);
  g->title = malloc((GROWING_MAX + 1) * sizeof *g->title);
  if (g->title == NULL) {
    SetEvent(g->ready);
    return 1;
  }
  wcscpy(g->title, GROWING_PREFIX);
  for (i = prefix; i < GROWING_MAX; i++) g->title[i] = (wchar_t)(L'a' + i % 26);
  g->len = GROWING_MIN;
  g->title[g->len] = L'\0';
  /* A popup, with no caption to repaint at every change. */
  g->hwnd = CreateWindowExW(0, wc.lpszClassName, g->title, WS_POPUP | WS_VISIBLE, 0, 0, 200, 100,
                            NULL, NULL, wc.hInstance, NULL);
  if (g->hwnd != NULL) SetWindowLongPtrW(g->hwnd, GWLP_USERDATA, (LONG_PTR)g);
  SetEvent(g->ready);
  while (g->hwnd != NULL && !InterlockedCompareExchange(&g->stop, 0, 0)) {
    grow(g);
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
  }
  if (g->hwnd != NULL) DestroyWindow(g->hwnd);
  UnregisterClassW(wc.lpszClassName, wc.hInstance);
  free(g->title);
  return 0;
}

START_TEST(test_window_with_a_growing_title_is_listed) {
  /* listapps.exe reads the title of another process's window; this one grows between any
   * two reads, past the 255 characters the first read takes, so every try is cut. */
  const wchar_t *args[] = {L"--windows", L"--format", L"csv", L"--no-header", L"-c",
                           L"pid,title"};
  growing_window g = {NULL, CreateEventW(NULL, TRUE, FALSE, NULL), 0, NULL, 0};
  HANDLE thread;
  char pid_prefix[32];
  int run;

  ck_assert_ptr_nonnull(g.ready);
  thread = CreateThread(NULL, 0, grow_title, &g, 0, NULL);
  ck_assert_ptr_nonnull(thread);
  ck_assert_uint_eq(WaitForSingleObject(g.ready, 10000), WAIT_OBJECT_0);
  ck_assert_ptr_nonnull(g.hwnd);
  snprintf(pid_prefix, sizeof pid_prefix, "%lu,Growing title ", GetCurrentProcessId());
  /* Many listings, so that a window dropped now and then is caught: before issue 23 one in
   * five lost it, and thirty all keeping it by chance is less likely than one in a thousand. */
  for (run = 0; run < 30; run++) {
    test_run_result r;
    const char *line;
    cli_run(args, sizeof args / sizeof args[0], &r);
    ck_assert_int_eq(r.exit_code, 0);
    line = strstr(r.out, pid_prefix);
    ck_assert_msg(line != NULL, "listing %d: the growing window is missing", run);
    ck_assert_uint_ge(strcspn(line, "\r\n"), strlen(pid_prefix) + 255 - wcslen(GROWING_PREFIX));
    test_run_result_free(&r);
  }
  InterlockedExchange(&g.stop, 1);
  ck_assert_uint_eq(WaitForSingleObject(thread, 10000), WAIT_OBJECT_0);
  CloseHandle(thread);
  CloseHandle(g.ready);
}
END_TEST

/* The image of ApplicationFrameHost.exe in the system directory, malloc'd. */
static wchar_t *system_frame_host(void) {
  wchar_t dir[MAX_PATH];
  UINT n = GetSystemDirectoryW(dir, MAX_PATH);

  ck_assert(n > 0 && n < MAX_PATH);
  return path_in(dir, L"ApplicationFrameHost.exe");
}

/* 1 when the two files hold the same bytes. */
static int same_file(const wchar_t *a, const wchar_t *b) {
  HANDLE fa = CreateFileW(a, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                          OPEN_EXISTING, 0, NULL);
  HANDLE fb = CreateFileW(b, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                          OPEN_EXISTING, 0, NULL);
  int same = fa != INVALID_HANDLE_VALUE && fb != INVALID_HANDLE_VALUE;

  while (same) {
    char ba[4096];
    char bb[4096];
    DWORD na = 0;
    DWORD nb = 0;
    if (!ReadFile(fa, ba, sizeof ba, &na, NULL) || !ReadFile(fb, bb, sizeof bb, &nb, NULL) ||
        na != nb || memcmp(ba, bb, na) != 0) {
      same = 0;
      break;
    }
    if (na == 0) break;
  }
  if (fa != INVALID_HANDLE_VALUE) CloseHandle(fa);
  if (fb != INVALID_HANDLE_VALUE) CloseHandle(fb);
  return same;
}

/* Removes our copy of fixture_none.exe standing as the system's ApplicationFrameHost.exe
 * (a test that failed midway leaves it; nothing else is touched). */
static void remove_system_frame_host(void) {
  wchar_t *host = system_frame_host();
  wchar_t *ours = test_path_beside_self(L"fixture_none.exe");

  if (under_wine() && same_file(host, ours)) DeleteFileW(host);
  free(ours);
  free(host);
}

START_TEST(test_frame_facts_name_only_the_system_host) {
  const wchar_t *host_args[] = {L"frame:Claimed frame"};
  const wchar_t *app_args[] = {L"core-into:Claimed frame"};
  wchar_t *host_exe;
  wchar_t *ours;
  wchar_t *host_cmdline = NULL;
  test_process host;
  test_process app;
  la_window_facts w;
  listapps_list list;
  int round;

  /* It writes into the system directory, which only a test prefix may have done to it. */
  if (!under_wine()) return;
  host_exe = system_frame_host();
  ours = test_path_beside_self(L"fixture_none.exe");
  ck_assert_msg(GetFileAttributesW(host_exe) == INVALID_FILE_ATTRIBUTES,
                "%ls exists and is not ours", host_exe);
  ck_assert(CopyFileW(ours, host_exe, TRUE));
  /* Round 0: the system's host draws the frame; round 1: a program elsewhere does. */
  ck_assert_int_eq(test_cmdline_append(&host_cmdline, host_args[0]), 0);
  for (round = 0; round < 2; round++) {
    ck_assert_int_eq(test_process_start(round == 0 ? host_exe : ours, host_cmdline,
                                        FIXTURE_TIMEOUT_MS, &host), 0);
    fixture_start(L"fixture_de_first.exe", app_args, 1, &app);
    memset(&w, 0, sizeof w);
    w.class_name = "ApplicationFrameWindow";
    w.title_len = 13;
    w.visible = 1;
    w.pid = host.pid;
    w.core_child_pid = app.pid;
    ck_assert_int_eq(la_frame_facts_needed(&w), 1);
    ck_assert_int_eq(la_read_frame_facts(&w), 0);
    ck_assert_ptr_nonnull(w.frame_host_path);
    ck_assert_ptr_nonnull(w.system_dir);
    ck_assert_int_eq(la_is_system_frame_host(w.frame_host_path, w.system_dir), round == 0);
    /* Wine has no packaged processes: the core window's process is none. */
    ck_assert_int_eq(w.core_child_packaged, 0);
    ck_assert_uint_eq(la_window_app_pid(&w), 0);
    la_frame_facts_free(&w);
    /* So the unpackaged process that put its CoreWindow into the frame is no App, and the
     * host, drawing frames only, neither. */
    ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list), LISTAPPS_OK);
    ck_assert_ptr_null(find_row(&list, app.pid));
    ck_assert_ptr_null(find_row(&list, host.pid));
    listapps_free_list(&list);
    fixture_stop(&app);
    ck_assert_int_eq(test_process_stop(&host, FIXTURE_TIMEOUT_MS), 0);
  }
  free(host_cmdline);
  ck_assert(DeleteFileW(host_exe));
  free(ours);
  free(host_exe);
}
END_TEST

START_TEST(test_version_cache_forgets_what_no_look_uses) {
  const wchar_t *args[] = {L"visible:Cached version"};
  const wchar_t *damaged_args[] = {L"visible:Second version"};
  la_watch_memory memory;
  la_version_cache *cache = la_version_cache_new();
  test_process first;
  test_process second;
  la_facts f;
  la_plan plan;
  la_error e = {0, 0, NULL, {0}};
  la_gather_request request;
  size_t with_both;
  size_t with_one;

  ck_assert_ptr_nonnull(cache);
  memset(&request, 0, sizeof request);
  memset(&memory, 0, sizeof memory);
  memory.versions = cache;
  fixture_start(L"fixture_en.exe", args, 1, &first);
  fixture_start(L"fixture_damaged.exe", damaged_args, 1, &second);
  ck_assert_int_eq(la_gather(&request, &memory, &f, &plan, &e, NULL), 0);
  la_facts_free(&f);
  la_plan_free(&plan);
  with_both = la_version_cache_count(cache);
  ck_assert_uint_ge(with_both, 2);
  /* A look that no longer sees fixture_damaged.exe forgets its resource. */
  fixture_stop(&second);
  ck_assert_int_eq(la_gather(&request, &memory, &f, &plan, &e, NULL), 0);
  la_facts_free(&f);
  la_plan_free(&plan);
  with_one = la_version_cache_count(cache);
  ck_assert_uint_eq(with_one, with_both - 1);
  /* And one that sees it again reads it again: the cache holds what the last look used. */
  fixture_start(L"fixture_damaged.exe", damaged_args, 1, &second);
  ck_assert_int_eq(la_gather(&request, &memory, &f, &plan, &e, NULL), 0);
  la_facts_free(&f);
  la_plan_free(&plan);
  ck_assert_uint_eq(la_version_cache_count(cache), with_both);
  fixture_stop(&second);
  fixture_stop(&first);
  /* A sweep with nothing used since the last one empties it. */
  la_version_cache_sweep(cache);
  ck_assert_uint_eq(la_version_cache_count(cache), 0);
  la_version_cache_free(cache);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("security");
  TCase *planted = tcase_create("planted dlls");

  TCase *files = tcase_create("files of other processes");
  TCase *deadline = tcase_create("deadline");
  TCase *bytes = tcase_create("bounds and bytes");
  TCase *windows = tcase_create("windows and the watch");

  tcase_set_timeout(planted, 120);
  tcase_add_test(planted, test_planted_dll_is_found_by_a_static_import);
  tcase_add_test(planted, test_listapps_uses_no_planted_dll);
  tcase_add_test(files, test_privileged_listing_opens_no_network_path);
  tcase_add_test(files, test_executable_on_a_network_drive_keeps_its_image_name);
  tcase_add_test(deadline, test_deadline_returns_a_prompt_result);
  tcase_add_test(deadline, test_deadline_cancels_a_stalled_read);
  tcase_add_test(deadline, test_deadline_leaves_a_stuck_worker_to_release_its_job);
  tcase_add_test(deadline, test_listing_with_stalled_reads_ends_with_image_names);
  tcase_add_test(bytes, test_damaged_version_string_is_clamped_to_its_resource);
  tcase_add_test(bytes, test_command_line_reply_is_read_within_its_bounds);
  tcase_add_test(windows, test_window_with_a_growing_title_is_listed);
  tcase_add_test(windows, test_frame_facts_name_only_the_system_host);
  tcase_add_test(windows, test_version_cache_forgets_what_no_look_uses);
  suite_add_tcase(s, planted);
  suite_add_tcase(s, files);
  suite_add_tcase(s, deadline);
  suite_add_tcase(s, bytes);
  /* Each test there puts the system directory back before and after, even when it fails. */
  tcase_add_checked_fixture(windows, remove_system_frame_host, remove_system_frame_host);
  suite_add_tcase(s, windows);
  return s;
}
