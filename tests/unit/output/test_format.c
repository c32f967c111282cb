/* listapps_format: whole lists rendered, then parsed back and compared field by field. */
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "utf8_check.h"
#include "json_reader.h"
#include "listapps.h"
#include "suite.h"

/* Two rows with every awkward value the writers must carry exactly. */
static listapps_app sample_rows[2] = {
    {LISTAPPS_CATEGORY_APP, "Caf\xC3\xA9, \"Bar\"", 1234, 4, 1, 1234,
     "line1\r\nline2 \x1b[31m\xE2\x80\xAE \xF0\x9F\x98\x80", 2, 1, "bar.exe",
     "C:\\Program Files\\Bar\\bar.exe", "  Caf\xC3\xA9, \"Bar\"  ", NULL, NULL},
    {LISTAPPS_CATEGORY_APP, "\xE8\xA8\x88\xE7\xAE\x97\xE6\xA9\x9F", 8, 0, 0, 8,
     "=cmd|' /C calc'!A0", 1, 1, NULL, NULL, NULL, NULL, NULL}};

static listapps_list sample_list(void) {
  listapps_list list = {sample_rows, 2, 0};
  return list;
}

static char *format_ok(const listapps_list *list, int format, unsigned flags, size_t *len) {
  char *text = NULL;
  ck_assert_int_eq(listapps_format(list, format, flags, &text, len), LISTAPPS_OK);
  ck_assert_ptr_nonnull(text);
  ck_assert_uint_eq(strlen(text), *len);
  return text;
}

START_TEST(test_invalid_arguments) {
  listapps_list list = sample_list();
  listapps_list broken = {NULL, 3, 0};
  char *text = (char *)1;
  size_t len = 5;

  /* 3 and 4 are JSON Lines and Prometheus since 2.0. */
  ck_assert_int_eq(listapps_format(&list, 99, 0, &text, &len), LISTAPPS_EINVAL);
  ck_assert_ptr_null(text);
  ck_assert_uint_eq(len, 0);
  text = (char *)1;
  ck_assert_int_eq(listapps_format(&list, -1, 0, &text, NULL), LISTAPPS_EINVAL);
  ck_assert_ptr_null(text);
  ck_assert_int_eq(listapps_format(&list, LISTAPPS_FORMAT_CSV, 0x80u, &text, NULL),
                   LISTAPPS_EINVAL);
  ck_assert_int_eq(listapps_format(&list, LISTAPPS_FORMAT_CSV, 0, NULL, &len), LISTAPPS_EINVAL);
  ck_assert_int_eq(listapps_format(NULL, LISTAPPS_FORMAT_CSV, 0, &text, NULL), LISTAPPS_EINVAL);
  ck_assert_int_eq(listapps_format(&broken, LISTAPPS_FORMAT_CSV, 0, &text, NULL), LISTAPPS_EINVAL);
  listapps_free_text(NULL);
}
END_TEST

static const char *const csv_header[] = {"Category", "Name",  "PID",        "ParentPID",
                                         "AppPID",   "Title", "Windows",    "Processes",
                                         "Image",    "Path",  "Description"};

static void assert_field(const csv_row *row, size_t i, const char *expected) {
  ck_assert_uint_eq(row->field_lens[i], strlen(expected));
  ck_assert_str_eq(row->fields[i], expected);
}

START_TEST(test_csv_parses_back_exactly) {
  listapps_list list = sample_list();
  size_t len = 0;
  char *text = format_ok(&list, LISTAPPS_FORMAT_CSV, 0, &len);
  csv_table t;
  char err[128];
  size_t i;

  ck_assert_int_eq(utf8_is_valid(text, len), 1);
  ck_assert_msg(csv_parse(text, len, &t, err, sizeof err) == 0, "%s", err);
  ck_assert_uint_eq(t.row_count, 3);
  for (i = 0; i < 3; i++) ck_assert_uint_eq(t.rows[i].field_count, 11);
  for (i = 0; i < 11; i++) assert_field(&t.rows[0], i, csv_header[i]);
  assert_field(&t.rows[1], 0, "App");
  assert_field(&t.rows[1], 1, sample_rows[0].name);
  assert_field(&t.rows[1], 2, "1234");
  assert_field(&t.rows[1], 3, "4");
  assert_field(&t.rows[1], 4, "1234");
  assert_field(&t.rows[1], 5, sample_rows[0].title);
  assert_field(&t.rows[1], 6, "2");
  assert_field(&t.rows[1], 7, "1");
  assert_field(&t.rows[1], 8, "bar.exe");
  assert_field(&t.rows[1], 9, sample_rows[0].path);
  assert_field(&t.rows[1], 10, sample_rows[0].description);
  /* Unknown values are empty fields. */
  assert_field(&t.rows[2], 1, sample_rows[1].name);
  assert_field(&t.rows[2], 3, "");
  assert_field(&t.rows[2], 5, sample_rows[1].title);
  assert_field(&t.rows[2], 8, "");
  assert_field(&t.rows[2], 9, "");
  assert_field(&t.rows[2], 10, "");
  csv_table_free(&t);
  listapps_free_text(text);
}
END_TEST

