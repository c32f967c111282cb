/* From gathered facts to sorted rows. See assemble.h. */
#include "core/assemble.h"

#include <stdlib.h>
#include <string.h>

#include "core/field_registry.h"
#include "core/measures.h"
#include "core/process_category.h"
#include "core/process_groups.h"
#include "core/text.h"

void la_facts_free(la_facts *f) {
  size_t i;

  la_raw_windows_free(f->raw_windows, f->raw_window_count);
  for (i = 0; f->procs != NULL && i < f->proc_count; i++) {
    free(f->procs[i].exe_name);
    free(f->procs[i].path);
    free(f->procs[i].package_name);
  }
  for (i = 0; f->info != NULL && i < f->proc_count; i++) {
    free(f->info[i].command_line);
    free(f->info[i].user);
    free(f->info[i].gpu_time);
  }
  free(f->info);
  for (i = 0; f->gpu_engines != NULL && i < f->gpu_engine_count; i++) free(f->gpu_engines[i].name);
  free(f->gpu_engines);
  for (i = 0; f->versions != NULL && i < f->version_count; i++) {
    free(f->versions[i].description);
    free(f->versions[i].company);
  }
  for (i = 0; f->services != NULL && i < f->service_count; i++) free(f->services[i].display_name);
  la_windows_free(f->windows, f->window_count);
  free(f->procs);
  free(f->versions);
  free(f->services);
  free(f->windows_dir);
  free(f->system_dir);
  free(f->program_files_dir);
  la_session_statuses_free(f->sessions, f->session_count);
  memset(f, 0, sizeof *f);
}

/* The PIDs of the processes that are never Apps by their own windows (la_image_may_be_app). */
static int never_apps(const la_facts *f, la_pid_map *never) {
  size_t i;

  for (i = 0; i < f->proc_count; i++) {
    if (!la_image_may_be_app(f->procs[i].exe_name) &&
        la_pid_map_put(never, f->procs[i].pid, i) != 0)
      return LISTAPPS_ENOMEM;
  }
  return 0;
}

