/*
 * Churn and soak: windows and processes that come and go during listings, and thousands of
 * calls in one process. Every call must succeed with well-formed rows, and nothing may leak.
 */
#include <windows.h>
#include <psapi.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "fixture_run.h"
#include "listapps.h"
#include "suite.h"
#include "utf8_check.h"

#define LIBRARY_CALLS 2000
#define CLI_CALLS 200
#define SOAK_CALLS 10000
#define SOAK_WARMUP 500

static double now_ms(void) {
  LARGE_INTEGER freq;
  LARGE_INTEGER t;
  QueryPerformanceFrequency(&freq);
  QueryPerformanceCounter(&t);
  return (double)t.QuadPart * 1000.0 / (double)freq.QuadPart;
}

static int valid_text(const char *s) {
  return s != NULL && utf8_is_valid(s, strlen(s));
}

/* Checks every row as a caller relies on it. */
static void assert_well_formed(const listapps_list *list) {
  size_t i;
  size_t k;

  ck_assert(list->count == 0 || list->apps != NULL);
  for (i = 0; i < list->count; i++) {
    const listapps_app *a = &list->apps[i];
    ck_assert_int_eq(a->category, LISTAPPS_CATEGORY_APP);
    ck_assert(valid_text(a->name));
    ck_assert(valid_text(a->title) && a->title[0] != '\0');
    ck_assert_uint_ge(a->window_count, 1);
    ck_assert_ptr_nonnull(a->windows);
    for (k = 0; k < a->window_count; k++) ck_assert(valid_text(a->windows[k].title));
    ck_assert_str_eq(a->title, a->windows[0].title);
    ck_assert_uint_ge(a->process_count, 1);
    ck_assert_uint_eq(a->member_pids[0], a->pid);
    ck_assert_uint_eq(a->app_pid, a->pid);
    ck_assert(a->image == NULL || valid_text(a->image));
    ck_assert(a->path == NULL || valid_text(a->path));
    ck_assert(a->description == NULL || valid_text(a->description));
  }
}

/* Starts and ends short-lived windowed processes until told to stop. */
typedef struct spawner {
  volatile LONG stop;
  long started;
} spawner;

static DWORD WINAPI spawn_loop(void *arg) {
  spawner *s = arg;
  wchar_t *exe = test_path_beside_self(L"fixture_none.exe");
  wchar_t cmdline[] = L"fixture_none.exe \"visible:Short-lived\" exit";

  while (exe != NULL && !InterlockedCompareExchange(&s->stop, 0, 0)) {
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;

    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    /* "exit": the fixture opens its window, says ready and exits at once. */
    if (CreateProcessW(exe, cmdline, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) {
      if (WaitForSingleObject(pi.hProcess, 10000) != WAIT_OBJECT_0)
        TerminateProcess(pi.hProcess, 1);
      CloseHandle(pi.hThread);
      CloseHandle(pi.hProcess);
      s->started++;
    }
  }
  free(exe);
  return 0;
}

typedef struct churn {
  test_process churners[3];
  spawner spawn;
  HANDLE thread;
} churn;

static void churn_start(churn *c) {
  const wchar_t *a[] = {L"churn:Churning A"};
  const wchar_t *b[] = {L"churn:Churning B", L"visible:Steady"};
  const wchar_t *d[] = {L"churn:Churning %D83D%DE00"};

  fixture_start(L"fixture_en.exe", a, 1, &c->churners[0]);
  fixture_start(L"fixture_de_first.exe", b, 2, &c->churners[1]);
  fixture_start(L"fixture_blank.exe", d, 1, &c->churners[2]);
  c->spawn.stop = 0;
  c->spawn.started = 0;
  c->thread = CreateThread(NULL, 0, spawn_loop, &c->spawn, 0, NULL);
  ck_assert_ptr_nonnull(c->thread);
}

static void churn_stop(churn *c) {
  int i;

  InterlockedExchange(&c->spawn.stop, 1);
  WaitForSingleObject(c->thread, 60000);
  CloseHandle(c->thread);
  printf("churn: %ld short-lived processes started meanwhile\n", c->spawn.started);
  for (i = 0; i < 3; i++) fixture_stop(&c->churners[i]);
}

START_TEST(test_library_calls_under_churn) {
  churn c;
  int call;

  double t0;

  churn_start(&c);
  t0 = now_ms();
  for (call = 0; call < LIBRARY_CALLS; call++) {
    listapps_list list;
    ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list), LISTAPPS_OK);
    assert_well_formed(&list);
    listapps_free_list(&list);
    if (call % 10 == 0) {
      ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_ALL, &list), LISTAPPS_OK);
      listapps_free_list(&list);
    }
  }
  printf("churn: %d library calls in %.1f s\n", LIBRARY_CALLS, (now_ms() - t0) / 1000.0);
  churn_stop(&c);
}
END_TEST

START_TEST(test_cli_calls_under_churn) {
  wchar_t *exe = test_path_beside_self(L"listapps.exe");
  churn c;
  int call;

  double t0;

  churn_start(&c);
  t0 = now_ms();
  for (call = 0; call < CLI_CALLS; call++) {
    test_run_result r;
    csv_table t;
    size_t i;

    ck_assert_int_eq(test_run(exe, L"--format csv", NULL, 60000, &r), 0);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_uint_eq(r.err_len, 0);
    ck_assert_int_eq(csv_parse(r.out, r.out_len, &t, NULL, 0), 0);
    for (i = 0; i < t.row_count; i++) ck_assert_uint_eq(t.rows[i].field_count, 11);
    csv_table_free(&t);
    test_run_result_free(&r);
  }
  printf("churn: %d CLI runs in %.1f s\n", CLI_CALLS, (now_ms() - t0) / 1000.0);
  churn_stop(&c);
  free(exe);
}
END_TEST

