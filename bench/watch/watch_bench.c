/*
 * watch_bench.c - what listapps_watch costs and how late its events come (issue 12).
 *
 * Usage: watch_bench [--quick] [--idle-only | --focus-only] [--changes N] [--idle-seconds S]
 *                    [--load-seconds S] [--rate R]
 *
 * It drives fixture_en.exe window hosts (tests/fixtures/window_host.c, beside this program)
 * through their command channel while listapps_watch runs on a thread of its own, and prints:
 *
 * 1. Latency: from a change (the fixture's own timestamp T, taken just before the call that
 *    makes it) to the time_ms of the event that reports it, p50/p99/max, per kind of change
 *    (retitle, window close, window open, process exit) and per run: the resync path at
 *    interval 1000 and 200 ms, and the hook path, measured as a run with interval 60000 that
 *    ends before its first periodic look, so only window events and process-exit waits can
 *    deliver. Each change comes at a random phase of the interval and waits for its event
 *    before the next is made.
 *    Focus (issue 21): from a fixture's SetForegroundWindow to the focus event naming its App
 *    ("focus"), and to its tool window, in front of which no App is ("focus away": the event
 *    names the App that left), at the default interval and with the resync at a minute, so
 *    only the focus events' hooks and the foreground poll can deliver; each change at a random
 *    phase. Goal: p99 <= 250 ms under Wine.
 * 2. Idle cost: F x K top-level windows (default 10 x 10) and nothing changing, at the default
 *    interval: the watching thread's CPU time per minute and as a percentage of one core, and
 *    the process's (which holds the watch's foreground poll too). "idle start" and "idle end"
 *    lines (flushed) mark the window, and the watching thread's id and those of every thread
 *    of the process are printed, so bench/watch/watch_requests.sh can count the wineserver
 *    requests in between.
 * 3. Load: R changes per second (default 50) for S seconds across 10 fixtures at the default
 *    interval: the watching thread's CPU per second, the latency of the changes that were
 *    reported (a title overwritten before the next look is never seen, by design), and whether
 *    the events, replayed over the present set, give exactly a fresh listing at the end.
 *
 * --quick (ctest): fewer changes, a 5 s idle phase, a 3 s load phase; no interval-1000 latency
 * run. Exit status: 0; 1 when a change is never reported on a resync or focus run, the load's
 * replay does not match a fresh listing (nor the focus run's replay a fresh listing's
 * Foreground), or a fixture or the watch fails (never because of a time); 2 for a bad command
 * line.
 */
#include <windows.h>
#include <tlhelp32.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "listapps.h"
#include "test_detach.h"
#include "test_process.h"

#define FIXTURE_TIMEOUT_MS 30000u
#define COMMAND_TIMEOUT_MS 10000u
#define HOOK_INTERVAL_MS 60000u
/* A hook-only run stops making changes this long after its watch started, well before the
 * first periodic look at HOOK_INTERVAL_MS. */
#define HOOK_RUN_LIMIT_MS 50000u
/* How long a hook-only run waits for a change's event: anything later is not the hook path. */
#define HOOK_WAIT_MS 500u
#define TITLE_LEN 96

/* ---- Options ---------------------------------------------------------------------------- */

typedef struct bench_options {
  int quick;
  int idle_only;
  int focus_only;   /* the focus runs alone */
  unsigned changes; /* per latency run */
  unsigned idle_seconds;
  unsigned idle_fixtures;
  unsigned idle_windows; /* per idle fixture */
  unsigned load_seconds;
  unsigned rate; /* load changes per second */
} bench_options;

static int parse_unsigned(const wchar_t *s, unsigned min, unsigned max, unsigned *out) {
  wchar_t *end = NULL;
  unsigned long v;

  if (s == NULL || *s == L'\0') return -1;
  v = wcstoul(s, &end, 10);
  if (*end != L'\0' || v < min || v > max) return -1;
  *out = (unsigned)v;
  return 0;
}

/* Returns 0, or 2 after a one-line usage message on stderr. */
static int parse_options(int argc, wchar_t **argv, bench_options *o) {
  int i;
  int idle_set = 0;
  int load_set = 0;
  int changes_set = 0;

  memset(o, 0, sizeof *o);
  o->idle_fixtures = 10;
  o->idle_windows = 10;
  o->rate = 50;
  for (i = 1; i < argc; i++) {
    const wchar_t *a = argv[i];
    const wchar_t *v = i + 1 < argc ? argv[i + 1] : NULL;
    int bad = 0;
    if (wcscmp(a, L"--quick") == 0) {
      o->quick = 1;
    } else if (wcscmp(a, L"--idle-only") == 0) {
      o->idle_only = 1;
    } else if (wcscmp(a, L"--focus-only") == 0) {
      o->focus_only = 1;
    } else if (wcscmp(a, L"--changes") == 0) {
      bad = parse_unsigned(v, 3, 100000, &o->changes);
      changes_set = 1;
      i++;
    } else if (wcscmp(a, L"--idle-seconds") == 0) {
      bad = parse_unsigned(v, 1, 3600, &o->idle_seconds);
      idle_set = 1;
      i++;
    } else if (wcscmp(a, L"--load-seconds") == 0) {
      bad = parse_unsigned(v, 1, 3600, &o->load_seconds);
      load_set = 1;
      i++;
    } else if (wcscmp(a, L"--rate") == 0) {
      bad = parse_unsigned(v, 1, 1000, &o->rate);
      i++;
    } else {
      bad = 1;
    }
    if (bad) {
      fprintf(stderr,
              "usage: watch_bench [--quick] [--idle-only | --focus-only] [--changes N] "
              "[--idle-seconds S] [--load-seconds S] [--rate R]\n");
      return 2;
    }
  }
  if (o->idle_only && o->focus_only) {
    fprintf(stderr, "watch_bench: --idle-only and --focus-only do not go together\n");
    return 2;
  }
  if (!changes_set) o->changes = o->quick ? 12 : 60;
  if (!idle_set) o->idle_seconds = o->quick ? 5 : 60;
  if (!load_set) o->load_seconds = o->quick ? 3 : 10;
  return 0;
}

