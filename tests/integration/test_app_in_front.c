/*
 * The App in front, window geometry and private listings against real windows in real
 * processes: fixtures focus, move, minimize and maximize their windows on command
 * (tests/fixtures/window_host.c), and the library and listapps.exe are read back after each
 * change. Under Wine SetForegroundWindow in one process is what GetForegroundWindow in another
 * returns next (WINE-NOTES), and there is no DWM: Cloaked is unsupported and the frame is the
 * window rectangle.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/list_stats.h"
#include "csv_reader.h"
#include "fixture_run.h"
#include "json_reader.h"
#include "listapps.h"
#include "suite.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int under_wine(void) {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll != NULL && GetProcAddress(ntdll, "wine_get_version") != NULL;
}

/* Sends a fixture a command; returns when it made the change, ms since 1970 (UTC). */
static double command(test_process *p, const char *text) {
  unsigned long long when = 0;
  ck_assert_msg(test_process_command(p, text, FIXTURE_TIMEOUT_MS, &when) == 0, "%s: %s", text,
                p->failure);
  return (double)(long long)(when - 116444736000000000ull) / 10000.0;
}

/* The PID of the App in front by the library (0 for none); fails when two rows are. */
static unsigned long front_pid(void) {
  const int fields[] = {LISTAPPS_FIELD_PID, LISTAPPS_FIELD_FOREGROUND};
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_snapshot *s = NULL;
  unsigned long front = 0;
  size_t i;

  o.fields = fields;
  o.field_count = 2;
  ck_assert_int_eq(listapps_snapshot_take(&o, &s, NULL), LISTAPPS_OK);
  for (i = 0; i < listapps_snapshot_count(s); i++) {
    long long pid = 0;
    long long yes = -1;
    ck_assert_int_eq(listapps_snapshot_get_integer(s, i, LISTAPPS_FIELD_FOREGROUND, &yes),
                     LISTAPPS_VALUE_PRESENT);
    ck_assert(yes == 0 || yes == 1);
    if (!yes) continue;
    ck_assert_msg(front == 0, "two Apps in front");
    listapps_snapshot_get_integer(s, i, LISTAPPS_FIELD_PID, &pid);
    front = (unsigned long)pid;
  }
  listapps_snapshot_free(s);
  return front;
}

/* Runs listapps.exe with args; its exit code, and its CSV stdout parsed into *t. */
static int cli_csv(const wchar_t *const *args, size_t count, csv_table *t) {
  test_run_result r;
  char err[256];
  int code;

  cli_run(args, count, &r);
  code = r.exit_code;
  ck_assert_msg(csv_parse(r.out, r.out_len, t, err, sizeof err) == 0, "%s: %s", err, r.out);
  ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
  test_run_result_free(&r);
  return code;
}

/* The column named header in t's header row; fails when there is none. */
static size_t column(const csv_table *t, const char *header) {
  size_t i;

  ck_assert_uint_ge(t->row_count, 1);
  for (i = 0; i < t->rows[0].field_count; i++)
    if (strcmp(t->rows[0].fields[i], header) == 0) return i;
  ck_abort_msg("no column %s", header);
  return 0;
}

/* The data row of t whose column col reads value; NULL when none. */
static const csv_row *row_where(const csv_table *t, size_t col, const char *value) {
  size_t i;

  for (i = 1; i < t->row_count; i++)
    if (col < t->rows[i].field_count && strcmp(t->rows[i].fields[col], value) == 0)
      return &t->rows[i];
  return NULL;
}

static void pid_text(unsigned long pid, char *out, size_t size) {
  snprintf(out, size, "%lu", pid);
}

