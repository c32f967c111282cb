/*
 * The processes a watch holds open between its looks. While a handle to a process is open its
 * PID cannot name another process, even after it exits, so what a look read of it stays true:
 * the next look copies it instead of opening the process again. A wait on each handle says
 * when the process exits; the next look then lets it go and, should its PID come back, opens
 * the new process afresh.
 * https://learn.microsoft.com/windows/win32/api/processthreadsapi/nf-processthreadsapi-getprocessid
 * ("Until a process terminates, its process identifier uniquely identifies it"; the object,
 * and so the ID, lives on while a handle is open:
 * https://learn.microsoft.com/windows/win32/procthread/terminating-a-process)
 */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "core/pid_map.h"
#include "core/text.h"
#include "win/facts.h"
#include "win/watch_memory.h"

typedef struct held {
  la_held_processes *owner;
  unsigned long pid;
  HANDLE process;
  HANDLE wait;          /* the RegisterWaitForSingleObject handle; NULL when none */
  volatile LONG exited; /* set by the wait's callback */
  unsigned what;        /* the LA_PROBE_* bits read so far */
  la_process_facts facts;
  wchar_t *path16;         /* NULL when the path was not read */
  int asked;               /* asked for since the last sweep */
  unsigned details_read;   /* the LA_LIFELONG_DETAILS read so far */
  la_process_info details; /* their values (the detail fields only) */
} held;

struct la_held_processes {
  held **items; /* each its own allocation: a wait's callback holds a pointer to it */
  size_t count;
  size_t cap;
  la_pid_map index; /* PID to an index in items */
  void (*on_exit)(void *context);
  void *context;
};

static void CALLBACK on_process_exit(PVOID context, BOOLEAN timed_out) {
  held *entry = context;

  (void)timed_out;
  InterlockedExchange(&entry->exited, 1);
  entry->owner->on_exit(entry->owner->context);
}

static void release(held *entry) {
  /* INVALID_HANDLE_VALUE: wait for a running callback to finish before the memory goes. */
  if (entry->wait != NULL) UnregisterWaitEx(entry->wait, INVALID_HANDLE_VALUE);
  CloseHandle(entry->process);
  free(entry->facts.path);
  free(entry->facts.package_name);
  free(entry->path16);
  free(entry->details.command_line);
  free(entry->details.user);
  free(entry);
}

la_held_processes *la_held_processes_new(void (*on_exit)(void *context), void *context) {
  la_held_processes *h = calloc(1, sizeof *h);

  if (h == NULL) return NULL;
  h->on_exit = on_exit;
  h->context = context;
  return h;
}

void la_held_processes_free(la_held_processes *h) {
  size_t i;

  if (h == NULL) return;
  for (i = 0; i < h->count; i++) release(h->items[i]);
  free(h->items);
  la_pid_map_free(&h->index);
  free(h);
}

size_t la_held_processes_count(const la_held_processes *h) {
  return h->count;
}

int la_held_processes_has(const la_held_processes *h, unsigned long pid) {
  size_t ignored;

  return la_pid_map_get(&h->index, pid, &ignored);
}

/* Rebuilds the index after items moved. Returns 0 or LISTAPPS_ENOMEM. */
static int reindex(la_held_processes *h) {
  la_pid_map index = {0};
  size_t i;

  for (i = 0; i < h->count; i++) {
    if (la_pid_map_put(&index, h->items[i]->pid, i) != 0) {
      la_pid_map_free(&index);
      return LISTAPPS_ENOMEM;
    }
  }
  la_pid_map_free(&h->index);
  h->index = index;
  return 0;
}

/* Without memory for a new index every process is let go of: the next look opens each afresh,
 * which is only slower. */
static void forget_all(la_held_processes *h) {
  while (h->count > 0) release(h->items[--h->count]);
  la_pid_map_free(&h->index);
}

/* Lets go of items[i] (the last item takes its place). */
static void drop(la_held_processes *h, size_t i) {
  release(h->items[i]);
  h->items[i] = h->items[--h->count];
  if (reindex(h) != 0) forget_all(h);
}

/* The entry of a running process held as pid, or NULL. An exited one is let go of, so that its
 * PID is looked at afresh, as without a watch. */
static held *live_entry(la_held_processes *h, unsigned long pid) {
  size_t i;

  if (!la_pid_map_get(&h->index, pid, &i)) return NULL;
  if (!h->items[i]->exited) return h->items[i];
  drop(h, i);
  return NULL;
}

