/*
 * listapps_list_apps against real windows in real processes: each test starts a fixture
 * (tests/fixtures/window_host.c) that opens the windows its arguments describe, lists the apps
 * and looks for the fixture's row by PID.
 */
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "core/app_rules.h"
#include "fixture_run.h"
#include "fixture_strings.h"
#include "api/list_stats.h"
#include "win/facts.h"
#include "win/watch_memory.h"
#include "listapps.h"
#include "suite.h"

/* Starts a fixture, lists, stops the fixture; the row (if any) is copied into *list. */
typedef struct listing {
  listapps_list list;
  const listapps_app *row;
  unsigned long pid;
} listing;

static void list_with(const wchar_t *exe_name, const wchar_t *const *args, size_t arg_count,
                      listing *l) {
  test_process p;

  fixture_start(exe_name, args, arg_count, &p);
  l->pid = p.pid;
  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, &l->list), LISTAPPS_OK);
  l->row = find_row(&l->list, p.pid);
  fixture_stop(&p);
}

static void assert_not_listed(const wchar_t *const *args, size_t arg_count) {
  listing l;
  list_with(L"fixture_en.exe", args, arg_count, &l);
  ck_assert_msg(l.row == NULL, "PID %lu listed for %ls", l.pid, args[0]);
  listapps_free_list(&l.list);
}

/* Lists a fixture_en.exe with the given windows and checks it is one App titled title with
 * window_count windows. */
static void assert_listed(const wchar_t *const *args, size_t arg_count, const char *title,
                          size_t window_count) {
  listing l;
  list_with(L"fixture_en.exe", args, arg_count, &l);
  ck_assert_msg(l.row != NULL, "PID %lu not listed for %ls", l.pid, args[0]);
  ck_assert_str_eq(l.row->title, title);
  ck_assert_uint_eq(l.row->window_count, window_count);
  listapps_free_list(&l.list);
}

/* The harness itself: a fixture that cannot start must say why, or a failure under load
 * leaves nothing to go on. A bad KIND makes window_host write its error and exit 2; a missing
 * executable is ERROR_FILE_NOT_FOUND. */
START_TEST(test_fixture_that_cannot_start_says_why) {
  wchar_t *exe = test_path_beside_self(L"fixture_en.exe");
  test_process p;

  ck_assert_ptr_nonnull(exe);
  ck_assert_int_eq(test_process_start(exe, L"no-such-kind:x", FIXTURE_TIMEOUT_MS, &p), -1);
  free(exe);
  ck_assert_ptr_null(p.process);
  ck_assert_msg(strstr(p.failure, "exited with code 2") != NULL, "failure: %s", p.failure);
  ck_assert_msg(strstr(p.failure, "window_host: bad argument") != NULL, "failure: %s", p.failure);
  ck_assert_msg(strstr(p.failure, "no-such-kind:x\"") != NULL, "failure: %s", p.failure);

  exe = test_path_beside_self(L"no_such_fixture.exe");
  ck_assert_ptr_nonnull(exe);
  ck_assert_int_eq(test_process_start(exe, NULL, FIXTURE_TIMEOUT_MS, &p), -1);
  free(exe);
  ck_assert_msg(strcmp(p.failure, "could not be started (error 2)") == 0, "failure: %s", p.failure);
}
END_TEST

START_TEST(test_invalid_arguments) {
  listapps_list list;

  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, NULL), LISTAPPS_EINVAL);
  list.apps = (listapps_app *)&list;
  list.count = 3;
  ck_assert_int_eq(listapps_list_apps(0x80u, &list), LISTAPPS_EINVAL);
  ck_assert_ptr_null(list.apps);
  ck_assert_uint_eq(list.count, 0);
  listapps_free_list(&list);
  listapps_free_list(NULL);
}
END_TEST

START_TEST(test_hidden_window_is_not_an_app) {
  const wchar_t *args[] = {L"hidden:Hidden window"};
  assert_not_listed(args, 1);
}
END_TEST

START_TEST(test_tool_window_is_not_an_app) {
  const wchar_t *args[] = {L"tool:Tool window"};
  assert_not_listed(args, 1);
}
END_TEST