START_TEST(test_csv_lines_end_in_crlf_and_no_bom) {
  listapps_list list = sample_list();
  size_t len = 0;
  char *text = format_ok(&list, LISTAPPS_FORMAT_CSV, 0, &len);
  static const char header[] =
      "Category,Name,PID,ParentPID,AppPID,Title,Windows,Processes,Image,Path,Description\r\n";

  ck_assert_int_eq(strncmp(text, header, sizeof header - 1), 0);
  ck_assert_mem_eq(text + len - 2, "\r\n", 2);
  listapps_free_text(text);
}
END_TEST

START_TEST(test_csv_without_header) {
  listapps_list list = sample_list();
  size_t len = 0;
  char *text = format_ok(&list, LISTAPPS_FORMAT_CSV, LISTAPPS_FORMAT_NO_HEADER, &len);
  csv_table t;

  ck_assert_int_eq(csv_parse(text, len, &t, NULL, 0), 0);
  ck_assert_uint_eq(t.row_count, 2);
  assert_field(&t.rows[0], 0, "App");
  csv_table_free(&t);
  listapps_free_text(text);
}
END_TEST

static void assert_json_string(const json_value *obj, const char *key, const char *expected) {
  const json_value *v = json_get(obj, key);
  ck_assert_ptr_nonnull(v);
  if (expected == NULL) {
    ck_assert_int_eq(v->type, JSON_NULL);
    return;
  }
  ck_assert_int_eq(v->type, JSON_STRING);
  ck_assert_uint_eq(v->string_len, strlen(expected));
  ck_assert_str_eq(v->string, expected);
}

static void assert_json_number(const json_value *obj, const char *key, long long expected) {
  const json_value *v = json_get(obj, key);
  ck_assert_ptr_nonnull(v);
  ck_assert_int_eq(v->type, JSON_NUMBER);
  ck_assert_int_eq(v->is_integer, 1);
  ck_assert_int_eq(v->integer, expected);
}

START_TEST(test_json_parses_back_exactly) {
  listapps_list list = sample_list();
  size_t len = 0;
  char *text = format_ok(&list, LISTAPPS_FORMAT_JSON, 0, &len);
  json_value v;
  char err[128];
  size_t i;

  ck_assert_msg(json_parse(text, len, &v, err, sizeof err) == 0, "%s", err);
  ck_assert_int_eq(v.type, JSON_ARRAY);
  ck_assert_uint_eq(v.count, 2);
  for (i = 0; i < 2; i++) {
    const json_value *o = &v.items[i];
    const listapps_app *a = &sample_rows[i];
    ck_assert_int_eq(o->type, JSON_OBJECT);
    ck_assert_uint_eq(o->count, 11);
    assert_json_string(o, "category", "App");
    assert_json_string(o, "name", a->name);
    assert_json_number(o, "pid", (long long)a->pid);
    assert_json_number(o, "appPid", (long long)a->app_pid);
    assert_json_string(o, "title", a->title);
    assert_json_number(o, "windows", (long long)a->window_count);
    assert_json_number(o, "processes", (long long)a->process_count);
    assert_json_string(o, "image", a->image);
    assert_json_string(o, "path", a->path);
    assert_json_string(o, "description", a->description);
  }
  assert_json_number(&v.items[0], "parentPid", 4);
  ck_assert_int_eq(json_get(&v.items[1], "parentPid")->type, JSON_NULL);
  /* No raw control character anywhere in the text. */
  for (i = 0; i < len; i++)
    ck_assert_msg((unsigned char)text[i] >= 0x20 || text[i] == '\n', "raw control byte at %lu",
                  (unsigned long)i);
  json_free(&v);
  listapps_free_text(text);
}
END_TEST

