/* listapps_list_apps: gathers the facts, applies the rules, builds the rows. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "core/app_rules.h"
#include "api/list_stats.h"
#include "core/pid_map.h"
#include "core/process_category.h"
#include "core/process_groups.h"
#include "core/utf.h"
#include "win/facts.h"

/* Everything one listing gathers, and what the rules made of it. */
typedef struct listing {
  unsigned int flags;
  la_system_api api;
  la_window_list windows;
  la_process_table procs;
  la_app_group *apps; /* one per App, in Z order of its topmost window */
  size_t app_count;
  la_pid_map app_of_pid; /* App PID -> index in apps */
  la_proc_node *nodes;   /* one per snapshot process */
  size_t *root;          /* per node: index of its group's App node, or LA_NO_GROUP */
  la_probe *probes;      /* per node, then one per App missing from the snapshot */
  la_service_list services;
  char *system_dir;
  la_list_stats stats;
} listing;

/* How a row was made: which node and probe it comes from. */
typedef struct row_source {
  size_t node;  /* index in nodes, or LA_NO_GROUP for an App missing from the snapshot */
  size_t probe; /* index in probes */
  size_t app;   /* index in apps for an App row, else LA_NO_GROUP */
} row_source;

static char *copy_string(const char *s) {
  size_t len = strlen(s);
  char *copy = malloc(len + 1);

  if (copy != NULL) memcpy(copy, s, len + 1);
  return copy;
}

static void free_row(listapps_app *a) {
  size_t i;

  free(a->name);
  free(a->title);
  free(a->image);
  free(a->path);
  free(a->description);
  if (a->windows != NULL) {
    for (i = 0; i < a->window_count; i++) {
      free(a->windows[i].title);
      free(a->windows[i].class_name);
    }
  }
  free(a->windows);
  free(a->member_pids);
}

static void free_rows(listapps_app *rows, size_t count) {
  size_t i;

  if (rows == NULL) return;
  for (i = 0; i < count; i++) free_row(&rows[i]);
  free(rows);
}

/* Groups the windows into Apps and indexes them by PID. */
static int find_apps(listing *l) {
  unsigned long *pids;
  size_t i;
  int err;

  if (l->windows.count == 0) return 0;
  pids = malloc(l->windows.count * sizeof *pids);
  if (pids == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < l->windows.count; i++) pids[i] = l->windows.items[i].pid;
  err = la_group_windows(pids, l->windows.count, &l->apps, &l->app_count);
  free(pids);
  for (i = 0; i < l->app_count && err == 0; i++) {
    if (la_pid_map_put(&l->app_of_pid, l->apps[i].pid, i) != 0) err = LISTAPPS_ENOMEM;
  }
  return err;
}

/* Probes the processes (one handle each) for what the listing needs, and groups them. */
static int probe_and_group(listing *l) {
  size_t n = l->procs.count;
  unsigned char *need_time = NULL;
  size_t i;
  int all = (l->flags & LISTAPPS_LIST_ALL) != 0;
  int err = 0;

  l->nodes = calloc(n > 0 ? n : 1, sizeof *l->nodes);
  l->root = calloc(n > 0 ? n : 1, sizeof *l->root);
  l->probes = calloc(n + l->app_count + 1, sizeof *l->probes);
  need_time = calloc(n > 0 ? n : 1, 1);
  if (l->nodes == NULL || l->root == NULL || l->probes == NULL || need_time == NULL) {
    free(need_time);
    return LISTAPPS_ENOMEM;
  }
  for (i = 0; i < n; i++) {
    size_t app;
    l->nodes[i].pid = l->procs.items[i].pid;
    l->nodes[i].parent_pid = l->procs.items[i].parent_pid;
    l->nodes[i].is_app = la_pid_map_get(&l->app_of_pid, l->nodes[i].pid, &app);
  }
  err = la_group_time_needs(l->nodes, n, need_time);
  for (i = 0; i < n && err == 0; i++) {
    unsigned what = need_time[i] ? LA_PROBE_TIMES : 0u;
    if (l->nodes[i].is_app) what |= LA_PROBE_PATH | LA_PROBE_PACKAGE;
    if (all) what |= LA_PROBE_PATH | LA_PROBE_CRITICAL;
    if (what != 0) {
      err = la_probe_process(l->nodes[i].pid, what, &l->api, &l->probes[i]);
      l->stats.probes++;
    }
    l->nodes[i].create_time = l->probes[i].create_time;
  }
  free(need_time);
  if (err == 0) err = la_assign_groups(l->nodes, n, l->root);
  return err;
}

/* Moves each window out of the window list into its App's row, topmost first: one pass over
 * the windows. rows[i] is the row of apps[i]. */
