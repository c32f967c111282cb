/* From facts to rows, over hand-made la_facts: nested Apps in one row, the shell that adopts
 * nobody, PID reuse, cycles, ApplicationFrameHost.exe, and what the gatherer is told to read. */
#include <stdlib.h>
#include <string.h>

#include "api/snapshot.h"
#include "core/assemble.h"
#include "core/text.h"
#include "suite.h"

/* Appends a process as the snapshot and a successful open would record it. path may be NULL. */
static void add_proc(la_facts *f, unsigned long pid, unsigned long parent, uint64_t created,
                     const char *exe, const char *path) {
  la_process_facts *procs = realloc(f->procs, (f->proc_count + 1) * sizeof *procs);
  la_process_facts *p;

  ck_assert_ptr_nonnull(procs);
  f->procs = procs;
  p = &f->procs[f->proc_count++];
  memset(p, 0, sizeof *p);
  p->pid = pid;
  p->parent_pid = parent;
  p->in_snapshot = 1;
  p->exe_name = la_strdup(exe);
  p->create_time = created;
  p->open_state = LISTAPPS_VALUE_PRESENT;
  p->path = path != NULL ? la_strdup(path) : NULL;
  p->version = LA_NO_INDEX;
  ck_assert_ptr_nonnull(p->exe_name);
}

/* Appends a qualifying window, below those added before it (the list is topmost first). */
static void add_window(la_facts *f, uintptr_t hwnd, unsigned long pid, const char *title,
                       const char *class_name) {
  la_window *windows = realloc(f->windows, (f->window_count + 1) * sizeof *windows);
  la_window *w;

  ck_assert_ptr_nonnull(windows);
  f->windows = windows;
  w = &f->windows[f->window_count++];
  memset(w, 0, sizeof *w);
  w->hwnd = hwnd;
  w->pid = pid;
  w->title = la_strdup(title);
  w->class_name = la_strdup(class_name);
  ck_assert_ptr_nonnull(w->title);
}

static void set_dirs(la_facts *f) {
  f->windows_dir = la_strdup("C:\\Windows");
  f->system_dir = la_strdup("C:\\Windows\\system32");
  f->program_files_dir = la_strdup("C:\\Program Files");
}

/* Assembles f (and frees it) into *rows. */
static void assemble(la_facts *f, unsigned flags, la_rows *rows) {
  ck_assert_int_eq(la_assemble(f, flags, rows), 0);
  la_facts_free(f);
}

/* The row of pid, or NULL; fails on two. */
static const la_row *row_of(const la_rows *rows, unsigned long pid) {
  const la_row *found = NULL;
  size_t i;

  for (i = 0; i < rows->count; i++) {
    if (rows->items[i].values[LISTAPPS_FIELD_PID].number != (long long)pid) continue;
    ck_assert_msg(found == NULL, "two rows for PID %lu", pid);
    found = &rows->items[i];
  }
  return found;
}

static long long number_of(const la_row *r, int field) {
  ck_assert_int_eq(r->values[field].state, LISTAPPS_VALUE_PRESENT);
  return r->values[field].number;
}

static const char *text_of(const la_row *r, int field) {
  return r->values[field].state == LISTAPPS_VALUE_PRESENT ? r->values[field].text : NULL;
}

static unsigned long pid_at(const la_rows *rows, size_t i) {
  return (unsigned long)rows->items[i].values[LISTAPPS_FIELD_PID].number;
}

/* An app (100) that started an app (200) that started a windowless helper (300); another app
 * (400) beside them. Windows, topmost first: 200's upper, 100's upper, 400's, 100's lower,
 * 200's lower. */
static void nested_facts(la_facts *f) {
  memset(f, 0, sizeof *f);
  add_proc(f, 100, 4, 10, "root.exe", "C:\\Apps\\root.exe");
  add_proc(f, 200, 100, 20, "nested.exe", "C:\\Apps\\nested.exe");
  add_proc(f, 300, 200, 30, "helper.exe", "C:\\Apps\\helper.exe");
  add_proc(f, 400, 4, 5, "other.exe", "C:\\Apps\\other.exe");
  add_window(f, 0x10, 200, "Nested upper", "N");
  add_window(f, 0x20, 100, "Root upper", "R");
  add_window(f, 0x30, 400, "Other", "O");
  add_window(f, 0x40, 100, "Root lower", "R");
  add_window(f, 0x50, 200, "Nested lower", "N");
  set_dirs(f);
}