START_TEST(test_empty_lists) {
  listapps_list empty = {NULL, 0, 0};
  size_t len = 0;
  char *text;

  text = format_ok(&empty, LISTAPPS_FORMAT_JSON, 0, &len);
  ck_assert_str_eq(text, "[]\n");
  listapps_free_text(text);
  text = format_ok(&empty, LISTAPPS_FORMAT_CSV, LISTAPPS_FORMAT_NO_HEADER, &len);
  ck_assert_str_eq(text, "");
  ck_assert_uint_eq(len, 0);
  listapps_free_text(text);
  text = format_ok(&empty, LISTAPPS_FORMAT_TABLE, 0, &len);
  ck_assert_str_eq(text, "Name  PID  Title\n");
  listapps_free_text(text);
}
END_TEST

START_TEST(test_table_layout) {
  static listapps_app rows[3] = {
      {0, "Notepad", 8, 0, 0, 8, "Untitled - Notepad", 1, 1, NULL, NULL, NULL, NULL, NULL},
      {0, "\xE8\xA8\x88\xE7\xAE\x97\xE6\xA9\x9F", 12345, 0, 0, 12345, "t", 1, 1, NULL, NULL, NULL,
       NULL, NULL},
      {0, "x", 77, 0, 0, 77, "bad\x1b]0;pwned\x07", 1, 1, NULL, NULL, NULL, NULL, NULL}};
  listapps_list list = {rows, 3, 0};
  size_t len = 0;
  char *text = format_ok(&list, LISTAPPS_FORMAT_TABLE, 0, &len);

  /* Name is 7 columns wide (Notepad; the CJK name is 3 characters, 6 columns), PID 5. */
  ck_assert_str_eq(text,
                   "Name       PID  Title\n"
                   "Notepad      8  Untitled - Notepad\n"
                   "\xE8\xA8\x88\xE7\xAE\x97\xE6\xA9\x9F \x20 12345  t\n"
                   "x           77  bad\\x1b]0;pwned\\x07\n");
  listapps_free_text(text);
  text = format_ok(&list, LISTAPPS_FORMAT_TABLE, LISTAPPS_FORMAT_NO_HEADER, &len);
  ck_assert_int_eq(strncmp(text, "Notepad      8  Untitled", 24), 0);
  listapps_free_text(text);
}
END_TEST

START_TEST(test_long_values_are_not_cut) {
  enum { LONG = 70000 };
  char *title = malloc(LONG + 1);
  listapps_app row = {0, "n", 1, 0, 0, 1, NULL, 1, 1, NULL, NULL, NULL, NULL, NULL};
  listapps_list list = {&row, 1, 0};
  size_t len = 0;
  char *text;
  csv_table t;

  ck_assert_ptr_nonnull(title);
  memset(title, 'x', LONG);
  title[LONG - 1] = ',';
  title[LONG] = '\0';
  row.title = title;
  text = format_ok(&list, LISTAPPS_FORMAT_CSV, LISTAPPS_FORMAT_NO_HEADER, &len);
  ck_assert_int_eq(csv_parse(text, len, &t, NULL, 0), 0);
  ck_assert_uint_eq(t.rows[0].field_lens[5], LONG);
  ck_assert_str_eq(t.rows[0].fields[5], title);
  csv_table_free(&t);
  listapps_free_text(text);
  text = format_ok(&list, LISTAPPS_FORMAT_TABLE, 0, &len);
  ck_assert_ptr_nonnull(strstr(text, title));
  listapps_free_text(text);
  free(title);
}
END_TEST

START_TEST(test_library_strings) {
  ck_assert_str_eq(listapps_version(), LISTAPPS_VERSION_STRING);
  ck_assert_str_eq(listapps_strerror(LISTAPPS_ENOMEM), "out of memory");
  ck_assert_str_eq(listapps_strerror(12345), "unknown error");
  ck_assert_str_eq(listapps_category_name(LISTAPPS_CATEGORY_APP), "App");
  ck_assert_str_eq(listapps_category_name(LISTAPPS_CATEGORY_BACKGROUND), "Background process");
  ck_assert_str_eq(listapps_category_name(LISTAPPS_CATEGORY_WINDOWS), "Windows process");
  ck_assert_str_eq(listapps_category_name(9), "");
}
END_TEST