/* Copies what was asked of an entry into p. Returns 0 or LISTAPPS_ENOMEM. */
static int copy_out(const held *entry, la_process_facts *p, unsigned what, wchar_t **path16) {
  p->open_state = entry->facts.open_state;
  if (what & LA_PROBE_TIMES) p->create_time = entry->facts.create_time;
  if (what & LA_PROBE_CRITICAL) p->is_critical = entry->facts.is_critical;
  if ((what & LA_PROBE_PATH) && entry->facts.path != NULL) {
    size_t count = wcslen(entry->path16) + 1;
    if ((p->path = la_strdup(entry->facts.path)) == NULL) return LISTAPPS_ENOMEM;
    if ((*path16 = malloc(count * sizeof **path16)) == NULL) return LISTAPPS_ENOMEM;
    memcpy(*path16, entry->path16, count * sizeof **path16);
  }
  if ((what & LA_PROBE_PACKAGE) && entry->facts.package_name != NULL &&
      (p->package_name = la_strdup(entry->facts.package_name)) == NULL)
    return LISTAPPS_ENOMEM;
  return 0;
}

/* Reads through the entry's handle everything asked so far and now: a process read for its
 * start time only, as the parent of an App, may later be an App itself. */
static int read_more(held *entry, unsigned what, const la_system_api *api, la_error *e) {
  la_process_facts fresh;
  wchar_t *path16 = NULL;
  int err;

  memset(&fresh, 0, sizeof fresh);
  fresh.pid = entry->pid;
  err = la_probe_through(entry->process, &fresh, entry->what | what, api, &path16, e);
  if (err != 0) {
    /* What was read before memory ran out. */
    free(fresh.path);
    free(fresh.package_name);
    return err;
  }
  free(entry->facts.path);
  free(entry->facts.package_name);
  free(entry->path16);
  entry->facts = fresh;
  entry->path16 = path16;
  entry->what |= what;
  return 0;
}

/* Opens pid to be held. NULL, with p->open_state set, when it cannot be: gone, or denied. */
static HANDLE open_to_hold(la_process_facts *p) {
  HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, FALSE, p->pid);

  if (process == NULL) p->open_state = la_open_failure_state(GetLastError());
  return process;
}

/* Adds an entry for a process just opened, and its wait. Returns the entry, or NULL when memory
 * runs out (the handle is closed then). */
static held *hold(la_held_processes *h, unsigned long pid, HANDLE process) {
  held *entry = calloc(1, sizeof *entry);

  if (entry == NULL) {
    CloseHandle(process);
    return NULL;
  }
  entry->owner = h;
  entry->pid = pid;
  entry->process = process;
  if (h->count == h->cap) {
    size_t cap = h->cap == 0 ? 32 : h->cap * 2;
    held **items = realloc(h->items, cap * sizeof *items);
    if (items == NULL) goto fail;
    h->items = items;
    h->cap = cap;
  }
  if (la_pid_map_put(&h->index, pid, h->count) != 0) goto fail;
  h->items[h->count++] = entry;
  /* A process that cannot be waited on is still let go of when the snapshot no longer has
   * it, and the periodic look sees its windows go. */
  if (!RegisterWaitForSingleObject(&entry->wait, process, on_process_exit, entry, INFINITE,
                                   WT_EXECUTEONLYONCE))
    entry->wait = NULL;
  return entry;

fail:
  CloseHandle(process);
  free(entry);
  return NULL;
}

int la_held_probe(la_held_processes *h, la_process_facts *p, unsigned what,
                  const la_system_api *api, wchar_t **path16, int *opened, la_error *e) {
  held *entry = live_entry(h, p->pid);
  /* Whether it is frozen can change while it runs: read through the held handle every look. */
  unsigned frozen = what & LA_PROBE_FROZEN;
  int err = 0;

  what &= ~LA_PROBE_FROZEN;
  *path16 = NULL;
  *opened = 0;
  if (entry == NULL) {
    HANDLE process = open_to_hold(p);
    if (process == NULL) {
      /* Denied SYNCHRONIZE perhaps, not the query: read it as a plain listing does. */
      if (p->open_state != LISTAPPS_VALUE_DENIED) return 0;
      *opened = 1;
      return la_probe_process(p, what | frozen, api, path16, e);
    }
    *opened = 1;
    entry = hold(h, p->pid, process);
    if (entry == NULL) return la_fail_nomem(e);
    entry->facts.pid = p->pid;
    err = read_more(entry, what, api, e);
  } else if ((what & ~entry->what) != 0) {
    *opened = 1;
    err = read_more(entry, what, api, e);
  }
  if (err == 0) err = copy_out(entry, p, what, path16);
  if (err == 0 && frozen) {
    p->frozen_state = LISTAPPS_VALUE_NOT_GATHERED;
    if (p->package_name != NULL) la_read_frozen(entry->process, &p->frozen_state, &p->frozen);
  }
  if (err != 0) {
    free(*path16);
    *path16 = NULL;
    return la_fail_nomem(e);
  }
  entry->asked = 1;
  return 0;
}

