/*
 * The ABI promise of include/listapps.h against real windows: listapps_snapshot_take and
 * listapps_watch handed the structs of programs built against older headers (each struct's
 * size set to the offset of each member in turn, in a heap block of exactly that size) and
 * newer ones (a tail past the library's size). An older struct is taken and behaves as if the
 * members past its size had their defaults; a newer one is taken when its tail is zero and
 * refused otherwise; listapps_error_info is filled only as far as its size reaches.
 * tests/unit/api/test_abi.c covers the pure calls, with AddressSanitizer on the host.
 */
#include <windows.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_run.h"
#include "listapps.h"
#include "suite.h"

/* Bytes a newer header adds, and bytes after a caller's output struct that nothing may touch. */
#define TAIL 16
#define GUARD 16
#define GUARD_BYTE 0xABu
#define STALE_BYTE 0xCDu
#define MAX_SIZES 16

/* The fixtures' titles. Names sort "listapps fixture — English ✓" (fixture_en: B, C and D)
 * before "listapps Testfenster — Deutsch äöü" (fixture_de_first: A), so C comes before A by
 * default, after A by Title ascending, and before it again by Title descending. */
#define TITLE_A "ABI zq7 alpha"
#define TITLE_B "ABI zq7 beta"
#define TITLE_C "ABI zq7 gamma"
#define TITLE_D "ABI zq7 delta"
#define WIDE2(s) L##s
#define WIDE(s) WIDE2(s)

/* A caller's struct of `size` bytes in a heap block of exactly that many (at least the size
 * member, which every caller has): its bytes from full (full_size bytes, zeros past them), its
 * size member stamped with size. Free it. */
static unsigned char *caller_block(const void *full, size_t full_size, size_t size) {
  size_t n = size < sizeof(size_t) ? sizeof(size_t) : size;
  unsigned char *p = malloc(n);

  ck_assert_ptr_nonnull(p);
  memset(p, 0, n);
  memcpy(p, full, n < full_size ? n : full_size);
  memcpy(p, &size, sizeof size);
  return p;
}

/* The older sizes of listapps_options: each member's offset after the size member, then the
 * library's size, then a newer header's (its tail zero). */
static size_t options_sizes(size_t sizes[MAX_SIZES]) {
  size_t n = 0;

  sizes[n++] = offsetof(listapps_options, flags);
  sizes[n++] = offsetof(listapps_options, fields);
  sizes[n++] = offsetof(listapps_options, field_count);
  sizes[n++] = offsetof(listapps_options, patterns);
  sizes[n++] = offsetof(listapps_options, pattern_count);
  sizes[n++] = offsetof(listapps_options, pids);
  sizes[n++] = offsetof(listapps_options, pid_count);
  sizes[n++] = offsetof(listapps_options, sort_field);
  sizes[n++] = offsetof(listapps_options, sort_descending);
  sizes[n++] = offsetof(listapps_options, cpu_interval_ms);
  sizes[n++] = sizeof(listapps_options);
  sizes[n++] = sizeof(listapps_options) + TAIL;
  return n;
}

static size_t watch_sizes(size_t sizes[MAX_SIZES]) {
  size_t n = 0;

  sizes[n++] = offsetof(listapps_watch_options, list);
  sizes[n++] = offsetof(listapps_watch_options, interval_ms);
  sizes[n++] = offsetof(listapps_watch_options, timeout_ms);
  sizes[n++] = offsetof(listapps_watch_options, max_events);
  sizes[n++] = offsetof(listapps_watch_options, stop);
  sizes[n++] = offsetof(listapps_watch_options, stop_event);
  sizes[n++] = sizeof(listapps_watch_options);
  sizes[n++] = sizeof(listapps_watch_options) + TAIL;
  return n;
}

/* The position of pid's row, or -1. */
static long row_of(const listapps_snapshot *s, unsigned long pid) {
  size_t row = find_snapshot_row(s, pid);
  return row == (size_t)-1 ? -1 : (long)row;
}

/* ---- listapps_snapshot_take --------------------------------------------------------------- */

/* Realistic options at every size: each member's effect is there exactly when the size holds
 * it. The fields ask for the command line (else not gathered); the patterns keep our four
 * fixtures but D (else D and the other apps are listed); the PIDs keep A and C (else B too);
 * the order is by Title, descending (else by Name). */
