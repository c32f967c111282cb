/*
 * csv_reader.h - a strict RFC 4180 reader, used only by the tests to read listapps' CSV back.
 *
 * Strict on purpose: anything our writer should never produce (a bare CR or LF, a stray quote,
 * a missing final CRLF, a NUL byte) is an error, not something to recover from. Standard C
 * only and no global state.
 */
#ifndef CSV_READER_H
#define CSV_READER_H

#include <stddef.h>

/* One record. fields[i] is malloc'd and NUL-terminated; field_lens[i] is its length without
 * the NUL. A record always has at least one field. */
typedef struct csv_row {
  char **fields;
  size_t *field_lens;
  size_t field_count;
} csv_row;

typedef struct csv_table {
  csv_row *rows;
  size_t row_count;
} csv_table;

/* Parses RFC 4180 text strictly: records end with CRLF (the last one too; empty text = zero
 * rows; an empty line is a record with one empty field); a field is either unquoted (no '"',
 * CR or LF inside) or quoted ("" is an escaped quote; CR, LF, commas allowed inside); after a
 * closing quote only ',' or CRLF may follow; a bare CR or LF outside quotes is an error, and so
 * is a NUL byte anywhere. Records need not have the same number of fields. Fields are bytes:
 * their encoding is not checked (use utf8_is_valid from utf8_check.h for that). Returns 0, or -1
 * with a one-line reason including the byte offset written to err (err_size bytes, always
 * NUL-terminated when err_size > 0; err may be NULL). On failure *out is zeroed; free a success
 * with csv_table_free. */
int csv_parse(const char *text, size_t len, csv_table *out, char *err, size_t err_size);

/* Frees everything csv_parse allocated and zeroes *t. Safe on a zeroed table and on NULL. */
void csv_table_free(csv_table *t);

#endif
