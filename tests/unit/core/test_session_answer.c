/* A sessions listing's helper answer: written and read back, every malformed form refused, and
 * the merge of sessions x window facts x snapshot into the listing's windows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/session_answer.h"
#include "core/text.h"
#include "suite.h"

static la_window window_of(uintptr_t hwnd, unsigned long pid, int hung, const char *cls,
                           const char *title) {
  la_window w;

  memset(&w, 0, sizeof w);
  w.hwnd = hwnd;
  w.pid = pid;
  w.hung = hung;
  w.class_name = cls != NULL ? la_strdup(cls) : NULL;
  w.title = la_strdup(title);
  return w;
}

/* Reads text (a C string); returns the error and the problem. */
static int read_text(const char *text, la_session_answer *a, char *problem, size_t size) {
  return la_session_answer_read(text, strlen(text), a, problem, size);
}

START_TEST(test_round_trip) {
  la_window w[3];
  la_session_answer a;
  char problem[160];
  char *text;
  size_t len;
  size_t i;

  w[0] = window_of(0x10, 100, 0, "Notepad", "notes.txt - Notepad");
  w[1] = window_of((uintptr_t)0xFFFFFFFFull, 4294967295ul, 1, NULL, "\xE2\x9C\x93 \"quoted\" \n x");
  w[2] = window_of(0x30, 7, 0, "A B", "\xEF\xBF\xBD lone");
  ck_assert_int_eq(la_session_answer_write(w, 3, 42, &text, &len), 0);
  ck_assert_uint_eq(strlen(text), len);
  ck_assert_int_eq(la_session_answer_read(text, len, &a, problem, sizeof problem), 0);
  ck_assert_uint_eq(a.shell_pid, 42);
  ck_assert_uint_eq(a.window_count, 3);
  for (i = 0; i < 3; i++) {
    ck_assert_uint_eq(a.windows[i].hwnd, w[i].hwnd);
    ck_assert_uint_eq(a.windows[i].pid, w[i].pid);
    ck_assert_int_eq(a.windows[i].hung, w[i].hung);
    ck_assert_str_eq(a.windows[i].title, w[i].title);
    if (w[i].class_name == NULL)
      ck_assert_ptr_null(a.windows[i].class_name);
    else
      ck_assert_str_eq(a.windows[i].class_name, w[i].class_name);
    free(w[i].title);
    free(w[i].class_name);
  }
  la_session_answer_free(&a);
  free(text);

  /* No window at all. */
  ck_assert_int_eq(la_session_answer_write(NULL, 0, 0, &text, &len), 0);
  ck_assert_str_eq(text, "listapps-session 1\nshell 0\nend 0\n");
  ck_assert_int_eq(read_text(text, &a, problem, sizeof problem), 0);
  ck_assert_uint_eq(a.window_count, 0);
  la_session_answer_free(&a);
  free(text);
}
END_TEST

START_TEST(test_malformed_answers_are_refused) {
  static const struct {
    const char *text;
    const char *problem;
  } bad[] = {
      {"", "wrote nothing"},
      {"HTTP/1.1 200 OK\r\n", "does not start with"},
      {"listapps-session 2\nshell 0\nend 0\n", "does not start with"},
      {"listapps-session 1\r\nshell 0\nend 0\n", "does not start with"},
      {"listapps-session 1\nshell 0\nend 0", "malformed at line 3"},
      {"listapps-session 1\nshell 0\n", "malformed at line 3"},
      {"listapps-session 1\nshell -1\nend 0\n", "malformed at line 2"},
      {"listapps-session 1\nshell 4294967296\nend 0\n", "malformed at line 2"},
      {"listapps-session 1\nshell 0\nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nend 0\nextra\n", "more after its end"},
      {"listapps-session 1\nshell 0\nwindow 0 1 0 - 41\nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nwindow 1 1 2 - 41\nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nwindow 1 1 0 - \nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nwindow 1 1 0 - -\nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nwindow 1 1 0 - 4\nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nwindow 1 1 0 - 4G\nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nwindow 1 1 0 - 41 42\nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nwindow 1 1 0 -  41\nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nwindow 1 1 0 - 0041\nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nwindow 1 1 0 - ff\nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nwindow 1 1 0 - c0af\nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nwindow 1A 1 0 - 41\nend 1\n", "malformed at line 3"},
      {"listapps-session 1\nshell 0\nwindow 11111111111111111 1 0 - 41\nend 1\n",
       "malformed at line 3"},
  };
  size_t i;

  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    la_session_answer a;
    char problem[160];
    ck_assert_msg(read_text(bad[i].text, &a, problem, sizeof problem) == LISTAPPS_EINVAL,
                  "case %u taken", (unsigned)i);
    ck_assert_msg(strstr(problem, bad[i].problem) != NULL, "case %u: '%s' not in '%s'",
                  (unsigned)i, bad[i].problem, problem);
    ck_assert_ptr_null(a.windows);
    ck_assert_uint_eq(a.window_count, 0);
  }
}
END_TEST