START_TEST(test_options_every_size) {
  static const char *const patterns[] = {TITLE_A, TITLE_B, TITLE_C};
  static const int fields[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_PID,
                               LISTAPPS_FIELD_COMMAND_LINE};
  const wchar_t *args_a[] = {L"visible:" WIDE(TITLE_A)};
  const wchar_t *args_b[] = {L"visible:" WIDE(TITLE_B)};
  const wchar_t *args_c[] = {L"visible:" WIDE(TITLE_C)};
  const wchar_t *args_d[] = {L"visible:" WIDE(TITLE_D)};
  listapps_options real = LISTAPPS_OPTIONS_INIT;
  unsigned long pids[2];
  test_process a, b, c, d;
  size_t sizes[MAX_SIZES];
  size_t n = options_sizes(sizes);
  size_t i;

  fixture_start(L"fixture_de_first.exe", args_a, 1, &a);
  fixture_start(L"fixture_en.exe", args_b, 1, &b);
  fixture_start(L"fixture_en.exe", args_c, 1, &c);
  fixture_start(L"fixture_en.exe", args_d, 1, &d);
  pids[0] = a.pid;
  pids[1] = c.pid;
  real.flags = LISTAPPS_LIST_DEFAULT;
  real.fields = fields;
  real.field_count = 3;
  real.patterns = patterns;
  real.pattern_count = 3;
  real.pids = pids;
  real.pid_count = 2;
  real.sort_field = LISTAPPS_FIELD_TITLE;
  real.sort_descending = 1;
  real.cpu_interval_ms = 250; /* taken; no effect without the CPU field */

  for (i = 0; i < n; i++) {
    size_t s = sizes[i];
    unsigned char *p = caller_block(&real, sizeof real, s);
    listapps_error_info e = LISTAPPS_ERROR_INFO_INIT;
    listapps_snapshot *snap = NULL;
    int fields_in = s > offsetof(listapps_options, field_count);
    int patterns_in = s > offsetof(listapps_options, pattern_count);
    int pids_in = s > offsetof(listapps_options, pid_count);
    int sort_in = s > offsetof(listapps_options, sort_field);
    int descending_in = s > offsetof(listapps_options, sort_descending);
    const char *text = NULL;
    long ra, rb, rc, rd;
    int rc_take;
    int state;

    rc_take = listapps_snapshot_take((const listapps_options *)p, &snap, &e);
    ck_assert_msg(rc_take == LISTAPPS_OK, "options of size %u refused: %d", (unsigned)s, rc_take);
    ck_assert_int_eq(e.code, LISTAPPS_OK);
    ck_assert_uint_eq(listapps_snapshot_flags(snap), LISTAPPS_LIST_DEFAULT);
    ra = row_of(snap, a.pid);
    rb = row_of(snap, b.pid);
    rc = row_of(snap, c.pid);
    rd = row_of(snap, d.pid);
    ck_assert_msg(ra >= 0 && rc >= 0, "size %u: A or C not listed", (unsigned)s);
    /* The patterns: D, and every app but ours, listed exactly when they are not read. */
    ck_assert_msg((rd >= 0) == !patterns_in, "size %u: D %s", (unsigned)s,
                  rd >= 0 ? "listed" : "not listed");
    if (patterns_in)
      ck_assert_msg(listapps_snapshot_count(snap) == (pids_in ? 2u : 3u),
                    "size %u: %u rows, not just ours", (unsigned)s,
                    (unsigned)listapps_snapshot_count(snap));
    else
      ck_assert_msg(listapps_snapshot_count(snap) >= 4u, "size %u: only %u rows", (unsigned)s,
                    (unsigned)listapps_snapshot_count(snap));
    /* The PIDs: B listed exactly when they are not read. */
    ck_assert_msg((rb >= 0) == !pids_in, "size %u: B %s", (unsigned)s,
                  rb >= 0 ? "listed" : "not listed");
    /* The fields: the command line gathered exactly when they are read. */
    state = listapps_snapshot_get_string(snap, (size_t)ra, LISTAPPS_FIELD_COMMAND_LINE, &text);
    if (fields_in) {
      ck_assert_msg(state == LISTAPPS_VALUE_PRESENT, "size %u: command line %s", (unsigned)s,
                    listapps_value_state_name(state));
      ck_assert_ptr_nonnull(strstr(text, "fixture_de_first"));
    } else {
      ck_assert_msg(state == LISTAPPS_VALUE_NOT_GATHERED, "size %u: command line %s", (unsigned)s,
                    listapps_value_state_name(state));
    }
    /* The order: by Name (C first), Title ascending (A first), Title descending (C first). */
    if (sort_in && !descending_in)
      ck_assert_msg(ra < rc, "size %u: not by Title ascending (A %ld, C %ld)", (unsigned)s, ra, rc);
    else
      ck_assert_msg(rc < ra, "size %u: C not before A (A %ld, C %ld)", (unsigned)s, ra, rc);
    listapps_snapshot_free(snap);
    free(p);
  }
  fixture_stop(&d);
  fixture_stop(&c);
  fixture_stop(&b);
  fixture_stop(&a);
}
END_TEST

