/*
 * la_gather: the order in which one listing reads the system, and how little it reads. The
 * windows first; the process snapshot after them, so every process that owned a window when it
 * was seen and still runs is in it; each process opened once, for only what the rules need;
 * each distinct executable's version resource read once.
 */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "core/assemble.h"
#include "core/field_registry.h"
#include "core/process_category.h"
#include "core/text.h"
#include "win/facts.h"
#include "win/sessions.h"
#include "win/watch_memory.h"

/* The process that owns the shell's desktop window: the shell, which takes nobody into its
 * group. 0 when there is no shell window, as under Wine.
 * https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-getshellwindow */
static unsigned long shell_process_id(void) {
  HWND shell = GetShellWindow();
  DWORD pid = 0;

  if (shell == NULL || GetWindowThreadProcessId(shell, &pid) == 0) return 0;
  return pid;
}

/* Appends the Apps whose process was gone by the snapshot: their windows were seen, so they
 * keep their rows with what is left to read. */
static int add_missing_apps(la_facts *f, const la_app_group *apps, size_t app_count) {
  size_t missing = 0;
  size_t i;
  la_pid_map in_snapshot = {0};
  la_process_facts *grown;
  int err = 0;

  for (i = 0; i < f->proc_count && err == 0; i++)
    if (la_pid_map_put(&in_snapshot, f->procs[i].pid, i) != 0) err = LISTAPPS_ENOMEM;
  for (i = 0; i < app_count && err == 0; i++) {
    size_t ignored;
    if (!la_pid_map_get(&in_snapshot, apps[i].pid, &ignored)) missing++;
  }
  if (err == 0 && missing > 0) {
    grown = realloc(f->procs, (f->proc_count + missing) * sizeof *grown);
    if (grown == NULL) {
      err = LISTAPPS_ENOMEM;
    } else {
      f->procs = grown;
      for (i = 0; i < app_count; i++) {
        size_t ignored;
        la_process_facts *p;
        if (la_pid_map_get(&in_snapshot, apps[i].pid, &ignored)) continue;
        p = &f->procs[f->proc_count++];
        memset(p, 0, sizeof *p);
        p->pid = apps[i].pid;
        p->open_state = LISTAPPS_VALUE_NOT_GATHERED;
        p->version = LA_NO_INDEX;
      }
    }
  }
  la_pid_map_free(&in_snapshot);
  return err;
}

/* Opens each process for what the listing needs of it: the creation time where grouping needs
 * it; the path and package of an App; the path of an explorer.exe where grouping needs its
 * time, to tell whether it is the shell (%windir%\explorer.exe); with LISTAPPS_LIST_ALL the
 * path and criticality of all. With held processes (a watch), each is opened once for its
 * life, and a later look copies what an earlier one read. */
static int probe_processes(la_facts *f, unsigned int flags, unsigned needs,
                           const la_pid_map *app_of_pid, la_held_processes *held, wchar_t **paths16,
                           la_error *e, la_list_stats *stats) {
  unsigned char *need_time = calloc(f->proc_count > 0 ? f->proc_count : 1, 1);
  la_system_api api;
  size_t i;
  int err;

  if (need_time == NULL) return la_fail_nomem(e);
  la_system_api_load(&api);
  err = la_facts_time_needs(f, app_of_pid, need_time);
  if (err != 0) la_fail_nomem(e);
  for (i = 0; i < f->proc_count && err == 0; i++) {
    size_t ignored;
    unsigned what = need_time[i] ? LA_PROBE_TIMES : 0u;
    int is_app = la_pid_map_get(app_of_pid, f->procs[i].pid, &ignored);
    if (is_app) what |= LA_PROBE_PATH | LA_PROBE_PACKAGE;
    /* Status: whether a packaged App is frozen, through the handle opened for it anyway. */
    if (is_app && (needs & LA_NEED_STATUS) && f->info != NULL) what |= LA_PROBE_FROZEN;
    if ((flags & LISTAPPS_LIST_ALL) && f->procs[i].in_snapshot)
      what |= LA_PROBE_PATH | LA_PROBE_CRITICAL;
    /* StartTime: the creation time of every process that may have a row. */
    if ((needs & LA_NEED_START_TIME) && (is_app || (flags & LISTAPPS_LIST_ALL)))
      what |= LA_PROBE_TIMES;
    /* Only on an App's chain can an explorer.exe's being the shell change a group. */
    if (need_time[i] && la_may_be_shell_image(f->procs[i].exe_name)) what |= LA_PROBE_PATH;
    if (what == 0) continue;
    if (held != NULL) {
      int opened = 0;
      err = la_held_probe(held, &f->procs[i], what, &api, &paths16[i], &opened, e);
      if (stats != NULL) {
        stats->probes += opened != 0;
        stats->processes_remembered += opened == 0;
      }
    } else {
      err = la_probe_process(&f->procs[i], what, &api, &paths16[i], e);
      if (stats != NULL) stats->probes++;
    }
    if (err == 0 && (what & LA_PROBE_FROZEN)) {
      f->info[i].frozen_state = f->procs[i].frozen_state;
      f->info[i].frozen = f->procs[i].frozen;
    }
  }
  free(need_time);
  return err;
}

