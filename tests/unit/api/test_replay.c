/*
 * Recordings replayed: every case of tests/replay/cases.json, through the public API only.
 *
 * A case names a recording, the options to replay it with (as the command line would give
 * them: --all, --windows, --columns, --sort, patterns, --pid, --format, --no-header, --excel)
 * and the file holding the exact output. The suite makes the snapshot with
 * listapps_snapshot_replay, writes it with listapps_write, and compares byte for byte; on a
 * difference it names the first line that differs. A refused case names a broken recording and
 * the one line listapps must say of it (listapps_error_info.detail). What each recording is,
 * and where its facts come from, is in tests/replay/README.md.
 *
 * The folder comes from LISTAPPS_REPLAY_DIR: the source tree's tests/replay, as a Windows path
 * (Z: and the Unix path) under Wine. Each case is one iteration of a loop test, so a failure
 * names its case; the manifest is read again by each, and nothing is kept between them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_reader.h"
#include "listapps.h"
#include "suite.h"

#ifndef LISTAPPS_REPLAY_DIR
#  error "LISTAPPS_REPLAY_DIR must name the tests/replay folder"
#endif

/* The largest file read: a recording's own cap (32 MiB). */
#define MAX_FILE_BYTES ((size_t)32 << 20)

/* ---- Files and text ------------------------------------------------------------------------ */

typedef struct text {
  char *data;
  size_t len;
  size_t cap;
} text;

static void text_free(text *t) {
  free(t->data);
  memset(t, 0, sizeof *t);
}

static int text_append(text *t, const char *data, size_t len) {
  if (t->len + len + 1 > t->cap) {
    size_t cap = t->cap > 0 ? t->cap : 4096;
    char *grown;
    while (cap < t->len + len + 1) cap *= 2;
    grown = realloc(t->data, cap);
    if (grown == NULL) return -1;
    t->data = grown;
    t->cap = cap;
  }
  memcpy(t->data + t->len, data, len);
  t->len += len;
  t->data[t->len] = '\0';
  return 0;
}

/* listapps_write's sink: everything into a text. */
static int sink_to_text(void *context, const char *data, size_t len) {
  return text_append(context, data, len);
}

/* Reads LISTAPPS_REPLAY_DIR/name whole into *out (NUL-terminated); 0, or -1 with why in why. */
static int read_case_file(const char *name, text *out, char *why, size_t why_size) {
  char path[1024];
  char chunk[65536];
  FILE *f;
  size_t n;

  memset(out, 0, sizeof *out);
  if (snprintf(path, sizeof path, "%s/%s", LISTAPPS_REPLAY_DIR, name) >= (int)sizeof path) {
    snprintf(why, why_size, "the path of %s is too long", name);
    return -1;
  }
  f = fopen(path, "rb");
  if (f == NULL) {
    snprintf(why, why_size, "cannot open %s", path);
    return -1;
  }
  if (text_append(out, "", 0) != 0) {
    fclose(f);
    snprintf(why, why_size, "out of memory reading %s", path);
    return -1;
  }
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (out->len + n > MAX_FILE_BYTES || text_append(out, chunk, n) != 0) {
      fclose(f);
      text_free(out);
      snprintf(why, why_size, "%s is larger than 32 MiB, or memory ran out", path);
      return -1;
    }
  }
  if (ferror(f)) {
    fclose(f);
    text_free(out);
    snprintf(why, why_size, "cannot read %s", path);
    return -1;
  }
  fclose(f);
  return 0;
}

/* ---- The manifest -------------------------------------------------------------------------- */

/* The manifest, parsed; aborts the test when it cannot be read or is not one. */
static void load_manifest(json_value *manifest) {
  text t;
  char why[1200];
  char err[256];

  ck_assert_msg(read_case_file("cases.json", &t, why, sizeof why) == 0, "%s", why);
  if (json_parse(t.data, t.len, manifest, err, sizeof err) != 0) {
    text_free(&t);
    ck_abort_msg("tests/replay/cases.json is not JSON: %s", err);
  }
  text_free(&t);
  ck_assert_msg(manifest->type == JSON_OBJECT, "cases.json is not an object");
}

/* The array key of the manifest (cases or refused); aborts when it is not an array. */
static const json_value *manifest_list(const json_value *manifest, const char *key) {
  const json_value *list = json_get(manifest, key);
  ck_assert_msg(list != NULL && list->type == JSON_ARRAY, "cases.json has no array \"%s\"", key);
  return list;
}