/* One refused value in one member at a time: refused exactly when the size holds the member
 * that refuses. */
typedef struct spoilt_options {
  const char *what;
  size_t offset; /* the member whose reading refuses */
  listapps_options o;
} spoilt_options;

static const int unknown_field[] = {9999};
static const char *const empty_pattern[] = {""};
static const int name_field[] = {LISTAPPS_FIELD_NAME};

static size_t spoil_options(spoilt_options out[16]) {
  listapps_options base = LISTAPPS_OPTIONS_INIT;
  size_t n = 0;

  /* A small listing where the fields are not the point. */
  base.fields = name_field;
  base.field_count = 1;
  out[n].what = "flags 0x80";
  out[n].offset = offsetof(listapps_options, flags);
  out[n].o = base;
  out[n++].o.flags = 0x80u;
  out[n].what = "fields {9999}, field_count 1";
  out[n].offset = offsetof(listapps_options, field_count);
  out[n].o = base;
  out[n].o.fields = unknown_field;
  out[n++].o.field_count = 1;
  out[n].what = "fields NULL, field_count 1";
  out[n].offset = offsetof(listapps_options, field_count);
  out[n].o = base;
  out[n].o.fields = NULL;
  out[n++].o.field_count = 1;
  out[n].what = "patterns {\"\"}, pattern_count 1";
  out[n].offset = offsetof(listapps_options, pattern_count);
  out[n].o = base;
  out[n].o.patterns = empty_pattern;
  out[n++].o.pattern_count = 1;
  out[n].what = "pids NULL, pid_count 1";
  out[n].offset = offsetof(listapps_options, pid_count);
  out[n].o = base;
  out[n++].o.pid_count = 1;
  out[n].what = "sort_field 9999";
  out[n].offset = offsetof(listapps_options, sort_field);
  out[n].o = base;
  out[n++].o.sort_field = 9999;
  out[n].what = "cpu_interval_ms 70000";
  out[n].offset = offsetof(listapps_options, cpu_interval_ms);
  out[n].o = base;
  out[n++].o.cpu_interval_ms = 70000u;
  return n;
}

START_TEST(test_options_refused_value_per_member) {
  spoilt_options spoilt[16];
  size_t count = spoil_options(spoilt);
  size_t sizes[MAX_SIZES];
  size_t n = options_sizes(sizes);
  listapps_options valid = LISTAPPS_OPTIONS_INIT;
  listapps_snapshot *snap;
  size_t c;
  size_t i;

  for (c = 0; c < count; c++) {
    for (i = 0; i < n; i++) {
      size_t s = sizes[i];
      unsigned char *p = caller_block(&spoilt[c].o, sizeof spoilt[c].o, s);
      int want = s > spoilt[c].offset ? LISTAPPS_EINVAL : LISTAPPS_OK;
      int rc;

      snap = (listapps_snapshot *)p; /* anything but NULL: it must come back NULL on failure */
      rc = listapps_snapshot_take((const listapps_options *)p, &snap, NULL);
      ck_assert_msg(rc == want, "%s at size %u: %d, want %d", spoilt[c].what, (unsigned)s, rc,
                    want);
      if (rc == LISTAPPS_OK)
        ck_assert_ptr_nonnull(snap);
      else
        ck_assert_ptr_null(snap);
      listapps_snapshot_free(snap);
      free(p);
    }
  }
  /* Valid members with a newer header's non-zero tail, and sizes too small for the size
   * member: refused. */
  valid.fields = name_field;
  valid.field_count = 1;
  for (i = sizeof valid; i < sizeof valid + TAIL; i += TAIL - 1) {
    unsigned char *p = caller_block(&valid, sizeof valid, sizeof valid + TAIL);
    p[i] = 0x80;
    snap = NULL;
    ck_assert_msg(
        listapps_snapshot_take((const listapps_options *)p, &snap, NULL) == LISTAPPS_EINVAL,
        "non-zero tail byte %u taken", (unsigned)(i - sizeof valid));
    ck_assert_ptr_null(snap);
    free(p);
  }
  for (i = 0; i < sizeof(size_t); i++) {
    unsigned char *p = caller_block(&valid, sizeof valid, i);
    snap = NULL;
    ck_assert_msg(
        listapps_snapshot_take((const listapps_options *)p, &snap, NULL) == LISTAPPS_EINVAL,
        "options of size %u taken", (unsigned)i);
    free(p);
  }
}
END_TEST

