/*
 * The 2.0 interface against real windows in real processes: listapps_snapshot_take, the
 * accessors and their value states, Publisher from a windres CompanyName, the streaming writer
 * with a caller's sink, and the error detail.
 */
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "fixture_run.h"
#include "fixture_strings.h"
#include "listapps.h"
#include "suite.h"

static listapps_snapshot *take(const int *fields, size_t field_count, unsigned flags) {
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_error_info e = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *s = NULL;
  int err;

  o.flags = flags;
  o.fields = fields;
  o.field_count = field_count;
  err = listapps_snapshot_take(&o, &s, &e);
  ck_assert_msg(err == LISTAPPS_OK, "snapshot failed: %d (%s, %lu)", err, e.call, e.win32_error);
  ck_assert_int_eq(e.code, LISTAPPS_OK);
  ck_assert_ptr_nonnull(s);
  return s;
}

START_TEST(test_invalid_options) {
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_error_info e = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *s = (listapps_snapshot *)&o;
  int bad_field = LISTAPPS_FIELD_COUNT + 100;
  char message[200];

  ck_assert_int_eq(listapps_snapshot_take(NULL, NULL, &e), LISTAPPS_EINVAL);
  ck_assert_int_eq(e.code, LISTAPPS_EINVAL);
  o.flags = 0x80u;
  ck_assert_int_eq(listapps_snapshot_take(&o, &s, &e), LISTAPPS_EINVAL);
  ck_assert_ptr_null(s);
  o.flags = 0;
  o.fields = &bad_field;
  o.field_count = 1;
  ck_assert_int_eq(listapps_snapshot_take(&o, &s, NULL), LISTAPPS_EINVAL);
  o.fields = NULL;
  o.size = sizeof o.size - 1; /* too small to hold even its own size */
  ck_assert_int_eq(listapps_snapshot_take(&o, &s, NULL), LISTAPPS_EINVAL);
  ck_assert_uint_eq(listapps_error_message(&e, message, sizeof message), strlen(message));
  ck_assert_str_eq(message, "invalid argument");
  /* NULL snapshots read as empty. */
  ck_assert_uint_eq(listapps_snapshot_count(NULL), 0);
  ck_assert_uint_eq(listapps_snapshot_window_count(NULL, 0), 0);
  listapps_snapshot_free(NULL);
}
END_TEST

START_TEST(test_error_message_names_the_call) {
  listapps_error_info e = LISTAPPS_ERROR_INFO_INIT;
  char message[200];
  char small[12];
  size_t need;

  e.code = LISTAPPS_EENUM;
  e.win32_error = 5;
  strcpy(e.call, "EnumWindows");
  need = listapps_error_message(&e, message, sizeof message);
  ck_assert_str_eq(message,
                   "the system would not enumerate windows or processes (EnumWindows failed "
                   "with Win32 error 5)");
  ck_assert_uint_eq(need, strlen(message));
  ck_assert_uint_eq(listapps_error_message(&e, small, sizeof small), need);
  ck_assert_uint_eq(strlen(small), sizeof small - 1);
}
END_TEST

/* Publisher is the fixture's windres CompanyName; it is read only when asked for. */
START_TEST(test_publisher_from_company_name) {
  const wchar_t *args[] = {L"visible:Publisher window"};
  const int fields[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_PUBLISHER};
  test_process with;
  test_process without;
  listapps_snapshot *s;
  const char *value = NULL;
  size_t row;

  fixture_start(L"fixture_en.exe", args, 1, &with);
  fixture_start(L"fixture_none.exe", args, 1, &without);
  s = take(fields, 2, LISTAPPS_LIST_DEFAULT);
  row = find_snapshot_row(s, with.pid);
  ck_assert_uint_ne(row, (size_t)-1);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_PUBLISHER, &value),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_str_eq(value, FIXTURE_COMPANY_NAME);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_NAME, &value),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_str_eq(value, FIXTURE_DESC_EN);
  /* No version resource: no publisher, and no description either. */
  row = find_snapshot_row(s, without.pid);
  ck_assert_uint_ne(row, (size_t)-1);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_PUBLISHER, &value),
                   LISTAPPS_VALUE_NONE);
  ck_assert_ptr_null(value);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_DESCRIPTION, &value),
                   LISTAPPS_VALUE_NONE);
  listapps_snapshot_free(s);

  /* Not asked for: not gathered. */
  s = take(NULL, 0, LISTAPPS_LIST_DEFAULT);
  row = find_snapshot_row(s, with.pid);
  ck_assert_uint_ne(row, (size_t)-1);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_PUBLISHER, &value),
                   LISTAPPS_VALUE_NOT_GATHERED);
  listapps_snapshot_free(s);
  fixture_stop(&without);
  fixture_stop(&with);
}
END_TEST

