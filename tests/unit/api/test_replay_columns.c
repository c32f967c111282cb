/*
 * The columns of issue 22 through recordings: hand-made readings replayed with
 * listapps_snapshot_replay, through the same code that turns a live listing's readings into
 * values. Exact values: Disk and Network from two readings and the sample, GPU as the busiest
 * engine with the group summed per engine, counts summed over an App's group, Status from the
 * frozen state and the threads, Efficiency mode from EcoQoS and the base priority, and each
 * reading the system could not give unavailable with its reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listapps.h"
#include "suite.h"

/* One process's readings; %s are filled in by make_recording. */
#define READINGS(frozen, suspended, eco, priority, threads, handles, gui, disk, network, gpu,   \
                 memory)                                                                        \
  "\"readings\":{"                                                                              \
  "\"cpu\":{\"state\":\"not gathered\",\"times\":[\"0\",\"0\"],\"seen\":[false,false]},"        \
  "\"memory\":{\"state\":\"not gathered\",\"bytes\":\"0\",\"source\":\"private working set\"}," \
  "\"suspended\":" suspended                                                                    \
  ","                                                                                           \
  "\"commandLine\":{\"state\":\"not gathered\",\"value\":null},"                                \
  "\"architecture\":{\"state\":\"not gathered\",\"value\":null},"                               \
  "\"elevated\":{\"state\":\"not gathered\",\"value\":false},"                                  \
  "\"user\":{\"state\":\"not gathered\",\"value\":null},"                                       \
  "\"efficiency\":" eco ",\"frozen\":" frozen ",\"basePriority\":" priority                     \
  ",\"threads\":" threads ",\"handles\":" handles ",\"guiObjects\":" gui ",\"disk\":" disk      \
  ",\"network\":" network ",\"gpu\":" gpu ",\"gpuMemory\":" memory "}"

/* An App (PID 100, one window) with a child (101, in its group), and a background process
 * (200) whose every reading the system could not give. A sample of 0.5 s for the process list
 * (cpuInterval) and of 1 s through the handles (handleInterval); three GPU engines on two
 * adapters. */