typedef struct path_ref {
  const wchar_t *path;
  size_t proc;
} path_ref;

static int compare_path_refs(const void *pa, const void *pb) {
  const path_ref *a = pa;
  const path_ref *b = pb;
  /* Windows paths compare without regard to case, by the file system's ordinal rule. */
  int c = CompareStringOrdinal(a->path, -1, b->path, -1, TRUE);

  if (c != CSTR_EQUAL) return c == CSTR_LESS_THAN ? -1 : 1;
  return (a->proc > b->proc) - (a->proc < b->proc);
}

/* Keeps the UTF-16 paths of the processes that will have a row (la_plan_row_needs, once the
 * plan has its groups) and drops the others', so that no version resource is read for a
 * process nobody will see: an App nested in another App's group, or an explorer.exe read only
 * to find the shell. */
static int keep_paths_of_rows(const la_facts *f, const la_plan *plan, unsigned int flags,
                              wchar_t **paths16, la_error *e) {
  unsigned char *has_row = calloc(f->proc_count > 0 ? f->proc_count : 1, 1);
  size_t i;

  if (has_row == NULL) return la_fail_nomem(e);
  la_plan_row_needs(f, plan, flags, has_row);
  for (i = 0; i < f->proc_count; i++) {
    if (has_row[i]) continue;
    free(paths16[i]);
    paths16[i] = NULL;
  }
  free(has_row);
  return 0;
}

/* Reads each distinct executable's version resource once, for every process whose path was
 * read and kept, and points each process at its executable's facts; with a cache, once for
 * all the listings that share it. */
static int read_versions(la_facts *f, wchar_t **paths16, unsigned needs, la_version_cache *cache,
                         la_error *e, la_list_stats *stats) {
  path_ref *refs = malloc((f->proc_count > 0 ? f->proc_count : 1) * sizeof *refs);
  size_t ref_count = 0;
  size_t run;
  size_t i;
  int err = 0;

  if (refs == NULL) return la_fail_nomem(e);
  for (i = 0; i < f->proc_count; i++) {
    if (paths16[i] == NULL) continue;
    refs[ref_count].path = paths16[i];
    refs[ref_count].proc = i;
    ref_count++;
  }
  qsort(refs, ref_count, sizeof *refs, compare_path_refs);
  f->versions = calloc(ref_count > 0 ? ref_count : 1, sizeof *f->versions);
  if (f->versions == NULL) err = la_fail_nomem(e);
  f->company_gathered = (needs & LA_NEED_COMPANY) != 0;
  for (i = 0; i < ref_count && err == 0; i = run) {
    size_t k;

    run = i + 1;
    while (run < ref_count &&
           CompareStringOrdinal(refs[i].path, -1, refs[run].path, -1, TRUE) == CSTR_EQUAL)
      run++;
    int found = 0;
    la_version_facts *v = &f->versions[f->version_count];

    if (cache != NULL &&
        la_version_cache_get(cache, refs[i].path, f->company_gathered, v, &found) != 0) {
      err = la_fail_nomem(e);
    } else if (!found) {
      err = la_read_version(refs[i].path, f->company_gathered, v, e);
      if (stats != NULL) stats->version_reads++;
      if (err == 0 && cache != NULL &&
          la_version_cache_add(cache, refs[i].path, f->company_gathered, v) != 0)
        err = la_fail_nomem(e);
    }
    if (err != 0) break;
    for (k = i; k < run; k++) f->procs[refs[k].proc].version = f->version_count;
    f->version_count++;
  }
  free(refs);
  return err;
}

