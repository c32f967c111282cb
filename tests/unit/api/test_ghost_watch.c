/*
 * Ghost windows through recordings, where Windows' rule can be shown (Wine makes no ghosts and
 * has no HungWindowFromGhostWindow): an app's window, then the same desktop once the app hangs
 * and the Desktop Window Manager hides its window behind a ghost of class Ghost. Replayed, the
 * hung app keeps its row, with its own title and Status "Not responding"; dwm.exe is no App;
 * --windows lists the hung window, not the ghost; and the watch's rule over the two listings
 * gives one status event, never closed then opened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/snapshot.h"
#include "core/watch_diff.h"
#include "listapps.h"
#include "suite.h"

/* A recording of one app (notepad.exe, PID 4200, window 0x20A) and dwm.exe (PID 900); hung,
 * the app's window is hidden and dwm.exe's ghost 0x30B, titled "... (Not Responding)", stands
 * for it. */
static char *desktop(int hung) {
  static const char head[] =
      "{\"format\":\"listapps recording\",\"formatVersion\":1,\"listapps\":\"2.0.0\","
      "\"os\":\"10.0.22631\",\"recordedMs\":1796550000000,\"private\":false,"
      "\"gathered\":{\"all\":true,\"facts\":[\"status\",\"startTime\"]},"
      "\"system\":{\"windowsDir\":\"C:\\\\Windows\",\"systemDir\":null,\"programFilesDir\":null,"
      "\"shellPid\":0,\"processors\":8,\"cpuInterval\":\"0\",\"companyGathered\":false},";
  static const char *const windows[2] = {
      "\"windows\":[{\"hwnd\":\"0x20A\",\"style\":349110272,\"exStyle\":256,\"hasParent\":false,"
      "\"shellWindow\":false,\"pid\":4200,\"thread\":4204,\"title\":\"notes.txt - Notepad\","
      "\"titled\":true,\"class\":\"Notepad\",\"coreChildPid\":0,\"hung\":false,\"cloaked\":null,"
      "\"ghostTarget\":null,\"readForGhost\":false}],",
      /* Hung: the ghost first in Z order (where the window was), the hidden window met later
       * (style without WS_VISIBLE, nothing else read), and the entry read for the ghost. */
      "\"windows\":[{\"hwnd\":\"0x30B\",\"style\":349110272,\"exStyle\":256,\"hasParent\":false,"
      "\"shellWindow\":false,\"pid\":900,\"thread\":904,"
      "\"title\":\"notes.txt - Notepad (Not Responding)\",\"titled\":true,\"class\":\"Ghost\","
      "\"coreChildPid\":0,\"hung\":false,\"cloaked\":null,\"ghostTarget\":\"0x20A\","
      "\"readForGhost\":false},"
      "{\"hwnd\":\"0x20A\",\"style\":80609280,\"exStyle\":0,\"hasParent\":false,"
      "\"shellWindow\":false,\"pid\":0,\"thread\":0,\"title\":null,\"titled\":false,"
      "\"class\":null,\"coreChildPid\":0,\"hung\":false,\"cloaked\":null,\"ghostTarget\":null,"
      "\"readForGhost\":false},"
      "{\"hwnd\":\"0x20A\",\"style\":80609280,\"exStyle\":256,\"hasParent\":false,"
      "\"shellWindow\":false,\"pid\":4200,\"thread\":4204,\"title\":\"notes.txt - Notepad\","
      "\"titled\":true,\"class\":\"Notepad\",\"coreChildPid\":0,\"hung\":true,\"cloaked\":null,"
      "\"ghostTarget\":null,\"readForGhost\":true}],"};
  static const char tail[] =
      "\"processes\":["
      "{\"pid\":900,\"parentPid\":600,\"session\":1,\"inSnapshot\":true,\"image\":\"dwm.exe\","
      "\"createTime\":\"133800000000000000\",\"open\":\"present\","
      "\"path\":\"C:\\\\Windows\\\\System32\\\\dwm.exe\",\"critical\":false,\"package\":null,"
      "\"version\":null},"
      "{\"pid\":4200,\"parentPid\":3000,\"session\":1,\"inSnapshot\":true,"
      "\"image\":\"notepad.exe\",\"createTime\":\"133800000100000000\",\"open\":\"present\","
      "\"path\":\"C:\\\\Windows\\\\notepad.exe\",\"critical\":false,\"package\":null,"
      "\"version\":0,\"readings\":{\"suspended\":{\"state\":\"present\",\"value\":false}}}],"
      "\"versions\":[{\"state\":\"present\",\"description\":\"Notepad\",\"company\":null}],"
      "\"services\":[],\"sessions\":[]}";
  size_t n = strlen(head) + strlen(windows[hung]) + strlen(tail) + 1;
  char *text = malloc(n);

  ck_assert_ptr_nonnull(text);
  snprintf(text, n, "%s%s%s", head, windows[hung], tail);
  return text;
}