/* A string member of a case; aborts when it is missing or not a string. */
static const char *case_string(const json_value *c, const char *name, const char *key) {
  const json_value *v = json_get(c, key);
  ck_assert_msg(v != NULL && v->type == JSON_STRING, "case %s: \"%s\" is not a string", name, key);
  return v->string;
}

/* 1 when key is one of the NULL-terminated keys. */
static int known_key(const char *key, const char *const *keys) {
  for (; *keys != NULL; keys++)
    if (strcmp(key, *keys) == 0) return 1;
  return 0;
}

/* Every member of o is one of keys: a misspelt option must not be ignored. */
static void check_keys(const json_value *o, const char *const *keys, const char *name,
                       const char *what) {
  size_t i;
  for (i = 0; i < o->count; i++)
    ck_assert_msg(known_key(o->keys[i], keys), "case %s: unknown %s \"%s\"", name, what,
                  o->keys[i]);
}

/* ---- Options, as the command line gives them ---------------------------------------------- */

#define MAX_LIST 64

typedef struct replay_options {
  listapps_options list;
  listapps_write_options write;
  int columns[LISTAPPS_FIELD_COUNT + 1];
  const char *patterns[MAX_LIST];
  unsigned long pids[MAX_LIST];
} replay_options;

static int flag_of(const json_value *options, const char *key, const char *name) {
  const json_value *v = json_get(options, key);
  if (v == NULL) return 0;
  ck_assert_msg(v->type == JSON_TRUE || v->type == JSON_FALSE,
                "case %s: option \"%s\" is not true or false", name, key);
  return v->type == JSON_TRUE;
}

static int format_of(const char *format, const char *name) {
  static const struct {
    const char *name;
    int format;
  } formats[] = {{"table", LISTAPPS_FORMAT_TABLE},
                 {"csv", LISTAPPS_FORMAT_CSV},
                 {"json", LISTAPPS_FORMAT_JSON},
                 {"jsonl", LISTAPPS_FORMAT_JSONL},
                 {"prometheus", LISTAPPS_FORMAT_PROMETHEUS}};
  size_t i;
  for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (strcmp(format, formats[i].name) == 0) return formats[i].format;
  ck_abort_msg("case %s: unknown format \"%s\"", name, format);
  return -1;
}

/* The options of a case, as src/cli/run.c makes them of a command line: the columns asked for,
 * or the format's own (listapps_default_fields), gathered and written. The strings stay the
 * manifest's. */
