/* listapps_snapshot_take: gather (src/win), decide (src/core), hand out. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/error_info.h"
#include "api/list_stats.h"
#include "api/snapshot.h"
#include "core/assemble.h"
#include "core/error.h"
#include "core/field_registry.h"
#include "core/filter.h"
#include "core/sized.h"
#include "win/facts.h"

/* What a caller asked for, checked. */
typedef struct request {
  unsigned int flags;
  unsigned needs; /* LA_NEED_* of the fields asked for and the sort field */
  la_filter filter;
  int sort_field; /* -1: Name, then PID */
  int sort_descending;
  unsigned interval_ms;
  la_session_request sessions;
} request;

/* The CPU sample when the caller names none, as Task Manager's normal update speed. */
#define DEFAULT_INTERVAL_MS 1000u
#define MAX_INTERVAL_MS 60000u

/* The caller's options, read as far as their size reaches (the members past it keep the
 * defaults of LISTAPPS_OPTIONS_INIT), then checked. */
static int read_options(const listapps_options *options, request *r) {
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  size_t i;

  memset(r, 0, sizeof *r);
  if (la_read_sized(&o, sizeof o, options) != 0) return LISTAPPS_EINVAL;
  if ((o.flags & ~(LISTAPPS_LIST_ALL | LISTAPPS_LIST_SESSIONS | LISTAPPS_LIST_FOREGROUND |
                   LISTAPPS_LIST_PRIVATE)) != 0)
    return LISTAPPS_EINVAL;
  if ((o.field_count > 0 && o.fields == NULL) || (o.pattern_count > 0 && o.patterns == NULL) ||
      (o.pid_count > 0 && o.pids == NULL) || (o.session_count > 0 && o.session_ids == NULL))
    return LISTAPPS_EINVAL;
  /* Every session, or some: not both. */
  if ((o.flags & LISTAPPS_LIST_SESSIONS) && o.session_count > 0) return LISTAPPS_EINVAL;
  r->sessions.all = (o.flags & LISTAPPS_LIST_SESSIONS) != 0;
  r->sessions.ids = o.session_ids;
  r->sessions.count = o.session_count;
  r->flags = o.flags;
  for (i = 0; i < o.field_count; i++) {
    const la_field_def *d = la_field_def_of(o.fields[i]);
    if (d == NULL) return LISTAPPS_EINVAL;
    r->needs |= d->needs;
  }
  for (i = 0; i < o.pattern_count; i++)
    if (o.patterns[i] == NULL || o.patterns[i][0] == '\0') return LISTAPPS_EINVAL;
  r->filter.patterns = o.patterns;
  r->filter.pattern_count = o.pattern_count;
  r->filter.pids = o.pids;
  r->filter.pid_count = o.pid_count;
  /* The App in front is a filter over Foreground, which then must be read. */
  r->filter.foreground = (o.flags & LISTAPPS_LIST_FOREGROUND) != 0;
  if (r->filter.foreground) r->needs |= LA_NEED_FOREGROUND;
  r->sort_field = -1;
  if (o.sort_field != -1) {
    const la_field_def *d = la_field_def_of(o.sort_field);
    if (d == NULL || (d->info.rows & (LISTAPPS_ROWS_APP | LISTAPPS_ROWS_PROCESS)) == 0)
      return LISTAPPS_EINVAL;
    r->needs |= d->needs;
    r->sort_field = o.sort_field;
    r->sort_descending = o.sort_descending != 0;
  }
  /* Private: what is private is not read, whoever asks (so never slower). */
  if (o.flags & LISTAPPS_LIST_PRIVATE) r->needs &= ~(LA_NEED_COMMAND_LINE | LA_NEED_USER);
  if (o.cpu_interval_ms > MAX_INTERVAL_MS) return LISTAPPS_EINVAL;
  r->interval_ms = o.cpu_interval_ms != 0 ? o.cpu_interval_ms : DEFAULT_INTERVAL_MS;
  return 0;
}

/* A private listing hands out no user: the sessions' signed-in users go too. */
static void forget_users(la_rows *rows) {
  size_t i;

  for (i = 0; i < rows->session_count; i++) {
    free(rows->sessions[i].user);
    rows->sessions[i].user = NULL;
  }
}

int la_snapshot_take_counted(const listapps_options *options, listapps_snapshot **out,
                             listapps_error_info *error, la_list_stats *stats) {
  return la_snapshot_take_remembering(options, out, error, stats, NULL);
}

int la_snapshot_take_remembering(const listapps_options *options, listapps_snapshot **out,
                                 listapps_error_info *error, la_list_stats *stats,
                                 struct la_watch_memory *memory) {
  la_error e = {LISTAPPS_OK, 0, NULL, {0}};
  listapps_snapshot *s = NULL;
  la_facts facts;
  la_plan plan;
  request r;
  int err;

  if (stats != NULL) memset(stats, 0, sizeof *stats);
  if (out != NULL) *out = NULL;
  err = out == NULL ? LISTAPPS_EINVAL : read_options(options, &r);
  if (err != 0) {
    la_fail(&e, err, NULL, 0);
    la_error_export(&e, error);
    return err;
  }
  /* On failure la_gather has freed what it gathered; after success the facts are freed here
   * whatever follows. */
  err = la_gather(r.flags, r.needs, r.interval_ms, &r.sessions, memory, &facts, &plan, &e, stats);
  if (err == 0) {
    s = calloc(1, sizeof *s);
    if (s == NULL ||
        la_assemble_planned(&facts, &plan, r.flags, r.sort_field, r.sort_descending, &s->rows) !=
            0 ||
        la_filter_rows(&s->rows, &r.filter) != 0)
      err = la_fail_nomem(&e);
    /* A listing of named sessions is a sessions listing too. */
    if (err == 0 && r.sessions.count > 0) s->rows.flags |= LISTAPPS_LIST_SESSIONS;
    if (err == 0 && (r.flags & LISTAPPS_LIST_PRIVATE)) forget_users(&s->rows);
    la_facts_free(&facts);
    la_plan_free(&plan);
  }
  if (err != 0 && s != NULL) {
    la_rows_free(&s->rows);
    free(s);
    s = NULL;
  }
  *out = s;
  la_error_export(&e, error);
  return err;
}

int listapps_snapshot_take(const listapps_options *options, listapps_snapshot **out,
                           listapps_error_info *error) {
  return la_snapshot_take_counted(options, out, error, NULL);
}