/* The German-first fixture names itself from its German block; its publisher comes from that
 * same block. */
START_TEST(test_publisher_from_the_name_block) {
  const wchar_t *args[] = {L"visible:German publisher"};
  const int fields[] = {LISTAPPS_FIELD_PUBLISHER};
  test_process p;
  listapps_snapshot *s;
  const char *value = NULL;
  size_t row;

  fixture_start(L"fixture_de_first.exe", args, 1, &p);
  s = take(fields, 1, LISTAPPS_LIST_DEFAULT);
  row = find_snapshot_row(s, p.pid);
  ck_assert_uint_ne(row, (size_t)-1);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_NAME, &value),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_str_eq(value, FIXTURE_DESC_DE);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_PUBLISHER, &value),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_str_eq(value, FIXTURE_COMPANY_NAME);
  listapps_snapshot_free(s);
  fixture_stop(&p);
}
END_TEST

START_TEST(test_accessors_and_states) {
  const wchar_t *args[] = {L"visible:First window", L"visible:Second window"};
  test_process p;
  listapps_snapshot *s;
  const char *text = NULL;
  long long n = 0;
  unsigned long pid = 0;
  size_t row;

  fixture_start(L"fixture_en.exe", args, 2, &p);
  s = take(NULL, 0, LISTAPPS_LIST_ALL);
  ck_assert_uint_eq(listapps_snapshot_flags(s), LISTAPPS_LIST_ALL);
  row = find_snapshot_row(s, p.pid);
  ck_assert_uint_ne(row, (size_t)-1);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_CATEGORY, &text),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_str_eq(text, "App");
  ck_assert_int_eq(listapps_snapshot_get_integer(s, row, LISTAPPS_FIELD_WINDOWS, &n),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_int_eq(n, 2);
  ck_assert_uint_eq(listapps_snapshot_window_count(s, row), 2);
  /* Windows in Z order: the second window was created last and is on top. */
  ck_assert_int_eq(listapps_snapshot_get_window_string(s, row, 0, LISTAPPS_FIELD_TITLE, &text),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_str_eq(text, "Second window");
  ck_assert_int_eq(listapps_snapshot_get_window_integer(s, row, 1, LISTAPPS_FIELD_HWND, &n),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_int_ne(n, 0);
  ck_assert_int_eq(listapps_snapshot_get_window_string(s, row, 1, LISTAPPS_FIELD_CLASS, &text),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_ptr_nonnull(text);
  ck_assert_uint_ge(listapps_snapshot_member_count(s, row), 1);
  ck_assert_int_eq(listapps_snapshot_get_member(s, row, 0, &pid), LISTAPPS_OK);
  ck_assert_uint_eq(pid, p.pid);
  /* Wrong type, field, row or window: EINVAL, and the output cleared. */
  ck_assert_int_eq(listapps_snapshot_get_integer(s, row, LISTAPPS_FIELD_NAME, &n), LISTAPPS_EINVAL);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_PID, &text),
                   LISTAPPS_EINVAL);
  ck_assert_ptr_null(text);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, -1, &text), LISTAPPS_EINVAL);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_COUNT, &text),
                   LISTAPPS_EINVAL);
  ck_assert_int_eq(
      listapps_snapshot_get_string(s, listapps_snapshot_count(s), LISTAPPS_FIELD_NAME, &text),
      LISTAPPS_EINVAL);
  ck_assert_int_eq(listapps_snapshot_get_window_string(s, row, 2, LISTAPPS_FIELD_TITLE, &text),
                   LISTAPPS_EINVAL);
  ck_assert_int_eq(
      listapps_snapshot_get_window_string(s, row, 0, LISTAPPS_FIELD_DESCRIPTION, &text),
      LISTAPPS_EINVAL);
  ck_assert_int_eq(listapps_snapshot_get_member(s, row, 99, &pid), LISTAPPS_EINVAL);
  ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_NAME, NULL),
                   LISTAPPS_EINVAL);
  /* A process row has no title: NONE, not an empty string. */
  for (row = 0; row < listapps_snapshot_count(s); row++) {
    ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_CATEGORY, &text),
                     LISTAPPS_VALUE_PRESENT);
    if (strcmp(text, "App") == 0) continue;
    ck_assert_int_eq(listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_TITLE, &text),
                     LISTAPPS_VALUE_NONE);
    ck_assert_uint_eq(listapps_snapshot_window_count(s, row), 0);
    break;
  }
  ck_assert_uint_lt(row, listapps_snapshot_count(s));
  listapps_snapshot_free(s);
  fixture_stop(&p);
}
END_TEST