static const char *const recording_parts[] = {
    "{\"format\":\"listapps recording\",\"formatVersion\":1,\"listapps\":\"2.0.0\","
    "\"os\":\"10.0.26100\",\"recordedMs\":1700000000000,\"private\":false,"
    "\"gathered\":{\"all\":true,\"facts\":[\"status\",\"efficiency\",\"threads\",\"handles\","
    "\"guiObjects\",\"disk\",\"network\",\"gpu\",\"gpuMemory\"]},"
    "\"system\":{\"windowsDir\":\"C:\\\\Windows\",\"systemDir\":\"C:\\\\Windows\\\\system32\","
    "\"programFilesDir\":\"C:\\\\Program Files\",\"shellPid\":0,\"processors\":4,"
    "\"cpuInterval\":\"5000000\",\"companyGathered\":false,\"handleInterval\":\"10000000\","
    "\"gpu\":{\"state\":\"present\",\"engines\":[{\"adapter\":0,\"node\":0,\"name\":\"3D\"},"
    "{\"adapter\":0,\"node\":1,\"name\":\"Copy\"},{\"adapter\":1,\"node\":0,\"name\":\"3D\"}]}},"
    "\"windows\":[{\"hwnd\":\"0x1000\",\"style\":268435456,\"exStyle\":0,\"hasParent\":false,"
    "\"shellWindow\":false,\"pid\":100,\"thread\":7,\"title\":\"Editor\",\"titled\":true,"
    "\"class\":\"EditorWindow\",\"coreChildPid\":0,\"hung\":false,\"cloaked\":null,"
    "\"ghostTarget\":null,\"readForGhost\":false}],",
    "\"processes\":["
    "{\"pid\":100,\"parentPid\":4,\"session\":1,\"inSnapshot\":true,\"image\":\"editor.exe\","
    "\"createTime\":\"133000000000000000\",\"open\":\"present\",\"path\":\"C:\\\\editor.exe\","
    "\"critical\":false,\"package\":\"Editor\",\"version\":null," READINGS(
        "{\"state\":\"present\",\"value\":true}", "{\"state\":\"present\",\"value\":false}",
        "{\"state\":\"present\",\"value\":true}", "{\"state\":\"present\",\"value\":4}",
        "{\"state\":\"present\",\"count\":\"3\"}", "{\"state\":\"present\",\"count\":\"40\"}",
        "{\"state\":\"present\",\"gdi\":\"10\",\"user\":\"20\"}",
        "{\"state\":\"present\",\"bytes\":[\"1000\",\"501000\"],\"seen\":[true,true]}",
        "{\"state\":\"present\",\"bytes\":[\"0\",\"250000\"],\"seen\":[true,true]}",
        "{\"state\":\"present\",\"times\":[[\"0\",\"0\",\"0\"],[\"2000000\",\"1000000\",\"0\"]],"
        "\"seen\":[true,true]}",
        "{\"state\":\"present\",\"dedicated\":\"1048576\",\"shared\":\"2048\"}") "},",
    "{\"pid\":101,\"parentPid\":100,\"session\":1,\"inSnapshot\":true,\"image\":\"helper.exe\","
    "\"createTime\":\"133000000000000001\",\"open\":\"not gathered\",\"path\":null,"
    "\"critical\":false,\"package\":null,\"version\":null," READINGS(
        "{\"state\":\"not gathered\",\"value\":false}", "{\"state\":\"present\",\"value\":true}",
        "{\"state\":\"present\",\"value\":true}", "{\"state\":\"present\",\"value\":8}",
        "{\"state\":\"present\",\"count\":\"5\"}", "{\"state\":\"present\",\"count\":\"60\"}",
        "{\"state\":\"present\",\"gdi\":\"1\",\"user\":\"2\"}",
        "{\"state\":\"present\",\"bytes\":[\"7\",\"100000\"],\"seen\":[false,true]}",
        "{\"state\":\"present\",\"bytes\":[\"100\",\"100\"],\"seen\":[true,true]}",
        "{\"state\":\"present\",\"times\":[[\"0\",\"0\",\"0\"],[\"1500000\",\"0\",\"4000000\"]],"
        "\"seen\":[true,true]}",
        "{\"state\":\"present\",\"dedicated\":\"1\",\"shared\":\"2\"}") "},",
    "{\"pid\":200,\"parentPid\":4,\"session\":0,\"inSnapshot\":true,\"image\":\"service.exe\","
    "\"createTime\":\"133000000000000000\",\"open\":\"not gathered\",\"path\":null,"
    "\"critical\":false,\"package\":null,\"version\":null," READINGS(
        "{\"state\":\"not gathered\",\"value\":false}",
        "{\"state\":\"unsupported\",\"value\":false}",
        "{\"state\":\"unsupported\",\"value\":false}", "{\"state\":\"present\",\"value\":8}",
        "{\"state\":\"present\",\"count\":\"9\"}", "{\"state\":\"present\",\"count\":\"90\"}",
        "{\"state\":\"unsupported\",\"gdi\":\"0\",\"user\":\"0\"}",
        "{\"state\":\"unsupported\",\"bytes\":[\"0\",\"0\"],\"seen\":[false,false]}",
        "{\"state\":\"unsupported\",\"bytes\":[\"0\",\"0\"],\"seen\":[false,false]}",
        "{\"state\":\"denied\",\"times\":[[\"0\",\"0\",\"0\"],[\"0\",\"0\",\"0\"]],"
        "\"seen\":[false,false]}",
        "{\"state\":\"denied\",\"dedicated\":\"0\",\"shared\":\"0\"}") "}],"
    "\"versions\":[],\"services\":[],\"sessions\":[]}"};

/* The recording, joined (one literal would be longer than C99 promises to compile). */
static char recording[8192];

static void join_recording(void) {
  size_t i;
  recording[0] = '\0';
  for (i = 0; i < sizeof recording_parts / sizeof recording_parts[0]; i++) {
    ck_assert_uint_lt(strlen(recording) + strlen(recording_parts[i]), sizeof recording);
    strcat(recording, recording_parts[i]);
  }
}