START_TEST(test_foreground_follows_focus) {
  const wchar_t *a_args[] = {L"visible:FgA one zq7", L"visible:FgA two zq7"};
  const wchar_t *b_args[] = {L"visible:FgB zq7"};
  const wchar_t *front_csv[] = {L"--foreground", L"--format", L"csv", L"--columns",
                                L"pid,title,foreground"};
  const int fields[] = {LISTAPPS_FIELD_PID, LISTAPPS_FIELD_TITLE, LISTAPPS_FIELD_FOREGROUND};
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_snapshot *s = NULL;
  test_process a;
  test_process b;
  csv_table t;
  char pid[32];
  size_t row;
  size_t w;
  int seen_front = 0;

  fixture_start(L"fixture_en.exe", a_args, COUNT(a_args), &a);
  fixture_start(L"fixture_en.exe", b_args, COUNT(b_args), &b);
  command(&a, "focus 0");
  ck_assert_uint_eq(front_pid(), a.pid);
  /* The window in front is the one focused, not the App's topmost. */
  o.fields = fields;
  o.field_count = 3;
  ck_assert_int_eq(listapps_snapshot_take(&o, &s, NULL), LISTAPPS_OK);
  row = find_snapshot_row(s, a.pid);
  ck_assert_uint_ne(row, (size_t)-1);
  ck_assert_uint_eq(listapps_snapshot_window_count(s, row), 2);
  for (w = 0; w < 2; w++) {
    const char *title = NULL;
    long long yes = -1;
    ck_assert_int_eq(listapps_snapshot_get_window_string(s, row, w, LISTAPPS_FIELD_TITLE, &title),
                     LISTAPPS_VALUE_PRESENT);
    ck_assert_int_eq(
        listapps_snapshot_get_window_integer(s, row, w, LISTAPPS_FIELD_FOREGROUND, &yes),
        LISTAPPS_VALUE_PRESENT);
    ck_assert_int_eq(yes, strcmp(title, "FgA one zq7") == 0);
    seen_front += (int)yes;
  }
  ck_assert_int_eq(seen_front, 1);
  listapps_snapshot_free(s);
  ck_assert_int_eq(cli_csv(front_csv, COUNT(front_csv), &t), 0);
  ck_assert_uint_eq(t.row_count, 2);
  pid_text(a.pid, pid, sizeof pid);
  ck_assert_str_eq(t.rows[1].fields[0], pid);
  ck_assert_str_eq(t.rows[1].fields[2], "true");
  csv_table_free(&t);
  /* Another App to the front: it alone, by the library's flag too. */
  command(&b, "focus 0");
  ck_assert_uint_eq(front_pid(), b.pid);
  o.flags = LISTAPPS_LIST_FOREGROUND;
  ck_assert_int_eq(listapps_snapshot_take(&o, &s, NULL), LISTAPPS_OK);
  ck_assert_uint_eq(listapps_snapshot_count(s), 1);
  ck_assert_uint_eq(find_snapshot_row(s, b.pid), 0);
  ck_assert_uint_ne(listapps_snapshot_flags(s) & LISTAPPS_LIST_FOREGROUND, 0);
  listapps_snapshot_free(s);
  ck_assert_int_eq(cli_csv(front_csv, COUNT(front_csv), &t), 0);
  ck_assert_uint_eq(t.row_count, 2);
  pid_text(b.pid, pid, sizeof pid);
  ck_assert_str_eq(t.rows[1].fields[0], pid);
  csv_table_free(&t);
  /* And back: a window further down the Z order. */
  command(&a, "focus 1");
  ck_assert_uint_eq(front_pid(), a.pid);
  fixture_stop(&a);
  fixture_stop(&b);
}
END_TEST

/* A window that is no App's, and owned by none, in front: no App is; --foreground lists
 * nothing and exits 1, in every format. */
