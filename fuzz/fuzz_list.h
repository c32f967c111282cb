/*
 * fuzz_list.h - a listapps_list made from fuzzer bytes, for the writers' harnesses.
 *
 * Up to FUZZ_MAX_ROWS rows. Strings come from the front of the input, cut at each NUL (a C
 * string cannot hold one), so the fuzzer puts arbitrary bytes in them: invalid UTF-8, control
 * characters, quotes, bidi overrides. Numbers, categories and which strings are NULL come from
 * the back, full width, so the writers see 0 and ULONG_MAX as well as ordinary PIDs.
 */
#ifndef LISTAPPS_FUZZ_LIST_H
#define LISTAPPS_FUZZ_LIST_H

#include <stdlib.h>

#include "fuzz_common.h"
#include "listapps.h"

#define FUZZ_MAX_ROWS 4

/* Which string fields a row leaves NULL (bits of one input byte). name is NULL only when two
 * bits agree, as the library never hands out a NULL name but the writer must cope with one. */
enum { FUZZ_NULL_NAME = 0x03, FUZZ_NULL_TITLE = 0x04, FUZZ_NULL_IMAGE = 0x08,
       FUZZ_NULL_PATH = 0x10, FUZZ_NULL_DESCRIPTION = 0x20 };

static inline void fuzz_free_list(listapps_list *list) {
  size_t i;

  for (i = 0; i < list->count; i++) {
    listapps_app *a = &list->apps[i];
    free(a->name);
    free(a->title);
    free(a->image);
    free(a->path);
    free(a->description);
  }
  free(list->apps);
  list->apps = NULL;
  list->count = 0;
}

static inline char *fuzz_take_field(fuzz_input *in, unsigned nulls, unsigned bits, int *oom) {
  char *s;

  if ((nulls & bits) == bits) return NULL;
  s = fuzz_take_cstring(in, NULL);
  if (s == NULL) *oom = 1;
  return s;
}

/* Fills *list from the input; returns 0, or -1 (with *list empty) when memory runs out. */
static inline int fuzz_build_list(fuzz_input *in, listapps_list *list) {
  size_t rows = fuzz_take_below(in, FUZZ_MAX_ROWS + 1);
  int oom = 0;
  size_t i;

  list->apps = NULL;
  list->count = 0;
  if (rows == 0) return 0;
  list->apps = calloc(rows, sizeof *list->apps);
  if (list->apps == NULL) return -1;
  list->count = rows;
  for (i = 0; i < rows; i++) {
    listapps_app *a = &list->apps[i];
    unsigned nulls = fuzz_take_u8(in);
    uint8_t category = fuzz_take_u8(in);

    /* Mostly the three known categories, sometimes any int the byte gives (an unknown one is
     * written as ""). */
    a->category = category < 0xC0 ? category % 3 : (int)(int8_t)category;
    a->pid = (unsigned long)fuzz_take_uint(in, sizeof a->pid);
    a->has_parent_pid = fuzz_take_bool(in);
    a->parent_pid = (unsigned long)fuzz_take_uint(in, sizeof a->parent_pid);
    a->app_pid = (unsigned long)fuzz_take_uint(in, sizeof a->app_pid);
    a->window_count = (size_t)fuzz_take_uint(in, sizeof a->window_count);
    a->process_count = (size_t)fuzz_take_uint(in, sizeof a->process_count);
    a->name = fuzz_take_field(in, nulls, FUZZ_NULL_NAME, &oom);
    a->title = fuzz_take_field(in, nulls, FUZZ_NULL_TITLE, &oom);
    a->image = fuzz_take_field(in, nulls, FUZZ_NULL_IMAGE, &oom);
    a->path = fuzz_take_field(in, nulls, FUZZ_NULL_PATH, &oom);
    a->description = fuzz_take_field(in, nulls, FUZZ_NULL_DESCRIPTION, &oom);
  }
  if (oom) {
    fuzz_free_list(list);
    return -1;
  }
  return 0;
}

#endif
