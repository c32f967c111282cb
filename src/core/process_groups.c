/* App groups over a process snapshot. See process_groups.h. */
#include "core/process_groups.h"

#include <stdlib.h>

#include "listapps.h"
#include "core/pid_map.h"

int la_is_real_parent(const la_proc_node *parent, const la_proc_node *child) {
  return parent != child && parent->pid != child->pid && parent->create_time != 0 &&
         child->create_time != 0 && parent->create_time < child->create_time;
}

static int index_by_pid(const la_proc_node *nodes, size_t count, la_pid_map *map) {
  size_t i;

  for (i = 0; i < count; i++) {
    if (la_pid_map_put(map, nodes[i].pid, i) != 0) {
      la_pid_map_free(map);
      return LISTAPPS_ENOMEM;
    }
  }
  return 0;
}

/* The recorded parent's index, or LA_NO_GROUP when it is not in the snapshot or is itself. */
static size_t recorded_parent(const la_proc_node *nodes, const la_pid_map *map, size_t i) {
  size_t p;

  if (!la_pid_map_get(map, nodes[i].parent_pid, &p) || p == i) return LA_NO_GROUP;
  return p;
}

/* Walks from process i up its recorded parents, bounded by count steps (parent links may form
 * cycles once PIDs are reused), and returns the first App met or LA_NO_GROUP. */
static size_t first_app_above(const la_proc_node *nodes, size_t count, const la_pid_map *map,
                              size_t i) {
  size_t steps;

  for (steps = 0; steps < count && i != LA_NO_GROUP; steps++) {
    if (nodes[i].is_app) return i;
    i = recorded_parent(nodes, map, i);
  }
  return LA_NO_GROUP;
}

int la_group_time_needs(const la_proc_node *nodes, size_t count, unsigned char *need) {
  la_pid_map map = {NULL, NULL, 0, 0};
  size_t i;
  int err = index_by_pid(nodes, count, &map);

  if (err != 0) return err;
  for (i = 0; i < count; i++) need[i] = 0;
  for (i = 0; i < count; i++) {
    size_t j = i;
    size_t steps;

    if (first_app_above(nodes, count, &map, i) == LA_NO_GROUP) continue;
    for (steps = 0; steps < count && j != LA_NO_GROUP && !need[j]; steps++) {
      need[j] = 1;
      if (nodes[j].is_app) break;
      j = recorded_parent(nodes, &map, j);
    }
  }
  la_pid_map_free(&map);
  return 0;
}

int la_assign_groups(const la_proc_node *nodes, size_t count, size_t *root) {
  la_pid_map map = {NULL, NULL, 0, 0};
  size_t i;
  int err = index_by_pid(nodes, count, &map);

  if (err != 0) return err;
  for (i = 0; i < count; i++) {
    size_t j = i;
    size_t steps;

    root[i] = LA_NO_GROUP;
    /* Bounded: a cycle of real parent links is impossible (creation times strictly rise going
     * down), but the bound costs nothing and guards against equal or bogus times. */
    for (steps = 0; steps <= count; steps++) {
      size_t p;
      if (nodes[j].is_app) {
        root[i] = j;
        break;
      }
      p = recorded_parent(nodes, &map, j);
      if (p == LA_NO_GROUP || !la_is_real_parent(&nodes[p], &nodes[j])) break;
      j = p;
    }
  }
  la_pid_map_free(&map);
  return 0;
}
