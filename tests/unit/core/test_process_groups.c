/* App groups over a process snapshot: descendants, stops at Apps, PID reuse, orphans. */
#include <stdlib.h>

#include "core/process_groups.h"
#include "suite.h"

/* pid, parent, creation time, is_app */
static la_proc_node node(unsigned long pid, unsigned long parent, uint64_t created, int is_app) {
  la_proc_node n = {pid, parent, created, is_app};
  return n;
}

START_TEST(test_empty_snapshot) {
  size_t root = 7;
  unsigned char need = 7;
  ck_assert_int_eq(la_assign_groups(NULL, 0, &root), 0);
  ck_assert_int_eq(la_group_time_needs(NULL, 0, &need), 0);
  ck_assert_uint_eq(root, 7);
}
END_TEST

START_TEST(test_real_parent_needs_earlier_creation) {
  la_proc_node parent = node(8, 4, 100, 1);
  la_proc_node child = node(12, 8, 200, 0);
  la_proc_node unknown = node(16, 8, 0, 0);

  ck_assert_int_eq(la_is_real_parent(&parent, &child), 1);
  ck_assert_int_eq(la_is_real_parent(&child, &parent), 0);
  ck_assert_int_eq(la_is_real_parent(&parent, &unknown), 0);
  ck_assert_int_eq(la_is_real_parent(&parent, &parent), 0);
  child.create_time = 100; /* same instant: not a parent */
  ck_assert_int_eq(la_is_real_parent(&parent, &child), 0);
}
END_TEST

START_TEST(test_descendants_join_nearest_app) {
  /* 10 App -> 20 -> 30 (App) -> 40; 10 -> 50; 60 alone; 70 -> 10's sibling 80 (not an app). */
  la_proc_node nodes[] = {node(10, 4, 100, 1),  node(20, 10, 110, 0), node(30, 20, 120, 1),
                          node(40, 30, 130, 0), node(50, 10, 140, 0), node(60, 4, 150, 0),
                          node(80, 4, 90, 0),   node(70, 80, 160, 0)};
  size_t root[8];

  ck_assert_int_eq(la_assign_groups(nodes, 8, root), 0);
  ck_assert_uint_eq(root[0], 0);
  ck_assert_uint_eq(root[1], 0);
  ck_assert_uint_eq(root[2], 2); /* an App is its own root, even below another App */
  ck_assert_uint_eq(root[3], 2);
  ck_assert_uint_eq(root[4], 0);
  ck_assert_uint_eq(root[5], LA_NO_GROUP);
  ck_assert_uint_eq(root[6], LA_NO_GROUP);
  ck_assert_uint_eq(root[7], LA_NO_GROUP);
}
END_TEST

START_TEST(test_reused_pid_is_not_a_parent) {
  /* The App with PID 10 was created after process 20, whose real parent (also PID 10) exited:
   * 20 is an orphan, not a member. */
  la_proc_node nodes[] = {node(10, 4, 500, 1), node(20, 10, 300, 0), node(30, 20, 600, 0)};
  size_t root[3];

  ck_assert_int_eq(la_assign_groups(nodes, 3, root), 0);
  ck_assert_uint_eq(root[0], 0);
  ck_assert_uint_eq(root[1], LA_NO_GROUP);
  ck_assert_uint_eq(root[2], LA_NO_GROUP);
}
END_TEST

START_TEST(test_orphans_and_cycles_are_roots_or_nothing) {
  /* 20's parent 99 is gone; 30 and 40 name each other (reused PIDs); 50 is its own parent. */
  la_proc_node nodes[] = {node(20, 99, 100, 1), node(30, 40, 200, 0), node(40, 30, 300, 0),
                          node(50, 50, 400, 0)};
  size_t root[4];
  unsigned char need[4];

  ck_assert_int_eq(la_assign_groups(nodes, 4, root), 0);
  ck_assert_uint_eq(root[0], 0);
  ck_assert_uint_eq(root[1], LA_NO_GROUP);
  ck_assert_uint_eq(root[2], LA_NO_GROUP);
  ck_assert_uint_eq(root[3], LA_NO_GROUP);
  ck_assert_int_eq(la_group_time_needs(nodes, 4, need), 0);
  ck_assert_uint_eq(need[0], 1);
  ck_assert_uint_eq(need[1], 0);
  ck_assert_uint_eq(need[2], 0);
  ck_assert_uint_eq(need[3], 0);
}
END_TEST

START_TEST(test_time_needs_cover_chains_to_apps_only) {
  la_proc_node nodes[] = {node(10, 4, 0, 1), node(20, 10, 0, 0), node(30, 20, 0, 0),
                          node(40, 4, 0, 0), node(50, 40, 0, 0), node(4, 0, 0, 0)};
  unsigned char need[6];

  ck_assert_int_eq(la_group_time_needs(nodes, 6, need), 0);
  ck_assert_uint_eq(need[0], 1);
  ck_assert_uint_eq(need[1], 1);
  ck_assert_uint_eq(need[2], 1);
  ck_assert_uint_eq(need[3], 0);
  ck_assert_uint_eq(need[4], 0);
  ck_assert_uint_eq(need[5], 0);
}
END_TEST

START_TEST(test_long_chain) {
  enum { N = 3000 };
  la_proc_node *nodes = malloc(N * sizeof *nodes);
  size_t *root = malloc(N * sizeof *root);
  size_t i;

  ck_assert_ptr_nonnull(nodes);
  ck_assert_ptr_nonnull(root);
  for (i = 0; i < N; i++)
    nodes[i] = node((unsigned long)(4 * i + 8), (unsigned long)(4 * i + 4), 10 + i, i == 0);
  ck_assert_int_eq(la_assign_groups(nodes, N, root), 0);
  for (i = 0; i < N; i++) ck_assert_uint_eq(root[i], 0);
  free(root);
  free(nodes);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("process_groups");
  TCase *invalid = tcase_create("odd snapshots");
  TCase *groups = tcase_create("groups");

  tcase_add_test(invalid, test_empty_snapshot);
  tcase_add_test(invalid, test_reused_pid_is_not_a_parent);
  tcase_add_test(invalid, test_orphans_and_cycles_are_roots_or_nothing);
  tcase_add_test(groups, test_real_parent_needs_earlier_creation);
  tcase_add_test(groups, test_descendants_join_nearest_app);
  tcase_add_test(groups, test_time_needs_cover_chains_to_apps_only);
  tcase_add_test(groups, test_long_chain);
  suite_add_tcase(s, invalid);
  suite_add_tcase(s, groups);
  return s;
}