static const int every_column[] = {LISTAPPS_FIELD_PID,
                                   LISTAPPS_FIELD_STATUS,
                                   LISTAPPS_FIELD_EFFICIENCY_MODE,
                                   LISTAPPS_FIELD_THREADS,
                                   LISTAPPS_FIELD_HANDLES,
                                   LISTAPPS_FIELD_GDI_OBJECTS,
                                   LISTAPPS_FIELD_USER_OBJECTS,
                                   LISTAPPS_FIELD_DISK,
                                   LISTAPPS_FIELD_NETWORK,
                                   LISTAPPS_FIELD_GPU,
                                   LISTAPPS_FIELD_GPU_ENGINE,
                                   LISTAPPS_FIELD_GPU_DEDICATED_MEMORY,
                                   LISTAPPS_FIELD_GPU_SHARED_MEMORY};

static listapps_snapshot *replay(const char *text, unsigned flags) {
  listapps_options options = LISTAPPS_OPTIONS_INIT;
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *s = NULL;
  int err;

  options.flags = flags;
  options.fields = every_column;
  options.field_count = sizeof every_column / sizeof every_column[0];
  err = listapps_snapshot_replay(text, strlen(text), &options, &s, &error);
  ck_assert_msg(err == LISTAPPS_OK, "replay: %d %s", err, error.detail);
  return s;
}

static size_t row_of(const listapps_snapshot *s, long long pid) {
  size_t i;
  for (i = 0; i < listapps_snapshot_count(s); i++) {
    long long v = 0;
    if (listapps_snapshot_get_integer(s, i, LISTAPPS_FIELD_PID, &v) == LISTAPPS_VALUE_PRESENT &&
        v == pid)
      return i;
  }
  ck_abort_msg("no row of PID %lld", pid);
  return 0;
}

static long long integer(const listapps_snapshot *s, size_t row, int field) {
  long long v = -1;
  int state = listapps_snapshot_get_integer(s, row, field, &v);
  ck_assert_msg(state == LISTAPPS_VALUE_PRESENT, "field %d: state %s", field,
                listapps_value_state_name(state));
  return v;
}

static const char *text(const listapps_snapshot *s, size_t row, int field) {
  const char *t = NULL;
  int state = listapps_snapshot_get_string(s, row, field, &t);
  ck_assert_msg(state == LISTAPPS_VALUE_PRESENT, "field %d: state %s", field,
                listapps_value_state_name(state));
  return t;
}

static int state_of(const listapps_snapshot *s, size_t row, int field) {
  const listapps_field_info *info = listapps_field_info_of(field);
  long long v;
  const char *t;
  if (info->type == LISTAPPS_TYPE_STRING) return listapps_snapshot_get_string(s, row, field, &t);
  return listapps_snapshot_get_integer(s, row, field, &v);
}

START_TEST(test_hostile_readings_are_refused) {
  listapps_options options = LISTAPPS_OPTIONS_INIT;
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *s = NULL;
  char *bad = malloc(sizeof recording);
  char *at;

  ck_assert_ptr_nonnull(bad);
  /* A GPU reading with fewer times than the system has engines. */
  strcpy(bad, recording);
  at = strstr(bad, "[\"1500000\",\"0\",\"4000000\"]");
  ck_assert_ptr_nonnull(at);
  memcpy(at, "[\"1500000\",\"0\"]            ", strlen("[\"1500000\",\"0\",\"4000000\"]"));
  ck_assert_int_eq(listapps_snapshot_replay(bad, strlen(bad), &options, &s, &error),
                   LISTAPPS_ERECORDING);
  ck_assert_ptr_null(s);
  ck_assert_msg(strstr(error.detail, "processes[1].readings.gpu") != NULL, "%s", error.detail);
  /* A count that is not a decimal string. */
  strcpy(bad, recording);
  at = strstr(bad, "\"count\":\"60\"");
  ck_assert_ptr_nonnull(at);
  memcpy(at, "\"count\":-600 ", strlen("\"count\":\"60\""));
  ck_assert_int_eq(listapps_snapshot_replay(bad, strlen(bad), &options, &s, &error),
                   LISTAPPS_ERECORDING);
  ck_assert_msg(strstr(error.detail, "processes[1].readings.handles") != NULL, "%s", error.detail);
  free(bad);
}
END_TEST