/* ---- Output ----------------------------------------------------------------------------- */

/* Every line is flushed at once: watch_requests.sh reads the idle markers as they come. */
static void say(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *format, ...) {
  va_list ap;

  va_start(ap, format);
  vprintf(format, ap);
  va_end(ap);
  fflush(stdout);
}

/* ---- Time ------------------------------------------------------------------------------- */

/* A UTC FILETIME (100 ns since 1601) as milliseconds since 1970, like listapps_event.time_ms. */
static double filetime_to_unix_ms(unsigned long long t) {
  return (double)(long long)(t - 116444736000000000ull) / 10000.0;
}

static double now_unix_ms(void) {
  FILETIME ft;

  GetSystemTimeAsFileTime(&ft);
  return filetime_to_unix_ms(((unsigned long long)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
}

static unsigned long long filetime_100ns(FILETIME ft) {
  return ((unsigned long long)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

/* A thread's or the process's kernel + user time so far, in milliseconds. */
static double thread_cpu_ms(HANDLE thread) {
  FILETIME c, e, k, u;

  if (!GetThreadTimes(thread, &c, &e, &k, &u)) return 0.0;
  return (double)(filetime_100ns(k) + filetime_100ns(u)) / 10000.0;
}

static double process_cpu_ms(void) {
  FILETIME c, e, k, u;

  if (!GetProcessTimes(GetCurrentProcess(), &c, &e, &k, &u)) return 0.0;
  return (double)(filetime_100ns(k) + filetime_100ns(u)) / 10000.0;
}

static unsigned next_random(unsigned *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return (*seed >> 16) & 0x7fffu;
}

/* ---- Statistics ------------------------------------------------------------------------- */

typedef struct samples {
  double *values;
  size_t count;
  size_t capacity;
} samples;

static int samples_add(samples *s, double v) {
  if (s->count == s->capacity) {
    size_t cap = s->capacity != 0 ? s->capacity * 2 : 64;
    double *grown = realloc(s->values, cap * sizeof *grown);
    if (grown == NULL) return -1;
    s->values = grown;
    s->capacity = cap;
  }
  s->values[s->count++] = v;
  return 0;
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a;
  double y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The nearest-rank percentile p (0 < p <= 100) of s; sorts s. */
static double percentile(samples *s, double p) {
  size_t rank;

  if (s->count == 0) return 0.0;
  qsort(s->values, s->count, sizeof *s->values, compare_double);
  rank = (size_t)((p / 100.0) * (double)s->count + 0.999999);
  if (rank < 1) rank = 1;
  if (rank > s->count) rank = s->count;
  return s->values[rank - 1];
}

static void samples_free(samples *s) {
  free(s->values);
  memset(s, 0, sizeof *s);
}

/* ---- The watch on its own thread -------------------------------------------------------- */

typedef struct seen_event {
  int kind;
  unsigned long pid;
  int foreground; /* the App's Foreground in the event's listing (0 when not there) */
  long long start;
  long long time_ms;
  char title[TITLE_LEN];
} seen_event;

typedef struct watcher {
  CRITICAL_SECTION lock;
  HANDLE arrived; /* auto-reset: set on each event */
  HANDLE thread;
  unsigned interval_ms;
  HANDLE stop; /* manual-reset: the watch's stop event, as the command uses */
  int result;
  seen_event *events;
  size_t count;
  size_t capacity;
  int out_of_memory;
} watcher;

static int collect(void *context, const listapps_event *e) {
  watcher *w = context;
  seen_event s;
  long long pid = 0;
  const char *title = NULL;

  memset(&s, 0, sizeof s);
  listapps_snapshot_get_integer(e->snapshot, e->row, LISTAPPS_FIELD_PID, &pid);
  listapps_snapshot_get_integer(e->snapshot, e->row, LISTAPPS_FIELD_START_TIME, &s.start);
  listapps_snapshot_get_string(e->snapshot, e->row, LISTAPPS_FIELD_TITLE, &title);
  {
    long long front = 0;
    listapps_snapshot_get_integer(e->snapshot, e->row, LISTAPPS_FIELD_FOREGROUND, &front);
    s.foreground = front != 0;
  }
  s.kind = e->kind;
  s.pid = (unsigned long)pid;
  s.time_ms = e->time_ms;
  snprintf(s.title, sizeof s.title, "%s", title != NULL ? title : "");
  EnterCriticalSection(&w->lock);
  if (w->count == w->capacity) {
    size_t cap = w->capacity != 0 ? w->capacity * 2 : 1024;
    seen_event *grown = realloc(w->events, cap * sizeof *grown);
    if (grown != NULL) {
      w->events = grown;
      w->capacity = cap;
    }
  }
  if (w->count < w->capacity)
    w->events[w->count++] = s;
  else
    w->out_of_memory = 1;
  LeaveCriticalSection(&w->lock);
  SetEvent(w->arrived);
  return 0;
}

static DWORD WINAPI run_watch(LPVOID arg) {
  watcher *w = arg;
  listapps_watch_options o = LISTAPPS_WATCH_OPTIONS_INIT;

  o.interval_ms = w->interval_ms;
  o.stop_event = w->stop;
  w->result = listapps_watch(&o, collect, w, NULL);
  return 0;
}

/* Starts a watch with interval_ms (0: the default) on a new thread. NULL on failure. */
static watcher *watcher_start(unsigned interval_ms) {
  watcher *w = calloc(1, sizeof *w);

  if (w == NULL) return NULL;
  InitializeCriticalSection(&w->lock);
  w->interval_ms = interval_ms;
  w->arrived = CreateEventW(NULL, FALSE, FALSE, NULL);
  w->stop = CreateEventW(NULL, TRUE, FALSE, NULL);
  if (w->arrived != NULL && w->stop != NULL)
    w->thread = CreateThread(NULL, 0, run_watch, w, 0, NULL);
  if (w->thread == NULL) {
    if (w->arrived != NULL) CloseHandle(w->arrived);
    if (w->stop != NULL) CloseHandle(w->stop);
    DeleteCriticalSection(&w->lock);
    free(w);
    return NULL;
  }
  return w;
}

/* Stops the watch. Returns 0 when it ended cleanly with LISTAPPS_OK. */
static int watcher_stop(watcher *w) {
  SetEvent(w->stop);
  if (WaitForSingleObject(w->thread, 30000) != WAIT_OBJECT_0) {
    say("the watch did not stop within 30 s\n");
    return -1;
  }
  if (w->result != LISTAPPS_OK) {
    say("the watch failed: %s\n", listapps_strerror(w->result));
    return -1;
  }
  return w->out_of_memory ? -1 : 0;
}

/* After a failure midway: ends the watch, if any, before its memory goes. */
static void watcher_abort(watcher *w, int status) {
  if (w == NULL || status >= 0) return;
  SetEvent(w->stop);
  WaitForSingleObject(w->thread, 30000);
}

static void watcher_free(watcher *w) {
  if (w == NULL) return;
  CloseHandle(w->thread);
  CloseHandle(w->arrived);
  CloseHandle(w->stop);
  DeleteCriticalSection(&w->lock);
  free(w->events);
  free(w);
}

static size_t watcher_count(watcher *w) {
  size_t n;

  EnterCriticalSection(&w->lock);
  n = w->count;
  LeaveCriticalSection(&w->lock);
  return n;
}

/* Kinds as a bit mask. */
#define KIND_BIT(k) (1u << (unsigned)(k))

/* Waits up to ms for an event at index >= from of one of the kinds in mask for pid (with this
 * title, when not NULL). Returns its time_ms, or -1 when none came. */
static long long watcher_wait(watcher *w, size_t from, unsigned mask, unsigned long pid,
                              const char *title, unsigned ms) {
  ULONGLONG deadline = GetTickCount64() + ms;

  for (;;) {
    long long found = -1;
    ULONGLONG now;
    size_t i;
    EnterCriticalSection(&w->lock);
    for (i = from; i < w->count && found < 0; i++) {
      const seen_event *e = &w->events[i];
      if ((mask & KIND_BIT(e->kind)) != 0 && e->pid == pid &&
          (title == NULL || strcmp(e->title, title) == 0))
        found = e->time_ms;
    }
    LeaveCriticalSection(&w->lock);
    if (found >= 0) return found;
    now = GetTickCount64();
    if (now >= deadline) return -1;
    WaitForSingleObject(w->arrived, (DWORD)(deadline - now));
  }
}

/* Waits until a present event has come for every pid. Returns 0, or -1 after timeout. */
static int watcher_wait_present(watcher *w, const unsigned long *pids, size_t count) {
  size_t i;

  for (i = 0; i < count; i++)
    if (watcher_wait(w, 0, KIND_BIT(LISTAPPS_EVENT_PRESENT), pids[i], NULL, 30000) < 0) {
      say("no present event for PID %lu\n", pids[i]);
      return -1;
    }
  return 0;
}

/* ---- Fixtures ----------------------------------------------------------------------------- */

typedef struct fixture_set {
  test_process *p;
  size_t count;
} fixture_set;

/* Starts one fixture_en.exe with windows "visible:<prefix> <i> w<k>" for k < visible_windows,
 * or one "hidden:" window when visible_windows is 0. */
static int fixture_start_one(const wchar_t *exe, const char *prefix, unsigned index,
                             unsigned visible_windows, test_process *p) {
  wchar_t *args = NULL;
  wchar_t arg[128];
  unsigned k;
  int err = 0;

  if (visible_windows == 0) {
    swprintf(arg, 128, L"hidden:%hs %u hidden", prefix, index);
    err = test_cmdline_append(&args, arg);
  }
  for (k = 0; k < visible_windows && err == 0; k++) {
    swprintf(arg, 128, L"visible:%hs %u w%u", prefix, index, k);
    err = test_cmdline_append(&args, arg);
  }
  if (err == 0) err = test_process_start(exe, args, FIXTURE_TIMEOUT_MS, p);
  if (err != 0) say("fixture %s %u did not start: %s\n", prefix, index, p->failure);
  free(args);
  return err;
}

/* Starts count fixtures into set (appending). */
static int fixtures_start(fixture_set *set, const wchar_t *exe, const char *prefix, unsigned count,
                          unsigned visible_windows) {
  test_process *grown = realloc(set->p, (set->count + count) * sizeof *grown);
  unsigned i;

  if (grown == NULL) return -1;
  set->p = grown;
  for (i = 0; i < count; i++) {
    if (fixture_start_one(exe, prefix, i, visible_windows, &set->p[set->count]) != 0) return -1;
    set->count++;
  }
  return 0;
}

static void fixtures_stop(fixture_set *set) {
  size_t i;

  for (i = 0; i < set->count; i++) test_process_stop(&set->p[i], 10000);
  free(set->p);
  set->p = NULL;
  set->count = 0;
}

static int fixtures_pids(const fixture_set *set, unsigned long **pids) {
  size_t i;

  *pids = malloc((set->count > 0 ? set->count : 1) * sizeof **pids);
  if (*pids == NULL) return -1;
  for (i = 0; i < set->count; i++) (*pids)[i] = set->p[i].pid;
  return 0;
}

/* ---- 1. Latency ----------------------------------------------------------------------------- */

enum change_type {
  CHANGE_TITLE,
  CHANGE_CLOSE,
  CHANGE_OPEN,
  CHANGE_EXIT,
  CHANGE_FOCUS,   /* an App's window to the front */
  CHANGE_UNFOCUS, /* a tool window to the front: no App is, the one that left is named */
  CHANGE_TYPES
};
static const char *const change_names[CHANGE_TYPES] = {
    "retitle", "close window", "open window", "process exit", "focus", "focus away"};
/* A focus event's goal: the foreground poll's period and a look, under Wine. */
#define FOCUS_GOAL_MS 250.0

typedef struct type_result {
  unsigned issued;
  unsigned seen;
  samples latency;
} type_result;

typedef struct run_result {
  char label[48];
  unsigned interval_ms;
  int hook_only;
  type_result types[CHANGE_TYPES];
} run_result;

/* One latency run. Returns 0; 1 when a resync run missed a change; -1 on a failure. */
static int run_latency(const wchar_t *exe, const bench_options *o, unsigned interval_ms,
                       int hook_only, run_result *r) {
  enum { TITLE_FIXTURES = 4, OPEN_CLOSE_FIXTURES = 4 };
  unsigned exits = o->quick ? 2 : 5;
  fixture_set title_set = {NULL, 0};
  fixture_set oc_set = {NULL, 0};
  fixture_set exit_set = {NULL, 0};
  int oc_open[OPEN_CLOSE_FIXTURES];
  unsigned oc_window[OPEN_CLOSE_FIXTURES];
  unsigned oc_next[OPEN_CLOSE_FIXTURES];
  unsigned long *pids = NULL;
  unsigned seed = 20240612u + interval_ms;
  unsigned wait_ms = hook_only ? HOOK_WAIT_MS : interval_ms + 5000u;
  unsigned exits_done = 0;
  unsigned n;
  ULONGLONG watch_started;
  watcher *w = NULL;
  int status = -1;
  int missed = 0;
  size_t i;

  memset(r, 0, sizeof *r);
  r->interval_ms = interval_ms;
  r->hook_only = hook_only;
  if (hook_only)
    snprintf(r->label, sizeof r->label, "hook (interval %u)", interval_ms);
  else
    snprintf(r->label, sizeof r->label, "resync (interval %u)", interval_ms);
  for (i = 0; i < OPEN_CLOSE_FIXTURES; i++) {
    oc_open[i] = 1;
    oc_window[i] = 0;
    oc_next[i] = 1;
  }
  if (fixtures_start(&title_set, exe, "Lat title", TITLE_FIXTURES, 1) != 0 ||
      fixtures_start(&oc_set, exe, "Lat oc", OPEN_CLOSE_FIXTURES, 1) != 0 ||
      fixtures_start(&exit_set, exe, "Lat exit", exits, 1) != 0)
    goto cleanup;
  w = watcher_start(interval_ms);
  if (w == NULL) goto cleanup;
  watch_started = GetTickCount64();
  if (fixtures_pids(&title_set, &pids) != 0 || watcher_wait_present(w, pids, title_set.count) != 0)
    goto cleanup;
  free(pids);
  pids = NULL;
  if (fixtures_pids(&oc_set, &pids) != 0 || watcher_wait_present(w, pids, oc_set.count) != 0)
    goto cleanup;
  free(pids);
  pids = NULL;
  if (fixtures_pids(&exit_set, &pids) != 0 || watcher_wait_present(w, pids, exit_set.count) != 0)
    goto cleanup;
  Sleep(200);

  /* Retitles and window closes/opens in turn, then the process exits at the end. */
  for (n = 0; n < o->changes + exits; n++) {
    char cmd[160];
    char title[TITLE_LEN];
    const char *expect_title = NULL;
    unsigned mask;
    int type;
    test_process *p;
    unsigned long long when = 0;
    size_t from;
    long long seen;

    if (hook_only && GetTickCount64() - watch_started > HOOK_RUN_LIMIT_MS) {
      say("hook run: stopped after %u changes, before the first periodic look\n", n);
      break;
    }
    title[0] = '\0';
    if (n >= o->changes) {
      type = CHANGE_EXIT;
      p = &exit_set.p[exits_done++];
      snprintf(cmd, sizeof cmd, "exit");
      mask = KIND_BIT(LISTAPPS_EVENT_CLOSED);
    } else if (n % 2 == 0) {
      type = CHANGE_TITLE;
      p = &title_set.p[(n / 2) % TITLE_FIXTURES];
      snprintf(title, sizeof title, "Lat title %u c%u", (n / 2) % TITLE_FIXTURES, n);
      snprintf(cmd, sizeof cmd, "title 0 %s", title);
      expect_title = title;
      mask = KIND_BIT(LISTAPPS_EVENT_TITLE);
    } else {
      unsigned f = (n / 2) % OPEN_CLOSE_FIXTURES;
      p = &oc_set.p[f];
      if (oc_open[f]) {
        type = CHANGE_CLOSE;
        snprintf(cmd, sizeof cmd, "close %u", oc_window[f]);
        mask = KIND_BIT(LISTAPPS_EVENT_CLOSED);
        oc_open[f] = 0;
      } else {
        type = CHANGE_OPEN;
        snprintf(title, sizeof title, "Lat oc %u c%u", f, n);
        snprintf(cmd, sizeof cmd, "open visible:%s", title);
        expect_title = title;
        /* On the hook run a close may have gone unseen: the App then looks retitled. */
        mask = KIND_BIT(LISTAPPS_EVENT_OPENED) | (hook_only ? KIND_BIT(LISTAPPS_EVENT_TITLE) : 0u);
        oc_window[f] = oc_next[f]++;
        oc_open[f] = 1;
      }
    }
    /* A random phase within the interval, so the resync path's latency is sampled evenly. */
    if (!hook_only) Sleep(next_random(&seed) % interval_ms);
    from = watcher_count(w);
    if (test_process_command(p, cmd, COMMAND_TIMEOUT_MS, &when) != 0) {
      say("fixture %lu: \"%s\" failed: %s\n", p->pid, cmd, p->failure);
      goto cleanup;
    }
    r->types[type].issued++;
    seen = watcher_wait(w, from, mask, p->pid, expect_title, wait_ms);
    if (seen >= 0) {
      r->types[type].seen++;
      if (samples_add(&r->types[type].latency, (double)seen - filetime_to_unix_ms(when)) != 0)
        goto cleanup;
    } else if (!hook_only) {
      say("MISSED: %s \"%s\" on PID %lu was not reported within %u ms\n", change_names[type], cmd,
          p->pid, wait_ms);
      missed = 1;
    }
  }
  if (watcher_stop(w) != 0) goto cleanup;
  status = missed;

cleanup:
  watcher_abort(w, status);
  watcher_free(w);
  free(pids);
  fixtures_stop(&title_set);
  fixtures_stop(&oc_set);
  fixtures_stop(&exit_set);
  return status;
}

static void print_latency_header(void) {
  say("\nLatency: a change (the fixture's timestamp) to its event's time_ms, in ms\n");
  say("%-22s %-13s %6s %6s %8s %8s %8s  %-8s %s\n", "run", "change", "made", "seen", "p50", "p99",
      "max", "goal p99", "met");
}

static void print_latency(run_result *r) {
  int t;

  for (t = 0; t < CHANGE_TYPES; t++) {
    type_result *tr = &r->types[t];
    double goal = t == CHANGE_FOCUS || t == CHANGE_UNFOCUS ? FOCUS_GOAL_MS
                  : r->hook_only                           ? 100.0
                                                           : (double)r->interval_ms + 100.0;
    if (tr->issued == 0) continue;
    if (tr->seen == 0) {
      say("%-22s %-13s %6u %6u %8s %8s %8s  <=%-6.0f %s\n", r->label, change_names[t], tr->issued,
          tr->seen, "-", "-", "-", goal, r->hook_only ? "not delivered" : "NO (missed)");
    } else {
      double p50 = percentile(&tr->latency, 50.0);
      double p99 = percentile(&tr->latency, 99.0);
      double max = tr->latency.values[tr->latency.count - 1];
      say("%-22s %-13s %6u %6u %8.1f %8.1f %8.1f  <=%-6.0f %s\n", r->label, change_names[t],
          tr->issued, tr->seen, p50, p99, max, goal,
          p99 <= goal ? (tr->seen == tr->issued ? "yes" : "yes (of those seen)") : "no");
    }
  }
}

/* The App in front by the events: the present one whose Foreground is true, then each focus
 * event (in front, or leaving it), a closed of the App in front ending it; compared with a
 * fresh listing's Foreground. Returns 0 when they agree, 1 (after saying how) when not. */
static int focus_replay_matches(watcher *w) {
  const int fields[] = {LISTAPPS_FIELD_PID, LISTAPPS_FIELD_FOREGROUND};
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_snapshot *fresh = NULL;
  unsigned long front = 0;
  unsigned long actual = 0;
  size_t i;

  for (i = 0; i < w->count; i++) {
    const seen_event *e = &w->events[i];
    if ((e->kind == LISTAPPS_EVENT_PRESENT || e->kind == LISTAPPS_EVENT_FOCUS) && e->foreground)
      front = e->pid;
    else if ((e->kind == LISTAPPS_EVENT_FOCUS || e->kind == LISTAPPS_EVENT_CLOSED) &&
             e->pid == front)
      front = 0;
  }
  o.fields = fields;
  o.field_count = 2;
  if (listapps_snapshot_take(&o, &fresh, NULL) != LISTAPPS_OK) return 1;
  for (i = 0; i < listapps_snapshot_count(fresh); i++) {
    long long yes = 0;
    long long pid = 0;
    listapps_snapshot_get_integer(fresh, i, LISTAPPS_FIELD_FOREGROUND, &yes);
    listapps_snapshot_get_integer(fresh, i, LISTAPPS_FIELD_PID, &pid);
    if (yes) actual = (unsigned long)pid;
  }
  listapps_snapshot_free(fresh);
  if (front == actual) return 0;
  say("MISSED: the focus events leave PID %lu in front, a fresh listing PID %lu\n", front, actual);
  return 1;
}

/* Waits up to ms for a focus event at index >= from naming pid with this Foreground; its
 * time_ms, or -1. */
static long long watcher_wait_focus(watcher *w, size_t from, unsigned long pid, int front,
                                    unsigned ms) {
  ULONGLONG deadline = GetTickCount64() + ms;

  for (;;) {
    long long found = -1;
    ULONGLONG now;
    size_t i;
    EnterCriticalSection(&w->lock);
    for (i = from; i < w->count && found < 0; i++) {
      const seen_event *e = &w->events[i];
      if (e->kind == LISTAPPS_EVENT_FOCUS && e->pid == pid && e->foreground == front)
        found = e->time_ms;
    }
    LeaveCriticalSection(&w->lock);
    if (found >= 0) return found;
    now = GetTickCount64();
    if (now >= deadline) return -1;
    WaitForSingleObject(w->arrived, (DWORD)(deadline - now));
  }
}

/* A focus run: four fixtures with a window and a tool window each. In turn each fixture's window
 * comes to the front (a focus event naming its App, in front), then its tool window (no App is
 * in front: a focus event naming the App that left); each change at a random phase of the
 * interval. Under Wine most come with EVENT_OBJECT_FOCUS; those that do not wait for the
 * foreground poll. Returns 0; 1 when a change was never reported; -1 on a
 * failure. */
static int run_focus(const wchar_t *exe, const bench_options *o, unsigned interval_ms,
                     run_result *r) {
  enum { FIXTURES = 4 };
  fixture_set set = {NULL, 0};
  unsigned long *pids = NULL;
  unsigned seed = 20261121u + interval_ms;
  unsigned phase = interval_ms < 1000u ? interval_ms : 1000u;
  watcher *w = NULL;
  int status = -1;
  int missed = 0;
  unsigned n;

  memset(r, 0, sizeof *r);
  r->interval_ms = interval_ms;
  snprintf(r->label, sizeof r->label, "focus (interval %u)", interval_ms);
  if (fixtures_start(&set, exe, "Lat focus", FIXTURES, 1) != 0) goto cleanup;
  for (n = 0; n < FIXTURES; n++) {
    unsigned long long ignored;
    if (test_process_command(&set.p[n], "open tool:Lat focus tool", COMMAND_TIMEOUT_MS, &ignored) !=
        0) {
      say("fixture %lu: \"open tool\" failed: %s\n", set.p[n].pid, set.p[n].failure);
      goto cleanup;
    }
  }
  w = watcher_start(interval_ms);
  if (w == NULL) goto cleanup;
  if (fixtures_pids(&set, &pids) != 0 || watcher_wait_present(w, pids, set.count) != 0)
    goto cleanup;
  Sleep(200);
  for (n = 0; n < o->changes; n++) {
    test_process *p = &set.p[(n / 2) % FIXTURES];
    int away = n % 2;
    int type = away ? CHANGE_UNFOCUS : CHANGE_FOCUS;
    const char *cmd = away ? "focus 1" : "focus 0";
    unsigned long long when = 0;
    size_t from;
    long long seen;

    Sleep(next_random(&seed) % phase);
    from = watcher_count(w);
    if (test_process_command(p, cmd, COMMAND_TIMEOUT_MS, &when) != 0) {
      say("fixture %lu: \"%s\" failed: %s\n", p->pid, cmd, p->failure);
      goto cleanup;
    }
    r->types[type].issued++;
    seen = watcher_wait_focus(w, from, p->pid, !away, 5000);
    if (seen >= 0) {
      r->types[type].seen++;
      if (samples_add(&r->types[type].latency, (double)seen - filetime_to_unix_ms(when)) != 0)
        goto cleanup;
    } else {
      say("MISSED: %s on PID %lu was not reported within 5000 ms\n", change_names[type], p->pid);
      missed = 1;
    }
  }
  if (watcher_stop(w) != 0) goto cleanup;
  status = focus_replay_matches(w) != 0 ? 1 : missed;

cleanup:
  watcher_abort(w, status);
  watcher_free(w);
  free(pids);
  fixtures_stop(&set);
  return status;
}

static void free_run(run_result *r) {
  int t;
  for (t = 0; t < CHANGE_TYPES; t++) samples_free(&r->types[t].latency);
}

/* ---- 2. Idle ------------------------------------------------------------------------------- */

/* "process threads 0x..,0x..": every thread of this process, the watch's own (the watching
 * thread, the foreground poll, thread-pool waits) among them, for watch_requests.sh. */
static void say_threads(void) {
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
  THREADENTRY32 t;
  int first = 1;

  if (snap == INVALID_HANDLE_VALUE) return;
  t.dwSize = sizeof t;
  say("process threads ");
  if (Thread32First(snap, &t)) {
    do {
      if (t.th32OwnerProcessID != GetCurrentProcessId()) continue;
      say("%s0x%04lx", first ? "" : ",", (unsigned long)t.th32ThreadID);
      first = 0;
    } while (Thread32Next(snap, &t));
  }
  say("\n");
  CloseHandle(snap);
}

static int run_idle(const wchar_t *exe, const bench_options *o) {
  fixture_set set = {NULL, 0};
  unsigned long *pids = NULL;
  watcher *w = NULL;
  double thread0, process0, wall0, thread1, process1, wall1;
  int status = -1;

  if (fixtures_start(&set, exe, "Idle", o->idle_fixtures, o->idle_windows) != 0) goto cleanup;
  w = watcher_start(0);
  if (w == NULL) goto cleanup;
  if (fixtures_pids(&set, &pids) != 0 || watcher_wait_present(w, pids, set.count) != 0)
    goto cleanup;
  /* Let the start-up settle (the fixtures' and the watch's own first looks). */
  Sleep(2000);
  say("watch thread 0x%04lx\n", GetThreadId(w->thread));
  say_threads();
  thread0 = thread_cpu_ms(w->thread);
  process0 = process_cpu_ms();
  wall0 = now_unix_ms();
  say("idle start\n");
  Sleep(o->idle_seconds * 1000u);
  say("idle end\n");
  thread1 = thread_cpu_ms(w->thread);
  process1 = process_cpu_ms();
  wall1 = now_unix_ms();
  if (watcher_count(w) != set.count) {
    /* Other Apps of the session (the keeper) gave present events too; nothing else may come. */
    size_t i;
    size_t changes = 0;
    EnterCriticalSection(&w->lock);
    for (i = 0; i < w->count; i++) changes += w->events[i].kind != LISTAPPS_EVENT_PRESENT;
    LeaveCriticalSection(&w->lock);
    if (changes != 0) say("note: %u events came while idle\n", (unsigned)changes);
  }
  if (watcher_stop(w) != 0) goto cleanup;
  {
    double seconds = (wall1 - wall0) / 1000.0;
    double t = thread1 - thread0;
    double p = process1 - process0;
    say("\nIdle: %u fixtures x %u windows (%u top-level windows), default interval, %.1f s\n",
        o->idle_fixtures, o->idle_windows, o->idle_fixtures * o->idle_windows, seconds);
    say("%-28s %14s %14s  %-6s %s\n", "", "CPU ms/minute", "% of one core", "goal", "met");
    say("%-28s %14.1f %14.3f  %-6s %s\n", "watching thread", t * 60.0 / seconds,
        t / (seconds * 10.0), "< 1%", t / (seconds * 10.0) < 1.0 ? "yes" : "no");
    say("%-28s %14.1f %14.3f\n", "whole benchmark process", p * 60.0 / seconds,
        p / (seconds * 10.0));
  }
  status = 0;

cleanup:
  watcher_abort(w, status);
  watcher_free(w);
  free(pids);
  fixtures_stop(&set);
  return status;
}

/* ---- 3. Load ------------------------------------------------------------------------------- */

typedef struct load_change {
  unsigned long pid;
  double t_ms;
  int type;
  char title[TITLE_LEN]; /* the title it sets (retitle, open); empty for a close */
} load_change;

typedef struct app_state {
  unsigned long pid;
  long long start;
  int open;
  char title[TITLE_LEN];
} app_state;

static int is_ours(const unsigned long *pids, size_t count, unsigned long pid) {
  size_t i;
  for (i = 0; i < count; i++)
    if (pids[i] == pid) return 1;
  return 0;
}

/* Replays w's events for our pids over the present set and compares with a fresh listing.
 * Returns 0 when they agree; 1 (after saying how) when they do not; -1 on a failure. */
static int replay_matches(watcher *w, const unsigned long *pids, size_t pid_count) {
  app_state *apps = calloc(w->count + 1, sizeof *apps);
  size_t app_count = 0;
  listapps_snapshot *final = NULL;
  size_t open_count = 0;
  size_t listed = 0;
  int status = -1;
  size_t i;

  if (apps == NULL) return -1;
  for (i = 0; i < w->count; i++) {
    const seen_event *e = &w->events[i];
    app_state *a = NULL;
    size_t k;
    if (!is_ours(pids, pid_count, e->pid)) continue;
    for (k = 0; k < app_count; k++)
      if (apps[k].pid == e->pid && apps[k].start == e->start) a = &apps[k];
    if (e->kind == LISTAPPS_EVENT_PRESENT || e->kind == LISTAPPS_EVENT_OPENED) {
      if (a != NULL && a->open) {
        say("MISSED: PID %lu opened twice in a row\n", e->pid);
        status = 1;
      }
      if (a == NULL) {
        a = &apps[app_count++];
        a->pid = e->pid;
        a->start = e->start;
      }
      a->open = 1;
      snprintf(a->title, sizeof a->title, "%s", e->title);
    } else if (e->kind == LISTAPPS_EVENT_CLOSED || e->kind == LISTAPPS_EVENT_TITLE) {
      if (a == NULL || !a->open) {
        say("MISSED: PID %lu %s while not open\n", e->pid, listapps_event_name(e->kind));
        status = 1;
        continue;
      }
      if (e->kind == LISTAPPS_EVENT_CLOSED)
        a->open = 0;
      else
        snprintf(a->title, sizeof a->title, "%s", e->title);
    }
  }
  if (listapps_snapshot_take(NULL, &final, NULL) != LISTAPPS_OK) goto cleanup;
  for (i = 0; i < app_count; i++) open_count += apps[i].open != 0;
  for (i = 0; i < listapps_snapshot_count(final); i++) {
    long long pid = 0;
    const char *title = NULL;
    app_state *a = NULL;
    size_t k;
    listapps_snapshot_get_integer(final, i, LISTAPPS_FIELD_PID, &pid);
    if (!is_ours(pids, pid_count, (unsigned long)pid)) continue;
    listed++;
    listapps_snapshot_get_string(final, i, LISTAPPS_FIELD_TITLE, &title);
    for (k = 0; k < app_count; k++)
      if (apps[k].pid == (unsigned long)pid && apps[k].open) a = &apps[k];
    if (a == NULL) {
      say("MISSED: PID %lld is listed (\"%s\") but the events left it closed\n", pid,
          title != NULL ? title : "");
      status = 1;
    } else if (strcmp(a->title, title != NULL ? title : "") != 0) {
      say("MISSED: PID %lld is listed as \"%s\" but the events say \"%s\"\n", pid,
          title != NULL ? title : "", a->title);
      status = 1;
    }
  }
  if (listed != open_count) {
    say("MISSED: %u of our Apps listed, the events leave %u open\n", (unsigned)listed,
        (unsigned)open_count);
    status = 1;
  }
  if (status < 0) status = 0;

cleanup:
  listapps_snapshot_free(final);
  free(apps);
  return status;
}

static int run_load(const wchar_t *exe, const bench_options *o) {
  enum { FIXTURES = 10, OPEN_CLOSE_FIXTURES = 2 };
  unsigned total = o->rate * o->load_seconds;
  fixture_set set = {NULL, 0};
  load_change *changes = calloc(total, sizeof *changes);
  int oc_open[FIXTURES];
  unsigned oc_window[FIXTURES];
  unsigned oc_next[FIXTURES];
  unsigned long *pids = NULL;
  samples latency = {NULL, 0, 0};
  unsigned reported[CHANGE_TYPES] = {0};
  unsigned made[CHANGE_TYPES] = {0};
  watcher *w = NULL;
  size_t first_change_event;
  double thread0, process0, thread1, process1;
  ULONGLONG t0, t1;
  int status = -1;
  int replay;
  unsigned n;
  size_t i;

  if (changes == NULL) goto cleanup;
  for (i = 0; i < FIXTURES; i++) {
    oc_open[i] = 1;
    oc_window[i] = 0;
    oc_next[i] = 1;
  }
  if (fixtures_start(&set, exe, "Load", FIXTURES, 1) != 0) goto cleanup;
  w = watcher_start(0);
  if (w == NULL) goto cleanup;
  if (fixtures_pids(&set, &pids) != 0 || watcher_wait_present(w, pids, set.count) != 0)
    goto cleanup;
  Sleep(1500);
  first_change_event = watcher_count(w);
  thread0 = thread_cpu_ms(w->thread);
  process0 = process_cpu_ms();
  t0 = GetTickCount64();
  for (n = 0; n < total; n++) {
    unsigned f = n % FIXTURES;
    load_change *c = &changes[n];
    test_process *p = &set.p[f];
    char cmd[160];
    unsigned long long when = 0;
    ULONGLONG due = t0 + (ULONGLONG)n * 1000u / o->rate;
    ULONGLONG now = GetTickCount64();

    if (now < due) Sleep((DWORD)(due - now));
    if (f < FIXTURES - OPEN_CLOSE_FIXTURES) {
      c->type = CHANGE_TITLE;
      snprintf(c->title, sizeof c->title, "Load %u c%u", f, n);
      snprintf(cmd, sizeof cmd, "title 0 %s", c->title);
    } else if (oc_open[f]) {
      c->type = CHANGE_CLOSE;
      snprintf(cmd, sizeof cmd, "close %u", oc_window[f]);
      oc_open[f] = 0;
    } else {
      c->type = CHANGE_OPEN;
      snprintf(c->title, sizeof c->title, "Load %u c%u", f, n);
      snprintf(cmd, sizeof cmd, "open visible:%s", c->title);
      oc_window[f] = oc_next[f]++;
      oc_open[f] = 1;
    }
    if (test_process_command(p, cmd, COMMAND_TIMEOUT_MS, &when) != 0) {
      say("fixture %lu: \"%s\" failed: %s\n", p->pid, cmd, p->failure);
      goto cleanup;
    }
    c->pid = p->pid;
    c->t_ms = filetime_to_unix_ms(when);
    made[c->type]++;
  }
  t1 = GetTickCount64();
  thread1 = thread_cpu_ms(w->thread);
  process1 = process_cpu_ms();
  /* Two intervals: the last changes are certainly looked at. */
  Sleep(2500);
  if (watcher_stop(w) != 0) goto cleanup;
  replay = replay_matches(w, pids, set.count);
  if (replay < 0) goto cleanup;

  /* Latency of each reported change: a title or an open names its change by its unique title;
   * a close is the latest close of that PID before the event. */
  for (i = first_change_event; i < w->count; i++) {
    const seen_event *e = &w->events[i];
    const load_change *match = NULL;
    unsigned k;
    if (!is_ours(pids, set.count, e->pid)) continue;
    for (k = 0; k < total; k++) {
      const load_change *c = &changes[k];
      if (c->pid != e->pid) continue;
      if (e->kind == LISTAPPS_EVENT_CLOSED) {
        if (c->type == CHANGE_CLOSE && c->t_ms <= (double)e->time_ms + 1.0) match = c;
      } else if (c->title[0] != '\0' && strcmp(c->title, e->title) == 0) {
        match = c;
      }
    }
    if (match == NULL) continue;
    reported[match->type]++;
    if (samples_add(&latency, (double)e->time_ms - match->t_ms) != 0) goto cleanup;
  }
  {
    double seconds = (double)(t1 - t0) / 1000.0;
    double p50 = percentile(&latency, 50.0);
    double p99 = percentile(&latency, 99.0);
    double max = latency.count > 0 ? latency.values[latency.count - 1] : 0.0;
    say("\nLoad: %u changes in %.1f s (%.1f/s; asked %u/s) across %u fixtures, default interval\n",
        total, seconds, (double)total / seconds, o->rate, FIXTURES);
    say("%-28s %14s %14s\n", "", "CPU ms/second", "% of one core");
    say("%-28s %14.1f %14.2f\n", "watching thread", (thread1 - thread0) / seconds,
        (thread1 - thread0) / (seconds * 10.0));
    say("%-28s %14.1f %14.2f\n", "whole benchmark process", (process1 - process0) / seconds,
        (process1 - process0) / (seconds * 10.0));
    say("changes reported: retitle %u of %u, close %u of %u, open %u of %u (a change undone or "
        "overwritten before the next look is not an event)\n",
        reported[CHANGE_TITLE], made[CHANGE_TITLE], reported[CHANGE_CLOSE], made[CHANGE_CLOSE],
        reported[CHANGE_OPEN], made[CHANGE_OPEN]);
    say("latency of the reported changes, ms: n %u, p50 %.1f, p99 %.1f, max %.1f\n",
        (unsigned)latency.count, p50, p99, max);
    say("final state: %s\n", replay == 0 ? "the events replay to a fresh listing (nothing missed)"
                                         : "MISMATCH with a fresh listing");
  }
  status = replay;

cleanup:
  watcher_abort(w, status);
  watcher_free(w);
  samples_free(&latency);
  free(pids);
  free(changes);
  fixtures_stop(&set);
  return status;
}

/* ---- Main ----------------------------------------------------------------------------------- */

int wmain(int argc, wchar_t **argv);

int wmain(int argc, wchar_t **argv) {
  bench_options o;
  wchar_t *exe = NULL;
  run_result runs[5];
  size_t run_count = 0;
  int failed = 0;
  int status;
  size_t i;

  /* Out of the launcher's tree, so the window hosts are Apps of their own even when the
   * benchmark is started from a console window (an App): see tests/support/test_detach.h. */
  test_detach_from_launcher();
  setvbuf(stdout, NULL, _IOFBF, 1 << 16);
  status = parse_options(argc, argv, &o);
  if (status != 0) return status;
  exe = test_path_beside_self(L"fixture_en.exe");
  if (exe == NULL) return 1;
  if (GetFileAttributesW(exe) == INVALID_FILE_ATTRIBUTES) {
    fprintf(stderr, "watch_bench: no fixture_en.exe beside it\n");
    free(exe);
    return 1;
  }
  say("watch_bench: listapps %s%s\n", listapps_version(), o.quick ? " (quick)" : "");
  memset(runs, 0, sizeof runs);
  if (!o.idle_only) {
    static const unsigned full[] = {1000u, 200u, HOOK_INTERVAL_MS};
    static const unsigned quick[] = {200u, HOOK_INTERVAL_MS};
    const unsigned *intervals = o.quick ? quick : full;
    size_t count = o.focus_only ? 0 : o.quick ? 2 : 3;
    for (i = 0; i < count; i++) {
      int r;
      say("latency run, interval %u ms, %u changes...\n", intervals[i], o.changes);
      r = run_latency(exe, &o, intervals[i], intervals[i] == HOOK_INTERVAL_MS, &runs[run_count]);
      run_count++;
      if (r != 0) failed = 1;
    }
    /* Focus: at the default interval, and with no periodic look to help. */
    {
      static const unsigned focus_full[] = {1000u, HOOK_INTERVAL_MS};
      size_t focus_count = o.quick ? 1 : 2;
      for (i = 0; i < focus_count; i++) {
        say("focus run, interval %u ms, %u changes...\n", focus_full[i], o.changes);
        if (run_focus(exe, &o, focus_full[i], &runs[run_count]) != 0) failed = 1;
        run_count++;
      }
    }
    print_latency_header();
    for (i = 0; i < run_count; i++) print_latency(&runs[i]);
  }
  if (!o.focus_only && run_idle(exe, &o) != 0) failed = 1;
  if (!o.idle_only && !o.focus_only && run_load(exe, &o) != 0) failed = 1;
  for (i = 0; i < run_count; i++) free_run(&runs[i]);
  free(exe);
  say("\n%s\n", failed ? "watch_bench: FAILED (a change was never reported, or a run failed)"
                       : "watch_bench: every change was reported");
  return failed;
}
