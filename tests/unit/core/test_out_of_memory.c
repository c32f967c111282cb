/*
 * Out of memory in the pure parts: each allocation in turn is made to fail (the linker sends
 * this executable's malloc, calloc and realloc through the wrappers below, --wrap), and the
 * function must say so and leave its outputs empty; with none failing, it must give the right
 * result. LeakSanitizer (the host build's ASan) fails the run if a failure path leaks.
 * Host only: MinGW's linker wraps the same way, but nothing runs the leak check there.
 */
#include <stdlib.h>
#include <string.h>

#include "core/package_manifest.h"
#include "core/window_memory.h"
#include "suite.h"

void *__real_malloc(size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *p, size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *p, size_t size);

/* The number of the allocation that fails, counted from arm(); -1 when none does. */
static long fail_at = -1;
static long made;

static int failing_now(void) {
  return fail_at >= 0 && made++ == fail_at;
}

void *__wrap_malloc(size_t size) {
  return failing_now() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size) {
  return failing_now() ? NULL : __real_calloc(count, size);
}

void *__wrap_realloc(void *p, size_t size) {
  return failing_now() ? NULL : __real_realloc(p, size);
}

static void arm(long n) {
  made = 0;
  fail_at = n;
}

/* 1 when the allocation armed to fail was reached. */
static int disarm(void) {
  int reached = fail_at >= 0 && made > fail_at;
  fail_at = -1;
  return reached;
}

static const char manifest[] =
    "<Package><Properties><DisplayName> Caf&#xE9; &amp; Bar </DisplayName></Properties>"
    "</Package>";

START_TEST(test_manifest_display_name) {
  long n;

  for (n = 0;; n++) {
    char *name = (char *)1;
    int r;
    arm(n);
    r = la_manifest_display_name(manifest, sizeof manifest - 1, &name);
    if (!disarm()) {
      ck_assert_int_eq(r, 0);
      ck_assert_str_eq(name, "Caf\xC3\xA9 & Bar");
      free(name);
      break;
    }
    ck_assert_int_eq(r, -1);
    ck_assert_ptr_null(name);
  }
  ck_assert_int_ge(n, 1);
}
END_TEST

START_TEST(test_package_resource_reference) {
  long n;

  for (n = 0;; n++) {
    char *reference = (char *)1;
    int r;
    arm(n);
    r = la_package_resource_reference("App.Name_1.0.0.0_x64__abc", "ms-resource:Title", &reference);
    if (!disarm()) {
      ck_assert_int_eq(r, 0);
      ck_assert_str_eq(reference,
                       "@{App.Name_1.0.0.0_x64__abc?ms-resource://App.Name/Resources/Title}");
      free(reference);
      break;
    }
    ck_assert_int_eq(r, -1);
    ck_assert_ptr_null(reference);
  }
  ck_assert_int_ge(n, 1);
}
END_TEST

/* Puts, rows and sweeps, with one allocation failing: the memory may forget (that only costs
 * reading again) but never gives a wrong window or leaks. */
START_TEST(test_window_memory) {
  long n;

  for (n = 0;; n++) {
    la_window_memory *m;
    uintptr_t hwnd;
    int failed = 0;
    int reached;
    unsigned long pid;
    const char *class_name;

    arm(n);
    m = la_window_memory_new();
    for (hwnd = 1; m != NULL && hwnd <= 100; hwnd++) {
      if (la_window_memory_put(m, hwnd * 4, (unsigned long)hwnd, "Class") != 0) failed = 1;
      if (la_window_memory_keep_row(m, hwnd * 4, (unsigned long)hwnd + 1, "Title", 0) != 0)
        failed = 1;
    }
    if (m != NULL && la_window_memory_sweep(m) != 0) failed = 1;
    reached = disarm();
    ck_assert(reached || (!failed && m != NULL));
    for (hwnd = 1; m != NULL && hwnd <= 100; hwnd++) {
      if (!la_window_memory_get(m, hwnd * 4, &pid, &class_name)) continue;
      ck_assert_uint_eq(pid, hwnd);
      ck_assert_str_eq(class_name, "Class");
    }
    la_window_memory_free(m);
    if (!reached) break;
  }
  ck_assert_int_ge(n, 3);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("out_of_memory");
  TCase *tc = tcase_create("each allocation failing in turn");

  tcase_add_test(tc, test_manifest_display_name);
  tcase_add_test(tc, test_package_resource_reference);
  tcase_add_test(tc, test_window_memory);
  suite_add_tcase(s, tc);
  return s;
}
