/*
 * fuzz_table - listapps_format's table over rows of arbitrary names, titles and windows (see
 * fuzz_list.h), for Apps lists and LISTAPPS_LIST_ALL lists, with LISTAPPS_FORMAT_NO_HEADER and
 * LISTAPPS_FORMAT_WINDOWS each on and off.
 *
 * Properties:
 *  - the text is valid UTF-8 and writes no control character raw: no C0 byte but '\n', no
 *    DEL, no C1 control (U+0080-U+009F), no bidi embedding, override, isolate or mark
 *    (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), no U+2028/U+2029;
 *  - it has one line per row plus the header's (and the windows' and sections' lines);
 *  - each row's line is exactly: the Name column padded to the widest, two spaces, the PID
 *    right-aligned to the widest PID, and when there is a title two spaces and its cell. A cell
 *    is the text with each invalid UTF-8 byte as U+FFFD and each code point above shown as
 *    \xHH (below U+0100) or \uHHHH; widths count an escape's characters and la_display_width
 *    for the rest. So the columns line up and nothing is cut.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "fuzz_list.h"
#include "listapps.h"
#include "output/text_escape.h"

/* What the table must never write raw. */
static int must_escape(uint32_t cp) {
  return (cp < 0x20 && cp != '\n') || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C || cp == 0x2028 || cp == 0x2029;
}

static void model_spaces(fuzz_text *m, size_t n) {
  while (n-- > 0) fuzz_text_add(m, " ", 1);
}

/* Appends the cell for s (to m when it is not NULL) and returns its width in columns. '\n' is
 * escaped in a cell too: a title must not start a line of its own. */
