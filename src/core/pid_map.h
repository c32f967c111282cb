/* A hash map from process ID to an index, so each lookup is O(1) rather than a linear search.
 * Pure C, no Win32. */
#ifndef LA_PID_MAP_H
#define LA_PID_MAP_H

#include <stddef.h>

typedef struct la_pid_map {
  unsigned long *keys;
  size_t *slots; /* index + 1; 0 marks an empty slot */
  size_t cap;    /* a power of two, or 0 before the first put */
  size_t count;
} la_pid_map;

/* Stores index for pid, replacing an earlier index. Returns 0, or -1 when memory runs out (the
 * map is unchanged then). A zeroed la_pid_map is an empty map. */
int la_pid_map_put(la_pid_map *m, unsigned long pid, size_t index);
/* Returns 1 and sets *index when pid is present, 0 when it is not. */
int la_pid_map_get(const la_pid_map *m, unsigned long pid, size_t *index);
void la_pid_map_free(la_pid_map *m);

#endif
