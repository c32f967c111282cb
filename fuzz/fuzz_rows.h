/*
 * fuzz_rows.h - the 2.0 side of the writers' harnesses: la_rows made from a fuzzed 1.0 list
 * (fuzz_list.h), a fuzzed column list, and the streaming writer driven through a sink that may
 * refuse.
 *
 * The rows carry the list's values the way the 1.0 layer documents them (an unknown value, and
 * AppPID 0, is unavailable), so the default columns must come out exactly as listapps_format
 * writes the list. What 1.0 cannot say comes from the input after the list: each unavailable
 * value's state (any of the five: they must all be written alike), and the Publisher. Reading
 * past the end gives zeros, so an input made for the list alone still works: Publisher then is
 * unavailable and the columns are the defaults.
 */
#ifndef LISTAPPS_FUZZ_ROWS_H
#define LISTAPPS_FUZZ_ROWS_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/snapshot.h"
#include "core/row.h"
#include "fuzz_common.h"
#include "fuzz_list.h"
#include "listapps.h"
#include "output/writer.h"

/* The most columns a fuzzed column list has (la_write_spec_of allows LA_MAX_COLUMNS). */
#define FUZZ_MAX_FIELDS 20

/* The columns listapps_format documents, by id: they are what the 2.0 defaults must be. */
static const int fuzz_default_ids[] = {
    LISTAPPS_FIELD_CATEGORY,   LISTAPPS_FIELD_NAME,       LISTAPPS_FIELD_PID,
    LISTAPPS_FIELD_PARENT_PID, LISTAPPS_FIELD_APP_PID,    LISTAPPS_FIELD_TITLE,
    LISTAPPS_FIELD_WINDOWS,    LISTAPPS_FIELD_PROCESSES,  LISTAPPS_FIELD_IMAGE,
    LISTAPPS_FIELD_PATH,       LISTAPPS_FIELD_DESCRIPTION};
static const int fuzz_window_ids[] = {
    LISTAPPS_FIELD_PID,  LISTAPPS_FIELD_HWND,  LISTAPPS_FIELD_TITLE, LISTAPPS_FIELD_CLASS,
    LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_IMAGE, LISTAPPS_FIELD_PATH};
#define FUZZ_DEFAULT_COLUMNS (sizeof fuzz_default_ids / sizeof fuzz_default_ids[0])
#define FUZZ_WINDOW_COLUMNS (sizeof fuzz_window_ids / sizeof fuzz_window_ids[0])

/* One of the five states of an unavailable value, varied by field so a row mixes them. */
static inline int fuzz_absent_state(unsigned selector, int field) {
  return LISTAPPS_VALUE_NONE + (int)((selector + (unsigned)field) % 5u);
}

static inline int fuzz_set_text(la_value *v, const char *s, unsigned selector, int field) {
  return la_value_set_text(v, s, fuzz_absent_state(selector, field));
}

static inline void fuzz_set_number(la_value *v, long long n, int known, unsigned selector,
                                   int field) {
  if (known)
    la_value_set_number(v, n);
  else
    la_value_set_state(v, fuzz_absent_state(selector, field));
}

static inline char *fuzz_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d != NULL) memcpy(d, s, n);
  return d;
}

/* A copy of the list's windows and member PIDs into r. Returns 0 or -1. */
static inline int fuzz_copy_arrays(const listapps_app *a, la_row *r) {
  size_t k;

  if (a->windows != NULL) {
    r->windows = calloc(a->window_count > 0 ? a->window_count : 1, sizeof *r->windows);
    if (r->windows == NULL) return -1;
    r->window_count = a->window_count;
    for (k = 0; k < a->window_count; k++) {
      const listapps_window *w = &a->windows[k];
      r->windows[k].hwnd = (uintptr_t)w->hwnd;
      /* A group's row holds the windows of the Apps nested in it too, each with its own PID. */
      r->windows[k].pid = k % 2 == 0 ? a->pid : a->pid + 4 * (unsigned long)k;
      r->windows[k].title = fuzz_strdup(w->title);
      r->windows[k].class_name = w->class_name != NULL ? fuzz_strdup(w->class_name) : NULL;
      if (r->windows[k].title == NULL ||
          (w->class_name != NULL && r->windows[k].class_name == NULL))
        return -1;
    }
  }
  if (a->member_pids != NULL) {
    r->member_pids = calloc(a->process_count > 0 ? a->process_count : 1, sizeof *r->member_pids);
    if (r->member_pids == NULL) return -1;
    r->member_count = a->process_count;
    if (a->process_count > 0)
      memcpy(r->member_pids, a->member_pids, a->process_count * sizeof *r->member_pids);
  }
  return 0;
}