START_TEST(test_owned_popup_is_not_an_app) {
  const wchar_t *args[] = {L"owned-popup:Owned popup"};
  assert_not_listed(args, 1);
}
END_TEST

START_TEST(test_untitled_window_is_not_an_app) {
  const wchar_t *args[] = {L"visible"};
  assert_not_listed(args, 1);
}
END_TEST

START_TEST(test_shell_classes_are_not_apps) {
  const wchar_t *progman[] = {L"progman:Program Manager"};
  const wchar_t *workerw[] = {L"workerw:Worker"};
  const wchar_t *core[] = {L"corewindow:Core window"};
  assert_not_listed(progman, 1);
  assert_not_listed(workerw, 1);
  assert_not_listed(core, 1);
}
END_TEST

START_TEST(test_visible_window_is_an_app_with_every_field) {
  const wchar_t *args[] = {L"visible:Plain window"};
  listing l;
  size_t path_len;

  list_with(L"fixture_en.exe", args, 1, &l);
  ck_assert_ptr_nonnull(l.row);
  ck_assert_int_eq(l.row->category, LISTAPPS_CATEGORY_APP);
  ck_assert_str_eq(l.row->name, FIXTURE_DESC_EN);
  ck_assert_str_eq(l.row->description, FIXTURE_DESC_EN);
  ck_assert_str_eq(l.row->title, "Plain window");
  ck_assert_uint_eq(l.row->app_pid, l.pid);
  ck_assert_uint_eq(l.row->window_count, 1);
  ck_assert_uint_eq(l.row->process_count, 1);
  ck_assert_int_eq(l.row->has_parent_pid, 1);
  ck_assert_uint_eq(l.row->parent_pid, GetCurrentProcessId());
  ck_assert_str_eq(l.row->image, "fixture_en.exe");
  ck_assert_ptr_nonnull(l.row->path);
  path_len = strlen(l.row->path);
  ck_assert_uint_gt(path_len, 16);
  ck_assert_str_eq(l.row->path + path_len - 15, "\\fixture_en.exe");
  listapps_free_list(&l.list);
}
END_TEST

START_TEST(test_tool_app_window_is_an_app) {
  const wchar_t *args[] = {L"toolapp:Tool app window"};
  assert_listed(args, 1, "Tool app window", 1);
}
END_TEST

START_TEST(test_owned_overlapped_window_is_an_app) {
  const wchar_t *args[] = {L"owned-overlapped:Owned overlapped"};
  assert_listed(args, 1, "Owned overlapped", 1);
}
END_TEST

START_TEST(test_minimised_and_odd_geometry_windows_are_apps) {
  const wchar_t *minimised[] = {L"minimized:Minimised"};
  const wchar_t *zero[] = {L"zerosize:Zero size"};
  const wchar_t *off[] = {L"offscreen:Off screen"};
  assert_listed(minimised, 1, "Minimised", 1);
  assert_listed(zero, 1, "Zero size", 1);
  assert_listed(off, 1, "Off screen", 1);
}
END_TEST

START_TEST(test_untitled_window_on_top_does_not_hide_titled_one) {
  /* The last argument's window ends topmost: the untitled one. */
  const wchar_t *args[] = {L"visible:Titled below", L"visible"};
  assert_listed(args, 2, "Titled below", 1);
}
END_TEST

START_TEST(test_two_windows_one_app_topmost_title) {
  const wchar_t *args[] = {L"visible:First", L"hidden:Hidden", L"visible:Second"};
  assert_listed(args, 3, "Second", 2);
}
END_TEST

START_TEST(test_unicode_titles) {
  const wchar_t *emoji_cjk[] = {L"visible:%D83D%DE00 \x6F22\x5B57 caf\x00E9"};
  const wchar_t *lone_surrogates[] = {L"visible:a%D800b%DC00c%D83D"};
  const wchar_t *controls[] = {L"visible:%001B[31mred%0007%000D%000A%0009tab%0085%202E"};
  assert_listed(emoji_cjk, 1, "\xF0\x9F\x98\x80 \xE6\xBC\xA2\xE5\xAD\x97 caf\xC3\xA9", 1);
  assert_listed(lone_surrogates, 1,
                "a\xEF\xBF\xBD"
                "b\xEF\xBF\xBD"
                "c\xEF\xBF\xBD",
                1);
  assert_listed(controls, 1, "\x1b[31mred\a\r\n\ttab\xC2\x85\xE2\x80\xAE", 1);
}
END_TEST

