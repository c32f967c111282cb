/* A listing's request, read from the caller's options and checked, and the snapshot made from
 * the facts gathered for it (live, api/take.c) or read from a recording (api/replay.c). */
#ifndef LA_REQUEST_H
#define LA_REQUEST_H

#include "api/snapshot.h"
#include "core/assemble.h"
#include "core/error.h"
#include "core/filter.h"
#include "listapps.h"
#include "win/facts.h"

/* What a caller asked for, checked. */
typedef struct la_request {
  unsigned int flags;
  unsigned needs; /* LA_NEED_* of the fields asked for and the sort field */
  la_filter filter;
  int sort_field; /* -1: Name, then PID */
  int sort_descending;
  unsigned interval_ms;
  la_session_request sessions;
} la_request;

/* The CPU sample when the caller names none, as Task Manager's normal update speed. */
#define DEFAULT_INTERVAL_MS 1000u
#define MAX_INTERVAL_MS 60000u

/* The caller's options (NULL for LISTAPPS_OPTIONS_INIT), read as far as their size reaches and
 * checked. Returns 0 or LISTAPPS_EINVAL. */
int la_read_request(const listapps_options *options, la_request *r);

/* Makes the snapshot from a listing's facts and plan: the rows in the order asked for, then the
 * filters. Frees the facts and the plan whatever happens. Returns 0 or LISTAPPS_ENOMEM (*out is
 * NULL then). */
int la_make_snapshot(la_facts *facts, la_plan *plan, const la_request *r, listapps_snapshot **out,
                     la_error *e);

#endif
