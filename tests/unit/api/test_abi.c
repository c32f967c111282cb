/*
 * The ABI promise of include/listapps.h over every size-stamped struct, without Win32.
 *
 * A program built against an older header hands in a shorter struct: each is simulated with
 * its size set to the offset of each member in turn, in a heap block of exactly that many bytes,
 * so that AddressSanitizer (host build) catches any read past it. It must be accepted and behave
 * as if the members past its size had their defaults (the *_INIT values). A program built
 * against a newer header hands in a longer struct: accepted when the unknown tail is zero,
 * refused otherwise. A size that cannot hold the size member is refused. An output struct
 * (listapps_error_info) is filled only as far as its size reaches.
 *
 * Covered here: la_read_sized and la_write_sized directly, over the layout of every public
 * size-stamped struct; listapps_write and listapps_write_event over hand-made rows;
 * listapps_error_message; la_error_export (what every failing call fills); the version number.
 * tests/integration/test_abi_live.c does the same for listapps_snapshot_take and
 * listapps_watch against real windows.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/error_info.h"
#include "api/snapshot.h"
#include "core/error.h"
#include "core/row.h"
#include "core/sized.h"
#include "listapps.h"
#include "output/buffer.h"
#include "suite.h"

/* Bytes after a caller's struct that nothing may touch, and bytes a newer header adds. */
#define GUARD 16
#define TAIL 16
#define GUARD_BYTE 0xABu
/* What a caller's output struct held before the call, so that what was written shows. */
#define STALE_BYTE 0xCDu

/* ---- The public structs' layouts ---------------------------------------------------------- */

typedef struct member {
  const char *name;
  size_t offset;
  size_t size;
} member;

