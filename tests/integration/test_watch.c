/*
 * The watch against real windows in real processes under Wine: a thread runs listapps_watch
 * while the test opens, retitles and closes fixture windows and processes through their
 * command channel (tests/fixtures/window_host.c), then stops it and checks the events. Under
 * Wine 8 few window events cross processes, so the periodic resync is what mostly finds the
 * changes (docs/listapps.md: Watching).
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_run.h"
#include "listapps.h"
#include "suite.h"

#define MAX_EVENTS 4096
#define INTERVAL_MS 200u

/* One event as the test keeps it. */
typedef struct seen {
  int kind;
  unsigned long pid;
  long long start;
  char title[128];
} seen;

typedef struct watcher {
  CRITICAL_SECTION lock;
  seen events[MAX_EVENTS];
  size_t count;
  volatile long stop;
  HANDLE stop_event;        /* NULL, or listapps_watch_options.stop_event */
  unsigned long max_events; /* --count: 0 for none */
  int result;
  HANDLE thread;
} watcher;

static int collect(void *context, const listapps_event *e) {
  watcher *w = context;
  long long pid = 0;
  long long start = 0;
  const char *title = NULL;

  listapps_snapshot_get_integer(e->snapshot, e->row, LISTAPPS_FIELD_PID, &pid);
  listapps_snapshot_get_integer(e->snapshot, e->row, LISTAPPS_FIELD_START_TIME, &start);
  listapps_snapshot_get_string(e->snapshot, e->row, LISTAPPS_FIELD_TITLE, &title);
  EnterCriticalSection(&w->lock);
  if (w->count < MAX_EVENTS) {
    seen *s = &w->events[w->count++];
    s->kind = e->kind;
    s->pid = (unsigned long)pid;
    s->start = start;
    snprintf(s->title, sizeof s->title, "%s", title != NULL ? title : "");
  }
  LeaveCriticalSection(&w->lock);
  return 0;
}

static DWORD WINAPI run_watch(LPVOID arg) {
  watcher *w = arg;
  listapps_watch_options o = LISTAPPS_WATCH_OPTIONS_INIT;

  o.interval_ms = INTERVAL_MS;
  o.max_events = w->max_events;
  o.stop = &w->stop;
  w->result = listapps_watch(&o, collect, w, NULL);
  return 0;
}

static watcher *watch_start_counted(unsigned long max_events) {
  watcher *w = calloc(1, sizeof *w);

  ck_assert_ptr_nonnull(w);
  w->max_events = max_events;
  InitializeCriticalSection(&w->lock);
  w->thread = CreateThread(NULL, 0, run_watch, w, 0, NULL);
  ck_assert_ptr_nonnull(w->thread);
  return w;
}

/* Waits until an event of kind for pid (and title, when not NULL) has been seen. */
static watcher *watch_start(void) {
  return watch_start_counted(0);
}

static int wait_for(watcher *w, int kind, unsigned long pid, const char *title, unsigned ms) {
  unsigned waited;

  for (waited = 0; waited <= ms; waited += 20) {
    size_t i;
    int found = 0;
    EnterCriticalSection(&w->lock);
    for (i = 0; i < w->count && !found; i++)
      found = w->events[i].kind == kind && w->events[i].pid == pid &&
              (title == NULL || strcmp(w->events[i].title, title) == 0);
    LeaveCriticalSection(&w->lock);
    if (found) return 1;
    Sleep(20);
  }
  return 0;
}

static void watch_stop(watcher *w) {
  InterlockedExchange(&w->stop, 1);
  ck_assert_int_eq(WaitForSingleObject(w->thread, 30000), WAIT_OBJECT_0);
  CloseHandle(w->thread);
  ck_assert_int_eq(w->result, LISTAPPS_OK);
}

static void watch_free(watcher *w) {
  DeleteCriticalSection(&w->lock);
  free(w);
}

static void command(test_process *p, const char *text) {
  unsigned long long when = 0;
  ck_assert_msg(test_process_command(p, text, FIXTURE_TIMEOUT_MS, &when) == 0, "%s: %s", text,
                p->failure);
}

