/*
 * listapps_watch: a listing, then a new one whenever a window event or a process exit says
 * something changed (within 50 ms, so a burst is looked at once) and at least every interval;
 * each compared with the last (core/watch_diff.c) and the differences handed out as events.
 * Between looks the foreground window alone is asked for every LA_FOCUS_POLL_MS (on a thread of
 * its own, win/watch_signals.c), and a focus change makes a look at once.
 * The looks share a memory (win/watch_memory.h), so each reads again only what may have
 * changed: windows' styles and titles, the process snapshot, and new processes.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/error_info.h"
#include "api/list_stats.h"
#include "api/snapshot.h"
#include "core/error.h"
#include "core/field_registry.h"
#include "core/sized.h"
#include "core/watch_diff.h"
#include "win/facts.h"
#include "win/watch_memory.h"
#include "win/watch_signals.h"

/* How long after a first signal the watch waits for the rest of a burst. */
#define COALESCE_MS 50u
/* How often a stop flag is looked at. */
#define POLL_MS 50u
#define DEFAULT_INTERVAL_MS 1000u
#define MAX_INTERVAL_MS 60000u
/* Status and Foreground, which every listing reads besides the event's fields, for status and
 * focus events. */
static const int watched_fields[] = {LISTAPPS_FIELD_STATUS, LISTAPPS_FIELD_FOREGROUND};

typedef struct watch {
  listapps_options list; /* the caller's, with the event fields added */
  int fields[LISTAPPS_FIELD_COUNT];
  listapps_watch_callback callback;
  void *context;
  unsigned long events; /* other than present */
  unsigned long max_events;
  la_watch_signals *signals;
  la_watch_memory memory; /* what one look keeps for the next */
} watch;

/* Hands one event to the callback. Returns 0, or LISTAPPS_EWRITE when the callback stops. */
static int emit(watch *w, int kind, const listapps_snapshot *s, size_t row) {
  listapps_event e;

  e.size = sizeof e;
  e.kind = kind;
  e.time_ms = la_now_ms();
  e.snapshot = s;
  e.row = row;
  if (w->callback(w->context, &e) != 0) return LISTAPPS_EWRITE;
  if (kind != LISTAPPS_EVENT_PRESENT) w->events++;
  return 0;
}

/* One look: a new listing compared with the last, its differences handed out. A look that
 * signals alone asked for (partial) reads again only the windows their events named, when no
 * process exited and the burst named few enough; the periodic look reads every window. */
static int look_again(watch *w, int partial, listapps_snapshot **last, listapps_error_info *error) {
  listapps_snapshot *now = NULL;
  la_change *changes = NULL;
  uintptr_t touched[LA_TOUCHED_MAX];
  size_t count = 0;
  size_t i;
  int err;

  w->memory.partial = !la_signals_take(w->signals, touched, &w->memory.touched_count) && partial;
  w->memory.touched = touched;
  err = la_snapshot_take_remembering(&w->list, &now, error, NULL, &w->memory);
  w->memory.partial = 0;
  w->memory.touched = NULL;
  w->memory.touched_count = 0;

  if (err != 0) return err;
  err = la_watch_diff(&(*last)->rows, &now->rows, &changes, &count);
  for (i = 0; i < count && err == 0; i++) {
    if (w->max_events != 0 && w->events >= w->max_events) break;
    err = emit(w, changes[i].kind, changes[i].in_old ? *last : now, changes[i].row);
  }
  free(changes);
  listapps_snapshot_free(*last);
  *last = now;
  return err;
}

static int open_memory(la_watch_memory *m, la_watch_signals *signals) {
  m->versions = la_version_cache_new();
  m->processes = la_held_processes_new(la_signals_notify, signals);
  m->windows = la_window_memory_new();
  return m->versions != NULL && m->processes != NULL && m->windows != NULL ? 0 : LISTAPPS_ENOMEM;
}

static void close_memory(la_watch_memory *m) {
  la_held_processes_free(m->processes);
  la_version_cache_free(m->versions);
  la_window_memory_free(m->windows);
}

/* The caller's options, each struct read as far as its size reaches, into *o (full size) and
 * w->list; then checked. */