/* An App with two windows and a group of three, a member of its group, a background and a
 * Windows process: a LISTAPPS_LIST_ALL listing. */
static listapps_window app_windows[2] = {{0x1A2Bull, "Top, \"window\"", "Cls"},
                                         {0xFFFFFFFFFFFFFFFFull, "Below\x1b", NULL}};
static unsigned long members[3] = {100, 104, 108};

static listapps_list all_list(listapps_app rows[4]) {
  listapps_list list = {rows, 4, LISTAPPS_LIST_ALL};
  memset(rows, 0, 4 * sizeof *rows);
  rows[0].category = LISTAPPS_CATEGORY_APP;
  rows[0].name = "Editor";
  rows[0].pid = 100;
  rows[0].app_pid = 100;
  rows[0].title = "Top, \"window\"";
  rows[0].window_count = 2;
  rows[0].windows = app_windows;
  rows[0].process_count = 3;
  rows[0].member_pids = members;
  rows[0].image = "editor.exe";
  rows[1].category = LISTAPPS_CATEGORY_APP;
  rows[1].name = "helper.exe";
  rows[1].pid = 104;
  rows[1].app_pid = 100;
  rows[1].process_count = 1;
  rows[2].category = LISTAPPS_CATEGORY_BACKGROUND;
  rows[2].name = "bg.exe";
  rows[2].pid = 7;
  rows[2].process_count = 1;
  rows[3].category = LISTAPPS_CATEGORY_WINDOWS;
  rows[3].name = "Service Host: Power";
  rows[3].pid = 12;
  rows[3].process_count = 1;
  return list;
}

START_TEST(test_table_sections) {
  listapps_app rows[4];
  listapps_list list = all_list(rows);
  size_t len = 0;
  char *text = format_ok(&list, LISTAPPS_FORMAT_TABLE, 0, &len);

  ck_assert_str_eq(text,
                   "Apps (1)\n"
                   "Name                 PID  Title\n"
                   "Editor (3)           100  Top, \"window\"\n"
                   "  helper.exe         104\n"
                   "\n"
                   "Background processes (1)\n"
                   "Name                 PID  Title\n"
                   "bg.exe                 7\n"
                   "\n"
                   "Windows processes (1)\n"
                   "Name                 PID  Title\n"
                   "Service Host: Power   12\n");
  listapps_free_text(text);
}
END_TEST

START_TEST(test_csv_all_has_empty_app_pid_outside_groups) {
  listapps_app rows[4];
  listapps_list list = all_list(rows);
  size_t len = 0;
  char *text = format_ok(&list, LISTAPPS_FORMAT_CSV, LISTAPPS_FORMAT_NO_HEADER, &len);
  csv_table t;

  ck_assert_int_eq(csv_parse(text, len, &t, NULL, 0), 0);
  ck_assert_uint_eq(t.row_count, 4);
  assert_field(&t.rows[0], 7, "3");
  assert_field(&t.rows[1], 0, "App");
  assert_field(&t.rows[1], 4, "100");
  assert_field(&t.rows[1], 5, "");
  assert_field(&t.rows[1], 6, "0");
  assert_field(&t.rows[2], 0, "Background process");
  assert_field(&t.rows[2], 4, "");
  assert_field(&t.rows[3], 0, "Windows process");
  assert_field(&t.rows[3], 1, "Service Host: Power");
  csv_table_free(&t);
  listapps_free_text(text);
}
END_TEST

