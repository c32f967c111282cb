/* The App in front and the window facts read only when asked, over hand-made facts: which
 * window the foreground counts for (a ghost's hung window, itself, its root owner), which row
 * that makes true (a nested App's window goes to its launcher's row, a frame host's window to
 * none), the geometry of window and App rows, and a private listing's values. */
#include <stdlib.h>
#include <string.h>

#include "core/assemble.h"
#include "core/field_registry.h"
#include "core/filter.h"
#include "core/foreground.h"
#include "core/text.h"
#include "suite.h"

static void add_proc(la_facts *f, unsigned long pid, unsigned long parent, uint64_t created,
                     const char *exe) {
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
  p->version = LA_NO_INDEX;
  ck_assert_ptr_nonnull(p->exe_name);
}

/* A qualifying window below those added before it; title NULL as a private listing has it. */
static la_window *add_window(la_facts *f, uintptr_t hwnd, unsigned long pid, const char *title) {
  la_window *windows = realloc(f->windows, (f->window_count + 1) * sizeof *windows);
  la_window *w;

  ck_assert_ptr_nonnull(windows);
  f->windows = windows;
  w = &f->windows[f->window_count++];
  memset(w, 0, sizeof *w);
  w->hwnd = hwnd;
  w->pid = pid;
  w->title = title != NULL ? la_strdup(title) : NULL;
  return w;
}

/* An app (100) that started an app (200); another app (400); the frame host (80) with a
 * titled window of its own. Windows topmost first: 200's, 100's, 400's, 80's. */
static void facts_of_four(la_facts *f) {
  memset(f, 0, sizeof *f);
  add_proc(f, 80, 4, 1, "ApplicationFrameHost.exe");
  add_proc(f, 100, 4, 10, "root.exe");
  add_proc(f, 200, 100, 20, "nested.exe");
  add_proc(f, 400, 4, 5, "other.exe");
  add_window(f, 0x10, 200, "Nested");
  add_window(f, 0x20, 100, "Root");
  add_window(f, 0x30, 400, "Other");
  add_window(f, 0x40, 80, "Frame host's own");
}

static const la_row *row_of(const la_rows *rows, unsigned long pid) {
  size_t i;

  for (i = 0; i < rows->count; i++)
    if (rows->items[i].values[LISTAPPS_FIELD_PID].number == (long long)pid) return &rows->items[i];
  return NULL;
}

/* The row's Foreground: 1 or 0 when present, else -1 - its state. */
static int front_of(const la_row *r) {
  const la_value *v = &r->values[LISTAPPS_FIELD_FOREGROUND];
  return v->state == LISTAPPS_VALUE_PRESENT ? (int)v->number : -1 - v->state;
}

/* Reads f as the gatherer would with the foreground fg, assembles it (and frees it). */
static void assemble_with(la_facts *f, const la_foreground *fg, unsigned flags, la_rows *rows) {
  f->foreground = *fg;
  la_mark_foreground(f->windows, f->window_count, &f->foreground);
  ck_assert_int_eq(la_assemble(f, flags, rows), 0);
  la_facts_free(f);
}

START_TEST(test_index_prefers_ghost_then_itself_then_owner) {
  la_window w[3];
  la_foreground fg = {1, 0x2, 0, 0};

  memset(w, 0, sizeof w);
  w[0].hwnd = 0x1;
  w[1].hwnd = 0x2;
  w[2].hwnd = 0x3;
  ck_assert_uint_eq(la_foreground_index(w, 3, &fg), 1);
  /* A ghost (itself listed, as dwm.exe's titled window is) counts for its hung window. */
  fg.ghost_of = 0x3;
  ck_assert_uint_eq(la_foreground_index(w, 3, &fg), 2);
  /* A dialog that qualifies for nothing counts for its root owner. */
  fg.ghost_of = 0;
  fg.window = 0x99;
  fg.owner = 0x1;
  ck_assert_uint_eq(la_foreground_index(w, 3, &fg), 0);
  /* The desktop, an unowned tool window: neither it nor its owner (itself) is listed. */
  fg.owner = 0x99;
  ck_assert_uint_eq(la_foreground_index(w, 3, &fg), SIZE_MAX);
  /* Nothing in front, or not read. */
  fg.window = 0;
  fg.owner = 0x1;
  ck_assert_uint_eq(la_foreground_index(w, 3, &fg), SIZE_MAX);
  fg.window = 0x2;
  fg.read = 0;
  ck_assert_uint_eq(la_foreground_index(w, 3, &fg), SIZE_MAX);
  ck_assert_uint_eq(la_foreground_index(w, 3, NULL), SIZE_MAX);
  fg.read = 1;
  ck_assert_uint_eq(la_foreground_index(NULL, 0, &fg), SIZE_MAX);
}
END_TEST

