/*
 * The imperative shell: Win32 calls that gather raw facts about windows, processes and
 * executables. Nothing here decides what an App is; app_rules.h does.
 */
#ifndef LA_WIN_FACTS_H
#define LA_WIN_FACTS_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "listapps.h"

/* A window that makes its process an App. */
typedef struct la_window {
  uintptr_t hwnd;
  unsigned long pid;
  char *title; /* UTF-8, never empty */
} la_window;

typedef struct la_window_list {
  la_window *items; /* in Z order, topmost first */
  size_t count;
  size_t cap;
} la_window_list;

/* Collects the qualifying top-level windows of the caller's desktop. Returns 0,
 * LISTAPPS_ENOMEM or LISTAPPS_EENUM; on failure *out is left empty. */
int la_collect_app_windows(la_window_list *out);
void la_window_list_free(la_window_list *list);

/* One process of the system snapshot. */
typedef struct la_process_entry {
  unsigned long pid;
  unsigned long parent_pid;
  char *exe_name; /* UTF-8 image file name as the snapshot records it */
} la_process_entry;

typedef struct la_process_table {
  la_process_entry *items;
  size_t count;
  void *index; /* la_pid_map of pid to item index */
} la_process_table;

/* Snapshots every process. Returns 0, LISTAPPS_ENOMEM or LISTAPPS_EENUM. */
int la_snapshot_processes(la_process_table *out);
/* The entry for pid, or NULL when the snapshot did not see it. */
const la_process_entry *la_process_table_find(const la_process_table *t, unsigned long pid);
void la_process_table_free(la_process_table *t);

/* Reads a process's full image path (UTF-16, malloc'd). Returns 0; 1 when the process denied
 * access or is gone (*path NULL, not an error); LISTAPPS_ENOMEM. */
int la_query_image_path(unsigned long pid, wchar_t **path);

/* Reads the raw FileDescription of an executable, choosing the version block by
 * la_description_candidates / la_choose_description. *description is UTF-8 and malloc'd, or
 * NULL when the file has none or cannot be read. Returns 0 or LISTAPPS_ENOMEM. */
int la_read_description(const wchar_t *path, char **description);

/* Maps a Win32 error code, read by the caller right after the failing call named by call, to a
 * listapps error: ERROR_NOT_ENOUGH_MEMORY and ERROR_OUTOFMEMORY to LISTAPPS_ENOMEM, anything else
 * to fallback. call is kept for diagnostics (LISTAPPS_DEBUG builds print it). */
int la_map_win32_error(unsigned long code, const char *call, int fallback);

#endif