static int distribute_windows(listing *l, listapps_app *rows) {
  size_t i;

  for (i = 0; i < l->app_count; i++) {
    rows[i].windows = calloc(l->apps[i].window_count, sizeof *rows[i].windows);
    if (rows[i].windows == NULL) return LISTAPPS_ENOMEM;
  }
  for (i = 0; i < l->windows.count; i++) {
    la_window *w = &l->windows.items[i];
    listapps_app *row;
    size_t app;

    if (!la_pid_map_get(&l->app_of_pid, w->pid, &app)) continue;
    row = &rows[app];
    row->windows[row->window_count].hwnd = (unsigned long long)w->hwnd;
    row->windows[row->window_count].title = w->title;
    row->windows[row->window_count].class_name = w->class_name;
    row->window_count++;
    w->title = NULL;
    w->class_name = NULL;
  }
  for (i = 0; i < l->app_count; i++) {
    rows[i].title = copy_string(rows[i].windows[0].title);
    if (rows[i].title == NULL) return LISTAPPS_ENOMEM;
  }
  return 0;
}

static int compare_pids(const void *pa, const void *pb) {
  unsigned long a = *(const unsigned long *)pa;
  unsigned long b = *(const unsigned long *)pb;
  return (a > b) - (a < b);
}

/* Each App row's group: its own PID first, then its members' in ascending order. One pass
 * counts the members of every group and one pass fills them in, however many Apps there are.
 * rows[i] is the row of apps[i]; src[i].node its snapshot entry. */
static int collect_members(const listing *l, listapps_app *rows, const row_source *src) {
  size_t *row_of_node = calloc(l->procs.count + 1, sizeof *row_of_node);
  size_t i;

  if (row_of_node == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < l->app_count; i++) {
    rows[i].process_count = 1;
    if (src[i].node != LA_NO_GROUP) row_of_node[src[i].node] = i + 1;
  }
  for (i = 0; i < l->procs.count; i++) {
    if (l->root[i] != LA_NO_GROUP && l->root[i] != i && row_of_node[l->root[i]] != 0)
      rows[row_of_node[l->root[i]] - 1].process_count++;
  }
  for (i = 0; i < l->app_count; i++) {
    rows[i].member_pids = malloc(rows[i].process_count * sizeof *rows[i].member_pids);
    if (rows[i].member_pids == NULL) {
      free(row_of_node);
      return LISTAPPS_ENOMEM;
    }
    rows[i].member_pids[0] = rows[i].pid;
    rows[i].process_count = 1;
  }
  for (i = 0; i < l->procs.count; i++) {
    listapps_app *row;
    if (l->root[i] == LA_NO_GROUP || l->root[i] == i || row_of_node[l->root[i]] == 0) continue;
    row = &rows[row_of_node[l->root[i]] - 1];
    row->member_pids[row->process_count++] = l->nodes[i].pid;
  }
  for (i = 0; i < l->app_count; i++)
    qsort(rows[i].member_pids + 1, rows[i].process_count - 1, sizeof *rows[i].member_pids,
          compare_pids);
  free(row_of_node);
  return 0;
}

/* The rows without their names: every App, and with LISTAPPS_LIST_ALL every other process. */
static int make_rows(listing *l, listapps_app **rows_out, row_source **src_out, size_t *count_out) {
  int all = (l->flags & LISTAPPS_LIST_ALL) != 0;
  size_t cap = l->app_count + (all ? l->procs.count : 0);
  listapps_app *rows = calloc(cap > 0 ? cap : 1, sizeof *rows);
  row_source *src = calloc(cap > 0 ? cap : 1, sizeof *src);
  size_t missing = 0;
  size_t n = 0;
  size_t i;
  int err = 0;

  *rows_out = rows;
  *src_out = src;
  *count_out = 0;
  if (rows == NULL || src == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < l->app_count && err == 0; i++) {
    const la_process_entry *entry = la_process_table_find(&l->procs, l->apps[i].pid);

    src[n].node = entry != NULL ? (size_t)(entry - l->procs.items) : LA_NO_GROUP;
    src[n].app = i;
    if (src[n].node != LA_NO_GROUP) {
      src[n].probe = src[n].node;
    } else {
      /* The process exited after its window was seen: probe what is left of it. */
      src[n].probe = l->procs.count + missing++;
      l->stats.probes++;
      err = la_probe_process(l->apps[i].pid, LA_PROBE_PATH | LA_PROBE_PACKAGE, &l->api,
                             &l->probes[src[n].probe]);
    }
    rows[n].category = LISTAPPS_CATEGORY_APP;
    rows[n].pid = l->apps[i].pid;
    rows[n].app_pid = rows[n].pid;
    n++;
  }
  *count_out = n;
  if (err == 0) err = collect_members(l, rows, src);
  if (err == 0) err = distribute_windows(l, rows);
  for (i = 0; all && i < l->procs.count && err == 0; i++) {
    size_t root = l->root[i];

    if (l->nodes[i].is_app) continue;
    src[n].node = i;
    src[n].probe = i;
    src[n].app = LA_NO_GROUP;
    rows[n].pid = l->nodes[i].pid;
    rows[n].process_count = 1;
    rows[n].app_pid = root != LA_NO_GROUP ? l->nodes[root].pid : 0;
    n++;
  }
  *count_out = n;
  return err;
}

