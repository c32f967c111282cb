/*
 * App groups, categories, UWP frames and windows against real processes: fixtures that spawn
 * children, exit and leave orphans, or host a frame whose core window is another process's.
 */
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "fixture_run.h"
#include "fixture_strings.h"
#include "listapps.h"
#include "suite.h"

/* The first row whose parent is pid. */
static const listapps_app *find_child(const listapps_list *list, unsigned long pid) {
  size_t i;

  for (i = 0; i < list->count; i++) {
    if (list->apps[i].has_parent_pid && list->apps[i].parent_pid == pid) return &list->apps[i];
  }
  return NULL;
}

static void list_ok(unsigned flags, listapps_list *list) {
  ck_assert_int_eq(listapps_list_apps(flags, list), LISTAPPS_OK);
  ck_assert_uint_eq(list->flags, flags);
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

START_TEST(test_windowed_child_is_an_app_of_its_own) {
  const wchar_t *args[] = {L"visible:Parent app", L"spawn:visible:Child app"};
  test_process p;
  listapps_list list;
  const listapps_app *parent;
  const listapps_app *child;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  parent = find_row(&list, p.pid);
  child = find_child(&list, p.pid);
  ck_assert_ptr_nonnull(parent);
  ck_assert_ptr_nonnull(child);
  ck_assert_uint_eq(parent->process_count, 1);
  ck_assert_str_eq(parent->title, "Parent app");
  ck_assert_str_eq(child->title, "Child app");
  ck_assert_uint_eq(child->app_pid, child->pid);
  ck_assert_uint_eq(child->process_count, 1);
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

START_TEST(test_uwp_frame_is_named_by_its_core_window_process) {
  const wchar_t *host_args[] = {L"frame:Calculator frame"};
  const wchar_t *app_args[] = {L"core-into:Calculator frame"};
  test_process host;
  test_process app;
  listapps_list list;
  const listapps_app *row;

  fixture_start(L"fixture_none.exe", host_args, 1, &host);
  fixture_start(L"fixture_de_first.exe", app_args, 1, &app);
  list_ok(LISTAPPS_LIST_DEFAULT, &list);
  ck_assert_ptr_null(find_row(&list, host.pid));
  row = find_row(&list, app.pid);
  ck_assert_ptr_nonnull(row);
  ck_assert_str_eq(row->title, "Calculator frame");
  ck_assert_str_eq(row->name, FIXTURE_DESC_DE);
  ck_assert_uint_eq(row->window_count, 1);
  ck_assert_str_eq(row->windows[0].class_name, "ApplicationFrameWindow");
  ck_assert_uint_eq(row->windows[0].hwnd, (unsigned long long)(uintptr_t)FindWindowW(
                                              L"ApplicationFrameWindow", L"Calculator frame"));
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

Suite *la_test_suite(void) {
  Suite *s = suite_create("groups");
  TCase *invalid = tcase_create("invalid input");
  TCase *groups = tcase_create("groups");
  TCase *uwp = tcase_create("uwp frames");
  TCase *all = tcase_create("all processes and windows");

  tcase_add_test(invalid, test_invalid_flags);
  tcase_add_test(groups, test_windowless_child_joins_the_group);
  tcase_add_test(groups, test_app_list_counts_the_group);
  tcase_add_test(groups, test_windowed_child_is_an_app_of_its_own);
  tcase_add_test(groups, test_windowless_parent_of_a_windowed_child);
  tcase_add_test(groups, test_orphan_is_a_root);
  tcase_add_test(uwp, test_uwp_frame_is_named_by_its_core_window_process);
  tcase_add_test(uwp, test_frame_without_core_window_is_not_an_app);
  tcase_add_test(all, test_all_lists_every_process_in_order);
  tcase_add_test(all, test_windows_of_an_app);
  suite_add_tcase(s, invalid);
  suite_add_tcase(s, groups);
  suite_add_tcase(s, uwp);
  suite_add_tcase(s, all);
  return s;
}