START_TEST(test_long_title_is_not_cut) {
  enum { LONG = 5000 };
  wchar_t *title = repeat_wchar(L'\x00E9', LONG);
  wchar_t *arg = malloc((LONG + 16) * sizeof *arg);
  const wchar_t *args[1];
  listing l;
  size_t i;

  ck_assert_ptr_nonnull(arg);
  wcscpy(arg, L"visible:");
  wcscat(arg, title);
  args[0] = arg;
  list_with(L"fixture_en.exe", args, 1, &l);
  ck_assert_ptr_nonnull(l.row);
  ck_assert_uint_eq(strlen(l.row->title), 2 * LONG);
  for (i = 0; i < LONG; i++) ck_assert_mem_eq(l.row->title + 2 * i, "\xC3\xA9", 2);
  listapps_free_list(&l.list);
  free(arg);
  free(title);
}
END_TEST

/* Lists a fixture variant with one plain window; checks its name and raw description. */
static void assert_named(const wchar_t *exe, const char *name, const char *description) {
  const wchar_t *args[] = {L"visible:Version test"};
  listing l;

  list_with(exe, args, 1, &l);
  ck_assert_ptr_nonnull(l.row);
  ck_assert_str_eq(l.row->name, name);
  if (description == NULL)
    ck_assert_ptr_null(l.row->description);
  else
    ck_assert_str_eq(l.row->description, description);
  listapps_free_list(&l.list);
}

START_TEST(test_names_from_version_resources) {
  assert_named(L"fixture_de_first.exe", FIXTURE_DESC_DE, FIXTURE_DESC_DE);
  assert_named(L"fixture_missing_block.exe", FIXTURE_DESC_MISSING_FALLBACK,
               FIXTURE_DESC_MISSING_FALLBACK);
  assert_named(L"fixture_blank.exe", "fixture_blank.exe", FIXTURE_DESC_BLANK);
  assert_named(L"fixture_none.exe", "fixture_none.exe", NULL);
}
END_TEST

START_TEST(test_two_processes_of_one_executable) {
  const wchar_t *a_args[] = {L"visible:Instance A"};
  const wchar_t *b_args[] = {L"visible:Instance B"};
  test_process a;
  test_process b;
  listapps_list list;
  const listapps_app *ra;
  const listapps_app *rb;

  fixture_start(L"fixture_de_first.exe", a_args, 1, &a);
  fixture_start(L"fixture_de_first.exe", b_args, 1, &b);
  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list), LISTAPPS_OK);
  ra = find_row(&list, a.pid);
  rb = find_row(&list, b.pid);
  ck_assert_ptr_nonnull(ra);
  ck_assert_ptr_nonnull(rb);
  ck_assert_str_eq(ra->title, "Instance A");
  ck_assert_str_eq(rb->title, "Instance B");
  ck_assert_str_eq(ra->name, FIXTURE_DESC_DE);
  ck_assert_str_eq(rb->name, FIXTURE_DESC_DE);
  /* Same name: the lower PID comes first. */
  ck_assert_int_eq(ra < rb, a.pid < b.pid);
  listapps_free_list(&list);
  fixture_stop(&b);
  fixture_stop(&a);
}
END_TEST

START_TEST(test_rows_are_sorted) {
  const wchar_t *args[] = {L"visible:Sorted"};
  test_process p[3];
  listapps_list list;
  size_t i;

  fixture_start(L"fixture_none.exe", args, 1, &p[0]);
  fixture_start(L"fixture_en.exe", args, 1, &p[1]);
  fixture_start(L"fixture_blank.exe", args, 1, &p[2]);
  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list), LISTAPPS_OK);
  ck_assert_uint_ge(list.count, 3);
  for (i = 1; i < list.count; i++) {
    int c = la_compare_names(list.apps[i - 1].name, list.apps[i].name);
    ck_assert_msg(c < 0 || (c == 0 && list.apps[i - 1].pid < list.apps[i].pid),
                  "rows %lu and %lu out of order", (unsigned long)(i - 1), (unsigned long)i);
  }
  listapps_free_list(&list);
  for (i = 0; i < 3; i++) fixture_stop(&p[i]);
}
END_TEST