/* Row i of the list as a 2.0 row, plus from the input a byte choosing the unavailable values'
 * states (bit 7: a Publisher follows, as a string from the front). Returns 0 or -1. */
static inline int fuzz_row_of_app(fuzz_input *in, const listapps_app *a, la_row *r) {
  uint8_t extra = fuzz_take_u8(in);
  unsigned sel = extra & 0x7Fu;
  char *publisher = NULL;
  int err = 0;

  if (extra & 0x80) {
    publisher = fuzz_take_cstring(in, NULL);
    if (publisher == NULL) return -1;
  }
  /* Category, Name, PID, Windows and Processes are never unavailable. An unknown category is
   * written as "" (listapps_category_name) but keeps its number, which the table reads. */
  err |= la_value_set_text(&r->values[LISTAPPS_FIELD_CATEGORY], listapps_category_name(a->category),
                           LISTAPPS_VALUE_NONE);
  r->values[LISTAPPS_FIELD_CATEGORY].number = a->category;
  err |= la_value_set_text(&r->values[LISTAPPS_FIELD_NAME], a->name != NULL ? a->name : "",
                           LISTAPPS_VALUE_NONE);
  la_value_set_number(&r->values[LISTAPPS_FIELD_PID], (long long)a->pid);
  fuzz_set_number(&r->values[LISTAPPS_FIELD_PARENT_PID], (long long)a->parent_pid,
                  a->has_parent_pid, sel, LISTAPPS_FIELD_PARENT_PID);
  fuzz_set_number(&r->values[LISTAPPS_FIELD_APP_PID], (long long)a->app_pid, a->app_pid != 0, sel,
                  LISTAPPS_FIELD_APP_PID);
  err |= fuzz_set_text(&r->values[LISTAPPS_FIELD_TITLE], a->title, sel, LISTAPPS_FIELD_TITLE);
  la_value_set_number(&r->values[LISTAPPS_FIELD_WINDOWS], (long long)a->window_count);
  la_value_set_number(&r->values[LISTAPPS_FIELD_PROCESSES], (long long)a->process_count);
  err |= fuzz_set_text(&r->values[LISTAPPS_FIELD_IMAGE], a->image, sel, LISTAPPS_FIELD_IMAGE);
  err |= fuzz_set_text(&r->values[LISTAPPS_FIELD_PATH], a->path, sel, LISTAPPS_FIELD_PATH);
  err |= fuzz_set_text(&r->values[LISTAPPS_FIELD_DESCRIPTION], a->description, sel,
                       LISTAPPS_FIELD_DESCRIPTION);
  /* A row has no window handle or class of its own: those are its windows'. */
  la_value_set_state(&r->values[LISTAPPS_FIELD_HWND], fuzz_absent_state(sel, LISTAPPS_FIELD_HWND));
  la_value_set_state(&r->values[LISTAPPS_FIELD_CLASS],
                     fuzz_absent_state(sel, LISTAPPS_FIELD_CLASS));
  err |=
      fuzz_set_text(&r->values[LISTAPPS_FIELD_PUBLISHER], publisher, sel, LISTAPPS_FIELD_PUBLISHER);
  free(publisher);
  /* Task Manager's columns (Status to User) are unavailable here, in every state: how their
   * values are written is checked by tests/unit/output/test_writer.c. */
  {
    int field;
    for (field = LISTAPPS_FIELD_PUBLISHER + 1; field < LISTAPPS_FIELD_COUNT; field++)
      la_value_set_state(&r->values[field], fuzz_absent_state(sel, field));
  }
  if (err != 0) return -1;
  return fuzz_copy_arrays(a, r);
}

/* The list as rows, with the same flags. Returns 0, or -1 (rows empty) when memory runs out. */
static inline int fuzz_build_rows(fuzz_input *in, const listapps_list *list, la_rows *rows) {
  size_t i;

  memset(rows, 0, sizeof *rows);
  rows->flags = list->flags;
  if (list->count == 0) return 0;
  rows->items = calloc(list->count, sizeof *rows->items);
  if (rows->items == NULL) return -1;
  rows->count = list->count;
  for (i = 0; i < list->count; i++) {
    if (fuzz_row_of_app(in, &list->apps[i], &rows->items[i]) != 0) {
      la_rows_free(rows);
      return -1;
    }
  }
  return 0;
}