/* The facts Task Manager's columns read (process_info.c, handle_columns.c), each only when a
 * column needs it. */
#define COLUMN_NEEDS                                                                      \
  (LA_NEED_STATUS | LA_NEED_CPU | LA_NEED_MEMORY | LA_NEED_START_TIME | LA_NEED_DETAILS | \
   LA_NEED_FROM_LIST | LA_NEED_THROUGH_HANDLE)

/* Every reading starts not gathered; the readers set what they read. */
static void readings_not_gathered(la_process_info *info) {
  info->frozen_state = info->base_priority_state = LISTAPPS_VALUE_NOT_GATHERED;
  info->threads_state = info->handles_state = info->gui_state = LISTAPPS_VALUE_NOT_GATHERED;
  info->disk_state = info->network_state = LISTAPPS_VALUE_NOT_GATHERED;
  info->gpu_state = info->gpu_memory_state = LISTAPPS_VALUE_NOT_GATHERED;
}

/* The first reading of every process's times, memory and threads: the process list the
 * snapshot read (list, taken at listed_at), so the CPU sample overlaps the rest of the listing;
 * one read now when there is none. */
static int start_columns(la_facts *f, unsigned needs, const void *list,
                         const LARGE_INTEGER *listed_at, LARGE_INTEGER *sample, la_error *e) {
  unsigned info_needs = needs & COLUMN_NEEDS;
  size_t i;

  if (info_needs == 0) return 0;
  f->info = calloc(f->proc_count > 0 ? f->proc_count : 1, sizeof *f->info);
  if (f->info == NULL) return la_fail_nomem(e);
  f->info_needs = info_needs;
  for (i = 0; i < f->proc_count; i++) readings_not_gathered(&f->info[i]);
  if (list != NULL)
    *sample = *listed_at;
  else
    QueryPerformanceCounter(sample);
  /* The columns of issue 22 read the list the snapshot read, and never one of their own. */
  if ((needs & (LA_NEED_CPU | LA_NEED_MEMORY | LA_NEED_STATUS)) == 0 &&
      ((needs & LA_NEED_FROM_LIST) == 0 || list == NULL))
    return 0;
  return la_read_system_info(f, 0, needs, list, e);
}

/* Hung windows, and what is read through each row process's handle; with held processes (a
 * watch), a process's lifelong details once. */
static int read_columns(la_facts *f, unsigned int flags, unsigned needs,
                        const la_pid_map *app_of_pid, la_held_processes *held, la_error *e,
                        la_list_stats *stats) {
  size_t i;
  int err = 0;

  if (needs & LA_NEED_STATUS) {
    /* IsHungAppWindow reads a flag the system keeps and sends no message. */
    for (i = 0; i < f->window_count; i++)
      if (!f->windows[i].remembered)
        f->windows[i].hung = IsHungAppWindow((HWND)f->windows[i].hwnd) != FALSE;
  }
  if ((needs & LA_NEED_DETAILS) == 0) return 0;
  for (i = 0; i < f->proc_count && err == 0; i++) {
    size_t ignored;
    if (!la_pid_map_get(app_of_pid, f->procs[i].pid, &ignored) && !(flags & LISTAPPS_LIST_ALL))
      continue;
    if (held != NULL) {
      int remembered = 0;
      err = la_held_details(held, f->procs[i].pid, needs & LA_NEED_DETAILS, &f->info[i],
                            &remembered, e);
      if (stats != NULL) stats->details_remembered += remembered != 0;
    } else {
      err = la_read_process_details(f->procs[i].pid, needs & LA_NEED_DETAILS, &f->info[i], e);
    }
  }
  return err;
}

/* Which processes the columns read through a handle need: every process of a row's group
 * (with LISTAPPS_LIST_ALL every process), so that an App row can sum its group. */