START_TEST(test_empty_facts) {
  la_facts f;
  la_rows rows = {0};

  memset(&f, 0, sizeof f);
  assemble(&f, LISTAPPS_LIST_ALL, &rows);
  ck_assert_uint_eq(rows.count, 0);
  la_rows_free(&rows);
}
END_TEST

START_TEST(test_nested_apps_make_one_row) {
  static const uintptr_t hwnds[] = {0x20, 0x40, 0x10, 0x50};
  static const unsigned long window_pids[] = {100, 100, 200, 200};
  la_facts f;
  la_rows rows = {0};
  const la_row *r;
  size_t i;

  nested_facts(&f);
  assemble(&f, LISTAPPS_LIST_DEFAULT, &rows);
  ck_assert_uint_eq(rows.count, 2);
  ck_assert_uint_eq(pid_at(&rows, 0), 400);
  ck_assert_uint_eq(pid_at(&rows, 1), 100);
  ck_assert_ptr_null(row_of(&rows, 200));
  r = row_of(&rows, 100);
  ck_assert_str_eq(text_of(r, LISTAPPS_FIELD_NAME), "root.exe");
  /* The Title is the root's own topmost window's, though the nested app's is above it. */
  ck_assert_str_eq(text_of(r, LISTAPPS_FIELD_TITLE), "Root upper");
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_WINDOWS), 4);
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_PROCESSES), 3);
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_APP_PID), 100);
  /* The root's windows first, then the nested app's, each part topmost first; each window
   * carries its own PID. */
  ck_assert_uint_eq(r->window_count, 4);
  for (i = 0; i < 4; i++) {
    la_cell c = la_cell_of(r, &r->windows[i], LISTAPPS_FIELD_PID);
    ck_assert_uint_eq(r->windows[i].hwnd, hwnds[i]);
    ck_assert_int_eq(c.state, LISTAPPS_VALUE_PRESENT);
    ck_assert_int_eq(c.number, (long long)window_pids[i]);
  }
  ck_assert_int_eq(la_cell_of(r, NULL, LISTAPPS_FIELD_PID).number, 100);
  ck_assert_uint_eq(r->member_count, 3);
  ck_assert_uint_eq(r->member_pids[0], 100);
  ck_assert_uint_eq(r->member_pids[1], 200);
  ck_assert_uint_eq(r->member_pids[2], 300);
  r = row_of(&rows, 400);
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_WINDOWS), 1);
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_PROCESSES), 1);
  la_rows_free(&rows);
}
END_TEST

START_TEST(test_nested_app_is_a_member_row_with_all) {
  static const unsigned long order[] = {400, 100, 300, 200};
  la_facts f;
  la_rows rows = {0};
  const la_row *r;
  size_t i;

  nested_facts(&f);
  assemble(&f, LISTAPPS_LIST_ALL, &rows);
  ck_assert_uint_eq(rows.count, 4);
  /* Each App heads its group; the members follow it by name. */
  for (i = 0; i < 4; i++) ck_assert_uint_eq(pid_at(&rows, i), order[i]);
  r = row_of(&rows, 200);
  ck_assert_str_eq(text_of(r, LISTAPPS_FIELD_CATEGORY), "App");
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_APP_PID), 100);
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_PARENT_PID), 100);
  ck_assert_int_eq(r->values[LISTAPPS_FIELD_TITLE].state, LISTAPPS_VALUE_NONE);
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_WINDOWS), 0);
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_PROCESSES), 1);
  ck_assert_uint_eq(r->window_count, 0);
  ck_assert_uint_eq(r->member_count, 0);
  r = row_of(&rows, 300);
  ck_assert_str_eq(text_of(r, LISTAPPS_FIELD_CATEGORY), "App");
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_APP_PID), 100);
  r = row_of(&rows, 100);
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_WINDOWS), 4);
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_PROCESSES), 3);
  la_rows_free(&rows);
}
END_TEST

/* explorer.exe (50, from %windir%) started Notepad (60) and a windowless helper (70) from the
 * Start menu. shell_pid: what GetShellWindow's owner said (0: none, as under Wine). */