START_TEST(test_exited_process_is_not_listed) {
  const wchar_t *args[] = {L"visible:Gone soon"};
  test_process p;
  listapps_list list;
  unsigned long pid;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  pid = p.pid;
  fixture_stop(&p);
  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list), LISTAPPS_OK);
  ck_assert_ptr_null(find_row(&list, pid));
  listapps_free_list(&list);
}
END_TEST

/* The number of different paths among the rows, compared without regard to case. */
static size_t distinct_paths(const listapps_list *list) {
  size_t distinct = 0;
  size_t i;
  size_t k;

  for (i = 0; i < list->count; i++) {
    int seen = 0;
    if (list->apps[i].path == NULL) continue;
    for (k = 0; k < i && !seen; k++)
      seen = list->apps[k].path != NULL && _stricmp(list->apps[k].path, list->apps[i].path) == 0;
    distinct += !seen;
  }
  return distinct;
}

START_TEST(test_each_executable_is_read_once) {
  const wchar_t *args[] = {L"visible:Read once"};
  test_process p[5];
  listapps_list list;
  la_list_stats stats;
  size_t i;

  for (i = 0; i < 3; i++) fixture_start(L"fixture_en.exe", args, 1, &p[i]);
  for (i = 3; i < 5; i++) fixture_start(L"fixture_de_first.exe", args, 1, &p[i]);
  ck_assert_int_eq(la_list_apps_counted(LISTAPPS_LIST_DEFAULT, &list, &stats), LISTAPPS_OK);
  ck_assert_uint_ge(list.count, 5);
  ck_assert_uint_eq(stats.version_reads, distinct_paths(&list));
  ck_assert_uint_le(stats.version_reads, list.count - 3);
  ck_assert_uint_ge(stats.windows_seen, 5);
  listapps_free_list(&list);
  ck_assert_int_eq(la_list_apps_counted(LISTAPPS_LIST_ALL, &list, &stats), LISTAPPS_OK);
  ck_assert_uint_eq(stats.version_reads, distinct_paths(&list));
  ck_assert_uint_eq(stats.probes, stats.processes_seen);
  listapps_free_list(&list);
  for (i = 0; i < 5; i++) fixture_stop(&p[i]);
}
END_TEST

/* A watch's listings share a version cache: the first reads each executable, the next reads
 * none, and names the same. */
/* 1 when path is the Path of a row of s, ignoring case. */
static int has_path(const listapps_snapshot *s, const char *path) {
  size_t i;

  for (i = 0; i < listapps_snapshot_count(s); i++) {
    const char *p = NULL;
    if (listapps_snapshot_get_string(s, i, LISTAPPS_FIELD_PATH, &p) == LISTAPPS_VALUE_PRESENT &&
        _stricmp(p, path) == 0)
      return 1;
  }
  return 0;
}

/* The executables of `later` that `earlier` did not have, each counted once. */
static size_t new_paths(const listapps_snapshot *earlier, const listapps_snapshot *later) {
  size_t count = 0;
  size_t i;
  size_t k;

  for (i = 0; i < listapps_snapshot_count(later); i++) {
    const char *p = NULL;
    int seen = 0;
    if (listapps_snapshot_get_string(later, i, LISTAPPS_FIELD_PATH, &p) != LISTAPPS_VALUE_PRESENT ||
        has_path(earlier, p))
      continue;
    for (k = 0; k < i && !seen; k++) {
      const char *q = NULL;
      seen = listapps_snapshot_get_string(later, k, LISTAPPS_FIELD_PATH, &q) ==
                 LISTAPPS_VALUE_PRESENT &&
             _stricmp(p, q) == 0;
    }
    count += !seen;
  }
  return count;
}

