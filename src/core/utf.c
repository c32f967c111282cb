/* UTF-16 to UTF-8 conversion and UTF-8 decoding. */
#include "core/utf.h"

#include <stdlib.h>

static int is_high_surrogate(uint32_t u) {
  return u >= 0xD800u && u <= 0xDBFFu;
}
static int is_low_surrogate(uint32_t u) {
  return u >= 0xDC00u && u <= 0xDFFFu;
}

static size_t encoded_len(uint32_t cp) {
  if (cp < 0x80u) return 1;
  if (cp < 0x800u) return 2;
  if (cp < 0x10000u) return 3;
  return 4;
}

size_t la_utf8_encode(uint32_t cp, char *dst) {
  unsigned char *d = (unsigned char *)dst;
  if (cp < 0x80u) {
    d[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800u) {
    d[0] = (unsigned char)(0xC0u | (cp >> 6));
    d[1] = (unsigned char)(0x80u | (cp & 0x3Fu));
    return 2;
  }
  if (cp < 0x10000u) {
    d[0] = (unsigned char)(0xE0u | (cp >> 12));
    d[1] = (unsigned char)(0x80u | ((cp >> 6) & 0x3Fu));
    d[2] = (unsigned char)(0x80u | (cp & 0x3Fu));
    return 3;
  }
  d[0] = (unsigned char)(0xF0u | (cp >> 18));
  d[1] = (unsigned char)(0x80u | ((cp >> 12) & 0x3Fu));
  d[2] = (unsigned char)(0x80u | ((cp >> 6) & 0x3Fu));
  d[3] = (unsigned char)(0x80u | (cp & 0x3Fu));
  return 4;
}

/* Reads the code point starting at s[*i] and advances *i past it. */
static uint32_t next_utf16(const uint16_t *s, size_t count, size_t *i) {
  uint32_t u = s[*i];
  *i += 1;
  if (is_high_surrogate(u)) {
    if (*i < count && is_low_surrogate(s[*i])) {
      uint32_t lo = s[*i];
      *i += 1;
      return 0x10000u + ((u - 0xD800u) << 10) + (lo - 0xDC00u);
    }
    return LA_REPLACEMENT_CHAR;
  }
  if (is_low_surrogate(u)) return LA_REPLACEMENT_CHAR;
  return u;
}

int la_utf16_to_utf8(const uint16_t *s, size_t count, char **out, size_t *out_len) {
  size_t len = 0;
  size_t i = 0;
  char *text;

  *out = NULL;
  if (out_len != NULL) *out_len = 0;
  /* Two passes: measure, then encode, so the result is allocated once at its exact size.
   * A UTF-8 length never exceeds 3 bytes per UTF-16 unit, so count * 3 + 1 bounds it; the
   * check keeps that product from overflowing. */
  if (count > (SIZE_MAX - 1) / 3) return -1;
  while (i < count) len += encoded_len(next_utf16(s, count, &i));
  text = malloc(len + 1);
  if (text == NULL) return -1;
  len = 0;
  i = 0;
  while (i < count) len += la_utf8_encode(next_utf16(s, count, &i), text + len);
  text[len] = '\0';
  *out = text;
  if (out_len != NULL) *out_len = len;
  return 0;
}

size_t la_utf8_decode(const char *s, size_t len, uint32_t *cp) {
  const unsigned char *u = (const unsigned char *)s;
  uint32_t c;
  size_t need;
  size_t k;
  uint32_t min;

  if (len == 0) return 0;
  c = u[0];
  if (c < 0x80u) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2u && c <= 0xDFu) {
    need = 1;
    c &= 0x1Fu;
    min = 0x80u;
  } else if (c >= 0xE0u && c <= 0xEFu) {
    need = 2;
    c &= 0x0Fu;
    min = 0x800u;
  } else if (c >= 0xF0u && c <= 0xF4u) {
    need = 3;
    c &= 0x07u;
    min = 0x10000u;
  } else {
    *cp = LA_REPLACEMENT_CHAR;
    return 1;
  }
  if (len <= need) {
    *cp = LA_REPLACEMENT_CHAR;
    return 1;
  }
  for (k = 1; k <= need; k++) {
    if ((u[k] & 0xC0u) != 0x80u) {
      *cp = LA_REPLACEMENT_CHAR;
      return 1;
    }
    c = (c << 6) | (u[k] & 0x3Fu);
  }
  /* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
  if (c < min || c > 0x10FFFFu || (c >= 0xD800u && c <= 0xDFFFu)) {
    *cp = LA_REPLACEMENT_CHAR;
    return 1;
  }
  *cp = c;
  return need + 1;
}

int la_is_control(uint32_t cp) {
  return cp < 0x20u || (cp >= 0x7Fu && cp <= 0x9Fu);
}

/* The bytes cp takes in a clean name. */
static size_t clean_len(uint32_t cp) {
  return la_is_control(cp) ? 4 : encoded_len(cp);
}

int la_utf8_clean_name(const char *s, size_t len, char **out, size_t *out_len) {
  static const char hex[] = "0123456789ABCDEF";
  size_t need = 0;
  size_t i = 0;
  size_t n = 0;
  char *text;

  *out = NULL;
  if (out_len != NULL) *out_len = 0;
  /* At most 4 bytes out per byte in (a control byte becomes \xHH; U+FFFD for one invalid
   * byte takes 3); the check keeps that product from overflowing. */
  if (len > (SIZE_MAX - 1) / 4) return -1;
  while (i < len) {
    uint32_t cp;
    i += la_utf8_decode(s + i, len - i, &cp);
    need += clean_len(cp);
  }
  text = malloc(need + 1);
  if (text == NULL) return -1;
  for (i = 0; i < len;) {
    uint32_t cp;
    i += la_utf8_decode(s + i, len - i, &cp);
    if (la_is_control(cp)) {
      text[n++] = '\\';
      text[n++] = 'x';
      text[n++] = hex[(cp >> 4) & 0xFu];
      text[n++] = hex[cp & 0xFu];
    } else {
      n += la_utf8_encode(cp, text + n);
    }
  }
  text[n] = '\0';
  *out = text;
  if (out_len != NULL) *out_len = n;
  return 0;
}
