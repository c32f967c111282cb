/*
 * The fixture's command channel (tests/fixtures/window_host.c) and test_process_command, seen
 * through the library: a window opened, retitled, hidden or closed by command, or the process
 * ended by one, is what the next snapshot shows as soon as the answer is in. The watch suite
 * builds on this.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_run.h"
#include "listapps.h"
#include "suite.h"

/* How long a command may take to be answered. Long enough for a loaded machine, short enough
 * that a command a child wrongly took (so never answered) fails the test quickly. */
#define COMMAND_TIMEOUT_MS 10000u

/* The fixture's clock may be the coarse one (steps of up to 15.6 ms), ours the precise one. */
#define CLOCK_SLACK_100NS 160000ull

static unsigned long long filetime_now(void) {
  FILETIME now;
  GetSystemTimePreciseAsFileTime(&now);
  return (unsigned long long)now.dwHighDateTime << 32 | now.dwLowDateTime;
}

/* Sends a command that must succeed; returns its time, checked to lie between the moments just
 * before it was sent and just after its answer came. */
static unsigned long long command_ok(test_process *p, const char *command) {
  unsigned long long before = filetime_now();
  unsigned long long when = 0;
  unsigned long long after;
  int rc = test_process_command(p, command, COMMAND_TIMEOUT_MS, &when);

  after = filetime_now();
  ck_assert_msg(rc == 0, "%s", p->failure);
  ck_assert_str_eq(p->failure, "");
  ck_assert_msg(when + CLOCK_SLACK_100NS >= before && when <= after + CLOCK_SLACK_100NS,
                "\"%s\" says %llu, outside [%llu, %llu]", command, when, before, after);
  return when;
}

/* Sends a command that the fixture must refuse with a reason holding because. */
static void command_refused(test_process *p, const char *command, const char *because) {
  unsigned long long when = 1;

  ck_assert_int_eq(test_process_command(p, command, COMMAND_TIMEOUT_MS, &when), -1);
  ck_assert_msg(strstr(p->failure, because) != NULL, "\"%s\": \"%s\" lacks \"%s\"", command,
                p->failure, because);
  ck_assert_uint_eq(when, 0);
}

static listapps_snapshot *take(void) {
  listapps_error_info e = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *s = NULL;
  int err = listapps_snapshot_take(NULL, &s, &e);

  ck_assert_msg(err == LISTAPPS_OK, "snapshot failed: %d (%s, %lu)", err, e.call, e.win32_error);
  ck_assert_ptr_nonnull(s);
  return s;
}

/* What a fresh snapshot says of pid's App: its window count (0 when it is no App) and, when
 * title is not NULL, its title (copied, "" when it is no App). */
static size_t app_windows(unsigned long pid, char *title, size_t title_size) {
  listapps_snapshot *s = take();
  size_t row = find_snapshot_row(s, pid);
  size_t count = row != (size_t)-1 ? listapps_snapshot_window_count(s, row) : 0;

  if (title != NULL) {
    const char *value = "";
    if (row != (size_t)-1)
      ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_TITLE, &value),
                       LISTAPPS_VALUE_PRESENT);
    snprintf(title, title_size, "%s", value);
  }
  listapps_snapshot_free(s);
  return count;
}

/* The bad lines first: each is refused with its reason and changes nothing, the channel stays
 * in step, and the helper refuses what is not one line without sending it. */
START_TEST(test_refused_commands) {
  const wchar_t *args[] = {L"visible:Cmd refused zq6"};
  test_process p;
  unsigned long long when = 1;
  char title[128];

  fixture_start(L"fixture_en.exe", args, 1, &p);
  ck_assert_int_eq(test_process_command(&p, "title 0 two\nlines", COMMAND_TIMEOUT_MS, &when), -1);
  ck_assert_ptr_nonnull(strstr(p.failure, "one line"));
  ck_assert_uint_eq(when, 0);
  command_refused(&p, "", "unknown command");
  command_refused(&p, "frobnicate 0", "unknown command");
  command_refused(&p, "TITLE 0 x", "unknown command");
  command_refused(&p, "title 0", "expected: title N TEXT");
  command_refused(&p, "title x y", "expected: title N TEXT");
  command_refused(&p, "close -1", "expected: VERB N");
  command_refused(&p, "hide 0 now", "expected: VERB N");
  command_refused(&p, "show 99999999999999999999999", "expected: VERB N");
  command_refused(&p, "title 1 x", "there is no window 1");
  command_refused(&p, "title 0 50%", "bad TEXT");
  command_refused(&p, "title 0 %0000", "bad TEXT");
  command_refused(&p, "open nosuchkind:x", "bad window spec");
  command_refused(&p, "open hang:x", "bad window spec"); /* hang takes no title */
  command_refused(&p, "open hang", "makes no window");
  command_refused(&p, "open spawn:visible:x", "makes no window");
  command_refused(&p, "open churn:x", "makes no window");
  command_refused(&p, "title 0 \xff\xfe", "not UTF-8");
  ck_assert_uint_eq(app_windows(p.pid, title, sizeof title), 1);
  ck_assert_str_eq(title, "Cmd refused zq6");
  /* Every line got its one answer: the next command's answer is its own. */
  command_ok(&p, "title 0 Cmd still in step zq6");
  ck_assert_uint_eq(app_windows(p.pid, title, sizeof title), 1);
  ck_assert_str_eq(title, "Cmd still in step zq6");
  fixture_stop(&p);
}
END_TEST