/* ---- listapps_error_info ------------------------------------------------------------------ */

/* A caller's error_info of `size` bytes (at least its size member) with GUARD bytes after it:
 * the struct's bytes after the size member STALE_BYTE, so that what is written shows, the guard
 * GUARD_BYTE. *len gets the struct's part. */
static unsigned char *error_block(size_t size, size_t *len) {
  size_t n = size < sizeof(size_t) ? sizeof(size_t) : size;
  unsigned char *p = malloc(n + GUARD);

  ck_assert_ptr_nonnull(p);
  memset(p, STALE_BYTE, n);
  memset(p + n, GUARD_BYTE, GUARD);
  memcpy(p, &size, sizeof size);
  *len = n;
  return p;
}

/* The caller's error_info p of size s after a call that returned code with no Win32 error
 * and no call's name: every member the size holds written, nothing else. */
static void check_error_block(const unsigned char *p, size_t s, size_t len, int code,
                              const char *call_name) {
  size_t reach = s < sizeof(size_t)                ? 0
                 : s < sizeof(listapps_error_info) ? s
                                                   : sizeof(listapps_error_info);
  size_t call = offsetof(listapps_error_info, call);
  size_t i;

  if (reach >= offsetof(listapps_error_info, code) + sizeof(int)) {
    int got;
    memcpy(&got, p + offsetof(listapps_error_info, code), sizeof got);
    ck_assert_msg(got == code, "%s, error_info of size %u: code %d, want %d", call_name,
                  (unsigned)s, got, code);
  }
  if (reach >= offsetof(listapps_error_info, win32_error) + sizeof(unsigned long)) {
    unsigned long got;
    memcpy(&got, p + offsetof(listapps_error_info, win32_error), sizeof got);
    ck_assert_msg(got == 0, "%s, error_info of size %u: win32_error %lu", call_name, (unsigned)s,
                  got);
  }
  if (reach > call)
    ck_assert_msg(p[call] == '\0', "%s, error_info of size %u: a call's name", call_name,
                  (unsigned)s);
  /* Past the members the size holds (and past the library's size for a newer header): the
   * caller's own bytes, untouched; then the guard. */
  for (i = reach > sizeof(size_t) ? reach : sizeof(size_t); i < len; i++)
    ck_assert_msg(p[i] == STALE_BYTE, "%s, error_info of size %u: byte %u written", call_name,
                  (unsigned)s, (unsigned)i);
  for (i = 0; i < GUARD; i++)
    ck_assert_msg(p[len + i] == GUARD_BYTE,
                  "%s, error_info of size %u: guard byte %u written past its size", call_name,
                  (unsigned)s, (unsigned)i);
  ck_assert_msg(memcmp(p, &s, sizeof s) == 0, "%s: the size member changed", call_name);
}

static int ignore_event(void *context, const listapps_event *event) {
  (void)context;
  (void)event;
  return 1;
}

/* Failing calls (EINVAL) and a succeeding one fill the caller's error_info as far as its size
 * reaches and not a byte further, at every size: too small for the size member, each member's
 * offset, sizes ending inside the call's name, the library's, and a newer header's. */
START_TEST(test_error_info_every_size) {
  static const size_t inside_call[] = {1, 2, 6, 12};
  size_t sizes[MAX_SIZES];
  size_t n = 0;
  size_t i;

  sizes[n++] = 0;
  sizes[n++] = sizeof(size_t) - 1;
  sizes[n++] = offsetof(listapps_error_info, code);
  sizes[n++] = offsetof(listapps_error_info, win32_error);
  sizes[n++] = offsetof(listapps_error_info, call);
  for (i = 0; i < sizeof inside_call / sizeof inside_call[0]; i++)
    sizes[n++] = offsetof(listapps_error_info, call) + inside_call[i];
  sizes[n++] = sizeof(listapps_error_info);
  sizes[n++] = sizeof(listapps_error_info) + TAIL;
  for (i = 0; i < n; i++) {
    size_t s = sizes[i];
    listapps_options bad = LISTAPPS_OPTIONS_INIT;
    listapps_options good = LISTAPPS_OPTIONS_INIT;
    listapps_watch_options bad_watch = LISTAPPS_WATCH_OPTIONS_INIT;
    listapps_snapshot *snap = NULL;
    size_t len;
    unsigned char *p;

    bad.flags = 0x80u;
    p = error_block(s, &len);
    ck_assert_int_eq(listapps_snapshot_take(&bad, &snap, (listapps_error_info *)p),
                     LISTAPPS_EINVAL);
    check_error_block(p, s, len, LISTAPPS_EINVAL, "listapps_snapshot_take");
    free(p);

    bad_watch.interval_ms = 70000u;
    p = error_block(s, &len);
    ck_assert_int_eq(listapps_watch(&bad_watch, ignore_event, NULL, (listapps_error_info *)p),
                     LISTAPPS_EINVAL);
    check_error_block(p, s, len, LISTAPPS_EINVAL, "listapps_watch");
    free(p);

    /* Success says so as far as the size reaches. */
    good.fields = name_field;
    good.field_count = 1;
    p = error_block(s, &len);
    ck_assert_int_eq(listapps_snapshot_take(&good, &snap, (listapps_error_info *)p), LISTAPPS_OK);
    check_error_block(p, s, len, LISTAPPS_OK, "listapps_snapshot_take (success)");
    listapps_snapshot_free(snap);
    snap = NULL;
    free(p);
  }
}
END_TEST

