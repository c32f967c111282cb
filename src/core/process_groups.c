/* App groups over a process snapshot. See process_groups.h. */
#include "core/process_groups.h"

#include <stdlib.h>
#include <string.h>

#include "listapps.h"
#include "core/pid_map.h"

int la_is_real_parent(const la_proc_node *parent, const la_proc_node *child) {
  return parent != child && parent->pid != child->pid && parent->create_time != 0 &&
         child->create_time != 0 && parent->create_time < child->create_time;
}

/* The state of a process in the walks below. */
enum { NOT_SEEN = 0, ON_PATH = 1, DONE = 2 };

/* What one pass over the snapshot works with: the PID index, and the path walked so far. */
typedef struct walk {
  la_pid_map map;       /* PID -> index */
  unsigned char *state; /* per process: NOT_SEEN, ON_PATH or DONE */
  size_t *path;         /* the processes of the current walk, lowest first */
  size_t *pos;          /* per process on the path: its index in path */
} walk;

static void walk_free(walk *w) {
  la_pid_map_free(&w->map);
  free(w->state);
  free(w->path);
  free(w->pos);
}

static int walk_init(walk *w, const la_proc_node *nodes, size_t count) {
  size_t n = count > 0 ? count : 1;
  size_t i;

  memset(&w->map, 0, sizeof w->map);
  w->state = calloc(n, sizeof *w->state);
  w->path = malloc(n * sizeof *w->path);
  w->pos = malloc(n * sizeof *w->pos);
  if (w->state == NULL || w->path == NULL || w->pos == NULL) {
    walk_free(w);
    return LISTAPPS_ENOMEM;
  }
  for (i = 0; i < count; i++) {
    if (la_pid_map_put(&w->map, nodes[i].pid, i) != 0) {
      walk_free(w);
      return LISTAPPS_ENOMEM;
    }
  }
  return 0;
}

/* The next process up the chain from i that the grouping may look at, or LA_NO_GROUP: its
 * recorded parent, unless that is gone or i itself, or either of them is the shell. The shell
 * adopts nobody: Task Manager does not nest the apps started from the Start menu or the
 * taskbar under Windows Explorer. */
static size_t chain_parent(const la_proc_node *nodes, const la_pid_map *map, size_t i) {
  size_t p;

  if (nodes[i].is_shell) return LA_NO_GROUP;
  if (!la_pid_map_get(map, nodes[i].parent_pid, &p) || p == i || nodes[p].is_shell)
    return LA_NO_GROUP;
  return p;
}

int la_group_time_needs(const la_proc_node *nodes, size_t count, unsigned char *need) {
  walk w;
  size_t i;
  int err = walk_init(&w, nodes, count);

  if (err != 0) return err;
  /* need[i] is first "an App is at or above i": each chain is walked once, from its lowest
   * unseen process up to one already decided, and decided on the way back down. Recorded
   * parents can form a cycle (reused PIDs); every process of a cycle has the whole cycle above
   * it. */
  for (i = 0; i < count; i++) {
    size_t n = 0;
    size_t j = i;
    int above = 0;

    while (j != LA_NO_GROUP && w.state[j] == NOT_SEEN) {
      w.state[j] = ON_PATH;
      w.pos[j] = n;
      w.path[n++] = j;
      j = chain_parent(nodes, &w.map, j);
    }
    if (j != LA_NO_GROUP && w.state[j] == DONE) {
      above = need[j];
    } else if (j != LA_NO_GROUP) {
      size_t start = w.pos[j];
      size_t k;
      for (k = start; k < n; k++) above |= nodes[w.path[k]].is_app != 0;
      for (k = start; k < n; k++) {
        need[w.path[k]] = (unsigned char)above;
        w.state[w.path[k]] = DONE;
      }
      n = start;
    }
    while (n > 0) {
      size_t k = w.path[--n];
      above |= nodes[k].is_app != 0;
      need[k] = (unsigned char)above;
      w.state[k] = DONE;
    }
  }
  /* The walk never reads the shell's time: it neither steps into the shell nor out of it. */
  for (i = 0; i < count; i++)
    if (nodes[i].is_shell) need[i] = 0;
  walk_free(&w);
  return 0;
}

int la_assign_groups(const la_proc_node *nodes, size_t count, size_t *root) {
  walk w;
  size_t i;
  int err = walk_init(&w, nodes, count);

  if (err != 0) return err;
  /* Each chain of real parent links is walked once, from its lowest unseen process up to one
   * already decided (or the top), and decided on the way back down: a process's root is its
   * parent's root when there is one, else itself if it is an App. Real links cannot form a
   * cycle (creation times strictly rise going down); a process met twice in one walk ends it
   * all the same, so bogus times cannot loop. */
  for (i = 0; i < count; i++) {
    size_t n = 0;
    size_t j = i;
    size_t top = LA_NO_GROUP;

    while (j != LA_NO_GROUP && w.state[j] == NOT_SEEN) {
      size_t p = chain_parent(nodes, &w.map, j);
      w.state[j] = ON_PATH;
      w.path[n++] = j;
      j = p != LA_NO_GROUP && la_is_real_parent(&nodes[p], &nodes[j]) ? p : LA_NO_GROUP;
    }
    if (j != LA_NO_GROUP && w.state[j] == DONE) top = root[j];
    while (n > 0) {
      size_t k = w.path[--n];
      if (top == LA_NO_GROUP && nodes[k].is_app) top = k;
      root[k] = top;
      w.state[k] = DONE;
    }
  }
  walk_free(&w);
  return 0;
}
