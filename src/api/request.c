/* A listing's request and the snapshot made for it. See request.h. */
#include "api/request.h"

#include <stdlib.h>
#include <string.h>

#include "core/field_registry.h"
#include "core/sized.h"

/* The CPU sample when the caller names none, as Task Manager's normal update speed. */
#define DEFAULT_INTERVAL_MS 1000u
#define MAX_INTERVAL_MS 60000u

/* The caller's options, read as far as their size reaches (the members past it keep the
 * defaults of LISTAPPS_OPTIONS_INIT), then checked. */
int la_read_request(const listapps_options *options, la_request *r) {
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  size_t i;

  memset(r, 0, sizeof *r);
  if (la_read_sized(&o, sizeof o, options) != 0) return LISTAPPS_EINVAL;
  if ((o.flags & ~(LISTAPPS_LIST_ALL | LISTAPPS_LIST_SESSIONS | LISTAPPS_LIST_FOREGROUND |
                   LISTAPPS_LIST_PRIVATE | LISTAPPS_LIST_RECORD)) != 0)
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

/* Makes the snapshot from a listing's facts and plan: the rows in the order asked for, then
 * the filters. Frees the facts and the plan whatever happens. */
int la_make_snapshot(la_facts *facts, la_plan *plan, const la_request *r, listapps_snapshot **out,
                     la_error *e) {
  listapps_snapshot *s = calloc(1, sizeof *s);
  int err = 0;

  *out = NULL;
  if (s == NULL ||
      la_assemble_planned(facts, plan, r->flags & ~LISTAPPS_LIST_RECORD, r->sort_field,
                          r->sort_descending, &s->rows) != 0 ||
      la_filter_rows(&s->rows, &r->filter) != 0)
    err = la_fail_nomem(e);
  /* A listing of sessions, named or all, says so (the table's Session, Prometheus's labels). */
  if (err == 0 && (r->sessions.all || r->sessions.count > 0 || s->rows.session_count > 0))
    s->rows.flags |= LISTAPPS_LIST_SESSIONS;
  if (err == 0 && (r->flags & LISTAPPS_LIST_PRIVATE)) forget_users(&s->rows);
  la_facts_free(facts);
  la_plan_free(plan);
  if (err != 0 && s != NULL) {
    la_rows_free(&s->rows);
    free(s);
    s = NULL;
  }
  *out = s;
  return err;
}
