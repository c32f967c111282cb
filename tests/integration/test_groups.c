/*
 * App groups, categories, UWP frames and windows against real processes: fixtures that spawn
 * children (apps among them, nested in their launcher's group), exit and leave orphans, or host
 * a frame whose core window is another process's; a copy of a fixture named
 * ApplicationFrameHost.exe; and, under tests/fixtures/windowed_parent.c (the windowed_* tests),
 * the fixtures of a suite that an App started.
 *
 * Built a second time with LISTAPPS_TEST_WINE_SYSTEM_FILES, as test_groups_wine, it holds only
 * the cases that put copies of a fixture at the names and paths of Task Manager's system
 * processes and of the shell (%windir%\explorer.exe): those write into the Windows directories,
 * which only a Wine test prefix may have done to it, so that suite is built and registered under
 * Wine only, and fails at once anywhere else rather than replace a real shell.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fixture_run.h"
#include "fixture_strings.h"
#include "listapps.h"
#include "suite.h"
#include "test_detach.h"
#include "test_file.h"

/* How long a just-exited fixture's image may stay in use (Windows holds it a moment). */
#define IMAGE_RELEASE_MS 10000u

static void list_ok(unsigned flags, listapps_list *list) {
  ck_assert_int_eq(listapps_list_apps(flags, list), LISTAPPS_OK);
  ck_assert_uint_eq(list->flags, flags);
}

/* The first row whose parent is pid and whose image is image. */
static const listapps_app *find_child_of(const listapps_list *list, unsigned long pid,
                                         const char *image) {
  size_t i;

  for (i = 0; i < list->count; i++) {
    const listapps_app *a = &list->apps[i];
    if (a->has_parent_pid && a->parent_pid == pid && a->image != NULL &&
        _stricmp(a->image, image) == 0)
      return a;
  }
  return NULL;
}

/* 1 when pid is among the App's group. */
static int in_group(const listapps_app *app, unsigned long pid) {
  size_t i;

  for (i = 0; i < app->process_count; i++)
    if (app->member_pids[i] == pid) return 1;
  return 0;
}

/* Copies fixture_en.exe to path. */
static void copy_fixture_to(const wchar_t *path) {
  wchar_t *fixture = test_path_beside_self(L"fixture_en.exe");
  BOOL copied = CopyFileW(fixture, path, FALSE);
  DWORD code = GetLastError();

  free(fixture);
  ck_assert_msg(copied, "CopyFileW to %ls failed: %lu", path, (unsigned long)code);
}

/* Starts the program at path with window arguments, as fixture_start does for the fixtures
 * beside the test. */
static void program_start(const wchar_t *path, const wchar_t *const *args, size_t arg_count,
                          test_process *p) {
  wchar_t *cmdline = NULL;
  size_t i;
  int rc;

  for (i = 0; i < arg_count; i++) ck_assert_int_eq(test_cmdline_append(&cmdline, args[i]), 0);
  rc = test_process_start(path, cmdline, FIXTURE_TIMEOUT_MS, p);
  free(cmdline);
  ck_assert_msg(rc == 0, "%ls did not start: %s", path, p->failure);
}

#ifndef LISTAPPS_TEST_WINE_SYSTEM_FILES

/* The first row whose parent is pid. */
static const listapps_app *find_child(const listapps_list *list, unsigned long pid) {
  size_t i;

  for (i = 0; i < list->count; i++) {
    if (list->apps[i].has_parent_pid && list->apps[i].parent_pid == pid) return &list->apps[i];
  }
  return NULL;
}

START_TEST(test_invalid_flags) {
  listapps_list list;
  ck_assert_int_eq(listapps_list_apps(0x2u, &list), LISTAPPS_EINVAL);
  ck_assert_ptr_null(list.apps);
}
END_TEST

/* The member of the App's group that is a fixture (Wine may add its desktop process,
 * explorer.exe, which it starts as a child of the first process to open a window). */
static const listapps_app *fixture_member(const listapps_list *all, const listapps_app *app) {
  const listapps_app *found = NULL;
  size_t i;

  for (i = 1; i < app->process_count; i++) {
    const listapps_app *m = find_row(all, app->member_pids[i]);
    ck_assert_ptr_nonnull(m);
    if (strcmp(m->image, "explorer.exe") == 0) continue;
    ck_assert_ptr_null(found);
    ck_assert_str_eq(m->image, "fixture_en.exe");
    found = m;
  }
  return found;
}

