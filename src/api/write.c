/* The writers' public calls: a snapshot or an event handed to output/. */
#include <stddef.h>
#include <string.h>

#include "api/snapshot.h"
#include "core/sized.h"
#include "output/writer.h"

const int *listapps_default_fields(int format, unsigned int flags, size_t *count) {
  return la_default_fields_of(format, flags, count);
}

int listapps_write(const listapps_snapshot *snapshot, const listapps_write_options *options,
                   listapps_sink sink, void *context) {
  la_write_spec spec;
  la_out o;
  int err;

  if (snapshot == NULL || sink == NULL) return LISTAPPS_EINVAL;
  err = la_write_spec_of(options, &spec);
  if (err != 0) return err;
  memset(&o, 0, sizeof o);
  o.sink = sink;
  o.context = context;
  return la_write_rows(&snapshot->rows, &spec, &o);
}

const char *listapps_event_name(int kind) {
  return la_event_name(kind);
}

int listapps_write_event(const listapps_event *event, const listapps_write_options *options,
                         int header, listapps_sink sink, void *context) {
  listapps_event e;

  /* Read as far as the caller's size reaches, as every struct is; a member past it is 0. */
  memset(&e, 0, sizeof e);
  e.size = sizeof e;
  if (event == NULL || la_read_sized(&e, sizeof e, event) != 0 || e.snapshot == NULL ||
      e.row >= e.snapshot->rows.count)
    return LISTAPPS_EINVAL;
  return la_write_event(&e.snapshot->rows.items[e.row], e.kind, e.time_ms, options, header, sink,
                        context);
}

int listapps_snapshot_write_recording(const listapps_snapshot *snapshot, listapps_sink sink,
                                      void *context) {
  if (snapshot == NULL || sink == NULL || snapshot->recording == NULL) return LISTAPPS_EINVAL;
  return sink(context, snapshot->recording, snapshot->recording_len) != 0 ? LISTAPPS_EWRITE
                                                                          : LISTAPPS_OK;
}
