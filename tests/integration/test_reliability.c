/*
 * What must hold whatever other processes do: hung apps and the caller's own windows that stop
 * pumping messages never block a listing.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_run.h"
#include "listapps.h"
#include "suite.h"

/* A listing that waited for a hung window would take at least the 5 s after which Windows
 * calls it hung; a listing here takes milliseconds. This bound only tells the two apart. */
#define NOT_BLOCKED_MS 2500.0

static const listapps_app *find_row(const listapps_list *list, unsigned long pid) {
  size_t i;

  for (i = 0; i < list->count; i++) {
    if (list->apps[i].pid == pid) return &list->apps[i];
  }
  return NULL;
}

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

Suite *la_test_suite(void) {
  Suite *s = suite_create("reliability");
  TCase *hung = tcase_create("hung windows");

  tcase_add_test(hung, test_hung_app_is_listed_without_waiting);
  tcase_add_test(hung, test_own_window_on_a_stuck_thread);
  suite_add_tcase(s, hung);
  return s;
}
