/*
 * session_helper.h - listapps.exe --session-helper: the side of a sessions listing that runs in
 * another user's session and writes that desktop's windows to standard output.
 */
#ifndef LISTAPPS_CLI_SESSION_HELPER_H
#define LISTAPPS_CLI_SESSION_HELPER_H

/* Writes the helper's answer; returns 0, or 3 when it could not (nothing else is written). */
int cli_session_helper(void);

#endif