START_TEST(test_open_retitle_close) {
  const wchar_t *args[] = {L"visible:Watch first zq3"};
  test_process first;
  test_process second;
  watcher *w;

  fixture_start(L"fixture_en.exe", args, 1, &first);
  w = watch_start();
  ck_assert_msg(wait_for(w, LISTAPPS_EVENT_PRESENT, first.pid, "Watch first zq3", 10000),
                "no present event");
  command(&first, "title 0 Watch retitled zq3");
  ck_assert_msg(wait_for(w, LISTAPPS_EVENT_TITLE, first.pid, "Watch retitled zq3", 10000),
                "no title event");
  {
    const wchar_t *args2[] = {L"visible:Watch second zq3"};
    fixture_start(L"fixture_en.exe", args2, 1, &second);
  }
  ck_assert_msg(wait_for(w, LISTAPPS_EVENT_OPENED, second.pid, "Watch second zq3", 10000),
                "no opened event");
  /* Its last qualifying window goes: closed, though the process lives on. */
  command(&second, "close 0");
  ck_assert_msg(wait_for(w, LISTAPPS_EVENT_CLOSED, second.pid, NULL, 10000),
                "no closed event for a closed window");
  /* The process exits: closed. */
  command(&first, "exit");
  ck_assert_msg(wait_for(w, LISTAPPS_EVENT_CLOSED, first.pid, NULL, 10000),
                "no closed event for an exited process");
  watch_stop(w);
  watch_free(w);
  test_process_stop(&first, 5000);
  fixture_stop(&second);
}
END_TEST

/* Our fixtures' Apps in a set of (pid, start, title). */
typedef struct app_state {
  unsigned long pid;
  long long start;
  char title[128];
  int open;
} app_state;

static app_state *state_find(app_state *apps, size_t count, unsigned long pid, long long start) {
  size_t i;
  for (i = 0; i < count; i++)
    if (apps[i].pid == pid && apps[i].start == start) return &apps[i];
  return NULL;
}

static int is_ours(const unsigned long *pids, size_t count, unsigned long pid) {
  size_t i;
  for (i = 0; i < count; i++)
    if (pids[i] == pid) return 1;
  return 0;
}

/* 500 random changes across 10 fixtures: the events, applied to the present set, give exactly
 * a fresh listing at the end; no App opens or closes twice in a row; no event names a window
 * that does not qualify (every title an event carries is one the test gave a visible window). */