/* "open" adds a window on top, with the next index; a hidden one counts for the index but
 * not as an App's window until shown. */
START_TEST(test_open_adds_windows) {
  const wchar_t *args[] = {L"visible:Cmd first zq6"};
  test_process p;
  listapps_snapshot *s;
  const char *text = NULL;
  size_t row;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  ck_assert_uint_eq(app_windows(p.pid, NULL, 0), 1);
  command_ok(&p, "open visible:Cmd second zq6");
  s = take();
  row = find_snapshot_row(s, p.pid);
  ck_assert_uint_ne(row, (size_t)-1);
  ck_assert_uint_eq(listapps_snapshot_window_count(s, row), 2);
  ck_assert_int_eq(listapps_snapshot_get_window_string(s, row, 0, LISTAPPS_FIELD_TITLE, &text),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_str_eq(text, "Cmd second zq6");
  listapps_snapshot_free(s);
  command_ok(&p, "open hidden:Cmd third zq6");
  ck_assert_uint_eq(app_windows(p.pid, NULL, 0), 2);
  command_ok(&p, "show 2");
  ck_assert_uint_eq(app_windows(p.pid, NULL, 0), 3);
  fixture_stop(&p);
}
END_TEST

/* "title" sets the title as given: %XXXX escapes and raw UTF-8 alike. */
START_TEST(test_title_changes) {
  const wchar_t *args[] = {L"visible:Cmd before zq6"};
  test_process p;
  char title[128];

  fixture_start(L"fixture_en.exe", args, 1, &p);
  command_ok(&p, "title 0 Cmd escaped %00E9%0025 zq6");
  ck_assert_uint_eq(app_windows(p.pid, title, sizeof title), 1);
  ck_assert_str_eq(title, "Cmd escaped \xc3\xa9% zq6");
  command_ok(&p, "title 0 Cmd raw \xe6\xbc\xa2 zq6");
  ck_assert_uint_eq(app_windows(p.pid, title, sizeof title), 1);
  ck_assert_str_eq(title, "Cmd raw \xe6\xbc\xa2 zq6");
  fixture_stop(&p);
}
END_TEST

/* "close" takes a window away for good (its index is not reused); "hide" and "show" take it
 * out of the App and back. */
START_TEST(test_close_hide_show) {
  const wchar_t *args[] = {L"visible:Cmd A zq6", L"visible:Cmd B zq6"};
  test_process p;
  char title[128];

  fixture_start(L"fixture_en.exe", args, 2, &p);
  ck_assert_uint_eq(app_windows(p.pid, NULL, 0), 2);
  command_ok(&p, "close 0");
  ck_assert_uint_eq(app_windows(p.pid, title, sizeof title), 1);
  ck_assert_str_eq(title, "Cmd B zq6");
  command_refused(&p, "title 0 x", "closed window 0");
  command_refused(&p, "close 0", "closed window 0");
  command_ok(&p, "hide 1");
  ck_assert_uint_eq(app_windows(p.pid, NULL, 0), 0);
  command_ok(&p, "show 1");
  ck_assert_uint_eq(app_windows(p.pid, title, sizeof title), 1);
  ck_assert_str_eq(title, "Cmd B zq6");
  command_ok(&p, "open visible:Cmd C zq6");
  command_refused(&p, "close 3", "there is no window 3");
  command_ok(&p, "close 2");
  command_ok(&p, "close 1");
  ck_assert_uint_eq(app_windows(p.pid, NULL, 0), 0);
  fixture_stop(&p);
}
END_TEST

/* An owned kind's index names its owned window, the one the kind is about; its untitled
 * owner has none. */
START_TEST(test_owned_kind_index) {
  const wchar_t *args[] = {L"owned-overlapped:Cmd owned zq6"};
  test_process p;
  char title[128];

  fixture_start(L"fixture_en.exe", args, 1, &p);
  ck_assert_uint_eq(app_windows(p.pid, title, sizeof title), 1);
  ck_assert_str_eq(title, "Cmd owned zq6");
  command_ok(&p, "title 0 Cmd owned renamed zq6");
  ck_assert_uint_eq(app_windows(p.pid, title, sizeof title), 1);
  ck_assert_str_eq(title, "Cmd owned renamed zq6");
  command_refused(&p, "title 1 x", "there is no window 1");
  command_ok(&p, "open owned-overlapped:Cmd owned two zq6");
  ck_assert_uint_eq(app_windows(p.pid, NULL, 0), 2);
  command_ok(&p, "close 1");
  command_ok(&p, "close 0");
  ck_assert_uint_eq(app_windows(p.pid, NULL, 0), 0);
  fixture_stop(&p);
}
END_TEST

/* "exit" answers, then the process is gone with exit code 0; later commands fail. */
START_TEST(test_exit_ends_the_process) {
  const wchar_t *args[] = {L"visible:Cmd exit zq6"};
  test_process p;
  unsigned long long when = 1;
  DWORD code = 1;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  ck_assert_uint_eq(app_windows(p.pid, NULL, 0), 1);
  command_ok(&p, "exit");
  ck_assert_uint_eq(WaitForSingleObject(p.process, FIXTURE_TIMEOUT_MS), WAIT_OBJECT_0);
  ck_assert(GetExitCodeProcess(p.process, &code));
  ck_assert_uint_eq(code, 0);
  ck_assert_uint_eq(app_windows(p.pid, NULL, 0), 0);
  ck_assert_int_eq(test_process_command(&p, "title 0 x", COMMAND_TIMEOUT_MS, &when), -1);
  ck_assert_msg(strstr(p.failure, "exited with code 0") != NULL, "%s", p.failure);
  ck_assert_int_eq(test_process_stop(&p, FIXTURE_TIMEOUT_MS), 0);
}
END_TEST

/* A spawned child must not take its parent's commands (it would never answer them), and it
 * still exits with its parent. */
START_TEST(test_spawned_child_takes_no_commands) {
  const wchar_t *args[] = {L"visible:Cmd parent zq6", L"spawn:visible:Cmd child zq6"};
  test_process p;
  listapps_snapshot *s;
  unsigned long child_pid = 0;
  HANDLE child;
  char title[128];
  char command[64];
  size_t row;
  size_t count;
  size_t i;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  for (i = 0; i < 20; i++) {
    snprintf(command, sizeof command, "title 0 Cmd parent %u zq6", (unsigned)i);
    command_ok(&p, command);
  }
  /* The child's window is in the parent's App, under its own PID and title. */
  s = take();
  row = find_snapshot_row(s, p.pid);
  ck_assert_uint_ne(row, (size_t)-1);
  count = listapps_snapshot_window_count(s, row);
  for (i = 0; i < count; i++) {
    const char *text = NULL;
    long long pid = 0;
    ck_assert_int_eq(listapps_snapshot_get_window_string(s, row, i, LISTAPPS_FIELD_TITLE, &text),
                     LISTAPPS_VALUE_PRESENT);
    ck_assert_int_eq(listapps_snapshot_get_window_integer(s, row, i, LISTAPPS_FIELD_PID, &pid),
                     LISTAPPS_VALUE_PRESENT);
    if (strcmp(text, "Cmd child zq6") == 0) child_pid = (unsigned long)pid;
  }
  listapps_snapshot_free(s);
  ck_assert_uint_ne(child_pid, 0);
  ck_assert_uint_ne(child_pid, p.pid);
  ck_assert_uint_eq(app_windows(p.pid, title, sizeof title), 2);
  child = OpenProcess(SYNCHRONIZE, FALSE, child_pid);
  ck_assert_ptr_nonnull(child);
  fixture_stop(&p);
  ck_assert_uint_eq(WaitForSingleObject(child, FIXTURE_TIMEOUT_MS), WAIT_OBJECT_0);
  CloseHandle(child);
}
END_TEST

/* A hung fixture's window thread takes no commands: each is refused at once, and end of file
 * still ends it. */
START_TEST(test_hang_refuses_commands) {
  const wchar_t *args[] = {L"visible:Cmd hung zq6", L"hang"};
  test_process p;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  command_refused(&p, "title 0 x", "takes no commands");
  command_refused(&p, "exit", "takes no commands");
  fixture_stop(&p);
}
END_TEST

/* An answer that comes after its call gave up is not taken for the next command's: the next
 * call reads and drops it first. A timeout of 0 gives up at once unless the answer is there
 * already, which under Wine happens about half the time; either way the next command must be
 * answered for itself (had it read the late "error", it would fail). */
START_TEST(test_late_answer_goes_to_its_command) {
  const wchar_t *args[] = {L"visible:Cmd late zq6"};
  test_process p;
  unsigned long long when = 0;
  char title[128];
  char command[64];
  unsigned i;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  for (i = 0; i < 20; i++) {
    if (test_process_command(&p, "title 0 x %zz", 0, &when) != 0)
      ck_assert_msg(strstr(p.failure, "timed out after 0 ms") != NULL ||
                        strstr(p.failure, "bad TEXT") != NULL,
                    "%s", p.failure);
    ck_assert_uint_le(p.replies_owed, 1);
    snprintf(command, sizeof command, "title 0 Cmd late %u zq6", i);
    command_ok(&p, command);
    ck_assert_uint_eq(p.replies_owed, 0);
  }
  ck_assert_uint_eq(app_windows(p.pid, title, sizeof title), 1);
  ck_assert_str_eq(title, "Cmd late 19 zq6");
  fixture_stop(&p);
}
END_TEST

/* A fixture that never reads stdin ("linger"): the command times out, and the next call,
 * still owed that answer, fails without sending. */
START_TEST(test_unanswered_command_times_out) {
  const wchar_t *args[] = {L"visible:Cmd linger zq6", L"linger"};
  test_process p;
  unsigned long long when = 1;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  ck_assert_int_eq(test_process_command(&p, "title 0 x", 300, &when), -1);
  ck_assert_msg(strstr(p.failure, "timed out after 300 ms") != NULL, "%s", p.failure);
  ck_assert_uint_eq(when, 0);
  ck_assert_uint_eq(p.replies_owed, 1);
  ck_assert_int_eq(test_process_command(&p, "title 0 y", 300, &when), -1);
  ck_assert_msg(strstr(p.failure, "earlier command (not sent)") != NULL, "%s", p.failure);
  ck_assert_uint_eq(p.replies_owed, 1);
  /* "linger" ignores end of file: it has to be killed. */
  ck_assert_int_eq(test_process_stop(&p, 100), -1);
}
END_TEST

/* Many commands in a row, each answered in turn, their times never going back. */
START_TEST(test_many_commands_in_order) {
  const wchar_t *args[] = {L"visible:Cmd many zq6"};
  test_process p;
  unsigned long long last = 0;
  char command[64];
  char title[128];
  unsigned i;

  fixture_start(L"fixture_en.exe", args, 1, &p);
  for (i = 0; i < 100; i++) {
    unsigned long long when;
    if (i % 3 == 2)
      snprintf(command, sizeof command, i % 2 ? "hide 0" : "show 0");
    else
      snprintf(command, sizeof command, "title 0 Cmd many %u zq6", i);
    when = command_ok(&p, command);
    ck_assert_uint_ge(when, last);
    last = when;
  }
  command_ok(&p, "show 0");
  ck_assert_uint_eq(app_windows(p.pid, title, sizeof title), 1);
  ck_assert_str_eq(title, "Cmd many 99 zq6");
  fixture_stop(&p);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("fixture_commands");
  TCase *invalid = tcase_create("invalid");
  TCase *changes = tcase_create("changes");
  TCase *channel = tcase_create("channel");

  tcase_add_test(invalid, test_refused_commands);
  tcase_add_test(invalid, test_hang_refuses_commands);
  tcase_add_test(changes, test_open_adds_windows);
  tcase_add_test(changes, test_title_changes);
  tcase_add_test(changes, test_close_hide_show);
  tcase_add_test(changes, test_owned_kind_index);
  tcase_add_test(changes, test_exit_ends_the_process);
  tcase_add_test(channel, test_spawned_child_takes_no_commands);
  tcase_add_test(channel, test_late_answer_goes_to_its_command);
  tcase_add_test(channel, test_unanswered_command_times_out);
  tcase_add_test(channel, test_many_commands_in_order);
  suite_add_tcase(s, invalid);
  suite_add_tcase(s, changes);
  suite_add_tcase(s, channel);
  return s;
}