static int handle_columns(la_facts *f, const la_plan *plan, unsigned int flags, unsigned needs,
                          la_handle_sample **sample, la_error *e, la_list_stats *stats) {
  unsigned char *wanted;
  size_t i;
  int err;

  *sample = NULL;
  if ((needs & LA_NEED_THROUGH_HANDLE) == 0 || f->info == NULL) return 0;
  wanted = calloc(f->proc_count > 0 ? f->proc_count : 1, 1);
  if (wanted == NULL) return la_fail_nomem(e);
  for (i = 0; i < f->proc_count; i++) {
    if (!f->procs[i].in_snapshot) continue;
    if (flags & LISTAPPS_LIST_ALL)
      wanted[i] = 1;
    else if (i < plan->node_count && plan->root != NULL)
      wanted[i] = plan->root[i] != LA_NO_GROUP;
  }
  err = la_handle_columns_start(f, needs, wanted, sample, e, stats);
  free(wanted);
  return err;
}

/* The second reading, interval_ms after the first: the sample of CPU and Disk (the process
 * list), and of GPU and Network (through the handles, whose sample began later). */
static int finish_columns(la_facts *f, unsigned needs, const LARGE_INTEGER *sample,
                          la_handle_sample *handles, unsigned interval_ms, la_error *e) {
  LARGE_INTEGER now;
  LARGE_INTEGER frequency;
  LARGE_INTEGER started = *sample;
  SYSTEM_INFO si;
  double elapsed_ms;
  size_t i;
  int err = 0;

  if ((needs & LA_NEED_SAMPLED) == 0 || f->info == NULL) return 0;
  /* Each sample lasts interval_ms at least: the later one decides. */
  if (handles != NULL && (needs & (LA_NEED_GPU | LA_NEED_NETWORK)))
    la_handle_sample_started(handles, &started);
  if (started.QuadPart < sample->QuadPart) started = *sample;
  QueryPerformanceFrequency(&frequency);
  QueryPerformanceCounter(&now);
  elapsed_ms = (double)(now.QuadPart - started.QuadPart) * 1000.0 / (double)frequency.QuadPart;
  if (elapsed_ms < interval_ms) Sleep((DWORD)(interval_ms - elapsed_ms + 0.5));
  if (handles != NULL && (needs & (LA_NEED_GPU | LA_NEED_NETWORK)))
    la_handle_columns_finish(f, handles);
  if ((needs & (LA_NEED_CPU | LA_NEED_DISK)) == 0) return 0;
  err = la_read_system_info(f, 1, needs & (LA_NEED_CPU | LA_NEED_DISK), NULL, e);
  QueryPerformanceCounter(&now);
  f->cpu_interval =
      (uint64_t)((double)(now.QuadPart - sample->QuadPart) * 1e7 / (double)frequency.QuadPart);
  GetSystemInfo(&si);
  f->processors = si.dwNumberOfProcessors;
  for (i = 0; i < f->proc_count && err == 0 && (needs & LA_NEED_CPU); i++) {
    la_process_info *info = &f->info[i];
    if (info->cpu_state == LISTAPPS_VALUE_UNSUPPORTED) continue;
    /* Gone by the second reading: exited during the sample. */
    info->cpu_state = info->cpu_seen[1] ? LISTAPPS_VALUE_PRESENT : LISTAPPS_VALUE_EXITED;
  }
  return err;
}

static int record_helper_windows(la_facts *f);

/* The LA_WINDOW_READ_* bits of the window facts needs asks for. */
static unsigned window_read_bits(unsigned needs) {
  return ((needs & LA_NEED_RECT) ? LA_WINDOW_READ_RECT : 0u) |
         ((needs & LA_NEED_WINDOW_STATE) ? LA_WINDOW_READ_SHOW : 0u) |
         ((needs & LA_NEED_CLOAKED) ? LA_WINDOW_READ_CLOAKED : 0u) |
         ((needs & LA_NEED_FOREGROUND) ? LA_WINDOW_READ_FOREGROUND : 0u);
}

/* What the asked-for columns read of the caller's own qualifying windows, right after they
 * were collected: the foreground window (one request) and each window's geometry. */
static void read_window_facts(la_facts *f, unsigned needs) {
  if (needs & LA_NEED_FOREGROUND) {
    la_read_foreground(f->windows, f->window_count, &f->foreground);
    la_mark_foreground(f->windows, f->window_count, &f->foreground);
  }
  if (needs & LA_NEED_GEOMETRY) la_read_window_geometry(f->windows, f->window_count, needs);
}

