/* A growable byte buffer. */
#include "output/buffer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "listapps.h"

/* Makes room for extra more bytes plus a NUL. */
static int reserve(la_buffer *b, size_t extra) {
  size_t need;
  size_t cap;
  char *data;

  if (b->err != 0) return -1;
  if (extra > SIZE_MAX - 1 - b->len) {
    b->err = LISTAPPS_ERANGE;
    return -1;
  }
  need = b->len + extra + 1;
  if (need <= b->cap) return 0;
  cap = b->cap < 256 ? 256 : b->cap;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  data = realloc(b->data, cap);
  if (data == NULL) {
    b->err = LISTAPPS_ENOMEM;
    return -1;
  }
  b->data = data;
  b->cap = cap;
  return 0;
}

void la_buffer_append(la_buffer *b, const char *s, size_t len) {
  if (reserve(b, len) != 0) return;
  if (len > 0) memcpy(b->data + b->len, s, len);
  b->len += len;
  b->data[b->len] = '\0';
}

void la_buffer_append_str(la_buffer *b, const char *s) {
  la_buffer_append(b, s, strlen(s));
}

void la_buffer_append_char(la_buffer *b, char c) {
  la_buffer_append(b, &c, 1);
}

void la_buffer_append_repeat(la_buffer *b, char c, size_t count) {
  if (reserve(b, count) != 0) return;
  memset(b->data + b->len, c, count);
  b->len += count;
  b->data[b->len] = '\0';
}

void la_buffer_append_ulong(la_buffer *b, unsigned long value) {
  la_buffer_append_ull(b, value);
}

void la_buffer_append_ull(la_buffer *b, unsigned long long value) {
  char digits[24];
  size_t n = sizeof digits;

  do {
    digits[--n] = (char)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  la_buffer_append(b, digits + n, sizeof digits - n);
}

void la_buffer_append_ll(la_buffer *b, long long value) {
  if (value < 0) {
    la_buffer_append_char(b, '-');
    /* The magnitude as unsigned: -(LLONG_MIN) does not fit a long long. */
    la_buffer_append_ull(b, 0ull - (unsigned long long)value);
  } else {
    la_buffer_append_ull(b, (unsigned long long)value);
  }
}

void la_buffer_append_hex(la_buffer *b, unsigned long long value, size_t min_digits, int upper) {
  char digits[16];
  size_t n = 0;

  do {
    digits[n++] = la_hex_digit((unsigned)(value & 0xFu), upper);
    value >>= 4;
  } while (value != 0 || n < min_digits);
  while (n > 0) la_buffer_append_char(b, digits[--n]);
}

void la_buffer_append_u_escape(la_buffer *b, unsigned value) {
  la_buffer_append(b, "\\u", 2);
  la_buffer_append_hex(b, value & 0xFFFFu, 4, 0);
}

int la_buffer_finish(la_buffer *b, char **out, size_t *out_len) {
  int err;

  *out = NULL;
  if (out_len != NULL) *out_len = 0;
  if (reserve(b, 0) == 0) b->data[b->len] = '\0';
  err = b->err;
  if (err != 0) {
    la_buffer_free(b);
    return err;
  }
  *out = b->data;
  if (out_len != NULL) *out_len = b->len;
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  return 0;
}

void la_buffer_free(la_buffer *b) {
  free(b->data);
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}