static void shell_facts(la_facts *f, unsigned long shell_pid, int folder_window) {
  memset(f, 0, sizeof *f);
  add_proc(f, 40, 4, 1, "userinit.exe", "C:\\Windows\\system32\\userinit.exe");
  add_proc(f, 50, 40, 2, "explorer.exe", "C:\\WINDOWS\\Explorer.EXE");
  add_proc(f, 60, 50, 3, "notepad.exe", "C:\\Windows\\system32\\notepad.exe");
  add_proc(f, 70, 50, 4, "helper.exe", "C:\\Apps\\helper.exe");
  if (folder_window) add_window(f, 0x1, 50, "Documents", "CabinetWClass");
  add_window(f, 0x2, 60, "notes - Notepad", "Notepad");
  f->shell_pid = shell_pid;
  set_dirs(f);
}

START_TEST(test_shell_adopts_nobody) {
  unsigned long shell_pids[] = {50, 0};
  size_t k;

  /* By GetShellWindow's owner, or by the path alone. */
  for (k = 0; k < 2; k++) {
    la_facts f;
    la_rows rows = {0};
    const la_row *r;

    shell_facts(&f, shell_pids[k], 1);
    assemble(&f, LISTAPPS_LIST_DEFAULT, &rows);
    ck_assert_uint_eq(rows.count, 2);
    r = row_of(&rows, 50);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_PROCESSES), 1);
    ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_WINDOWS), 1);
    r = row_of(&rows, 60);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_APP_PID), 60);
    ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_PROCESSES), 1);
    la_rows_free(&rows);

    shell_facts(&f, shell_pids[k], 1);
    assemble(&f, LISTAPPS_LIST_ALL, &rows);
    r = row_of(&rows, 70);
    ck_assert_str_eq(text_of(r, LISTAPPS_FIELD_CATEGORY), "Background process");
    ck_assert_int_eq(r->values[LISTAPPS_FIELD_APP_PID].state, LISTAPPS_VALUE_NONE);
    ck_assert_str_eq(text_of(row_of(&rows, 50), LISTAPPS_FIELD_CATEGORY), "App");
    la_rows_free(&rows);
  }
}
END_TEST

START_TEST(test_shell_without_folder_window_is_a_windows_process) {
  la_facts f;
  la_rows rows = {0};

  shell_facts(&f, 50, 0);
  assemble(&f, LISTAPPS_LIST_ALL, &rows);
  ck_assert_str_eq(text_of(row_of(&rows, 50), LISTAPPS_FIELD_CATEGORY), "Windows process");
  ck_assert_str_eq(text_of(row_of(&rows, 60), LISTAPPS_FIELD_CATEGORY), "App");
  ck_assert_int_eq(number_of(row_of(&rows, 60), LISTAPPS_FIELD_APP_PID), 60);
  ck_assert_str_eq(text_of(row_of(&rows, 70), LISTAPPS_FIELD_CATEGORY), "Background process");
  la_rows_free(&rows);
}
END_TEST

START_TEST(test_explorer_elsewhere_is_not_the_shell) {
  /* Wine runs its explorer.exe from the system directory, and GetShellWindow() is NULL: an
   * ordinary process, which nests what it starts once it is an App. */
  la_facts f;
  la_rows rows = {0};
  const la_row *r;

  shell_facts(&f, 0, 1);
  free(f.procs[1].path);
  f.procs[1].path = la_strdup("C:\\windows\\system32\\explorer.exe");
  assemble(&f, LISTAPPS_LIST_DEFAULT, &rows);
  ck_assert_uint_eq(rows.count, 1);
  r = row_of(&rows, 50);
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_PROCESSES), 3);
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_WINDOWS), 2);
  la_rows_free(&rows);

  shell_facts(&f, 0, 0);
  free(f.procs[1].path);
  f.procs[1].path = la_strdup("C:\\windows\\system32\\explorer.exe");
  assemble(&f, LISTAPPS_LIST_ALL, &rows);
  ck_assert_str_eq(text_of(row_of(&rows, 50), LISTAPPS_FIELD_CATEGORY), "Background process");
  la_rows_free(&rows);
}
END_TEST

START_TEST(test_reused_pid_does_not_nest) {
  /* App 20's recorded parent, PID 10, is now an App created after it: not its parent. */
  la_facts f;
  la_rows rows = {0};

  memset(&f, 0, sizeof f);
  add_proc(&f, 10, 4, 500, "new.exe", "C:\\Apps\\new.exe");
  add_proc(&f, 20, 10, 300, "old.exe", "C:\\Apps\\old.exe");
  add_window(&f, 0x1, 10, "New", "C");
  add_window(&f, 0x2, 20, "Old", "C");
  assemble(&f, LISTAPPS_LIST_DEFAULT, &rows);
  ck_assert_uint_eq(rows.count, 2);
  ck_assert_int_eq(number_of(row_of(&rows, 10), LISTAPPS_FIELD_PROCESSES), 1);
  ck_assert_int_eq(number_of(row_of(&rows, 20), LISTAPPS_FIELD_PROCESSES), 1);
  ck_assert_str_eq(text_of(row_of(&rows, 20), LISTAPPS_FIELD_TITLE), "Old");
  la_rows_free(&rows);
}
END_TEST

