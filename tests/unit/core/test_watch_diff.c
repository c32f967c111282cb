/* The watch's rule over hand-made listings: opened, closed, title, status, focus, and a reused
 * PID. */
#include <stdlib.h>
#include <string.h>

#include "core/watch_diff.h"
#include "suite.h"

/* rows[i] = App pid[i] started at start[i], titled title[i], with status[i] (NULL: none). */
static void make_rows(la_rows *rows, size_t count, const unsigned long *pid, const long long *start,
                      const char *const *title, const char *const *status) {
  size_t i;

  rows->items = calloc(count > 0 ? count : 1, sizeof *rows->items);
  ck_assert_ptr_nonnull(rows->items);
  rows->count = count;
  rows->flags = 0;
  for (i = 0; i < count; i++) {
    la_row *r = &rows->items[i];
    la_value_set_number(&r->values[LISTAPPS_FIELD_PID], (long long)pid[i]);
    la_value_set_number(&r->values[LISTAPPS_FIELD_START_TIME], start[i]);
    ck_assert_int_eq(
        la_value_set_text(&r->values[LISTAPPS_FIELD_TITLE], title[i], LISTAPPS_VALUE_NONE), 0);
    ck_assert_int_eq(la_value_set_text(&r->values[LISTAPPS_FIELD_STATUS],
                                       status != NULL ? status[i] : NULL, LISTAPPS_VALUE_NONE),
                     0);
  }
}

START_TEST(test_open_close_title_status) {
  const unsigned long old_pid[] = {10, 20, 30};
  const long long old_start[] = {100, 200, 300};
  const char *const old_title[] = {"a", "b", "c"};
  const char *const old_status[] = {"Running", "Running", "Running"};
  const unsigned long new_pid[] = {20, 30, 40};
  const long long new_start[] = {200, 300, 400};
  const char *const new_title[] = {"b", "c2", "d"};
  const char *const new_status[] = {"Not responding", "Running", "Running"};
  la_rows old_rows = {0};
  la_rows new_rows = {0};
  la_change *c = NULL;
  size_t n = 0;

  make_rows(&old_rows, 3, old_pid, old_start, old_title, old_status);
  make_rows(&new_rows, 3, new_pid, new_start, new_title, new_status);
  ck_assert_int_eq(la_watch_diff(&old_rows, &new_rows, &c, &n), 0);
  ck_assert_uint_eq(n, 4);
  ck_assert_int_eq(c[0].kind, LISTAPPS_EVENT_CLOSED); /* 10 */
  ck_assert(c[0].in_old && c[0].row == 0);
  ck_assert_int_eq(c[1].kind, LISTAPPS_EVENT_OPENED); /* 40 */
  ck_assert(!c[1].in_old && c[1].row == 2);
  ck_assert_int_eq(c[2].kind, LISTAPPS_EVENT_STATUS); /* 20 hung */
  ck_assert_uint_eq(c[2].row, 0);
  ck_assert_int_eq(c[3].kind, LISTAPPS_EVENT_TITLE); /* 30 retitled */
  ck_assert_uint_eq(c[3].row, 1);
  free(c);
  /* Nothing changed: no event. */
  ck_assert_int_eq(la_watch_diff(&new_rows, &new_rows, &c, &n), 0);
  ck_assert_uint_eq(n, 0);
  ck_assert_ptr_null(c);
  la_rows_free(&old_rows);
  la_rows_free(&new_rows);
}
END_TEST

/* The same PID with another start time is another App: closed, then opened. */
START_TEST(test_reused_pid) {
  const unsigned long pid[] = {10};
  const long long old_start[] = {100};
  const long long new_start[] = {900};
  const char *const title[] = {"same"};
  la_rows old_rows = {0};
  la_rows new_rows = {0};
  la_change *c = NULL;
  size_t n = 0;

  make_rows(&old_rows, 1, pid, old_start, title, NULL);
  make_rows(&new_rows, 1, pid, new_start, title, NULL);
  ck_assert_int_eq(la_watch_diff(&old_rows, &new_rows, &c, &n), 0);
  ck_assert_uint_eq(n, 2);
  ck_assert_int_eq(c[0].kind, LISTAPPS_EVENT_CLOSED);
  ck_assert_int_eq(c[1].kind, LISTAPPS_EVENT_OPENED);
  free(c);
  la_rows_free(&old_rows);
  la_rows_free(&new_rows);
}
END_TEST

/* From nothing, everything opens; to nothing, everything closes; a title that goes away is a
 * change too. */
START_TEST(test_empty_sides_and_lost_title) {
  const unsigned long pid[] = {1, 2};
  const long long start[] = {5, 6};
  const char *const title[] = {"x", "y"};
  const char *const no_title[] = {"x", NULL};
  la_rows empty = {NULL, 0, 0, NULL, 0};
  la_rows rows = {0};
  la_rows lost = {0};
  la_change *c = NULL;
  size_t n = 0;

  make_rows(&rows, 2, pid, start, title, NULL);
  make_rows(&lost, 2, pid, start, no_title, NULL);
  ck_assert_int_eq(la_watch_diff(&empty, &rows, &c, &n), 0);
  ck_assert_uint_eq(n, 2);
  ck_assert_int_eq(c[0].kind, LISTAPPS_EVENT_OPENED);
  free(c);
  ck_assert_int_eq(la_watch_diff(&rows, &empty, &c, &n), 0);
  ck_assert_uint_eq(n, 2);
  ck_assert_int_eq(c[1].kind, LISTAPPS_EVENT_CLOSED);
  free(c);
  ck_assert_int_eq(la_watch_diff(&rows, &lost, &c, &n), 0);
  ck_assert_uint_eq(n, 1);
  ck_assert_int_eq(c[0].kind, LISTAPPS_EVENT_TITLE);
  ck_assert_uint_eq(c[0].row, 1);
  free(c);
  la_rows_free(&rows);
  la_rows_free(&lost);
}
END_TEST

