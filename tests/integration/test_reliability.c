/*
 * What must hold whatever other processes do: hung apps and the caller's own windows that stop
 * pumping messages never block a listing.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_run.h"
#include "fixture_strings.h"
#include "listapps.h"
#include "suite.h"

/* A listing that waited for a hung window would take at least the 5 s after which Windows
 * calls it hung; a listing here takes milliseconds. This bound only tells the two apart. */
#define NOT_BLOCKED_MS 2500.0

/* Lists and returns the time it took, in milliseconds. */
static double timed_list(listapps_list *list) {
  LARGE_INTEGER freq;
  LARGE_INTEGER t0;
  LARGE_INTEGER t1;

  QueryPerformanceFrequency(&freq);
  QueryPerformanceCounter(&t0);
  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, list), LISTAPPS_OK);
  QueryPerformanceCounter(&t1);
  return (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)freq.QuadPart;
}

START_TEST(test_hung_app_is_listed_without_waiting) {
  const wchar_t *args[] = {L"visible:Hung app", L"hang"};
  test_process p;
  listapps_list list;
  const listapps_app *row;
  double ms;
  int round;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  /* Past the 5 s after which the system itself calls the window hung, too. */
  for (round = 0; round < 2; round++) {
    if (round == 1) Sleep(5500);
    ms = timed_list(&list);
    row = find_row(&list, p.pid);
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row->title, "Hung app");
    printf("hung app: listing took %.1f ms (%s)\n", ms, round == 0 ? "fresh" : "after 5.5 s");
    ck_assert_msg(ms < NOT_BLOCKED_MS, "listing took %.0f ms", ms);
    listapps_free_list(&list);
  }
  fixture_stop(&p);
}
END_TEST

typedef struct own_window_job {
  HANDLE created; /* set once the window exists */
  HANDLE release; /* set to let the thread go */
  HWND hwnd;
} own_window_job;

/* Opens a window, then stops taking messages until released, as a hung UI thread would. */
static DWORD WINAPI own_window_thread(void *arg) {
  own_window_job *job = arg;
  WNDCLASSW wc;

  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = DefWindowProcW;
  wc.hInstance = GetModuleHandleW(NULL);
  wc.lpszClassName = L"listapps_test_own";
  RegisterClassW(&wc);
  job->hwnd = CreateWindowExW(0, wc.lpszClassName, L"Own window \x2014 not pumping",
                              WS_OVERLAPPEDWINDOW | WS_VISIBLE, 10, 10, 200, 100, NULL, NULL,
                              wc.hInstance, NULL);
  SetEvent(job->created);
  WaitForSingleObject(job->release, INFINITE);
  if (job->hwnd != NULL) DestroyWindow(job->hwnd);
  return 0;
}

START_TEST(test_own_window_on_a_stuck_thread) {
  own_window_job job;
  HANDLE thread;
  listapps_list list;
  const listapps_app *row;
  double ms;

  job.created = CreateEventW(NULL, TRUE, FALSE, NULL);
  job.release = CreateEventW(NULL, TRUE, FALSE, NULL);
  job.hwnd = NULL;
  thread = CreateThread(NULL, 0, own_window_thread, &job, 0, NULL);
  ck_assert_ptr_nonnull(thread);
  ck_assert_uint_eq(WaitForSingleObject(job.created, 30000), WAIT_OBJECT_0);
  ck_assert_ptr_nonnull(job.hwnd);
  ms = timed_list(&list);
  printf("own stuck window: listing took %.1f ms\n", ms);
  ck_assert_msg(ms < NOT_BLOCKED_MS, "listing took %.0f ms", ms);
  row = find_row(&list, GetCurrentProcessId());
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->title, "Own window \xE2\x80\x94 not pumping");
  listapps_free_list(&list);
  SetEvent(job.release);
  WaitForSingleObject(thread, 30000);
  CloseHandle(thread);
  CloseHandle(job.created);
  CloseHandle(job.release);
}
END_TEST