void la_held_processes_sweep(la_held_processes *h) {
  size_t kept = 0;
  size_t i;

  for (i = 0; i < h->count; i++) {
    held *entry = h->items[i];
    /* An exited process's facts are still true, but its handle keeps a dead process object
     * alive and its PID from being used again. */
    if (!entry->asked || entry->exited || entry->facts.open_state != LISTAPPS_VALUE_PRESENT) {
      release(entry);
      continue;
    }
    entry->asked = 0;
    h->items[kept++] = entry;
  }
  h->count = kept;
  if (reindex(h) != 0) forget_all(h);
}

/* Copies the lifelong details needs asks for from an entry into info. Returns 0 or
 * LISTAPPS_ENOMEM. */
static int copy_details(const la_process_info *from, unsigned needs, la_process_info *to) {
  if (needs & LA_NEED_COMMAND_LINE) {
    to->command_line_state = from->command_line_state;
    if (from->command_line != NULL && (to->command_line = la_strdup(from->command_line)) == NULL)
      return LISTAPPS_ENOMEM;
  }
  if (needs & LA_NEED_ARCHITECTURE) {
    to->architecture_state = from->architecture_state;
    to->architecture = from->architecture;
  }
  if (needs & LA_NEED_ELEVATED) {
    to->elevated_state = from->elevated_state;
    to->elevated = from->elevated;
  }
  if (needs & LA_NEED_USER) {
    to->user_state = from->user_state;
    if (from->user != NULL && (to->user = la_strdup(from->user)) == NULL) return LISTAPPS_ENOMEM;
  }
  return 0;
}

/* The state of a lifelong detail, by its LA_NEED_* bit. */
static int detail_state(const la_process_info *info, unsigned bit) {
  switch (bit) {
    case LA_NEED_COMMAND_LINE:
      return info->command_line_state;
    case LA_NEED_ARCHITECTURE:
      return info->architecture_state;
    case LA_NEED_ELEVATED:
      return info->elevated_state;
    default:
      return info->user_state;
  }
}

int la_held_details(la_held_processes *h, unsigned long pid, unsigned needs, la_process_info *info,
                    int *remembered, la_error *e) {
  static const unsigned bits[] = {LA_NEED_COMMAND_LINE, LA_NEED_ARCHITECTURE, LA_NEED_ELEVATED,
                                  LA_NEED_USER};
  unsigned lifelong = needs & LA_LIFELONG_DETAILS;
  unsigned missing;
  held *entry;
  size_t i;
  int err;

  *remembered = 0;
  if (lifelong == 0 || (entry = live_entry(h, pid)) == NULL)
    return la_read_process_details(pid, needs, info, e);
  missing = lifelong & ~entry->details_read;
  if (missing != 0) {
    la_process_info fresh;
    memset(&fresh, 0, sizeof fresh);
    /* Opened by PID, which still names the held process. */
    err = la_read_process_details(pid, missing, &fresh, e);
    if (err == 0) {
      if (missing & LA_NEED_COMMAND_LINE) {
        free(entry->details.command_line);
        entry->details.command_line = NULL;
      }
      if (missing & LA_NEED_USER) {
        free(entry->details.user);
        entry->details.user = NULL;
      }
      err = copy_details(&fresh, missing, &entry->details);
    }
    free(fresh.command_line);
    free(fresh.user);
    if (err != 0) return err == LISTAPPS_ENOMEM ? la_fail_nomem(e) : err;
    /* A value kept is one that was had, or one the process will never give (denied, not
     * supported); one read as its process exited is asked for again. */
    for (i = 0; i < sizeof bits / sizeof bits[0]; i++)
      if ((missing & bits[i]) && detail_state(&entry->details, bits[i]) != LISTAPPS_VALUE_EXITED)
        entry->details_read |= bits[i];
  }
  *remembered = missing == 0;
  if (copy_details(&entry->details, lifelong, info) != 0) return la_fail_nomem(e);
  /* What may change while the process runs (its efficiency mode) is read every look. */
  if ((needs & ~LA_LIFELONG_DETAILS) != 0)
    return la_read_process_details(pid, needs & ~LA_LIFELONG_DETAILS, info, e);
  return 0;
}