START_TEST(test_windows_rows) {
  listapps_app rows[4];
  listapps_list list = all_list(rows);
  size_t len = 0;
  char *text = format_ok(&list, LISTAPPS_FORMAT_CSV, LISTAPPS_FORMAT_WINDOWS, &len);
  csv_table t;
  json_value v;

  ck_assert_int_eq(csv_parse(text, len, &t, NULL, 0), 0);
  ck_assert_uint_eq(t.row_count, 3);
  ck_assert_int_eq(strncmp(text, "PID,HWND,Title,Class,Name,Image,Path\r\n", 38), 0);
  assert_field(&t.rows[1], 0, "100");
  assert_field(&t.rows[1], 1, "0x1A2B");
  assert_field(&t.rows[1], 2, "Top, \"window\"");
  assert_field(&t.rows[1], 3, "Cls");
  assert_field(&t.rows[1], 4, "Editor");
  assert_field(&t.rows[1], 5, "editor.exe");
  assert_field(&t.rows[1], 6, "");
  assert_field(&t.rows[2], 1, "0xFFFFFFFFFFFFFFFF");
  assert_field(&t.rows[2], 2, "Below\x1b");
  assert_field(&t.rows[2], 3, "");
  csv_table_free(&t);
  listapps_free_text(text);

  text = format_ok(&list, LISTAPPS_FORMAT_JSON, LISTAPPS_FORMAT_WINDOWS, &len);
  ck_assert_int_eq(json_parse(text, len, &v, NULL, 0), 0);
  ck_assert_uint_eq(v.count, 2);
  ck_assert_uint_eq(v.items[0].count, 7);
  ck_assert_int_eq(json_get(&v.items[0], "pid")->integer, 100);
  ck_assert_str_eq(json_get(&v.items[0], "hwnd")->string, "0x1A2B");
  ck_assert_str_eq(json_get(&v.items[1], "title")->string, "Below\x1b");
  ck_assert_int_eq(json_get(&v.items[1], "class")->type, JSON_NULL);
  ck_assert_int_eq(json_get(&v.items[1], "path")->type, JSON_NULL);
  json_free(&v);
  listapps_free_text(text);

  text = format_ok(&list, LISTAPPS_FORMAT_TABLE, LISTAPPS_FORMAT_WINDOWS, &len);
  ck_assert_ptr_nonnull(strstr(text,
                               "Editor (3)           100  Top, \"window\"\n"
                               "    0x1A2B  Top, \"window\"  [Cls]\n"
                               "    0xFFFFFFFFFFFFFFFF  Below\\x1b\n"));
  listapps_free_text(text);
}
END_TEST

START_TEST(test_excel_csv) {
  static listapps_app rows[1] = {
      {0, "=HYPERLINK(\"x\")", 5, 0, 0, 5, "-2+3", 1, 1, "@sum", "+path", "plain", NULL, NULL}};
  listapps_list list = {rows, 1, 0};
  size_t len = 0;
  char *text = format_ok(&list, LISTAPPS_FORMAT_CSV, LISTAPPS_FORMAT_EXCEL, &len);
  csv_table t;
  char *dummy = NULL;

  ck_assert_mem_eq(text,
                   "\xEF\xBB\xBF"
                   "Category,",
                   12);
  ck_assert_int_eq(csv_parse(text + 3, len - 3, &t, NULL, 0), 0);
  assert_field(&t.rows[1], 1, "'=HYPERLINK(\"x\")");
  assert_field(&t.rows[1], 2, "5");
  assert_field(&t.rows[1], 5, "'-2+3");
  assert_field(&t.rows[1], 8, "'@sum");
  assert_field(&t.rows[1], 9, "'+path");
  assert_field(&t.rows[1], 10, "plain");
  csv_table_free(&t);
  listapps_free_text(text);
  /* Only CSV has an Excel flavour. */
  ck_assert_int_eq(
      listapps_format(&list, LISTAPPS_FORMAT_JSON, LISTAPPS_FORMAT_EXCEL, &dummy, NULL),
      LISTAPPS_EINVAL);
  ck_assert_int_eq(
      listapps_format(&list, LISTAPPS_FORMAT_TABLE, LISTAPPS_FORMAT_EXCEL, &dummy, NULL),
      LISTAPPS_EINVAL);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("format");
  TCase *invalid = tcase_create("invalid input");
  TCase *happy = tcase_create("formats");
  TCase *edges = tcase_create("boundaries");

  tcase_add_test(invalid, test_invalid_arguments);
  tcase_add_test(happy, test_csv_parses_back_exactly);
  tcase_add_test(happy, test_csv_lines_end_in_crlf_and_no_bom);
  tcase_add_test(happy, test_csv_without_header);
  tcase_add_test(happy, test_json_parses_back_exactly);
  tcase_add_test(happy, test_table_layout);
  tcase_add_test(happy, test_library_strings);
  tcase_add_test(happy, test_table_sections);
  tcase_add_test(happy, test_csv_all_has_empty_app_pid_outside_groups);
  tcase_add_test(happy, test_windows_rows);
  tcase_add_test(happy, test_excel_csv);
  tcase_add_test(edges, test_empty_lists);
  tcase_add_test(edges, test_long_values_are_not_cut);
  suite_add_tcase(s, invalid);
  suite_add_tcase(s, happy);
  suite_add_tcase(s, edges);
  return s;
}