static size_t model_cell(fuzz_text *m, const char *s) {
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
      if (m != NULL) fuzz_text_add(m, esc, (size_t)k);
      width += (size_t)k;
    } else {
      uint8_t utf8[4];
      unsigned w = la_display_width(cp);
      FUZZ_CHECK(w <= 2, "la_display_width(U+%04X) = %u", (unsigned)cp, w);
      if (m != NULL) fuzz_text_add(m, utf8, fuzz_utf8_put(cp, utf8));
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

static int is_member(const listapps_app *a) {
  return a->category == LISTAPPS_CATEGORY_APP && a->app_pid != a->pid;
}

/* The Name column: a member of an App's group indented under it, an App of several processes
 * as "Name (N)". Appended to m when it is not NULL; returns its width. */
static size_t name_column(fuzz_text *m, const listapps_app *a) {
  size_t width = 0;
  char num[32];

  if (is_member(a)) {
    if (m != NULL) fuzz_text_add(m, "  ", 2);
    width += 2;
  }
  width += model_cell(m, a->name != NULL ? a->name : "");
  if (a->category == LISTAPPS_CATEGORY_APP && !is_member(a) && a->process_count > 1) {
    int k = snprintf(num, sizeof num, " (%zu)", a->process_count);
    if (m != NULL) fuzz_text_add(m, num, (size_t)k);
    width += (size_t)k;
  }
  return width;
}

typedef struct layout {
  size_t name_w;
  size_t pid_w;
  int header;
  int windows;
} layout;

static void model_header(fuzz_text *m, const layout *t) {
  fuzz_text_add(m, "Name", 4);
  model_spaces(m, t->name_w - 4 + 2 + t->pid_w - 3);
  fuzz_text_add(m, "PID  Title\n", 11);
}

static void model_row(fuzz_text *m, const layout *t, const listapps_app *a) {
  size_t w = name_column(m, a);
  char num[32];
  int k = snprintf(num, sizeof num, "%lu", a->pid);
  size_t i;

  model_spaces(m, t->name_w - w + 2 + t->pid_w - (size_t)k);
  fuzz_text_add(m, num, (size_t)k);
  if (a->title != NULL) {
    fuzz_text_add(m, "  ", 2);
    model_cell(m, a->title);
  }
  fuzz_text_add(m, "\n", 1);
  for (i = 0; t->windows && a->windows != NULL && i < a->window_count; i++) {
    const listapps_window *win = &a->windows[i];
    char hwnd[24];
    fuzz_hwnd_text(win->hwnd, hwnd);
    fuzz_text_add(m, "    ", 4);
    fuzz_text_add_str(m, hwnd);
    fuzz_text_add(m, "  ", 2);
    model_cell(m, win->title);
    if (win->class_name != NULL) {
      fuzz_text_add(m, "  [", 3);
      model_cell(m, win->class_name);
      fuzz_text_add(m, "]", 1);
    }
    fuzz_text_add(m, "\n", 1);
  }
}

/* The documented layout. A LISTAPPS_LIST_ALL list comes in three sections, "Apps (N)",
 * "Background processes (N)" and "Windows processes (N)", a blank line between them, each with
 * the header when N > 0; the columns are sized over all rows. */
static void build_model(fuzz_text *m, const listapps_list *list, unsigned flags) {
  static const char *const sections[] = {"Apps", "Background processes", "Windows processes"};
  layout t;
  size_t i;
  int s;

  t.header = (flags & LISTAPPS_FORMAT_NO_HEADER) == 0;
  t.windows = (flags & LISTAPPS_FORMAT_WINDOWS) != 0;
  t.name_w = t.header ? 4 : 0;
  t.pid_w = t.header ? 3 : 0;
  for (i = 0; i < list->count; i++) {
    size_t w = name_column(NULL, &list->apps[i]);
    if (w > t.name_w) t.name_w = w;
    if (digits(list->apps[i].pid) > t.pid_w) t.pid_w = digits(list->apps[i].pid);
  }
  if ((list->flags & LISTAPPS_LIST_ALL) == 0) {
    if (t.header) model_header(m, &t);
    for (i = 0; i < list->count; i++) model_row(m, &t, &list->apps[i]);
    return;
  }
  for (s = 0; s < 3; s++) {
    size_t n = 0;
    char title[64];
    /* Like Task Manager, "Apps (N)" counts the Apps, not the other processes of their groups. */
    for (i = 0; i < list->count; i++)
      n += list->apps[i].category == s && !is_member(&list->apps[i]);
    snprintf(title, sizeof title, "%s%s (%zu)\n", s > 0 ? "\n" : "", sections[s], n);
    fuzz_text_add_str(m, title);
    if (t.header && n > 0) model_header(m, &t);
    for (i = 0; i < list->count; i++)
      if (list->apps[i].category == s) model_row(m, &t, &list->apps[i]);
  }
}

/* Lines the table must have: a header and a line per row (plus, with LISTAPPS_FORMAT_WINDOWS,
 * a line per window); for a LISTAPPS_LIST_ALL list, per section a title, a header when it has
 * Apps (or other rows), and a blank line between sections. A row of no known category is in no
 * section. */
static size_t expected_lines(const listapps_list *list, unsigned flags) {
  int header = (flags & LISTAPPS_FORMAT_NO_HEADER) == 0;
  int sections = (list->flags & LISTAPPS_LIST_ALL) != 0;
  size_t per_category[3] = {0, 0, 0};
  size_t lines = 0;
  size_t i;
  int s;

  for (i = 0; i < list->count; i++) {
    const listapps_app *a = &list->apps[i];
    size_t n = 1;
    if ((flags & LISTAPPS_FORMAT_WINDOWS) && a->windows != NULL) n += a->window_count;
    if (!sections) {
      lines += n;
    } else if (a->category >= 0 && a->category < 3) {
      per_category[a->category] += !is_member(a);
      lines += n;
    }
  }
  if (!sections) return lines + (size_t)header;
  for (s = 0; s < 3; s++) lines += 1 + (s > 0) + (size_t)(header && per_category[s] > 0);
  return lines;
}

static void check_table(const listapps_list *list, unsigned flags) {
  fuzz_text m = {NULL, 0, 0, 0};
  char *text = NULL;
  size_t len = 0;
  size_t lines = 0;
  size_t want_lines = expected_lines(list, flags);
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
  FUZZ_CHECK(lines == want_lines, "flags %u, list flags %u: %zu lines, expected %zu", flags,
             list->flags, lines, want_lines);

  build_model(&m, list, flags);
  if (!m.oom && m.len > 0) {
    FUZZ_CHECK(m.len == len && memcmp(m.data, text, len) == 0,
               "flags %u, list flags %u: table differs from its documented layout:\n%s"
               "--- expected:\n%s",
               flags, list->flags, text, m.data);
  } else if (!m.oom) {
    FUZZ_CHECK(len == 0, "table should be empty:\n%s", text);
  }
  free(m.data);
  listapps_free_text(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in = {data, size};
  listapps_list list;
  unsigned flags;

  if (fuzz_build_list(&in, &list) != 0) return 0;
  for (flags = 0; flags < 4; flags++) /* NO_HEADER and WINDOWS, each on and off */
    check_table(&list, flags);
  fuzz_free_list(&list);
  return 0;
}
