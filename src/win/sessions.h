/*
 * The desktop a listing runs on, and the other users' sessions it may list. Windows belong to a
 * session's window station: a process on a window station that is not interactive, or in
 * session 0 (services, SYSTEM tasks), sees none of a user's windows:
 * https://learn.microsoft.com/windows/win32/winstation/window-stations
 * A sessions listing reads another session's windows through a helper, listapps.exe
 * --session-helper, started in that session with its user's token; its answer is read as the
 * untrusted text it is (core/session_answer.h).
 */
#ifndef LA_WIN_SESSIONS_H
#define LA_WIN_SESSIONS_H

#include <stddef.h>

#include "core/error.h"
#include "core/facts.h"

/* How long a session's helper has to answer; the helpers of several sessions run at once. */
#define LA_SESSION_HELPER_TIMEOUT_MS 10000u

/* The caller's own desktop. */
typedef struct la_desktop {
  int interactive; /* its window station is WSF_VISIBLE and its session is not 0 */
  unsigned long session_id;
} la_desktop;

/* Reads whether the caller's window station shows a user's windows: two requests at most.
 * Returns 0, or LISTAPPS_ENODESKTOP (with the station and session in e's detail) when check is
 * set and it does not. */
int la_desktop_read(la_desktop *d, int check, la_error *e);

/* The sessions a listing names: with all, every Active or Disconnected session with a signed-in
 * user other than session 0 (or, where the system lists none, as Wine does, the console
 * session); else the count ids, each of which must be such a session. Fills *out (ascending,
 * listed 0, the user's DOMAIN\name when known). Returns 0; LISTAPPS_ENOMEM; LISTAPPS_EENUM when
 * the sessions cannot be enumerated; LISTAPPS_ENOSESSION (the ID in detail) for an ID that
 * names no such session. */
int la_sessions_resolve(int all, const unsigned long *ids, size_t count, la_session_status **out,
                        size_t *out_count, la_error *e);

/* The helpers of a sessions listing, running. */
typedef struct la_helpers la_helpers;

/* Starts a helper in each of the count sessions except own_session (read directly; pass
 * (unsigned long)-1 for none), all at once. A session whose helper cannot start gets its
 * problem in sessions[i]. Returns 0 or LISTAPPS_ENOMEM; *out is NULL when no helper started. */
int la_helpers_start(la_session_status *sessions, size_t count, unsigned long own_session,
                     la_helpers **out);

/* Waits for the helpers (LA_SESSION_HELPER_TIMEOUT_MS from their start at most), ends any
 * still running, reads each answer strictly and merges its windows into f (those whose process
 * f's snapshot shows in that session), setting each session's listed or problem. Frees h (NULL
 * is accepted). No helper runs after it returns. Returns 0 or LISTAPPS_ENOMEM. */
int la_helpers_finish(la_helpers *h, la_session_status *sessions, size_t count, la_facts *f);

/* Ends the helpers and frees h without reading them (a listing that failed). */
void la_helpers_abort(la_helpers *h);

/* The helper's side: the qualifying windows of the caller's desktop, with their hung state, and
 * its shell's process, written to output (a HANDLE) as an answer. Returns 0, LISTAPPS_ENOMEM,
 * LISTAPPS_EENUM, or LISTAPPS_EWRITE when output refused the text. */
int la_serve_session_helper(void *output, la_error *e);

#endif