START_TEST(test_no_app_in_front) {
  const wchar_t *args[] = {L"tool:FgC tool zq7", L"visible:FgC main zq7",
                           L"owned-popup:FgC popup zq7"};
  const wchar_t *csv_args[] = {L"--foreground", L"--format", L"csv"};
  const wchar_t *json_args[] = {L"--foreground", L"--format", L"json"};
  const wchar_t *jsonl_args[] = {L"--foreground", L"--format", L"jsonl"};
  const wchar_t *quiet_args[] = {L"--foreground", L"-q"};
  test_process c;
  test_run_result r;
  csv_table t;
  unsigned i;

  fixture_start(L"fixture_en.exe", args, COUNT(args), &c);
  /* The tool window, then the popup whose owner is hidden and untitled. */
  for (i = 0; i < 2; i++) {
    command(&c, i == 0 ? "focus 0" : "focus 2");
    ck_assert_uint_eq(front_pid(), 0);
    ck_assert_int_eq(cli_csv(csv_args, COUNT(csv_args), &t), 1);
    ck_assert_uint_eq(t.row_count, 1); /* the header alone */
    csv_table_free(&t);
    cli_run(json_args, COUNT(json_args), &r);
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_str_eq(r.out, "[]\n");
    test_run_result_free(&r);
    cli_run(jsonl_args, COUNT(jsonl_args), &r);
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_uint_eq(r.out_len, 0);
    test_run_result_free(&r);
    cli_run(quiet_args, COUNT(quiet_args), &r);
    ck_assert_int_eq(r.exit_code, 1);
    test_run_result_free(&r);
  }
  command(&c, "focus 1");
  ck_assert_uint_eq(front_pid(), c.pid);
  cli_run(quiet_args, COUNT(quiet_args), &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_uint_eq(r.out_len, 0);
  test_run_result_free(&r);
  fixture_stop(&c);
}
END_TEST

/* A dialog (an owned popup, no App window itself) in front: its owner's App is in front, and
 * with --windows the owner's window row. */
START_TEST(test_dialog_counts_for_its_owner) {
  const wchar_t *args[] = {L"visible:FgD main zq7"};
  const wchar_t *windows[] = {L"--foreground", L"--windows", L"--format",
                              L"csv",          L"--columns", L"pid,title,foreground"};
  test_process d;
  csv_table t;

  fixture_start(L"fixture_en.exe", args, COUNT(args), &d);
  command(&d, "dialog 0 FgD dialog zq7");
  command(&d, "focus 1");
  ck_assert_uint_eq(front_pid(), d.pid);
  ck_assert_int_eq(cli_csv(windows, COUNT(windows), &t), 0);
  ck_assert_uint_eq(t.row_count, 2);
  ck_assert_str_eq(t.rows[1].fields[1], "FgD main zq7");
  ck_assert_str_eq(t.rows[1].fields[2], "true");
  csv_table_free(&t);
  fixture_stop(&d);
}
END_TEST

/* --foreground is a filter: with patterns, --pid, every format, --windows and --all. */
START_TEST(test_foreground_with_patterns_and_formats) {
  const wchar_t *a_args[] = {L"visible:FgE one zq7", L"visible:FgE two zq7"};
  const wchar_t *b_args[] = {L"visible:FgF zq7"};
  const wchar_t *matching[] = {L"--foreground", L"FgE*", L"-q"};
  const wchar_t *other[] = {L"--foreground", L"FgF", L"-q"};
  const wchar_t *windows[] = {L"--foreground", L"--windows", L"--format",
                              L"csv",          L"--columns", L"pid,title,foreground"};
  const wchar_t *all[] = {L"--foreground", L"--all",     L"--format",
                          L"csv",          L"--columns", L"pid,category,appPid,foreground"};
  const wchar_t *table[] = {L"--foreground"};
  const wchar_t *json[] = {L"--foreground", L"--format", L"json", L"--columns", L"pid,foreground"};
  const wchar_t *jsonl[] = {L"--foreground", L"--format", L"jsonl", L"--columns", L"pid,title"};
  const wchar_t *prometheus[] = {L"--foreground", L"--format", L"prometheus", L"--columns",
                                 L"foreground"};
  const wchar_t *watch[] = {L"--watch", L"--foreground"};
  wchar_t pid_arg[32];
  const wchar_t *by_pid[] = {L"--foreground", L"--pid", pid_arg, L"-q"};
  test_process a;
  test_process b;
  test_run_result r;
  json_value v;
  csv_table t;
  char pid[32];
  char needle[64];
  size_t i;

  fixture_start(L"fixture_en.exe", a_args, COUNT(a_args), &a);
  fixture_start(L"fixture_en.exe", b_args, COUNT(b_args), &b);
  command(&a, "focus 1");
  pid_text(a.pid, pid, sizeof pid);
  cli_run(matching, COUNT(matching), &r);
  ck_assert_int_eq(r.exit_code, 0);
  test_run_result_free(&r);
  /* B runs, but is not in front. */
  cli_run(other, COUNT(other), &r);
  ck_assert_int_eq(r.exit_code, 1);
  test_run_result_free(&r);
  swprintf(pid_arg, 32, L"%lu", b.pid);
  cli_run(by_pid, COUNT(by_pid), &r);
  ck_assert_int_eq(r.exit_code, 1);
  test_run_result_free(&r);
  swprintf(pid_arg, 32, L"%lu", a.pid);
  cli_run(by_pid, COUNT(by_pid), &r);
  ck_assert_int_eq(r.exit_code, 0);
  test_run_result_free(&r);
  /* Its windows, the one in front marked. */
  ck_assert_int_eq(cli_csv(windows, COUNT(windows), &t), 0);
  ck_assert_uint_eq(t.row_count, 3);
  for (i = 1; i < 3; i++) {
    ck_assert_str_eq(t.rows[i].fields[0], pid);
    ck_assert_str_eq(t.rows[i].fields[2],
                     strcmp(t.rows[i].fields[1], "FgE two zq7") == 0 ? "true" : "false");
  }
  csv_table_free(&t);
  /* With --all its group, the App's own row in front. */
  ck_assert_int_eq(cli_csv(all, COUNT(all), &t), 0);
  ck_assert_uint_ge(t.row_count, 2);
  ck_assert_str_eq(t.rows[1].fields[0], pid);
  ck_assert_str_eq(t.rows[1].fields[3], "true");
  for (i = 1; i < t.row_count; i++) {
    ck_assert_str_eq(t.rows[i].fields[1], "App");
    ck_assert_str_eq(t.rows[i].fields[2], pid);
  }
  csv_table_free(&t);
  /* Every format. */
  cli_run(table, COUNT(table), &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_ptr_nonnull(strstr(r.out, "FgE two zq7"));
  ck_assert_ptr_null(strstr(r.out, "FgF zq7"));
  test_run_result_free(&r);
  cli_run(json, COUNT(json), &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_int_eq(json_parse(r.out, r.out_len, &v, NULL, 0), 0);
  ck_assert_uint_eq(v.count, 1);
  ck_assert_int_eq(json_get(&v.items[0], "pid")->integer, (long long)a.pid);
  ck_assert_int_eq(json_get(&v.items[0], "foreground")->type, JSON_TRUE);
  json_free(&v);
  test_run_result_free(&r);
  cli_run(jsonl, COUNT(jsonl), &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_ptr_eq(strchr(r.out, '\n'), r.out + r.out_len - 1);
  ck_assert_int_eq(json_parse(r.out, r.out_len - 1, &v, NULL, 0), 0);
  ck_assert_str_eq(json_get(&v, "title")->string, "FgE two zq7");
  json_free(&v);
  test_run_result_free(&r);
  cli_run(prometheus, COUNT(prometheus), &r);
  ck_assert_int_eq(r.exit_code, 0);
  snprintf(needle, sizeof needle, "process_id=\"%s\"} 1\n", pid);
  ck_assert_ptr_nonnull(strstr(r.out, "listapps_foreground_info{"));
  ck_assert_ptr_nonnull(strstr(strstr(r.out, "listapps_foreground_info{"), needle));
  test_run_result_free(&r);
  cli_run(watch, COUNT(watch), &r);
  ck_assert_int_eq(r.exit_code, 2);
  ck_assert_ptr_nonnull(strstr(r.err, "--foreground"));
  test_run_result_free(&r);
  fixture_stop(&a);
  fixture_stop(&b);
}
END_TEST

/* The geometry of a window whose rectangle the test sets, of the App row (its topmost window),
 * and the show states. */
static void check_frame(const csv_row *row, const size_t *col, long x, long y, long w, long h) {
  long got[4];
  long want[4] = {x, y, w, h};
  size_t i;

  for (i = 0; i < 4; i++) got[i] = strtol(row->fields[col[i]], NULL, 10);
  if (under_wine()) {
    /* No DWM: the window rectangle, exactly as set. */
    for (i = 0; i < 4; i++) ck_assert_int_eq(got[i], want[i]);
  } else {
    /* DWM's visible frame lies within the rectangle, less its invisible borders. */
    ck_assert_int_ge(got[0], x);
    ck_assert_int_ge(got[1], y);
    ck_assert_int_le(got[0] + got[2], x + w);
    ck_assert_int_le(got[1] + got[3], y + h);
    ck_assert_int_ge(got[2], w - 32);
    ck_assert_int_ge(got[3], h - 32);
  }
}

START_TEST(test_geometry_and_window_state) {
  const wchar_t *args[] = {L"visible:FgG lower zq7", L"visible:FgG upper zq7"};
  const wchar_t *windows[] = {L"--windows", L"--format", L"csv", L"--columns",
                              L"pid,title,x,y,width,height,windowstate,cloaked"};
  wchar_t pid_arg[32];
  const wchar_t *app[] = {L"--pid", pid_arg,      L"--format",
                          L"csv",   L"--columns", L"pid,title,x,y,width,height,windowstate"};
  const int fields[] = {LISTAPPS_FIELD_PID, LISTAPPS_FIELD_CLOAKED, LISTAPPS_FIELD_X};
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_snapshot *s = NULL;
  test_process g;
  csv_table t;
  size_t col[4];
  size_t title_col;
  size_t state_col;
  const csv_row *upper;
  const csv_row *lower;
  long long cloaked = -1;
  size_t row;
  int state;

  fixture_start(L"fixture_en.exe", args, COUNT(args), &g);
  swprintf(pid_arg, 32, L"%lu", g.pid);
  command(&g, "move 0 10 20 300 200");
  command(&g, "move 1 -50 -20 400 300");
  ck_assert_int_eq(cli_csv(windows, COUNT(windows), &t), 0);
  col[0] = column(&t, "X");
  col[1] = column(&t, "Y");
  col[2] = column(&t, "Width");
  col[3] = column(&t, "Height");
  title_col = column(&t, "Title");
  state_col = column(&t, "WindowState");
  upper = row_where(&t, title_col, "FgG upper zq7");
  lower = row_where(&t, title_col, "FgG lower zq7");
  ck_assert(upper != NULL && lower != NULL);
  check_frame(upper, col, -50, -20, 400, 300);
  check_frame(lower, col, 10, 20, 300, 200);
  ck_assert_str_eq(upper->fields[state_col], "Normal");
  /* Cloaked: unavailable under Wine (no DWM), never a guess. */
  if (under_wine()) ck_assert_str_eq(upper->fields[column(&t, "Cloaked")], "");
  csv_table_free(&t);
  /* The App row: its topmost window's. */
  ck_assert_int_eq(cli_csv(app, COUNT(app), &t), 0);
  ck_assert_uint_eq(t.row_count, 2);
  ck_assert_str_eq(t.rows[1].fields[1], "FgG upper zq7");
  col[0] = 2;
  col[1] = 3;
  col[2] = 4;
  col[3] = 5;
  check_frame(&t.rows[1], col, -50, -20, 400, 300);
  csv_table_free(&t);
  o.fields = fields;
  o.field_count = 3;
  ck_assert_int_eq(listapps_snapshot_take(&o, &s, NULL), LISTAPPS_OK);
  row = find_snapshot_row(s, g.pid);
  state = listapps_snapshot_get_integer(s, row, LISTAPPS_FIELD_CLOAKED, &cloaked);
  if (under_wine())
    ck_assert_int_eq(state, LISTAPPS_VALUE_UNSUPPORTED);
  else
    ck_assert(state == LISTAPPS_VALUE_UNSUPPORTED || (state == LISTAPPS_VALUE_PRESENT && !cloaked));
  listapps_snapshot_free(s);
  /* Minimized, maximized, restored. */
  command(&g, "minimize 0");
  command(&g, "maximize 1");
  ck_assert_int_eq(cli_csv(windows, COUNT(windows), &t), 0);
  ck_assert_str_eq(row_where(&t, title_col, "FgG lower zq7")->fields[state_col], "Minimized");
  ck_assert_str_eq(row_where(&t, title_col, "FgG upper zq7")->fields[state_col], "Maximized");
  csv_table_free(&t);
  command(&g, "restore 0");
  command(&g, "restore 1");
  ck_assert_int_eq(cli_csv(windows, COUNT(windows), &t), 0);
  ck_assert_str_eq(row_where(&t, title_col, "FgG lower zq7")->fields[state_col], "Normal");
  upper = row_where(&t, title_col, "FgG upper zq7");
  ck_assert_str_eq(upper->fields[state_col], "Normal");
  check_frame(upper, col, -50, -20, 400, 300);
  csv_table_free(&t);
  fixture_stop(&g);
}
END_TEST

/* ---- focus events ------------------------------------------------------------------------- */

#define MAX_EVENTS 1024

typedef struct seen {
  int kind;
  unsigned long pid;
  long long foreground; /* -1 when not present */
  long long time_ms;
} seen;

typedef struct watcher {
  CRITICAL_SECTION lock;
  seen events[MAX_EVENTS];
  size_t count;
  volatile long stop;
  unsigned interval_ms;
  int result;
  HANDLE thread;
} watcher;

static int collect(void *context, const listapps_event *e) {
  watcher *w = context;
  long long pid = 0;
  long long front = -1;

  listapps_snapshot_get_integer(e->snapshot, e->row, LISTAPPS_FIELD_PID, &pid);
  if (listapps_snapshot_get_integer(e->snapshot, e->row, LISTAPPS_FIELD_FOREGROUND, &front) !=
      LISTAPPS_VALUE_PRESENT)
    front = -1;
  EnterCriticalSection(&w->lock);
  if (w->count < MAX_EVENTS) {
    seen *s = &w->events[w->count++];
    s->kind = e->kind;
    s->pid = (unsigned long)pid;
    s->foreground = front;
    s->time_ms = e->time_ms;
  }
  LeaveCriticalSection(&w->lock);
  return 0;
}

static DWORD WINAPI run_watch(LPVOID arg) {
  watcher *w = arg;
  const int fields[] = {LISTAPPS_FIELD_FOREGROUND};
  listapps_watch_options o = LISTAPPS_WATCH_OPTIONS_INIT;
  listapps_options list = LISTAPPS_OPTIONS_INIT;

  list.fields = fields;
  list.field_count = 1;
  o.list = &list;
  o.interval_ms = w->interval_ms;
  o.stop = &w->stop;
  w->result = listapps_watch(&o, collect, w, NULL);
  return 0;
}

/* Waits up to ms for an event of kind for pid (with that Foreground, unless -1) at index from
 * or later; its time_ms, or -1. */
static long long wait_for(watcher *w, size_t from, int kind, unsigned long pid, long long front,
                          unsigned ms) {
  unsigned waited;

  for (waited = 0; waited <= ms; waited += 10) {
    long long found = -1;
    size_t i;
    EnterCriticalSection(&w->lock);
    for (i = from; i < w->count && found < 0; i++)
      if (w->events[i].kind == kind && w->events[i].pid == pid &&
          (front < 0 || w->events[i].foreground == front))
        found = w->events[i].time_ms;
    LeaveCriticalSection(&w->lock);
    if (found >= 0) return found;
    Sleep(10);
  }
  return -1;
}

static size_t event_count(watcher *w) {
  size_t n;
  EnterCriticalSection(&w->lock);
  n = w->count;
  LeaveCriticalSection(&w->lock);
  return n;
}

/* With a resync period of a minute, only the foreground's hook or poll can make a look: each
 * focus change is reported within a second (the benchmark measures the percentiles). */
START_TEST(test_focus_events) {
  const wchar_t *a_args[] = {L"visible:FgH A zq7"};
  const wchar_t *b_args[] = {L"visible:FgH B zq7", L"tool:FgH tool zq7"};
  test_process a;
  test_process b;
  watcher *w = calloc(1, sizeof *w);
  long long at;
  size_t from;
  double when;

  ck_assert_ptr_nonnull(w);
  fixture_start(L"fixture_en.exe", a_args, COUNT(a_args), &a);
  fixture_start(L"fixture_en.exe", b_args, COUNT(b_args), &b);
  InitializeCriticalSection(&w->lock);
  w->interval_ms = 60000;
  w->thread = CreateThread(NULL, 0, run_watch, w, 0, NULL);
  ck_assert_ptr_nonnull(w->thread);
  ck_assert_int_ge(wait_for(w, 0, LISTAPPS_EVENT_PRESENT, a.pid, -1, 10000), 0);
  ck_assert_int_ge(wait_for(w, 0, LISTAPPS_EVENT_PRESENT, b.pid, -1, 10000), 0);
  Sleep(300);
  /* A to the front: a focus event naming A, in front. */
  from = event_count(w);
  when = command(&a, "focus 0");
  at = wait_for(w, from, LISTAPPS_EVENT_FOCUS, a.pid, 1, 5000);
  ck_assert_msg(at >= 0, "no focus event for A");
  ck_assert_msg((double)at - when < 1000.0, "A's focus event came %.0f ms late", (double)at - when);
  /* B: a focus event naming B. */
  from = event_count(w);
  when = command(&b, "focus 0");
  at = wait_for(w, from, LISTAPPS_EVENT_FOCUS, b.pid, 1, 5000);
  ck_assert_msg(at >= 0, "no focus event for B");
  ck_assert_msg((double)at - when < 1000.0, "B's focus event came %.0f ms late", (double)at - when);
  /* A tool window in front: no App is; the event names B, which left the front. */
  from = event_count(w);
  when = command(&b, "focus 1");
  at = wait_for(w, from, LISTAPPS_EVENT_FOCUS, b.pid, 0, 5000);
  ck_assert_msg(at >= 0, "no focus event for B leaving the front");
  ck_assert_msg((double)at - when < 1000.0, "B's leaving came %.0f ms late", (double)at - when);
  /* The same window again: nothing new. */
  from = event_count(w);
  command(&b, "focus 1");
  Sleep(500);
  ck_assert_int_lt(wait_for(w, from, LISTAPPS_EVENT_FOCUS, b.pid, -1, 0), 0);
  ck_assert_int_lt(wait_for(w, from, LISTAPPS_EVENT_FOCUS, a.pid, -1, 0), 0);
  InterlockedExchange(&w->stop, 1);
  ck_assert_int_eq(WaitForSingleObject(w->thread, 30000), WAIT_OBJECT_0);
  CloseHandle(w->thread);
  ck_assert_int_eq(w->result, LISTAPPS_OK);
  DeleteCriticalSection(&w->lock);
  free(w);
  fixture_stop(&a);
  fixture_stop(&b);
}
END_TEST

/* ---- private ------------------------------------------------------------------------------ */

/* --private in every format: the title is nowhere, Title, CommandLine and User are empty or
 * null, and a pattern that only the title matches finds nothing. */
START_TEST(test_private_in_every_format) {
  const wchar_t *args[] = {L"visible:Secret zq7 document.txt"};
  const wchar_t *formats[] = {L"table", L"csv", L"json", L"jsonl", L"prometheus"};
  const wchar_t *by_title[] = {L"--private", L"Secret zq7*", L"-q"};
  const wchar_t *by_title_open[] = {L"Secret zq7*", L"-q"};
  const wchar_t *by_image[] = {L"--private", L"fixture_en", L"-q"};
  wchar_t pid_arg[32];
  const wchar_t *csv_args[] = {L"--private",
                               L"--pid",
                               pid_arg,
                               L"--format",
                               L"csv",
                               L"--columns",
                               L"pid,name,title,commandline,user"};
  const wchar_t *windows_args[] = {L"--private", L"--windows", L"--pid",     pid_arg,
                                   L"--format",  L"csv",       L"--columns", L"pid,title,class"};
  const wchar_t *json_args[] = {L"--private", L"--pid",     pid_arg, L"--format",
                                L"json",      L"--columns", L"all"};
  test_process p;
  test_run_result r;
  json_value v;
  csv_table t;
  size_t i;

  fixture_start(L"fixture_en.exe", args, COUNT(args), &p);
  swprintf(pid_arg, 32, L"%lu", p.pid);
  for (i = 0; i < 5; i++) {
    const wchar_t *run[] = {L"--private", L"--format", formats[i], L"--columns",
                            L"name,pid,title,commandline,user,foreground"};
    cli_run(run, COUNT(run), &r);
    ck_assert_msg(r.exit_code == 0, "%ls: exit %d: %s", formats[i], r.exit_code, r.err);
    ck_assert_msg(strstr(r.out, "Secret") == NULL, "%ls shows the title: %s", formats[i], r.out);
    ck_assert_msg(strstr(r.out, "fixture_en") == NULL || i == 4, "%ls shows the command line",
                  formats[i]);
    test_run_result_free(&r);
  }
  ck_assert_int_eq(cli_csv(csv_args, COUNT(csv_args), &t), 0);
  ck_assert_uint_eq(t.row_count, 2);
  ck_assert_str_eq(t.rows[1].fields[2], "");
  ck_assert_str_eq(t.rows[1].fields[3], "");
  ck_assert_str_eq(t.rows[1].fields[4], "");
  ck_assert_str_ne(t.rows[1].fields[1], "");
  csv_table_free(&t);
  ck_assert_int_eq(cli_csv(windows_args, COUNT(windows_args), &t), 0);
  ck_assert_uint_eq(t.row_count, 2);
  ck_assert_str_eq(t.rows[1].fields[1], "");
  ck_assert_str_eq(t.rows[1].fields[2], "listapps_fixture");
  csv_table_free(&t);
  /* Every column: the private ones null, the others there. */
  cli_run(json_args, COUNT(json_args), &r);
  ck_assert_int_eq(r.exit_code, 0);
  ck_assert_ptr_null(strstr(r.out, "Secret"));
  ck_assert_int_eq(json_parse(r.out, r.out_len, &v, NULL, 0), 0);
  ck_assert_uint_eq(v.count, 1);
  ck_assert_int_eq(json_get(&v.items[0], "title")->type, JSON_NULL);
  ck_assert_int_eq(json_get(&v.items[0], "commandLine")->type, JSON_NULL);
  ck_assert_int_eq(json_get(&v.items[0], "user")->type, JSON_NULL);
  ck_assert_int_eq(json_get(&v.items[0], "image")->type, JSON_STRING);
  json_free(&v);
  test_run_result_free(&r);
  /* Patterns: Name and Image only. */
  cli_run(by_title_open, COUNT(by_title_open), &r);
  ck_assert_int_eq(r.exit_code, 0);
  test_run_result_free(&r);
  cli_run(by_title, COUNT(by_title), &r);
  ck_assert_int_eq(r.exit_code, 1);
  test_run_result_free(&r);
  cli_run(by_image, COUNT(by_image), &r);
  ck_assert_int_eq(r.exit_code, 0);
  test_run_result_free(&r);
  fixture_stop(&p);
}
END_TEST

/* A private listing reads no title at all: the gatherer's count of titles read stays 0. */
START_TEST(test_private_reads_no_title) {
  const wchar_t *args[] = {L"visible:Secret zq7 counted"};
  const int fields[] = {LISTAPPS_FIELD_PID, LISTAPPS_FIELD_TITLE, LISTAPPS_FIELD_USER,
                        LISTAPPS_FIELD_COMMAND_LINE};
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_snapshot *s = NULL;
  la_list_stats stats;
  test_process p;
  const char *text = NULL;
  size_t row;

  fixture_start(L"fixture_en.exe", args, COUNT(args), &p);
  o.fields = fields;
  o.field_count = 4;
  ck_assert_int_eq(la_snapshot_take_counted(&o, &s, NULL, &stats), LISTAPPS_OK);
  ck_assert_uint_ge(stats.titles_read, 1);
  listapps_snapshot_free(s);
  o.flags = LISTAPPS_LIST_PRIVATE;
  ck_assert_int_eq(la_snapshot_take_counted(&o, &s, NULL, &stats), LISTAPPS_OK);
  ck_assert_uint_eq(stats.titles_read, 0);
  ck_assert_uint_ge(stats.windows_seen, 1);
  row = find_snapshot_row(s, p.pid);
  ck_assert_uint_ne(row, (size_t)-1);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_TITLE, &text),
                   LISTAPPS_VALUE_NOT_GATHERED);
  ck_assert_int_eq(listapps_snapshot_get_window_string(s, row, 0, LISTAPPS_FIELD_TITLE, &text),
                   LISTAPPS_VALUE_NOT_GATHERED);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_USER, &text),
                   LISTAPPS_VALUE_NOT_GATHERED);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_COMMAND_LINE, &text),
                   LISTAPPS_VALUE_NOT_GATHERED);
  ck_assert_uint_ne(listapps_snapshot_flags(s) & LISTAPPS_LIST_PRIVATE, 0);
  listapps_snapshot_free(s);
  fixture_stop(&p);
}
END_TEST

