/*
 * csv_reader.c - a strict RFC 4180 reader for the tests; see csv_reader.h.
 */
#include "csv_reader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What csv_parse builds: the table so far, the record being read and the field's bytes. */
typedef struct builder {
  csv_table table;
  size_t row_cap;
  csv_row row;
  size_t field_cap;
  char *buf;
  size_t buf_len;
  size_t buf_cap;
} builder;

/* The capacity to grow to so that need elements of elem_size bytes fit, doubling so appends
 * stay amortised O(1); 0 when that many bytes cannot be counted in a size_t. */
static size_t next_cap(size_t cap, size_t need, size_t elem_size) {
  size_t n = cap ? cap : 16;

  while (n < need) {
    if (n > SIZE_MAX / 2) return 0;
    n *= 2;
  }
  return n > SIZE_MAX / elem_size ? 0 : n;
}

static int buf_push(builder *b, char c) {
  if (b->buf_len + 1 >= b->buf_cap) { /* + 1 keeps room for the NUL */
    size_t n = next_cap(b->buf_cap, b->buf_len + 2, 1);
    char *p = n ? realloc(b->buf, n) : NULL;
    if (!p) return -1;
    b->buf = p;
    b->buf_cap = n;
  }
  b->buf[b->buf_len++] = c;
  return 0;
}

/* Moves the field in buf onto the current row. */
static int end_field(builder *b) {
  csv_row *r = &b->row;
  char *copy;

  if (r->field_count == b->field_cap) {
    size_t n = next_cap(b->field_cap, r->field_count + 1, sizeof *r->field_lens);
    char **fields = n ? realloc(r->fields, n * sizeof *fields) : NULL;
    size_t *lens;
    if (!fields) return -1;
    r->fields = fields;
    lens = realloc(r->field_lens, n * sizeof *lens);
    if (!lens) return -1;
    r->field_lens = lens;
    b->field_cap = n;
  }
  copy = malloc(b->buf_len + 1);
  if (!copy) return -1;
  if (b->buf_len) memcpy(copy, b->buf, b->buf_len);
  copy[b->buf_len] = '\0';
  r->fields[r->field_count] = copy;
  r->field_lens[r->field_count++] = b->buf_len;
  b->buf_len = 0;
  return 0;
}

/* Moves the current row onto the table. */
static int end_record(builder *b) {
  csv_table *t = &b->table;

  if (t->row_count == b->row_cap) {
    size_t n = next_cap(b->row_cap, t->row_count + 1, sizeof *t->rows);
    csv_row *rows = n ? realloc(t->rows, n * sizeof *rows) : NULL;
    if (!rows) return -1;
    t->rows = rows;
    b->row_cap = n;
  }
  t->rows[t->row_count++] = b->row;
  memset(&b->row, 0, sizeof b->row);
  b->field_cap = 0;
  return 0;
}

static void row_free(csv_row *r) {
  size_t i;

  for (i = 0; i < r->field_count; i++) free(r->fields[i]);
  free(r->fields);
  free(r->field_lens);
  memset(r, 0, sizeof *r);
}

void csv_table_free(csv_table *t) {
  size_t i;

  if (!t) return;
  for (i = 0; i < t->row_count; i++) row_free(&t->rows[i]);
  free(t->rows);
  memset(t, 0, sizeof *t);
}

int csv_parse(const char *text, size_t len, csv_table *out, char *err, size_t err_size) {
  builder b;
  const char *why = NULL;
  size_t pos = 0;
  size_t at = 0; /* where the error is */

  memset(&b, 0, sizeof b);
  memset(out, 0, sizeof *out);
  if (err && err_size) err[0] = '\0';
  if (!text && len) {
    why = "NULL text";
    goto cleanup;
  }
  while (pos < len) { /* one record per turn */
    for (;;) {        /* one field per turn */
      int quoted = pos < len && text[pos] == '"';
      if (quoted) {
        size_t open = pos++;
        for (;;) {
          if (pos == len) {
            why = "quoted field not closed";
            at = open;
            goto cleanup;
          }
          if (text[pos] == '"' && !(pos + 1 < len && text[pos + 1] == '"')) break;
          if (text[pos] == '\0') {
            why = "NUL byte";
            at = pos;
            goto cleanup;
          }
          if (buf_push(&b, text[pos]) != 0) goto oom;
          pos += text[pos] == '"' ? 2 : 1; /* "" is one quote */
        }
        pos++;
      } else {
        while (pos < len && strchr(",\r\n\"", text[pos]) == NULL) { /* strchr matches NUL too */
          if (buf_push(&b, text[pos++]) != 0) goto oom;
        }
      }
      if (end_field(&b) != 0) goto oom;
      at = pos;
      if (pos == len) {
        why = "record not terminated by CRLF";
        goto cleanup;
      }
      if (text[pos] == ',') {
        pos++;
        continue;
      }
      if (text[pos] == '\r' && pos + 1 < len && text[pos + 1] == '\n') {
        pos += 2;
        break;
      }
      if (text[pos] == '\r')
        why = "CR not followed by LF";
      else if (text[pos] == '\n')
        why = "LF not preceded by CR";
      else if (text[pos] == '\0')
        why = "NUL byte";
      else if (quoted)
        why = "character after a closing quote";
      else
        why = "quote inside an unquoted field";
      goto cleanup;
    }
    if (end_record(&b) != 0) goto oom;
  }
  *out = b.table;
  memset(&b.table, 0, sizeof b.table);
  goto cleanup;

oom:
  why = "out of memory";
  at = pos;
cleanup:
  if (why && err && err_size)
    snprintf(err, err_size, "csv: %s at byte %lu", why, (unsigned long)at);
  row_free(&b.row);
  csv_table_free(&b.table);
  free(b.buf);
  return why ? -1 : 0;
}
