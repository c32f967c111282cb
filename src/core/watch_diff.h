/*
 * The watch's rule: what changed between two listings of the Apps, as events. An App is its
 * PID with its process's start time, so a PID reused by a new process is a new App (closed,
 * then opened). Pure C.
 */
#ifndef LA_WATCH_DIFF_H
#define LA_WATCH_DIFF_H

#include <stddef.h>

#include "core/row.h"

/* One change: kind (enum listapps_event_kind), and the row it is about: in the new rows for
 * opened, title, status and focus; in the old rows for closed. */
typedef struct la_change {
  int kind;
  int in_old; /* row indexes old (closed) rather than new */
  size_t row;
} la_change;

/* The changes from old to new (either may be empty): closed for each old App not in new, then
 * opened for each new App not in old, then for each App in both a title change and a status
 * change, in new's order; last a focus change when the App in front (the row whose Foreground
 * is true) is another: the App now in front, or when none is, the App that left the front if
 * it is still in new (its Foreground false there). *changes is malloc'd (NULL when there are
 * none). Returns 0 or LISTAPPS_ENOMEM. */
int la_watch_diff(const la_rows *old_rows, const la_rows *new_rows, la_change **changes,
                  size_t *count);

#endif
