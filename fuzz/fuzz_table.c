/*
 * fuzz_table - listapps_format's table over rows of arbitrary names and titles (see
 * fuzz_list.h), with and without the header.
 *
 * Properties:
 *  - the text is valid UTF-8 and writes no control character raw: no C0 byte but '\n', no
 *    DEL, no C1 control (U+0080-U+009F), no bidi embedding, override, isolate or mark
 *    (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), no U+2028/U+2029;
 *  - it has one line per row plus the header's;
 *  - each line is exactly: the name's cell, padded to the widest name, two spaces, the PID
 *    right-aligned to the widest PID, two spaces, the title's cell. A cell is the text with
 *    invalid UTF-8 bytes as U+FFFD and each code point above shown as \xHH (below U+0100) or
 *    \uHHHH; widths count an escape's characters and la_display_width for the rest. So the
 *    columns line up and nothing is cut.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "fuzz_list.h"
#include "listapps.h"
#include "text_escape.h"

/* What the table must never write raw. */
static int must_escape(uint32_t cp) {
  return (cp < 0x20 && cp != '\n') || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C || cp == 0x2028 || cp == 0x2029;
}

/* A growable string for the model of the table. */
typedef struct model {
  char *data;
  size_t len;
  size_t cap;
  int oom;
} model;

static void model_add(model *m, const void *s, size_t n) {
  if (m->oom) return;
  if (m->len + n + 1 > m->cap) {
    size_t cap = m->cap < 256 ? 256 : m->cap;
    char *d;
    while (cap < m->len + n + 1) cap *= 2;
    d = realloc(m->data, cap);
    if (d == NULL) {
      m->oom = 1;
      return;
    }
    m->data = d;
    m->cap = cap;
  }
  memcpy(m->data + m->len, s, n);
  m->len += n;
  m->data[m->len] = '\0';
}

static void model_spaces(model *m, size_t n) {
  while (n-- > 0) model_add(m, " ", 1);
}

/* Appends the cell for s (to m when it is not NULL) and returns its width in columns. '\n' is
 * escaped in a cell too: a title must not start a line of its own. */
static size_t model_cell(model *m, const char *s) {
  const uint8_t *u = (const uint8_t *)s;
  size_t len = strlen(s);
  size_t width = 0;
  size_t i = 0;

  while (i < len) {
    uint32_t cp = 0xFFFD;
    size_t n = fuzz_utf8_strict(u + i, len - i, &cp);
    char esc[8];

    if (n == 0) {
      n = 1;
      cp = 0xFFFD;
    }
    if (must_escape(cp) || cp == '\n') {
      int k = snprintf(esc, sizeof esc, cp < 0x100 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
      if (m != NULL) model_add(m, esc, (size_t)k);
      width += (size_t)k;
    } else {
      uint8_t utf8[4];
      unsigned w = la_display_width(cp);
      FUZZ_CHECK(w <= 2, "la_display_width(U+%04X) = %u", (unsigned)cp, w);
      if (m != NULL) model_add(m, utf8, fuzz_utf8_put(cp, utf8));
      width += w;
    }
    i += n;
  }
  return width;
}

static size_t digits(unsigned long v) {
  size_t n = 1;
  while (v >= 10) {
    v /= 10;
    n++;
  }
  return n;
}

static void build_model(model *m, const listapps_list *list, int header) {
  size_t name_w = header ? 4 : 0;
  size_t pid_w = header ? 3 : 0;
  size_t i;
  char num[32];

  for (i = 0; i < list->count; i++) {
    const listapps_app *a = &list->apps[i];
    size_t w = model_cell(NULL, a->name != NULL ? a->name : "");
    if (w > name_w) name_w = w;
    if (digits(a->pid) > pid_w) pid_w = digits(a->pid);
  }
  if (header) {
    model_add(m, "Name", 4);
    model_spaces(m, name_w - 4 + 2 + pid_w - 3);
    model_add(m, "PID  Title\n", 11);
  }
  for (i = 0; i < list->count; i++) {
    const listapps_app *a = &list->apps[i];
    size_t w = model_cell(m, a->name != NULL ? a->name : "");
    int k = snprintf(num, sizeof num, "%lu", a->pid);
    model_spaces(m, name_w - w + 2 + pid_w - (size_t)k);
    model_add(m, num, (size_t)k);
    model_add(m, "  ", 2);
    model_cell(m, a->title != NULL ? a->title : "");
    model_add(m, "\n", 1);
  }
}

static void check_table(const listapps_list *list, unsigned flags) {
  int header = (flags & LISTAPPS_FORMAT_NO_HEADER) == 0;
  model m = {NULL, 0, 0, 0};
  char *text = NULL;
  size_t len = 0;
  size_t lines = 0;
  size_t i = 0;
  int rc = listapps_format(list, LISTAPPS_FORMAT_TABLE, flags, &text, &len);

  if (rc == LISTAPPS_ENOMEM) return;
  FUZZ_CHECK(rc == LISTAPPS_OK && text != NULL, "flags %u: %s", flags, listapps_strerror(rc));
  FUZZ_CHECK(strlen(text) == len, "strlen %zu, out_len %zu", strlen(text), len);
  FUZZ_CHECK(fuzz_utf8_valid(text, len), "table is not valid UTF-8");
  while (i < len) {
    uint32_t cp = 0;
    size_t n = fuzz_utf8_strict((const uint8_t *)text + i, len - i, &cp);
    FUZZ_CHECK(!must_escape(cp), "raw U+%04X at byte %zu", (unsigned)cp, i);
    if (cp == '\n') lines++;
    i += n;
  }
  FUZZ_CHECK(len == 0 || text[len - 1] == '\n', "last line not ended");
  FUZZ_CHECK(lines == list->count + (size_t)header, "%zu lines for %zu rows%s", lines,
             list->count, header ? " and a header" : "");

  build_model(&m, list, header);
  if (!m.oom) {
    FUZZ_CHECK(m.len == len && memcmp(m.data, text, len) == 0,
               "table differs from its documented layout:\n%s--- expected:\n%s", text, m.data);
  }
  free(m.data);
  listapps_free_text(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in = {data, size};
  listapps_list list;

  if (fuzz_build_list(&in, &list) != 0) return 0;
  check_table(&list, 0);
  check_table(&list, LISTAPPS_FORMAT_NO_HEADER);
  fuzz_free_list(&list);
  return 0;
}
