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
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fixture_run.h"
#include "fixture_strings.h"
#include "listapps.h"
#include "suite.h"

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

Suite *la_test_suite(void) {
  Suite *s = suite_create("security");
  TCase *planted = tcase_create("planted dlls");

  tcase_set_timeout(planted, 120);
  tcase_add_test(planted, test_planted_dll_is_found_by_a_static_import);
  tcase_add_test(planted, test_listapps_uses_no_planted_dll);
  suite_add_tcase(s, planted);
  return s;
}
