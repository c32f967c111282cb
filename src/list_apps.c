/* listapps_list_apps: gathers the facts, applies the rules, builds the rows. */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "app_rules.h"
#include "utf.h"
#include "win_facts.h"

/* What is gathered for each App while its row is built. */
typedef struct app_work {
  wchar_t *path16; /* UTF-16 image path for the version read; NULL when unknown */
} app_work;

static char *copy_string(const char *s) {
  size_t len = strlen(s);
  char *copy = malloc(len + 1);

  if (copy != NULL) memcpy(copy, s, len + 1);
  return copy;
}

static void free_app(listapps_app *a) {
  free(a->name);
  free(a->title);
  free(a->image);
  free(a->path);
  free(a->description);
}

/* Fills the process facts of one row: parent, image path and image name. */
static int fill_process(listapps_app *a, app_work *w, const la_process_table *procs) {
  const la_process_entry *entry = la_process_table_find(procs, a->pid);
  int rc;

  if (entry != NULL) {
    a->parent_pid = entry->parent_pid;
    a->has_parent_pid = 1;
  }
  rc = la_query_image_path(a->pid, &w->path16);
  if (rc < 0) return rc;
  if (w->path16 != NULL) {
    if (la_utf16_to_utf8(w->path16, wcslen(w->path16), &a->path, NULL) != 0)
      return LISTAPPS_ENOMEM;
    a->image = copy_string(la_file_name_of(a->path));
  } else if (entry != NULL) {
    /* Access denied (an elevated or protected process): the snapshot still names the image. */
    a->image = copy_string(entry->exe_name);
  } else {
    return 0;
  }
  return a->image == NULL ? LISTAPPS_ENOMEM : 0;
}

typedef struct path_ref {
  const wchar_t *path;
  size_t app;
} path_ref;

static int compare_path_refs(const void *pa, const void *pb) {
  const path_ref *a = pa;
  const path_ref *b = pb;
  /* Windows paths compare without regard to case, by the file system's ordinal rule. */
  int c = CompareStringOrdinal(a->path, -1, b->path, -1, TRUE);

  if (c != CSTR_EQUAL) return c == CSTR_LESS_THAN ? -1 : 1;
  return (a->app > b->app) - (a->app < b->app);
}

static int same_path(const path_ref *a, const path_ref *b) {
  return CompareStringOrdinal(a->path, -1, b->path, -1, TRUE) == CSTR_EQUAL;
}

/* Reads each distinct executable's description once, and gives it to every App running it. */
static int fill_descriptions(listapps_app *apps, const app_work *work, size_t count) {
  path_ref *refs = malloc((count > 0 ? count : 1) * sizeof *refs);
  size_t ref_count = 0;
  size_t run;
  size_t i;
  int err = 0;

  if (refs == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < count; i++) {
    if (work[i].path16 == NULL) continue;
    refs[ref_count].path = work[i].path16;
    refs[ref_count].app = i;
    ref_count++;
  }
  qsort(refs, ref_count, sizeof *refs, compare_path_refs);
  for (i = 0; i < ref_count && err == 0; i = run) {
    char *description = NULL;
    size_t k;

    run = i + 1;
    while (run < ref_count && same_path(&refs[i], &refs[run])) run++;
    err = la_read_description(refs[i].path, &description);
    for (k = i; k < run && err == 0 && description != NULL; k++) {
      apps[refs[k].app].description = copy_string(description);
      if (apps[refs[k].app].description == NULL) err = LISTAPPS_ENOMEM;
    }
    free(description);
  }
  free(refs);
  return err;
}

static int build_rows(la_window_list *windows, const la_process_table *procs,
                      listapps_list *out) {
  unsigned long *pids = NULL;
  la_app_group *groups = NULL;
  size_t group_count = 0;
  app_work *work = NULL;
  listapps_app *apps = NULL;
  size_t i;
  int err = 0;

  if (windows->count == 0) return 0;
  pids = malloc(windows->count * sizeof *pids);
  if (pids == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < windows->count; i++) pids[i] = windows->items[i].pid;
  err = la_group_windows(pids, windows->count, &groups, &group_count);
  if (err != 0) goto cleanup;
  apps = calloc(group_count, sizeof *apps);
  work = calloc(group_count, sizeof *work);
  if (apps == NULL || work == NULL) {
    err = LISTAPPS_ENOMEM;
    goto cleanup;
  }
  for (i = 0; i < group_count && err == 0; i++) {
    listapps_app *a = &apps[i];
    la_window *top = &windows->items[groups[i].first_window];

    a->category = LISTAPPS_CATEGORY_APP;
    a->pid = groups[i].pid;
    a->app_pid = groups[i].pid;
    a->title = top->title;
    top->title = NULL;
    a->window_count = groups[i].window_count;
    a->process_count = 1;
    err = fill_process(a, &work[i], procs);
  }
  if (err == 0) err = fill_descriptions(apps, work, group_count);
  for (i = 0; i < group_count && err == 0; i++) {
    apps[i].name = la_display_name(apps[i].description, apps[i].image);
    if (apps[i].name == NULL) err = LISTAPPS_ENOMEM;
  }
  if (err == 0) {
    la_sort_apps(apps, group_count);
    out->apps = apps;
    out->count = group_count;
    apps = NULL;
  }

cleanup:
  if (apps != NULL) {
    for (i = 0; i < group_count; i++) free_app(&apps[i]);
    free(apps);
  }
  if (work != NULL) {
    for (i = 0; i < group_count; i++) free(work[i].path16);
    free(work);
  }
  free(groups);
  free(pids);
  return err;
}

int listapps_list_apps(unsigned int flags, listapps_list *out) {
  la_window_list windows = {NULL, 0, 0};
  la_process_table procs = {NULL, 0, NULL};
  int err;

  if (out == NULL) return LISTAPPS_EINVAL;
  out->apps = NULL;
  out->count = 0;
  if (flags != LISTAPPS_LIST_DEFAULT) return LISTAPPS_EINVAL;
  err = la_collect_app_windows(&windows);
  /* The snapshot is taken after the windows, so every process that owned one when it was seen
   * and is still running is in it. */
  if (err == 0 && windows.count > 0) err = la_snapshot_processes(&procs);
  if (err == 0) err = build_rows(&windows, &procs, out);
  la_process_table_free(&procs);
  la_window_list_free(&windows);
  return err;
}

void listapps_free_list(listapps_list *list) {
  size_t i;

  if (list == NULL) return;
  for (i = 0; i < list->count; i++) free_app(&list->apps[i]);
  free(list->apps);
  list->apps = NULL;
  list->count = 0;
}