/* A column list from the input: a count byte (0 for none: the defaults), then an id per column,
 * mostly valid ones, now and then a repeat or an id the registry does not know. Sets *valid to
 * whether the list is one la_write_spec_of accepts: every id known, none twice. */
static inline size_t fuzz_take_fields(fuzz_input *in, int fields[FUZZ_MAX_FIELDS], int *valid) {
  size_t count = fuzz_take_below(in, FUZZ_MAX_FIELDS + 1);
  size_t i;

  *valid = 1;
  for (i = 0; i < count; i++) {
    uint8_t b = fuzz_take_u8(in);
    if (b < 0xFC) {
      fields[i] = (int)(b % LISTAPPS_FIELD_COUNT);
    } else {
      static const int unknown[] = {-1, LISTAPPS_FIELD_COUNT, 255, -2147483647 - 1};
      fields[i] = unknown[b - 0xFC];
      *valid = 0;
    }
  }
  for (i = 0; i < count && *valid; i++) {
    size_t k;
    for (k = 0; k < i; k++)
      if (fields[k] == fields[i]) *valid = 0;
  }
  return count;
}

/* 1 when a column appears twice in fields. */
static inline int fuzz_fields_repeat(const int *fields, size_t count) {
  size_t i;
  size_t k;

  for (i = 0; i < count; i++)
    for (k = 0; k < i; k++)
      if (fields[i] == fields[k]) return 1;
  return 0;
}

/* ---- The value a writer must show for one cell ------------------------------------------- */

enum {
  FUZZ_CELL_STRING, /* a string value: quoted in JSON, defused for spreadsheets */
  FUZZ_CELL_NUMBER, /* a number: its decimal digits in buf */
  FUZZ_CELL_HANDLE  /* a window handle: "0x..." in buf, a string in JSON, never defused */
};

/* A cell as the model sees it. Numbers keep their digits, so the CSV check compares text and
 * the JSON check reads them back. */
typedef struct fuzz_cell {
  int known;
  int kind;         /* FUZZ_CELL_* */
  const char *text; /* FUZZ_CELL_STRING, when known */
  char buf[32];
} fuzz_cell;

static inline const char *fuzz_cell_text(const fuzz_cell *c) {
  return c->kind == FUZZ_CELL_STRING ? c->text : c->buf;
}

static inline void fuzz_cell_string(fuzz_cell *c, const char *s) {
  memset(c, 0, sizeof *c);
  c->kind = FUZZ_CELL_STRING;
  c->known = s != NULL;
  c->text = s;
}

static inline void fuzz_cell_handle(fuzz_cell *c, unsigned long long hwnd) {
  memset(c, 0, sizeof *c);
  c->kind = FUZZ_CELL_HANDLE;
  c->known = 1;
  fuzz_hwnd_text(hwnd, c->buf);
}

/* The header's rule for a field of a row, or (window not NULL) of one of its windows: the
 * window handle, title and class from the window, everything else from the row. */
static inline void fuzz_cell_of(const la_row *r, const la_window *w, int field, fuzz_cell *c) {
  const listapps_field_info *info = listapps_field_info_of(field);
  const la_value *v = &r->values[field];

  FUZZ_CHECK(info != NULL && info->id == field, "no registry entry for field %d", field);
  if (w != NULL && field == LISTAPPS_FIELD_PID) {
    memset(c, 0, sizeof *c);
    c->kind = FUZZ_CELL_NUMBER;
    c->known = 1;
    snprintf(c->buf, sizeof c->buf, "%lu", w->pid);
  } else if (w != NULL && field == LISTAPPS_FIELD_HWND) {
    fuzz_cell_handle(c, (unsigned long long)w->hwnd);
  } else if (w != NULL && field == LISTAPPS_FIELD_TITLE) {
    fuzz_cell_string(c, w->title);
  } else if (w != NULL && field == LISTAPPS_FIELD_CLASS) {
    fuzz_cell_string(c, w->class_name);
  } else if (info->type == LISTAPPS_TYPE_STRING) {
    fuzz_cell_string(c, v->state == LISTAPPS_VALUE_PRESENT ? v->text : NULL);
  } else if (field == LISTAPPS_FIELD_HWND) {
    fuzz_cell_handle(c, (unsigned long long)v->number);
    c->known = v->state == LISTAPPS_VALUE_PRESENT;
  } else {
    memset(c, 0, sizeof *c);
    c->kind = FUZZ_CELL_NUMBER;
    c->known = v->state == LISTAPPS_VALUE_PRESENT;
    snprintf(c->buf, sizeof c->buf, "%llu", (unsigned long long)v->number);
  }
}