/* The string value of PID pid's row in s, or NULL when it has no row. */
static const char *row_string(const listapps_snapshot *s, unsigned long pid, int field) {
  size_t row = find_snapshot_row(s, pid);
  const char *value = NULL;

  if (row != (size_t)-1) listapps_snapshot_get_string(s, row, field, &value);
  return value;
}

/* The start time of PID pid's row in s; 0 when it has none. */
static long long row_start_time(const listapps_snapshot *s, unsigned long pid) {
  size_t row = find_snapshot_row(s, pid);
  long long start = 0;

  if (row != (size_t)-1) listapps_snapshot_get_integer(s, row, LISTAPPS_FIELD_START_TIME, &start);
  return start;
}

static void count_exit(void *context) {
  InterlockedIncrement((volatile LONG *)context);
}

/* A watch's looks share a memory (win/watch_memory.h): the second look reads no version
 * resource it read before, takes the fixture's process and window facts and its command line
 * from the first, and
 * shows the same row; once the fixture exits, its wait says so and the next look lets it go. */
START_TEST(test_watch_memory_reads_each_thing_once) {
  const wchar_t *args[] = {L"visible:Remembered once"};
  static const int fields[] = {LISTAPPS_FIELD_PID,        LISTAPPS_FIELD_NAME,
                               LISTAPPS_FIELD_PATH,       LISTAPPS_FIELD_TITLE,
                               LISTAPPS_FIELD_START_TIME, LISTAPPS_FIELD_COMMAND_LINE};
  static const int compared[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_PATH, LISTAPPS_FIELD_TITLE,
                                 LISTAPPS_FIELD_COMMAND_LINE};
  volatile LONG exits = 0;
  la_watch_memory memory;
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_snapshot *first = NULL;
  listapps_snapshot *second = NULL;
  listapps_snapshot *third = NULL;
  la_list_stats stats;
  test_process p;
  unsigned long pid;
  size_t i;
  int waited;

  o.fields = fields;
  o.field_count = sizeof fields / sizeof fields[0];
  memset(&memory, 0, sizeof memory);
  memory.versions = la_version_cache_new();
  memory.processes = la_held_processes_new(count_exit, (void *)&exits);
  memory.windows = la_window_memory_new();
  ck_assert(memory.versions != NULL && memory.processes != NULL && memory.windows != NULL);
  fixture_start(L"fixture_en.exe", args, 1, &p);
  pid = p.pid;
  ck_assert_int_eq(la_snapshot_take_remembering(&o, &first, NULL, &stats, &memory), LISTAPPS_OK);
  ck_assert_uint_ge(stats.version_reads, 1);
  ck_assert_uint_ge(stats.probes, 1);
  ck_assert(la_held_processes_has(memory.processes, pid));
  ck_assert_int_eq(la_snapshot_take_remembering(&o, &second, NULL, &stats, &memory), LISTAPPS_OK);
  /* Only executables that were not there the first time are read: other tests may start
   * programs meanwhile. */
  ck_assert_uint_eq(stats.version_reads, new_paths(first, second));
  ck_assert_uint_ge(stats.processes_remembered, 1);
  ck_assert_uint_ge(stats.windows_remembered, 1);
  ck_assert_uint_ge(stats.details_remembered, 1);
  ck_assert_ptr_nonnull(row_string(first, pid, LISTAPPS_FIELD_NAME));
  ck_assert_str_eq(row_string(first, pid, LISTAPPS_FIELD_NAME), FIXTURE_DESC_EN);
  ck_assert_str_eq(row_string(first, pid, LISTAPPS_FIELD_TITLE), "Remembered once");
  ck_assert_ptr_nonnull(row_string(first, pid, LISTAPPS_FIELD_COMMAND_LINE));
  ck_assert_ptr_nonnull(strstr(row_string(first, pid, LISTAPPS_FIELD_COMMAND_LINE), "fixture_en"));
  for (i = 0; i < sizeof compared / sizeof compared[0]; i++) {
    const char *a = row_string(first, pid, compared[i]);
    const char *b = row_string(second, pid, compared[i]);
    ck_assert_msg(a != NULL && b != NULL && strcmp(a, b) == 0, "field %d: %s then %s", compared[i],
                  a != NULL ? a : "(none)", b != NULL ? b : "(none)");
  }
  ck_assert(row_start_time(first, pid) != 0);
  ck_assert(row_start_time(first, pid) == row_start_time(second, pid));
  fixture_stop(&p);
  /* The wait on the held handle says the process exited. */
  for (waited = 0; waited < 100 && exits == 0; waited++) Sleep(50);
  ck_assert_int_ge(exits, 1);
  ck_assert_int_eq(la_snapshot_take_remembering(&o, &third, NULL, &stats, &memory), LISTAPPS_OK);
  ck_assert_ptr_null(row_string(third, pid, LISTAPPS_FIELD_NAME));
  ck_assert(!la_held_processes_has(memory.processes, pid));
  listapps_snapshot_free(third);
  listapps_snapshot_free(second);
  listapps_snapshot_free(first);
  la_held_processes_free(memory.processes);
  la_version_cache_free(memory.versions);
  la_window_memory_free(memory.windows);
}
END_TEST

