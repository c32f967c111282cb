/* A watch's memory of windows: remembered until a sweep finds a window unseen since the last. */
#include <stdint.h>
#include <string.h>

#include "core/window_memory.h"
#include "suite.h"

START_TEST(test_put_then_get) {
  la_window_memory *m = la_window_memory_new();
  unsigned long pid = 0;
  const char *class_name = NULL;

  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(la_window_memory_get(m, 0x10010, &pid, &class_name), 0);
  ck_assert_int_eq(la_window_memory_put(m, 0x10010, 1234, "Notepad"), 0);
  ck_assert_int_eq(la_window_memory_put(m, 0x20020, 88, NULL), 0);
  ck_assert_int_eq(la_window_memory_get(m, 0x10010, &pid, &class_name), 1);
  ck_assert_uint_eq(pid, 1234);
  ck_assert_str_eq(class_name, "Notepad");
  ck_assert_int_eq(la_window_memory_get(m, 0x20020, &pid, &class_name), 1);
  ck_assert_uint_eq(pid, 88);
  ck_assert_ptr_null(class_name);
  /* A put replaces what was remembered of the same window. */
  ck_assert_int_eq(la_window_memory_put(m, 0x10010, 1240, "Édition"), 0);
  ck_assert_int_eq(la_window_memory_get(m, 0x10010, &pid, &class_name), 1);
  ck_assert_uint_eq(pid, 1240);
  ck_assert_str_eq(class_name, "Édition");
  ck_assert_uint_eq(la_window_memory_count(m), 2);
  la_window_memory_free(m);
}
END_TEST

START_TEST(test_sweep_forgets_windows_not_seen_since_the_last) {
  la_window_memory *m = la_window_memory_new();
  unsigned long pid = 0;
  const char *class_name = NULL;
  uintptr_t hwnd;

  ck_assert_ptr_nonnull(m);
  for (hwnd = 1; hwnd <= 300; hwnd++)
    ck_assert_int_eq(la_window_memory_put(m, hwnd << 4, (unsigned long)hwnd, "c"), 0);
  /* Every window was put since the last sweep: all are kept. */
  ck_assert_int_eq(la_window_memory_sweep(m), 0);
  ck_assert_uint_eq(la_window_memory_count(m), 300);
  /* The odd ones are looked at again; the even ones are gone. */
  for (hwnd = 1; hwnd <= 300; hwnd += 2)
    ck_assert_int_eq(la_window_memory_get(m, hwnd << 4, &pid, &class_name), 1);
  ck_assert_int_eq(la_window_memory_sweep(m), 0);
  ck_assert_uint_eq(la_window_memory_count(m), 150);
  for (hwnd = 1; hwnd <= 300; hwnd++) {
    int remembered = la_window_memory_get(m, hwnd << 4, &pid, &class_name);
    ck_assert_int_eq(remembered, (int)(hwnd % 2));
    if (remembered) ck_assert_uint_eq(pid, hwnd);
  }
  /* Nothing seen since: the next sweep forgets all. */
  ck_assert_int_eq(la_window_memory_sweep(m), 0);
  ck_assert_int_eq(la_window_memory_sweep(m), 0);
  ck_assert_uint_eq(la_window_memory_count(m), 0);
  ck_assert_int_eq(la_window_memory_get(m, 1u << 4, &pid, &class_name), 0);
  la_window_memory_free(m);
}
END_TEST

START_TEST(test_handles_sharing_low_bits_are_told_apart) {
  la_window_memory *m = la_window_memory_new();
  unsigned long pid = 0;
  const char *class_name = NULL;
  /* Not possible on Windows, where the low 32 bits name a window; the memory must still never
   * give one window's facts for another. */
  uintptr_t a = (uintptr_t)0x1234;
  uintptr_t b = (uintptr_t)(sizeof(uintptr_t) > 4 ? ((uint64_t)1 << 40) | 0x1234 : 0x1234);

  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(la_window_memory_put(m, a, 1, "a"), 0);
  if (b != a) {
    ck_assert_int_eq(la_window_memory_get(m, b, &pid, &class_name), 0);
    ck_assert_int_eq(la_window_memory_put(m, b, 2, "b"), 0);
    ck_assert_int_eq(la_window_memory_get(m, b, &pid, &class_name), 1);
    ck_assert_uint_eq(pid, 2);
  }
  ck_assert_int_eq(la_window_memory_sweep(m), 0);
  la_window_memory_free(m);
}
END_TEST

START_TEST(test_rows_are_kept_until_the_window_is_read_again) {
  la_window_memory *m = la_window_memory_new();
  const la_remembered_window *r;
  unsigned long pid = 0;
  const char *class_name = NULL;

  ck_assert_ptr_nonnull(m);
  /* Only a remembered window can keep a row. */
  ck_assert_int_eq(la_window_memory_keep_row(m, 0x30, 7, "Title", 0), -1);
  ck_assert_int_eq(la_window_memory_put(m, 0x30, 7, "Cls"), 0);
  ck_assert_ptr_null(la_window_memory_row(m, 0x30));
  ck_assert_int_eq(la_window_memory_keep_row(m, 0x30, 9, "Titre é", 1), 0);
  ck_assert_int_eq(la_window_memory_sweep(m), 0);
  /* The next look takes the row without reading: that marks the window seen. */
  r = la_window_memory_row(m, 0x30);
  ck_assert_ptr_nonnull(r);
  ck_assert_uint_eq(r->app_pid, 9);
  ck_assert_str_eq(r->title, "Titre é");
  ck_assert_int_eq(r->hung, 1);
  ck_assert_int_eq(la_window_memory_sweep(m), 0);
  ck_assert_uint_eq(la_window_memory_count(m), 1);
  /* Read again: the row is gone until the look keeps a new one; process and class stay. */
  la_window_memory_forget_row(m, 0x30);
  ck_assert_ptr_null(la_window_memory_row(m, 0x30));
  ck_assert_int_eq(la_window_memory_get(m, 0x30, &pid, &class_name), 1);
  ck_assert_uint_eq(pid, 7);
  ck_assert_str_eq(class_name, "Cls");
  /* A private look keeps a row without a title, replacing a titled one. */
  ck_assert_int_eq(la_window_memory_keep_row(m, 0x30, 9, "Old", 0), 0);
  ck_assert_int_eq(la_window_memory_keep_row(m, 0x30, 9, NULL, 0), 0);
  r = la_window_memory_row(m, 0x30);
  ck_assert_ptr_nonnull(r);
  ck_assert_ptr_null(r->title);
  la_window_memory_free(m);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("window_memory");
  TCase *tc = tcase_create("window_memory");

  tcase_add_test(tc, test_put_then_get);
  tcase_add_test(tc, test_sweep_forgets_windows_not_seen_since_the_last);
  tcase_add_test(tc, test_handles_sharing_low_bits_are_told_apart);
  tcase_add_test(tc, test_rows_are_kept_until_the_window_is_read_again);
  suite_add_tcase(s, tc);
  return s;
}