/* 1 when the model knows how a field of this type is written (text and plain integers; the
 * header's fields are all one or the other). */
static inline int fuzz_field_modelled(int field) {
  const listapps_field_info *info = listapps_field_info_of(field);
  return info != NULL &&
         (info->type == LISTAPPS_TYPE_STRING || info->type == LISTAPPS_TYPE_INTEGER);
}

/* The digits of a JSON number as a long long, when they fit. */
static inline int fuzz_digits_fit(const char *digits, long long *out) {
  char *end = NULL;
  errno = 0;
  *out = strtoll(digits, &end, 10);
  return errno == 0 && end != digits && *end == '\0';
}

/* ---- Writing through a sink ---------------------------------------------------------------- */

/* A sink that collects what it is given, checks each piece is non-empty, and refuses the piece
 * that would take it past limit bytes; after refusing it must not be called again. */
typedef struct fuzz_sink {
  fuzz_text text;
  size_t limit;     /* SIZE_MAX: never refuse */
  size_t calls;     /* pieces accepted */
  int refused;      /* 1 once a piece was refused */
  size_t after;     /* calls after the refusal: must stay 0 */
  size_t *pieces;   /* the length of each accepted piece, when not NULL */
  size_t piece_cap; /* room in pieces */
} fuzz_sink;

static inline int fuzz_sink_write(void *context, const char *data, size_t len) {
  fuzz_sink *s = context;

  FUZZ_CHECK(len > 0, "the sink was handed an empty piece");
  FUZZ_CHECK(data != NULL, "the sink was handed NULL");
  if (s->refused) {
    s->after++;
    return 1;
  }
  if (len > s->limit - s->text.len) {
    s->refused = 1;
    return 1;
  }
  if (s->pieces != NULL && s->calls < s->piece_cap) s->pieces[s->calls] = len;
  s->calls++;
  fuzz_text_add(&s->text, data, len);
  return 0;
}

/* Writes rows through la_write_spec_of and la_write_rows with a sink that accepts everything.
 * Returns the text (malloc'd, NUL-terminated; its length in *len), or NULL when memory ran out.
 * Any other failure is a broken property: the options are valid. */
static inline char *fuzz_write_rows(const la_rows *rows, int format, unsigned flags,
                                    const int *fields, size_t field_count, size_t *len) {
  listapps_write_options options = LISTAPPS_WRITE_OPTIONS_INIT;
  la_write_spec spec;
  fuzz_sink sink;
  la_out o;
  int rc;

  memset(&sink, 0, sizeof sink);
  sink.limit = SIZE_MAX;
  options.format = format;
  options.flags = la_write_flags_of(flags); /* flags are 1.0's, as listapps_format takes them */
  options.fields = fields;
  options.field_count = field_count;
  rc = la_write_spec_of(&options, &spec);
  FUZZ_CHECK(rc == 0, "la_write_spec_of(format %d, flags 0x%x, %zu fields): %d", format, flags,
             field_count, rc);
  memset(&o, 0, sizeof o);
  o.sink = fuzz_sink_write;
  o.context = &sink;
  rc = la_write_rows(rows, &spec, &o);
  if (rc == LISTAPPS_ENOMEM || sink.text.oom) {
    free(sink.text.data);
    return NULL;
  }
  FUZZ_CHECK(rc == LISTAPPS_OK, "la_write_rows(format %d, flags 0x%x): %s", format, flags,
             listapps_strerror(rc));
  FUZZ_CHECK(!sink.refused, "nothing was refused");
  if (sink.text.data == NULL) fuzz_text_add(&sink.text, "", 0);
  if (sink.text.oom) return NULL;
  *len = sink.text.len;
  return sink.text.data;
}

/* Streaming through listapps_write: the rows written with a sink that takes everything, then
 * with one that refuses the piece crossing `limit` bytes. The refused write returns
 * LISTAPPS_EWRITE exactly when a piece was refused, calls the sink no more after that, and
 * what it got is the same pieces as the whole text's first ones. rows may hold the same row
 * many times (the writers hand over about 16 KiB at a time, so it takes that much text to see
 * several pieces). */