/* The caller's own desktop, or with sessions asked for, each session's: its windows into f (the
 * other sessions' merged once the process snapshot is read), the process snapshot itself, and
 * the sessions' statuses. */
static int gather_windows_and_processes(const la_session_request *sessions, int record,
                                        la_watch_memory *memory, int all, unsigned needs,
                                        la_facts *f, void **list, LARGE_INTEGER *listed_at,
                                        la_error *e,
                                        la_list_stats *stats) {
  int many = sessions != NULL && (sessions->all || sessions->count > 0);
  la_helpers *helpers = NULL;
  la_desktop desktop;
  size_t own_count = 0;
  int own = 1;
  size_t i;
  int err;

  /* Without sessions, a desktop that shows no user's windows is an error, not an empty list. */
  err = la_desktop_read(&desktop, !many, e);
  if (err == 0 && many) {
    err = la_sessions_resolve(sessions->all, sessions->ids, sessions->count, &f->sessions,
                              &f->session_count, e);
    own = 0;
    for (i = 0; err == 0 && desktop.interactive && i < f->session_count; i++)
      if (f->sessions[i].id == desktop.session_id) own = 1;
    /* The other sessions' helpers run while this one reads its own. */
    if (err == 0 &&
        la_helpers_start(f->sessions, f->session_count,
                         own ? desktop.session_id : (unsigned long)-1, &helpers) != 0)
      err = la_fail_nomem(e);
  }
  if (err == 0 && own)
    err = la_collect_app_windows(f, memory != NULL && memory->windows != NULL ? memory : NULL,
                                 record, e, stats);
  if (err == 0 && own) {
    read_window_facts(f, needs);
    own_count = f->window_count;
  }
  if (err == 0 && (all || f->window_count > 0 || many)) {
    err = la_snapshot_processes(f, list, e);
    QueryPerformanceCounter(listed_at);
    /* What tells the shell: its window's owner, and %windir% for the path of explorer.exe. */
    if (own) f->shell_pid = shell_process_id();
    if (err == 0) err = la_windows_directory(&f->windows_dir, e);
  }
  /* Each helper's windows count for the processes this snapshot shows in its session. */
  if (err == 0 && la_helpers_finish(helpers, f->sessions, f->session_count, f) != 0)
    err = la_fail_nomem(e);
  else if (err != 0)
    la_helpers_abort(helpers);
  if (err == 0 && record && many && record_helper_windows(f) != 0) err = la_fail_nomem(e);
  /* A window handle means nothing on another session's desktop: its facts cannot be read. */
  if (err == 0 && f->window_count > own_count)
    la_windows_mark_unsupported(f->windows + own_count, f->window_count - own_count,
                                window_read_bits(needs));
  /* A helper answers every title (its protocol has no private form): dropped here, unwritten. */
  for (i = own_count; err == 0 && f->private_mode && i < f->window_count; i++) {
    free(f->windows[i].title);
    f->windows[i].title = NULL;
  }
  return err;
}

/* A recording of a sessions listing keeps the windows the helpers reported as raw windows that
 * qualify as they did: visible, titled, of their App's process. */
static int record_helper_windows(la_facts *f) {
  size_t i;

  for (i = 0; i < f->window_count; i++) {
    const la_window *w = &f->windows[i];
    la_raw_window *grown;
    la_raw_window *r;
    size_t k;
    for (k = 0; k < f->raw_window_count && f->raw_windows[k].hwnd != w->hwnd; k++) continue;
    if (k < f->raw_window_count) continue;
    grown = realloc(f->raw_windows, (f->raw_window_count + 1) * sizeof *grown);
    if (grown == NULL) return LISTAPPS_ENOMEM;
    f->raw_windows = grown;
    r = &grown[f->raw_window_count];
    memset(r, 0, sizeof *r);
    r->hwnd = w->hwnd;
    r->style = WS_VISIBLE;
    r->pid = w->pid;
    r->core_child_pid = w->pid; /* a UWP frame's App, as the helper found it */
    r->hung = w->hung;
    r->cloaked = -1;
    r->titled = 1;
    r->title = w->title != NULL ? la_strdup(w->title) : NULL;
    r->class_name = w->class_name != NULL ? la_strdup(w->class_name) : NULL;
    if ((w->title != NULL && r->title == NULL) || (w->class_name != NULL && r->class_name == NULL)) {
      free(r->title);
      return LISTAPPS_ENOMEM;
    }
    f->raw_window_count++;
  }
  return 0;
}