/* The category of each row that is not an App (those are set already), from its facts. */
static void fill_categories(const listing *l, listapps_app *rows, const row_source *src,
                            size_t count) {
  size_t i;

  for (i = 0; i < count; i++) {
    la_category_facts facts;
    size_t node = src[i].node;

    if (src[i].app != LA_NO_GROUP) continue;
    facts.in_app_group = rows[i].app_pid != 0;
    facts.is_critical = l->probes[src[i].probe].is_critical;
    facts.pid = rows[i].pid;
    facts.parent_pid = l->nodes[node].parent_pid;
    facts.has_parent = 1;
    facts.image = l->procs.items[node].exe_name;
    facts.path = rows[i].path;
    facts.system_dir = l->system_dir;
    rows[i].category = la_process_category(&facts);
  }
}

/* Fills path, image and parent of each row from its probe and snapshot entry. */
static int fill_process_facts(const listing *l, listapps_app *rows, const row_source *src,
                              size_t count) {
  size_t i;

  for (i = 0; i < count; i++) {
    listapps_app *row = &rows[i];
    const wchar_t *path16 = l->probes[src[i].probe].path16;
    const la_process_entry *entry =
        src[i].node != LA_NO_GROUP ? &l->procs.items[src[i].node] : NULL;
    if (entry != NULL) {
      row->parent_pid = entry->parent_pid;
      row->has_parent_pid = 1;
    }
    if (path16 != NULL && la_utf16_to_utf8(path16, wcslen(path16), &row->path, NULL) != 0)
      return LISTAPPS_ENOMEM;
    /* A process that denies access (elevated, protected, another user's) still has the name
     * the snapshot recorded. */
    if (row->path != NULL)
      row->image = copy_string(la_file_name_of(row->path));
    else if (entry != NULL)
      row->image = copy_string(entry->exe_name);
    else
      continue;
    if (row->image == NULL) return LISTAPPS_ENOMEM;
  }
  return 0;
}

typedef struct path_ref {
  const wchar_t *path;
  size_t row;
} path_ref;

static int compare_path_refs(const void *pa, const void *pb) {
  const path_ref *a = pa;
  const path_ref *b = pb;
  /* Windows paths compare without regard to case, by the file system's ordinal rule. */
  int c = CompareStringOrdinal(a->path, -1, b->path, -1, TRUE);

  if (c != CSTR_EQUAL) return c == CSTR_LESS_THAN ? -1 : 1;
  return (a->row > b->row) - (a->row < b->row);
}

/* Reads each distinct executable's description once, and gives it to every row running it. */
static int fill_descriptions(listing *l, listapps_app *rows, const row_source *src, size_t count) {
  path_ref *refs = malloc((count > 0 ? count : 1) * sizeof *refs);
  size_t ref_count = 0;
  size_t run;
  size_t i;
  int err = 0;

  if (refs == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < count; i++) {
    const wchar_t *path16 = l->probes[src[i].probe].path16;
    if (path16 == NULL) continue;
    refs[ref_count].path = path16;
    refs[ref_count].row = i;
    ref_count++;
  }
  qsort(refs, ref_count, sizeof *refs, compare_path_refs);
  for (i = 0; i < ref_count && err == 0; i = run) {
    char *description = NULL;
    size_t k;

    run = i + 1;
    while (run < ref_count &&
           CompareStringOrdinal(refs[i].path, -1, refs[run].path, -1, TRUE) == CSTR_EQUAL)
      run++;
    err = la_read_description(refs[i].path, &description);
    l->stats.version_reads++;
    for (k = i; k < run && err == 0 && description != NULL; k++) {
      rows[refs[k].row].description = copy_string(description);
      if (rows[refs[k].row].description == NULL) err = LISTAPPS_ENOMEM;
    }
    free(description);
  }
  free(refs);
  return err;
}

/* The first service in a sorted list that runs in pid, or NULL. */
static const la_service *first_service(const la_service_list *s, unsigned long pid, size_t *count) {
  size_t lo = 0;
  size_t hi = s->count;
  size_t end;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->items[mid].pid < pid)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (end = lo; end < s->count && s->items[end].pid == pid; end++) continue;
  *count = end - lo;
  return *count > 0 ? &s->items[lo] : NULL;
}

