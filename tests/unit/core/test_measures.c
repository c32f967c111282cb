/* CPU shares and statuses over readings. */
#include <stdint.h>

#include "core/measures.h"
#include "suite.h"

START_TEST(test_cpu_share_of_the_machine) {
  /* 1 s of CPU in a 1 s sample is one processor: 100% / processors. */
  ck_assert_int_eq(la_cpu_tenths(10000000u, 10000000u, 1), 1000);
  ck_assert_int_eq(la_cpu_tenths(10000000u, 10000000u, 2), 500);
  ck_assert_int_eq(la_cpu_tenths(10000000u, 10000000u, 8), 125);
  /* Rounded to the nearest tenth: 1/3 of a processor of 4 is 8.33% -> 8.3. */
  ck_assert_int_eq(la_cpu_tenths(3333333u, 10000000u, 4), 83);
  ck_assert_int_eq(la_cpu_tenths(4999u, 10000000u, 1), 0);
  ck_assert_int_eq(la_cpu_tenths(5000u, 10000000u, 1), 1);
  /* Never above the whole machine (readings taken a little apart), never a division by 0. */
  ck_assert_int_eq(la_cpu_tenths(30000000u, 10000000u, 2), 1000);
  ck_assert_int_eq(la_cpu_tenths(123u, 0, 4), 0);
  ck_assert_int_eq(la_cpu_tenths(123u, 100u, 0), 0);
  ck_assert_int_eq(la_cpu_tenths(UINT64_MAX, 10000000u, 2), 1000);
}
END_TEST

START_TEST(test_status_text) {
  ck_assert_str_eq(la_status_text(0, 0), "Running");
  ck_assert_str_eq(la_status_text(1, 0), "Not responding");
  /* A suspended process's windows go unanswered too: Suspended says why. */
  ck_assert_str_eq(la_status_text(1, 1), "Suspended");
  ck_assert_str_eq(la_status_text(0, 1), "Suspended");
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("measures");
  TCase *tc = tcase_create("measures");

  tcase_add_test(tc, test_cpu_share_of_the_machine);
  tcase_add_test(tc, test_status_text);
  suite_add_tcase(s, tc);
  return s;
}
