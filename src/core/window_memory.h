/*
 * A watch's memory of windows: the process and class of each top-level window seen, which a
 * window keeps for its life, so a later look reads only its style and title again. Pure C, no
 * Win32: a window handle is a number here.
 */
#ifndef LA_WINDOW_MEMORY_H
#define LA_WINDOW_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#include "core/pid_map.h"

typedef struct la_remembered_window {
  uintptr_t hwnd;
  unsigned long pid;
  char *class_name; /* UTF-8; NULL when the window had none */
  int seen;         /* got or put since the last sweep */
  /* What the last look that read the window made of it, when it qualified: the process it
   * makes an App, its title and whether it was hung. A look that reads again only the windows
   * events named (a partial look) takes the others from here. */
  int has_row;
  unsigned long app_pid;
  char *title; /* NULL when the look was private */
  int hung;
} la_remembered_window;

typedef struct la_window_memory {
  la_remembered_window *items;
  size_t count;
  size_t cap;
  la_pid_map index; /* the handle's low 32 bits to an index in items */
} la_window_memory;

/* NULL when memory runs out. */
la_window_memory *la_window_memory_new(void);
void la_window_memory_free(la_window_memory *m);
/* 1, with the window's process and class name (borrowed, NULL when it had none; valid until
 * the next put or sweep), when hwnd is remembered; else 0. */
int la_window_memory_get(la_window_memory *m, uintptr_t hwnd, unsigned long *pid,
                         const char **class_name);
/* Remembers a window's process and class name (copied; may be NULL), replacing what was
 * remembered of hwnd. Returns 0, or -1 when memory runs out (nothing remembered then). */
int la_window_memory_put(la_window_memory *m, uintptr_t hwnd, unsigned long pid,
                         const char *class_name);
/* Forgets each window that was neither got nor put since the last sweep. Returns 0, or -1 when
 * memory runs out (everything is forgotten then, which only costs reading it again). */
int la_window_memory_sweep(la_window_memory *m);
size_t la_window_memory_count(const la_window_memory *m);

/* Records that hwnd (remembered by get or put) qualified, with these facts (title copied; NULL
 * when titles are private).
 * Returns 0, or -1 when memory runs out or hwnd is not remembered (nothing recorded then). */
int la_window_memory_keep_row(la_window_memory *m, uintptr_t hwnd, unsigned long app_pid,
                              const char *title, int hung);
/* Forgets what a look made of hwnd: it is being read again. */
void la_window_memory_forget_row(la_window_memory *m, uintptr_t hwnd);
/* What the last look made of hwnd when it qualified (marked seen), or NULL. */
const la_remembered_window *la_window_memory_row(la_window_memory *m, uintptr_t hwnd);

#endif