/* Several threads list at once while a fixture is up: each sees it. */
typedef struct thread_job {
  unsigned long pid;
  int found;
  int status;
} thread_job;

/* The handle of the topmost window of PID pid's row in s; 0 when it has none. */
static uintptr_t row_hwnd(const listapps_snapshot *s, unsigned long pid) {
  size_t row = find_snapshot_row(s, pid);
  long long hwnd = 0;

  if (row != (size_t)-1)
    listapps_snapshot_get_window_integer(s, row, 0, LISTAPPS_FIELD_HWND, &hwnd);
  return (uintptr_t)hwnd;
}

/* A partial look (the watch's, after window events) reads again only the windows the events
 * named: a retitle no event named is not seen until a window of its is named, or a full look. */
START_TEST(test_partial_look_reads_only_named_windows) {
  const wchar_t *args[] = {L"visible:Partial before zq5"};
  static const int fields[] = {LISTAPPS_FIELD_PID, LISTAPPS_FIELD_TITLE};
  la_watch_memory memory;
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_snapshot *s = NULL;
  la_list_stats stats;
  test_process p;
  unsigned long long when = 0;
  uintptr_t hwnd;

  o.fields = fields;
  o.field_count = sizeof fields / sizeof fields[0];
  memset(&memory, 0, sizeof memory);
  memory.windows = la_window_memory_new();
  ck_assert_ptr_nonnull(memory.windows);
  fixture_start(L"fixture_en.exe", args, 1, &p);
  ck_assert_int_eq(la_snapshot_take_remembering(&o, &s, NULL, &stats, &memory), LISTAPPS_OK);
  ck_assert_str_eq(row_string(s, p.pid, LISTAPPS_FIELD_TITLE), "Partial before zq5");
  hwnd = row_hwnd(s, p.pid);
  ck_assert(hwnd != 0);
  listapps_snapshot_free(s);
  ck_assert_msg(test_process_command(&p, "title 0 Partial after zq5", 10000, &when) == 0, "%s",
                p.failure);

  /* No window named: the row is as the last look saw it, read from nowhere. */
  memory.partial = 1;
  ck_assert_int_eq(la_snapshot_take_remembering(&o, &s, NULL, &stats, &memory), LISTAPPS_OK);
  ck_assert_str_eq(row_string(s, p.pid, LISTAPPS_FIELD_TITLE), "Partial before zq5");
  ck_assert_uint_ge(stats.windows_remembered, 1);
  listapps_snapshot_free(s);

  /* Its window named: read again. */
  memory.touched = &hwnd;
  memory.touched_count = 1;
  ck_assert_int_eq(la_snapshot_take_remembering(&o, &s, NULL, &stats, &memory), LISTAPPS_OK);
  ck_assert_str_eq(row_string(s, p.pid, LISTAPPS_FIELD_TITLE), "Partial after zq5");
  listapps_snapshot_free(s);

  /* A full look reads every window. */
  ck_assert_msg(test_process_command(&p, "title 0 Partial last zq5", 10000, &when) == 0, "%s",
                p.failure);
  memory.partial = 0;
  memory.touched = NULL;
  memory.touched_count = 0;
  ck_assert_int_eq(la_snapshot_take_remembering(&o, &s, NULL, &stats, &memory), LISTAPPS_OK);
  ck_assert_str_eq(row_string(s, p.pid, LISTAPPS_FIELD_TITLE), "Partial last zq5");
  listapps_snapshot_free(s);
  la_window_memory_free(memory.windows);
  fixture_stop(&p);
}
END_TEST