static inline void fuzz_check_streaming(const la_rows *rows, int format, unsigned flags,
                                        const int *fields, size_t field_count, size_t limit) {
  listapps_write_options options = LISTAPPS_WRITE_OPTIONS_INIT;
  listapps_snapshot snapshot;
  fuzz_sink whole;
  fuzz_sink cut;
  size_t pieces[256];
  size_t i;
  size_t sum = 0;
  int rc;

  memset(&snapshot, 0, sizeof snapshot);
  snapshot.rows = *rows;
  options.format = format;
  options.flags = la_write_flags_of(flags); /* flags are 1.0's, as listapps_format takes them */
  options.fields = fields;
  options.field_count = field_count;
  memset(&whole, 0, sizeof whole);
  whole.limit = SIZE_MAX;
  whole.pieces = pieces;
  whole.piece_cap = sizeof pieces / sizeof pieces[0];
  rc = listapps_write(&snapshot, &options, fuzz_sink_write, &whole);
  if (rc == LISTAPPS_ENOMEM || whole.text.oom) goto cleanup;
  FUZZ_CHECK(rc == LISTAPPS_OK && !whole.refused, "listapps_write(format %d, flags 0x%x): %s",
             format, flags, listapps_strerror(rc));

  /* A limit past the text refuses nothing; one inside it refuses the piece that crosses it. */
  memset(&cut, 0, sizeof cut);
  cut.limit = limit % (whole.text.len + 2);
  rc = listapps_write(&snapshot, &options, fuzz_sink_write, &cut);
  if (rc == LISTAPPS_ENOMEM || cut.text.oom) goto cleanup;
  FUZZ_CHECK(cut.after == 0, "the sink was called %zu times after it refused", cut.after);
  if (cut.limit >= whole.text.len) {
    FUZZ_CHECK(rc == LISTAPPS_OK && !cut.refused, "limit %zu of %zu: %s", cut.limit, whole.text.len,
               listapps_strerror(rc));
    FUZZ_CHECK(
        cut.text.len == whole.text.len &&
            (whole.text.len == 0 || memcmp(cut.text.data, whole.text.data, whole.text.len) == 0),
        "a second write differs from the first");
  } else {
    FUZZ_CHECK(rc == LISTAPPS_EWRITE && cut.refused,
               "limit %zu of %zu bytes: returned %d (%s), refused %d", cut.limit, whole.text.len,
               rc, listapps_strerror(rc), cut.refused);
    FUZZ_CHECK(cut.text.len <= cut.limit, "accepted %zu bytes past the limit %zu", cut.text.len,
               cut.limit);
    FUZZ_CHECK(cut.calls <= whole.calls, "%zu pieces before the refusal, %zu in all", cut.calls,
               whole.calls);
    for (i = 0; i < cut.calls && i < whole.piece_cap; i++) sum += pieces[i];
    if (cut.calls <= whole.piece_cap)
      FUZZ_CHECK(sum == cut.text.len, "the pieces before the refusal are not the first pieces");
    FUZZ_CHECK(cut.text.len == 0 || memcmp(cut.text.data, whole.text.data, cut.text.len) == 0,
               "what was written before the refusal is not the start of the text");
  }

cleanup:
  free(whole.text.data);
  free(cut.text.data);
}

/* The rows `times` times over, sharing what they point to (the writers only read). Returns the
 * array, or NULL when memory runs out; free the array alone. */
static inline la_row *fuzz_repeat_rows(const la_rows *rows, size_t times, la_rows *out) {
  la_row *items;
  size_t i;

  memset(out, 0, sizeof *out);
  out->flags = rows->flags;
  if (rows->count == 0 || times == 0) return NULL;
  items = malloc(rows->count * times * sizeof *items);
  if (items == NULL) return NULL;
  for (i = 0; i < times; i++)
    memcpy(items + i * rows->count, rows->items, rows->count * sizeof *items);
  out->items = items;
  out->count = rows->count * times;
  return items;
}

/* fuzz_check_streaming over the rows repeated until their text is about `target` bytes (up to
 * 64 KiB, so that it goes out in several pieces), refusing at `limit`. */
static inline void fuzz_check_streaming_at_size(const la_rows *rows, int format, unsigned flags,
                                                const int *fields, size_t field_count, size_t limit,
                                                size_t target) {
  size_t once = 0;
  size_t times;
  la_rows repeated = {0};
  la_row *items;
  char *text;

  if (rows->count == 0) {
    fuzz_check_streaming(rows, format, flags, fields, field_count, limit);
    return;
  }
  text = fuzz_write_rows(rows, format, flags, fields, field_count, &once);
  if (text == NULL) return;
  free(text);
  times = 1 + (target % 65536u) / (once > 0 ? once : 1);
  if (times > 4096) times = 4096;
  items = fuzz_repeat_rows(rows, times, &repeated);
  if (items == NULL) return;
  fuzz_check_streaming(&repeated, format, flags, fields, field_count, limit);
  free(items);
}

