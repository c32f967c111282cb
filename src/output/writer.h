/*
 * The writers: rows to table, CSV or JSON text, streamed through a caller's sink. Each writes
 * its values through the value renderer (value_render.h). Pure C.
 */
#ifndef LA_WRITER_H
#define LA_WRITER_H

#include <stddef.h>

#include "core/row.h"
#include "listapps.h"
#include "output/buffer.h"

/* Output is handed to the sink in pieces of about this size, so nothing holds it all. */
#define LA_FLUSH_BYTES 16384u

/* Text on its way to a sink: appended to buf, handed over by la_out_flush. */
typedef struct la_out {
  la_buffer buf;
  listapps_sink sink;
  void *context;
  int err; /* LISTAPPS_EWRITE once the sink refused; the buffer's error otherwise */
} la_out;

/* Hands what buf holds to the sink once it holds at least threshold bytes (0: always). Returns
 * 0 or the error that stops the writing (also kept in o->err). */
int la_out_flush(la_out *o, size_t threshold);

/* The most columns one write may ask for (la_write_spec_of refuses more). */
#define LA_MAX_COLUMNS 64

/* What to write: the checked form of listapps_write_options. */
typedef struct la_write_spec {
  int format;
  unsigned int flags;
  const int *fields; /* never NULL: the defaults filled in */
  size_t field_count;
  int defaulted; /* the caller named no columns: fields are the format's defaults */
} la_write_spec;

/* The columns written when the options name none (listapps_default_fields). */
const int *la_default_fields_of(int format, unsigned int flags, size_t *count);

/* Checks the caller's write options and fills in the default columns for the format and
 * flags. Returns 0 or LISTAPPS_EINVAL. */
int la_write_spec_of(const listapps_write_options *o, la_write_spec *spec);

/* The 1.0 flags of listapps_format (LISTAPPS_FORMAT_NO_HEADER, _WINDOWS, _EXCEL) as the
 * writer's LISTAPPS_WRITE_* flags; any other bit becomes one the writer refuses. */
unsigned la_write_flags_of(unsigned format_flags);

/* Writes rows as spec says. Returns 0, LISTAPPS_ENOMEM, LISTAPPS_ERANGE or LISTAPPS_EWRITE. */
int la_write_rows(const la_rows *rows, const la_write_spec *spec, la_out *o);

/* Columns written before the fields of a record: an event's time and kind. */
typedef struct la_lead {
  const char *header; /* CSV */
  const char *key;    /* JSON */
  const char *value;  /* UTF-8 */
} la_lead;

/* One CSV line or JSON object: the lead columns, then spec's fields of row (with window, the
 * window's own fields from it). */
void la_write_record(la_buffer *b, const la_write_spec *spec, const la_row *row,
                     const la_window *window, const la_lead *lead, size_t lead_count);

/* The CSV header: the lead columns' headers, then the fields'. */
void la_write_csv_header(la_buffer *b, const la_write_spec *spec, const la_lead *lead,
                         size_t lead_count);

/* A watch event's kind as written: "present", "opened"...; "" for an unknown kind (events.c). */
const char *la_event_name(int kind);

/* One watch event of the App in row, seen at time_ms, as listapps_write_event writes it
 * (events.c). */
int la_write_event(const la_row *row, int kind, long long time_ms,
                   const listapps_write_options *options, int header, listapps_sink sink,
                   void *context);

/* The Prometheus text format (prometheus.c). */
void la_write_prometheus(const la_rows *rows, const la_write_spec *spec, la_out *o);

/* The table writer (table.c). */
void la_write_table(const la_rows *rows, const la_write_spec *spec, la_out *o);

#endif
