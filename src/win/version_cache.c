/*
 * The version resources a watch has read: each executable's is read once, however many looks
 * see it, and forgotten by the first look that no longer needs it (la_version_cache_sweep), so
 * a watch that sees many short-lived programs does not grow for ever.
 */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "win/watch_memory.h"

typedef struct cached_version {
  wchar_t *path;
  int with_company;
  int used; /* a look asked for it, or added it, since the last sweep */
  la_version_facts facts;
} cached_version;

struct la_version_cache {
  cached_version *items;
  size_t count;
  size_t cap;
};

/* Frees what an entry holds. */
static void free_item(cached_version *item) {
  free(item->path);
  free(item->facts.description);
  free(item->facts.company);
}

la_version_cache *la_version_cache_new(void) {
  return calloc(1, sizeof(la_version_cache));
}

void la_version_cache_free(la_version_cache *cache) {
  size_t i;

  if (cache == NULL) return;
  for (i = 0; i < cache->count; i++) free_item(&cache->items[i]);
  free(cache->items);
  free(cache);
}

/* Copies version facts, the strings too. Returns 0 or LISTAPPS_ENOMEM (*to then empty). */
static int copy_version(const la_version_facts *from, la_version_facts *to) {
  to->state = from->state;
  to->description = NULL;
  to->company = NULL;
  if ((from->description == NULL || (to->description = la_strdup(from->description)) != NULL) &&
      (from->company == NULL || (to->company = la_strdup(from->company)) != NULL))
    return 0;
  free(to->description);
  to->description = NULL;
  return LISTAPPS_ENOMEM;
}

int la_version_cache_get(la_version_cache *cache, const wchar_t *path, int with_company,
                         la_version_facts *out, int *found) {
  size_t i;

  *found = 0;
  for (i = 0; cache != NULL && i < cache->count; i++) {
    cached_version *item = &cache->items[i];
    /* Facts read without CompanyName cannot answer a listing that shows it. */
    if ((item->with_company || !with_company) &&
        CompareStringOrdinal(item->path, -1, path, -1, TRUE) == CSTR_EQUAL) {
      *found = 1;
      item->used = 1;
      return copy_version(&item->facts, out);
    }
  }
  return 0;
}

int la_version_cache_add(la_version_cache *cache, const wchar_t *path, int with_company,
                         const la_version_facts *facts) {
  cached_version *item;
  size_t len = wcslen(path) + 1;

  if (cache->count == cache->cap) {
    size_t cap = cache->cap == 0 ? 32 : cache->cap * 2;
    cached_version *items = realloc(cache->items, cap * sizeof *items);
    if (items == NULL) return LISTAPPS_ENOMEM;
    cache->items = items;
    cache->cap = cap;
  }
  item = &cache->items[cache->count];
  item->path = malloc(len * sizeof *item->path);
  if (item->path == NULL) return LISTAPPS_ENOMEM;
  memcpy(item->path, path, len * sizeof *item->path);
  item->with_company = with_company;
  item->used = 1;
  if (copy_version(facts, &item->facts) != 0) {
    free(item->path);
    return LISTAPPS_ENOMEM;
  }
  cache->count++;
  return 0;
}

void la_version_cache_sweep(la_version_cache *cache) {
  size_t kept = 0;
  size_t i;

  if (cache == NULL) return;
  for (i = 0; i < cache->count; i++) {
    cached_version item = cache->items[i];
    if (!item.used) {
      free_item(&item);
      continue;
    }
    item.used = 0;
    cache->items[kept++] = item;
  }
  cache->count = kept;
}

size_t la_version_cache_count(const la_version_cache *cache) {
  return cache != NULL ? cache->count : 0;
}