static DWORD WINAPI list_in_thread(void *arg) {
  thread_job *job = arg;
  int round;

  for (round = 0; round < 20; round++) {
    listapps_list list;
    size_t i;
    job->status = listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list);
    if (job->status != LISTAPPS_OK) return 1;
    for (i = 0; i < list.count; i++) {
      if (list.apps[i].pid == job->pid && strcmp(list.apps[i].title, "Threads") == 0) job->found++;
    }
    listapps_free_list(&list);
  }
  return 0;
}

START_TEST(test_concurrent_calls) {
  enum { THREADS = 4 };
  const wchar_t *args[] = {L"visible:Threads"};
  test_process p;
  thread_job jobs[THREADS];
  HANDLE threads[THREADS];
  int i;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  for (i = 0; i < THREADS; i++) {
    jobs[i].pid = p.pid;
    jobs[i].found = 0;
    jobs[i].status = -99;
    threads[i] = CreateThread(NULL, 0, list_in_thread, &jobs[i], 0, NULL);
    ck_assert_ptr_nonnull(threads[i]);
  }
  ck_assert_uint_eq(WaitForMultipleObjects(THREADS, threads, TRUE, 120000), WAIT_OBJECT_0);
  for (i = 0; i < THREADS; i++) {
    CloseHandle(threads[i]);
    ck_assert_int_eq(jobs[i].status, LISTAPPS_OK);
    ck_assert_int_eq(jobs[i].found, 20);
  }
  fixture_stop(&p);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("list_apps");
  TCase *invalid = tcase_create("invalid input");
  TCase *not_apps = tcase_create("windows that are not apps");
  TCase *apps = tcase_create("windows that are apps");
  TCase *names = tcase_create("names and order");
  TCase *edges = tcase_create("boundaries");

  tcase_add_test(invalid, test_invalid_arguments);
  tcase_add_test(invalid, test_fixture_that_cannot_start_says_why);
  tcase_add_test(not_apps, test_hidden_window_is_not_an_app);
  tcase_add_test(not_apps, test_tool_window_is_not_an_app);
  tcase_add_test(not_apps, test_owned_popup_is_not_an_app);
  tcase_add_test(not_apps, test_untitled_window_is_not_an_app);
  tcase_add_test(not_apps, test_shell_classes_are_not_apps);
  tcase_add_test(apps, test_visible_window_is_an_app_with_every_field);
  tcase_add_test(apps, test_tool_app_window_is_an_app);
  tcase_add_test(apps, test_owned_overlapped_window_is_an_app);
  tcase_add_test(apps, test_minimised_and_odd_geometry_windows_are_apps);
  tcase_add_test(apps, test_untitled_window_on_top_does_not_hide_titled_one);
  tcase_add_test(apps, test_two_windows_one_app_topmost_title);
  tcase_add_test(names, test_names_from_version_resources);
  tcase_add_test(names, test_two_processes_of_one_executable);
  tcase_add_test(names, test_rows_are_sorted);
  tcase_add_test(names, test_each_executable_is_read_once);
  tcase_add_test(names, test_watch_memory_reads_each_thing_once);
  tcase_add_test(names, test_partial_look_reads_only_named_windows);
  tcase_add_test(edges, test_unicode_titles);
  tcase_add_test(edges, test_long_title_is_not_cut);
  tcase_add_test(edges, test_exited_process_is_not_listed);
  tcase_add_test(edges, test_concurrent_calls);
  suite_add_tcase(s, invalid);
  suite_add_tcase(s, not_apps);
  suite_add_tcase(s, apps);
  suite_add_tcase(s, names);
  suite_add_tcase(s, edges);
  return s;
}
