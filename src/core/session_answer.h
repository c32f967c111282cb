/*
 * A sessions listing's helper and its answer. The helper (listapps.exe --session-helper, run in
 * another user's session) reads its desktop's qualifying windows and writes them as text; the
 * listing reads that text strictly, as the untrusted input it is, and keeps only the windows
 * whose process its own process snapshot shows in that session. Pure C.
 *
 * The answer, UTF-8 lines ending in LF:
 *   listapps-session 1
 *   shell PID                     (the process of the session's shell window; 0 for none)
 *   window HWND PID HUNG CLASS TITLE   (one per qualifying window, topmost first)
 *   end COUNT                     (the number of window lines)
 * HWND is hexadecimal; PID and COUNT decimal; HUNG 0 or 1; CLASS and TITLE the UTF-8 bytes in
 * hexadecimal (CLASS "-" when it could not be read). Nothing follows the end line.
 */
#ifndef LA_SESSION_ANSWER_H
#define LA_SESSION_ANSWER_H

#include <stddef.h>

#include "core/facts.h"
#include "core/row.h"

/* The most a helper may write, and the most windows it may name: a real desktop has a few
 * hundred windows; a larger answer is refused whole. */
#define LA_SESSION_ANSWER_MAX_BYTES ((size_t)8 << 20)
#define LA_SESSION_ANSWER_MAX_WINDOWS 100000u

/* What one helper answered. */
typedef struct la_session_answer {
  unsigned long shell_pid;
  la_window *windows; /* topmost first; strings malloc'd */
  size_t window_count;
} la_session_answer;

/* Writes the answer for windows (count of them) and shell_pid into *text (malloc'd,
 * NUL-terminated; its length in *len). Returns 0 or LISTAPPS_ENOMEM. */
int la_session_answer_write(const la_window *windows, size_t count, unsigned long shell_pid,
                            char **text, size_t *len);

/* Reads an answer of len bytes into *out (zeroed first). Returns 0; LISTAPPS_ENOMEM; or
 * LISTAPPS_EINVAL when the text is not an answer, with why in problem (NUL-terminated, cut to
 * problem_size). On failure *out is empty. */
int la_session_answer_read(const char *text, size_t len, la_session_answer *out, char *problem,
                           size_t problem_size);

/* Frees what an answer holds and zeroes it. */
void la_session_answer_free(la_session_answer *answer);

/* Appends to f->windows the windows of answer (session session_id) whose process is in f's
 * process snapshot and runs in that session, and drops the others; the answer's windows are
 * moved (the answer is left empty). *dropped counts the windows dropped. Returns 0 or
 * LISTAPPS_ENOMEM (then f->windows is as it was, and the answer still owns its windows). */
int la_merge_session_windows(la_facts *f, unsigned long session_id, la_session_answer *answer,
                             size_t *dropped);

#endif