START_TEST(test_mark_sets_one_window) {
  la_window w[3];
  la_foreground fg = {1, 0x3, 0, 0};
  size_t i;

  memset(w, 0, sizeof w);
  for (i = 0; i < 3; i++) w[i].hwnd = i + 1;
  /* Not read: not gathered. */
  ck_assert_int_eq(la_window_cell(&w[0], LISTAPPS_FIELD_FOREGROUND).state,
                   LISTAPPS_VALUE_NOT_GATHERED);
  la_mark_foreground(w, 3, &fg);
  for (i = 0; i < 3; i++) {
    la_cell c = la_window_cell(&w[i], LISTAPPS_FIELD_FOREGROUND);
    ck_assert_int_eq(c.state, LISTAPPS_VALUE_PRESENT);
    ck_assert_int_eq(c.number, i == 2);
  }
  /* A row is in front when any of its windows is; without windows, false once read. */
  ck_assert_int_eq(la_row_foreground(w, 3, 1).number, 1);
  ck_assert_int_eq(la_row_foreground(w, 2, 1).state, LISTAPPS_VALUE_PRESENT);
  ck_assert_int_eq(la_row_foreground(w, 2, 1).number, 0);
  ck_assert_int_eq(la_row_foreground(NULL, 0, 1).state, LISTAPPS_VALUE_PRESENT);
  ck_assert_int_eq(la_row_foreground(NULL, 0, 1).number, 0);
  ck_assert_int_eq(la_row_foreground(NULL, 0, 0).state, LISTAPPS_VALUE_NOT_GATHERED);
  /* Another session's windows: unsupported, whatever was read here. */
  la_windows_mark_unsupported(w, 3, LA_WINDOW_READ_FOREGROUND);
  ck_assert_int_eq(la_row_foreground(w, 3, 1).state, LISTAPPS_VALUE_UNSUPPORTED);
}
END_TEST

/* The nested App's window in front makes its launcher's row true; no other row is. */
START_TEST(test_nested_window_makes_launcher_row_true) {
  la_foreground fg = {1, 0x10, 0, 0};
  la_facts f;
  la_rows rows = {0};
  const la_row *root;
  size_t i;

  facts_of_four(&f);
  assemble_with(&f, &fg, LISTAPPS_LIST_DEFAULT, &rows);
  ck_assert_uint_eq(rows.count, 2);
  root = row_of(&rows, 100);
  ck_assert_ptr_nonnull(root);
  ck_assert_int_eq(front_of(root), 1);
  ck_assert_int_eq(front_of(row_of(&rows, 400)), 0);
  /* Its window rows: the nested App's window is the one in front. */
  for (i = 0; i < root->window_count; i++) {
    la_cell c = la_cell_of(root, &root->windows[i], LISTAPPS_FIELD_FOREGROUND);
    ck_assert_int_eq(c.state, LISTAPPS_VALUE_PRESENT);
    ck_assert_int_eq(c.number, root->windows[i].hwnd == 0x10);
  }
  la_rows_free(&rows);
}
END_TEST

