/* listapps_write: CSV and JSON a record at a time, the table through table.c. Pure C. */
#include "output/writer.h"

#include <stddef.h>

#include "core/field_registry.h"
#include "core/sized.h"
#include "output/value_render.h"

int la_out_flush(la_out *o, size_t threshold) {
  if (o->err == 0 && o->buf.err != 0) o->err = o->buf.err;
  if (o->err != 0) return o->err;
  if (o->buf.len == 0 || o->buf.len < threshold) return 0;
  if (o->sink(o->context, o->buf.data, o->buf.len) != 0) o->err = LISTAPPS_EWRITE;
  o->buf.len = 0;
  return o->err;
}

int la_write_spec_of(const listapps_write_options *options, la_write_spec *spec) {
  const unsigned known = LISTAPPS_WRITE_NO_HEADER | LISTAPPS_WRITE_WINDOWS | LISTAPPS_WRITE_EXCEL;
  listapps_write_options o = LISTAPPS_WRITE_OPTIONS_INIT;
  size_t i;

  /* Read as far as the caller's size reaches; the members past it keep their defaults. */
  if (options == NULL || la_read_sized(&o, sizeof o, options) != 0) return LISTAPPS_EINVAL;
  if (o.format != LISTAPPS_FORMAT_TABLE && o.format != LISTAPPS_FORMAT_CSV &&
      o.format != LISTAPPS_FORMAT_JSON && o.format != LISTAPPS_FORMAT_JSONL &&
      o.format != LISTAPPS_FORMAT_PROMETHEUS)
    return LISTAPPS_EINVAL;
  /* Prometheus has one series per row: windows are not rows there. */
  if (o.format == LISTAPPS_FORMAT_PROMETHEUS && (o.flags & ~LISTAPPS_WRITE_NO_HEADER) != 0)
    return LISTAPPS_EINVAL;
  if ((o.flags & ~known) != 0) return LISTAPPS_EINVAL;
  if ((o.flags & LISTAPPS_WRITE_EXCEL) && o.format != LISTAPPS_FORMAT_CSV) return LISTAPPS_EINVAL;
  if (o.field_count > LA_MAX_COLUMNS || (o.field_count > 0 && o.fields == NULL))
    return LISTAPPS_EINVAL;
  for (i = 0; i < o.field_count; i++) {
    size_t k;
    if (la_field_def_of(o.fields[i]) == NULL) return LISTAPPS_EINVAL;
    /* A column twice would give a JSON object a duplicate key. */
    for (k = 0; k < i; k++)
      if (o.fields[k] == o.fields[i]) return LISTAPPS_EINVAL;
  }
  spec->format = o.format;
  spec->flags = o.flags;
  spec->fields = o.fields;
  spec->field_count = o.field_count;
  spec->defaulted = o.field_count == 0;
  if (o.field_count == 0)
    spec->fields = la_default_fields_of(o.format, o.flags, &spec->field_count);
  return 0;
}

unsigned la_write_flags_of(unsigned format_flags) {
  unsigned flags = 0;

  if (format_flags & LISTAPPS_FORMAT_NO_HEADER) flags |= LISTAPPS_WRITE_NO_HEADER;
  if (format_flags & LISTAPPS_FORMAT_WINDOWS) flags |= LISTAPPS_WRITE_WINDOWS;
  if (format_flags & LISTAPPS_FORMAT_EXCEL) flags |= LISTAPPS_WRITE_EXCEL;
  if (format_flags & ~(LISTAPPS_FORMAT_NO_HEADER | LISTAPPS_FORMAT_WINDOWS | LISTAPPS_FORMAT_EXCEL))
    flags |= 0x80000000u;
  return flags;
}

const int *la_default_fields_of(int format, unsigned int flags, size_t *count) {
  size_t ignored;

  if (count == NULL) count = &ignored;
  if (format == LISTAPPS_FORMAT_TABLE) {
    *count = la_table_field_count;
    return la_table_fields;
  }
  if (flags & LISTAPPS_WRITE_WINDOWS) {
    *count = la_window_field_count;
    return la_window_fields;
  }
  *count = la_default_field_count;
  return la_default_fields;
}

/* Each value in the record's style: CSV (defused for spreadsheets with LISTAPPS_WRITE_EXCEL)
 * or JSON. */
static int record_style(const la_write_spec *spec) {
  if (spec->format == LISTAPPS_FORMAT_JSON || spec->format == LISTAPPS_FORMAT_JSONL)
    return LA_STYLE_JSON;
  return (spec->flags & LISTAPPS_WRITE_EXCEL) ? LA_STYLE_CSV_EXCEL : LA_STYLE_CSV;
}