START_TEST(test_cycle_of_recorded_parents) {
  /* Apps 10 and 20 name each other as parent (reused PIDs). Only the link down in time is
   * real: one group. With equal times, neither: two. */
  uint64_t times[][2] = {{100, 200}, {300, 300}};
  size_t k;

  for (k = 0; k < 2; k++) {
    la_facts f;
    la_rows rows = {0};

    memset(&f, 0, sizeof f);
    add_proc(&f, 10, 20, times[k][0], "a.exe", "C:\\Apps\\a.exe");
    add_proc(&f, 20, 10, times[k][1], "b.exe", "C:\\Apps\\b.exe");
    add_window(&f, 0x1, 20, "B", "C");
    add_window(&f, 0x2, 10, "A", "C");
    assemble(&f, LISTAPPS_LIST_DEFAULT, &rows);
    if (k == 0) {
      ck_assert_uint_eq(rows.count, 1);
      ck_assert_str_eq(text_of(row_of(&rows, 10), LISTAPPS_FIELD_TITLE), "A");
      ck_assert_int_eq(number_of(row_of(&rows, 10), LISTAPPS_FIELD_PROCESSES), 2);
      ck_assert_int_eq(number_of(row_of(&rows, 10), LISTAPPS_FIELD_WINDOWS), 2);
    } else {
      ck_assert_uint_eq(rows.count, 2);
    }
    la_rows_free(&rows);
  }
}
END_TEST

START_TEST(test_frame_host_is_not_an_app) {
  la_facts f;
  la_rows rows = {0};
  la_app_group *apps;
  size_t app_count;
  la_pid_map app_of_pid = {0};
  const la_row *r;

  memset(&f, 0, sizeof f);
  add_proc(&f, 80, 4, 1, "applicationframehost.EXE",
           "C:\\Windows\\system32\\ApplicationFrameHost.exe");
  add_proc(&f, 90, 4, 2, "calc.exe", "C:\\Apps\\calc.exe");
  /* A titled window of another class that the frame host owns, then a frame that counts for
   * the app behind its core window. */
  add_window(&f, 0x1, 80, "Helper", "Other");
  add_window(&f, 0x2, 90, "Calculator", "ApplicationFrameWindow");
  set_dirs(&f);
  ck_assert_int_eq(la_find_apps(&f, &apps, &app_count, &app_of_pid), 0);
  ck_assert_uint_eq(app_count, 1);
  ck_assert_uint_eq(apps[0].pid, 90);
  ck_assert_uint_eq(apps[0].first_window, 1);
  free(apps);
  la_pid_map_free(&app_of_pid);

  assemble(&f, LISTAPPS_LIST_DEFAULT, &rows);
  ck_assert_uint_eq(rows.count, 1);
  r = row_of(&rows, 90);
  ck_assert_str_eq(text_of(r, LISTAPPS_FIELD_TITLE), "Calculator");
  ck_assert_int_eq(number_of(r, LISTAPPS_FIELD_WINDOWS), 1);
  la_rows_free(&rows);
}
END_TEST

START_TEST(test_app_missing_from_snapshot_keeps_its_row) {
  la_facts f;
  la_rows rows = {0};
  la_process_facts *p;

  nested_facts(&f);
  add_window(&f, 0x60, 999, "Gone", "G");
  add_proc(&f, 999, 0, 0, "gone.exe", NULL);
  p = &f.procs[f.proc_count - 1];
  p->in_snapshot = 0;
  p->open_state = LISTAPPS_VALUE_EXITED;
  assemble(&f, LISTAPPS_LIST_DEFAULT, &rows);
  ck_assert_uint_eq(rows.count, 3);
  ck_assert_str_eq(text_of(row_of(&rows, 999), LISTAPPS_FIELD_TITLE), "Gone");
  ck_assert_int_eq(number_of(row_of(&rows, 999), LISTAPPS_FIELD_PROCESSES), 1);
  la_rows_free(&rows);
}
END_TEST