/* With --all the App's own row is in front; its member, the nested App, is not. */
START_TEST(test_all_keeps_the_group_row_in_front) {
  la_foreground fg = {1, 0x10, 0, 0};
  la_filter filter = {NULL, 0, NULL, 0, 1};
  la_facts f;
  la_rows rows = {0};

  facts_of_four(&f);
  assemble_with(&f, &fg, LISTAPPS_LIST_ALL, &rows);
  ck_assert_int_eq(front_of(row_of(&rows, 100)), 1);
  ck_assert_int_eq(front_of(row_of(&rows, 200)), 0);
  ck_assert_int_eq(front_of(row_of(&rows, 80)), 0);
  /* The filter keeps the App in front and its group, nothing else. */
  ck_assert_int_eq(la_filter_rows(&rows, &filter), 0);
  ck_assert_uint_eq(rows.count, 2);
  ck_assert_ptr_nonnull(row_of(&rows, 100));
  ck_assert_ptr_nonnull(row_of(&rows, 200));
  la_rows_free(&rows);
}
END_TEST

/* The frame host's own window in front: it makes no App, so no row is in front. */
START_TEST(test_frame_host_window_makes_no_row_true) {
  la_foreground fg = {1, 0x40, 0, 0};
  la_filter filter = {NULL, 0, NULL, 0, 1};
  la_facts f;
  la_rows rows = {0};
  size_t i;

  facts_of_four(&f);
  assemble_with(&f, &fg, LISTAPPS_LIST_DEFAULT, &rows);
  for (i = 0; i < rows.count; i++) ck_assert_int_eq(front_of(&rows.items[i]), 0);
  ck_assert_int_eq(la_filter_rows(&rows, &filter), 0);
  ck_assert_uint_eq(rows.count, 0);
  la_rows_free(&rows);
}
END_TEST

/* Not asked for: not gathered, and the filter keeps nothing. */
START_TEST(test_not_read_is_not_gathered) {
  la_foreground fg = {0, 0, 0, 0};
  la_facts f;
  la_rows rows = {0};

  facts_of_four(&f);
  f.foreground = fg;
  ck_assert_int_eq(la_assemble(&f, LISTAPPS_LIST_ALL, &rows), 0);
  la_facts_free(&f);
  ck_assert_int_eq(front_of(row_of(&rows, 100)), -1 - LISTAPPS_VALUE_NOT_GATHERED);
  ck_assert_int_eq(front_of(row_of(&rows, 80)), -1 - LISTAPPS_VALUE_NOT_GATHERED);
  la_rows_free(&rows);
}
END_TEST

/* An App row's geometry is its topmost window's; a window row's its own; X and Y keep their
 * sign; a process row has none. */
START_TEST(test_geometry_of_app_and_window_rows) {
  la_foreground fg = {1, 0, 0, 0};
  la_facts f;
  la_rows rows = {0};
  const la_row *root;
  const la_row *other;
  la_window *w;
  la_cell c;

  facts_of_four(&f);
  w = &f.windows[1]; /* 100's, the root's own and so its row's first */
  w->read = LA_WINDOW_READ_RECT | LA_WINDOW_READ_SHOW | LA_WINDOW_READ_CLOAKED;
  w->rect_state = LISTAPPS_VALUE_PRESENT;
  w->left = -1280;
  w->top = -20;
  w->width = 800;
  w->height = 600;
  w->show_state = LISTAPPS_VALUE_PRESENT;
  w->show = LA_SHOW_MAXIMIZED;
  w->cloaked_state = LISTAPPS_VALUE_UNSUPPORTED;
  w = &f.windows[0]; /* the nested App's */
  w->read = LA_WINDOW_READ_RECT | LA_WINDOW_READ_SHOW;
  w->rect_state = LISTAPPS_VALUE_EXITED;
  w->show_state = LISTAPPS_VALUE_PRESENT;
  w->show = LA_SHOW_MINIMIZED;
  assemble_with(&f, &fg, LISTAPPS_LIST_ALL, &rows);
  root = row_of(&rows, 100);
  ck_assert_int_eq(root->values[LISTAPPS_FIELD_X].number, -1280);
  ck_assert_int_eq(root->values[LISTAPPS_FIELD_Y].number, -20);
  ck_assert_int_eq(root->values[LISTAPPS_FIELD_WIDTH].number, 800);
  ck_assert_int_eq(root->values[LISTAPPS_FIELD_HEIGHT].number, 600);
  ck_assert_str_eq(root->values[LISTAPPS_FIELD_WINDOW_STATE].text, "Maximized");
  ck_assert_int_eq(root->values[LISTAPPS_FIELD_CLOAKED].state, LISTAPPS_VALUE_UNSUPPORTED);
  ck_assert_uint_eq(root->window_count, 2);
  ck_assert_uint_eq(root->windows[1].hwnd, 0x10);
  c = la_cell_of(root, &root->windows[1], LISTAPPS_FIELD_WINDOW_STATE);
  ck_assert_str_eq(c.text, "Minimized");
  ck_assert_int_eq(la_cell_of(root, &root->windows[1], LISTAPPS_FIELD_X).state,
                   LISTAPPS_VALUE_EXITED);
  ck_assert_int_eq(la_cell_of(root, &root->windows[1], LISTAPPS_FIELD_CLOAKED).state,
                   LISTAPPS_VALUE_NOT_GATHERED);
  c = la_cell_of(root, &root->windows[0], LISTAPPS_FIELD_WIDTH);
  ck_assert_int_eq(c.number, 800);
  /* Nothing read of 400's window; the nested App's process row has no window of its own. */
  other = row_of(&rows, 400);
  ck_assert_int_eq(other->values[LISTAPPS_FIELD_X].state, LISTAPPS_VALUE_NOT_GATHERED);
  ck_assert_int_eq(row_of(&rows, 200)->values[LISTAPPS_FIELD_X].state, LISTAPPS_VALUE_NONE);
  la_rows_free(&rows);
}
END_TEST