typedef struct usage {
  unsigned long handles;     /* open handles, or where the system does not count them (Wine
                                answers 0), the value of a newly opened handle: handle tables
                                reuse the lowest free slot, so leaked handles push it up */
  unsigned long heap_bytes;  /* bytes in use in every heap of the process (HeapWalk) */
  unsigned long private_kib; /* private bytes (GetProcessMemoryInfo's PrivateUsage), or where
                                the system does not count them (Wine answers 0), committed
                                private memory summed with VirtualQuery over the address space */
  const char *handles_from;  /* where the figures came from, for the printout */
  const char *private_from;
} usage;

static unsigned long heap_bytes_in_use(void) {
  HANDLE heaps[64];
  DWORD count = GetProcessHeaps(64, heaps);
  unsigned long total = 0;
  DWORD i;

  for (i = 0; i < count && i < 64; i++) {
    PROCESS_HEAP_ENTRY entry;
    if (!HeapLock(heaps[i])) continue;
    memset(&entry, 0, sizeof entry);
    while (HeapWalk(heaps[i], &entry)) {
      if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY) total += entry.cbData;
    }
    HeapUnlock(heaps[i]);
  }
  return total;
}

static unsigned long committed_private_kib(void) {
  MEMORY_BASIC_INFORMATION mbi;
  const char *p = NULL;
  unsigned long long total = 0;

  while (VirtualQuery(p, &mbi, sizeof mbi) == sizeof mbi) {
    if (mbi.State == MEM_COMMIT && mbi.Type == MEM_PRIVATE) total += mbi.RegionSize;
    p = (const char *)mbi.BaseAddress + mbi.RegionSize;
    if ((uintptr_t)p < (uintptr_t)mbi.BaseAddress) break;
  }
  return (unsigned long)(total / 1024);
}

static usage current_usage(void) {
  usage u;
  DWORD handles = 0;
  PROCESS_MEMORY_COUNTERS_EX counters;

  u.handles_from = "GetProcessHandleCount";
  u.private_from = "GetProcessMemoryInfo";
  if (GetProcessHandleCount(GetCurrentProcess(), &handles) && handles > 0) {
    u.handles = handles;
  } else {
    HANDLE probe = CreateEventW(NULL, FALSE, FALSE, NULL);
    u.handles = (unsigned long)((uintptr_t)probe / 4);
    CloseHandle(probe);
    u.handles_from = "the lowest free handle slot";
  }
  u.heap_bytes = heap_bytes_in_use();
  memset(&counters, 0, sizeof counters);
  if (GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&counters,
                           sizeof counters) &&
      counters.PrivateUsage > 0) {
    u.private_kib = (unsigned long)(counters.PrivateUsage / 1024);
  } else {
    u.private_kib = committed_private_kib();
    u.private_from = "VirtualQuery";
  }
  return u;
}

START_TEST(test_soak_handles_and_memory_stay_flat) {
  const wchar_t *args[] = {L"visible:Soak one", L"visible:Soak two"};
  test_process p;
  usage start;
  usage mid;
  usage end;
  int call;
  double t0;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  t0 = now_ms();
  for (call = 0; call < SOAK_CALLS; call++) {
    listapps_list list;
    char *text = NULL;
    if (call == SOAK_WARMUP) start = current_usage();
    if (call == SOAK_CALLS / 2) mid = current_usage();
    ck_assert_int_eq(listapps_list_apps(call % 50 == 0 ? LISTAPPS_LIST_ALL : 0u, &list),
                     LISTAPPS_OK);
    ck_assert_int_eq(listapps_format(&list, call % 3, 0, &text, NULL), LISTAPPS_OK);
    listapps_free_text(text);
    listapps_free_list(&list);
  }
  end = current_usage();
  printf("soak: %.1f s; handles from %s, private bytes from %s\n", (now_ms() - t0) / 1000.0,
         end.handles_from, end.private_from);
  printf(
      "soak: %d calls; handles %lu -> %lu -> %lu; heap in use %lu -> %lu -> %lu bytes; "
      "private %lu -> %lu -> %lu KiB\n",
      SOAK_CALLS, start.handles, mid.handles, end.handles, start.heap_bytes, mid.heap_bytes,
      end.heap_bytes, start.private_kib, mid.private_kib, end.private_kib);
  ck_assert_uint_gt(start.handles, 0);
  ck_assert_uint_gt(start.heap_bytes, 0);
  ck_assert_uint_gt(start.private_kib, 0);
  /* A leak of one handle or a few bytes per call would show as thousands of handles or
   * tens of kilobytes here; the slack covers the allocator's and Wine's own bookkeeping. */
  ck_assert_uint_le(end.handles, start.handles + 8);
  ck_assert_uint_le(end.heap_bytes, start.heap_bytes + 32u * 1024u);
  ck_assert_uint_le(end.private_kib, start.private_kib + 2048u);
  fixture_stop(&p);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("stress");
  TCase *churn_case = tcase_create("churn");
  TCase *soak = tcase_create("soak");

  tcase_add_test(churn_case, test_library_calls_under_churn);
  tcase_add_test(churn_case, test_cli_calls_under_churn);
  tcase_add_test(soak, test_soak_handles_and_memory_stay_flat);
  suite_add_tcase(s, churn_case);
  suite_add_tcase(s, soak);
  return s;
}
