/*
 * fuzz_common.h - what the libFuzzer harnesses share: a reader over the fuzzer's bytes, a
 * strict UTF-8 decoder written independently of src/utf.c (so a bug there cannot hide itself),
 * and FUZZ_CHECK, which reports a broken property and aborts so libFuzzer saves the input.
 *
 * Header-only on purpose: each harness is one executable, and static inline functions that a
 * harness does not use cost nothing and warn about nothing.
 */
#ifndef LISTAPPS_FUZZ_COMMON_H
#define LISTAPPS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken property: say which, where, and abort so libFuzzer keeps the crashing input. */
#define FUZZ_CHECK(cond, ...)                                                       \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      fprintf(stderr, "%s:%d: property failed: %s\n  ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                                 \
      fputc('\n', stderr);                                                          \
      abort();                                                                      \
    }                                                                               \
  } while (0)

/* Like libFuzzer's FuzzedDataProvider: strings come from the front of the input, numbers from
 * the back, so mutating one kind of value leaves the other kind where it was. Reading past the
 * end gives zeros and empty strings, never an error. */
typedef struct fuzz_input {
  const uint8_t *data;
  size_t len;
} fuzz_input;

static inline uint64_t fuzz_take_uint(fuzz_input *in, size_t bytes) {
  uint64_t v = 0;

  while (bytes-- > 0 && in->len > 0) {
    v = (v << 8) | in->data[in->len - 1];
    in->len--;
  }
  return v;
}

static inline uint8_t fuzz_take_u8(fuzz_input *in) {
  return (uint8_t)fuzz_take_uint(in, 1);
}

static inline int fuzz_take_bool(fuzz_input *in) {
  return fuzz_take_uint(in, 1) & 1u;
}

/* A number in [0, n); n > 0. */
static inline size_t fuzz_take_below(fuzz_input *in, size_t n) {
  return (size_t)(fuzz_take_uint(in, n <= 256 ? 1 : n <= 65536 ? 2 : 4) % n);
}

/* The bytes up to the next NUL (or the end) as a malloc'd C string; the NUL is skipped, so a
 * string never holds one. Returns NULL only when memory runs out. */
static inline char *fuzz_take_cstring(fuzz_input *in, size_t *out_len) {
  const uint8_t *nul = in->len > 0 ? memchr(in->data, 0, in->len) : NULL;
  size_t n = nul != NULL ? (size_t)(nul - in->data) : in->len;
  char *s = malloc(n + 1);

  if (s == NULL) return NULL;
  if (n > 0) memcpy(s, in->data, n);
  s[n] = '\0';
  in->data += n;
  in->len -= n;
  if (nul != NULL) {
    in->data++;
    in->len--;
  }
  if (out_len != NULL) *out_len = n;
  return s;
}

/* A growable string, for the models of the writers' output. On running out of memory it sets
 * oom and stops growing; a harness then skips its comparison. */
typedef struct fuzz_text {
  char *data;
  size_t len;
  size_t cap;
  int oom;
} fuzz_text;

static inline void fuzz_text_add(fuzz_text *t, const void *s, size_t n) {
  if (t->oom) return;
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->cap < 256 ? 256 : t->cap;
    char *d;
    while (cap < t->len + n + 1) cap *= 2;
    d = realloc(t->data, cap);
    if (d == NULL) {
      t->oom = 1;
      return;
    }
    t->data = d;
    t->cap = cap;
  }
  if (n > 0) memcpy(t->data + t->len, s, n);
  t->len += n;
  t->data[t->len] = '\0';
}

static inline void fuzz_text_add_str(fuzz_text *t, const char *s) {
  fuzz_text_add(t, s, strlen(s));
}

/* Length of the well-formed UTF-8 sequence at s[0..avail), or 0 when there is none there, and
 * its code point in *cp. Unicode's table 3-7: no overlong forms, no surrogates, nothing past
 * U+10FFFF, no truncated sequence. */
static inline size_t fuzz_utf8_strict(const uint8_t *s, size_t avail, uint32_t *cp) {
  uint8_t lo = 0x80, hi = 0xBF;
  size_t n;
  size_t i;
  uint32_t c;

  if (avail == 0) return 0;
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  if (s[0] < 0xC2 || s[0] > 0xF4) return 0;
  if (s[0] < 0xE0) {
    n = 2;
    c = s[0] & 0x1Fu;
  } else if (s[0] < 0xF0) {
    n = 3;
    c = s[0] & 0x0Fu;
  } else {
    n = 4;
    c = s[0] & 0x07u;
  }
  if (s[0] == 0xE0) lo = 0xA0;
  if (s[0] == 0xED) hi = 0x9F;
  if (s[0] == 0xF0) lo = 0x90;
  if (s[0] == 0xF4) hi = 0x8F;
  if (avail < n || s[1] < lo || s[1] > hi) return 0;
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    c = (c << 6) | (s[i] & 0x3Fu);
  }
  *cp = c;
  return n;
}

static inline int fuzz_utf8_valid(const char *s, size_t len) {
  const uint8_t *u = (const uint8_t *)s;
  size_t i = 0;

  while (i < len) {
    uint32_t cp;
    size_t n = fuzz_utf8_strict(u + i, len - i, &cp);
    if (n == 0) return 0;
    i += n;
  }
  return 1;
}

/* Writes the UTF-8 of a scalar value to dst (room for 4); returns the byte count. */
static inline size_t fuzz_utf8_put(uint32_t cp, uint8_t *dst) {
  if (cp < 0x80) {
    dst[0] = (uint8_t)cp;
    return 1;
  }
  if (cp < 0x800) {
    dst[0] = (uint8_t)(0xC0 | (cp >> 6));
    dst[1] = (uint8_t)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    dst[0] = (uint8_t)(0xE0 | (cp >> 12));
    dst[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    dst[2] = (uint8_t)(0x80 | (cp & 0x3F));
    return 3;
  }
  dst[0] = (uint8_t)(0xF0 | (cp >> 18));
  dst[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
  dst[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
  dst[3] = (uint8_t)(0x80 | (cp & 0x3F));
  return 4;
}

/* s[0..len) with every byte that starts no well-formed sequence replaced by U+FFFD, as the
 * writers promise ("invalid UTF-8 becomes U+FFFD"), one replacement per such byte. Returns a
 * malloc'd, NUL-terminated string (NULL when memory runs out) and its length in *out_len. */
static inline char *fuzz_utf8_repaired(const char *s, size_t len, size_t *out_len) {
  const uint8_t *u = (const uint8_t *)s;
  uint8_t *out;
  size_t i = 0;
  size_t n = 0;

  if (len > (SIZE_MAX - 1) / 3) return NULL;
  out = malloc(len * 3 + 1);
  if (out == NULL) return NULL;
  while (i < len) {
    uint32_t cp;
    size_t k = fuzz_utf8_strict(u + i, len - i, &cp);
    if (k == 0) {
      n += fuzz_utf8_put(0xFFFD, out + n);
      i++;
    } else {
      memcpy(out + n, u + i, k);
      n += k;
      i += k;
    }
  }
  out[n] = '\0';
  *out_len = n;
  return (char *)out;
}

#endif