/* listapps --watch --private while the fixture retitles and focuses its window: no title
 * event, no title, and the focus event all the same. */
typedef struct cli_job {
  const wchar_t *const *args;
  size_t count;
  test_run_result result;
} cli_job;

static DWORD WINAPI run_cli(LPVOID arg) {
  cli_job *job = arg;
  wchar_t *exe = test_path_beside_self(L"listapps.exe");
  wchar_t *cmdline = NULL;
  size_t i;

  for (i = 0; exe != NULL && i < job->count; i++)
    if (test_cmdline_append(&cmdline, job->args[i]) != 0) break;
  if (exe == NULL || i < job->count ||
      test_run(exe, cmdline, NULL, RUN_TIMEOUT_MS, &job->result) != 0)
    job->result.exit_code = -2;
  free(cmdline);
  free(exe);
  return 0;
}

START_TEST(test_private_watch) {
  const wchar_t *args[] = {L"visible:Secret zq7 watched"};
  const wchar_t *watch[] = {L"--watch",   L"--private",        L"--format",  L"jsonl",
                            L"--columns", L"title,foreground", L"--timeout", L"5"};
  cli_job job;
  test_process p;
  HANDLE thread;
  const char *line;
  int focus = 0;
  int present = 0;

  fixture_start(L"fixture_en.exe", args, COUNT(args), &p);
  memset(&job, 0, sizeof job);
  job.args = watch;
  job.count = COUNT(watch);
  thread = CreateThread(NULL, 0, run_cli, &job, 0, NULL);
  ck_assert_ptr_nonnull(thread);
  Sleep(2000);
  command(&p, "title 0 Secret zq7 retitled");
  command(&p, "focus 0");
  ck_assert_int_eq(WaitForSingleObject(thread, RUN_TIMEOUT_MS), WAIT_OBJECT_0);
  CloseHandle(thread);
  ck_assert_msg(job.result.exit_code == 0, "exit %d: %s", job.result.exit_code, job.result.err);
  ck_assert_msg(strstr(job.result.out, "Secret") == NULL, "%s", job.result.out);
  for (line = job.result.out; *line != '\0';) {
    const char *end = strchr(line, '\n');
    json_value v;
    ck_assert_ptr_nonnull(end);
    ck_assert_int_eq(json_parse(line, (size_t)(end - line), &v, NULL, 0), 0);
    ck_assert_str_ne(json_get(&v, "event")->string, "title");
    ck_assert_int_eq(json_get(&v, "title")->type, JSON_NULL);
    if (json_get(&v, "pid")->integer == (long long)p.pid) {
      present += strcmp(json_get(&v, "event")->string, "present") == 0;
      focus += strcmp(json_get(&v, "event")->string, "focus") == 0 &&
               json_get(&v, "foreground")->type == JSON_TRUE;
    }
    json_free(&v);
    line = end + 1;
  }
  ck_assert_int_eq(present, 1);
  ck_assert_int_eq(focus, 1);
  test_run_result_free(&job.result);
  fixture_stop(&p);
}
END_TEST

