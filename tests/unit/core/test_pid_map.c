/* The PID hash map. */
#include "core/pid_map.h"
#include "suite.h"

START_TEST(test_empty_map_finds_nothing) {
  la_pid_map m = {NULL, NULL, 0, 0};
  size_t index = 7;

  ck_assert_int_eq(la_pid_map_get(&m, 0, &index), 0);
  ck_assert_int_eq(la_pid_map_get(&m, 4, &index), 0);
  ck_assert_uint_eq(index, 7);
  la_pid_map_free(&m);
}
END_TEST

START_TEST(test_put_get_replace) {
  la_pid_map m = {NULL, NULL, 0, 0};
  size_t index = 0;

  ck_assert_int_eq(la_pid_map_put(&m, 0, 5), 0); /* PID 0 (System Idle) is a valid key */
  ck_assert_int_eq(la_pid_map_put(&m, 1234, 6), 0);
  ck_assert_int_eq(la_pid_map_get(&m, 0, &index), 1);
  ck_assert_uint_eq(index, 5);
  ck_assert_int_eq(la_pid_map_put(&m, 1234, 9), 0);
  ck_assert_int_eq(la_pid_map_get(&m, 1234, &index), 1);
  ck_assert_uint_eq(index, 9);
  ck_assert_uint_eq(m.count, 2);
  ck_assert_int_eq(la_pid_map_get(&m, 1238, &index), 0);
  la_pid_map_free(&m);
  ck_assert_uint_eq(m.count, 0);
}
END_TEST

START_TEST(test_many_keys_survive_growth) {
  la_pid_map m = {NULL, NULL, 0, 0};
  unsigned long pid;
  size_t index = 0;

  /* Windows PIDs are multiples of four: the case a weak hash would cluster. */
  for (pid = 4; pid <= 4 * 20000; pid += 4) ck_assert_int_eq(la_pid_map_put(&m, pid, pid / 4), 0);
  ck_assert_uint_eq(m.count, 20000);
  for (pid = 4; pid <= 4 * 20000; pid += 4) {
    ck_assert_int_eq(la_pid_map_get(&m, pid, &index), 1);
    ck_assert_uint_eq(index, pid / 4);
    ck_assert_int_eq(la_pid_map_get(&m, pid + 1, &index), 0);
  }
  ck_assert_int_eq(la_pid_map_get(&m, 0xFFFFFFFFul, &index), 0);
  la_pid_map_free(&m);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("pid_map");
  TCase *tc = tcase_create("pid_map");

  tcase_add_test(tc, test_empty_map_finds_nothing);
  tcase_add_test(tc, test_put_get_replace);
  tcase_add_test(tc, test_many_keys_survive_growth);
  suite_add_tcase(s, tc);
  return s;
}
