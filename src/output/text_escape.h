/* The three ways a string is written out: a CSV field, a JSON string, a table cell.
 * Pure functions over UTF-8; no Win32. */
#ifndef LA_TEXT_ESCAPE_H
#define LA_TEXT_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

#include "output/buffer.h"

/* Appends s[0..len) as one RFC 4180 field: quoted when it holds a comma, a quote, CR or LF, or
 * starts or ends with a space or tab; every quote inside doubled. Nothing else changes. */
void la_csv_append_field(la_buffer *b, const char *s, size_t len);

/* 1 when a spreadsheet would take the text for a formula: it starts with = + - @, TAB or CR
 * (OWASP's list for CSV injection). */
int la_csv_looks_like_formula(const char *s, size_t len);

/* Appends s[0..len) as a JSON string with its quotes. Quote, backslash, control characters,
 * DEL and U+2028/U+2029 are escaped; invalid UTF-8 becomes U+FFFD so the output always parses. */
void la_json_append_string(la_buffer *b, const char *s, size_t len);

/* 1 when a table cell shows cp as an escape rather than raw: C0 and C1 controls, DEL, and the
 * invisible format characters that reorder or hide text (bidi embeddings, overrides and
 * isolates, U+2028/U+2029 line and paragraph separators). */
int la_table_needs_escape(uint32_t cp);

/* Columns a code point takes on a terminal: 0 for combining marks and zero-width characters,
 * 2 for East Asian wide and fullwidth characters and emoji, 1 otherwise. */
unsigned la_display_width(uint32_t cp);

/* Appends s[0..len) for a table cell, each escaped code point as \xHH (below U+0100: C0, DEL,
 * C1) or \uHHHH, invalid UTF-8 as U+FFFD. Returns the columns the appended text takes. */
size_t la_table_append_cell(la_buffer *b, const char *s, size_t len);

/* The columns la_table_append_cell would report for s[0..len), without writing anything. */
size_t la_table_cell_width(const char *s, size_t len);

#endif
