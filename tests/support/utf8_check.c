/* utf8_check.c - UTF-8 validation for the test readers; see utf8_check.h. */
#include "utf8_check.h"

/* Length of the well-formed UTF-8 sequence at s (avail bytes readable), or 0 if there is none.
 * The ranges are the Unicode standard's table 3-7, which excludes overlongs and surrogates. */
size_t utf8_seq_len(const unsigned char *s, size_t avail) {
  unsigned char lo = 0x80, hi = 0xBF;
  size_t n, i;

  if (s[0] < 0x80) return 1;
  if (s[0] < 0xC2 || s[0] > 0xF4) return 0;
  n = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
  if (s[0] == 0xE0)
    lo = 0xA0;
  else if (s[0] == 0xED)
    hi = 0x9F;
  else if (s[0] == 0xF0)
    lo = 0x90;
  else if (s[0] == 0xF4)
    hi = 0x8F;
  if (avail < n || s[1] < lo || s[1] > hi) return 0;
  for (i = 2; i < n; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  return n;
}

int utf8_is_valid(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;

  while (i < len) {
    size_t n = utf8_seq_len(p + i, len - i);
    if (n == 0) return 0;
    i += n;
  }
  return 1;
}