START_TEST(test_caps) {
  size_t big = LA_SESSION_ANSWER_MAX_BYTES + 1;
  char *text = malloc(big);
  la_session_answer a;
  char problem[160];
  char *p;
  size_t n;

  /* More bytes than the cap: refused before anything is read. */
  ck_assert_ptr_nonnull(text);
  memset(text, 'A', big);
  ck_assert_int_eq(la_session_answer_read(text, big, &a, problem, sizeof problem),
                   LISTAPPS_EINVAL);
  ck_assert_ptr_nonnull(strstr(problem, "more than"));
  /* More windows than the cap, within the bytes. */
  p = text;
  p += sprintf(p, "listapps-session 1\nshell 0\n");
  for (n = 0; n <= LA_SESSION_ANSWER_MAX_WINDOWS; n++) p += sprintf(p, "window 1 1 0 - 41\n");
  p += sprintf(p, "end %u\n", LA_SESSION_ANSWER_MAX_WINDOWS + 1);
  ck_assert_uint_le((size_t)(p - text), LA_SESSION_ANSWER_MAX_BYTES);
  ck_assert_int_eq(la_session_answer_read(text, (size_t)(p - text), &a, problem, sizeof problem),
                   LISTAPPS_EINVAL);
  ck_assert_ptr_nonnull(strstr(problem, "more than"));
  free(text);
}
END_TEST

/* A snapshot of processes: pid[i] in session[i]; the last one not in the snapshot (an App gone
 * by then). */
static void snapshot_of(la_facts *f, const unsigned long *pid, const unsigned long *session,
                        size_t count) {
  size_t i;

  memset(f, 0, sizeof *f);
  f->procs = calloc(count, sizeof *f->procs);
  ck_assert_ptr_nonnull(f->procs);
  f->proc_count = count;
  for (i = 0; i < count; i++) {
    f->procs[i].pid = pid[i];
    f->procs[i].session_id = session[i];
    f->procs[i].in_snapshot = i + 1 < count;
    f->procs[i].version = LA_NO_INDEX;
  }
}

START_TEST(test_merge_keeps_what_the_snapshot_shows_in_the_session) {
  const unsigned long pid[] = {100, 200, 300, 400};
  const unsigned long session[] = {2, 2, 3, 2};
  la_session_answer a;
  la_facts f;
  size_t dropped = 0;

  snapshot_of(&f, pid, session, 4);
  /* The caller's own window comes first. */
  f.windows = malloc(sizeof *f.windows);
  ck_assert_ptr_nonnull(f.windows);
  f.windows[0] = window_of(0x1, 300, 0, "C", "own");
  f.window_count = 1;
  memset(&a, 0, sizeof a);
  a.windows = malloc(5 * sizeof *a.windows);
  ck_assert_ptr_nonnull(a.windows);
  a.windows[0] = window_of(0x10, 100, 0, "C", "kept first");
  a.windows[1] = window_of(0x20, 300, 0, "C", "another session's process");
  a.windows[2] = window_of(0x30, 999, 0, "C", "no such process");
  a.windows[3] = window_of(0x40, 400, 0, "C", "not in the snapshot");
  a.windows[4] = window_of(0x50, 200, 1, NULL, "kept second");
  a.window_count = 5;
  ck_assert_int_eq(la_merge_session_windows(&f, 2, &a, &dropped), 0);
  ck_assert_uint_eq(dropped, 3);
  ck_assert_ptr_null(a.windows);
  ck_assert_uint_eq(a.window_count, 0);
  ck_assert_uint_eq(f.window_count, 3);
  ck_assert_str_eq(f.windows[0].title, "own");
  ck_assert_str_eq(f.windows[1].title, "kept first");
  ck_assert_uint_eq(f.windows[1].pid, 100);
  ck_assert_str_eq(f.windows[2].title, "kept second");
  ck_assert_int_eq(f.windows[2].hung, 1);
  ck_assert_ptr_null(f.windows[2].class_name);
  la_facts_free(&f);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("session_answer");
  TCase *answer = tcase_create("answer");
  TCase *merge = tcase_create("merge");

  tcase_add_test(answer, test_round_trip);
  tcase_add_test(answer, test_malformed_answers_are_refused);
  tcase_add_test(answer, test_caps);
  tcase_add_test(merge, test_merge_keeps_what_the_snapshot_shows_in_the_session);
  suite_add_tcase(s, answer);
  suite_add_tcase(s, merge);
  return s;
}
