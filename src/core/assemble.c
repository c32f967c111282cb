/* From gathered facts to sorted rows. See assemble.h. */
#include "core/assemble.h"

#include <stdlib.h>
#include <string.h>

#include "core/field_registry.h"
#include "core/process_category.h"
#include "core/process_groups.h"
#include "core/text.h"

void la_facts_free(la_facts *f) {
  size_t i;

  for (i = 0; f->windows != NULL && i < f->window_count; i++) {
    free(f->windows[i].title);
    free(f->windows[i].class_name);
  }
  for (i = 0; f->procs != NULL && i < f->proc_count; i++) {
    free(f->procs[i].exe_name);
    free(f->procs[i].path);
    free(f->procs[i].package_name);
  }
  for (i = 0; f->versions != NULL && i < f->version_count; i++) {
    free(f->versions[i].description);
    free(f->versions[i].company);
  }
  for (i = 0; f->services != NULL && i < f->service_count; i++) free(f->services[i].display_name);
  free(f->windows);
  free(f->procs);
  free(f->versions);
  free(f->services);
  free(f->system_dir);
  memset(f, 0, sizeof *f);
}

int la_find_apps(const la_facts *f, la_app_group **apps, size_t *app_count,
                 la_pid_map *app_of_pid) {
  unsigned long *pids;
  size_t i;
  int err;

  *apps = NULL;
  *app_count = 0;
  if (f->window_count == 0) return 0;
  pids = malloc(f->window_count * sizeof *pids);
  if (pids == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < f->window_count; i++) pids[i] = f->windows[i].pid;
  err = la_group_windows(pids, f->window_count, apps, app_count);
  free(pids);
  for (i = 0; i < *app_count && err == 0; i++) {
    if (la_pid_map_put(app_of_pid, (*apps)[i].pid, i) != 0) err = LISTAPPS_ENOMEM;
  }
  if (err != 0) {
    free(*apps);
    *apps = NULL;
    *app_count = 0;
    la_pid_map_free(app_of_pid);
  }
  return err;
}

/* The grouping's view of the snapshot's processes (those first in f->procs). */
static la_proc_node *make_nodes(const la_facts *f, const la_pid_map *app_of_pid, size_t *count) {
  la_proc_node *nodes;
  size_t n = 0;
  size_t i;

  while (n < f->proc_count && f->procs[n].in_snapshot) n++;
  *count = n;
  nodes = calloc(n > 0 ? n : 1, sizeof *nodes);
  if (nodes == NULL) return NULL;
  for (i = 0; i < n; i++) {
    size_t ignored;
    nodes[i].pid = f->procs[i].pid;
    nodes[i].parent_pid = f->procs[i].parent_pid;
    nodes[i].create_time = f->procs[i].create_time;
    nodes[i].is_app = la_pid_map_get(app_of_pid, nodes[i].pid, &ignored);
  }
  return nodes;
}

int la_facts_time_needs(const la_facts *f, const la_pid_map *app_of_pid, unsigned char *need) {
  size_t count;
  la_proc_node *nodes = make_nodes(f, app_of_pid, &count);
  int err;

  if (nodes == NULL) return LISTAPPS_ENOMEM;
  err = la_group_time_needs(nodes, count, need);
  free(nodes);
  return err;
}

/* The first service in the sorted list that runs in pid, and how many do. */
static const la_service *first_service(const la_facts *f, unsigned long pid, size_t *count) {
  size_t lo = 0;
  size_t hi = f->service_count;
  size_t end;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->services[mid].pid < pid)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (end = lo; end < f->service_count && f->services[end].pid == pid; end++) continue;
  *count = end - lo;
  return *count > 0 ? &f->services[lo] : NULL;
}