START_TEST(test_random_changes_replay_to_the_final_listing) {
  enum { FIXTURES = 10, CHANGES = 500 };
  static const char *const kinds[] = {"visible", "hidden", "tool", "owned-popup", "visible"};
  test_process p[FIXTURES];
  unsigned long pids[FIXTURES];
  int windows[FIXTURES];
  app_state apps[MAX_EVENTS];
  size_t app_count = 0;
  unsigned seed = 12345;
  listapps_snapshot *final;
  watcher *w;
  size_t i;

  for (i = 0; i < FIXTURES; i++) {
    wchar_t title[64];
    const wchar_t *args[1];
    swprintf(title, 64, L"visible:Random %u start", (unsigned)i);
    args[0] = title;
    fixture_start(L"fixture_en.exe", args, 1, &p[i]);
    pids[i] = p[i].pid;
    windows[i] = 1;
  }
  w = watch_start();
  for (i = 0; i < FIXTURES; i++)
    ck_assert_msg(wait_for(w, LISTAPPS_EVENT_PRESENT, pids[i], NULL, 10000), "no present %u",
                  (unsigned)i);
  for (i = 0; i < CHANGES; i++) {
    char cmd[128];
    size_t f;
    unsigned op;
    seed = seed * 1103515245u + 12345u;
    f = (seed >> 16) % FIXTURES;
    op = (seed >> 8) % 5;
    if (op == 0 && windows[f] < 6) {
      snprintf(cmd, sizeof cmd, "open %s:Random %u w%u c%u", kinds[(seed >> 4) % 5], (unsigned)f,
               (unsigned)windows[f], (unsigned)i);
      windows[f]++;
    } else if (op == 1 || op == 0) {
      snprintf(cmd, sizeof cmd, "title %u Random %u t%u", (unsigned)((seed >> 3) % windows[f]),
               (unsigned)f, (unsigned)i);
    } else if (op == 2) {
      snprintf(cmd, sizeof cmd, "hide %u", (unsigned)((seed >> 3) % windows[f]));
    } else if (op == 3) {
      snprintf(cmd, sizeof cmd, "show %u", (unsigned)((seed >> 3) % windows[f]));
    } else {
      snprintf(cmd, sizeof cmd, "close %u", (unsigned)((seed >> 3) % windows[f]));
    }
    /* A command on a closed window answers an error: that is a change that did not happen. */
    {
      unsigned long long when;
      test_process_command(&p[f], cmd, FIXTURE_TIMEOUT_MS, &when);
    }
    if (i % 50 == 0) Sleep(INTERVAL_MS / 2);
  }
  /* Let the last resync see the end state, then stop. */
  Sleep(INTERVAL_MS * 3);
  watch_stop(w);
  final = NULL;
  ck_assert_int_eq(listapps_snapshot_take(NULL, &final, NULL), LISTAPPS_OK);

  /* Replay. */
  for (i = 0; i < w->count; i++) {
    seen *e = &w->events[i];
    app_state *a;
    if (!is_ours(pids, FIXTURES, e->pid)) continue;
    ck_assert_msg(strncmp(e->title, "Random ", 7) == 0 || e->kind == LISTAPPS_EVENT_CLOSED,
                  "event %u names title '%s'", (unsigned)i, e->title);
    a = state_find(apps, app_count, e->pid, e->start);
    if (e->kind == LISTAPPS_EVENT_PRESENT || e->kind == LISTAPPS_EVENT_OPENED) {
      ck_assert_msg(a == NULL || !a->open, "PID %lu opened twice in a row", e->pid);
      if (a == NULL) {
        ck_assert_uint_lt(app_count, MAX_EVENTS);
        a = &apps[app_count++];
        a->pid = e->pid;
        a->start = e->start;
      }
      a->open = 1;
      snprintf(a->title, sizeof a->title, "%s", e->title);
    } else if (e->kind == LISTAPPS_EVENT_CLOSED) {
      ck_assert_msg(a != NULL && a->open, "PID %lu closed while not open", e->pid);
      a->open = 0;
    } else if (e->kind == LISTAPPS_EVENT_TITLE) {
      ck_assert_msg(a != NULL && a->open, "PID %lu retitled while not open", e->pid);
      snprintf(a->title, sizeof a->title, "%s", e->title);
    }
  }
  /* The replayed set is the final listing's (for our fixtures). */
  {
    size_t open_count = 0;
    size_t listed = 0;
    for (i = 0; i < app_count; i++) open_count += apps[i].open;
    for (i = 0; i < listapps_snapshot_count(final); i++) {
      long long pid = 0;
      long long start = 0;
      const char *title = NULL;
      app_state *a;
      listapps_snapshot_get_integer(final, i, LISTAPPS_FIELD_PID, &pid);
      if (!is_ours(pids, FIXTURES, (unsigned long)pid)) continue;
      listed++;
      /* StartTime was not asked for in this listing: match the App by PID. */
      (void)start;
      a = NULL;
      {
        size_t k;
        for (k = 0; k < app_count; k++)
          if (apps[k].pid == (unsigned long)pid && apps[k].open) a = &apps[k];
      }
      ck_assert_msg(a != NULL, "PID %lld is listed but the events left it closed", pid);
      listapps_snapshot_get_string(final, i, LISTAPPS_FIELD_TITLE, &title);
      ck_assert_str_eq(a->title, title);
    }
    ck_assert_uint_eq(listed, open_count);
  }
  listapps_snapshot_free(final);
  watch_free(w);
  for (i = 0; i < FIXTURES; i++) fixture_stop(&p[i]);
}
END_TEST

