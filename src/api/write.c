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
  if (event == NULL || event->size < LA_END_OF(listapps_event, row) || event->snapshot == NULL ||
      event->row >= event->snapshot->rows.count)
    return LISTAPPS_EINVAL;
  return la_write_event(&event->snapshot->rows.items[event->row], event->kind, event->time_ms,
                        options, header, sink, context);
}
