/* listapps_snapshot_take: gather (src/win), decide (src/core, through api/request.c), hand out;
 * with LISTAPPS_LIST_RECORD, the gathered facts kept as a recording. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/error_info.h"
#include "api/list_stats.h"
#include "api/request.h"
#include "api/snapshot.h"
#include "core/assemble.h"
#include "core/error.h"
#include "core/field_registry.h"
#include "core/filter.h"
#include "core/recording.h"
#include "core/sized.h"
#include "win/facts.h"
#include "win/watch_signals.h"


/* The gathered facts as a recording, before the assembly takes their windows. */
static int record_facts(const la_facts *facts, const la_request *r, char **text, size_t *len,
                        la_error *e) {
  la_recording_meta meta;
  int err;

  memset(&meta, 0, sizeof meta);
  meta.listapps_version = (char *)LISTAPPS_VERSION_STRING;
  meta.os_version = la_os_version();
  meta.recorded_ms = la_now_ms();
  meta.flags = r->flags & LISTAPPS_LIST_ALL;
  meta.needs = r->needs;
  meta.private_text = (r->flags & LISTAPPS_LIST_PRIVATE) != 0;
  err = la_recording_write(facts, &meta, text, len);
  free(meta.os_version);
  if (err == LISTAPPS_EINVAL)
    return la_fail_detail(e, LISTAPPS_ERECORDING, NULL, 0,
                          "this listapps was built without recordings (no cJSON)");
  return err != 0 ? la_fail_nomem(e) : 0;
}

int la_snapshot_take_counted(const listapps_options *options, listapps_snapshot **out,
                             listapps_error_info *error, la_list_stats *stats) {
  return la_snapshot_take_remembering(options, out, error, stats, NULL);
}

int la_snapshot_take_remembering(const listapps_options *options, listapps_snapshot **out,
                                 listapps_error_info *error, la_list_stats *stats,
                                 struct la_watch_memory *memory) {
  la_error e = {LISTAPPS_OK, 0, NULL, {0}};
  listapps_snapshot *s = NULL;
  la_gather_request gather;
  la_facts facts;
  la_plan plan;
  char *recording = NULL;
  size_t recording_len = 0;
  la_request r;
  int err;

  if (stats != NULL) memset(stats, 0, sizeof *stats);
  if (out != NULL) *out = NULL;
  err = out == NULL ? LISTAPPS_EINVAL : la_read_request(options, &r);
  if (err != 0) {
    la_fail(&e, err, NULL, 0);
    la_error_export(&e, error);
    return err;
  }
  gather.flags = r.flags & (LISTAPPS_LIST_ALL | LISTAPPS_LIST_PRIVATE);
  gather.needs = r.needs;
  gather.interval_ms = r.interval_ms;
  gather.sessions = r.sessions;
  gather.record = (r.flags & LISTAPPS_LIST_RECORD) != 0;
  /* On failure la_gather has freed what it gathered; make_snapshot frees the facts. */
  err = la_gather(&gather, memory, &facts, &plan, &e, stats);
  if (err == 0) {
    if (gather.record) err = record_facts(&facts, &r, &recording, &recording_len, &e);
    if (err == 0) {
      err = la_make_snapshot(&facts, &plan, &r, &s, &e);
    } else {
      la_facts_free(&facts);
      la_plan_free(&plan);
    }
  }
  if (err == 0 && recording != NULL) {
    s->recording = recording;
    s->recording_len = recording_len;
    recording = NULL;
  }
  free(recording);
  *out = s;
  la_error_export(&e, error);
  return err;
}

int listapps_snapshot_take(const listapps_options *options, listapps_snapshot **out,
                           listapps_error_info *error) {
  return la_snapshot_take_counted(options, out, error, NULL);
}
