/* listapps_write: CSV and JSON a record at a time, the table through table.c. Pure C. */
#include "output/writer.h"

#include <stddef.h>
#include <string.h>

#include "core/field_registry.h"
#include "core/sized.h"
#include "output/text_escape.h"

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

/* Appends a CSV text field, defused for spreadsheets when excel is set: the quote goes inside
 * the field, so the whole is quoted as one piece of text. */
static void csv_text(la_buffer *b, const char *s, int excel) {
  size_t len = strlen(s);
  la_buffer prefixed = {0};

  if (!excel || !la_csv_looks_like_formula(s, len)) {
    la_csv_append_field(b, s, len);
    return;
  }
  la_buffer_append_char(&prefixed, '\'');
  la_buffer_append(&prefixed, s, len);
  if (prefixed.err != 0)
    b->err = prefixed.err;
  else
    la_csv_append_field(b, prefixed.data, prefixed.len);
  la_buffer_free(&prefixed);
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted). */
static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d) {
  long long era;
  unsigned doe;
  unsigned yoe;
  unsigned doy;
  unsigned mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (unsigned)(z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (long long)yoe + era * 400 + (*m <= 2);
}

static void append_two(la_buffer *b, unsigned v, size_t digits) {
  char text[4];
  size_t i;

  for (i = digits; i > 0; i--) {
    text[i - 1] = (char)('0' + v % 10);
    v /= 10;
  }
  la_buffer_append(b, text, digits);
}

void la_append_time(la_buffer *b, long long ms) {
  long long days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  long long in_day = ms - days * 86400000;
  long long year;
  unsigned month;
  unsigned day;

  civil_from_days(days, &year, &month, &day);
  la_buffer_append_ll(b, year);
  la_buffer_append_char(b, '-');
  append_two(b, month, 2);
  la_buffer_append_char(b, '-');
  append_two(b, day, 2);
  la_buffer_append_char(b, 'T');
  append_two(b, (unsigned)(in_day / 3600000), 2);
  la_buffer_append_char(b, ':');
  append_two(b, (unsigned)(in_day / 60000 % 60), 2);
  la_buffer_append_char(b, ':');
  append_two(b, (unsigned)(in_day / 1000 % 60), 2);
  la_buffer_append_char(b, '.');
  append_two(b, (unsigned)(in_day % 1000), 3);
  la_buffer_append_char(b, 'Z');
}

void la_append_tenths(la_buffer *b, long long n) {
  unsigned long long magnitude = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;

  if (n < 0) la_buffer_append_char(b, '-');
  la_buffer_append_ull(b, magnitude / 10);
  la_buffer_append_char(b, '.');
  la_buffer_append_char(b, (char)('0' + magnitude % 10));
}

/* A number of a given type as text: tenths of a percent with one decimal, a boolean as
 * true/false, a window handle as 0x and upper-case hexadecimal, anything else in decimal. */
static void append_number(la_buffer *b, int field, int type, long long n) {
  if (field == LISTAPPS_FIELD_HWND) {
    la_buffer_append(b, "0x", 2);
    la_buffer_append_hex(b, (unsigned long long)n, 1, 1);
  } else if (type == LISTAPPS_TYPE_TIME) {
    la_append_time(b, n);
  } else if (type == LISTAPPS_TYPE_BOOLEAN) {
    la_buffer_append_str(b, n != 0 ? "true" : "false");
  } else if (type == LISTAPPS_TYPE_PERCENT) {
    la_append_tenths(b, n);
  } else {
    /* Counts, PIDs and byte sizes are never negative; unsigned keeps a 1.0 list's values above
     * LLONG_MAX (a size_t count, or a 64-bit unsigned long on LP64 hosts) exact. */
    la_buffer_append_ull(b, (unsigned long long)n);
  }
}

/* JSON writes a number as a number, but a window handle as a "0x..." string and a time as an
 * ISO 8601 string. */
static int json_quotes_number(int field) {
  return field == LISTAPPS_FIELD_HWND || la_field_def_of(field)->info.type == LISTAPPS_TYPE_TIME;
}

/* One record: a CSV line, or a JSON object. */
static int is_json(const la_write_spec *spec) {
  return spec->format == LISTAPPS_FORMAT_JSON || spec->format == LISTAPPS_FORMAT_JSONL;
}

void la_write_record(la_buffer *b, const la_write_spec *spec, const la_row *row,
                     const la_window *window, const la_lead *lead, size_t lead_count) {
  int json = is_json(spec);
  int excel = (spec->flags & LISTAPPS_WRITE_EXCEL) != 0;
  size_t c;

  if (json) la_buffer_append_char(b, '{');
  for (c = 0; c < lead_count; c++) {
    if (c > 0) la_buffer_append_char(b, ',');
    if (json) {
      la_buffer_append_char(b, '"');
      la_buffer_append_str(b, lead[c].key);
      la_buffer_append(b, "\":", 2);
      la_json_append_string(b, lead[c].value, strlen(lead[c].value));
    } else {
      csv_text(b, lead[c].value, excel);
    }
  }
  for (c = 0; c < spec->field_count; c++) {
    int field = spec->fields[c];
    const listapps_field_info *info = &la_field_def_of(field)->info;
    la_cell cell = la_cell_of(row, window, field);

    if (c > 0 || lead_count > 0) la_buffer_append_char(b, ',');
    if (json) {
      la_buffer_append_char(b, '"');
      la_buffer_append_str(b, info->json_key);
      la_buffer_append(b, "\":", 2);
    }
    if (cell.state != LISTAPPS_VALUE_PRESENT) {
      if (json) la_buffer_append(b, "null", 4);
    } else if (info->type == LISTAPPS_TYPE_STRING) {
      if (json)
        la_json_append_string(b, cell.text, strlen(cell.text));
      else
        csv_text(b, cell.text, excel);
    } else {
      if (json && json_quotes_number(field)) la_buffer_append_char(b, '"');
      append_number(b, field, info->type, cell.number);
      if (json && json_quotes_number(field)) la_buffer_append_char(b, '"');
    }
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
