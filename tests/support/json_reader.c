/*
 * json_reader.c - a strict RFC 8259 reader for the tests; see json_reader.h.
 *
 * Recursive descent over a bounds-checked cursor. Each parse_* function leaves its output
 * zeroed when it fails, so a caller only ever frees values that were completed, and the error
 * is written once, where it is found.
 */
#include "json_reader.h"

#include "utf8_check.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct parser {
  const char *s;
  size_t len;
  size_t pos;
  char *err;
  size_t err_size;
} parser;

/* A growing byte string. */
typedef struct strbuf {
  char *data;
  size_t len;
  size_t cap;
} strbuf;

static int parse_value(parser *p, json_value *v, int depth);

static int fail(parser *p, size_t at, const char *why) {
  if (p->err && p->err_size)
    snprintf(p->err, p->err_size, "json: %s at byte %lu", why, (unsigned long)at);
  return -1;
}

/* The byte at the cursor, or -1 at the end, so no caller can read past the text. */
static int peek(const parser *p) {
  return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int is_digit(int c) {
  return c >= '0' && c <= '9';
}

static void skip_ws(parser *p) {
  int c = peek(p);

  while (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
    p->pos++;
    c = peek(p);
  }
}

/* The capacity to grow to so that need elements of elem_size bytes fit, doubling so appends
 * stay amortised O(1); 0 when that many bytes cannot be counted in a size_t. */
static size_t next_cap(size_t cap, size_t need, size_t elem_size) {
  size_t n = cap ? cap : 8;

  while (n < need) {
    if (n > SIZE_MAX / 2) return 0;
    n *= 2;
  }
  return n > SIZE_MAX / elem_size ? 0 : n;
}

static int sb_append(strbuf *b, const void *bytes, size_t n) {
  if (n >= b->cap - b->len || !b->data) { /* keeps room for a NUL */
    size_t cap = b->len + n < b->len ? 0 : next_cap(b->cap, b->len + n + 1, 1);
    char *d = cap ? realloc(b->data, cap) : NULL;
    if (!d) return -1;
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, bytes, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

/* Reads "\uXXXX" at the cursor into *unit; -1 if it is not exactly that. */
static int read_u_escape(parser *p, unsigned long *unit) {
  size_t i;

  if (p->len - p->pos < 6 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u') return -1;
  *unit = 0;
  for (i = 2; i < 6; i++) {
    int c = (unsigned char)p->s[p->pos + i];
    int d = is_digit(c)            ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) return -1;
    *unit = *unit * 16 + (unsigned long)d;
  }
  p->pos += 6;
  return 0;
}

/* Decodes one escape at the cursor (a backslash) and appends its UTF-8 to b. */
static int parse_escape(parser *p, strbuf *b) {
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  static const unsigned char lead[] = {0, 0, 0xC0, 0xE0, 0xF0}; /* by sequence length */
  size_t at = p->pos;
  unsigned long cp, low;
  unsigned char u[4];
  size_t n, i;
  const char *hit;

  if (p->pos + 1 == p->len) return fail(p, at, "string not closed");
  if (p->s[p->pos + 1] != 'u') {
    hit = p->s[p->pos + 1] ? strchr(from, p->s[p->pos + 1]) : NULL;
    if (!hit) return fail(p, at, "invalid escape");
    p->pos += 2;
    return sb_append(b, &to[hit - from], 1) == 0 ? 0 : fail(p, at, "out of memory");
  }
  if (read_u_escape(p, &cp) != 0) return fail(p, at, "invalid \\u escape");
  if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(p, at, "lone low surrogate escape");
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (read_u_escape(p, &low) != 0 || low < 0xDC00 || low > 0xDFFF)
      return fail(p, at, "high surrogate escape not followed by a low one");
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  u[0] = (unsigned char)(lead[n] | cp >> (6 * (n - 1)));
  for (i = 1; i < n; i++) u[i] = (unsigned char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3F));
  return sb_append(b, u, n) == 0 ? 0 : fail(p, at, "out of memory");
}

/* Parses the string at the cursor (a '"') into a malloc'd, NUL-terminated *out. */
static int parse_string(parser *p, char **out, size_t *out_len) {
  strbuf b = {NULL, 0, 0};
  size_t open = p->pos++;
  int rc = -1;

  for (;;) {
    int c = peek(p);
    size_t n;
    if (c < 0) {
      fail(p, open, "string not closed");
      goto cleanup;
    }
    if (c == '"') break;
    if (c < 0x20) {
      fail(p, p->pos, "control character in string");
      goto cleanup;
    }
    if (c == '\\') {
      if (parse_escape(p, &b) != 0) goto cleanup;
      continue;
    }
    n = utf8_seq_len((const unsigned char *)p->s + p->pos, p->len - p->pos);
    if (n == 0) {
      fail(p, p->pos, "invalid UTF-8 in string");
      goto cleanup;
    }
    if (sb_append(&b, p->s + p->pos, n) != 0) {
      fail(p, p->pos, "out of memory");
      goto cleanup;
    }
    p->pos += n;
  }
  if (sb_append(&b, "", 0) != 0) { /* an empty string still gets its buffer */
    fail(p, p->pos, "out of memory");
    goto cleanup;
  }
  p->pos++;
  *out = b.data;
  *out_len = b.len;
  b.data = NULL;
  rc = 0;

cleanup:
  free(b.data);
  return rc;
}

/* Parses the number at the cursor, following RFC 8259's grammar exactly. */
static int parse_number(parser *p, json_value *v) {
  size_t start = p->pos, i, j, n;
  const char *dot = localeconv()->decimal_point; /* strtod follows LC_NUMERIC */
  size_t dot_len = strlen(dot);
  char *copy = NULL, *end;
  int neg = peek(p) == '-', ok = 1, rc = -1;
  long long whole = 0;

  p->pos += (size_t)neg;
  if (!is_digit(peek(p))) return fail(p, p->pos, "digit expected in number");
  if (peek(p) == '0') {
    p->pos++;
    if (is_digit(peek(p))) return fail(p, p->pos - 1, "leading zero in number");
  }
  while (is_digit(peek(p))) p->pos++;
  v->is_integer = 1;
  if (peek(p) == '.') {
    p->pos++;
    v->is_integer = 0;
    if (!is_digit(peek(p))) return fail(p, p->pos, "digit expected after '.'");
    while (is_digit(peek(p))) p->pos++;
  }
  if (peek(p) == 'e' || peek(p) == 'E') {
    p->pos++;
    v->is_integer = 0;
    if (peek(p) == '+' || peek(p) == '-') p->pos++;
    if (!is_digit(peek(p))) return fail(p, p->pos, "digit expected in exponent");
    while (is_digit(peek(p))) p->pos++;
  }
  n = p->pos - start;
  copy = malloc(n + dot_len + 1);
  if (!copy) return fail(p, start, "out of memory");
  for (i = start, j = 0; i < p->pos; i++) {
    if (p->s[i] == '.') {
      memcpy(copy + j, dot, dot_len);
      j += dot_len;
    } else {
      copy[j++] = p->s[i];
    }
  }
  copy[j] = '\0';
  errno = 0;
  v->number = strtod(copy, &end);
  if (end != copy + j) {
    fail(p, start, "number not understood by strtod");
    goto cleanup;
  }
  if (errno == ERANGE && (v->number == HUGE_VAL || v->number == -HUGE_VAL)) {
    fail(p, start, "number too large for a double");
    goto cleanup;
  }
  for (i = start + (size_t)neg; v->is_integer && i < p->pos && ok; i++) {
    long long d = p->s[i] - '0';
    if (neg ? whole < (LLONG_MIN + d) / 10 : whole > (LLONG_MAX - d) / 10)
      ok = 0; /* does not fit: the double is all there is */
    else
      whole = neg ? whole * 10 - d : whole * 10 + d;
  }
  v->is_integer = v->is_integer && ok;
  v->integer = v->is_integer ? whole : 0;
  v->type = JSON_NUMBER;
  rc = 0;

cleanup:
  free(copy);
  return rc;
}

static int parse_literal(parser *p, json_value *v, const char *word, json_type type) {
  size_t n = strlen(word);

  if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
    return fail(p, p->pos, "invalid literal");
  p->pos += n;
  v->type = type;
  return 0;
}

/* Parses the array or object at the cursor; depth counts it. */
static int parse_container(parser *p, json_value *v, int depth) {
  int is_object = peek(p) == '{';
  int close = is_object ? '}' : ']';
  json_value item;
  char *key = NULL;
  size_t key_len, cap = 0, i;
  int rc = -1;

  memset(&item, 0, sizeof item);
  if (depth > MAX_DEPTH) return fail(p, p->pos, "nesting deeper than 64");
  v->type = is_object ? JSON_OBJECT : JSON_ARRAY;
  p->pos++;
  skip_ws(p);
  if (peek(p) == close) {
    p->pos++;
    return 0;
  }
  for (;;) {
    if (is_object) {
      size_t key_at;
      skip_ws(p);
      key_at = p->pos;
      if (peek(p) != '"') {
        fail(p, p->pos, "string key expected");
        goto cleanup;
      }
      if (parse_string(p, &key, &key_len) != 0) goto cleanup;
      if (memchr(key, '\0', key_len)) {
        fail(p, key_at, "key holds U+0000");
        goto cleanup;
      }
      for (i = 0; i < v->count; i++) {
        if (strcmp(v->keys[i], key) == 0) {
          fail(p, key_at, "duplicate key");
          goto cleanup;
        }
      }
      skip_ws(p);
      if (peek(p) != ':') {
        fail(p, p->pos, "':' expected");
        goto cleanup;
      }
      p->pos++;
    }
    if (parse_value(p, &item, depth) != 0) goto cleanup;
    if (v->count == cap) {
      size_t n = next_cap(cap, v->count + 1, sizeof *v->items);
      json_value *items = n ? realloc(v->items, n * sizeof *items) : NULL;
      char **keys = NULL;
      if (items) v->items = items;
      if (items && is_object) {
        keys = realloc(v->keys, n * sizeof *keys);
        if (keys) v->keys = keys;
      }
      if (!items || (is_object && !keys)) {
        fail(p, p->pos, "out of memory");
        goto cleanup;
      }
      cap = n;
    }
    if (is_object) v->keys[v->count] = key;
    v->items[v->count++] = item;
    key = NULL;
    memset(&item, 0, sizeof item);
    skip_ws(p);
    if (peek(p) == ',') {
      p->pos++;
      continue;
    }
    if (peek(p) == close) {
      p->pos++;
      break;
    }
    fail(p, p->pos, is_object ? "',' or '}' expected" : "',' or ']' expected");
    goto cleanup;
  }
  rc = 0;

cleanup:
  free(key);
  json_free(&item);
  if (rc != 0) json_free(v);
  return rc;
}

/* Parses the value after any whitespace at the cursor into *v, which is zeroed first and left
 * zeroed on failure. depth is how many containers enclose it. */
static int parse_value(parser *p, json_value *v, int depth) {
  int c, rc;

  memset(v, 0, sizeof *v);
  skip_ws(p);
  c = peek(p);
  if (c == '{' || c == '[') return parse_container(p, v, depth + 1);
  if (c == '"') {
    if (parse_string(p, &v->string, &v->string_len) != 0) return -1;
    v->type = JSON_STRING;
    return 0;
  }
  if (c == 't')
    rc = parse_literal(p, v, "true", JSON_TRUE);
  else if (c == 'f')
    rc = parse_literal(p, v, "false", JSON_FALSE);
  else if (c == 'n')
    rc = parse_literal(p, v, "null", JSON_NULL);
  else if (c == '-' || is_digit(c))
    rc = parse_number(p, v);
  else
    return fail(p, p->pos, c < 0 ? "value expected, found end of text" : "value expected");
  if (rc != 0) memset(v, 0, sizeof *v);
  return rc;
}

int json_parse(const char *text, size_t len, json_value *out, char *err, size_t err_size) {
  parser p;

  p.s = text;
  p.len = len;
  p.pos = 0;
  p.err = err;
  p.err_size = err_size;
  memset(out, 0, sizeof *out);
  if (err && err_size) err[0] = '\0';
  if (!text && len) return fail(&p, 0, "NULL text");
  if (parse_value(&p, out, 0) != 0) return -1;
  skip_ws(&p);
  if (p.pos != p.len) {
    json_free(out);
    return fail(&p, p.pos, "text after the value");
  }
  return 0;
}

const json_value *json_get(const json_value *obj, const char *key) {
  size_t i;

  if (!obj || obj->type != JSON_OBJECT || !key) return NULL;
  for (i = 0; i < obj->count; i++)
    if (strcmp(obj->keys[i], key) == 0) return &obj->items[i];
  return NULL;
}

void json_free(json_value *v) {
  size_t i;

  if (!v) return;
  for (i = 0; i < v->count; i++) {
    json_free(&v->items[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->string);
  memset(v, 0, sizeof *v);
}
