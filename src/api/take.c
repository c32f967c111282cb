/* listapps_snapshot_take: gather (src/win), decide (src/core), hand out. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/list_stats.h"
#include "api/snapshot.h"
#include "core/assemble.h"
#include "core/error.h"
#include "core/field_registry.h"
#include "core/filter.h"
#include "win/facts.h"

/* The end of a member: a caller's struct holds it when its size reaches that far. */
#define END_OF(type, member) (offsetof(type, member) + sizeof(((type *)0)->member))

/* The options a caller's struct holds, as far as its size member says it reaches: a struct
 * from before the filters existed simply has none. */
static int read_options(const listapps_options *o, unsigned int *flags, unsigned *needs,
                        la_filter *filter) {
  size_t i;

  *flags = LISTAPPS_LIST_DEFAULT;
  *needs = 0;
  memset(filter, 0, sizeof *filter);
  if (o == NULL) return 0;
  if (o->size < END_OF(listapps_options, field_count)) return LISTAPPS_EINVAL;
  if ((o->flags & ~LISTAPPS_LIST_ALL) != 0) return LISTAPPS_EINVAL;
  if (o->field_count > 0 && o->fields == NULL) return LISTAPPS_EINVAL;
  *flags = o->flags;
  for (i = 0; i < o->field_count; i++) {
    const la_field_def *d = la_field_def_of(o->fields[i]);
    if (d == NULL) return LISTAPPS_EINVAL;
    *needs |= d->needs;
  }
  if (o->size >= END_OF(listapps_options, pid_count)) {
    if ((o->pattern_count > 0 && o->patterns == NULL) || (o->pid_count > 0 && o->pids == NULL))
      return LISTAPPS_EINVAL;
    for (i = 0; i < o->pattern_count; i++)
      if (o->patterns[i] == NULL || o->patterns[i][0] == '\0') return LISTAPPS_EINVAL;
    filter->patterns = o->patterns;
    filter->pattern_count = o->pattern_count;
    filter->pids = o->pids;
    filter->pid_count = o->pid_count;
  }
  return 0;
}

int la_snapshot_take_counted(const listapps_options *options, listapps_snapshot **out,
                             listapps_error_info *error, la_list_stats *stats) {
  la_error e = {LISTAPPS_OK, 0, NULL};
  listapps_snapshot *s = NULL;
  la_facts facts;
  unsigned int flags;
  unsigned needs;
  la_filter filter;
  int err;

  if (stats != NULL) memset(stats, 0, sizeof *stats);
  if (out != NULL) *out = NULL;
  err = out == NULL ? LISTAPPS_EINVAL : read_options(options, &flags, &needs, &filter);
  if (err != 0) {
    la_fail(&e, err, NULL, 0);
    la_error_export(&e, error);
    return err;
  }
  /* On failure la_gather has freed what it gathered; after success the facts are freed here
   * whatever follows. */
  err = la_gather(flags, needs, &facts, &e, stats);
  if (err == 0) {
    s = calloc(1, sizeof *s);
    if (s == NULL || la_assemble(&facts, flags, &s->rows) != 0 ||
        la_filter_rows(&s->rows, &filter) != 0)
      err = la_fail_nomem(&e);
    la_facts_free(&facts);
  }
  if (err != 0 && s != NULL) {
    la_rows_free(&s->rows);
    free(s);
    s = NULL;
  }
  *out = s;
  la_error_export(&e, error);
  return err;
}

int listapps_snapshot_take(const listapps_options *options, listapps_snapshot **out,
                           listapps_error_info *error) {
  return la_snapshot_take_counted(options, out, error, NULL);
}