int la_gather(const la_gather_request *request, la_watch_memory *memory, la_facts *f,
              la_plan *plan, la_error *e, la_list_stats *stats) {
  unsigned int flags = request->flags;
  unsigned needs = request->needs;
  unsigned interval_ms = request->interval_ms;
  int all = (flags & LISTAPPS_LIST_ALL) != 0;
  wchar_t **paths16 = NULL;
  size_t path_count = 0;
  void *list = NULL; /* the system's process list, read once for the snapshot and the columns */
  LARGE_INTEGER listed_at = {{0, 0}};
  LARGE_INTEGER sample = {{0, 0}};
  la_handle_sample *handles = NULL;
  size_t i;
  int err;

  memset(f, 0, sizeof *f);
  memset(plan, 0, sizeof *plan);
  f->gpu_state = LISTAPPS_VALUE_NOT_GATHERED;
  f->private_mode = (flags & LISTAPPS_LIST_PRIVATE) != 0;
  err = gather_windows_and_processes(&request->sessions, request->record, memory, all, needs, f,
                                     &list, &listed_at, e, stats);
  if (err == 0 && la_plan_apps(f, plan) != 0) err = la_fail_nomem(e);
  if (stats != NULL) {
    stats->windows_seen = f->window_count;
    stats->processes_seen = f->proc_count;
  }
  if (err == 0 && add_missing_apps(f, plan->apps, plan->app_count) != 0) err = la_fail_nomem(e);
  if (err == 0) {
    path_count = f->proc_count;
    paths16 = calloc(path_count > 0 ? path_count : 1, sizeof *paths16);
    if (paths16 == NULL) err = la_fail_nomem(e);
  }
  if (err == 0) err = start_columns(f, needs, list, &listed_at, &sample, e);
  free(list);
  if (err == 0)
    err = probe_processes(f, flags, needs, &plan->app_of_pid, memory != NULL ? memory->processes : NULL,
                          paths16, e, stats);
  if (err == 0)
    err = read_columns(f, flags, needs, &plan->app_of_pid, memory != NULL ? memory->processes : NULL, e,
                       stats);
  if (err == 0 && all) err = la_collect_services(f, e);
  if (err == 0 && all) err = la_system_directory(&f->system_dir, e);
  if (err == 0 && all) err = la_program_files_directory(&f->program_files_dir, e);
  /* The groups, once every creation time and shell path they need is read. */
  if (err == 0 && la_plan_groups(f, plan) != 0) err = la_fail_nomem(e);
  if (err == 0) err = keep_paths_of_rows(f, plan, flags, paths16, e);
  if (err == 0) err = handle_columns(f, plan, flags, needs, &handles, e, stats);
  if (err == 0)
    err = read_versions(f, paths16, needs, memory != NULL ? memory->versions : NULL, e, stats);
  if (err == 0) err = finish_columns(f, needs, &sample, handles, interval_ms, e);
  la_handle_sample_free(handles);
  for (i = 0; paths16 != NULL && i < path_count; i++) free(paths16[i]);
  free(paths16);
  /* What this look did not see again is forgotten: windows gone, processes gone or no longer
   * anybody's concern. */
  if (err == 0 && memory != NULL && memory->processes != NULL)
    la_held_processes_sweep(memory->processes);
  if (err == 0 && memory != NULL && memory->versions != NULL)
    la_version_cache_sweep(memory->versions);
  if (err == 0 && memory != NULL && memory->windows != NULL) {
    /* What this look made of each qualifying window, for a partial look to take. */
    for (i = 0; i < f->window_count; i++)
      la_window_memory_keep_row(memory->windows, f->windows[i].hwnd, f->windows[i].pid,
                                f->windows[i].title, f->windows[i].hung);
    la_window_memory_sweep(memory->windows);
  }
  if (err != 0) {
    la_facts_free(f);
    la_plan_free(plan);
  }
  return err;
}