START_TEST(test_windowless_child_joins_the_group) {
  const wchar_t *args[] = {L"visible:Parent app", L"spawn:"};
  test_process p;
  listapps_list all;
  const listapps_app *app;
  const listapps_app *child;
  size_t i;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  list_ok(LISTAPPS_LIST_ALL, &all);
  app = find_row(&all, p.pid);
  ck_assert_ptr_nonnull(app);
  ck_assert_uint_ge(app->process_count, 2);
  ck_assert_uint_eq(app->member_pids[0], p.pid);
  child = fixture_member(&all, app);
  ck_assert_ptr_nonnull(child);
  ck_assert_int_eq(child->category, LISTAPPS_CATEGORY_APP);
  ck_assert_uint_eq(child->app_pid, p.pid);
  ck_assert_uint_eq(child->parent_pid, p.pid);
  ck_assert_ptr_null(child->title);
  ck_assert_uint_eq(child->window_count, 0);
  ck_assert_uint_eq(child->process_count, 1);
  /* In the --all order the members follow their App. */
  for (i = 1; i < app->process_count; i++) {
    const listapps_app *m = find_row(&all, app->member_pids[i]);
    ck_assert_uint_eq(m->app_pid, p.pid);
    ck_assert(m > app && m <= app + (app->process_count - 1));
  }
  listapps_free_list(&all);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_app_list_counts_the_group) {
  const wchar_t *args[] = {L"visible:Parent app", L"spawn:", L"spawn:"};
  test_process p;
  listapps_list list;
  listapps_list all;
  const listapps_app *app;
  const listapps_app *app_in_all;
  size_t i;

  fixture_start(L"fixture_en.exe", args, 3, &p);
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  list_ok(LISTAPPS_LIST_ALL, &all);
  app = find_row(&list, p.pid);
  app_in_all = find_row(&all, p.pid);
  ck_assert_ptr_nonnull(app);
  ck_assert_ptr_nonnull(app_in_all);
  ck_assert_uint_ge(app->process_count, 3);
  /* The members are not rows of the App list. */
  for (i = 1; i < app->process_count; i++) ck_assert_ptr_null(find_row(&list, app->member_pids[i]));
  listapps_free_list(&all);
  listapps_free_list(&list);
  fixture_stop(&p);
}
END_TEST


START_TEST(test_windowed_child_nests_in_its_parents_group) {
  /* 1.0 made a windowed child an App of its own. Task Manager shows an app started by another
   * app inside the launcher's group (Teams and Affinity started from PowerToys' Command Palette
   * show under Command Palette): the child is now a member of its parent's group, with no row
   * of its own, and its window counts in the parent's row. */
  const wchar_t *args[] = {L"visible:Parent app", L"spawn:visible:Child app"};
  test_process p;
  listapps_list list;
  listapps_list all;
  const listapps_app *parent;
  const listapps_app *child;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  list_ok(LISTAPPS_LIST_ALL, &all);
  parent = find_row(&list, p.pid);
  child = find_child_of(&all, p.pid, "fixture_en.exe");
  ck_assert_ptr_nonnull(parent);
  ck_assert_ptr_nonnull(child);
  ck_assert_ptr_null(find_row(&list, child->pid));
  ck_assert_uint_ge(parent->process_count, 2);
  ck_assert(in_group(parent, child->pid));
  ck_assert_str_eq(parent->title, "Parent app");
  ck_assert_uint_eq(parent->window_count, 2);
  ck_assert_int_eq(child->category, LISTAPPS_CATEGORY_APP);
  ck_assert_uint_eq(child->app_pid, p.pid);
  ck_assert_ptr_null(child->title);
  ck_assert_uint_eq(child->window_count, 0);
  listapps_free_list(&all);
  listapps_free_list(&list);
  fixture_stop(&p);
}
END_TEST

static listapps_snapshot *take_snapshot(unsigned flags) {
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_snapshot *s = NULL;

  o.flags = flags;
  ck_assert_int_eq(listapps_snapshot_take(&o, &s, NULL), LISTAPPS_OK);
  ck_assert_ptr_nonnull(s);
  return s;
}