/* A service host's name from the services it runs, or NULL when it is not one. */
static int service_host_name(const listing *l, const listapps_app *row, char **name) {
  const char *names_on_stack[8];
  const char **names = names_on_stack;
  const la_service *first;
  size_t count = 0;
  size_t i;

  *name = NULL;
  if (row->category != LISTAPPS_CATEGORY_WINDOWS || row->image == NULL ||
      la_compare_names(row->image, "svchost.exe") != 0)
    return 0;
  first = first_service(&l->services, row->pid, &count);
  if (first == NULL) return 0;
  if (count > sizeof names_on_stack / sizeof names_on_stack[0]) {
    names = malloc(count * sizeof *names);
    if (names == NULL) return LISTAPPS_ENOMEM;
  }
  for (i = 0; i < count; i++) names[i] = first[i].display_name;
  *name = la_service_host_name(names, count);
  if (names != names_on_stack) free(names);
  return *name == NULL ? LISTAPPS_ENOMEM : 0;
}

static int fill_names(const listing *l, listapps_app *rows, const row_source *src, size_t count) {
  size_t i;
  int err = 0;

  for (i = 0; i < count && err == 0; i++) {
    const char *package = l->probes[src[i].probe].package_name;
    if (src[i].app != LA_NO_GROUP && package != NULL) {
      rows[i].name = copy_string(package);
    } else {
      err = service_host_name(l, &rows[i], &rows[i].name);
      if (err == 0 && rows[i].name == NULL)
        rows[i].name = la_display_name(rows[i].description, rows[i].image);
    }
    if (err == 0 && rows[i].name == NULL) err = LISTAPPS_ENOMEM;
  }
  return err;
}

static void free_listing(listing *l) {
  size_t i;

  if (l->probes != NULL) {
    for (i = 0; i < l->procs.count + l->app_count + 1; i++) la_probe_free(&l->probes[i]);
  }
  free(l->probes);
  free(l->root);
  free(l->nodes);
  la_pid_map_free(&l->app_of_pid);
  free(l->apps);
  la_process_table_free(&l->procs);
  la_window_list_free(&l->windows);
  la_service_list_free(&l->services);
  free(l->system_dir);
}

int listapps_list_apps(unsigned int flags, listapps_list *out) {
  return la_list_apps_counted(flags, out, NULL);
}

int la_list_apps_counted(unsigned int flags, listapps_list *out, la_list_stats *stats) {
  listing l;
  listapps_app *rows = NULL;
  row_source *src = NULL;
  size_t count = 0;
  int all = (flags & LISTAPPS_LIST_ALL) != 0;
  int err;

  if (stats != NULL) memset(stats, 0, sizeof *stats);
  if (out == NULL) return LISTAPPS_EINVAL;
  out->apps = NULL;
  out->count = 0;
  out->flags = 0;
  if ((flags & ~LISTAPPS_LIST_ALL) != 0) return LISTAPPS_EINVAL;
  memset(&l, 0, sizeof l);
  l.flags = flags;
  la_system_api_load(&l.api);
  err = la_collect_app_windows(&l.windows);
  /* The snapshot is taken after the windows, so every process that owned one when it was seen
   * and is still running is in it. */
  if (err == 0 && (all || l.windows.count > 0)) err = la_snapshot_processes(&l.procs);
  if (err == 0) err = find_apps(&l);
  if (err == 0) err = probe_and_group(&l);
  if (err == 0 && all) {
    err = la_collect_services(&l.services);
    l.system_dir = la_system_directory();
  }
  l.stats.windows_seen = l.windows.count;
  l.stats.processes_seen = l.procs.count;
  if (err == 0) err = make_rows(&l, &rows, &src, &count);
  if (err == 0) err = fill_process_facts(&l, rows, src, count);
  if (err == 0) fill_categories(&l, rows, src, count);
  if (err == 0) err = fill_descriptions(&l, rows, src, count);
  if (err == 0) err = fill_names(&l, rows, src, count);
  if (err == 0) {
    if (all)
      err = la_sort_process_rows(rows, count);
    else
      la_sort_apps(rows, count);
  }
  if (err == 0) {
    out->apps = count > 0 ? rows : NULL;
    out->count = count;
    out->flags = flags;
    if (count == 0) free(rows);
    rows = NULL;
  }
  if (stats != NULL) *stats = l.stats;
  free_rows(rows, count);
  free(src);
  free_listing(&l);
  return err;
}

void listapps_free_list(listapps_list *list) {
  if (list == NULL) return;
  free_rows(list->apps, list->count);
  list->apps = NULL;
  list->count = 0;
  list->flags = 0;
}
