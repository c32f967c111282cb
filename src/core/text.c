/* Shared string utilities. See text.h. */
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

#include "core/utf.h"

char *la_strndup(const char *s, size_t len) {
  char *copy;

  if (len == SIZE_MAX) return NULL;
  copy = malloc(len + 1);
  if (copy == NULL) return NULL;
  memcpy(copy, s, len);
  copy[len] = '\0';
  return copy;
}

char *la_strdup(const char *s) {
  return la_strndup(s, strlen(s));
}

static int is_space(uint32_t cp) {
  return cp == ' ' || (cp >= 0x09u && cp <= 0x0Du) || cp == 0x85u || cp == 0xA0u || cp == 0x1680u ||
         (cp >= 0x2000u && cp <= 0x200Bu) || cp == 0x2028u || cp == 0x2029u || cp == 0x202Fu ||
         cp == 0x205Fu || cp == 0x3000u || cp == 0xFEFFu;
}

void la_trim(const char *s, size_t len, size_t *start, size_t *trimmed_len) {
  size_t i = 0;
  size_t end = 0;

  *start = len;
  while (i < len) {
    uint32_t cp;
    size_t n = la_utf8_decode(s + i, len - i, &cp);
    if (!is_space(cp)) {
      if (*start == len) *start = i;
      end = i + n;
    }
    i += n;
  }
  *trimmed_len = *start == len ? 0 : end - *start;
}

const char *la_file_name_of(const char *path) {
  const char *name = path;
  const char *p;

  for (p = path; *p != '\0'; p++) {
    if (*p == '\\' || *p == '/') name = p + 1;
  }
  return name;
}

uint32_t la_fold_case(uint32_t c) {
  if (c < 0x80u) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if ((c >= 0xC0u && c <= 0xDEu && c != 0xD7u) || (c >= 0x391u && c <= 0x3ABu && c != 0x3A2u) ||
      (c >= 0x410u && c <= 0x42Fu) || (c >= 0xFF21u && c <= 0xFF3Au))
    return c + 32;
  if (c >= 0x400u && c <= 0x40Fu) return c + 80;
  if (c == 0x386u) return 0x3ACu;
  if (c >= 0x388u && c <= 0x38Au) return c + 37;
  if (c == 0x38Cu) return 0x3CCu;
  if (c == 0x38Eu || c == 0x38Fu) return c + 63;
  if (c == 0x178u) return 0xFFu;
  /* Latin Extended-A pairs its letters upper, lower; the pairs start on even code points except
   * in U+0139-U+0148 and U+0179-U+017E, and U+0138 and U+0149 stand alone. */
  if ((c >= 0x100u && c <= 0x137u) || (c >= 0x14Au && c <= 0x177u)) return c | 1u;
  if ((c >= 0x139u && c <= 0x148u) || (c >= 0x179u && c <= 0x17Eu)) return (c & 1u) ? c + 1 : c;
  return c;
}

int la_compare_names(const char *a, const char *b) {
  size_t alen = strlen(a);
  size_t blen = strlen(b);
  size_t i = 0;
  size_t j = 0;

  while (i < alen && j < blen) {
    uint32_t ca;
    uint32_t cb;
    i += la_utf8_decode(a + i, alen - i, &ca);
    j += la_utf8_decode(b + j, blen - j, &cb);
    ca = la_fold_case(ca);
    cb = la_fold_case(cb);
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  if (i < alen) return 1;
  if (j < blen) return -1;
  return strcmp(a, b);
}

int la_equal_ascii_ci(const char *a, size_t alen, const char *b, size_t blen) {
  size_t i;

  if (alen != blen) return 0;
  for (i = 0; i < alen; i++) {
    char ca = a[i];
    char cb = b[i];
    if (ca >= 'A' && ca <= 'Z') ca = (char)(ca + 32);
    if (cb >= 'A' && cb <= 'Z') cb = (char)(cb + 32);
    if (ca != cb) return 0;
  }
  return 1;
}

char la_hex_digit(unsigned value, int upper) {
  return (upper ? "0123456789ABCDEF" : "0123456789abcdef")[value & 0xFu];
}