/* Options la_write_spec_of and listapps_write must refuse with LISTAPPS_EINVAL, without calling
 * the sink: an unknown format (99, clear of the numbers new formats will take) or flag, EXCEL
 * for anything but CSV, too many columns, a count without a list, an unknown field id, a size
 * too small for the size member itself, and no snapshot, options or sink. fields: a valid list of count
 * ids, to be spoilt one way at a time. */
static inline void fuzz_check_invalid_options(const la_rows *rows, const int *fields,
                                              size_t count) {
  static const int bad_ids[] = {-1, LISTAPPS_FIELD_COUNT, 1000};
  int many[LA_MAX_COLUMNS + 1];
  int spoilt[FUZZ_MAX_FIELDS + 1];
  listapps_snapshot snapshot;
  fuzz_sink sink;
  size_t i;
  int c;

  memset(&snapshot, 0, sizeof snapshot);
  snapshot.rows = *rows;
  memset(&sink, 0, sizeof sink);
  sink.limit = SIZE_MAX;
  for (i = 0; i < LA_MAX_COLUMNS + 1; i++) many[i] = LISTAPPS_FIELD_NAME;
  if (count > FUZZ_MAX_FIELDS) count = FUZZ_MAX_FIELDS;
  if (count > 0) memcpy(spoilt, fields, count * sizeof *fields);
  for (c = 0; c < 13; c++) {
    listapps_write_options o = LISTAPPS_WRITE_OPTIONS_INIT;
    la_write_spec spec;
    int rc;

    o.fields = count > 0 ? fields : NULL;
    o.field_count = count;
    switch (c) {
      case 0:
        o.format = 99;
        break;
      case 1:
        o.format = -1;
        break;
      case 2:
        o.format = LISTAPPS_FORMAT_JSON;
        o.flags = LISTAPPS_WRITE_EXCEL;
        break;
      case 3:
        o.format = LISTAPPS_FORMAT_TABLE;
        o.flags = LISTAPPS_WRITE_EXCEL;
        break;
      case 4:
        o.format = LISTAPPS_FORMAT_CSV;
        o.flags = 0x40000000u;
        break;
      case 5:
        o.flags = 0x80000000u;
        break;
      case 6:
        o.fields = many;
        o.field_count = LA_MAX_COLUMNS + 1;
        break;
      case 7:
        o.fields = NULL;
        o.field_count = count + 1;
        break;
      case 8:
      case 9:
      case 10:
        /* An unknown id among known ones. */
        spoilt[count] = bad_ids[c - 8];
        if (count > 0) spoilt[count / 2] = bad_ids[c - 8];
        o.fields = spoilt;
        o.field_count = count + 1;
        break;
      case 11:
        /* Too small to hold even the size member. */
        o.size = sizeof o.size - 1;
        break;
      default:
        o.size = 0;
        break;
    }
    rc = la_write_spec_of(&o, &spec);
    FUZZ_CHECK(rc == LISTAPPS_EINVAL, "la_write_spec_of case %d: %d, expected LISTAPPS_EINVAL", c,
               rc);
    rc = listapps_write(&snapshot, &o, fuzz_sink_write, &sink);
    FUZZ_CHECK(rc == LISTAPPS_EINVAL, "listapps_write case %d: %d, expected LISTAPPS_EINVAL", c,
               rc);
    if (count > 0) spoilt[count / 2] = fields[count / 2];
  }
  {
    listapps_write_options o = LISTAPPS_WRITE_OPTIONS_INIT;
    FUZZ_CHECK(listapps_write(NULL, &o, fuzz_sink_write, &sink) == LISTAPPS_EINVAL,
               "listapps_write took a NULL snapshot");
    FUZZ_CHECK(listapps_write(&snapshot, &o, NULL, &sink) == LISTAPPS_EINVAL,
               "listapps_write took a NULL sink");
    FUZZ_CHECK(listapps_write(&snapshot, NULL, fuzz_sink_write, &sink) == LISTAPPS_EINVAL,
               "listapps_write took NULL options");
  }
  FUZZ_CHECK(sink.calls == 0 && !sink.refused, "the sink was called for refused options");
  free(sink.text.data);
}

#endif