/* ---- listapps_watch ----------------------------------------------------------------------- */

/* What a synchronous watch saw. */
typedef struct seen {
  size_t events;
  size_t presents;
  int first_kind;
  size_t first_event_size;
  int first_event_sane;   /* its snapshot and row are readable */
  unsigned long want_pid; /* the fixture the test started */
  int saw_want;           /* a present event for want_pid */
  int saw_other;          /* a present event for any other process */
  int want_command_line;  /* the command line's state in want_pid's event */
  int stop_at_first;      /* return 1 at the first event */
} seen;

static int see(void *context, const listapps_event *event) {
  seen *w = context;
  long long pid = 0;

  if (w->events == 0) {
    w->first_kind = event->kind;
    w->first_event_size = event->size;
    w->first_event_sane =
        event->snapshot != NULL && event->row < listapps_snapshot_count(event->snapshot);
  }
  w->events++;
  if (event->kind == LISTAPPS_EVENT_PRESENT) {
    w->presents++;
    ck_assert_int_eq(
        listapps_snapshot_get_integer(event->snapshot, event->row, LISTAPPS_FIELD_PID, &pid),
        LISTAPPS_VALUE_PRESENT);
    if ((unsigned long)pid == w->want_pid) {
      const char *text = NULL;
      w->saw_want = 1;
      w->want_command_line = listapps_snapshot_get_string(event->snapshot, event->row,
                                                          LISTAPPS_FIELD_COMMAND_LINE, &text);
    } else {
      w->saw_other = 1;
    }
  }
  return w->stop_at_first;
}

/* All defaults: a watch options struct of the size member alone (list NULL, no timeout) with a
 * callback that ends the watch at its first event, which is the present event of an App. */
START_TEST(test_watch_size_member_only) {
  const wchar_t *args[] = {L"visible:" WIDE(TITLE_A)};
  listapps_watch_options full = LISTAPPS_WATCH_OPTIONS_INIT;
  listapps_error_info e = LISTAPPS_ERROR_INFO_INIT;
  unsigned char *p;
  test_process a;
  seen w;
  int rc;

  fixture_start(L"fixture_en.exe", args, 1, &a);
  memset(&w, 0, sizeof w);
  w.stop_at_first = 1;
  p = caller_block(&full, sizeof full, sizeof(size_t));
  rc = listapps_watch((const listapps_watch_options *)p, see, &w, &e);
  ck_assert_msg(rc == LISTAPPS_EWRITE, "watch with the size member alone: %d", rc);
  ck_assert_int_eq(e.code, LISTAPPS_EWRITE); /* the code the call returned */
  ck_assert_uint_eq(w.events, 1);
  ck_assert_int_eq(w.first_kind, LISTAPPS_EVENT_PRESENT);
  ck_assert_uint_eq(w.first_event_size, sizeof(listapps_event));
  ck_assert(w.first_event_sane);
  free(p);
  fixture_stop(&a);
}
END_TEST

/* interval_ms 70000, and list pointing to options the watch refuses: refused exactly when the
 * size holds the member. Taken, the watch ends at its first event. */
