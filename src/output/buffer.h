/* A growable byte buffer for building output text. Pure C, no Win32. */
#ifndef LA_BUFFER_H
#define LA_BUFFER_H

#include <stddef.h>

/* Appends never fail loudly: the first failure sets err (LISTAPPS_ENOMEM or LISTAPPS_ERANGE) and
 * every later append does nothing, so a writer checks err once at the end. data is always
 * NUL-terminated once anything was appended. */
typedef struct la_buffer {
  char *data;
  size_t len;
  size_t cap;
  int err;
} la_buffer;

void la_buffer_append(la_buffer *b, const char *s, size_t len);
void la_buffer_append_str(la_buffer *b, const char *s);
void la_buffer_append_char(la_buffer *b, char c);
void la_buffer_append_repeat(la_buffer *b, char c, size_t count);
void la_buffer_append_ulong(la_buffer *b, unsigned long value);
void la_buffer_append_ull(la_buffer *b, unsigned long long value);
void la_buffer_append_ll(la_buffer *b, long long value);
/* Appends value in hexadecimal, at least min_digits digits (up to 16), upper-case when upper. */
void la_buffer_append_hex(la_buffer *b, unsigned long long value, size_t min_digits, int upper);
/* Appends "\u" and four lower-case hex digits. */
void la_buffer_append_u_escape(la_buffer *b, unsigned value);
/* Hands the text over: *out gets data (an empty string when nothing was appended). Returns 0, or
 * the buffer's error, in which case the data is freed and *out is NULL. */
int la_buffer_finish(la_buffer *b, char **out, size_t *out_len);
void la_buffer_free(la_buffer *b);

#endif