/* A private listing: Title, CommandLine and User not gathered, in rows and window rows, and a
 * pattern that only a title could match matches nothing. */
START_TEST(test_private_values) {
  static const char *const by_title[] = {"Secret"};
  static const char *const by_image[] = {"other"};
  la_filter title_filter = {by_title, 1, NULL, 0, 0};
  la_filter image_filter = {by_image, 1, NULL, 0, 0};
  la_facts f;
  la_rows rows = {0};
  const la_row *r;

  memset(&f, 0, sizeof f);
  add_proc(&f, 400, 4, 5, "other.exe");
  add_window(&f, 0x30, 400, NULL);
  f.private_mode = 1;
  f.info = calloc(1, sizeof *f.info);
  ck_assert_ptr_nonnull(f.info);
  f.info_needs = LA_NEED_ARCHITECTURE;
  ck_assert_int_eq(la_assemble(&f, LISTAPPS_LIST_PRIVATE, &rows), 0);
  la_facts_free(&f);
  r = row_of(&rows, 400);
  ck_assert_int_eq(r->values[LISTAPPS_FIELD_TITLE].state, LISTAPPS_VALUE_NOT_GATHERED);
  ck_assert_int_eq(r->values[LISTAPPS_FIELD_COMMAND_LINE].state, LISTAPPS_VALUE_NOT_GATHERED);
  ck_assert_int_eq(r->values[LISTAPPS_FIELD_USER].state, LISTAPPS_VALUE_NOT_GATHERED);
  ck_assert_int_eq(la_cell_of(r, &r->windows[0], LISTAPPS_FIELD_TITLE).state,
                   LISTAPPS_VALUE_NOT_GATHERED);
  ck_assert(!la_row_matches(r, &title_filter));
  ck_assert(la_row_matches(r, &image_filter));
  la_rows_free(&rows);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("foreground");
  TCase *rules = tcase_create("rules");
  TCase *rows = tcase_create("rows");

  tcase_add_test(rules, test_index_prefers_ghost_then_itself_then_owner);
  tcase_add_test(rules, test_mark_sets_one_window);
  tcase_add_test(rows, test_nested_window_makes_launcher_row_true);
  tcase_add_test(rows, test_all_keeps_the_group_row_in_front);
  tcase_add_test(rows, test_frame_host_window_makes_no_row_true);
  tcase_add_test(rows, test_not_read_is_not_gathered);
  tcase_add_test(rows, test_geometry_of_app_and_window_rows);
  tcase_add_test(rows, test_private_values);
  suite_add_tcase(s, rules);
  suite_add_tcase(s, rows);
  return s;
}