void la_write_record(la_buffer *b, const la_write_spec *spec, const la_row *row,
                     const la_window *window, const la_lead *lead, size_t lead_count) {
  int style = record_style(spec);
  int json = style == LA_STYLE_JSON;
  la_cell cell;
  size_t c;

  if (json) la_buffer_append_char(b, '{');
  for (c = 0; c < lead_count; c++) {
    if (c > 0) la_buffer_append_char(b, ',');
    if (json) {
      la_buffer_append_char(b, '"');
      la_buffer_append_str(b, lead[c].key);
      la_buffer_append(b, "\":", 2);
    }
    cell = la_text_cell(lead[c].value);
    la_render_typed(b, &cell, LISTAPPS_TYPE_STRING, style);
  }
  for (c = 0; c < spec->field_count; c++) {
    int field = spec->fields[c];

    if (c > 0 || lead_count > 0) la_buffer_append_char(b, ',');
    if (json) {
      la_buffer_append_char(b, '"');
      la_buffer_append_str(b, la_field_def_of(field)->info.json_key);
      la_buffer_append(b, "\":", 2);
    }
    cell = la_cell_of(row, window, field);
    la_render_value(b, &cell, field, style);
  }
  la_buffer_append_str(b, json ? "}" : "\r\n");
}

void la_write_csv_header(la_buffer *b, const la_write_spec *spec, const la_lead *lead,
                         size_t lead_count) {
  size_t c;

  for (c = 0; c < lead_count; c++) {
    if (c > 0) la_buffer_append_char(b, ',');
    la_buffer_append_str(b, lead[c].header);
  }
  for (c = 0; c < spec->field_count; c++) {
    if (c > 0 || lead_count > 0) la_buffer_append_char(b, ',');
    la_buffer_append_str(b, la_field_def_of(spec->fields[c])->info.header);
  }
  la_buffer_append(b, "\r\n", 2);
}

/* CSV, JSON or JSON Lines: one record per row, or with LISTAPPS_WRITE_WINDOWS one per window
 * of each row. JSON Lines is the JSON objects alone, each on its own line. */
static void write_records(const la_rows *rows, const la_write_spec *spec, la_out *o) {
  int lines = spec->format == LISTAPPS_FORMAT_JSONL;
  int json = spec->format == LISTAPPS_FORMAT_JSON;
  int per_window = (spec->flags & LISTAPPS_WRITE_WINDOWS) != 0;
  int first = 1;
  size_t i;

  if (spec->flags & LISTAPPS_WRITE_EXCEL) la_buffer_append_str(&o->buf, "\xEF\xBB\xBF");
  if (json)
    la_buffer_append_char(&o->buf, '[');
  else if (!lines && (spec->flags & LISTAPPS_WRITE_NO_HEADER) == 0)
    la_write_csv_header(&o->buf, spec, NULL, 0);
  for (i = 0; i < rows->count && o->err == 0; i++) {
    const la_row *row = &rows->items[i];
    size_t k;
    size_t records = per_window ? row->window_count : 1;

    for (k = 0; k < records; k++) {
      if (json) la_buffer_append_str(&o->buf, first ? "\n  " : ",\n  ");
      la_write_record(&o->buf, spec, row, per_window ? &row->windows[k] : NULL, NULL, 0);
      if (lines) la_buffer_append_char(&o->buf, '\n');
      first = 0;
    }
    la_out_flush(o, LA_FLUSH_BYTES);
  }
  if (json) la_buffer_append_str(&o->buf, first ? "]\n" : "\n]\n");
}

int la_write_rows(const la_rows *rows, const la_write_spec *spec, la_out *o) {
  la_write_spec sessions = *spec;

  /* A sessions listing's default table says whose session each App is in. */
  if (spec->format == LISTAPPS_FORMAT_TABLE && spec->defaulted &&
      (rows->flags & LISTAPPS_LIST_SESSIONS)) {
    sessions.fields = la_session_table_fields;
    sessions.field_count = la_session_table_field_count;
    spec = &sessions;
  }
  if (spec->format == LISTAPPS_FORMAT_TABLE)
    la_write_table(rows, spec, o);
  else if (spec->format == LISTAPPS_FORMAT_PROMETHEUS)
    la_write_prometheus(rows, spec, o);
  else
    write_records(rows, spec, o);
  la_out_flush(o, 0);
  la_buffer_free(&o->buf);
  return o->err;
}