int la_service_host_name_of(const la_facts *f, unsigned long pid, char **name) {
  const char *names_on_stack[8];
  const char **names = names_on_stack;
  const la_service *first;
  size_t count = 0;
  size_t i;

  *name = NULL;
  first = first_service(f, pid, &count);
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

/* Everything the assembly works with. */
typedef struct assembly {
  la_facts *f;
  unsigned int flags;
  la_app_group *apps;
  size_t app_count;
  la_pid_map app_of_pid;  /* App PID -> index in apps */
  la_pid_map proc_of_pid; /* PID -> index in f->procs */
  la_proc_node *nodes;    /* the snapshot's processes */
  size_t node_count;
  size_t *root; /* per node: index of its group's App node, or LA_NO_GROUP */
} assembly;

static const la_process_facts *proc_of(const assembly *a, unsigned long pid) {
  size_t i;
  return la_pid_map_get(&a->proc_of_pid, pid, &i) ? &a->f->procs[i] : NULL;
}

/* The name the rules give a row: a packaged App's display name; a service host's services;
 * else the trimmed FileDescription, else the image name (la_display_name). */
static int row_name(const assembly *a, const la_row_context *c, const char *image, char **name) {
  int err;

  *name = NULL;
  if (c->category == LISTAPPS_CATEGORY_APP && c->pid == c->app_pid && c->proc != NULL &&
      c->proc->package_name != NULL) {
    *name = la_strdup(c->proc->package_name);
    return *name == NULL ? LISTAPPS_ENOMEM : 0;
  }
  if (c->category == LISTAPPS_CATEGORY_WINDOWS && image != NULL &&
      la_equal_ascii_ci(image, strlen(image), "svchost.exe", 11)) {
    err = la_service_host_name_of(a->f, c->pid, name);
    if (err != 0 || *name != NULL) return err;
  }
  *name = la_display_name(c->version != NULL ? c->version->description : NULL, image);
  return *name == NULL ? LISTAPPS_ENOMEM : 0;
}

/* Fills every value of a row from its context, through the registry. */
static int fill_row(const assembly *a, la_row_context *c, la_row *row) {
  char *name = NULL;
  int err = 0;
  int field;

  /* The image first: the name may fall back to it. */
  err = la_field_def_of(LISTAPPS_FIELD_IMAGE)->fill(c, &row->values[LISTAPPS_FIELD_IMAGE]);
  if (err == 0)
    err = row_name(a, c,
                   row->values[LISTAPPS_FIELD_IMAGE].state == LISTAPPS_VALUE_PRESENT
                       ? row->values[LISTAPPS_FIELD_IMAGE].text
                       : NULL,
                   &name);
  c->name = name;
  for (field = 0; field < LISTAPPS_FIELD_COUNT && err == 0; field++) {
    const la_field_def *d = la_field_def_of(field);
    if (d->fill == NULL) {
      la_value_set_state(&row->values[field], LISTAPPS_VALUE_NONE);
    } else if (field != LISTAPPS_FIELD_IMAGE) {
      err = d->fill(c, &row->values[field]);
    }
  }
  free(name);
  c->name = NULL;
  return err;
}

static const la_version_facts *version_of(const assembly *a, const la_process_facts *p) {
  if (p == NULL || p->version == LA_NO_INDEX || p->version >= a->f->version_count) return NULL;
  return &a->f->versions[p->version];
}

/* An App's group, its own PID first, then its members ascending. */
static int compare_pids(const void *pa, const void *pb) {
  unsigned long x = *(const unsigned long *)pa;
  unsigned long y = *(const unsigned long *)pb;
  return (x > y) - (x < y);
}

/* Each App row's members: one pass counts them for every App, one fills them in. rows[i] is
 * the row of apps[i]. */
static int collect_members(const assembly *a, la_row *rows) {
  size_t *row_of_node = calloc(a->node_count + 1, sizeof *row_of_node);
  size_t i;

  if (row_of_node == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < a->app_count; i++) {
    size_t node;
    rows[i].member_count = 1;
    if (la_pid_map_get(&a->proc_of_pid, a->apps[i].pid, &node) && node < a->node_count)
      row_of_node[node] = i + 1;
  }
  for (i = 0; i < a->node_count; i++) {
    if (a->root[i] != LA_NO_GROUP && a->root[i] != i && row_of_node[a->root[i]] != 0)
      rows[row_of_node[a->root[i]] - 1].member_count++;
  }
  for (i = 0; i < a->app_count; i++) {
    rows[i].member_pids = malloc(rows[i].member_count * sizeof *rows[i].member_pids);
    if (rows[i].member_pids == NULL) {
      free(row_of_node);
      return LISTAPPS_ENOMEM;
    }
    rows[i].member_pids[0] = a->apps[i].pid;
    rows[i].member_count = 1;
  }
  for (i = 0; i < a->node_count; i++) {
    la_row *row;
    if (a->root[i] == LA_NO_GROUP || a->root[i] == i || row_of_node[a->root[i]] == 0) continue;
    row = &rows[row_of_node[a->root[i]] - 1];
    row->member_pids[row->member_count++] = a->nodes[i].pid;
  }
  for (i = 0; i < a->app_count; i++)
    qsort(rows[i].member_pids + 1, rows[i].member_count - 1, sizeof *rows[i].member_pids,
          compare_pids);
  free(row_of_node);
  return 0;
}

/* Moves each window into its App's row, topmost first: one pass over the windows. */
static int distribute_windows(assembly *a, la_row *rows) {
  size_t i;

  for (i = 0; i < a->app_count; i++) {
    rows[i].windows = calloc(a->apps[i].window_count, sizeof *rows[i].windows);
    if (rows[i].windows == NULL) return LISTAPPS_ENOMEM;
  }
  for (i = 0; i < a->f->window_count; i++) {
    la_window *w = &a->f->windows[i];
    size_t app;
    la_row *row;

    if (!la_pid_map_get(&a->app_of_pid, w->pid, &app)) continue;
    row = &rows[app];
    row->windows[row->window_count++] = *w;
    w->title = NULL;
    w->class_name = NULL;
  }
  return 0;
}

/* The category of a process that is not an App itself. */
static int category_of(const assembly *a, size_t node, unsigned long app_pid) {
  const la_process_facts *p = &a->f->procs[node];
  la_category_facts facts;

  facts.in_app_group = app_pid != 0;
  facts.is_critical = p->is_critical;
  facts.pid = p->pid;
  facts.parent_pid = p->parent_pid;
  facts.has_parent = p->in_snapshot;
  facts.image = p->exe_name;
  facts.path = p->path;
  facts.system_dir = a->f->system_dir;
  return la_process_category(&facts);
}

static int make_rows(assembly *a, la_rows *out) {
  int all = (a->flags & LISTAPPS_LIST_ALL) != 0;
  size_t cap = a->app_count + (all ? a->node_count : 0);
  la_row *rows = calloc(cap > 0 ? cap : 1, sizeof *rows);
  size_t n;
  size_t i;
  int err;

  if (rows == NULL) return LISTAPPS_ENOMEM;
  out->items = rows;
  out->count = a->app_count;
  err = collect_members(a, rows);
  if (err == 0) err = distribute_windows(a, rows);
  for (i = 0; i < a->app_count && err == 0; i++) {
    la_row_context c;
    memset(&c, 0, sizeof c);
    c.facts = a->f;
    c.pid = a->apps[i].pid;
    c.app_pid = c.pid;
    c.proc = proc_of(a, c.pid);
    c.version = version_of(a, c.proc);
    c.category = LISTAPPS_CATEGORY_APP;
    c.windows = rows[i].windows;
    c.window_count = rows[i].window_count;
    c.process_count = rows[i].member_count;
    err = fill_row(a, &c, &rows[i]);
  }
  for (n = a->app_count, i = 0; all && i < a->node_count && err == 0; i++) {
    la_row_context c;
    if (a->nodes[i].is_app) continue;
    memset(&c, 0, sizeof c);
    c.facts = a->f;
    c.proc = &a->f->procs[i];
    c.version = version_of(a, c.proc);
    c.pid = c.proc->pid;
    c.app_pid = a->root[i] != LA_NO_GROUP ? a->nodes[a->root[i]].pid : 0;
    c.category = category_of(a, i, c.app_pid);
    c.process_count = 1;
    out->count = n + 1;
    err = fill_row(a, &c, &rows[n++]);
  }
  return err;
}

int la_assemble(la_facts *f, unsigned int flags, la_rows *out) {
  assembly a;
  size_t i;
  int err;

  memset(out, 0, sizeof *out);
  memset(&a, 0, sizeof a);
  a.f = f;
  a.flags = flags;
  err = la_find_apps(f, &a.apps, &a.app_count, &a.app_of_pid);
  for (i = 0; i < f->proc_count && err == 0; i++) {
    if (la_pid_map_put(&a.proc_of_pid, f->procs[i].pid, i) != 0) err = LISTAPPS_ENOMEM;
  }
  if (err == 0) {
    a.nodes = make_nodes(f, &a.app_of_pid, &a.node_count);
    a.root = calloc(a.node_count > 0 ? a.node_count : 1, sizeof *a.root);
    if (a.nodes == NULL || a.root == NULL) err = LISTAPPS_ENOMEM;
  }
  if (err == 0) err = la_assign_groups(a.nodes, a.node_count, a.root);
  if (err == 0) err = make_rows(&a, out);
  if (err == 0) err = la_sort_rows(out->items, out->count, flags);
  if (err == 0) {
    out->flags = flags;
  } else {
    la_rows_free(out);
  }
  free(a.root);
  free(a.nodes);
  free(a.apps);
  la_pid_map_free(&a.app_of_pid);
  la_pid_map_free(&a.proc_of_pid);
  return err;
}
