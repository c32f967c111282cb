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
  unsigned long pid; /* the process it makes an App (for a UWP frame, the app behind it) */
  char *title;       /* UTF-8, never empty */
  char *class_name;  /* UTF-8; NULL when it could not be read */
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

/* What la_probe_process may read of a process, through one handle. */
#define LA_PROBE_PATH 0x1u     /* the full image path */
#define LA_PROBE_TIMES 0x2u    /* the creation time */
#define LA_PROBE_CRITICAL 0x4u /* IsProcessCritical */
#define LA_PROBE_PACKAGE 0x8u  /* a packaged app's display name */

typedef struct la_probe {
  wchar_t *path16;      /* UTF-16 full image path, malloc'd; NULL when unknown */
  uint64_t create_time; /* 100 ns units since 1601; 0 when unknown */
  int is_critical;
  char *package_name; /* UTF-8 display name of the process's package; NULL when none */
} la_probe;

/* A function looked up by name, to be cast to its real type before the call. */
typedef void (*la_proc_fn)(void);

/* Functions that not every Windows (nor Wine) exports, resolved once per listing. */
typedef struct la_system_api {
  la_proc_fn is_process_critical;           /* IsProcessCritical, Windows 8.1 */
  la_proc_fn get_package_full_name;         /* GetPackageFullName, Windows 8 */
  la_proc_fn get_package_path_by_full_name; /* GetPackagePathByFullName, Windows 8.1 */
} la_system_api;

void la_system_api_load(la_system_api *api);

/* Opens the process once (PROCESS_QUERY_LIMITED_INFORMATION) and reads what `what` asks. A
 * process that denies access or is gone leaves the fields unknown: not an error. Returns 0 or
 * LISTAPPS_ENOMEM; free the result with la_probe_free. */
int la_probe_process(unsigned long pid, unsigned what, const la_system_api *api, la_probe *out);
void la_probe_free(la_probe *p);

/* A packaged app's display name, given its process (a HANDLE) and the API above: the manifest's
 * DisplayName, resolved through SHLoadIndirectString when it is a resource reference. *name is
 * UTF-8, malloc'd, or NULL when the process has no package or the name cannot be read. Returns
 * 0 or LISTAPPS_ENOMEM. */
int la_read_package_name(void *process, const la_system_api *api, char **name);

/* The Windows system directory as UTF-8 (malloc'd), or NULL when memory runs out. */
char *la_system_directory(void);

/* The services running in processes, for naming service hosts. */
typedef struct la_service {
  unsigned long pid;
  char *display_name; /* UTF-8 */
} la_service;

typedef struct la_service_list {
  la_service *items; /* sorted by PID, then display name */
  size_t count;
} la_service_list;

/* Lists the running Win32 services and the process each runs in. When the service manager
 * cannot be asked, the list is empty: service hosts then keep their usual name. Returns 0 or
 * LISTAPPS_ENOMEM. */
int la_collect_services(la_service_list *out);
void la_service_list_free(la_service_list *list);

/* Reads the raw FileDescription of an executable, choosing the version block by
 * la_description_candidates / la_choose_description. *description is UTF-8 and malloc'd, or
 * NULL when the file has none or cannot be read. Returns 0 or LISTAPPS_ENOMEM. */
int la_read_description(const wchar_t *path, char **description);

/* Maps a Win32 error code, read by the caller right after the failing call named by call, to a
 * listapps error: ERROR_NOT_ENOUGH_MEMORY and ERROR_OUTOFMEMORY to LISTAPPS_ENOMEM, anything else
 * to fallback. call is kept for diagnostics (LISTAPPS_DEBUG builds print it). */
int la_map_win32_error(unsigned long code, const char *call, int fallback);

#endif