static void read_options(const json_value *c, const char *name, replay_options *o) {
  static const char *const keys[] = {"all",      "windows", "columns",    "sort",
                                     "descending", "patterns", "pids",   "format",
                                     "noHeader", "excel",   "foreground", "private",
                                     NULL};
  static const listapps_options list_init = LISTAPPS_OPTIONS_INIT;
  static const listapps_write_options write_init = LISTAPPS_WRITE_OPTIONS_INIT;
  const json_value *options = json_get(c, "options");
  const json_value *v;
  size_t count = 0;
  size_t i;

  o->list = list_init;
  o->write = write_init;
  ck_assert_msg(options != NULL && options->type == JSON_OBJECT, "case %s: no \"options\" object",
                name);
  check_keys(options, keys, name, "option");
  if (flag_of(options, "all", name)) o->list.flags |= LISTAPPS_LIST_ALL;
  if (flag_of(options, "foreground", name)) o->list.flags |= LISTAPPS_LIST_FOREGROUND;
  if (flag_of(options, "private", name)) o->list.flags |= LISTAPPS_LIST_PRIVATE;
  if (flag_of(options, "windows", name)) o->write.flags |= LISTAPPS_WRITE_WINDOWS;
  if (flag_of(options, "noHeader", name)) o->write.flags |= LISTAPPS_WRITE_NO_HEADER;
  if ((v = json_get(options, "format")) != NULL) {
    ck_assert_msg(v->type == JSON_STRING, "case %s: \"format\" is not a string", name);
    o->write.format = format_of(v->string, name);
  }
  if (flag_of(options, "excel", name)) {
    /* --excel is CSV for spreadsheets. */
    o->write.flags |= LISTAPPS_WRITE_EXCEL;
    o->write.format = LISTAPPS_FORMAT_CSV;
  }
  if ((v = json_get(options, "columns")) != NULL) {
    ck_assert_msg(v->type == JSON_ARRAY && v->count > 0 && v->count <= LISTAPPS_FIELD_COUNT,
                  "case %s: \"columns\" is not a list of 1 to %d names", name,
                  LISTAPPS_FIELD_COUNT);
    if (v->count == 1 && v->items[0].type == JSON_STRING &&
        strcmp(v->items[0].string, "all") == 0) {
      for (count = 0; count < listapps_field_count(); count++) o->columns[count] = (int)count;
    } else {
      for (i = 0; i < v->count; i++) {
        int field =
            v->items[i].type == JSON_STRING ? listapps_field_by_name(v->items[i].string) : -1;
        ck_assert_msg(field >= 0, "case %s: columns[%u] names no column", name, (unsigned)i);
        o->columns[count++] = field;
      }
    }
    o->write.fields = o->columns;
    o->write.field_count = count;
    o->list.fields = o->columns;
    o->list.field_count = count;
  } else {
    o->list.fields = listapps_default_fields(o->write.format, o->write.flags, &o->list.field_count);
  }
  if ((v = json_get(options, "sort")) != NULL) {
    ck_assert_msg(v->type == JSON_STRING && listapps_field_by_name(v->string) >= 0,
                  "case %s: \"sort\" names no column", name);
    o->list.sort_field = listapps_field_by_name(v->string);
    o->list.sort_descending = flag_of(options, "descending", name);
  }
  if ((v = json_get(options, "patterns")) != NULL) {
    ck_assert_msg(v->type == JSON_ARRAY && v->count <= MAX_LIST, "case %s: bad \"patterns\"", name);
    for (i = 0; i < v->count; i++) {
      ck_assert_msg(v->items[i].type == JSON_STRING, "case %s: patterns[%u] is not a string", name,
                    (unsigned)i);
      o->patterns[i] = v->items[i].string;
    }
    o->list.patterns = o->patterns;
    o->list.pattern_count = v->count;
  }
  if ((v = json_get(options, "pids")) != NULL) {
    ck_assert_msg(v->type == JSON_ARRAY && v->count <= MAX_LIST, "case %s: bad \"pids\"", name);
    for (i = 0; i < v->count; i++) {
      ck_assert_msg(v->items[i].type == JSON_NUMBER && v->items[i].is_integer &&
                        v->items[i].integer > 0 && v->items[i].integer <= 0xFFFFFFFFll,
                    "case %s: pids[%u] is not a process ID", name, (unsigned)i);
      o->pids[i] = (unsigned long)v->items[i].integer;
    }
    o->list.pids = o->pids;
    o->list.pid_count = v->count;
  }
}

/* ---- Comparing ----------------------------------------------------------------------------- */

/* The line of s that starts at offset start, without its line end, for a message. */
static void line_at(const char *s, size_t len, size_t start, char *out, size_t out_size) {
  size_t end = start;
  size_t n;

  while (end < len && s[end] != '\n') end++;
  if (end > start && s[end - 1] == '\r') end--;
  n = end - start < out_size - 1 ? end - start : out_size - 1;
  memcpy(out, s + start, n);
  out[n] = '\0';
}

/* Aborts, naming the first line where got differs from expected (byte for byte, line ends
 * too). */
static void assert_same_text(const char *name, const char *expected_file, const text *expected,
                             const text *got) {
  size_t i = 0;
  size_t line_start = 0;
  unsigned line = 1;
  char want[512];
  char have[512];

  if (got->len == expected->len && memcmp(got->data, expected->data, got->len) == 0) return;
  while (i < got->len && i < expected->len && got->data[i] == expected->data[i]) {
    if (got->data[i] == '\n') {
      line++;
      line_start = i + 1;
    }
    i++;
  }
  line_at(expected->data, expected->len, line_start, want, sizeof want);
  line_at(got->data, got->len, line_start, have, sizeof have);
  ck_abort_msg(
      "case %s: the output differs from %s at line %u (byte %lu; %lu bytes expected, "
      "%lu written)\n  expected: %s%s\n       got: %s%s",
      name, expected_file, line, (unsigned long)i, (unsigned long)expected->len,
      (unsigned long)got->len, line_start < expected->len ? want : "(end of text)",
      i < expected->len && expected->data[i] == '\r' ? "\\r" : "",
      line_start < got->len ? have : "(end of text)",
      i < got->len && got->data[i] == '\r' ? "\\r" : "");
}

/* ---- The tests ----------------------------------------------------------------------------- */

