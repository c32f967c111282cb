/*
 * fuzz_list.h - a listapps_list made from fuzzer bytes, for the writers' harnesses.
 *
 * Up to FUZZ_MAX_ROWS rows. Strings come from the front of the input, cut at each NUL (a C
 * string cannot hold one), so the fuzzer puts arbitrary bytes in them: invalid UTF-8, control
 * characters, quotes, bidi overrides. Numbers, categories, flags and which strings are NULL
 * come from the back, full width, so the writers see 0 and ULONG_MAX as well as ordinary PIDs.
 *
 * A row either has its windows and member PIDs (arrays as long as window_count and
 * process_count say, up to FUZZ_MAX_WINDOWS and FUZZ_MAX_MEMBERS) or has none (NULL arrays,
 * any counts), as a row other than an App has.
 */
#ifndef LISTAPPS_FUZZ_LIST_H
#define LISTAPPS_FUZZ_LIST_H

#include <stdlib.h>

#include "fuzz_common.h"
#include "listapps.h"

#define FUZZ_MAX_ROWS 5
#define FUZZ_MAX_WINDOWS 3
#define FUZZ_MAX_MEMBERS 4

/* Bits of a row's first byte: which string fields are NULL (name only when both its bits are
 * set: the library never hands out a NULL name, but the writer must cope with one), and
 * whether the row has windows and member PIDs. */
enum {
  FUZZ_NULL_NAME = 0x03,
  FUZZ_NULL_TITLE = 0x04,
  FUZZ_NULL_IMAGE = 0x08,
  FUZZ_NULL_PATH = 0x10,
  FUZZ_NULL_DESCRIPTION = 0x20,
  FUZZ_HAS_ARRAYS = 0x40,
  FUZZ_NULL_CLASS = 0x80
};

static inline void fuzz_free_list(listapps_list *list) {
  size_t i;
  size_t k;

  for (i = 0; i < list->count; i++) {
    listapps_app *a = &list->apps[i];
    free(a->name);
    free(a->title);
    free(a->image);
    free(a->path);
    free(a->description);
    for (k = 0; a->windows != NULL && k < a->window_count; k++) {
      free(a->windows[k].title);
      free(a->windows[k].class_name);
    }
    free(a->windows);
    free(a->member_pids);
  }
  free(list->apps);
  list->apps = NULL;
  list->count = 0;
  list->flags = 0;
}

static inline char *fuzz_take_field(fuzz_input *in, unsigned nulls, unsigned bits, int *oom) {
  char *s;

  if ((nulls & bits) == bits) return NULL;
  s = fuzz_take_cstring(in, NULL);
  if (s == NULL) *oom = 1;
  return s;
}

/* A row's windows and member PIDs; returns -1 when memory runs out. */
static inline int fuzz_take_arrays(fuzz_input *in, listapps_app *a, unsigned nulls) {
  size_t k;

  a->window_count = fuzz_take_below(in, FUZZ_MAX_WINDOWS + 1);
  a->process_count = fuzz_take_below(in, FUZZ_MAX_MEMBERS + 1);
  a->windows = calloc(a->window_count > 0 ? a->window_count : 1, sizeof *a->windows);
  a->member_pids = calloc(a->process_count > 0 ? a->process_count : 1, sizeof *a->member_pids);
  if (a->windows == NULL || a->member_pids == NULL) {
    a->window_count = 0;
    return -1;
  }
  for (k = 0; k < a->window_count; k++) {
    listapps_window *w = &a->windows[k];
    unsigned class_null = fuzz_take_bool(in) ? FUZZ_NULL_CLASS : 0;
    int oom = 0;

    w->hwnd = (unsigned long long)fuzz_take_uint(in, sizeof w->hwnd);
    w->title = fuzz_take_field(in, 0, FUZZ_NULL_TITLE, &oom);
    w->class_name = fuzz_take_field(in, class_null & nulls, FUZZ_NULL_CLASS, &oom);
    if (oom) return -1;
  }
  for (k = 0; k < a->process_count; k++)
    a->member_pids[k] = (unsigned long)fuzz_take_uint(in, sizeof a->member_pids[k]);
  return 0;
}

/* Fills *list from the input; returns 0, or -1 (with *list empty) when memory runs out. */
static inline int fuzz_build_list(fuzz_input *in, listapps_list *list) {
  size_t rows = fuzz_take_below(in, FUZZ_MAX_ROWS + 1);
  int oom = 0;
  size_t i;

  list->apps = NULL;
  list->count = 0;
  list->flags = fuzz_take_bool(in) ? LISTAPPS_LIST_ALL : LISTAPPS_LIST_DEFAULT;
  if (rows == 0) return 0;
  list->apps = calloc(rows, sizeof *list->apps);
  if (list->apps == NULL) return -1;
  list->count = rows;
  for (i = 0; i < rows && !oom; i++) {
    listapps_app *a = &list->apps[i];
    unsigned nulls = fuzz_take_u8(in);
    uint8_t category = fuzz_take_u8(in);

    /* Mostly the three known categories, sometimes any int the byte gives (an unknown one is
     * written as ""). */
    a->category = category < 0xC0 ? category % 3 : (int)(int8_t)category;
    a->pid = (unsigned long)fuzz_take_uint(in, sizeof a->pid);
    a->has_parent_pid = fuzz_take_bool(in);
    a->parent_pid = (unsigned long)fuzz_take_uint(in, sizeof a->parent_pid);
    /* Often the row's own PID (an App) or another row's (a member of its group). */
    switch (fuzz_take_u8(in) & 3) {
      case 0:
        a->app_pid = a->pid;
        break;
      case 1:
        a->app_pid = i > 0 ? list->apps[fuzz_take_below(in, i)].pid : 0;
        break;
      default:
        a->app_pid = (unsigned long)fuzz_take_uint(in, sizeof a->app_pid);
        break;
    }
    a->name = fuzz_take_field(in, nulls, FUZZ_NULL_NAME, &oom);
    a->title = fuzz_take_field(in, nulls, FUZZ_NULL_TITLE, &oom);
    a->image = fuzz_take_field(in, nulls, FUZZ_NULL_IMAGE, &oom);
    a->path = fuzz_take_field(in, nulls, FUZZ_NULL_PATH, &oom);
    a->description = fuzz_take_field(in, nulls, FUZZ_NULL_DESCRIPTION, &oom);
    if (nulls & FUZZ_HAS_ARRAYS) {
      if (fuzz_take_arrays(in, a, nulls) != 0) oom = 1;
    } else {
      a->window_count = (size_t)fuzz_take_uint(in, sizeof a->window_count);
      a->process_count = (size_t)fuzz_take_uint(in, sizeof a->process_count);
    }
  }
  if (oom) {
    fuzz_free_list(list);
    return -1;
  }
  return 0;
}

/* The window handle as the writers show it: "0x" and upper-case hexadecimal digits. */
static inline void fuzz_hwnd_text(unsigned long long hwnd, char out[24]) {
  snprintf(out, 24, "0x%llX", hwnd);
}

#endif