static int read_watch_options(const listapps_watch_options *options, watch *w,
                              listapps_watch_options *o) {
  const listapps_options defaults = LISTAPPS_OPTIONS_INIT;
  listapps_options asked;
  size_t i;
  size_t n;

  w->list = defaults;
  /* Each struct read as far as the caller's size reaches; the rest keep their defaults. */
  if (options == NULL || la_read_sized(o, sizeof *o, options) != 0 ||
      la_read_sized(&w->list, sizeof w->list, o->list) != 0)
    return LISTAPPS_EINVAL;
  /* One desktop: LISTAPPS_LIST_ALL and sessions are refused, as is a sort (events are not a
   * list), and LISTAPPS_LIST_FOREGROUND (focus events follow the App in front). Private
   * listings watch as any other, without titles. */
  if ((w->list.flags & ~LISTAPPS_LIST_PRIVATE) != 0 || w->list.session_count != 0 ||
      w->list.sort_field != -1 || o->interval_ms > MAX_INTERVAL_MS)
    return LISTAPPS_EINVAL;
  if (w->list.field_count > 0 && w->list.fields == NULL) return LISTAPPS_EINVAL;
  for (i = 0; i < w->list.field_count; i++)
    if (la_field_def_of(w->list.fields[i]) == NULL) return LISTAPPS_EINVAL;
  asked = w->list;
  /* The event's fields, Status and Foreground, then those asked for: each field once, so at
   * most LISTAPPS_FIELD_COUNT. */
  n = la_fields_add(w->fields, 0, LISTAPPS_FIELD_COUNT, la_event_fields, la_event_field_count);
  n = la_fields_add(w->fields, n, LISTAPPS_FIELD_COUNT, watched_fields,
                    sizeof watched_fields / sizeof watched_fields[0]);
  if (asked.field_count > 0)
    n = la_fields_add(w->fields, n, LISTAPPS_FIELD_COUNT, asked.fields, asked.field_count);
  w->list.fields = w->fields;
  w->list.field_count = n;
  w->max_events = o->max_events;
  return 0;
}

int listapps_watch(const listapps_watch_options *options, listapps_watch_callback callback,
                   void *context, listapps_error_info *error) {
  la_error e = {LISTAPPS_OK, 0, NULL, {0}};
  listapps_snapshot *last = NULL;
  unsigned long long start;
  unsigned long long next_look;
  unsigned long long dirty_at = 0;
  listapps_watch_options o = LISTAPPS_WATCH_OPTIONS_INIT;
  listapps_error_info listing_error = LISTAPPS_ERROR_INFO_INIT;
  unsigned interval = 0;
  unsigned timeout = 0;
  watch w;
  size_t i;
  int err;

  memset(&w, 0, sizeof w);
  w.callback = callback;
  w.context = context;
  err = callback == NULL ? LISTAPPS_EINVAL : read_watch_options(options, &w, &o);
  interval = o.interval_ms != 0 ? o.interval_ms : DEFAULT_INTERVAL_MS;
  timeout = o.timeout_ms;
  if (err != 0) {
    la_fail(&e, err, NULL, 0);
    la_error_export(&e, error);
    return err;
  }
  err = la_signals_open(&w.signals);
  if (err == 0) err = open_memory(&w.memory, w.signals);
  if (err == 0)
    err = la_snapshot_take_remembering(&w.list, &last, &listing_error, NULL, &w.memory);
  for (i = 0; err == 0 && i < last->rows.count; i++)
    err = emit(&w, LISTAPPS_EVENT_PRESENT, last, i);
  start = la_ticks_ms();
  next_look = start + interval;
  while (err == 0) {
    unsigned long long now = la_ticks_ms();
    unsigned long long due;
    int focus_moved;
    int woke;

    if (o.stop != NULL && *o.stop != 0) break;
    if (timeout != 0 && now - start >= timeout) break;
    if (w.max_events != 0 && w.events >= w.max_events) break;
    /* Wake for the next look (the end of a burst's delay, or the periodic one), the timeout,
     * and, with a stop flag to look at, every POLL_MS. A stop event wakes the wait itself. */
    due = dirty_at != 0 ? dirty_at + COALESCE_MS : next_look;
    if (timeout != 0 && start + timeout < due) due = start + timeout;
    if (o.stop != NULL && now + POLL_MS < due) due = now + POLL_MS;
    woke = la_signals_wait(w.signals, o.stop_event, due > now ? (unsigned)(due - now) : 0u);
    if (woke == LA_SIGNAL_STOP) break;
    if (woke == LA_SIGNAL_CHANGE && dirty_at == 0) dirty_at = la_ticks_ms();
    /* A new window in front: a look now, which reads that window again; but a burst already
     * waiting keeps its delay (a window just created may not be shown yet), and its look reads
     * the window in front too. */
    focus_moved = woke == LA_SIGNAL_FOCUS && dirty_at == 0;
    now = la_ticks_ms();
    /* A burst of signals is one look, COALESCE_MS after its first. */
    if (focus_moved || (dirty_at != 0 && now - dirty_at >= COALESCE_MS) || now >= next_look) {
      int periodic = now >= next_look;
      err = look_again(&w, !periodic, &last, &listing_error);
      dirty_at = 0;
      /* A partial look leaves the other windows as the last full one saw them: the periodic
       * look stays due when it was. */
      if (periodic) next_look = la_ticks_ms() + interval;
    }
  }
  listapps_snapshot_free(last);
  /* The held processes first: their waits call into the signals. */
  close_memory(&w.memory);
  la_signals_close(w.signals);
  /* A listing's failure keeps its cause (the call that failed); any other says its code. */
  if (err != 0 && listing_error.code != LISTAPPS_OK) {
    la_write_sized(error, &listing_error, sizeof listing_error);
  } else {
    if (err != 0) la_fail(&e, err, NULL, 0);
    la_error_export(&e, error);
  }
  return err;
}