START_TEST(test_what_the_gatherer_reads) {
  la_facts f;
  la_plan plan;
  unsigned char need[4];
  unsigned char has_row[4];
  size_t i;

  /* Nested Apps: every creation time on the chains; only the root's version resource. */
  nested_facts(&f);
  ck_assert_int_eq(la_plan_apps(&f, &plan), 0);
  ck_assert_int_eq(la_facts_time_needs(&f, &plan.app_of_pid, need), 0);
  for (i = 0; i < 4; i++) ck_assert_uint_eq(need[i], 1);
  ck_assert_int_eq(la_plan_groups(&f, &plan), 0);
  la_plan_row_needs(&f, &plan, LISTAPPS_LIST_DEFAULT, has_row);
  ck_assert_uint_eq(has_row[0], 1);
  ck_assert_uint_eq(has_row[1], 0);
  ck_assert_uint_eq(has_row[2], 0);
  ck_assert_uint_eq(has_row[3], 1);
  la_plan_row_needs(&f, &plan, LISTAPPS_LIST_ALL, has_row);
  for (i = 0; i < 4; i++) ck_assert_uint_eq(has_row[i], 1);
  la_plan_free(&plan);
  la_facts_free(&f);

  /* The shell known by its window: neither its time nor its children's is read. */
  shell_facts(&f, 50, 1);
  ck_assert_int_eq(la_plan_apps(&f, &plan), 0);
  ck_assert_int_eq(la_facts_time_needs(&f, &plan.app_of_pid, need), 0);
  ck_assert_uint_eq(need[0], 0);
  ck_assert_uint_eq(need[1], 0);
  ck_assert_uint_eq(need[2], 1);
  ck_assert_uint_eq(need[3], 0);
  la_plan_free(&plan);
  la_facts_free(&f);
}
END_TEST

/* A sort field given to the assembly orders the rows once, as a sort after the name order did:
 * descending PID here, whatever the names. */
START_TEST(test_assembly_sorts_once_by_the_field) {
  la_facts f;
  la_plan plan;
  la_rows rows = {0};
  size_t i;

  nested_facts(&f);
  /* By name aaa (250), other (400), root (100); by PID descending 400, 250, 100. */
  add_window(&f, 0x70, 250, "First by name", "A");
  add_proc(&f, 250, 4, 25, "aaa.exe", "C:\\Apps\\aaa.exe");
  ck_assert_int_eq(la_plan_apps(&f, &plan), 0);
  ck_assert_int_eq(la_plan_groups(&f, &plan), 0);
  ck_assert_int_eq(la_assemble_planned(&f, &plan, LISTAPPS_LIST_DEFAULT, LISTAPPS_FIELD_PID, 1,
                                       &rows),
                   0);
  ck_assert_uint_eq(rows.count, 3);
  for (i = 1; i < rows.count; i++)
    ck_assert_int_gt(rows.items[i - 1].values[LISTAPPS_FIELD_PID].number,
                     rows.items[i].values[LISTAPPS_FIELD_PID].number);
  la_rows_free(&rows);
  la_plan_free(&plan);
  la_facts_free(&f);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("assemble");
  TCase *odd = tcase_create("odd facts");
  TCase *groups = tcase_create("groups");
  TCase *shell = tcase_create("the shell");
  TCase *gather = tcase_create("what to gather");

  tcase_add_test(odd, test_empty_facts);
  tcase_add_test(odd, test_reused_pid_does_not_nest);
  tcase_add_test(odd, test_cycle_of_recorded_parents);
  tcase_add_test(odd, test_app_missing_from_snapshot_keeps_its_row);
  tcase_add_test(groups, test_nested_apps_make_one_row);
  tcase_add_test(groups, test_nested_app_is_a_member_row_with_all);
  tcase_add_test(groups, test_frame_host_is_not_an_app);
  tcase_add_test(shell, test_shell_adopts_nobody);
  tcase_add_test(shell, test_shell_without_folder_window_is_a_windows_process);
  tcase_add_test(shell, test_explorer_elsewhere_is_not_the_shell);
  tcase_add_test(gather, test_what_the_gatherer_reads);
  tcase_add_test(gather, test_assembly_sorts_once_by_the_field);
  suite_add_tcase(s, odd);
  suite_add_tcase(s, groups);
  suite_add_tcase(s, shell);
  suite_add_tcase(s, gather);
  return s;
}