int la_find_apps(const la_facts *f, la_app_group **apps, size_t *app_count,
                 la_pid_map *app_of_pid) {
  la_pid_map never = {0};
  unsigned long *pids;
  size_t *window_of; /* pids[k] is the owner of f->windows[window_of[k]] */
  size_t n = 0;
  size_t i;
  int err;

  *apps = NULL;
  *app_count = 0;
  if (f->window_count == 0) return 0;
  pids = malloc(f->window_count * sizeof *pids);
  window_of = malloc(f->window_count * sizeof *window_of);
  err = pids == NULL || window_of == NULL ? LISTAPPS_ENOMEM : never_apps(f, &never);
  for (i = 0; i < f->window_count && err == 0; i++) {
    size_t ignored;
    if (la_pid_map_get(&never, f->windows[i].pid, &ignored)) continue;
    pids[n] = f->windows[i].pid;
    window_of[n++] = i;
  }
  if (err == 0) err = la_group_windows(pids, n, apps, app_count);
  for (i = 0; i < *app_count && err == 0; i++) {
    (*apps)[i].first_window = window_of[(*apps)[i].first_window];
    if (la_pid_map_put(app_of_pid, (*apps)[i].pid, i) != 0) err = LISTAPPS_ENOMEM;
  }
  free(pids);
  free(window_of);
  la_pid_map_free(&never);
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
    /* The shell: the owner of the desktop window GetShellWindow() names, or a process whose
     * path says it is %windir%\explorer.exe (read only where it can change a group). */
    nodes[i].is_shell = (f->shell_pid != 0 && nodes[i].pid == f->shell_pid) ||
                        la_is_shell_path(f->procs[i].path, f->windows_dir);
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

int la_plan_apps(const la_facts *f, la_plan *plan) {
  memset(plan, 0, sizeof *plan);
  return la_find_apps(f, &plan->apps, &plan->app_count, &plan->app_of_pid);
}

int la_plan_groups(const la_facts *f, la_plan *plan) {
  free(plan->nodes);
  free(plan->root);
  plan->root = NULL;
  plan->nodes = make_nodes(f, &plan->app_of_pid, &plan->node_count);
  if (plan->nodes != NULL)
    plan->root = malloc((plan->node_count > 0 ? plan->node_count : 1) * sizeof *plan->root);
  if (plan->nodes == NULL || plan->root == NULL) {
    free(plan->nodes);
    free(plan->root);
    plan->nodes = NULL;
    plan->root = NULL;
    plan->node_count = 0;
    return LISTAPPS_ENOMEM;
  }
  return la_assign_groups(plan->nodes, plan->node_count, plan->root);
}

void la_plan_free(la_plan *plan) {
  free(plan->apps);
  la_pid_map_free(&plan->app_of_pid);
  free(plan->nodes);
  free(plan->root);
  memset(plan, 0, sizeof *plan);
}

void la_plan_row_needs(const la_facts *f, const la_plan *plan, unsigned int flags,
                       unsigned char *has_row) {
  size_t i;

  for (i = 0; i < f->proc_count; i++) {
    size_t ignored;
    /* An App missing from the snapshot heads a group of its own. */
    if (flags & LISTAPPS_LIST_ALL)
      has_row[i] = 1;
    else if (i < plan->node_count)
      has_row[i] = (unsigned char)(plan->root[i] == i);
    else
      has_row[i] = (unsigned char)la_pid_map_get(&plan->app_of_pid, f->procs[i].pid, &ignored);
  }
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
  /* The plan's, borrowed: */
  const la_app_group *apps;
  size_t app_count;
  const la_pid_map *app_of_pid; /* App PID -> index in apps */
  const la_proc_node *nodes;    /* the snapshot's processes */
  size_t node_count;
  const size_t *root; /* per node: index of its group's App node, or LA_NO_GROUP */
  la_pid_map proc_of_pid; /* PID -> index in f->procs */
  size_t *head_app;   /* per App row: the index in apps of the App that heads the group */
  size_t head_count;  /* Apps that head their group: the App rows */
  size_t *row_of_app; /* per App: the App row of its group */
} assembly;

static const la_process_facts *proc_of(const assembly *a, unsigned long pid) {
  size_t i;
  return la_pid_map_get(&a->proc_of_pid, pid, &i) ? &a->f->procs[i] : NULL;
}

/* The node of App app, or LA_NO_GROUP when its process was gone by the snapshot. */
static size_t node_of_app(const assembly *a, size_t app) {
  size_t i;
  if (!la_pid_map_get(&a->proc_of_pid, a->apps[app].pid, &i) || i >= a->node_count)
    return LA_NO_GROUP;
  return i;
}

/* The App whose group App app is in: app itself when it heads one, else the App heading the
 * group it is nested in. */
static size_t head_of(const assembly *a, size_t app) {
  size_t node = node_of_app(a, app);
  size_t head;

  /* A group's root is an App (is_app came from app_of_pid), so the lookup finds it. */
  if (node == LA_NO_GROUP || a->root[node] == node || a->root[node] == LA_NO_GROUP ||
      !la_pid_map_get(a->app_of_pid, a->nodes[a->root[node]].pid, &head))
    return app;
  return head;
}

/* Which Apps head their group (an App nested in another App's group has no row of its own),
 * and each App's row: the row of the App that heads its group. */
static int find_heads(assembly *a) {
  size_t i;

  a->head_app = malloc((a->app_count > 0 ? a->app_count : 1) * sizeof *a->head_app);
  a->row_of_app = malloc((a->app_count > 0 ? a->app_count : 1) * sizeof *a->row_of_app);
  if (a->head_app == NULL || a->row_of_app == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < a->app_count; i++) {
    if (head_of(a, i) != i) continue;
    a->row_of_app[i] = a->head_count;
    a->head_app[a->head_count++] = i;
  }
  for (i = 0; i < a->app_count; i++) a->row_of_app[i] = a->row_of_app[head_of(a, i)];
  return 0;
}

/* The name the rules give a row: a packaged App's display name; a service host's services;
 * else the trimmed FileDescription, else the image name (la_display_name). */
static int row_name(const assembly *a, const la_row_context *c, const char *image, char **name) {
  int err;

  *name = NULL;
  if (c->category == LISTAPPS_CATEGORY_APP && c->proc != NULL && c->proc->package_name != NULL) {
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

/* Each App row's members: one pass counts them for every App row, one fills them in. rows[r]
 * is the row of the group that apps[head_app[r]] heads; every process whose root is that App
 * is a member, Apps nested in the group too. */
static int collect_members(const assembly *a, la_row *rows) {
  size_t *row_of_node = calloc(a->node_count + 1, sizeof *row_of_node);
  size_t r;
  size_t i;

  if (row_of_node == NULL) return LISTAPPS_ENOMEM;
  for (r = 0; r < a->head_count; r++) {
    size_t node = node_of_app(a, a->head_app[r]);
    rows[r].member_count = 1;
    if (node != LA_NO_GROUP) row_of_node[node] = r + 1;
  }
  for (i = 0; i < a->node_count; i++) {
    if (a->root[i] != LA_NO_GROUP && a->root[i] != i && row_of_node[a->root[i]] != 0)
      rows[row_of_node[a->root[i]] - 1].member_count++;
  }
  for (r = 0; r < a->head_count; r++) {
    rows[r].member_pids = malloc(rows[r].member_count * sizeof *rows[r].member_pids);
    if (rows[r].member_pids == NULL) {
      free(row_of_node);
      return LISTAPPS_ENOMEM;
    }
    rows[r].member_pids[0] = a->apps[a->head_app[r]].pid;
    rows[r].member_count = 1;
  }
  for (i = 0; i < a->node_count; i++) {
    la_row *row;
    if (a->root[i] == LA_NO_GROUP || a->root[i] == i || row_of_node[a->root[i]] == 0) continue;
    row = &rows[row_of_node[a->root[i]] - 1];
    row->member_pids[row->member_count++] = a->nodes[i].pid;
  }
  for (r = 0; r < a->head_count; r++)
    qsort(rows[r].member_pids + 1, rows[r].member_count - 1, sizeof *rows[r].member_pids,
          compare_pids);
  free(row_of_node);
  return 0;
}

/* The App row window w goes to, or LA_NO_INDEX when it makes no App (its process is never an
 * App, la_image_may_be_app). */
static size_t row_of_window(const assembly *a, const la_window *w) {
  size_t app;
  return la_pid_map_get(a->app_of_pid, w->pid, &app) ? a->row_of_app[app] : LA_NO_INDEX;
}

/* Moves each window into the row of its App's group. A row's windows are the heading App's own,
 * topmost first (so the first gives the Title), then those of the other Apps in its group in Z
 * order, topmost first. One pass counts, two move. */
static int distribute_windows(assembly *a, la_row *rows) {
  size_t r;
  size_t i;
  int own;

  for (i = 0; i < a->f->window_count; i++) {
    size_t row = row_of_window(a, &a->f->windows[i]);
    if (row != LA_NO_INDEX) rows[row].window_count++;
  }
  for (r = 0; r < a->head_count; r++) {
    rows[r].windows =
        calloc(rows[r].window_count > 0 ? rows[r].window_count : 1, sizeof *rows[r].windows);
    if (rows[r].windows == NULL) return LISTAPPS_ENOMEM;
    rows[r].window_count = 0;
  }
  for (own = 1; own >= 0; own--) {
    for (i = 0; i < a->f->window_count; i++) {
      la_window *w = &a->f->windows[i];
      size_t row = row_of_window(a, w);
      la_row *rw;

      if (row == LA_NO_INDEX) continue;
      rw = &rows[row];
      if ((w->pid == a->apps[a->head_app[row]].pid) != own) continue;
      rw->windows[rw->window_count++] = *w;
      w->title = NULL;
      w->class_name = NULL;
    }
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
  facts.windows_dir = a->f->windows_dir;
  facts.program_files_dir = a->f->program_files_dir;
  return la_process_category(&facts);
}

static const la_process_info *info_of(const assembly *a, const la_process_facts *p) {
  if (a->f->info == NULL || p == NULL) return NULL;
  return &a->f->info[p - a->f->procs];
}

/* What a counter read at a sample's two readings grew by: all of it for a process that started
 * during the sample, nothing for one gone by its end (or a counter that went back). */
static uint64_t growth(const uint64_t *value, const int *seen) {
  uint64_t before = seen[0] ? value[0] : 0;
  return seen[1] && value[1] >= before ? value[1] - before : 0;
}

/* Adds one process's readings to totals. */
static void add_to_totals(const la_facts *f, const la_process_info *info, la_group_totals *t) {
  int suspended = 0;
  size_t k;

  if (info == NULL) return;
  if (info->cpu_seen[1])
    t->cpu_time += info->cpu_time[1] - (info->cpu_seen[0] ? info->cpu_time[0] : 0);
  if (info->memory_state == LISTAPPS_VALUE_PRESENT) t->memory += info->memory;
  if (la_process_suspended(info->suspended_state, info->suspended, info->frozen_state, info->frozen,
                           &suspended) != LISTAPPS_VALUE_PRESENT ||
      !suspended)
    t->suspended = 0;
  if (info->threads_state == LISTAPPS_VALUE_PRESENT) t->threads += info->threads;
  if (info->handles_state == LISTAPPS_VALUE_PRESENT) t->handles += info->handles;
  if (info->gui_state == LISTAPPS_VALUE_PRESENT) {
    t->gdi_objects += info->gdi_objects;
    t->user_objects += info->user_objects;
  }
  if (info->disk_state == LISTAPPS_VALUE_PRESENT)
    t->disk_bytes += growth(info->disk_bytes, info->disk_seen);
  if (info->network_state == LISTAPPS_VALUE_PRESENT)
    t->network_bytes += growth(info->network_bytes, info->network_seen);
  if (info->gpu_state == LISTAPPS_VALUE_PRESENT && info->gpu_time != NULL)
    for (k = 0; k < f->gpu_engine_count && k < LA_GPU_MAX_ENGINES; k++) {
      uint64_t times[2];
      times[0] = info->gpu_time[k];
      times[1] = info->gpu_time[f->gpu_engine_count + k];
      t->gpu_time[k] += growth(times, info->gpu_seen);
    }
  if (info->gpu_memory_state == LISTAPPS_VALUE_PRESENT) {
    t->gpu_dedicated += info->gpu_dedicated;
    t->gpu_shared += info->gpu_shared;
  }
}

/* The state of a sampled value of the row's own process: its reading's, and present only when
 * the process was there at the sample's end. */
static int sampled_state(int state, const int *seen) {
  if (state != LISTAPPS_VALUE_PRESENT) return state;
  return seen[1] ? LISTAPPS_VALUE_PRESENT : LISTAPPS_VALUE_EXITED;
}

/* What a row shows of Task Manager's columns: a process's own readings, or for an App row of
 * the default listing the sum over its group, as Task Manager's collapsed row shows it. A
 * member that exited during the sample adds nothing; the row's own process decides whether
 * the value is there at all. */
static la_group_totals totals_of(const assembly *a, const la_process_facts *p,
                                 const unsigned long *members, size_t member_count,
                                 const la_window *windows, size_t window_count) {
  const la_process_info *own = info_of(a, p);
  la_group_totals t;
  int ignored;
  size_t i;

  memset(&t, 0, sizeof t);
  t.cpu_state = own == NULL                                ? LISTAPPS_VALUE_EXITED
                : own->cpu_state != LISTAPPS_VALUE_PRESENT ? own->cpu_state
                : own->cpu_seen[1]                         ? LISTAPPS_VALUE_PRESENT
                                                           : LISTAPPS_VALUE_EXITED;
  t.memory_state = own == NULL ? LISTAPPS_VALUE_EXITED : own->memory_state;
  t.suspended_state = own == NULL ? LISTAPPS_VALUE_EXITED
                                  : la_process_suspended(own->suspended_state, own->suspended,
                                                         own->frozen_state, own->frozen, &ignored);
  t.suspended = 1;
  t.threads_state = own == NULL ? LISTAPPS_VALUE_EXITED : own->threads_state;
  t.handles_state = own == NULL ? LISTAPPS_VALUE_EXITED : own->handles_state;
  t.gui_state = own == NULL ? LISTAPPS_VALUE_EXITED : own->gui_state;
  t.disk_state =
      own == NULL ? LISTAPPS_VALUE_EXITED : sampled_state(own->disk_state, own->disk_seen);
  t.network_state =
      own == NULL ? LISTAPPS_VALUE_EXITED : sampled_state(own->network_state, own->network_seen);
  t.gpu_state = own == NULL ? LISTAPPS_VALUE_EXITED : sampled_state(own->gpu_state, own->gpu_seen);
  t.gpu_memory_state = own == NULL ? LISTAPPS_VALUE_EXITED : own->gpu_memory_state;
  if (members == NULL) {
    add_to_totals(a->f, own, &t);
  } else {
    for (i = 0; i < member_count; i++) add_to_totals(a->f, info_of(a, proc_of(a, members[i])), &t);
  }
  for (i = 0; i < window_count; i++) t.hung |= windows[i].hung;
  return t;
}

static int make_rows(assembly *a, la_rows *out) {
  int all = (a->flags & LISTAPPS_LIST_ALL) != 0;
  size_t cap = a->head_count + (all ? a->node_count : 0);
  la_row *rows = calloc(cap > 0 ? cap : 1, sizeof *rows);
  size_t n;
  size_t i;
  int err;

  if (rows == NULL) return LISTAPPS_ENOMEM;
  out->items = rows;
  out->count = a->head_count;
  err = collect_members(a, rows);
  if (err == 0) err = distribute_windows(a, rows);
  for (i = 0; i < a->head_count && err == 0; i++) {
    la_row_context c;
    memset(&c, 0, sizeof c);
    c.facts = a->f;
    c.pid = a->apps[a->head_app[i]].pid;
    c.app_pid = c.pid;
    c.proc = proc_of(a, c.pid);
    c.version = version_of(a, c.proc);
    c.category = LISTAPPS_CATEGORY_APP;
    c.windows = rows[i].windows;
    c.window_count = rows[i].window_count;
    c.process_count = rows[i].member_count;
    c.info = info_of(a, c.proc);
    /* With LISTAPPS_LIST_ALL each process row is its own; without, the App row is the group. */
    c.totals = totals_of(a, c.proc, all ? NULL : rows[i].member_pids,
                         all ? 0 : rows[i].member_count, c.windows, c.window_count);
    err = fill_row(a, &c, &rows[i]);
  }
  /* With LISTAPPS_LIST_ALL every other process: a group's members (an App nested in another's
   * group among them, its windows counted in the group's row), then the rest. */
  for (n = a->head_count, i = 0; all && i < a->node_count && err == 0; i++) {
    la_row_context c;
    if (a->nodes[i].is_app && a->root[i] == i) continue;
    memset(&c, 0, sizeof c);
    c.facts = a->f;
    c.proc = &a->f->procs[i];
    c.version = version_of(a, c.proc);
    c.pid = c.proc->pid;
    c.app_pid = a->root[i] != LA_NO_GROUP ? a->nodes[a->root[i]].pid : 0;
    c.category = category_of(a, i, c.app_pid);
    c.process_count = 1;
    c.info = info_of(a, c.proc);
    c.totals = totals_of(a, c.proc, NULL, 0, NULL, 0);
    out->count = n + 1;
    err = fill_row(a, &c, &rows[n++]);
  }
  return err;
}

int la_assemble_planned(la_facts *f, const la_plan *plan, unsigned int flags, int sort_field,
                        int descending, la_rows *out) {
  assembly a;
  size_t i;
  int err = 0;

  memset(out, 0, sizeof *out);
  memset(&a, 0, sizeof a);
  a.f = f;
  a.flags = flags;
  a.apps = plan->apps;
  a.app_count = plan->app_count;
  a.app_of_pid = &plan->app_of_pid;
  a.nodes = plan->nodes;
  a.node_count = plan->node_count;
  a.root = plan->root;
  for (i = 0; i < f->proc_count && err == 0; i++) {
    if (la_pid_map_put(&a.proc_of_pid, f->procs[i].pid, i) != 0) err = LISTAPPS_ENOMEM;
  }
  if (err == 0) err = find_heads(&a);
  if (err == 0) err = make_rows(&a, out);
  if (err == 0)
    err = la_sort_rows_by(out->items, out->count, flags,
                          sort_field >= 0 ? sort_field : LISTAPPS_FIELD_NAME,
                          sort_field >= 0 && descending);
  if (err == 0) {
    out->flags = flags;
    /* A sessions listing says which sessions it read. */
    out->sessions = f->sessions;
    out->session_count = f->session_count;
    f->sessions = NULL;
    f->session_count = 0;
  } else {
    la_rows_free(out);
  }
  free(a.row_of_app);
  free(a.head_app);
  la_pid_map_free(&a.proc_of_pid);
  return err;
}

int la_assemble(la_facts *f, unsigned int flags, la_rows *out) {
  la_plan plan;
  int err = la_plan_apps(f, &plan);

  if (err == 0) err = la_plan_groups(f, &plan);
  if (err == 0) {
    err = la_assemble_planned(f, &plan, flags, -1, 0, out);
  } else {
    memset(out, 0, sizeof *out);
  }
  la_plan_free(&plan);
  return err;
}
