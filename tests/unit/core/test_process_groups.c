/* App groups over a process snapshot: descendants and nested Apps join the topmost App, the
 * shell adopts nobody, PID reuse, orphans and cycles. */
#include <stdlib.h>

#include "core/process_groups.h"
#include "suite.h"

/* pid, parent, creation time, is_app; not the shell */
static la_proc_node node(unsigned long pid, unsigned long parent, uint64_t created, int is_app) {
  la_proc_node n = {pid, parent, created, is_app, 0};
  return n;
}

/* The shell's process: explorer.exe, an App while it has a folder window open. */
static la_proc_node shell(unsigned long pid, unsigned long parent, uint64_t created, int is_app) {
  la_proc_node n = {pid, parent, created, is_app, 1};
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

START_TEST(test_descendants_join_topmost_app) {
  /* 10 App -> 20 -> 30 (App) -> 40; 10 -> 50; 60 alone; 70 -> 10's sibling 80 (not an app). */
  la_proc_node nodes[] = {node(10, 4, 100, 1),  node(20, 10, 110, 0), node(30, 20, 120, 1),
                          node(40, 30, 130, 0), node(50, 10, 140, 0), node(60, 4, 150, 0),
                          node(80, 4, 90, 0),   node(70, 80, 160, 0)};
  size_t root[8];

  ck_assert_int_eq(la_assign_groups(nodes, 8, root), 0);
  ck_assert_uint_eq(root[0], 0);
  ck_assert_uint_eq(root[1], 0);
  /* An App started (through 20) by App 10 is nested in 10's group, with what it started:
   * Task Manager shows Teams started from Command Palette under Command Palette. */
  ck_assert_uint_eq(root[2], 0);
  ck_assert_uint_eq(root[3], 0);
  ck_assert_uint_eq(root[4], 0);
  ck_assert_uint_eq(root[5], LA_NO_GROUP);
  ck_assert_uint_eq(root[6], LA_NO_GROUP);
  ck_assert_uint_eq(root[7], LA_NO_GROUP);
}
END_TEST

START_TEST(test_chain_of_apps_joins_the_top_one) {
  /* Listed bottom first, so no walk finds its parent decided yet: 40 -> 30 (App) -> 20 (App)
   * -> 10 (App); 50 is a Windows process (conhost.exe, say) that App 30 started. */
  la_proc_node nodes[] = {node(40, 30, 400, 0), node(30, 20, 300, 1), node(20, 10, 200, 1),
                          node(10, 4, 100, 1), node(50, 30, 450, 0)};
  size_t root[5];
  unsigned char need[5];
  size_t i;

  ck_assert_int_eq(la_assign_groups(nodes, 5, root), 0);
  for (i = 0; i < 5; i++) ck_assert_uint_eq(root[i], 3);
  ck_assert_int_eq(la_group_time_needs(nodes, 5, need), 0);
  for (i = 0; i < 5; i++) ck_assert_uint_eq(need[i], 1);
}
END_TEST

START_TEST(test_windows_process_parent_adopts_nobody) {
  /* services.exe (4 -> 8) started svchost.exe (12), which started App 16 and its helper 20: a
   * parent that is no App takes nobody into a group, however system-like. */
  la_proc_node nodes[] = {node(8, 4, 10, 0), node(12, 8, 20, 0), node(16, 12, 30, 1),
                          node(20, 16, 40, 0)};
  size_t root[4];
  unsigned char need[4];

  ck_assert_int_eq(la_assign_groups(nodes, 4, root), 0);
  ck_assert_uint_eq(root[0], LA_NO_GROUP);
  ck_assert_uint_eq(root[1], LA_NO_GROUP);
  ck_assert_uint_eq(root[2], 2);
  ck_assert_uint_eq(root[3], 2);
  ck_assert_int_eq(la_group_time_needs(nodes, 4, need), 0);
  ck_assert_uint_eq(need[0], 0);
  ck_assert_uint_eq(need[1], 0);
  ck_assert_uint_eq(need[2], 1);
  ck_assert_uint_eq(need[3], 1);
}
END_TEST

START_TEST(test_shell_adopts_nobody) {
  /* explorer.exe (100) with a folder window started App 200 (with helper 210) and the
   * windowless 300 from the Start menu; Task Manager nests none of them under Windows
   * Explorer. */
  la_proc_node nodes[] = {shell(100, 90, 10, 1), node(200, 100, 20, 1), node(210, 200, 30, 0),
                          node(300, 100, 40, 0)};
  size_t root[4];
  unsigned char need[4];

  ck_assert_int_eq(la_assign_groups(nodes, 4, root), 0);
  ck_assert_uint_eq(root[0], 0);
  ck_assert_uint_eq(root[1], 1);
  ck_assert_uint_eq(root[2], 1);
  ck_assert_uint_eq(root[3], LA_NO_GROUP);
  /* The walk reads no time of the shell nor of a process whose parent it is. */
  ck_assert_int_eq(la_group_time_needs(nodes, 4, need), 0);
  ck_assert_uint_eq(need[0], 0);
  ck_assert_uint_eq(need[1], 1);
  ck_assert_uint_eq(need[2], 1);
  ck_assert_uint_eq(need[3], 0);
  /* Without a folder window the shell is in no group at all. */
  nodes[0].is_app = 0;
  ck_assert_int_eq(la_assign_groups(nodes, 4, root), 0);
  ck_assert_uint_eq(root[0], LA_NO_GROUP);
  ck_assert_uint_eq(root[1], 1);
  ck_assert_uint_eq(root[3], LA_NO_GROUP);
}
END_TEST

START_TEST(test_shell_joins_nobody) {
  /* Task Manager (App 10) restarted explorer.exe (20, a folder window open): the shell stays a
   * group of its own, and what it starts stays out of both. */
  la_proc_node nodes[] = {node(10, 4, 100, 1), shell(20, 10, 200, 1), node(30, 20, 300, 1)};
  size_t root[3];
  unsigned char need[3];

  ck_assert_int_eq(la_assign_groups(nodes, 3, root), 0);
  ck_assert_uint_eq(root[0], 0);
  ck_assert_uint_eq(root[1], 1);
  ck_assert_uint_eq(root[2], 2);
  nodes[1].is_app = 0;
  ck_assert_int_eq(la_assign_groups(nodes, 3, root), 0);
  ck_assert_uint_eq(root[1], LA_NO_GROUP);
  ck_assert_int_eq(la_group_time_needs(nodes, 3, need), 0);
  ck_assert_uint_eq(need[1], 0);
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

START_TEST(test_reused_pid_does_not_nest_an_app) {
  /* App 20 was started by a PID-10 process long gone; the App now holding PID 10 came later,
   * so 20 heads its own group, with its child 30. An unknown time never links either. */
  la_proc_node nodes[] = {node(10, 4, 500, 1), node(20, 10, 300, 1), node(30, 20, 600, 0),
                          node(40, 10, 0, 1)};
  size_t root[4];

  ck_assert_int_eq(la_assign_groups(nodes, 4, root), 0);
  ck_assert_uint_eq(root[0], 0);
  ck_assert_uint_eq(root[1], 1);
  ck_assert_uint_eq(root[2], 1);
  ck_assert_uint_eq(root[3], 3);
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

START_TEST(test_cycles_of_apps) {
  /* Reused PIDs can make recorded parents a cycle. Apps 10 and 20 name each other: only the
   * link down in time is real, so 20 is nested in 10's group. 30, 40 and 50 name each other in
   * a ring with equal times: no link is real and each App is its own root. */
  la_proc_node nodes[] = {node(10, 20, 100, 1), node(20, 10, 200, 1), node(30, 50, 300, 1),
                          node(40, 30, 300, 0), node(50, 40, 300, 0), node(60, 40, 400, 0)};
  size_t root[6];
  unsigned char need[6];
  size_t i;

  ck_assert_int_eq(la_assign_groups(nodes, 6, root), 0);
  ck_assert_uint_eq(root[0], 0);
  ck_assert_uint_eq(root[1], 0);
  ck_assert_uint_eq(root[2], 2);
  ck_assert_uint_eq(root[3], LA_NO_GROUP);
  ck_assert_uint_eq(root[4], LA_NO_GROUP);
  ck_assert_uint_eq(root[5], LA_NO_GROUP);
  /* Every process of a ring with an App in it may reach that App. */
  ck_assert_int_eq(la_group_time_needs(nodes, 6, need), 0);
  for (i = 0; i < 6; i++) ck_assert_uint_eq(need[i], 1);
}
END_TEST

START_TEST(test_time_needs_ignore_the_unreachable) {
  /* A ring without an App, and a chain under the shell: no time there can make a group. */
  la_proc_node nodes[] = {node(30, 40, 1, 0), node(40, 30, 2, 0), shell(50, 4, 3, 1),
                          node(60, 50, 4, 0), node(70, 60, 5, 0)};
  unsigned char need[5];
  size_t i;

  ck_assert_int_eq(la_group_time_needs(nodes, 5, need), 0);
  for (i = 0; i < 5; i++) ck_assert_uint_eq(need[i], 0);
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
  tcase_add_test(invalid, test_reused_pid_does_not_nest_an_app);
  tcase_add_test(invalid, test_orphans_and_cycles_are_roots_or_nothing);
  tcase_add_test(invalid, test_cycles_of_apps);
  tcase_add_test(groups, test_real_parent_needs_earlier_creation);
  tcase_add_test(groups, test_descendants_join_topmost_app);
  tcase_add_test(groups, test_chain_of_apps_joins_the_top_one);
  tcase_add_test(groups, test_windows_process_parent_adopts_nobody);
  tcase_add_test(groups, test_shell_adopts_nobody);
  tcase_add_test(groups, test_shell_joins_nobody);
  tcase_add_test(groups, test_time_needs_cover_chains_to_apps_only);
  tcase_add_test(groups, test_time_needs_ignore_the_unreachable);
  tcase_add_test(groups, test_long_chain);
  suite_add_tcase(s, invalid);
  suite_add_tcase(s, groups);
  return s;
}