/* The default listing: the App's row is its group, as Task Manager's collapsed row. */
START_TEST(test_app_row_sums_its_group) {
  listapps_snapshot *s = replay(recording, LISTAPPS_LIST_DEFAULT);
  size_t row;

  ck_assert_uint_eq(listapps_snapshot_count(s), 1);
  row = row_of(s, 100);
  ck_assert_int_eq(integer(s, row, LISTAPPS_FIELD_THREADS), 3 + 5);
  ck_assert_int_eq(integer(s, row, LISTAPPS_FIELD_HANDLES), 40 + 60);
  ck_assert_int_eq(integer(s, row, LISTAPPS_FIELD_GDI_OBJECTS), 10 + 1);
  ck_assert_int_eq(integer(s, row, LISTAPPS_FIELD_USER_OBJECTS), 20 + 2);
  /* 500,000 bytes, and all 100,000 of a child started during the sample, over 0.5 s. */
  ck_assert_int_eq(integer(s, row, LISTAPPS_FIELD_DISK), 1200000);
  /* 250,000 bytes and none over 1 s. */
  ck_assert_int_eq(integer(s, row, LISTAPPS_FIELD_NETWORK), 250000);
  /* Per engine over the group: 0.35 s, 0.1 s and 0.4 s of 1 s: the second adapter's 3D. */
  ck_assert_int_eq(integer(s, row, LISTAPPS_FIELD_GPU), 400);
  ck_assert_str_eq(text(s, row, LISTAPPS_FIELD_GPU_ENGINE), "GPU 1 - 3D");
  ck_assert_int_eq(integer(s, row, LISTAPPS_FIELD_GPU_DEDICATED_MEMORY), 1048577);
  ck_assert_int_eq(integer(s, row, LISTAPPS_FIELD_GPU_SHARED_MEMORY), 2050);
  /* Frozen, and its child's threads all suspended: the group is. */
  ck_assert_str_eq(text(s, row, LISTAPPS_FIELD_STATUS), "Suspended");
  /* EcoQoS at base priority 4. */
  ck_assert_int_eq(integer(s, row, LISTAPPS_FIELD_EFFICIENCY_MODE), 1);
  listapps_snapshot_free(s);
}
END_TEST

/* With --all each process row is its own. */
START_TEST(test_process_rows_are_their_own) {
  listapps_snapshot *s = replay(recording, LISTAPPS_LIST_ALL);
  size_t app = row_of(s, 100);
  size_t child = row_of(s, 101);

  ck_assert_int_eq(integer(s, app, LISTAPPS_FIELD_THREADS), 3);
  ck_assert_int_eq(integer(s, child, LISTAPPS_FIELD_THREADS), 5);
  ck_assert_int_eq(integer(s, app, LISTAPPS_FIELD_DISK), 1000000);
  ck_assert_int_eq(integer(s, child, LISTAPPS_FIELD_DISK), 200000);
  ck_assert_int_eq(integer(s, child, LISTAPPS_FIELD_NETWORK), 0);
  /* The App's busiest engine is its first adapter's 3D, 0.2 s of 1 s. */
  ck_assert_int_eq(integer(s, app, LISTAPPS_FIELD_GPU), 200);
  ck_assert_str_eq(text(s, app, LISTAPPS_FIELD_GPU_ENGINE), "GPU 0 - 3D");
  ck_assert_int_eq(integer(s, child, LISTAPPS_FIELD_GPU), 400);
  ck_assert_str_eq(text(s, child, LISTAPPS_FIELD_GPU_ENGINE), "GPU 1 - 3D");
  /* Frozen, though its threads are not all suspended. */
  ck_assert_str_eq(text(s, app, LISTAPPS_FIELD_STATUS), "Suspended");
  ck_assert_str_eq(text(s, child, LISTAPPS_FIELD_STATUS), "Suspended");
  /* EcoQoS at normal priority (8) is not Efficiency mode. */
  ck_assert_int_eq(integer(s, child, LISTAPPS_FIELD_EFFICIENCY_MODE), 0);
  listapps_snapshot_free(s);
}
END_TEST