/* The version resource of fixture_en.exe, as bytes to damage. */
static void *load_version_blob(DWORD *size) {
  wchar_t *exe = test_path_beside_self(L"fixture_en.exe");
  HMODULE module = LoadLibraryExW(exe, NULL, LOAD_LIBRARY_AS_DATAFILE);
  HRSRC res;
  void *copy = NULL;

  ck_assert_ptr_nonnull(module);
  res = FindResourceW(module, MAKEINTRESOURCEW(1), MAKEINTRESOURCEW(16) /* RT_VERSION */);
  ck_assert_ptr_nonnull(res);
  *size = SizeofResource(module, res);
  copy = malloc(*size);
  ck_assert_ptr_nonnull(copy);
  memcpy(copy, LockResource(LoadResource(module, res)), *size);
  FreeLibrary(module);
  free(exe);
  return copy;
}

/* A copy of fixture_none.exe (which has no version resource) in the temporary folder, given
 * the bytes as its version resource. Returns the copy's malloc'd path. */
static wchar_t *damaged_copy(const char *tag, const void *data, DWORD size) {
  wchar_t *source = test_path_beside_self(L"fixture_none.exe");
  wchar_t dir[MAX_PATH];
  wchar_t *path = malloc(2 * MAX_PATH * sizeof *path);
  HANDLE update;

  ck_assert_ptr_nonnull(path);
  ck_assert_uint_gt(GetTempPathW(MAX_PATH, dir), 0);
  _snwprintf(path, 2 * MAX_PATH, L"%lslistapps-damaged-%lu-%hs.exe", dir, GetCurrentProcessId(),
             tag);
  ck_assert_msg(CopyFileW(source, path, FALSE), "CopyFileW failed: %lu", GetLastError());
  update = BeginUpdateResourceW(path, FALSE);
  ck_assert_ptr_nonnull(update);
  ck_assert(UpdateResourceW(update, MAKEINTRESOURCEW(16), MAKEINTRESOURCEW(1),
                            MAKELANGID(LANG_NEUTRAL, SUBLANG_NEUTRAL), (void *)data, size));
  ck_assert(EndUpdateResourceW(update, FALSE));
  free(source);
  return path;
}

/* Runs the copy with a window and lists: the row must be there, its name the description when
 * expected is not NULL, else anything well-formed. */
static void assert_listed_despite(const wchar_t *exe, const char *expected_name) {
  test_process p;
  listapps_list list;
  const listapps_app *row;

  ck_assert_msg(test_process_start(exe, L"\"visible:Damaged\"", FIXTURE_TIMEOUT_MS, &p) == 0,
                "fixture did not start: %s", p.failure);
  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list), LISTAPPS_OK);
  row = find_row(&list, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->title, "Damaged");
  ck_assert_ptr_nonnull(row->name);
  ck_assert_uint_gt(strlen(row->name), 0);
  if (expected_name != NULL) ck_assert_str_eq(row->name, expected_name);
  listapps_free_list(&list);
  fixture_stop(&p);
}

/* The offset of the UTF-16 key in blob, or 0. */
static size_t find_key(const unsigned char *blob, DWORD size, const wchar_t *key) {
  size_t n = wcslen(key) * sizeof(wchar_t);
  size_t i;

  for (i = 0; i + n <= size; i++) {
    if (memcmp(blob + i, key, n) == 0) return i;
  }
  return 0;
}

