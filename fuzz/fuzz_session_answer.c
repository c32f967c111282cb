/*
 * fuzz_session_answer - a sessions listing's helper answer (core/session_answer.h). The helper
 * runs as another user, who can replace it, so its answer is read as hostile text.
 *
 * Properties, for any bytes:
 *  - la_session_answer_read reads only its len bytes (an exact-size copy: ASan sees any read
 *    past it), and either refuses the text with a problem of one non-empty line and an empty
 *    answer, or gives at most LA_SESSION_ANSWER_MAX_WINDOWS windows, each with a non-empty
 *    title of valid UTF-8 and no NUL;
 *  - an answer it takes, written again, is read back as the same windows (and the same shell);
 *  - merging it into a snapshot keeps exactly the windows whose process the snapshot shows in
 *    the session and drops the rest, with no leak (LeakSanitizer).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/session_answer.h"
#include "fuzz_common.h"

static void check_same(const la_session_answer *a, const la_session_answer *b) {
  size_t i;

  FUZZ_CHECK(a->shell_pid == b->shell_pid, "shell %lu became %lu", a->shell_pid, b->shell_pid);
  FUZZ_CHECK(a->window_count == b->window_count, "%zu windows became %zu", a->window_count,
             b->window_count);
  for (i = 0; i < a->window_count; i++) {
    const la_window *x = &a->windows[i];
    const la_window *y = &b->windows[i];
    FUZZ_CHECK(x->hwnd == y->hwnd && x->pid == y->pid && x->hung == y->hung, "window %zu", i);
    FUZZ_CHECK(strcmp(x->title, y->title) == 0, "window %zu's title", i);
    FUZZ_CHECK((x->class_name == NULL) == (y->class_name == NULL) &&
                   (x->class_name == NULL || strcmp(x->class_name, y->class_name) == 0),
               "window %zu's class", i);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size > 0 ? size : 1);
  char problem[160];
  la_session_answer a;
  la_session_answer again;
  la_facts f;
  char *written = NULL;
  size_t written_len = 0;
  size_t dropped = 0;
  size_t expected = 0;
  size_t i;
  int rc;

  if (text == NULL) return 0;
  if (size > 0) memcpy(text, data, size);
  rc = la_session_answer_read(text, size, &a, problem, sizeof problem);
  free(text);
  if (rc == LISTAPPS_ENOMEM) return 0;
  if (rc != 0) {
    FUZZ_CHECK(rc == LISTAPPS_EINVAL, "read gave %d", rc);
    FUZZ_CHECK(problem[0] != '\0' && strchr(problem, '\n') == NULL, "problem '%s'", problem);
    FUZZ_CHECK(a.windows == NULL && a.window_count == 0, "a refused answer holds windows");
    return 0;
  }
  FUZZ_CHECK(a.window_count <= LA_SESSION_ANSWER_MAX_WINDOWS, "%zu windows", a.window_count);
  for (i = 0; i < a.window_count; i++)
    FUZZ_CHECK(a.windows[i].title != NULL && a.windows[i].title[0] != '\0', "empty title");
  if (la_session_answer_write(a.windows, a.window_count, a.shell_pid, &written, &written_len) ==
      0) {
    FUZZ_CHECK(la_session_answer_read(written, written_len, &again, problem, sizeof problem) == 0,
               "a written answer is refused: %s", problem);
    check_same(&a, &again);
    la_session_answer_free(&again);
    free(written);
  }
  /* A snapshot of PIDs 0..3, PID 2 in another session and PID 3 gone by the snapshot. */
  memset(&f, 0, sizeof f);
  f.procs = calloc(4, sizeof *f.procs);
  if (f.procs != NULL) {
    for (i = 0; i < 4; i++) {
      f.procs[i].pid = (unsigned long)i;
      f.procs[i].session_id = i == 2 ? 9 : 1;
      f.procs[i].in_snapshot = i != 3;
      f.procs[i].version = LA_NO_INDEX;
    }
    f.proc_count = 4;
    for (i = 0; i < a.window_count; i++) expected += a.windows[i].pid <= 1;
    if (la_merge_session_windows(&f, 1, &a, &dropped) == 0) {
      FUZZ_CHECK(f.window_count == expected, "%zu windows kept, %zu expected", f.window_count,
                 expected);
      for (i = 0; i < f.window_count; i++) FUZZ_CHECK(f.windows[i].pid <= 1, "a foreign window");
    }
    la_facts_free(&f);
  }
  la_session_answer_free(&a);
  return 0;
}