START_TEST(test_chain_of_apps_is_one_app) {
  /* An app that starts an app that starts a windowless process: one App, of 3 processes, with
   * the windows of both apps; the root's own window first (it gives the Title) although the
   * nested app's window is above it. */
  const wchar_t *args[] = {L"visible:Root app", L"spawn:visible:Nested app|spawn:"};
  test_process p;
  listapps_list list;
  listapps_list all;
  listapps_snapshot *s;
  const listapps_app *root;
  const listapps_app *nested;
  const listapps_app *helper;
  size_t row;
  long long pid = 0;
  size_t i;
  size_t fixtures = 0;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  list_ok(LISTAPPS_LIST_ALL, &all);
  nested = find_child_of(&all, p.pid, "fixture_en.exe");
  ck_assert_ptr_nonnull(nested);
  helper = find_child_of(&all, nested->pid, "fixture_en.exe");
  ck_assert_ptr_nonnull(helper);
  root = find_row(&list, p.pid);
  ck_assert_ptr_nonnull(root);
  ck_assert_ptr_null(find_row(&list, nested->pid));
  ck_assert_ptr_null(find_row(&list, helper->pid));
  ck_assert_str_eq(root->name, FIXTURE_DESC_EN);
  ck_assert_str_eq(root->title, "Root app");
  ck_assert_uint_eq(root->window_count, 2);
  ck_assert_str_eq(root->windows[0].title, "Root app");
  ck_assert_str_eq(root->windows[1].title, "Nested app");
  /* Wine's desktop process may join a group too: count the fixtures. */
  for (i = 0; i < root->process_count; i++) {
    const listapps_app *m = find_row(&all, root->member_pids[i]);
    ck_assert_ptr_nonnull(m);
    fixtures += strcmp(m->image, "fixture_en.exe") == 0;
  }
  ck_assert_uint_eq(fixtures, 3);
  ck_assert(in_group(root, nested->pid));
  ck_assert(in_group(root, helper->pid));
  /* With --all the nested app is a member: Category App, AppPID the root. */
  ck_assert_int_eq(nested->category, LISTAPPS_CATEGORY_APP);
  ck_assert_uint_eq(nested->app_pid, p.pid);
  ck_assert_int_eq(helper->category, LISTAPPS_CATEGORY_APP);
  ck_assert_uint_eq(helper->app_pid, p.pid);
  /* --windows: each window with its own PID. */
  s = take_snapshot(LISTAPPS_LIST_DEFAULT);
  row = find_snapshot_row(s, p.pid);
  ck_assert_uint_ne(row, (size_t)-1);
  ck_assert_uint_eq(listapps_snapshot_window_count(s, row), 2);
  ck_assert_int_eq(listapps_snapshot_get_window_integer(s, row, 0, LISTAPPS_FIELD_PID, &pid),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_int_eq(pid, (long long)p.pid);
  ck_assert_int_eq(listapps_snapshot_get_window_integer(s, row, 1, LISTAPPS_FIELD_PID, &pid),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_int_eq(pid, (long long)nested->pid);
  ck_assert_int_eq(listapps_snapshot_get_integer(s, row, LISTAPPS_FIELD_PROCESSES, &pid),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_int_ge(pid, 3);
  listapps_snapshot_free(s);
  listapps_free_list(&all);
  listapps_free_list(&list);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_windowless_parent_of_a_windowed_child) {
  const wchar_t *args[] = {L"spawn:visible:Only the child"};
  test_process p;
  listapps_list list;
  listapps_list all;
  const listapps_app *child;
  const listapps_app *parent;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  ck_assert_ptr_null(find_row(&list, p.pid));
  child = find_child(&list, p.pid);
  ck_assert_ptr_nonnull(child);
  ck_assert_str_eq(child->title, "Only the child");
  list_ok(LISTAPPS_LIST_ALL, &all);
  parent = find_row(&all, p.pid);
  ck_assert_ptr_nonnull(parent);
  ck_assert_int_eq(parent->category, LISTAPPS_CATEGORY_BACKGROUND);
  ck_assert_uint_eq(parent->app_pid, 0);
  ck_assert_str_eq(parent->name, FIXTURE_DESC_EN);
  listapps_free_list(&all);
  listapps_free_list(&list);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_orphan_is_a_root) {
  const wchar_t *args[] = {L"spawn:visible:Orphan", L"exit"};
  test_process p;
  listapps_list list;
  const listapps_app *orphan;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  ck_assert_uint_eq(WaitForSingleObject(p.process, FIXTURE_TIMEOUT_MS), WAIT_OBJECT_0);
  list_ok(LISTAPPS_LIST_ALL, &list);
  ck_assert_ptr_null(find_row(&list, p.pid));
  orphan = find_child(&list, p.pid);
  ck_assert_ptr_nonnull(orphan);
  ck_assert_str_eq(orphan->title, "Orphan");
  ck_assert_int_eq(orphan->category, LISTAPPS_CATEGORY_APP);
  ck_assert_uint_eq(orphan->app_pid, orphan->pid);
  listapps_free_list(&list);
  /* Closing the fixture's stdin ends the orphan, which shares it. */
  fixture_stop(&p);
}
END_TEST

START_TEST(test_uwp_frame_of_an_unknown_host_counts_for_nobody) {
  /* A frame counts for its core window's process only when the system's
   * ApplicationFrameHost.exe draws it and that process is a packaged app (issue 23; the
   * counting case is tested in test_app_rules, as Wine has no packaged processes): here any
   * program draws it, for an unpackaged one. */
  const wchar_t *host_args[] = {L"frame:Calculator frame"};
  const wchar_t *app_args[] = {L"core-into:Calculator frame"};
  test_process host;
  test_process app;
  listapps_list list;

  fixture_start(L"fixture_none.exe", host_args, 1, &host);
  fixture_start(L"fixture_de_first.exe", app_args, 1, &app);
  ck_assert_ptr_nonnull(FindWindowW(L"ApplicationFrameWindow", L"Calculator frame"));
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  ck_assert_ptr_null(find_row(&list, host.pid));
  ck_assert_ptr_null(find_row(&list, app.pid));
  listapps_free_list(&list);
  fixture_stop(&app);
  fixture_stop(&host);
}
END_TEST

START_TEST(test_frame_without_core_window_is_not_an_app) {
  const wchar_t *args[] = {L"frame:Lonely frame"};
  test_process p;
  listapps_list list;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  ck_assert_ptr_null(find_row(&list, p.pid));
  listapps_free_list(&list);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_all_lists_every_process_in_order) {
  const wchar_t *args[] = {L"visible:Everything"};
  test_process p;
  listapps_list list;
  int seen_services = 0;
  int last_category = LISTAPPS_CATEGORY_APP;
  size_t i;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  list_ok(LISTAPPS_LIST_ALL, &list);
  ck_assert_ptr_nonnull(find_row(&list, p.pid));
  ck_assert_ptr_nonnull(find_row(&list, GetCurrentProcessId()));
  for (i = 0; i < list.count; i++) {
    const listapps_app *a = &list.apps[i];
    ck_assert_int_ge(a->category, last_category);
    last_category = a->category;
    ck_assert_ptr_nonnull(a->name);
    ck_assert_int_eq(a->has_parent_pid, 1);
    if (a->category != LISTAPPS_CATEGORY_APP) {
      ck_assert_uint_eq(a->app_pid, 0);
      ck_assert_ptr_null(a->title);
    }
    /* Wine runs services.exe from its system directory: a Windows process. */
    if (a->image != NULL && strcmp(a->image, "services.exe") == 0) {
      ck_assert_int_eq(a->category, LISTAPPS_CATEGORY_WINDOWS);
      seen_services = 1;
    }
    if (a->image != NULL && strcmp(a->image, "svchost.exe") == 0 && a->path != NULL) {
      ck_assert_int_eq(a->category, LISTAPPS_CATEGORY_WINDOWS);
      ck_assert_int_eq(strncmp(a->name, "Service Host: ", 14), 0);
    }
  }
  ck_assert_int_eq(seen_services, 1);
  listapps_free_list(&list);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_windows_of_an_app) {
  const wchar_t *args[] = {L"visible:Lower", L"tool:Not counted", L"visible:Upper"};
  test_process p;
  listapps_list list;
  const listapps_app *row;

  fixture_start(L"fixture_en.exe", args, 3, &p);
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  row = find_row(&list, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_uint_eq(row->window_count, 2);
  ck_assert_str_eq(row->windows[0].title, "Upper");
  ck_assert_str_eq(row->windows[1].title, "Lower");
  ck_assert_str_eq(row->windows[0].class_name, "listapps_fixture");
  ck_assert_uint_eq(row->windows[1].hwnd,
                    (unsigned long long)(uintptr_t)FindWindowW(L"listapps_fixture", L"Lower"));
  listapps_free_list(&list);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_frame_host_is_never_an_app) {
  /* A fixture named ApplicationFrameHost.exe with a titled window of its own class is no App;
   * nor is the process of the core window in a frame it hosts, since it is not the system's
   * ApplicationFrameHost.exe (issue 23). */
  const wchar_t *host_args[] = {L"visible:Frame host's own window", L"frame:Hosted frame"};
  const wchar_t *app_args[] = {L"core-into:Hosted frame"};
  wchar_t *host_exe = test_path_beside_self(L"ApplicationFrameHost.exe");
  test_process host;
  test_process app;
  listapps_list list;
  listapps_list all;
  const listapps_app *row;

  copy_fixture_to(host_exe);
  program_start(host_exe, host_args, 2, &host);
  fixture_start(L"fixture_de_first.exe", app_args, 1, &app);
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  list_ok(LISTAPPS_LIST_ALL, &all);
  ck_assert_ptr_null(find_row(&list, host.pid));
  ck_assert_ptr_null(find_row(&list, app.pid));
  row = find_row(&all, host.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_int_eq(row->category, LISTAPPS_CATEGORY_BACKGROUND);
  ck_assert_uint_eq(row->app_pid, 0);
  listapps_free_list(&all);
  listapps_free_list(&list);
  fixture_stop(&app);
  fixture_stop(&host);
  ck_assert(DeleteFileW(host_exe));
  free(host_exe);
}
END_TEST

/* Run under tests/fixtures/windowed_parent.c (the windowed_* tests): the suite as its launcher
 * started it is in the window's group, as a test below a visible console window is on a CI
 * runner, so a fixture it started would have no row of its own. The suite runs detached from it
 * (tests/support/test_detach.h): this process is in no App's group, and its fixture is an App
 * with its own row and title. */
START_TEST(test_under_a_windowed_parent_the_fixtures_are_apps_of_their_own) {
  const wchar_t *args[] = {L"visible:Below a windowed parent"};
  unsigned long parent = test_windowed_parent();
  unsigned long launched = test_detached_from();
  test_process p;
  listapps_list list;
  listapps_list all;
  const listapps_app *row;

  ck_assert_uint_ne(parent, 0);
  ck_assert_msg(launched != 0, "the suite was not detached from the windowed parent's tree");
  fixture_start(L"fixture_en.exe", args, 1, &p);
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  list_ok(LISTAPPS_LIST_ALL, &all);
  /* The windowed parent is an App, and the suite as started is in its group. */
  row = find_row(&list, parent);
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->title, TEST_WINDOWED_PARENT_TITLE);
  ck_assert(in_group(row, launched));
  ck_assert(!in_group(row, GetCurrentProcessId()));
  ck_assert(!in_group(row, p.pid));
  row = find_row(&all, launched);
  ck_assert_ptr_nonnull(row);
  ck_assert_uint_eq(row->app_pid, parent);
  ck_assert_int_eq(row->category, LISTAPPS_CATEGORY_APP);
  /* This process is not: its recorded parent has exited. */
  row = find_row(&all, GetCurrentProcessId());
  ck_assert_ptr_nonnull(row);
  ck_assert_uint_ne(row->app_pid, parent);
  ck_assert(!row->has_parent_pid || find_row(&all, row->parent_pid) == NULL ||
            find_row(&all, row->parent_pid)->app_pid != parent);
  /* The fixture: an App of its own, its row its own. */
  row = find_row(&list, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->title, "Below a windowed parent");
  ck_assert_uint_eq(row->app_pid, p.pid);
  ck_assert_uint_eq(row->parent_pid, GetCurrentProcessId());
  listapps_free_list(&all);
  listapps_free_list(&list);
  fixture_stop(&p);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("groups");
  TCase *invalid = tcase_create("invalid input");
  TCase *groups = tcase_create("groups");
  TCase *uwp = tcase_create("uwp frames");
  TCase *all = tcase_create("all processes and windows");

  tcase_add_test(invalid, test_invalid_flags);
  tcase_add_test(groups, test_windowless_child_joins_the_group);
  tcase_add_test(groups, test_app_list_counts_the_group);
  tcase_add_test(groups, test_windowed_child_nests_in_its_parents_group);
  tcase_add_test(groups, test_chain_of_apps_is_one_app);
  tcase_add_test(groups, test_windowless_parent_of_a_windowed_child);
  tcase_add_test(groups, test_orphan_is_a_root);
  tcase_add_test(uwp, test_uwp_frame_of_an_unknown_host_counts_for_nobody);
  tcase_add_test(uwp, test_frame_without_core_window_is_not_an_app);
  tcase_add_test(uwp, test_frame_host_is_never_an_app);
  tcase_add_test(all, test_all_lists_every_process_in_order);
  tcase_add_test(all, test_windows_of_an_app);
  suite_add_tcase(s, invalid);
  suite_add_tcase(s, groups);
  suite_add_tcase(s, uwp);
  suite_add_tcase(s, all);
  /* Only under the windowed parent is there one to check against. */
  if (test_windowed_parent() != 0) {
    TCase *windowed = tcase_create("under a windowed parent");
    tcase_add_test(windowed, test_under_a_windowed_parent_the_fixtures_are_apps_of_their_own);
    suite_add_tcase(s, windowed);
  }
  return s;
}

#else /* LISTAPPS_TEST_WINE_SYSTEM_FILES */

/* ---- Copies of a fixture at the paths of system processes ---------------------------------
 * These write into the Windows directories, which only a test prefix may have done to it: under
 * real Windows they would replace the shell, so this suite is registered only under Wine, and
 * its set-up fails each test where it finds it is not (never returning early as a pass). A test
 * that fails midway leaves its copies behind; the cases put the prefix back before and after
 * each test, without state of their own. */
static int under_wine(void) {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll != NULL && GetProcAddress(ntdll, "wine_get_version") != NULL;
}

typedef UINT(WINAPI *directory_fn)(LPWSTR, UINT);

/* dir\name, malloc'd, where dir is what read_dir reports. */
static wchar_t *file_in(directory_fn read_dir, const wchar_t *name) {
  wchar_t dir[MAX_PATH];
  wchar_t *path = malloc((MAX_PATH + wcslen(name) + 2) * sizeof *path);
  UINT n = read_dir(dir, MAX_PATH);

  ck_assert_ptr_nonnull(path);
  ck_assert(n > 0 && n < MAX_PATH);
  _snwprintf(path, MAX_PATH + wcslen(name) + 2, L"%ls\\%ls", dir, name);
  return path;
}

/* The whole of a file, malloc'd; NULL when it cannot be read. */
static char *read_whole(const wchar_t *path, DWORD *size) {
  HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                         OPEN_EXISTING, 0, NULL);
  char *data = NULL;
  DWORD got = 0;

  if (f == INVALID_HANDLE_VALUE) return NULL;
  *size = GetFileSize(f, NULL);
  if (*size != INVALID_FILE_SIZE) data = malloc(*size > 0 ? *size : 1);
  if (data != NULL && (!ReadFile(f, data, *size, &got, NULL) || got != *size)) {
    free(data);
    data = NULL;
  }
  CloseHandle(f);
  return data;
}

/* 1 when path holds a copy of fixture_en.exe: one of ours, safe to remove. */
static int is_our_copy(const wchar_t *path) {
  wchar_t *fixture = test_path_beside_self(L"fixture_en.exe");
  DWORD a_size = 0;
  DWORD b_size = 0;
  char *a = read_whole(path, &a_size);
  char *b = read_whole(fixture, &b_size);
  int same = a != NULL && b != NULL && a_size == b_size && memcmp(a, b, a_size) == 0;

  free(a);
  free(b);
  free(fixture);
  return same;
}

/* Where the shell's image is, and where its original waits while a fixture stands in. */
static wchar_t *shell_image(void) {
  return file_in(GetSystemWindowsDirectoryW, L"explorer.exe");
}

static wchar_t *shell_image_saved(void) {
  return file_in(GetSystemWindowsDirectoryW, L"explorer.exe.listapps-test");
}

/* Puts the prefix back: removes our copy at %windir%\system32\sihost.exe and brings Wine's
 * %windir%\explorer.exe back. */
static void restore_system_files(void) {
  wchar_t *sihost;
  wchar_t *shell;
  wchar_t *saved;

  ck_assert_msg(under_wine(),
                "these cases put copies of a fixture into the Windows directories: Wine only");
  sihost = file_in(GetSystemDirectoryW, L"sihost.exe");
  shell = shell_image();
  saved = shell_image_saved();
  if (is_our_copy(sihost)) test_delete_file(sihost, IMAGE_RELEASE_MS);
  if (GetFileAttributesW(saved) != INVALID_FILE_ATTRIBUTES)
    MoveFileExW(saved, shell, MOVEFILE_REPLACE_EXISTING);
  free(sihost);
  free(shell);
  free(saved);
}

/* Puts a copy of fixture_en.exe at %windir%\explorer.exe, Wine's own set aside. */
static void stand_in_for_the_shell(void) {
  wchar_t *shell = shell_image();
  wchar_t *saved = shell_image_saved();

  restore_system_files();
  /* After a failed test its copy may still run (the test's handle to it is gone), and Wine's
   * original cannot come back until the test process ends. */
  ck_assert_msg(GetFileAttributesW(saved) == INVALID_FILE_ATTRIBUTES,
                "%ls is still set aside: an earlier test's copy is in use", shell);
  if (GetFileAttributesW(shell) != INVALID_FILE_ATTRIBUTES)
    ck_assert_msg(MoveFileExW(shell, saved, 0), "could not set %ls aside: %lu", shell,
                  (unsigned long)GetLastError());
  copy_fixture_to(shell);
  free(shell);
  free(saved);
}

/* "start:<fixture_en.exe>|<args>", malloc'd: a window argument that starts fixture_en.exe. */
static wchar_t *start_fixture_arg(const wchar_t *args) {
  wchar_t *fixture = test_path_beside_self(L"fixture_en.exe");
  size_t n = wcslen(fixture) + wcslen(args) + 16;
  wchar_t *arg = malloc(n * sizeof *arg);

  ck_assert_ptr_nonnull(arg);
  _snwprintf(arg, n, args[0] != L'\0' ? L"start:%ls|%ls" : L"start:%ls%ls", fixture, args);
  free(fixture);
  return arg;
}

START_TEST(test_task_manager_system_image_by_full_path) {
  /* sihost.exe is on Task Manager's own list, which 1.0 lacked: a Windows process in the
   * system directory, a background process anywhere else. */
  wchar_t *in_system;
  wchar_t *elsewhere = test_path_beside_self(L"sihost.exe");
  test_process sys;
  test_process other;
  listapps_list all;
  const listapps_app *row;

  in_system = file_in(GetSystemDirectoryW, L"sihost.exe");
  ck_assert_msg(GetFileAttributesW(in_system) == INVALID_FILE_ATTRIBUTES,
                "%ls exists and is not ours", in_system);
  copy_fixture_to(in_system);
  copy_fixture_to(elsewhere);
  program_start(in_system, NULL, 0, &sys);
  program_start(elsewhere, NULL, 0, &other);
  list_ok(LISTAPPS_LIST_ALL, &all);
  row = find_row(&all, sys.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_ptr_nonnull(row->path);
  ck_assert_int_eq(row->category, LISTAPPS_CATEGORY_WINDOWS);
  ck_assert_str_eq(row->image, "sihost.exe");
  ck_assert_uint_eq(row->app_pid, 0);
  row = find_row(&all, other.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_int_eq(row->category, LISTAPPS_CATEGORY_BACKGROUND);
  listapps_free_list(&all);
  fixture_stop(&other);
  fixture_stop(&sys);
  ck_assert_msg(test_delete_file(in_system, IMAGE_RELEASE_MS) == 0, "cannot delete %ls: %lu",
                in_system, (unsigned long)GetLastError());
  ck_assert_msg(test_delete_file(elsewhere, IMAGE_RELEASE_MS) == 0, "cannot delete %ls: %lu",
                elsewhere, (unsigned long)GetLastError());
  free(in_system);
  free(elsewhere);
}
END_TEST

START_TEST(test_shell_adopts_nobody) {
  /* %windir%\explorer.exe with a folder window is an App named by its description; what it
   * starts (as the Start menu and the taskbar do) is not nested under it. Under Wine
   * GetShellWindow() is NULL, so this is the path rule at work. */
  wchar_t *shell;
  wchar_t *start_app = start_fixture_arg(L"visible:Started from the Start menu");
  wchar_t *start_helper = start_fixture_arg(L"");
  const wchar_t *args[3];
  test_process p;
  listapps_list list;
  listapps_list all;
  const listapps_app *row;
  const listapps_app *app;
  const listapps_app *helper;

  shell = shell_image();
  args[0] = L"visible:Folder window";
  args[1] = start_app;
  args[2] = start_helper;
  stand_in_for_the_shell();
  program_start(shell, args, 3, &p);
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  list_ok(LISTAPPS_LIST_ALL, &all);
  app = find_child_of(&all, p.pid, "fixture_en.exe");
  ck_assert_ptr_nonnull(app);
  helper = NULL;
  {
    size_t i;
    for (i = 0; i < all.count; i++) {
      const listapps_app *a = &all.apps[i];
      if (a->has_parent_pid && a->parent_pid == p.pid && a->pid != app->pid) helper = a;
    }
  }
  ck_assert_ptr_nonnull(helper);
  row = find_row(&list, p.pid);
  ck_assert_ptr_nonnull(row);
  /* Named by its description. Wine reads the version resource of a file at the path of one of
   * its own programs from its built-in copy: "Wine Explorer" here, not the fixture's. */
  ck_assert_ptr_nonnull(row->description);
  ck_assert_str_eq(row->name, row->description);
  ck_assert_str_eq(row->title, "Folder window");
  ck_assert_uint_eq(row->process_count, 1);
  ck_assert_uint_eq(row->window_count, 1);
  row = find_row(&list, app->pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->title, "Started from the Start menu");
  ck_assert_uint_eq(row->process_count, 1);
  ck_assert_int_eq(helper->category, LISTAPPS_CATEGORY_BACKGROUND);
  ck_assert_uint_eq(helper->app_pid, 0);
  ck_assert_int_eq(find_row(&all, p.pid)->category, LISTAPPS_CATEGORY_APP);
  listapps_free_list(&all);
  listapps_free_list(&list);
  fixture_stop(&p);
  restore_system_files();
  free(start_helper);
  free(start_app);
  free(shell);
}
END_TEST

START_TEST(test_shell_without_a_window_is_a_windows_process) {
  /* The App test comes first: without a qualifying window %windir%\explorer.exe is a Windows
   * process. An app it started is an App of its own. */
  wchar_t *shell;
  wchar_t *start_app = start_fixture_arg(L"visible:Started from the taskbar");
  const wchar_t *args[1];
  test_process p;
  listapps_list all;
  const listapps_app *row;
  const listapps_app *app;

  shell = shell_image();
  args[0] = start_app;
  stand_in_for_the_shell();
  program_start(shell, args, 1, &p);
  list_ok(LISTAPPS_LIST_ALL, &all);
  row = find_row(&all, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_int_eq(row->category, LISTAPPS_CATEGORY_WINDOWS);
  ck_assert_uint_eq(row->app_pid, 0);
  ck_assert_ptr_nonnull(row->description);
  ck_assert_str_eq(row->name, row->description);
  app = find_child_of(&all, p.pid, "fixture_en.exe");
  ck_assert_ptr_nonnull(app);
  ck_assert_int_eq(app->category, LISTAPPS_CATEGORY_APP);
  ck_assert_uint_eq(app->app_pid, app->pid);
  listapps_free_list(&all);
  fixture_stop(&p);
  restore_system_files();
  free(start_app);
  free(shell);
}
END_TEST

START_TEST(test_shell_joins_nobody) {
  /* An App that starts %windir%\explorer.exe (as Task Manager's "Run new task" does) does not
   * take the shell into its group. The default listing reads the path of that explorer.exe
   * alone, to know. */
  wchar_t *shell;
  wchar_t *start_shell;
  const wchar_t *args[2];
  size_t n;
  test_process p;
  listapps_list list;
  listapps_list all;
  const listapps_app *row;
  const listapps_app *started;

  shell = shell_image();
  n = wcslen(shell) + 8;
  start_shell = malloc(n * sizeof *start_shell);
  ck_assert_ptr_nonnull(start_shell);
  _snwprintf(start_shell, n, L"start:%ls", shell);
  args[0] = L"visible:Launcher";
  args[1] = start_shell;
  stand_in_for_the_shell();
  fixture_start(L"fixture_en.exe", args, 2, &p);
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  list_ok(LISTAPPS_LIST_ALL, &all);
  started = find_child_of(&all, p.pid, "explorer.exe");
  ck_assert_ptr_nonnull(started);
  row = find_row(&list, p.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert(!in_group(row, started->pid));
  ck_assert_int_eq(started->category, LISTAPPS_CATEGORY_WINDOWS);
  ck_assert_uint_eq(started->app_pid, 0);
  listapps_free_list(&all);
  listapps_free_list(&list);
  fixture_stop(&p);
  restore_system_files();
  free(start_shell);
  free(shell);
}
END_TEST

START_TEST(test_wines_explorer_is_not_the_shell) {
  /* Wine's desktop process is explorer.exe from the system directory, not %windir%, and owns no
   * qualifying window: never an App by itself, and not the shell of Task Manager's list, so a
   * background process unless an App's group took it in. */
  listapps_list all;
  int seen = 0;
  size_t i;

  list_ok(LISTAPPS_LIST_ALL, &all);
  for (i = 0; i < all.count; i++) {
    const listapps_app *a = &all.apps[i];
    if (a->image == NULL || _stricmp(a->image, "explorer.exe") != 0 || a->path == NULL) continue;
    if (strstr(a->path, "\\system32\\") == NULL && strstr(a->path, "\\System32\\") == NULL)
      continue;
    seen = 1;
    ck_assert_uint_ne(a->app_pid, a->pid);
    ck_assert_int_eq(a->category,
                     a->app_pid != 0 ? LISTAPPS_CATEGORY_APP : LISTAPPS_CATEGORY_BACKGROUND);
  }
  ck_assert_msg(seen, "Wine's explorer.exe is not running");
  listapps_free_list(&all);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("groups_wine");
  TCase *system = tcase_create("system files");

  /* Each test puts the prefix back before and after, even when it fails; the set-up fails
   * each test at once where this is not Wine. */
  tcase_add_checked_fixture(system, restore_system_files, restore_system_files);
  tcase_add_test(system, test_task_manager_system_image_by_full_path);
  tcase_add_test(system, test_shell_adopts_nobody);
  tcase_add_test(system, test_shell_without_a_window_is_a_windows_process);
  tcase_add_test(system, test_shell_joins_nobody);
  tcase_add_test(system, test_wines_explorer_is_not_the_shell);
  suite_add_tcase(s, system);
  return s;
}

#endif
