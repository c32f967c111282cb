/*
 * What a watch remembers from one look to the next, so that a look reads again only what may
 * have changed (issue 12):
 * - each executable's version resource, read once for the whole watch (version_cache.c);
 * - each process a look opened, kept open with a wait on its exit (held_processes.c): while
 *   the handle is open the PID cannot name another process, so its path, start time and
 *   package are read once for its life, and its exit wakes the watch;
 * - each window's process and class, which a window keeps for its life
 *   (core/window_memory.c).
 * A listing without a watch passes no memory and reads everything, as before.
 */
#ifndef LA_WATCH_MEMORY_H
#define LA_WATCH_MEMORY_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "core/error.h"
#include "core/facts.h"
#include "core/field_registry.h"
#include "core/process_info.h"
#include "core/window_memory.h"

typedef struct la_version_cache la_version_cache;
typedef struct la_held_processes la_held_processes;

/* Any part may be NULL: that part is read afresh at every look. */
typedef struct la_watch_memory {
  la_version_cache *versions;
  la_held_processes *processes;
  la_window_memory *windows;
  /* A partial look (partial set, windows not NULL): only the windows named here, which window
   * events named, and those the memory holds no row for are read; the others are as the last
   * look saw them. */
  int partial;
  const uintptr_t *touched;
  size_t touched_count;
} la_watch_memory;

/* ---- Version resources (version_cache.c) ---- */

/* NULL when memory runs out. */
la_version_cache *la_version_cache_new(void);
void la_version_cache_free(la_version_cache *cache);
/* Copies into *out what was read of path (with CompanyName when with_company) and sets *found;
 * *found is 0 and *out untouched when it was not read yet. Returns 0 or LISTAPPS_ENOMEM. */
int la_version_cache_get(const la_version_cache *cache, const wchar_t *path, int with_company,
                         la_version_facts *out, int *found);
/* Keeps a copy of what was read of path. Returns 0 or LISTAPPS_ENOMEM. */
int la_version_cache_add(la_version_cache *cache, const wchar_t *path, int with_company,
                         const la_version_facts *facts);

/* ---- Processes held open (held_processes.c) ---- */

/* on_exit(context) is called on a thread-pool thread when a held process exits. NULL when
 * memory runs out. */
la_held_processes *la_held_processes_new(void (*on_exit)(void *context), void *context);
/* Lets go of every process (waits removed, handles closed). */
void la_held_processes_free(la_held_processes *h);
/* la_probe_process through the process's held handle: what an earlier look read of it is
 * copied, and only what no look read yet is asked of the system. A process seen for the first
 * time is opened, probed and held, with a wait on its exit; one that cannot be held (access
 * denied to SYNCHRONIZE) is probed as la_probe_process does, every time. *opened is set when
 * the process was opened now. Returns 0 or LISTAPPS_ENOMEM. */
struct la_system_api;
int la_held_probe(la_held_processes *h, la_process_facts *p, unsigned what,
                  const struct la_system_api *api, wchar_t **path16, int *opened, la_error *e);
/* Lets go of each process that no la_held_probe asked for since the last sweep, and of each
 * that has exited. */
void la_held_processes_sweep(la_held_processes *h);
/* The details a process keeps for its life (LA_NEED_* bits): its command line, architecture,
 * elevation and user. */
#define LA_LIFELONG_DETAILS \
  (LA_NEED_COMMAND_LINE | LA_NEED_ARCHITECTURE | LA_NEED_ELEVATED | LA_NEED_USER)
/* la_read_process_details for a held process: its lifelong details are read once, by the first
 * look that asks, and copied by later ones (*remembered set then); the rest (efficiency mode)
 * every time. A process not held is read as la_read_process_details does. Returns 0 or
 * LISTAPPS_ENOMEM. */
int la_held_details(la_held_processes *h, unsigned long pid, unsigned needs, la_process_info *info,
                    int *remembered, la_error *e);

/* How many processes are held, and whether pid is one of them. */
size_t la_held_processes_count(const la_held_processes *h);
int la_held_processes_has(const la_held_processes *h, unsigned long pid);

#endif