START_TEST(test_watch_refused_value_per_member) {
  const wchar_t *args[] = {L"visible:" WIDE(TITLE_A)};
  listapps_options all = LISTAPPS_OPTIONS_INIT;
  listapps_options sorted = LISTAPPS_OPTIONS_INIT;
  listapps_options unknown = LISTAPPS_OPTIONS_INIT;
  struct {
    const char *what;
    size_t offset;
    listapps_watch_options o;
  } spoilt[4];
  size_t count = 0;
  size_t sizes[MAX_SIZES];
  size_t n = watch_sizes(sizes);
  listapps_watch_options valid = LISTAPPS_WATCH_OPTIONS_INIT;
  test_process a;
  size_t c;
  size_t i;

  fixture_start(L"fixture_en.exe", args, 1, &a);
  all.flags = LISTAPPS_LIST_ALL;
  sorted.sort_field = LISTAPPS_FIELD_PID;
  unknown.fields = unknown_field;
  unknown.field_count = 1;
  spoilt[count].what = "interval_ms 70000";
  spoilt[count].offset = offsetof(listapps_watch_options, interval_ms);
  spoilt[count].o = valid;
  spoilt[count++].o.interval_ms = 70000u;
  spoilt[count].what = "list with LISTAPPS_LIST_ALL";
  spoilt[count].offset = offsetof(listapps_watch_options, list);
  spoilt[count].o = valid;
  spoilt[count++].o.list = &all;
  spoilt[count].what = "list with a sort_field";
  spoilt[count].offset = offsetof(listapps_watch_options, list);
  spoilt[count].o = valid;
  spoilt[count++].o.list = &sorted;
  spoilt[count].what = "list with an unknown field";
  spoilt[count].offset = offsetof(listapps_watch_options, list);
  spoilt[count].o = valid;
  spoilt[count++].o.list = &unknown;
  for (c = 0; c < count; c++) {
    for (i = 0; i < n; i++) {
      size_t s = sizes[i];
      unsigned char *p = caller_block(&spoilt[c].o, sizeof spoilt[c].o, s);
      int want = s > spoilt[c].offset ? LISTAPPS_EINVAL : LISTAPPS_EWRITE;
      seen w;
      int rc;

      memset(&w, 0, sizeof w);
      w.stop_at_first = 1;
      rc = listapps_watch((const listapps_watch_options *)p, see, &w, NULL);
      ck_assert_msg(rc == want, "%s at size %u: %d, want %d", spoilt[c].what, (unsigned)s, rc,
                    want);
      ck_assert_uint_eq(w.events, rc == LISTAPPS_EWRITE ? 1u : 0u);
      free(p);
    }
  }
  /* A newer header's non-zero tail, and sizes too small for the size member: refused. */
  for (i = sizeof valid; i < sizeof valid + TAIL; i += TAIL - 1) {
    unsigned char *p = caller_block(&valid, sizeof valid, sizeof valid + TAIL);
    seen w;
    memset(&w, 0, sizeof w);
    w.stop_at_first = 1;
    p[i] = 0x80;
    ck_assert_msg(
        listapps_watch((const listapps_watch_options *)p, see, &w, NULL) == LISTAPPS_EINVAL,
        "non-zero tail byte %u taken", (unsigned)(i - sizeof valid));
    free(p);
  }
  for (i = 0; i < sizeof(size_t); i++) {
    unsigned char *p = caller_block(&valid, sizeof valid, i);
    seen w;
    memset(&w, 0, sizeof w);
    w.stop_at_first = 1;
    ck_assert_msg(
        listapps_watch((const listapps_watch_options *)p, see, &w, NULL) == LISTAPPS_EINVAL,
        "watch options of size %u taken", (unsigned)i);
    free(p);
  }
  fixture_stop(&a);
}
END_TEST

/* The listing options a watch points to are read as far as their own size reaches: at every
 * size of them (the watch options full, ending by a timeout), the pattern keeps only A's
 * events exactly when the size holds it, the command line is read exactly when the fields are
 * held, and LISTAPPS_LIST_ALL is refused exactly when flags are held. */
