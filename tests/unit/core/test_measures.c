/* CPU shares and statuses over readings. */
#include <stdint.h>

#include "core/measures.h"
#include "listapps.h"
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

START_TEST(test_suspended_when_frozen_or_every_thread_is) {
  int suspended = -1;

  /* Invalid and unknown first: neither reading says, so neither does the rule. */
  ck_assert_int_eq(la_process_suspended(LISTAPPS_VALUE_UNSUPPORTED, 0, LISTAPPS_VALUE_UNSUPPORTED,
                                        0, &suspended),
                   LISTAPPS_VALUE_UNSUPPORTED);
  ck_assert_int_eq(suspended, 0);
  /* Not frozen, threads unknown (Wine): unknown, since the threads could all be suspended. */
  ck_assert_int_eq(
      la_process_suspended(LISTAPPS_VALUE_UNSUPPORTED, 0, LISTAPPS_VALUE_PRESENT, 0, &suspended),
      LISTAPPS_VALUE_UNSUPPORTED);
  /* Frozen decides whatever the threads say or whether they can be read. */
  ck_assert_int_eq(
      la_process_suspended(LISTAPPS_VALUE_UNSUPPORTED, 0, LISTAPPS_VALUE_PRESENT, 1, &suspended),
      LISTAPPS_VALUE_PRESENT);
  ck_assert_int_eq(suspended, 1);
  ck_assert_int_eq(
      la_process_suspended(LISTAPPS_VALUE_PRESENT, 0, LISTAPPS_VALUE_PRESENT, 1, &suspended),
      LISTAPPS_VALUE_PRESENT);
  ck_assert_int_eq(suspended, 1);
  /* Otherwise the threads: a process that is not packaged is never asked whether it is frozen. */
  ck_assert_int_eq(
      la_process_suspended(LISTAPPS_VALUE_PRESENT, 1, LISTAPPS_VALUE_NOT_GATHERED, 0, &suspended),
      LISTAPPS_VALUE_PRESENT);
  ck_assert_int_eq(suspended, 1);
  ck_assert_int_eq(
      la_process_suspended(LISTAPPS_VALUE_PRESENT, 0, LISTAPPS_VALUE_PRESENT, 0, &suspended),
      LISTAPPS_VALUE_PRESENT);
  ck_assert_int_eq(suspended, 0);
  ck_assert_int_eq(
      la_process_suspended(LISTAPPS_VALUE_EXITED, 0, LISTAPPS_VALUE_NOT_GATHERED, 0, &suspended),
      LISTAPPS_VALUE_EXITED);
}
END_TEST

START_TEST(test_efficiency_mode_is_ecoqos_at_low_priority) {
  /* Task Manager's own switch: IDLE_PRIORITY_CLASS (base 4) and EcoQoS. */
  ck_assert_int_eq(la_efficiency_mode(1, 4), 1);
  /* EcoQoS alone, at normal priority (8) or below normal (6): throttled, not Efficiency mode. */
  ck_assert_int_eq(la_efficiency_mode(1, 8), 0);
  ck_assert_int_eq(la_efficiency_mode(1, 6), 0);
  /* Low priority alone (the Details tab's "Low") is not Efficiency mode either. */
  ck_assert_int_eq(la_efficiency_mode(0, 4), 0);
  ck_assert_int_eq(la_efficiency_mode(0, 8), 0);
  ck_assert_int_eq(la_efficiency_mode(1, 0), 1);
}
END_TEST

START_TEST(test_rate_per_second) {
  ck_assert_uint_eq(la_rate_per_second(123, 0), 0);
  /* 1 MiB over half a second is 2 MiB/s. */
  ck_assert_uint_eq(la_rate_per_second(1048576u, 5000000u), 2097152u);
  /* Rounded: 1 byte over 3 s is 0; 2 bytes over 3 s is 1 (0.67). */
  ck_assert_uint_eq(la_rate_per_second(1, 30000000u), 0);
  ck_assert_uint_eq(la_rate_per_second(2, 30000000u), 1);
  /* Large counts do not overflow. */
  ck_assert_uint_eq(la_rate_per_second(UINT64_MAX / 2, 10000000u),
                    UINT64_MAX / 2 / 10000000u * 10000000u);
}
END_TEST

START_TEST(test_gpu_busiest_engine) {
  const uint64_t none[3] = {0, 0, 0};
  const uint64_t some[3] = {2500000u, 7500000u, 7500000u};
  const uint64_t over[1] = {20000000u};
  size_t engine = 99;

  ck_assert_int_eq(la_gpu_busiest(none, 0, 10000000u, &engine), 0);
  ck_assert_uint_eq(engine, 0);
  /* No engine ran: 0%, and no engine to name. */
  ck_assert_int_eq(la_gpu_busiest(none, 3, 10000000u, &engine), 0);
  ck_assert_uint_eq(engine, 3);
  /* The busiest, the first of equals: 0.75 s of a 1 s sample is 75.0%. */
  ck_assert_int_eq(la_gpu_busiest(some, 3, 10000000u, &engine), 750);
  ck_assert_uint_eq(engine, 1);
  /* Never above 100%. */
  ck_assert_int_eq(la_gpu_busiest(over, 1, 10000000u, &engine), 1000);
  ck_assert_uint_eq(engine, 0);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("measures");
  TCase *tc = tcase_create("measures");

  tcase_add_test(tc, test_cpu_share_of_the_machine);
  tcase_add_test(tc, test_status_text);
  tcase_add_test(tc, test_suspended_when_frozen_or_every_thread_is);
  tcase_add_test(tc, test_efficiency_mode_is_ecoqos_at_low_priority);
  tcase_add_test(tc, test_rate_per_second);
  tcase_add_test(tc, test_gpu_busiest_engine);
  suite_add_tcase(s, tc);
  return s;
}
