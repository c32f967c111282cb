/* listapps_list_apps, the 1.0 call, over a snapshot: its rows moved into 1.0's structs. */
#include <stdlib.h>
#include <string.h>

#include "api/compat.h"
#include "api/list_stats.h"
#include "api/snapshot.h"

/* Takes a string value out of a row (NULL when it is not present). */
static char *take_text(la_value *v) {
  char *text = v->state == LISTAPPS_VALUE_PRESENT ? v->text : NULL;
  v->text = NULL;
  return text;
}

static unsigned long number_of(const la_value *v) {
  return v->state == LISTAPPS_VALUE_PRESENT ? (unsigned long)v->number : 0ul;
}

/* Frees what listapps_list_apps stored in one row. */
static void free_app(listapps_app *a) {
  size_t i;

  free(a->name);
  free(a->title);
  free(a->image);
  free(a->path);
  free(a->description);
  for (i = 0; a->windows != NULL && i < a->window_count; i++) {
    free(a->windows[i].title);
    free(a->windows[i].class_name);
  }
  free(a->windows);
  free(a->member_pids);
}

/* Moves one row into a 1.0 row. Returns 0 or LISTAPPS_ENOMEM (the row is then unchanged). */
static int move_row(la_row *r, listapps_app *a) {
  size_t i;

  memset(a, 0, sizeof *a);
  if (r->window_count > 0) {
    a->windows = calloc(r->window_count, sizeof *a->windows);
    if (a->windows == NULL) return LISTAPPS_ENOMEM;
  }
  a->category = (int)r->values[LISTAPPS_FIELD_CATEGORY].number;
  a->pid = number_of(&r->values[LISTAPPS_FIELD_PID]);
  a->parent_pid = number_of(&r->values[LISTAPPS_FIELD_PARENT_PID]);
  a->has_parent_pid = r->values[LISTAPPS_FIELD_PARENT_PID].state == LISTAPPS_VALUE_PRESENT;
  a->app_pid = number_of(&r->values[LISTAPPS_FIELD_APP_PID]);
  a->process_count = r->member_count > 0 ? r->member_count : 1;
  a->name = take_text(&r->values[LISTAPPS_FIELD_NAME]);
  a->title = take_text(&r->values[LISTAPPS_FIELD_TITLE]);
  a->image = take_text(&r->values[LISTAPPS_FIELD_IMAGE]);
  a->path = take_text(&r->values[LISTAPPS_FIELD_PATH]);
  a->description = take_text(&r->values[LISTAPPS_FIELD_DESCRIPTION]);
  for (i = 0; i < r->window_count; i++) {
    a->windows[i].hwnd = (unsigned long long)r->windows[i].hwnd;
    a->windows[i].title = r->windows[i].title;
    a->windows[i].class_name = r->windows[i].class_name;
    r->windows[i].title = NULL;
    r->windows[i].class_name = NULL;
  }
  a->window_count = r->window_count;
  a->member_pids = r->member_pids;
  r->member_pids = NULL;
  return 0;
}

int la_rows_to_list(la_rows *rows, listapps_list *out) {
  listapps_app *apps = NULL;
  size_t i;

  memset(out, 0, sizeof *out);
  if (rows->count > 0) {
    apps = calloc(rows->count, sizeof *apps);
    if (apps == NULL) return LISTAPPS_ENOMEM;
  }
  for (i = 0; i < rows->count; i++) {
    if (move_row(&rows->items[i], &apps[i]) != 0) {
      while (i-- > 0) free_app(&apps[i]);
      free(apps);
      return LISTAPPS_ENOMEM;
    }
  }
  out->apps = apps;
  out->count = rows->count;
  out->flags = rows->flags;
  return 0;
}

int la_list_apps_counted(unsigned int flags, listapps_list *out, la_list_stats *stats) {
  listapps_options options = LISTAPPS_OPTIONS_INIT;
  listapps_snapshot *s = NULL;
  int err;

  if (stats != NULL) memset(stats, 0, sizeof *stats);
  if (out == NULL) return LISTAPPS_EINVAL;
  memset(out, 0, sizeof *out);
  /* Frozen: 1.0 knew LISTAPPS_LIST_DEFAULT and LISTAPPS_LIST_ALL, and no flag since. */
  if ((flags & ~LISTAPPS_LIST_ALL) != 0) return LISTAPPS_EINVAL;
  options.flags = flags;
  err = la_snapshot_take_counted(&options, &s, NULL, stats);
  if (err == 0) err = la_rows_to_list(&s->rows, out);
  listapps_snapshot_free(s);
  return err;
}

int listapps_list_apps(unsigned int flags, listapps_list *out) {
  return la_list_apps_counted(flags, out, NULL);
}

void listapps_free_list(listapps_list *list) {
  size_t i;

  if (list == NULL) return;
  for (i = 0; list->apps != NULL && i < list->count; i++) free_app(&list->apps[i]);
  free(list->apps);
  list->apps = NULL;
  list->count = 0;
  list->flags = 0;
}