START_TEST(test_watch_list_every_size) {
  static const char *const pattern[] = {TITLE_A};
  static const int command_line[] = {LISTAPPS_FIELD_COMMAND_LINE};
  const wchar_t *args_a[] = {L"visible:" WIDE(TITLE_A)};
  const wchar_t *args_d[] = {L"visible:" WIDE(TITLE_D)};
  listapps_options real = LISTAPPS_OPTIONS_INIT;
  listapps_options all = LISTAPPS_OPTIONS_INIT;
  test_process a, d;
  size_t sizes[MAX_SIZES];
  size_t n = options_sizes(sizes);
  size_t i;

  fixture_start(L"fixture_en.exe", args_a, 1, &a);
  fixture_start(L"fixture_en.exe", args_d, 1, &d);
  real.fields = command_line;
  real.field_count = 1;
  real.patterns = pattern;
  real.pattern_count = 1;
  all.flags = LISTAPPS_LIST_ALL;
  for (i = 0; i < n; i++) {
    size_t s = sizes[i];
    unsigned char *list = caller_block(&real, sizeof real, s);
    unsigned char *list_all = caller_block(&all, sizeof all, s);
    listapps_watch_options o = LISTAPPS_WATCH_OPTIONS_INIT;
    int patterns_in = s > offsetof(listapps_options, pattern_count);
    int fields_in = s > offsetof(listapps_options, field_count);
    seen w;
    int rc;

    memset(&w, 0, sizeof w);
    w.want_pid = a.pid;
    o.list = (const listapps_options *)list;
    o.timeout_ms = 200;
    rc = listapps_watch(&o, see, &w, NULL);
    ck_assert_msg(rc == LISTAPPS_OK, "list of size %u: %d", (unsigned)s, rc);
    ck_assert_msg(w.saw_want, "list of size %u: no present event for A", (unsigned)s);
    ck_assert_msg(w.saw_other == !patterns_in, "list of size %u: %s for other apps", (unsigned)s,
                  w.saw_other ? "present events" : "no present event");
    ck_assert_msg(
        w.want_command_line == (fields_in ? LISTAPPS_VALUE_PRESENT : LISTAPPS_VALUE_NOT_GATHERED),
        "list of size %u: A's command line %s", (unsigned)s,
        listapps_value_state_name(w.want_command_line));

    memset(&w, 0, sizeof w);
    w.stop_at_first = 1;
    o.list = (const listapps_options *)list_all;
    rc = listapps_watch(&o, see, &w, NULL);
    ck_assert_msg(rc == (s > offsetof(listapps_options, flags) ? LISTAPPS_EINVAL : LISTAPPS_EWRITE),
                  "list with LISTAPPS_LIST_ALL of size %u: %d", (unsigned)s, rc);
    free(list_all);
    free(list);
  }
  fixture_stop(&d);
  fixture_stop(&a);
}
END_TEST

/* A watch on its own thread, so the test can act while it runs. */
typedef struct live {
  const listapps_watch_options *options;
  volatile LONG presents;
  volatile LONG changes;
  LONG refuse_at; /* the callback ends the watch at this many changes */
  int result;
  HANDLE thread;
} live;

static int count_event(void *context, const listapps_event *event) {
  live *l = context;

  if (event->kind == LISTAPPS_EVENT_PRESENT) {
    InterlockedIncrement(&l->presents);
    return 0;
  }
  /* The App in front is the desktop's to change (another suite, a user): not counted here. */
  if (event->kind == LISTAPPS_EVENT_FOCUS) return 0;
  return InterlockedIncrement(&l->changes) >= l->refuse_at;
}

static DWORD WINAPI run_live(LPVOID arg) {
  live *l = arg;
  l->result = listapps_watch(l->options, count_event, l, NULL);
  return 0;
}

/* Waits up to ms for *counter to reach at least want. */
static int wait_count(volatile LONG *counter, LONG want, unsigned ms) {
  unsigned waited;
  for (waited = 0; waited < ms; waited += 20) {
    if (InterlockedCompareExchange(counter, 0, 0) >= want) return 1;
    Sleep(20);
  }
  return InterlockedCompareExchange(counter, 0, 0) >= want;
}

/* The members that end a watch (timeout_ms 300, max_events 1, a stop flag set, a stop event
 * signalled), one at a time, at the size that stops just before the member and the size that
 * holds it: held, the watch ends by it with LISTAPPS_OK; not held, it runs on until the
 * callback ends it at A's second change (LISTAPPS_EWRITE). The listing is A's alone (list
 * held at both sizes) and looked at every 100 ms. */