/* max_events (--count): the watch ends by itself after that many events other than present. */
START_TEST(test_count_ends_the_watch) {
  const wchar_t *args[] = {L"visible:Watch count zq1"};
  test_process p;
  watcher *w;
  size_t i;
  size_t changes = 0;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  w = watch_start_counted(1);
  ck_assert_msg(wait_for(w, LISTAPPS_EVENT_PRESENT, p.pid, NULL, 10000), "no present event");
  command(&p, "title 0 Watch count changed zq1");
  /* No stop flag: the watch must end on its own. */
  ck_assert_int_eq(WaitForSingleObject(w->thread, 30000), WAIT_OBJECT_0);
  CloseHandle(w->thread);
  ck_assert_int_eq(w->result, LISTAPPS_OK);
  for (i = 0; i < w->count; i++) changes += w->events[i].kind != LISTAPPS_EVENT_PRESENT;
  ck_assert_uint_eq(changes, 1);
  watch_free(w);
  fixture_stop(&p);
}
END_TEST

static DWORD WINAPI run_watch_until_event(LPVOID arg) {
  watcher *w = arg;
  listapps_watch_options o = LISTAPPS_WATCH_OPTIONS_INIT;

  /* No stop flag, a long interval and timeout: only the event can end it soon. */
  o.interval_ms = 60000;
  o.timeout_ms = 60000;
  o.stop_event = w->stop_event;
  w->result = listapps_watch(&o, collect, w, NULL);
  return 0;
}

/* A stop event ends the watch at once, with no flag to poll. */
START_TEST(test_stop_event_ends_the_watch) {
  watcher *w = calloc(1, sizeof *w);
  ULONGLONG asked;
  DWORD waited;

  ck_assert_ptr_nonnull(w);
  InitializeCriticalSection(&w->lock);
  w->stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
  ck_assert_ptr_nonnull(w->stop_event);
  w->thread = CreateThread(NULL, 0, run_watch_until_event, w, 0, NULL);
  ck_assert_ptr_nonnull(w->thread);
  /* Past the first listing, into the wait. */
  Sleep(1500);
  ck_assert_int_eq(WaitForSingleObject(w->thread, 0), WAIT_TIMEOUT);
  asked = GetTickCount64();
  SetEvent(w->stop_event);
  waited = WaitForSingleObject(w->thread, 5000);
  ck_assert_msg(waited == WAIT_OBJECT_0, "the watch still ran 5 s after its stop event");
  ck_assert_int_eq(w->result, LISTAPPS_OK);
  printf("test_watch: stop event to return %llu ms\n",
         (unsigned long long)(GetTickCount64() - asked));
  CloseHandle(w->thread);
  CloseHandle(w->stop_event);
  watch_free(w);
}
END_TEST

/* The command: --count ends after N events other than present, --timeout after its seconds,
 * --format json is refused, and a closed pipe ends it promptly with the failure status. */
START_TEST(test_cli_ends) {
  const wchar_t *args[] = {L"visible:Watch CLI zq2"};
  wchar_t *exe = test_path_beside_self(L"listapps.exe");
  test_process p;
  test_run_result r;
  int exit_code = 0;
  char *err = NULL;
  size_t err_len = 0;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  ck_assert_int_eq(test_run(exe, L"--watch --timeout 1 -f jsonl zq2", NULL, RUN_TIMEOUT_MS, &r), 0);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_ptr_nonnull(strstr(r.out, "\"event\":\"present\""));
  ck_assert_ptr_nonnull(strstr(r.out, "Watch CLI zq2"));
  test_run_result_free(&r);
  ck_assert_int_eq(test_run(exe, L"--watch --format json", NULL, RUN_TIMEOUT_MS, &r), 0);
  ck_assert_int_eq(r.exit_code, 2);
  test_run_result_free(&r);
  /* Closing our end of its stdout: the first write fails, exit 3. */
  ck_assert_int_eq(test_run_pipe_closed_early(exe, L"--watch --interval 100", 0, RUN_TIMEOUT_MS,
                                              &exit_code, &err, &err_len),
                   0);
  ck_assert_int_eq(exit_code, 3);
  free(err);
  fixture_stop(&p);
  free(exe);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("watch");
  TCase *events = tcase_create("events");
  TCase *cli = tcase_create("cli");

  tcase_add_test(events, test_open_retitle_close);
  tcase_add_test(events, test_random_changes_replay_to_the_final_listing);
  tcase_add_test(events, test_count_ends_the_watch);
  tcase_add_test(events, test_stop_event_ends_the_watch);
  tcase_add_test(cli, test_cli_ends);
  suite_add_tcase(s, events);
  suite_add_tcase(s, cli);
  return s;
}
