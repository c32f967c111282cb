/*
 * json_reader.h - a strict RFC 8259 reader, used only by the tests to read listapps' JSON back.
 *
 * Strict on purpose: what a lenient parser would accept (trailing commas, comments, invalid
 * UTF-8, lone surrogates, duplicate keys) may hide a bug in our writer. Standard C only and no
 * global state.
 */
#ifndef JSON_READER_H
#define JSON_READER_H

#include <stddef.h>

typedef enum json_type {
  JSON_NULL,
  JSON_FALSE,
  JSON_TRUE,
  JSON_NUMBER,
  JSON_STRING,
  JSON_ARRAY,
  JSON_OBJECT
} json_type;

/* A parsed value. Every pointer is malloc'd and owned by the value; members that do not apply
 * to its type are zero / NULL. */
typedef struct json_value {
  json_type type;
  double number;            /* JSON_NUMBER */
  int is_integer;           /* JSON_NUMBER written without fraction/exponent */
  long long integer;        /* valid when is_integer (and it fits; else is_integer = 0) */
  char *string;             /* JSON_STRING: decoded UTF-8, NUL-terminated; may hold U+0000 */
  size_t string_len;        /* bytes in string, not counting the terminating NUL */
  struct json_value *items; /* JSON_ARRAY elements, or JSON_OBJECT values */
  size_t count;
  char **keys; /* JSON_OBJECT keys (decoded UTF-8), parallel to items, in document order */
} json_value;

/* Parses one JSON document (RFC 8259) strictly: whitespace only around the value; strings must
 * be valid UTF-8, raw control chars (< 0x20) inside strings are errors; \uXXXX escapes decoded
 * to UTF-8 with surrogate pairs combined, a lone surrogate escape is an error; numbers per the
 * RFC grammar (no leading zeros, no '+', no NaN), and one too large for a double is an error;
 * duplicate keys are an error, and so is a key holding U+0000 (keys have no length, so it
 * could not be told apart from a shorter key); nesting limited to depth 64 (a top-level array
 * is depth 1). Returns 0, or -1 with a one-line reason and byte offset written to err (err_size
 * bytes, always NUL-terminated when err_size > 0; err may be NULL). On failure *out is zeroed
 * (type JSON_NULL, all pointers NULL); free a success with json_free. */
int json_parse(const char *text, size_t len, json_value *out, char *err, size_t err_size);

/* The member named key of an object, or NULL (also NULL when obj isn't an object). */
const json_value *json_get(const json_value *obj, const char *key);

/* Frees everything v owns (not v itself) and zeroes *v. Safe on a zeroed value and on NULL. */
void json_free(json_value *v);

#endif