/* What the system could not give stays unavailable, with its reason. */
START_TEST(test_unavailable_keeps_its_reason) {
  listapps_snapshot *s = replay(recording, LISTAPPS_LIST_ALL);
  size_t row = row_of(s, 200);

  ck_assert_int_eq(integer(s, row, LISTAPPS_FIELD_THREADS), 9);
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_GDI_OBJECTS), LISTAPPS_VALUE_UNSUPPORTED);
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_USER_OBJECTS), LISTAPPS_VALUE_UNSUPPORTED);
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_DISK), LISTAPPS_VALUE_UNSUPPORTED);
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_NETWORK), LISTAPPS_VALUE_UNSUPPORTED);
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_GPU), LISTAPPS_VALUE_DENIED);
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_GPU_ENGINE), LISTAPPS_VALUE_DENIED);
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_GPU_DEDICATED_MEMORY), LISTAPPS_VALUE_DENIED);
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_STATUS), LISTAPPS_VALUE_UNSUPPORTED);
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_EFFICIENCY_MODE), LISTAPPS_VALUE_UNSUPPORTED);
  listapps_snapshot_free(s);
}
END_TEST

/* A recording made before these readings existed: each column reads as not gathered. */
START_TEST(test_older_recording_has_none_of_them) {
  char *old = malloc(sizeof recording);
  listapps_snapshot *s;
  char *at;
  size_t row;

  ck_assert_ptr_nonnull(old);
  strcpy(old, recording);
  /* Drop the gathered facts' new names and every process's new readings. */
  at = strstr(old, "\"efficiency\",\"threads\"");
  ck_assert_ptr_nonnull(at);
  memmove(at + strlen("\"efficiency\""), strstr(at, "]}"), strlen(strstr(at, "]}")) + 1);
  while ((at = strstr(old, ",\"frozen\":")) != NULL) {
    char *end = strstr(at, "\"gpuMemory\":");
    end = strchr(end, '}') + 1;
    memmove(at, end, strlen(end) + 1);
  }
  s = replay(old, LISTAPPS_LIST_ALL);
  row = row_of(s, 100);
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_THREADS), LISTAPPS_VALUE_NOT_GATHERED);
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_GPU), LISTAPPS_VALUE_NOT_GATHERED);
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_DISK), LISTAPPS_VALUE_NOT_GATHERED);
  /* Status from the threads alone: not all suspended. */
  ck_assert_str_eq(text(s, row, LISTAPPS_FIELD_STATUS), "Running");
  /* Without a base priority, Efficiency mode is not known. */
  ck_assert_int_eq(state_of(s, row, LISTAPPS_FIELD_EFFICIENCY_MODE), LISTAPPS_VALUE_NOT_GATHERED);
  listapps_snapshot_free(s);
  free(old);
}
END_TEST

/* The listing writes what it replayed: the table shows Task Manager's units. */
static int to_buffer(void *context, const char *data, size_t len) {
  char *buf = context;
  size_t have = strlen(buf);
  if (have + len >= 8192) return 1;
  memcpy(buf + have, data, len);
  buf[have + len] = '\0';
  return 0;
}

START_TEST(test_table_units) {
  listapps_snapshot *s = replay(recording, LISTAPPS_LIST_DEFAULT);
  listapps_write_options w = LISTAPPS_WRITE_OPTIONS_INIT;
  static char out[8192];
  const int fields[] = {LISTAPPS_FIELD_PID, LISTAPPS_FIELD_DISK, LISTAPPS_FIELD_GPU,
                        LISTAPPS_FIELD_GPU_ENGINE};

  out[0] = '\0';
  w.format = LISTAPPS_FORMAT_TABLE;
  w.fields = fields;
  w.field_count = sizeof fields / sizeof fields[0];
  ck_assert_int_eq(listapps_write(s, &w, to_buffer, out), LISTAPPS_OK);
  /* 1,200,000 B/s is 1.1 MB/s (MB of 1,048,576 bytes). */
  ck_assert_msg(strstr(out, "1.1 MB/s") != NULL, "%s", out);
  ck_assert_msg(strstr(out, "40.0%") != NULL, "%s", out);
  ck_assert_msg(strstr(out, "GPU 1 - 3D") != NULL, "%s", out);
  listapps_snapshot_free(s);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("replay_columns");
  TCase *tc = tcase_create("replay_columns");

  tcase_add_checked_fixture(tc, join_recording, NULL);
  tcase_add_test(tc, test_hostile_readings_are_refused);
  tcase_add_test(tc, test_app_row_sums_its_group);
  tcase_add_test(tc, test_process_rows_are_their_own);
  tcase_add_test(tc, test_unavailable_keeps_its_reason);
  tcase_add_test(tc, test_older_recording_has_none_of_them);
  tcase_add_test(tc, test_table_units);
  suite_add_tcase(s, tc);
  return s;
}