static listapps_snapshot *replay(int hung, unsigned flags) {
  static const int fields[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_PID, LISTAPPS_FIELD_TITLE,
                               LISTAPPS_FIELD_STATUS, LISTAPPS_FIELD_START_TIME};
  listapps_options options = LISTAPPS_OPTIONS_INIT;
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *s = NULL;
  char *text = desktop(hung);
  int err;

  options.flags = flags;
  options.fields = fields;
  options.field_count = sizeof fields / sizeof fields[0];
  err = listapps_snapshot_replay(text, strlen(text), &options, &s, &error);
  ck_assert_msg(err == LISTAPPS_OK, "replay: %d (%s)", err, error.detail);
  free(text);
  return s;
}

static const char *text_of(const listapps_snapshot *s, size_t row, int field) {
  const char *v = NULL;
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, field, &v), LISTAPPS_VALUE_PRESENT);
  return v;
}

START_TEST(test_hung_app_keeps_its_row_behind_a_ghost) {
  listapps_snapshot *s = replay(1, LISTAPPS_LIST_DEFAULT);
  long long pid = 0;
  long long hwnd = 0;
  const char *title = NULL;

  /* One App: notepad, not dwm.exe, with its own title, not responding. */
  ck_assert_uint_eq(listapps_snapshot_count(s), 1);
  ck_assert_int_eq(listapps_snapshot_get_integer(s, 0, LISTAPPS_FIELD_PID, &pid),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_int_eq(pid, 4200);
  ck_assert_str_eq(text_of(s, 0, LISTAPPS_FIELD_NAME), "Notepad");
  ck_assert_str_eq(text_of(s, 0, LISTAPPS_FIELD_TITLE), "notes.txt - Notepad");
  ck_assert_str_eq(text_of(s, 0, LISTAPPS_FIELD_STATUS), "Not responding");
  /* --windows: the hung window, not the ghost. */
  ck_assert_uint_eq(listapps_snapshot_window_count(s, 0), 1);
  ck_assert_int_eq(listapps_snapshot_get_window_integer(s, 0, 0, LISTAPPS_FIELD_HWND, &hwnd),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_int_eq(hwnd, 0x20A);
  ck_assert_int_eq(listapps_snapshot_get_window_string(s, 0, 0, LISTAPPS_FIELD_TITLE, &title),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_str_eq(title, "notes.txt - Notepad");
  listapps_snapshot_free(s);
}
END_TEST

START_TEST(test_dwm_is_no_app_with_all) {
  listapps_snapshot *s = replay(1, LISTAPPS_LIST_ALL);
  size_t i;
  int seen_dwm = 0;

  for (i = 0; i < listapps_snapshot_count(s); i++) {
    long long pid = 0;
    listapps_snapshot_get_integer(s, i, LISTAPPS_FIELD_PID, &pid);
    if (pid == 900) {
      seen_dwm = 1;
      ck_assert_str_ne(text_of(s, i, LISTAPPS_FIELD_CATEGORY), "App");
    }
  }
  ck_assert(seen_dwm);
  listapps_snapshot_free(s);
}
END_TEST

START_TEST(test_watch_sees_a_status_change) {
  listapps_snapshot *before = replay(0, LISTAPPS_LIST_DEFAULT);
  listapps_snapshot *after = replay(1, LISTAPPS_LIST_DEFAULT);
  la_change *changes = NULL;
  size_t count = 0;

  ck_assert_str_eq(text_of(before, 0, LISTAPPS_FIELD_STATUS), "Running");
  ck_assert_int_eq(la_watch_diff(&before->rows, &after->rows, &changes, &count), 0);
  /* The same App (PID and start time), so not closed then opened: its status changed. */
  ck_assert_uint_eq(count, 1);
  ck_assert_int_eq(changes[0].kind, LISTAPPS_EVENT_STATUS);
  free(changes);
  ck_assert_int_eq(la_watch_diff(&after->rows, &before->rows, &changes, &count), 0);
  ck_assert_uint_eq(count, 1);
  ck_assert_int_eq(changes[0].kind, LISTAPPS_EVENT_STATUS);
  free(changes);
  listapps_snapshot_free(before);
  listapps_snapshot_free(after);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("ghost windows");
  TCase *tc = tcase_create("replayed");

  tcase_add_test(tc, test_hung_app_keeps_its_row_behind_a_ghost);
  tcase_add_test(tc, test_dwm_is_no_app_with_all);
  tcase_add_test(tc, test_watch_sees_a_status_change);
  suite_add_tcase(s, tc);
  return s;
}
