/* Starting and stopping fixtures, with Check assertions. */
#include "fixture_run.h"

#include <check.h>
#include <stdlib.h>

#include "test_detach.h"

/* Every suite that starts fixtures runs detached from the process tree that started it, before
 * Check starts, so that its fixtures are Apps of their own even when an App (a console window)
 * is among its launcher's ancestors: see test_detach.h. The suites share their main with the
 * unit suites, which need none of this, so it is done here, where only they link. */
static void detach_from_launcher(void) __attribute__((constructor));
static void detach_from_launcher(void) {
  test_detach_from_launcher();
}

void fixture_start(const wchar_t *exe_name, const wchar_t *const *args, size_t arg_count,
                   test_process *p) {
  wchar_t *exe = test_path_beside_self(exe_name);
  wchar_t *cmdline = NULL;
  size_t i;
  int rc;

  ck_assert_ptr_nonnull(exe);
  for (i = 0; i < arg_count; i++) ck_assert_int_eq(test_cmdline_append(&cmdline, args[i]), 0);
  rc = test_process_start(exe, cmdline, FIXTURE_TIMEOUT_MS, p);
  free(cmdline);
  free(exe);
  ck_assert_msg(rc == 0, "fixture %ls did not start: %s", exe_name, p->failure);
}

void fixture_stop(test_process *p) {
  ck_assert_int_eq(test_process_stop(p, FIXTURE_TIMEOUT_MS), 0);
}

const listapps_app *find_row(const listapps_list *list, unsigned long pid) {
  const listapps_app *found = NULL;
  size_t i;

  for (i = 0; i < list->count; i++) {
    if (list->apps[i].pid != pid) continue;
    ck_assert_msg(found == NULL, "two rows for PID %lu", pid);
    found = &list->apps[i];
  }
  return found;
}

size_t find_snapshot_row(const listapps_snapshot *s, unsigned long pid) {
  size_t n = listapps_snapshot_count(s);
  size_t found = (size_t)-1;
  size_t i;

  for (i = 0; i < n; i++) {
    long long v = 0;
    ck_assert_int_eq(listapps_snapshot_get_integer(s, i, LISTAPPS_FIELD_PID, &v),
                     LISTAPPS_VALUE_PRESENT);
    if ((unsigned long)v == pid) {
      ck_assert_msg(found == (size_t)-1, "PID %lu listed twice", pid);
      found = i;
    }
  }
  return found;
}

void cli_run(const wchar_t *const *args, size_t arg_count, test_run_result *r) {
  wchar_t *exe = test_path_beside_self(L"listapps.exe");
  wchar_t *cmdline = NULL;
  size_t i;

  ck_assert_ptr_nonnull(exe);
  for (i = 0; i < arg_count; i++) ck_assert_int_eq(test_cmdline_append(&cmdline, args[i]), 0);
  ck_assert_int_eq(test_run(exe, cmdline, NULL, RUN_TIMEOUT_MS, r), 0);
  free(cmdline);
  free(exe);
}

wchar_t *repeat_wchar(wchar_t c, size_t count) {
  wchar_t *s = malloc((count + 1) * sizeof *s);
  size_t i;

  ck_assert_ptr_nonnull(s);
  for (i = 0; i < count; i++) s[i] = c;
  s[count] = L'\0';
  return s;
}
