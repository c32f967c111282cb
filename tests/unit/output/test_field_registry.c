/*
 * The field registry against the manual (docs/listapps.md): its Columns table must name every
 * field the registry has, in id order, with the same header, JSON key, type, rows, meaning and
 * unavailable text. The manual is the contract scripts read; the registry is what the code does.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/field_registry.h"
#include "listapps.h"
#include "suite.h"

#ifndef LISTAPPS_MANUAL
#  error "LISTAPPS_MANUAL must name the docs/listapps.md to check"
#endif

static const char *type_name(int type) {
  static const char *const names[] = {"string", "integer", "bytes",  "percent",
                                      "time",   "boolean", "bytes/s"};
  return type >= 0 && type < (int)(sizeof names / sizeof names[0]) ? names[type] : "?";
}

static void rows_text(unsigned rows, char *out, size_t size) {
  out[0] = '\0';
  if (rows & LISTAPPS_ROWS_APP) strncat(out, "App", size - strlen(out) - 1);
  if (rows & LISTAPPS_ROWS_PROCESS) strncat(out, out[0] ? ", process" : "process", size - strlen(out) - 1);
  if (rows & LISTAPPS_ROWS_WINDOW) strncat(out, out[0] ? ", window" : "window", size - strlen(out) - 1);
}

/* Splits a Markdown table line "| a | b |" into at most max trimmed cells; returns the count. */
static size_t split_cells(char *line, char **cells, size_t max) {
  size_t n = 0;
  char *p = strchr(line, '|');

  while (p != NULL && n < max) {
    char *start = p + 1;
    char *end = strchr(start, '|');
    if (end == NULL) break;
    *end = '\0';
    while (*start == ' ') start++;
    p = end;
    while (end > start && end[-1] == ' ') *--end = '\0';
    /* `Name` -> Name */
    if (start[0] == '`' && end > start + 1 && end[-1] == '`') {
      end[-1] = '\0';
      start++;
    }
    cells[n++] = start;
  }
  return n;
}

START_TEST(test_manual_column_table_matches_registry) {
  FILE *f = fopen(LISTAPPS_MANUAL, "rb");
  char line[1024];
  int in_table = 0;
  size_t seen = 0;

  ck_assert_msg(f != NULL, "cannot open %s", LISTAPPS_MANUAL);
  while (fgets(line, sizeof line, f) != NULL) {
    char *cells[8];
    size_t n;
    const listapps_field_info *info;
    char rows[64];

    if (!in_table) {
      in_table = strncmp(line, "| column | JSON key | type | rows | meaning | unavailable when |", 64) == 0;
      continue;
    }
    if (strncmp(line, "|---", 4) == 0) continue;
    if (line[0] != '|') break;
    n = split_cells(line, cells, 8);
    ck_assert_uint_eq(n, 6);
    info = listapps_field_info_of((int)seen);
    ck_assert_msg(info != NULL, "the manual names a column %s the registry does not have", cells[0]);
    ck_assert_str_eq(cells[0], info->header);
    ck_assert_str_eq(cells[1], info->json_key);
    ck_assert_str_eq(cells[2], type_name(info->type));
    rows_text(info->rows, rows, sizeof rows);
    ck_assert_str_eq(cells[3], rows);
    ck_assert_str_eq(cells[4], info->description);
    ck_assert_str_eq(cells[5], info->unavailable);
    seen++;
  }
  fclose(f);
  ck_assert_msg(in_table, "the manual has no column table");
  ck_assert_uint_eq(seen, listapps_field_count());
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("field_registry");
  TCase *manual = tcase_create("manual");

  tcase_add_test(manual, test_manual_column_table_matches_registry);
  suite_add_tcase(s, manual);
  return s;
}