/* Each case of "cases": the replayed listing, written, is the expected file. */
START_TEST(test_case_output) {
  static const char *const keys[] = {"name", "recording", "options", "expected", "why", NULL};
  json_value manifest;
  const json_value *c;
  const char *name;
  const char *expected_file;
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *snapshot = NULL;
  replay_options o;
  text recording;
  text expected;
  text got = {NULL, 0, 0};
  char why[1200];
  int err;

  load_manifest(&manifest);
  c = manifest_list(&manifest, "cases");
  ck_assert_msg((size_t)_i < c->count, "cases.json changed while the suite ran");
  c = &c->items[_i];
  ck_assert_msg(c->type == JSON_OBJECT, "cases[%d] is not an object", _i);
  name = case_string(c, "?", "name");
  check_keys(c, keys, name, "member");
  memset(&o, 0, sizeof o);
  read_options(c, name, &o);
  ck_assert_msg(read_case_file(case_string(c, name, "recording"), &recording, why, sizeof why) == 0,
                "case %s: %s", name, why);
  expected_file = case_string(c, name, "expected");
  ck_assert_msg(read_case_file(expected_file, &expected, why, sizeof why) == 0, "case %s: %s", name,
                why);

  err = listapps_snapshot_replay(recording.data, recording.len, &o.list, &snapshot, &error);
  ck_assert_msg(err == LISTAPPS_OK, "case %s: listapps_snapshot_replay failed (%d): %s", name, err,
                error.detail);
  err = listapps_write(snapshot, &o.write, sink_to_text, &got);
  ck_assert_msg(err == LISTAPPS_OK, "case %s: listapps_write failed (%d)", name, err);
  assert_same_text(name, expected_file, &expected, &got);

  listapps_snapshot_free(snapshot);
  text_free(&got);
  text_free(&expected);
  text_free(&recording);
  json_free(&manifest);
}
END_TEST

/* Each case of "refused": listapps_snapshot_replay refuses the recording with exactly the line
 * the case gives, and no snapshot. */
START_TEST(test_refused_recording) {
  static const char *const keys[] = {"name", "recording", "problem", "schema", "why", NULL};
  json_value manifest;
  const json_value *c;
  const char *name;
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *snapshot = NULL;
  listapps_options options = LISTAPPS_OPTIONS_INIT;
  text recording;
  char why[1200];
  int err;

  load_manifest(&manifest);
  c = manifest_list(&manifest, "refused");
  ck_assert_msg((size_t)_i < c->count, "cases.json changed while the suite ran");
  c = &c->items[_i];
  ck_assert_msg(c->type == JSON_OBJECT, "refused[%d] is not an object", _i);
  name = case_string(c, "?", "name");
  check_keys(c, keys, name, "member");
  ck_assert_msg(read_case_file(case_string(c, name, "recording"), &recording, why, sizeof why) == 0,
                "case %s: %s", name, why);
  err = listapps_snapshot_replay(recording.data, recording.len, &options, &snapshot, &error);
  ck_assert_msg(err == LISTAPPS_ERECORDING, "case %s: listapps_snapshot_replay gave %d, not %d",
                name, err, LISTAPPS_ERECORDING);
  ck_assert_ptr_null(snapshot);
  ck_assert_int_eq(error.code, LISTAPPS_ERECORDING);
  ck_assert_str_eq(error.detail, case_string(c, name, "problem"));
  text_free(&recording);
  json_free(&manifest);
}
END_TEST

/* A recording of count sessions, each the smallest valid one, into t; 0 or -1. */
static int make_sessions(unsigned count, text *t) {
  static const char head[] =
      "{\"format\":\"listapps recording\",\"formatVersion\":1,\"listapps\":null,\"os\":null,"
      "\"recordedMs\":0,\"private\":false,\"gathered\":{\"all\":false,\"facts\":[]},"
      "\"system\":{\"windowsDir\":null,\"systemDir\":null,\"programFilesDir\":null,\"shellPid\":0,"
      "\"processors\":1,\"cpuInterval\":\"0\",\"companyGathered\":false},\"windows\":[],"
      "\"processes\":[],\"versions\":[],\"services\":[],\"sessions\":[";
  static const char session[] = "{\"id\":1,\"user\":null,\"listed\":true,\"problem\":null}";
  unsigned i;
  int err = 0;

  memset(t, 0, sizeof *t);
  err |= text_append(t, head, sizeof head - 1);
  for (i = 0; i < count; i++) {
    if (i > 0) err |= text_append(t, ",", 1);
    err |= text_append(t, session, sizeof session - 1);
  }
  err |= text_append(t, "]}", 2);
  return err;
}