START_TEST(test_damaged_version_resources) {
  DWORD size = 0;
  unsigned char *good = load_version_blob(&size);
  unsigned char *bad = malloc(size + 64);
  unsigned seed = 12345;
  size_t at;
  DWORD i;
  wchar_t *exe;

  ck_assert_ptr_nonnull(bad);
  ck_assert_uint_gt(size, 64);

  /* The blob itself, undamaged: the copy is named by it (the harness works). */
  exe = damaged_copy("intact", good, size);
  assert_listed_despite(exe, FIXTURE_DESC_EN);
  DeleteFileW(exe);
  free(exe);

  /* Lengths past the end: the root claims more bytes than there are. */
  memcpy(bad, good, size);
  bad[0] = 0xFF;
  bad[1] = 0xFF;
  exe = damaged_copy("length-past-end", bad, size);
  assert_listed_despite(exe, NULL);
  DeleteFileW(exe);
  free(exe);

  /* Too short: cut in the middle of the string table, and a stub of 4 bytes. */
  exe = damaged_copy("half", good, size / 2);
  assert_listed_despite(exe, NULL);
  DeleteFileW(exe);
  free(exe);
  exe = damaged_copy("stub", good, 4);
  assert_listed_despite(exe, NULL);
  DeleteFileW(exe);
  free(exe);

  /* Garbage string entries: the second half scrambled. */
  memcpy(bad, good, size);
  for (i = size / 2; i < size; i++) bad[i] ^= 0x5A;
  exe = damaged_copy("garbage", bad, size);
  assert_listed_despite(exe, NULL);
  DeleteFileW(exe);
  free(exe);

  /* A translation that points nowhere: the fall-back blocks still name it. */
  memcpy(bad, good, size);
  at = find_key(bad, size, L"Translation");
  ck_assert_uint_gt(at, 0);
  at += sizeof L"Translation";
  at = (at + 3) & ~(size_t)3;
  ck_assert_uint_le(at + 4, size);
  bad[at] = 0x34;
  bad[at + 1] = 0x12;
  bad[at + 2] = 0x78;
  bad[at + 3] = 0x56;
  exe = damaged_copy("translation-nowhere", bad, size);
  assert_listed_despite(exe, FIXTURE_DESC_EN);
  DeleteFileW(exe);
  free(exe);

  /* Random bytes of the same size. */
  for (i = 0; i < size; i++) {
    seed = seed * 1103515245u + 12345u;
    bad[i] = (unsigned char)(seed >> 16);
  }
  exe = damaged_copy("random", bad, size);
  assert_listed_despite(exe, NULL);
  DeleteFileW(exe);
  free(exe);
  free(bad);
  free(good);
}
END_TEST

START_TEST(test_executable_gone_after_start) {
  wchar_t *source = test_path_beside_self(L"fixture_en.exe");
  wchar_t dir[MAX_PATH];
  wchar_t path[2 * MAX_PATH];
  wchar_t moved[2 * MAX_PATH + 8];
  test_process p;
  listapps_list list;
  const listapps_app *row;

  ck_assert_uint_gt(GetTempPathW(MAX_PATH, dir), 0);
  _snwprintf(path, 2 * MAX_PATH, L"%lslistapps-gone-%lu.exe", dir, GetCurrentProcessId());
  ck_assert(CopyFileW(source, path, FALSE));
  ck_assert_msg(test_process_start(path, L"\"visible:Gone\"", FIXTURE_TIMEOUT_MS, &p) == 0,
                "fixture did not start: %s", p.failure);
  /* Windows keeps a running image open, so it can only be moved; Wine lets it be deleted. */
  wcscpy(moved, path);
  wcscat(moved, L".old");
  /* Wine reuses PIDs across runs in one prefix, and an earlier run's .old may still be there
   * (its delete at the end can fail while the exiting image is mapped): replace it. */
  if (!DeleteFileW(path)) {
    ck_assert_msg(MoveFileExW(path, moved, MOVEFILE_REPLACE_EXISTING),
                  "neither deleted nor moved (error %lu)", GetLastError());
  }
  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list), LISTAPPS_OK);
  row = find_row(&list, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->title, "Gone");
  ck_assert_ptr_nonnull(row->name);
  ck_assert_uint_gt(strlen(row->name), 0);
  printf("executable gone: name \"%s\", path %s\n", row->name,
         row->path != NULL ? row->path : "(none)");
  listapps_free_list(&list);
  fixture_stop(&p);
  DeleteFileW(moved);
  free(source);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("reliability");
  TCase *hung = tcase_create("hung windows");
  TCase *damaged = tcase_create("damaged executables");

  tcase_add_test(hung, test_hung_app_is_listed_without_waiting);
  tcase_add_test(hung, test_own_window_on_a_stuck_thread);
  tcase_add_test(damaged, test_damaged_version_resources);
  tcase_add_test(damaged, test_executable_gone_after_start);
  suite_add_tcase(s, hung);
  suite_add_tcase(s, damaged);
  return s;
}
