/* listapps_snapshot_take: gather (src/win), decide (src/core), hand out. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/list_stats.h"
#include "api/snapshot.h"
#include "core/assemble.h"
#include "core/error.h"
#include "core/field_registry.h"
#include "win/facts.h"

/* The options a caller's struct holds, as far as its size member says it reaches. */
static int read_options(const listapps_options *o, unsigned int *flags, unsigned *needs) {
  size_t i;

  *flags = LISTAPPS_LIST_DEFAULT;
  *needs = 0;
  if (o == NULL) return 0;
  if (o->size < offsetof(listapps_options, field_count) + sizeof o->field_count)
    return LISTAPPS_EINVAL;
  if ((o->flags & ~LISTAPPS_LIST_ALL) != 0) return LISTAPPS_EINVAL;
  if (o->field_count > 0 && o->fields == NULL) return LISTAPPS_EINVAL;
  *flags = o->flags;
  for (i = 0; i < o->field_count; i++) {
    const la_field_def *d = la_field_def_of(o->fields[i]);
    if (d == NULL) return LISTAPPS_EINVAL;
    *needs |= d->needs;
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
  int err;

  if (stats != NULL) memset(stats, 0, sizeof *stats);
  if (out != NULL) *out = NULL;
  err = out == NULL ? LISTAPPS_EINVAL : read_options(options, &flags, &needs);
  if (err != 0) {
    la_fail(&e, err, NULL, 0);
    la_error_export(&e, error);
    return err;
  }
  err = la_gather(flags, needs, &facts, &e, stats);
  if (err == 0) {
    s = calloc(1, sizeof *s);
    if (s == NULL) err = la_fail_nomem(&e);
  }
  if (err == 0 && la_assemble(&facts, flags, &s->rows) != 0) err = la_fail_nomem(&e);
  if (err == 0) la_facts_free(&facts);
  if (err != 0) {
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