/* rows of Apps 10, 20, 30 (those of keep only, when not NULL) with the App front in front
 * (0 for none; -1: Foreground not read). */
static void front_rows(la_rows *rows, const unsigned long *pids, size_t count,
                       unsigned long front) {
  static const long long starts[] = {100, 200, 300};
  static const char *const titles[] = {"a", "b", "c"};
  long long start[3];
  const char *title[3];
  size_t i;

  for (i = 0; i < count; i++) {
    start[i] = starts[pids[i] / 10 - 1];
    title[i] = titles[pids[i] / 10 - 1];
  }
  make_rows(rows, count, pids, start, title, NULL);
  for (i = 0; i < count; i++) {
    la_value *v = &rows->items[i].values[LISTAPPS_FIELD_FOREGROUND];
    if (front == (unsigned long)-1)
      la_value_set_state(v, LISTAPPS_VALUE_NOT_GATHERED);
    else
      la_value_set_number(v, pids[i] == front);
  }
}

/* The diff of old (with old_front in front) to new (new_front), expecting one focus on the row
 * expect_row of new, or none when expect_row is (size_t)-1; besides any closed. */
static void check_focus(const unsigned long *old_pids, size_t old_count, unsigned long old_front,
                        const unsigned long *new_pids, size_t new_count, unsigned long new_front,
                        size_t expect_row) {
  la_rows old_rows = {0};
  la_rows new_rows = {0};
  la_change *c = NULL;
  size_t n = 0;
  size_t focus = 0;
  size_t i;

  front_rows(&old_rows, old_pids, old_count, old_front);
  front_rows(&new_rows, new_pids, new_count, new_front);
  ck_assert_int_eq(la_watch_diff(&old_rows, &new_rows, &c, &n), 0);
  for (i = 0; i < n; i++) {
    if (c[i].kind != LISTAPPS_EVENT_FOCUS) continue;
    focus++;
    ck_assert(!c[i].in_old);
    ck_assert_uint_eq(c[i].row, expect_row);
    /* Focus comes last. */
    ck_assert_uint_eq(i, n - 1);
  }
  ck_assert_uint_eq(focus, expect_row != (size_t)-1);
  free(c);
  la_rows_free(&old_rows);
  la_rows_free(&new_rows);
}

START_TEST(test_focus) {
  static const unsigned long all3[] = {10, 20, 30};
  static const unsigned long no20[] = {10, 30};
  const size_t none = (size_t)-1;

  /* Another App comes to the front: it is named. */
  check_focus(all3, 3, 10, all3, 3, 20, 1);
  /* The same App stays in front: nothing. */
  check_focus(all3, 3, 20, all3, 3, 20, none);
  /* From nothing in front to an App. */
  check_focus(all3, 3, 0, all3, 3, 30, 2);
  /* No App in front any more: the one that left, still listed, is named. */
  check_focus(all3, 3, 20, all3, 3, 0, 1);
  /* The App in front closed, nothing else in front: its closed says it all. */
  check_focus(all3, 3, 20, no20, 2, 0, none);
  /* It closed and another came to the front: that one. */
  check_focus(all3, 3, 20, no20, 2, 30, 1);
  /* An App in front that opened in this look: named besides its opened. */
  check_focus(no20, 2, 10, all3, 3, 20, 1);
  /* Foreground not read on either side: nothing. */
  check_focus(all3, 3, (unsigned long)-1, all3, 3, (unsigned long)-1, none);
}
END_TEST

/* A reused PID in front is another App: it is named. */
START_TEST(test_focus_reused_pid) {
  const unsigned long pid[] = {10};
  const long long old_start[] = {100};
  const long long new_start[] = {900};
  const char *const title[] = {"same"};
  la_rows old_rows = {0};
  la_rows new_rows = {0};
  la_change *c = NULL;
  size_t n = 0;

  make_rows(&old_rows, 1, pid, old_start, title, NULL);
  make_rows(&new_rows, 1, pid, new_start, title, NULL);
  la_value_set_number(&old_rows.items[0].values[LISTAPPS_FIELD_FOREGROUND], 1);
  la_value_set_number(&new_rows.items[0].values[LISTAPPS_FIELD_FOREGROUND], 1);
  ck_assert_int_eq(la_watch_diff(&old_rows, &new_rows, &c, &n), 0);
  ck_assert_uint_eq(n, 3);
  ck_assert_int_eq(c[0].kind, LISTAPPS_EVENT_CLOSED);
  ck_assert_int_eq(c[1].kind, LISTAPPS_EVENT_OPENED);
  ck_assert_int_eq(c[2].kind, LISTAPPS_EVENT_FOCUS);
  free(c);
  la_rows_free(&old_rows);
  la_rows_free(&new_rows);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("watch_diff");
  TCase *tc = tcase_create("diff");

  tcase_add_test(tc, test_open_close_title_status);
  tcase_add_test(tc, test_reused_pid);
  tcase_add_test(tc, test_empty_sides_and_lost_title);
  tcase_add_test(tc, test_focus);
  tcase_add_test(tc, test_focus_reused_pid);
  suite_add_tcase(s, tc);
  return s;
}