/* The new flags where they do not belong: the 1.0 call refuses them, the watch refuses
 * LISTAPPS_LIST_FOREGROUND, and an unknown flag is refused. */
static int no_event(void *context, const listapps_event *e) {
  (void)context;
  (void)e;
  return 1;
}

START_TEST(test_flags_refused) {
  listapps_list list;
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_watch_options wo = LISTAPPS_WATCH_OPTIONS_INIT;
  listapps_snapshot *s = NULL;

  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_FOREGROUND, &list), LISTAPPS_EINVAL);
  ck_assert_int_eq(listapps_list_apps(LISTAPPS_LIST_PRIVATE, &list), LISTAPPS_EINVAL);
  o.flags = 0x20u; /* no such flag */
  ck_assert_int_eq(listapps_snapshot_take(&o, &s, NULL), LISTAPPS_EINVAL);
  ck_assert_ptr_null(s);
  wo.list = &o;
  wo.timeout_ms = 100;
  o.flags = LISTAPPS_LIST_FOREGROUND;
  ck_assert_int_eq(listapps_watch(&wo, no_event, NULL, NULL), LISTAPPS_EINVAL);
  o.flags = LISTAPPS_LIST_PRIVATE | LISTAPPS_LIST_ALL;
  ck_assert_int_eq(listapps_watch(&wo, no_event, NULL, NULL), LISTAPPS_EINVAL);
  /* Private alone is a watch like any other (the callback ends it at its first event). */
  o.flags = LISTAPPS_LIST_PRIVATE;
  ck_assert_int_ne(listapps_watch(&wo, no_event, NULL, NULL), LISTAPPS_EINVAL);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("app_in_front");
  TCase *front = tcase_create("foreground");
  TCase *geometry = tcase_create("geometry");
  TCase *events = tcase_create("focus events");
  TCase *private_ = tcase_create("private");

  tcase_set_timeout(front, 240);
  tcase_set_timeout(geometry, 120);
  tcase_set_timeout(events, 120);
  tcase_set_timeout(private_, 120);
  tcase_add_test(front, test_foreground_follows_focus);
  tcase_add_test(front, test_no_app_in_front);
  tcase_add_test(front, test_dialog_counts_for_its_owner);
  tcase_add_test(front, test_foreground_with_patterns_and_formats);
  tcase_add_test(front, test_flags_refused);
  tcase_add_test(geometry, test_geometry_and_window_state);
  tcase_add_test(events, test_focus_events);
  tcase_add_test(private_, test_private_in_every_format);
  tcase_add_test(private_, test_private_reads_no_title);
  tcase_add_test(private_, test_private_watch);
  suite_add_tcase(s, front);
  suite_add_tcase(s, geometry);
  suite_add_tcase(s, events);
  suite_add_tcase(s, private_);
  return s;
}