START_TEST(test_watch_ending_members) {
  enum { TIMEOUT, MAX_EVENTS, STOP, STOP_EVENT, MEMBERS };
  static const char *const names[] = {"timeout_ms", "max_events", "stop", "stop_event"};
  static const size_t offsets[] = {
      offsetof(listapps_watch_options, timeout_ms), offsetof(listapps_watch_options, max_events),
      offsetof(listapps_watch_options, stop), offsetof(listapps_watch_options, stop_event)};
  static const size_t ends[] = {
      offsetof(listapps_watch_options, max_events), offsetof(listapps_watch_options, stop),
      offsetof(listapps_watch_options, stop_event), sizeof(listapps_watch_options)};
  static const char *const pattern[] = {TITLE_A};
  const wchar_t *args[] = {L"visible:" WIDE(TITLE_A)};
  listapps_options list = LISTAPPS_OPTIONS_INIT;
  unsigned retitles = 0;
  test_process a;
  int m;

  fixture_start(L"fixture_en.exe", args, 1, &a);
  list.patterns = pattern;
  list.pattern_count = 1;
  for (m = 0; m < MEMBERS; m++) {
    int held;
    for (held = 0; held <= 1; held++) {
      listapps_watch_options full = LISTAPPS_WATCH_OPTIONS_INIT;
      size_t s = held ? ends[m] : offsets[m];
      volatile long stop = 0;
      HANDLE stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
      unsigned char *p;
      live l;
      int tries;

      ck_assert_ptr_nonnull(stop_event);
      full.list = &list;
      full.interval_ms = 100;
      if (m == TIMEOUT) full.timeout_ms = 300;
      if (m == MAX_EVENTS) full.max_events = 1;
      if (m == STOP) full.stop = &stop;
      if (m == STOP_EVENT) full.stop_event = stop_event;
      p = caller_block(&full, sizeof full, s);
      memset(&l, 0, sizeof l);
      l.options = (const listapps_watch_options *)p;
      l.refuse_at = 2;
      l.thread = CreateThread(NULL, 0, run_live, &l, 0, NULL);
      ck_assert_ptr_nonnull(l.thread);
      ck_assert_msg(wait_count(&l.presents, 1, 15000), "%s, size %u: no present event", names[m],
                    (unsigned)s);
      if (m == STOP) InterlockedExchange((volatile LONG *)&stop, 1);
      if (m == STOP_EVENT) SetEvent(stop_event);
      if (m == MAX_EVENTS) {
        char cmd[64];
        unsigned long long when;
        snprintf(cmd, sizeof cmd, "title 0 " TITLE_A " %u", ++retitles);
        ck_assert_msg(test_process_command(&a, cmd, FIXTURE_TIMEOUT_MS, &when) == 0, "%s",
                      a.failure);
        ck_assert_msg(wait_count(&l.changes, 1, 15000), "max_events, size %u: no title event",
                      (unsigned)s);
      }
      if (held) {
        ck_assert_msg(WaitForSingleObject(l.thread, 15000) == WAIT_OBJECT_0,
                      "%s, size %u (held): the watch did not end", names[m], (unsigned)s);
        ck_assert_msg(l.result == LISTAPPS_OK, "%s, size %u (held): %d", names[m], (unsigned)s,
                      l.result);
        ck_assert_int_eq(l.changes, m == MAX_EVENTS ? 1 : 0);
      } else {
        ck_assert_msg(WaitForSingleObject(l.thread, 1500) == WAIT_TIMEOUT,
                      "%s, size %u (not held): the watch ended (%d)", names[m], (unsigned)s,
                      l.result);
        /* Retitle A until the callback ends the watch at the second change. */
        for (tries = 0; tries < 10; tries++) {
          char cmd[64];
          unsigned long long when;
          snprintf(cmd, sizeof cmd, "title 0 " TITLE_A " %u", ++retitles);
          ck_assert_msg(test_process_command(&a, cmd, FIXTURE_TIMEOUT_MS, &when) == 0, "%s",
                        a.failure);
          if (WaitForSingleObject(l.thread, 3000) == WAIT_OBJECT_0) break;
        }
        ck_assert_msg(WaitForSingleObject(l.thread, 0) == WAIT_OBJECT_0,
                      "%s, size %u (not held): the watch did not end at the second change",
                      names[m], (unsigned)s);
        ck_assert_msg(l.result == LISTAPPS_EWRITE, "%s, size %u (not held): %d", names[m],
                      (unsigned)s, l.result);
        ck_assert_int_eq(l.changes, 2);
      }
      CloseHandle(l.thread);
      CloseHandle(stop_event);
      free(p);
    }
  }
  fixture_stop(&a);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("abi_live");
  TCase *take = tcase_create("snapshot_take");
  TCase *error = tcase_create("error_info");
  TCase *watch = tcase_create("watch");

  tcase_add_test(take, test_options_refused_value_per_member);
  tcase_add_test(take, test_options_every_size);
  tcase_add_test(error, test_error_info_every_size);
  tcase_add_test(watch, test_watch_size_member_only);
  tcase_add_test(watch, test_watch_refused_value_per_member);
  tcase_add_test(watch, test_watch_list_every_size);
  tcase_add_test(watch, test_watch_ending_members);
  tcase_set_timeout(take, 240);
  tcase_set_timeout(watch, 240);
  suite_add_tcase(s, take);
  suite_add_tcase(s, error);
  suite_add_tcase(s, watch);
  return s;
}
