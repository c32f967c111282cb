/* Open addressing with linear probing; the table stays at most half full. */
#include "core/pid_map.h"

#include <stdint.h>
#include <stdlib.h>

/* Windows PIDs are multiples of 4, so the low bits carry no information; a multiplicative hash
 * spreads them over the table anyway. */
static size_t slot_of(unsigned long pid, size_t cap) {
  uint64_t h = (uint64_t)pid * UINT64_C(0x9E3779B97F4A7C15);
  return (size_t)(h >> 32) & (cap - 1);
}

static void insert(unsigned long *keys, size_t *slots, size_t cap, unsigned long pid,
                   size_t slot_value) {
  size_t i = slot_of(pid, cap);

  while (slots[i] != 0 && keys[i] != pid) i = (i + 1) & (cap - 1);
  keys[i] = pid;
  slots[i] = slot_value;
}

static int grow(la_pid_map *m) {
  size_t cap = m->cap == 0 ? 64 : m->cap * 2;
  unsigned long *keys;
  size_t *slots;
  size_t i;

  if (cap > SIZE_MAX / sizeof *slots) return -1;
  keys = malloc(cap * sizeof *keys);
  slots = calloc(cap, sizeof *slots);
  if (keys == NULL || slots == NULL) {
    free(keys);
    free(slots);
    return -1;
  }
  for (i = 0; i < m->cap; i++) {
    if (m->slots[i] != 0) insert(keys, slots, cap, m->keys[i], m->slots[i]);
  }
  free(m->keys);
  free(m->slots);
  m->keys = keys;
  m->slots = slots;
  m->cap = cap;
  return 0;
}

int la_pid_map_put(la_pid_map *m, unsigned long pid, size_t index) {
  size_t existing;

  if (index == SIZE_MAX) return -1;
  if (la_pid_map_get(m, pid, &existing)) {
    insert(m->keys, m->slots, m->cap, pid, index + 1);
    return 0;
  }
  if ((m->count + 1) * 2 > m->cap && grow(m) != 0) return -1;
  insert(m->keys, m->slots, m->cap, pid, index + 1);
  m->count++;
  return 0;
}

int la_pid_map_get(const la_pid_map *m, unsigned long pid, size_t *index) {
  size_t i;

  if (m->cap == 0) return 0;
  i = slot_of(pid, m->cap);
  while (m->slots[i] != 0) {
    if (m->keys[i] == pid) {
      *index = m->slots[i] - 1;
      return 1;
    }
    i = (i + 1) & (m->cap - 1);
  }
  return 0;
}

void la_pid_map_free(la_pid_map *m) {
  free(m->keys);
  free(m->slots);
  m->keys = NULL;
  m->slots = NULL;
  m->cap = 0;
  m->count = 0;
}