/* A sink that keeps what it is given, and can refuse after a number of calls. */
typedef struct kept {
  char *data;
  size_t len;
  size_t calls;
  size_t refuse_at; /* refuse the call with this number (1-based); 0: never */
} kept;

static int keep(void *context, const char *data, size_t len) {
  kept *k = context;
  char *grown;

  k->calls++;
  ck_assert_uint_gt(len, 0);
  if (k->refuse_at != 0 && k->calls >= k->refuse_at) return 1;
  grown = realloc(k->data, k->len + len + 1);
  ck_assert_ptr_nonnull(grown);
  k->data = grown;
  memcpy(k->data + k->len, data, len);
  k->len += len;
  k->data[k->len] = '\0';
  return 0;
}

/* Many apps with long titles write in several pieces, and the pieces read back as one CSV with
 * the chosen columns; a sink that refuses stops the write at once. */
START_TEST(test_streaming_write) {
  enum { FIXTURES = 3 };
  const int fields[] = {LISTAPPS_FIELD_PID, LISTAPPS_FIELD_PUBLISHER, LISTAPPS_FIELD_TITLE};
  listapps_write_options w = LISTAPPS_WRITE_OPTIONS_INIT;
  wchar_t *long_title = repeat_wchar(L'x', 20000);
  wchar_t *arg = malloc((20000 + 16) * sizeof *arg);
  const wchar_t *args[1];
  test_process p[FIXTURES];
  listapps_snapshot *s;
  csv_table t;
  char err[200];
  kept k = {NULL, 0, 0, 0};
  size_t i;
  size_t found = 0;

  ck_assert_ptr_nonnull(long_title);
  ck_assert_ptr_nonnull(arg);
  wcscpy(arg, L"visible:");
  wcscat(arg, long_title);
  args[0] = arg;
  for (i = 0; i < FIXTURES; i++) fixture_start(L"fixture_en.exe", args, 1, &p[i]);
  s = take(fields, 3, LISTAPPS_LIST_DEFAULT);
  w.format = LISTAPPS_FORMAT_CSV;
  w.fields = fields;
  w.field_count = 3;
  ck_assert_int_eq(listapps_write(s, &w, keep, &k), LISTAPPS_OK);
  ck_assert_msg(k.calls >= 2, "a write of %lu bytes came in %lu piece(s)", (unsigned long)k.len,
                (unsigned long)k.calls);
  ck_assert_int_eq(csv_parse(k.data, k.len, &t, err, sizeof err), 0);
  ck_assert_uint_eq(t.rows[0].field_count, 3);
  ck_assert_str_eq(t.rows[0].fields[0], "PID");
  ck_assert_str_eq(t.rows[0].fields[1], "Publisher");
  ck_assert_str_eq(t.rows[0].fields[2], "Title");
  for (i = 1; i < t.row_count; i++) {
    size_t f;
    for (f = 0; f < FIXTURES; f++) {
      if (strtoul(t.rows[i].fields[0], NULL, 10) != p[f].pid) continue;
      ck_assert_str_eq(t.rows[i].fields[1], FIXTURE_COMPANY_NAME);
      ck_assert_uint_eq(t.rows[i].field_lens[2], 20000);
      found++;
    }
  }
  ck_assert_uint_eq(found, FIXTURES);
  csv_table_free(&t);

  /* Refused on the first piece: EWRITE, and no further call. */
  free(k.data);
  memset(&k, 0, sizeof k);
  k.refuse_at = 1;
  ck_assert_int_eq(listapps_write(s, &w, keep, &k), LISTAPPS_EWRITE);
  ck_assert_uint_eq(k.calls, 1);
  ck_assert_uint_eq(k.len, 0);
  /* Bad write options. */
  w.format = 99;
  ck_assert_int_eq(listapps_write(s, &w, keep, &k), LISTAPPS_EINVAL);
  w.format = LISTAPPS_FORMAT_JSON;
  w.flags = LISTAPPS_WRITE_EXCEL;
  ck_assert_int_eq(listapps_write(s, &w, keep, &k), LISTAPPS_EINVAL);
  ck_assert_int_eq(listapps_write(s, &w, NULL, &k), LISTAPPS_EINVAL);
  ck_assert_int_eq(listapps_write(NULL, &w, keep, &k), LISTAPPS_EINVAL);
  listapps_snapshot_free(s);
  for (i = 0; i < FIXTURES; i++) fixture_stop(&p[i]);
  free(k.data);
  free(arg);
  free(long_title);
}
END_TEST

