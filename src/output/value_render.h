/*
 * The value renderer: how each type of value (text, integer, bytes, percent, time, boolean) is
 * written, one style per output. Every writer writes its values through it, so an output never
 * formats a number by itself and two outputs cannot drift apart. Pure C.
 */
#ifndef LA_VALUE_RENDER_H
#define LA_VALUE_RENDER_H

#include <stddef.h>

#include "core/row.h"
#include "output/buffer.h"

/* One style per output. An unavailable value is written as the output says "nothing here". */
enum la_style {
  /* A CSV field: text quoted as RFC 4180 needs, numbers in decimal, a percent as 12.5, a
   * boolean as true/false, a time in ISO 8601, a window handle as 0x1A2B; unavailable: empty. */
  LA_STYLE_CSV = 0,
  /* LA_STYLE_CSV, with text a spreadsheet would take for a formula defused by a leading '\''
   * (LISTAPPS_WRITE_EXCEL). */
  LA_STYLE_CSV_EXCEL = 1,
  /* A JSON value: text, a time and a window handle as strings, the other numbers as numbers
   * (a percent as 12.5), a boolean as true/false; unavailable: null. */
  LA_STYLE_JSON = 2,
  /* A table cell: text with control characters escaped, bytes as Task Manager's MB ("7.0 MB":
   * MB of 1,048,576 bytes, one decimal), a percent as "12.5%", a boolean as Yes/No, a time in
   * ISO 8601, a window handle as 0x1A2B; unavailable: blank (the column is padded). */
  LA_STYLE_TABLE = 3,
  /* A watch's table line: each value as LA_STYLE_TABLE writes it, so the watch shows what the
   * listing shows; unavailable: '-'. The line is not column-aligned, so a blank would shift the
   * columns after it out of sight; a dash keeps each value in its place. */
  LA_STYLE_EVENT_LINE = 4,
  /* Prometheus: text as a label value (backslash, quote and line feed escaped), numbers in base
   * units (https://prometheus.io/docs/practices/naming/): bytes as bytes, a percent as a ratio
   * with three decimals (125 as 0.125, never below 0), a time in seconds with three decimals,
   * a boolean as 1/0, a window handle in decimal; unavailable: nothing (the caller leaves out
   * the sample, since the format has no null). */
  LA_STYLE_PROMETHEUS = 5
};

/* Appends the value c of field in style to b; with b NULL, appends nothing and only measures.
 * The type comes from the field's registry entry, and LISTAPPS_FIELD_HWND, an integer, is
 * written as a window handle; an integer the registry marks LA_RENDER_SIGNED (X, Y) keeps its
 * sign. Returns the columns the value takes on a terminal for
 * LA_STYLE_TABLE and LA_STYLE_EVENT_LINE (what the table aligns by), the bytes it takes for the
 * other styles. */
size_t la_render_value(la_buffer *b, const la_cell *c, int field, int style);

/* la_render_value for a value of a listapps_type that belongs to no field: an event's time and
 * kind (LISTAPPS_TYPE_STRING), a count of rows (LISTAPPS_TYPE_INTEGER). */
size_t la_render_typed(la_buffer *b, const la_cell *c, int type, int style);

/* A present text cell and a present number cell, for callers of la_render_typed. */
la_cell la_text_cell(const char *text);
la_cell la_number_cell(long long number);

/* Appends a time (milliseconds since 1970-01-01 UTC) as ISO 8601 UTC with milliseconds,
 * "2026-11-28T16:36:04.123Z": every style's time but Prometheus's. */
void la_append_time(la_buffer *b, long long ms);

#endif