#define MEMBER(type, m) \
  { #m, offsetof(type, m), sizeof(((type *)0)->m) }

typedef struct layout {
  const char *name;
  size_t size;           /* the library's sizeof */
  const void *defaults;  /* the *_INIT values */
  const member *members; /* every member in order, the size member first */
  size_t count;
} layout;

static const listapps_options options_defaults = LISTAPPS_OPTIONS_INIT;
static const member options_members[] = {
    MEMBER(listapps_options, size),           MEMBER(listapps_options, flags),
    MEMBER(listapps_options, fields),         MEMBER(listapps_options, field_count),
    MEMBER(listapps_options, patterns),       MEMBER(listapps_options, pattern_count),
    MEMBER(listapps_options, pids),           MEMBER(listapps_options, pid_count),
    MEMBER(listapps_options, sort_field),     MEMBER(listapps_options, sort_descending),
    MEMBER(listapps_options, cpu_interval_ms)};

static const listapps_write_options write_defaults = LISTAPPS_WRITE_OPTIONS_INIT;
static const member write_members[] = {
    MEMBER(listapps_write_options, size), MEMBER(listapps_write_options, format),
    MEMBER(listapps_write_options, flags), MEMBER(listapps_write_options, fields),
    MEMBER(listapps_write_options, field_count)};

static const listapps_watch_options watch_defaults = LISTAPPS_WATCH_OPTIONS_INIT;
static const member watch_members[] = {
    MEMBER(listapps_watch_options, size),        MEMBER(listapps_watch_options, list),
    MEMBER(listapps_watch_options, interval_ms), MEMBER(listapps_watch_options, timeout_ms),
    MEMBER(listapps_watch_options, max_events),  MEMBER(listapps_watch_options, stop),
    MEMBER(listapps_watch_options, stop_event)};

static const listapps_error_info error_defaults = LISTAPPS_ERROR_INFO_INIT;
static const member error_members[] = {
    MEMBER(listapps_error_info, size), MEMBER(listapps_error_info, code),
    MEMBER(listapps_error_info, win32_error), MEMBER(listapps_error_info, call)};

/* The header has no LISTAPPS_EVENT_INIT: an event's members default to zero. */
static const listapps_event event_defaults = {sizeof(listapps_event), 0, 0, NULL, 0};
static const member event_members[] = {
    MEMBER(listapps_event, size), MEMBER(listapps_event, kind), MEMBER(listapps_event, time_ms),
    MEMBER(listapps_event, snapshot), MEMBER(listapps_event, row)};

#define LAYOUT(type, defaults, members) \
  { #type, sizeof(type), &defaults, members, sizeof members / sizeof members[0] }

static const layout layouts[] = {LAYOUT(listapps_options, options_defaults, options_members),
                                 LAYOUT(listapps_write_options, write_defaults, write_members),
                                 LAYOUT(listapps_watch_options, watch_defaults, watch_members),
                                 LAYOUT(listapps_error_info, error_defaults, error_members),
                                 LAYOUT(listapps_event, event_defaults, event_members)};
#define LAYOUT_COUNT (sizeof layouts / sizeof layouts[0])
#define MAX_SIZES 16

/* The sizes of every older struct, the offset of each member after the size member in turn,
 * then the library's own. Returns how many. */
static size_t older_sizes(const layout *l, size_t sizes[MAX_SIZES]) {
  size_t n = 0;
  size_t i;

  ck_assert_uint_le(l->count, MAX_SIZES);
  for (i = 1; i < l->count; i++) sizes[n++] = l->members[i].offset;
  sizes[n++] = l->size;
  return n;
}

/* Every byte a recognisable value, neither 0 nor 0xFF, so no member can equal its default. */
static void fill_pattern(unsigned char *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) p[i] = (unsigned char)(0x41u + i % 26u);
}

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

/* ---- la_read_sized ------------------------------------------------------------------------ */

/* Every older size of every struct: the members inside it are copied, the others keep their
 * defaults, and the size member is the library's own. */
START_TEST(test_read_sized_every_older_size) {
  size_t li;

  for (li = 0; li < LAYOUT_COUNT; li++) {
    const layout *l = &layouts[li];
    const unsigned char *defaults = l->defaults;
    unsigned char *full = malloc(l->size);
    size_t sizes[MAX_SIZES];
    size_t n = older_sizes(l, sizes);
    size_t i;

    ck_assert_ptr_nonnull(full);
    fill_pattern(full, l->size);
    for (i = 0; i < n; i++) {
      size_t s = sizes[i];
      unsigned char *src = caller_block(full, l->size, s);
      unsigned char *dst = malloc(l->size);
      size_t k;

      ck_assert_ptr_nonnull(dst);
      memcpy(dst, defaults, l->size);
      ck_assert_msg(la_read_sized(dst, l->size, src) == 0, "%s of size %u refused", l->name,
                    (unsigned)s);
      for (k = 0; k < l->count; k++) {
        const member *m = &l->members[k];
        const unsigned char *want;
        if (k == 0)
          want = defaults;
        else if (m->offset + m->size <= s)
          want = full;
        else
          want = defaults;
        ck_assert_msg(k == 0 || memcmp(full + m->offset, defaults + m->offset, m->size) != 0,
                      "the pattern equals the default of %s.%s", l->name, m->name);
        ck_assert_msg(memcmp(dst + m->offset, want + m->offset, m->size) == 0,
                      "%s of size %u: member %s is not %s", l->name, (unsigned)s, m->name,
                      k == 0         ? "the library's size"
                      : want == full ? "the caller's"
                                     : "its default");
      }
      free(dst);
      free(src);
    }
    free(full);
  }
}
END_TEST

/* A newer header's struct: accepted with a zero tail (every known member copied), refused with
 * any non-zero byte in it. A size that cannot hold the size member is refused; NULL leaves the
 * defaults. */
START_TEST(test_read_sized_newer_and_too_small) {
  size_t li;

  for (li = 0; li < LAYOUT_COUNT; li++) {
    const layout *l = &layouts[li];
    size_t s = l->size + TAIL;
    unsigned char *full = malloc(l->size);
    unsigned char *src;
    unsigned char *dst = malloc(l->size);
    size_t t;

    ck_assert_ptr_nonnull(full);
    ck_assert_ptr_nonnull(dst);
    fill_pattern(full, l->size);
    src = caller_block(full, l->size, s);
    memcpy(dst, l->defaults, l->size);
    ck_assert_msg(la_read_sized(dst, l->size, src) == 0, "%s with a zero tail refused", l->name);
    ck_assert_msg(memcmp(dst, l->defaults, sizeof(size_t)) == 0, "%s: size member overwritten",
                  l->name);
    ck_assert_msg(
        memcmp(dst + sizeof(size_t), full + sizeof(size_t), l->size - sizeof(size_t)) == 0,
        "%s with a zero tail: not every member copied", l->name);
    for (t = l->size; t < s; t++) {
      src[t] = 1;
      ck_assert_msg(la_read_sized(dst, l->size, src) == LISTAPPS_EINVAL,
                    "%s: non-zero byte %u of the tail accepted", l->name, (unsigned)(t - l->size));
      src[t] = 0;
    }
    free(src);

    for (s = 0; s < sizeof(size_t); s++) {
      src = caller_block(full, l->size, s);
      ck_assert_msg(la_read_sized(dst, l->size, src) == LISTAPPS_EINVAL, "%s of size %u accepted",
                    l->name, (unsigned)s);
      free(src);
    }
    memcpy(dst, l->defaults, l->size);
    ck_assert_int_eq(la_read_sized(dst, l->size, NULL), 0);
    ck_assert_msg(memcmp(dst, l->defaults, l->size) == 0, "%s: NULL changed the defaults", l->name);
    free(dst);
    free(full);
  }
}
END_TEST

/* ---- listapps_error_info: la_write_sized, la_error_export, listapps_error_message -------- */

/* The sizes an error_info may have: too small for its size member, each member's offset, sizes
 * ending inside the call's name, the library's, and a newer header's. */
static size_t error_sizes(size_t sizes[MAX_SIZES]) {
  static const size_t inside_call[] = {1, 2, 6, 11, 12, 13};
  size_t call = offsetof(listapps_error_info, call);
  size_t n = 0;
  size_t i;

  sizes[n++] = 0;
  sizes[n++] = sizeof(size_t) - 1;
  sizes[n++] = offsetof(listapps_error_info, code);
  sizes[n++] = offsetof(listapps_error_info, win32_error);
  for (i = 0; i < sizeof inside_call / sizeof inside_call[0]; i++)
    sizes[n++] = call + inside_call[i];
  sizes[n++] = sizeof(listapps_error_info);
  sizes[n++] = sizeof(listapps_error_info) + TAIL;
  ck_assert_uint_le(n, MAX_SIZES);
  return n;
}

/* A caller's error_info block of `size` bytes (at least the size member) and GUARD bytes after
 * it: the size stamped, the rest of the struct STALE_BYTE, the guard GUARD_BYTE. *block_len is
 * the struct's part. */
static unsigned char *error_block(size_t size, size_t *block_len) {
  size_t n = size < sizeof(size_t) ? sizeof(size_t) : size;
  unsigned char *p = malloc(n + GUARD);

  ck_assert_ptr_nonnull(p);
  memset(p, STALE_BYTE, n);
  memset(p + n, GUARD_BYTE, GUARD);
  memcpy(p, &size, sizeof size);
  *block_len = n;
  return p;
}

/* The bytes from `from` to the end of the struct's part are still stale and the guard intact. */
static void check_untouched(const unsigned char *p, size_t from, size_t block_len, size_t size) {
  size_t i;

  for (i = from; i < block_len; i++)
    ck_assert_msg(p[i] == STALE_BYTE, "size %u: byte %u written", (unsigned)size, (unsigned)i);
  for (i = 0; i < GUARD; i++)
    ck_assert_msg(p[block_len + i] == GUARD_BYTE, "size %u: guard byte %u written past the size",
                  (unsigned)size, (unsigned)i);
  ck_assert_msg(memcmp(p, &size, sizeof size) == 0, "size %u: size member changed", (unsigned)size);
}

START_TEST(test_write_sized_error_info) {
  unsigned char full[sizeof(listapps_error_info)];
  size_t sizes[MAX_SIZES];
  size_t n = error_sizes(sizes);
  size_t i;

  fill_pattern(full, sizeof full);
  for (i = 0; i < n; i++) {
    size_t s = sizes[i];
    size_t len;
    unsigned char *p = error_block(s, &len);
    size_t written = 0;

    la_write_sized(p, full, sizeof full);
    if (s >= sizeof(size_t)) written = s < sizeof full ? s : sizeof full;
    if (written > sizeof(size_t))
      ck_assert_msg(
          memcmp(p + sizeof(size_t), full + sizeof(size_t), written - sizeof(size_t)) == 0,
          "size %u: not filled as far as it reaches", (unsigned)s);
    check_untouched(p, written > sizeof(size_t) ? written : sizeof(size_t), len, s);
    free(p);
  }
  la_write_sized(NULL, full, sizeof full); /* accepted, does nothing */
}
END_TEST

/* What every failing call does with the caller's error_info: code, Win32 error and the call's
 * name written as far as the size reaches, a name cut by the size still NUL-terminated, and
 * nothing written past the size. */
START_TEST(test_error_export_every_size) {
  static const char name[] = "EnumWindows";
  la_error e = {LISTAPPS_EENUM, 5, name, {0}};
  size_t code_end = LA_END_OF(listapps_error_info, code);
  size_t win32_end = LA_END_OF(listapps_error_info, win32_error);
  size_t call = offsetof(listapps_error_info, call);
  size_t sizes[MAX_SIZES];
  size_t n = error_sizes(sizes);
  size_t i;

  for (i = 0; i < n; i++) {
    size_t s = sizes[i];
    size_t len;
    unsigned char *p = error_block(s, &len);
    size_t reach = s < sizeof(size_t)                ? 0
                   : s < sizeof(listapps_error_info) ? s
                                                     : sizeof(listapps_error_info);

    la_error_export(&e, (listapps_error_info *)p);
    if (reach >= code_end) {
      int code;
      memcpy(&code, p + offsetof(listapps_error_info, code), sizeof code);
      ck_assert_msg(code == LISTAPPS_EENUM, "size %u: code %d", (unsigned)s, code);
    }
    if (reach >= win32_end) {
      unsigned long win32;
      memcpy(&win32, p + offsetof(listapps_error_info, win32_error), sizeof win32);
      ck_assert_msg(win32 == 5, "size %u: win32_error %lu", (unsigned)s, win32);
    }
    if (reach > call) {
      size_t room = reach - call; /* bytes of the name inside the struct, its NUL among them */
      size_t want = room - 1 < strlen(name) ? room - 1 : strlen(name);
      const char *got = (const char *)p + call;
      ck_assert_msg(memchr(got, '\0', room) != NULL, "size %u: the name is not terminated",
                    (unsigned)s);
      ck_assert_msg(strlen(got) == want && memcmp(got, name, want) == 0,
                    "size %u: the name is '%s', not the first %u bytes of %s", (unsigned)s, got,
                    (unsigned)want, name);
    }
    /* Members wholly past the size, and the guard, untouched. */
    check_untouched(p, reach > sizeof(size_t) ? reach : sizeof(size_t), len, s);
    free(p);
  }
  la_error_export(&e, NULL); /* accepted, does nothing */
}
END_TEST

/* A name too long for the struct is cut to 63 bytes and terminated. */
START_TEST(test_error_export_long_name) {
  char name[100];
  la_error e = {LISTAPPS_EENUM, 5, name, {0}};
  listapps_error_info info = LISTAPPS_ERROR_INFO_INIT;

  memset(name, 'x', sizeof name - 1);
  name[sizeof name - 1] = '\0';
  la_error_export(&e, &info);
  ck_assert_uint_eq(strlen(info.call), sizeof info.call - 1);
  ck_assert_int_eq(info.code, LISTAPPS_EENUM);
}
END_TEST

/* listapps_error_message reads the error as far as its size reaches: each older size describes
 * only what it holds, a newer one with a zero tail reads in full, a non-zero tail or a size too
 * small is an invalid argument. */
START_TEST(test_error_message_every_size) {
  listapps_error_info full = LISTAPPS_ERROR_INFO_INIT;
  const char *eenum = listapps_strerror(LISTAPPS_EENUM);
  size_t call = offsetof(listapps_error_info, call);
  struct {
    size_t size;
    char want[200];
  } cases[8];
  size_t n = 0;
  size_t i;

  full.code = LISTAPPS_EENUM;
  full.win32_error = 5;
  strcpy(full.call, "EnumWindows");
  cases[n].size = sizeof(size_t) - 1;
  snprintf(cases[n++].want, sizeof cases[0].want, "%s", listapps_strerror(LISTAPPS_EINVAL));
  cases[n].size = offsetof(listapps_error_info, code);
  snprintf(cases[n++].want, sizeof cases[0].want, "%s", listapps_strerror(LISTAPPS_OK));
  cases[n].size = offsetof(listapps_error_info, win32_error);
  snprintf(cases[n++].want, sizeof cases[0].want, "%s", eenum);
  cases[n].size = call;
  snprintf(cases[n++].want, sizeof cases[0].want, "%s (Win32 error 5)", eenum);
  cases[n].size = call + 6; /* the name cut by the size */
  snprintf(cases[n++].want, sizeof cases[0].want, "%s (EnumWi failed with Win32 error 5)", eenum);
  cases[n].size = sizeof full;
  snprintf(cases[n++].want, sizeof cases[0].want, "%s (EnumWindows failed with Win32 error 5)",
           eenum);
  cases[n].size = sizeof full + TAIL; /* a newer header's, its tail zero */
  memcpy(cases[n].want, cases[n - 1].want, sizeof cases[n].want);
  n++;
  for (i = 0; i < n; i++) {
    unsigned char *p = caller_block(&full, sizeof full, cases[i].size);
    char text[200];
    size_t need = listapps_error_message((const listapps_error_info *)p, text, sizeof text);
    ck_assert_msg(strcmp(text, cases[i].want) == 0, "size %u: '%s', want '%s'",
                  (unsigned)cases[i].size, text, cases[i].want);
    ck_assert_uint_eq(need, strlen(text));
    if (cases[i].size > sizeof full) {
      char refused[200];
      p[cases[i].size - 1] = 1;
      listapps_error_message((const listapps_error_info *)p, refused, sizeof refused);
      ck_assert_str_eq(refused, listapps_strerror(LISTAPPS_EINVAL));
    }
    free(p);
  }
}
END_TEST

/* ---- listapps_write and listapps_write_event over hand-made rows ------------------------- */

/* Two App rows: Editor (PID 42) and Viewer (PID 7). */
static void sample_rows(listapps_snapshot *s) {
  la_rows *rows = &s->rows;
  size_t i;

  memset(s, 0, sizeof *s);
  rows->items = calloc(2, sizeof *rows->items);
  ck_assert_ptr_nonnull(rows->items);
  rows->count = 2;
  for (i = 0; i < 2; i++) {
    la_row *r = &rows->items[i];
    int f;
    for (f = 0; f < LISTAPPS_FIELD_COUNT; f++)
      la_value_set_state(&r->values[f], LISTAPPS_VALUE_NONE);
    ck_assert_int_eq(
        la_value_set_text(&r->values[LISTAPPS_FIELD_CATEGORY], "App", LISTAPPS_VALUE_NONE), 0);
    r->values[LISTAPPS_FIELD_CATEGORY].number = LISTAPPS_CATEGORY_APP;
    la_value_set_number(&r->values[LISTAPPS_FIELD_WINDOWS], 1);
    la_value_set_number(&r->values[LISTAPPS_FIELD_PROCESSES], 1);
  }
  ck_assert_int_eq(la_value_set_text(&rows->items[0].values[LISTAPPS_FIELD_NAME], "Editor", 0), 0);
  la_value_set_number(&rows->items[0].values[LISTAPPS_FIELD_PID], 42);
  la_value_set_number(&rows->items[0].values[LISTAPPS_FIELD_APP_PID], 42);
  la_value_set_number(&rows->items[0].values[LISTAPPS_FIELD_MEMORY], 129394278);
  la_value_set_number(&rows->items[0].values[LISTAPPS_FIELD_START_TIME], 1795883764123LL);
  ck_assert_int_eq(la_value_set_text(&rows->items[1].values[LISTAPPS_FIELD_NAME], "Viewer", 0), 0);
  la_value_set_number(&rows->items[1].values[LISTAPPS_FIELD_PID], 7);
  la_value_set_number(&rows->items[1].values[LISTAPPS_FIELD_APP_PID], 7);
  la_value_set_number(&rows->items[1].values[LISTAPPS_FIELD_MEMORY], 0);
}

static int collect(void *context, const char *data, size_t len) {
  la_buffer *b = context;
  ck_assert_uint_gt(len, 0);
  la_buffer_append(b, data, len);
  return b->err;
}

/* Hands back what a write produced: NULL when it failed (then nothing may have been written). */
static char *finish(int rc, la_buffer *b) {
  char *text = NULL;

  if (rc != LISTAPPS_OK) {
    ck_assert_msg(b->len == 0, "a refused write wrote %u bytes", (unsigned)b->len);
    la_buffer_free(b);
    return NULL;
  }
  ck_assert_int_eq(la_buffer_finish(b, &text, NULL), 0);
  ck_assert_ptr_nonnull(text);
  return text;
}

/* listapps_write with options (a caller's block); *rc gets the status. Free the text. */
static char *write_text(const listapps_snapshot *s, const void *options, int *rc) {
  la_buffer b = {0};
  *rc = listapps_write(s, options, collect, &b);
  return finish(*rc, &b);
}

static char *write_event_text(const void *event, const void *options, int header, int *rc) {
  la_buffer b = {0};
  *rc = listapps_write_event(event, options, header, collect, &b);
  return finish(*rc, &b);
}

/* The options a caller of size s means, spelt member by member: real's members inside s, the
 * defaults past it. */
static listapps_write_options write_options_of(const listapps_write_options *real, size_t s) {
  listapps_write_options o = LISTAPPS_WRITE_OPTIONS_INIT;

  if (s > offsetof(listapps_write_options, format)) o.format = real->format;
  if (s > offsetof(listapps_write_options, flags)) o.flags = real->flags;
  if (s > offsetof(listapps_write_options, fields)) o.fields = real->fields;
  if (s > offsetof(listapps_write_options, field_count)) o.field_count = real->field_count;
  return o;
}

static const int pid_name[] = {LISTAPPS_FIELD_PID, LISTAPPS_FIELD_NAME};
/* The default CSV columns' header, and the Editor row in them. */
#define CSV_HEADER \
  "Category,Name,PID,ParentPID,AppPID,Title,Windows,Processes,Image,Path,Description\r\n"
#define CSV_EDITOR "App,Editor,42,,42,,1,1,,,\r\n"

/* Every older write_options writes as the full struct with the defaults past its size does:
 * the format, the flags and the columns each count only once the size reaches them. */
START_TEST(test_write_every_older_size) {
  listapps_write_options real = LISTAPPS_WRITE_OPTIONS_INIT;
  listapps_snapshot snap;
  size_t sizes[MAX_SIZES];
  size_t n = older_sizes(&layouts[1], sizes);
  size_t i;

  sample_rows(&snap);
  real.format = LISTAPPS_FORMAT_CSV;
  real.flags = LISTAPPS_WRITE_NO_HEADER;
  real.fields = pid_name;
  real.field_count = 2;
  for (i = 0; i < n; i++) {
    size_t s = sizes[i];
    unsigned char *p = caller_block(&real, sizeof real, s);
    listapps_write_options meant = write_options_of(&real, s);
    int rc;
    char *got = write_text(&snap, p, &rc);
    char *want;

    ck_assert_msg(rc == LISTAPPS_OK, "write options of size %u refused: %d", (unsigned)s, rc);
    want = write_text(&snap, &meant, &rc);
    ck_assert_int_eq(rc, LISTAPPS_OK);
    ck_assert_msg(strcmp(got, want) == 0, "size %u wrote\n%s\nnot\n%s", (unsigned)s, got, want);
    /* What each size must show, spelt out. */
    if (s <= offsetof(listapps_write_options, format))
      ck_assert_msg(strncmp(got, "Name ", 5) == 0 && strchr(got, ',') == NULL,
                    "size %u: not the table: %s", (unsigned)s, got);
    else if (s <= offsetof(listapps_write_options, flags))
      ck_assert_msg(strncmp(got, CSV_HEADER CSV_EDITOR, strlen(CSV_HEADER CSV_EDITOR)) == 0,
                    "size %u: not CSV with its header: %s", (unsigned)s, got);
    else if (s <= offsetof(listapps_write_options, field_count))
      ck_assert_msg(strncmp(got, CSV_EDITOR, strlen(CSV_EDITOR)) == 0,
                    "size %u: not CSV without a header: %s", (unsigned)s, got);
    else
      ck_assert_str_eq(got, "42,Editor\r\n7,Viewer\r\n");
    free(want);
    free(got);
    free(p);
  }
  la_rows_free(&snap.rows);
}
END_TEST

/* One refused value set in one member at a time: refused exactly when the size holds it. */
typedef struct spoilt_write {
  const char *what;
  size_t member_offset; /* the member whose reading refuses */
  listapps_write_options o;
} spoilt_write;

static const int unknown_field[] = {9999};

static size_t spoilt_write_options(spoilt_write out[8], int for_events) {
  listapps_write_options valid = LISTAPPS_WRITE_OPTIONS_INIT;
  size_t n = 0;

  valid.format = LISTAPPS_FORMAT_CSV;
  out[n].what = "format 99";
  out[n].member_offset = offsetof(listapps_write_options, format);
  out[n].o = valid;
  out[n++].o.format = 99;
  out[n].what = "flags 0x1 (a 1.0 flag)";
  out[n].member_offset = offsetof(listapps_write_options, flags);
  out[n].o = valid;
  out[n++].o.flags = 0x1u;
  out[n].what = "fields {9999}, field_count 1";
  out[n].member_offset = offsetof(listapps_write_options, field_count);
  out[n].o = valid;
  out[n].o.fields = unknown_field;
  out[n++].o.field_count = 1;
  out[n].what = "fields NULL, field_count 1";
  out[n].member_offset = offsetof(listapps_write_options, field_count);
  out[n].o = valid;
  out[n++].o.field_count = 1;
  if (for_events) {
    /* What listapps_write_event refuses and listapps_write takes. */
    out[n].what = "format JSON (an event cannot be an array)";
    out[n].member_offset = offsetof(listapps_write_options, format);
    out[n].o = valid;
    out[n++].o.format = LISTAPPS_FORMAT_JSON;
    out[n].what = "flags LISTAPPS_WRITE_WINDOWS";
    out[n].member_offset = offsetof(listapps_write_options, flags);
    out[n].o = valid;
    out[n++].o.flags = LISTAPPS_WRITE_WINDOWS;
  }
  return n;
}

/* Each spoilt options struct at every size, older and newer: refused iff the size holds the
 * spoilt member. A valid struct with a non-zero tail is refused too. write_event: through
 * listapps_write_event (else listapps_write). */
static void check_spoilt_write_options(int write_event) {
  listapps_write_options valid = LISTAPPS_WRITE_OPTIONS_INIT;
  spoilt_write spoilt[8];
  size_t count = spoilt_write_options(spoilt, write_event);
  listapps_snapshot snap;
  listapps_event event = {sizeof(listapps_event), LISTAPPS_EVENT_OPENED, 0, NULL, 0};
  size_t sizes[MAX_SIZES];
  size_t n = older_sizes(&layouts[1], sizes);
  size_t c;
  size_t i;
  int rc;
  char *text;

  sample_rows(&snap);
  event.snapshot = &snap;
  sizes[n++] = sizeof(listapps_write_options) + TAIL;
  for (c = 0; c < count; c++) {
    for (i = 0; i < n; i++) {
      size_t s = sizes[i];
      unsigned char *p = caller_block(&spoilt[c].o, sizeof spoilt[c].o, s);
      int want = s > spoilt[c].member_offset ? LISTAPPS_EINVAL : LISTAPPS_OK;
      text = write_event ? write_event_text(&event, p, 1, &rc) : write_text(&snap, p, &rc);
      ck_assert_msg(rc == want, "%s: %s at size %u returned %d, want %d",
                    write_event ? "listapps_write_event" : "listapps_write", spoilt[c].what,
                    (unsigned)s, rc, want);
      if (rc == LISTAPPS_OK) ck_assert_uint_gt(strlen(text), 0);
      free(text);
      free(p);
    }
  }
  /* Valid members, a newer header's non-zero tail: refused; the same with a zero tail: taken. */
  valid.format = LISTAPPS_FORMAT_CSV;
  for (i = sizeof valid; i < sizeof valid + TAIL; i++) {
    unsigned char *p = caller_block(&valid, sizeof valid, sizeof valid + TAIL);
    text = write_event ? write_event_text(&event, p, 1, &rc) : write_text(&snap, p, &rc);
    ck_assert_int_eq(rc, LISTAPPS_OK);
    free(text);
    p[i] = 0x80;
    text = write_event ? write_event_text(&event, p, 1, &rc) : write_text(&snap, p, &rc);
    ck_assert_msg(rc == LISTAPPS_EINVAL, "non-zero tail byte %u accepted",
                  (unsigned)(i - sizeof valid));
    free(text);
    free(p);
  }
  /* Too small to hold the size member. */
  for (i = 0; i < sizeof(size_t); i++) {
    unsigned char *p = caller_block(&valid, sizeof valid, i);
    text = write_event ? write_event_text(&event, p, 1, &rc) : write_text(&snap, p, &rc);
    ck_assert_msg(rc == LISTAPPS_EINVAL, "write options of size %u accepted", (unsigned)i);
    free(text);
    free(p);
  }
  la_rows_free(&snap.rows);
}

START_TEST(test_write_refused_value_per_member) {
  check_spoilt_write_options(0);
}
END_TEST

START_TEST(test_write_event_refused_value_per_member) {
  check_spoilt_write_options(1);
}
END_TEST

static const int memory_field[] = {LISTAPPS_FIELD_MEMORY};

/* listapps_write_event's options at every older size: the format, the flags and the extra
 * columns count only once the size reaches them. */
START_TEST(test_write_event_options_every_older_size) {
  listapps_write_options real = LISTAPPS_WRITE_OPTIONS_INIT;
  listapps_event event = {sizeof(listapps_event), LISTAPPS_EVENT_OPENED, 1795883764123LL, NULL, 1};
  listapps_snapshot snap;
  size_t sizes[MAX_SIZES];
  size_t n = older_sizes(&layouts[1], sizes);
  size_t i;

  sample_rows(&snap);
  event.snapshot = &snap;
  real.format = LISTAPPS_FORMAT_CSV;
  real.flags = LISTAPPS_WRITE_NO_HEADER; /* taken, and without effect on an event */
  real.fields = memory_field;
  real.field_count = 1;
  for (i = 0; i < n; i++) {
    size_t s = sizes[i];
    unsigned char *p = caller_block(&real, sizeof real, s);
    listapps_write_options meant = write_options_of(&real, s);
    int rc;
    char *got = write_event_text(&event, p, 1, &rc);
    char *want;

    ck_assert_msg(rc == LISTAPPS_OK, "event options of size %u refused: %d", (unsigned)s, rc);
    want = write_event_text(&event, &meant, 1, &rc);
    ck_assert_int_eq(rc, LISTAPPS_OK);
    ck_assert_msg(strcmp(got, want) == 0, "size %u wrote\n%s\nnot\n%s", (unsigned)s, got, want);
    if (s <= offsetof(listapps_write_options, format))
      ck_assert_str_eq(got, "16:36:04.123  opened   Viewer  7  \n");
    else if (s <= offsetof(listapps_write_options, field_count))
      ck_assert_str_eq(got,
                       "Time,Event,PID,StartTime,Name,Title,Image,Path\r\n"
                       "2026-11-28T16:36:04.123Z,opened,7,,Viewer,,,\r\n");
    else
      ck_assert_str_eq(got,
                       "Time,Event,PID,StartTime,Name,Title,Image,Path,Memory\r\n"
                       "2026-11-28T16:36:04.123Z,opened,7,,Viewer,,,,0\r\n");
    free(want);
    free(got);
    free(p);
  }
  la_rows_free(&snap.rows);
}
END_TEST

/* The event itself, as listapps_write_event reads it, at every older size: an event too short
 * to name its snapshot is refused (the default snapshot is NULL); from the snapshot on it is
 * taken, the members past its size at their defaults (zero: the header gives no *_INIT). */
START_TEST(test_write_event_every_older_event_size) {
  listapps_write_options csv = LISTAPPS_WRITE_OPTIONS_INIT;
  listapps_event real = {sizeof(listapps_event), LISTAPPS_EVENT_OPENED, 1795883764123LL, NULL, 1};
  listapps_snapshot snap;
  size_t sizes[MAX_SIZES];
  size_t n = older_sizes(&layouts[4], sizes);
  size_t i;

  sample_rows(&snap);
  real.snapshot = &snap;
  csv.format = LISTAPPS_FORMAT_CSV;
  for (i = 0; i < n; i++) {
    size_t s = sizes[i];
    unsigned char *p = caller_block(&real, sizeof real, s);
    int rc;
    char *got = write_event_text(p, &csv, 0, &rc);

    if (s <= offsetof(listapps_event, snapshot)) {
      ck_assert_msg(rc == LISTAPPS_EINVAL, "an event of size %u (no snapshot) taken: %d",
                    (unsigned)s, rc);
    } else if (s <= offsetof(listapps_event, row)) {
      /* Row 0 by default. */
      ck_assert_msg(rc == LISTAPPS_OK, "an event of size %u (row at its default 0) refused: %d",
                    (unsigned)s, rc);
      ck_assert_str_eq(got,
                       "2026-11-28T16:36:04.123Z,opened,42,2026-11-28T16:36:04.123Z,"
                       "Editor,,,\r\n");
    } else {
      ck_assert_msg(rc == LISTAPPS_OK, "an event of size %u refused: %d", (unsigned)s, rc);
      ck_assert_str_eq(got, "2026-11-28T16:36:04.123Z,opened,7,,Viewer,,,\r\n");
    }
    free(got);
    free(p);
  }
  la_rows_free(&snap.rows);
}
END_TEST

/* A newer header's event: taken with a zero tail, refused with a non-zero one; an out-of-range
 * row is refused exactly when the size holds it; a size too small for its size member is
 * refused. */
START_TEST(test_write_event_newer_and_spoilt_event) {
  listapps_write_options csv = LISTAPPS_WRITE_OPTIONS_INIT;
  listapps_event real = {sizeof(listapps_event), LISTAPPS_EVENT_OPENED, 1795883764123LL, NULL, 1};
  listapps_snapshot snap;
  size_t s = sizeof real + TAIL;
  unsigned char *p;
  size_t i;
  int rc;
  char *text;

  sample_rows(&snap);
  real.snapshot = &snap;
  csv.format = LISTAPPS_FORMAT_CSV;
  for (i = sizeof real; i < s; i++) {
    p = caller_block(&real, sizeof real, s);
    text = write_event_text(p, &csv, 0, &rc);
    ck_assert_msg(rc == LISTAPPS_OK, "an event with a zero tail refused: %d", rc);
    ck_assert_str_eq(text, "2026-11-28T16:36:04.123Z,opened,7,,Viewer,,,\r\n");
    free(text);
    p[i] = 0x80;
    text = write_event_text(p, &csv, 0, &rc);
    ck_assert_msg(rc == LISTAPPS_EINVAL, "an event with non-zero tail byte %u taken",
                  (unsigned)(i - sizeof real));
    free(text);
    free(p);
  }
  /* Row 2 of 2 rows: refused once the size holds it. */
  real.row = 2;
  p = caller_block(&real, sizeof real, sizeof real);
  text = write_event_text(p, &csv, 0, &rc);
  ck_assert_int_eq(rc, LISTAPPS_EINVAL);
  free(text);
  free(p);
  p = caller_block(&real, sizeof real, offsetof(listapps_event, row));
  text = write_event_text(p, &csv, 0, &rc);
  ck_assert_msg(rc == LISTAPPS_OK, "an event whose size stops before its row refused: %d", rc);
  free(text);
  free(p);
  for (i = 0; i < sizeof(size_t); i++) {
    p = caller_block(&real, sizeof real, i);
    text = write_event_text(p, &csv, 0, &rc);
    ck_assert_msg(rc == LISTAPPS_EINVAL, "an event of size %u taken", (unsigned)i);
    free(text);
    free(p);
  }
  la_rows_free(&snap.rows);
}
END_TEST

/* ---- The version ---------------------------------------------------------------------------- */

START_TEST(test_version_number) {
  unsigned v = listapps_version_number();
  char text[32];

  ck_assert_uint_eq(v, LISTAPPS_VERSION_HEX);
  ck_assert_uint_eq(LISTAPPS_VERSION_HEX, ((unsigned)LISTAPPS_VERSION_MAJOR << 16) |
                                              ((unsigned)LISTAPPS_VERSION_MINOR << 8) |
                                              (unsigned)LISTAPPS_VERSION_PATCH);
  snprintf(text, sizeof text, "%u.%u.%u", v >> 16, (v >> 8) & 0xFFu, v & 0xFFu);
  ck_assert_str_eq(text, listapps_version());
  ck_assert_str_eq(text, LISTAPPS_VERSION_STRING);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("abi");
  TCase *sized = tcase_create("sized");
  TCase *error = tcase_create("error_info");
  TCase *write = tcase_create("write");
  TCase *event = tcase_create("event");
  TCase *version = tcase_create("version");

  tcase_add_test(sized, test_read_sized_every_older_size);
  tcase_add_test(sized, test_read_sized_newer_and_too_small);
  tcase_add_test(error, test_write_sized_error_info);
  tcase_add_test(error, test_error_export_every_size);
  tcase_add_test(error, test_error_export_long_name);
  tcase_add_test(error, test_error_message_every_size);
  tcase_add_test(write, test_write_refused_value_per_member);
  tcase_add_test(write, test_write_every_older_size);
  tcase_add_test(event, test_write_event_refused_value_per_member);
  tcase_add_test(event, test_write_event_options_every_older_size);
  tcase_add_test(event, test_write_event_every_older_event_size);
  tcase_add_test(event, test_write_event_newer_and_spoilt_event);
  tcase_add_test(version, test_version_number);
  suite_add_tcase(s, sized);
  suite_add_tcase(s, error);
  suite_add_tcase(s, write);
  suite_add_tcase(s, event);
  suite_add_tcase(s, version);
  return s;
}