/* The registry: every id it knows has a header, a key and a type, and names find their ids. */
START_TEST(test_registry_lookups) {
  size_t i;

  ck_assert_uint_ge(listapps_field_count(), LISTAPPS_FIELD_COUNT);
  for (i = 0; i < listapps_field_count(); i++) {
    const listapps_field_info *f = listapps_field_info_of((int)i);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->id, (int)i);
    ck_assert_int_eq(listapps_field_by_name(f->header), (int)i);
    ck_assert_int_eq(listapps_field_by_name(f->json_key), (int)i);
  }
  ck_assert_ptr_null(listapps_field_info_of(-1));
  ck_assert_ptr_null(listapps_field_info_of((int)listapps_field_count()));
  ck_assert_int_eq(listapps_field_by_name("PARENTPID"), LISTAPPS_FIELD_PARENT_PID);
  ck_assert_int_eq(listapps_field_by_name("publisher"), LISTAPPS_FIELD_PUBLISHER);
  ck_assert_int_eq(listapps_field_by_name("no such"), -1);
  ck_assert_int_eq(listapps_field_by_name(""), -1);
  ck_assert_int_eq(listapps_field_by_name(NULL), -1);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("snapshot");
  TCase *api = tcase_create("api");
  TCase *fields = tcase_create("fields");
  TCase *write = tcase_create("write");

  tcase_add_test(api, test_invalid_options);
  tcase_add_test(api, test_error_message_names_the_call);
  tcase_add_test(api, test_accessors_and_states);
  tcase_add_test(fields, test_registry_lookups);
  tcase_add_test(fields, test_publisher_from_company_name);
  tcase_add_test(fields, test_publisher_from_the_name_block);
  tcase_add_test(write, test_streaming_write);
  suite_add_tcase(s, api);
  suite_add_tcase(s, fields);
  suite_add_tcase(s, write);
  return s;
}
