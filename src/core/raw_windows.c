/* Raw windows: what a listing read of each top-level window, and the windows the rules make of
 * them again when a recording is replayed. See facts.h. */
#include <stdlib.h>
#include <string.h>

#include "core/app_rules.h"
#include "core/facts.h"
#include "core/text.h"

void la_windows_free(la_window *windows, size_t count) {
  size_t i;

  for (i = 0; windows != NULL && i < count; i++) {
    free(windows[i].title);
    free(windows[i].class_name);
  }
  free(windows);
}

void la_raw_windows_free(la_raw_window *windows, size_t count) {
  size_t i;

  for (i = 0; windows != NULL && i < count; i++) {
    free(windows[i].title);
    free(windows[i].class_name);
    free(windows[i].frame_host_path);
    free(windows[i].frame_system_dir);
  }
  free(windows);
}

/* The entry read for the ghost whose target is hwnd; NULL when there is none. */
static const la_raw_window *ghost_target(const la_facts *f, uintptr_t hwnd) {
  size_t i;

  for (i = 0; i < f->raw_window_count; i++)
    if (f->raw_windows[i].is_ghost_target && f->raw_windows[i].hwnd == hwnd)
      return &f->raw_windows[i];
  return NULL;
}

void la_window_readings_get(const la_window *w, la_window_readings *out) {
  out->read = w->read;
  out->rect_state = w->rect_state;
  out->left = w->left;
  out->top = w->top;
  out->width = w->width;
  out->height = w->height;
  out->show_state = w->show_state;
  out->show = w->show;
  out->cloaked_state = w->cloaked_state;
  out->cloaked = w->cloaked;
  out->foreground_state = w->foreground_state;
  out->foreground = w->foreground;
}

void la_window_readings_put(la_window *w, const la_window_readings *in) {
  w->read = in->read;
  w->rect_state = in->rect_state;
  w->left = in->left;
  w->top = in->top;
  w->width = in->width;
  w->height = in->height;
  w->show_state = in->show_state;
  w->show = in->show;
  w->cloaked_state = in->cloaked_state;
  w->cloaked = in->cloaked;
  w->foreground_state = in->foreground_state;
  w->foreground = in->foreground;
}

static int push(la_facts *f, const la_raw_window *r, unsigned long app_pid, int hung) {
  la_window *w = &f->windows[f->window_count];

  memset(w, 0, sizeof *w);
  w->hwnd = r->hwnd;
  w->pid = app_pid;
  w->hung = hung;
  la_window_readings_put(w, &r->readings);
  /* A title that was not read (a private listing) stays NULL. */
  if ((r->title != NULL && (w->title = la_strdup(r->title)) == NULL) || (r->class_name != NULL && (w->class_name = la_strdup(r->class_name)) == NULL)) {
    free(w->title);
    return LISTAPPS_ENOMEM;
  }
  f->window_count++;
  return 0;
}

int la_windows_from_raw(la_facts *f) {
  size_t i;
  int err = 0;

  f->windows = NULL;
  f->window_count = 0;
  if (f->raw_window_count == 0) return 0;
  f->windows = calloc(f->raw_window_count, sizeof *f->windows);
  if (f->windows == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < f->raw_window_count && err == 0; i++) {
    const la_raw_window *r = &f->raw_windows[i];
    unsigned long app_pid = 0;
    if (r->is_ghost_target) continue;
    if (la_is_ghost_class(r->class_name) && r->ghost_target != 0) {
      /* The ghost stands, at its place in the Z order, for the hung window it covers. */
      const la_raw_window *target = ghost_target(f, r->ghost_target);
      if (target != NULL && la_ghost_target_counts(target, &app_pid))
        err = push(f, target, app_pid, 1);
    } else if (la_raw_window_qualifies(r, &app_pid)) {
      err = push(f, r, app_pid, r->hung);
    }
  }
  if (err != 0) {
    la_windows_free(f->windows, f->window_count);
    f->windows = NULL;
    f->window_count = 0;
  }
  return err;
}
