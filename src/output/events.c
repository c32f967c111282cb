/*
 * listapps_write_event: one watch event as a table line, a CSV line or a JSON Lines object.
 * Pure C.
 */
#include <stdlib.h>
#include <string.h>

#include "core/field_registry.h"
#include "core/sized.h"
#include "output/value_render.h"
#include "output/writer.h"

const char *la_event_name(int kind) {
  switch (kind) {
    case LISTAPPS_EVENT_PRESENT:
      return "present";
    case LISTAPPS_EVENT_OPENED:
      return "opened";
    case LISTAPPS_EVENT_CLOSED:
      return "closed";
    case LISTAPPS_EVENT_TITLE:
      return "title";
    case LISTAPPS_EVENT_STATUS:
      return "status";
    case LISTAPPS_EVENT_FOCUS:
      return "focus";
    default:
      return "";
  }
}

/* The table's line: "16:40:01.123  opened   Notepad  1234  notes.txt - Notepad", then the
 * other columns asked for, each value as the listing's table writes it (LA_STYLE_EVENT_LINE:
 * "0.5%", "7.0 MB", an ISO time; control characters escaped). The line is not aligned, so an
 * unavailable value among the other columns is a '-' that keeps the ones after it in place;
 * among the first three, which are nearly always there, it stays blank as it always has. */
static void table_line(la_buffer *b, const char *time, const char *kind, const la_row *row,
                       const la_write_spec *spec) {
  static const int shown[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_PID, LISTAPPS_FIELD_TITLE};
  size_t i;

  la_buffer_append(b, time + 11, 12); /* HH:MM:SS.mmm of the ISO time */
  la_buffer_append(b, "  ", 2);
  la_buffer_append_str(b, kind);
  la_buffer_append_repeat(b, ' ', 7 - strlen(kind) + 2);
  for (i = 0; i < 3; i++) {
    la_cell c = la_cell_of(row, NULL, shown[i]);
    if (i > 0) la_buffer_append(b, "  ", 2);
    if (c.state == LISTAPPS_VALUE_PRESENT) la_render_value(b, &c, shown[i], LA_STYLE_EVENT_LINE);
  }
  for (i = 0; i < spec->field_count; i++) {
    int field = spec->fields[i];
    la_cell c = la_cell_of(row, NULL, field);
    if (field == LISTAPPS_FIELD_NAME || field == LISTAPPS_FIELD_PID ||
        field == LISTAPPS_FIELD_TITLE)
      continue;
    la_buffer_append(b, "  ", 2);
    la_render_value(b, &c, field, LA_STYLE_EVENT_LINE);
  }
  la_buffer_append_char(b, '\n');
}

int la_write_event(const la_row *row, int kind, long long time_ms,
                   const listapps_write_options *options, int header, listapps_sink sink,
                   void *context) {
  int fields[LA_MAX_COLUMNS];
  listapps_write_options o = LISTAPPS_WRITE_OPTIONS_INIT;
  listapps_write_options asked;
  la_write_spec spec;
  la_buffer time = {0};
  la_lead lead[2];
  char *time_text = NULL;
  size_t count = 0;
  la_out out;
  int err;

  if (row == NULL || options == NULL || sink == NULL) return LISTAPPS_EINVAL;
  if (la_read_sized(&o, sizeof o, options) != 0 || o.format == LISTAPPS_FORMAT_JSON ||
      o.format == LISTAPPS_FORMAT_PROMETHEUS || (o.flags & LISTAPPS_WRITE_WINDOWS) ||
      (o.field_count > 0 && o.fields == NULL))
    return LISTAPPS_EINVAL;
  asked = o;
  /* The event's own columns, then those asked for that are not among them. */
  count = la_fields_add(fields, 0, LA_MAX_COLUMNS, la_event_fields, la_event_field_count);
  if (o.fields != NULL) count = la_fields_add(fields, count, LA_MAX_COLUMNS, o.fields, o.field_count);
  o.fields = fields;
  o.field_count = count;
  err = la_write_spec_of(&o, &spec);
  if (err != 0) return err;
  la_append_time(&time, time_ms);
  err = la_buffer_finish(&time, &time_text, NULL);
  if (err != 0) return err;
  lead[0].header = "Time";
  lead[0].key = "time";
  lead[0].value = time_text;
  lead[1].header = "Event";
  lead[1].key = "event";
  lead[1].value = la_event_name(kind);
  memset(&out, 0, sizeof out);
  out.sink = sink;
  out.context = context;
  if (spec.format == LISTAPPS_FORMAT_TABLE) {
    la_write_spec extra = spec;
    extra.fields = asked.fields;
    extra.field_count = asked.fields != NULL ? asked.field_count : 0;
    table_line(&out.buf, time_text, lead[1].value, row, &extra);
  } else {
    if (header && spec.format == LISTAPPS_FORMAT_CSV) la_write_csv_header(&out.buf, &spec, lead, 2);
    la_write_record(&out.buf, &spec, row, NULL, lead, 2);
    if (spec.format == LISTAPPS_FORMAT_JSONL) la_buffer_append_char(&out.buf, '\n');
  }
  la_out_flush(&out, 0);
  la_buffer_free(&out.buf);
  free(time_text);
  return out.err;
}