/* A list of more than 200,000 items is refused by its count, before its items are read; one of
 * 200,000 is read. The file would be too large to keep in the tree, so it is made here (200,001
 * sessions are about 1,800,000 JSON values by the reader's count: under its cap of 2,000,000). */
START_TEST(test_refused_too_many_items) {
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *snapshot = NULL;
  text t;
  int err;

  ck_assert_int_eq(make_sessions(200000u, &t), 0);
  err = listapps_snapshot_replay(t.data, t.len, NULL, &snapshot, &error);
  ck_assert_msg(err == LISTAPPS_OK, "200,000 sessions: %d, %s", err, error.detail);
  ck_assert_uint_eq(listapps_snapshot_count(snapshot), 0);
  ck_assert_uint_ne(listapps_snapshot_flags(snapshot) & LISTAPPS_LIST_SESSIONS, 0);
  listapps_snapshot_free(snapshot);
  snapshot = NULL;
  text_free(&t);

  ck_assert_int_eq(make_sessions(200001u, &t), 0);
  err = listapps_snapshot_replay(t.data, t.len, NULL, &snapshot, &error);
  ck_assert_int_eq(err, LISTAPPS_ERECORDING);
  ck_assert_str_eq(error.detail, "sessions: more than 200000 items");
  ck_assert_ptr_null(snapshot);
  text_free(&t);
}
END_TEST

/* The App in front over a recording whose listing never read the foreground window: refused
 * (its Foreground is not gathered, so "no App in front" would be made up); over one that read
 * it, listed. */
START_TEST(test_foreground_needs_it_recorded) {
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
  listapps_options options = LISTAPPS_OPTIONS_INIT;
  listapps_snapshot *snapshot = NULL;
  text recording;
  char why[1200];
  long long pid = 0;
  int err;

  options.flags = LISTAPPS_LIST_FOREGROUND;
  ck_assert_msg(read_case_file("wine-default.json", &recording, why, sizeof why) == 0, "%s", why);
  err = listapps_snapshot_replay(recording.data, recording.len, &options, &snapshot, &error);
  ck_assert_int_eq(err, LISTAPPS_ERECORDING);
  ck_assert_ptr_null(snapshot);
  ck_assert_str_eq(error.detail,
                   "recorded without the foreground window: it cannot say which App is in front; "
                   "record with --foreground or --columns foreground");
  text_free(&recording);
  ck_assert_msg(read_case_file("win10-desktop.json", &recording, why, sizeof why) == 0, "%s", why);
  err = listapps_snapshot_replay(recording.data, recording.len, &options, &snapshot, &error);
  ck_assert_int_eq(err, LISTAPPS_OK);
  ck_assert_uint_eq(listapps_snapshot_count(snapshot), 1);
  ck_assert_int_eq(listapps_snapshot_get_integer(snapshot, 0, LISTAPPS_FIELD_PID, &pid),
                   LISTAPPS_VALUE_PRESENT);
  ck_assert_int_eq(pid, 6200); /* Paint, behind its ghost */
  listapps_snapshot_free(snapshot);
  text_free(&recording);
}
END_TEST

/* How many items the manifest's list has; 1 when it cannot be read, so that the test runs and
 * says why. */
static int manifest_count(const char *key) {
  json_value manifest;
  const json_value *list;
  text t;
  char why[1200];
  int count = 1;

  if (read_case_file("cases.json", &t, why, sizeof why) != 0) return 1;
  if (json_parse(t.data, t.len, &manifest, NULL, 0) == 0) {
    list = json_get(&manifest, key);
    if (list != NULL && list->type == JSON_ARRAY && list->count > 0) count = (int)list->count;
    json_free(&manifest);
  }
  text_free(&t);
  return count;
}

Suite *la_test_suite(void) {
  Suite *s = suite_create("replay");
  TCase *tc = tcase_create("recordings");

  tcase_add_loop_test(tc, test_case_output, 0, manifest_count("cases"));
  tcase_add_loop_test(tc, test_refused_recording, 0, manifest_count("refused"));
  tcase_add_test(tc, test_refused_too_many_items);
  /* 200,001 sessions parse for seconds under the sanitizers, longer on a loaded machine. */
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_foreground_needs_it_recorded);
  suite_add_tcase(s, tc);
  return s;
}
