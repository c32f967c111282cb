/*
 * fuzz_utf16 - la_utf16_to_utf8 over arbitrary UTF-16 (the input's bytes as little-endian code
 * units), and la_utf8_decode over the same bytes read as UTF-8.
 *
 * Properties:
 *  - the conversion succeeds, the text is NUL-terminated at out_len and strictly valid UTF-8;
 *  - out_len is the sum of the encoded lengths of the code points the input stands for;
 *  - decoding the text and encoding it back to UTF-16 gives the input with each unpaired
 *    surrogate replaced by U+FFFD (so embedded NULs survive and nothing else changes);
 *  - la_utf8_decode agrees with a strict decoder on every position of the text, and
 *    la_utf8_encode gives back the bytes it decoded;
 *  - on arbitrary bytes la_utf8_decode consumes 1 to 4 bytes within the input, decodes exactly
 *    the well-formed sequences, and gives U+FFFD for one byte otherwise;
 *  - a damaged version resource: with the input as the block GetFileVersionInfoExW filled (its
 *    first WORD the resource's wLength, maybe more than the block holds), a value offset from
 *    bytes 2-3 and a count of characters from the last two bytes (as VerQueryValueW reports
 *    them: a wValueLength of up to 65535, NUL or not), la_version_string_count reads only the
 *    block, never counts past the count, the resource's end or the first NUL, and stops only at
 *    one of them (issue 23).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/app_rules.h"
#include "fuzz_common.h"
#include "core/utf.h"

/* The input with unpaired surrogates replaced: what the UTF-8 must stand for. */
static size_t expected_units(const uint16_t *s, size_t count, uint16_t *out, size_t *utf8_len) {
  size_t i = 0;
  size_t n = 0;

  *utf8_len = 0;
  while (i < count) {
    uint16_t u = s[i];
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < count && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
      out[n++] = u;
      out[n++] = s[i + 1];
      *utf8_len += 4;
      i += 2;
      continue;
    }
    if (u >= 0xD800 && u <= 0xDFFF) u = 0xFFFD;
    out[n++] = u;
    *utf8_len += u < 0x80 ? 1 : u < 0x800 ? 2 : 3;
    i++;
  }
  return n;
}

static void check_conversion(const uint16_t *units, size_t count) {
  uint16_t *expected = malloc((count + 1) * sizeof *expected);
  uint16_t *back = malloc((count + 1) * sizeof *back);
  size_t expected_count;
  size_t expected_len;
  size_t back_count = 0;
  char *text = NULL;
  char *text2 = NULL;
  size_t len = 0;
  size_t i = 0;

  if (expected == NULL || back == NULL) goto cleanup;
  expected_count = expected_units(units, count, expected, &expected_len);

  FUZZ_CHECK(la_utf16_to_utf8(units, count, &text, &len) == 0, "count %zu", count);
  FUZZ_CHECK(text != NULL, "count %zu", count);
  FUZZ_CHECK(text[len] == '\0', "len %zu", len);
  FUZZ_CHECK(len == expected_len, "len %zu, expected %zu", len, expected_len);
  FUZZ_CHECK(fuzz_utf8_valid(text, len), "len %zu", len);

  /* out_len may be NULL, and the text is the same then. */
  FUZZ_CHECK(la_utf16_to_utf8(units, count, &text2, NULL) == 0, "count %zu", count);
  FUZZ_CHECK(text2 != NULL && memcmp(text, text2, len + 1) == 0, "len %zu", len);

  while (i < len) {
    uint32_t cp = 0;
    uint32_t cp2 = 0;
    char again[4];
    size_t n = fuzz_utf8_strict((const uint8_t *)text + i, len - i, &cp);
    size_t n2 = la_utf8_decode(text + i, len - i, &cp2);

    FUZZ_CHECK(n > 0, "invalid UTF-8 at byte %zu", i);
    FUZZ_CHECK(n2 == n && cp2 == cp, "at %zu: la_utf8_decode gives %zu/U+%04X, strict %zu/U+%04X",
               i, n2, (unsigned)cp2, n, (unsigned)cp);
    FUZZ_CHECK(la_utf8_encode(cp, again) == n && memcmp(again, text + i, n) == 0,
               "la_utf8_encode(U+%04X) differs from the bytes decoded", (unsigned)cp);
    FUZZ_CHECK(back_count + (cp >= 0x10000 ? 2 : 1) <= expected_count,
               "more code points than the input has");
    if (cp >= 0x10000) {
      back[back_count++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
      back[back_count++] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      FUZZ_CHECK(cp < 0xD800 || cp > 0xDFFF, "surrogate U+%04X in UTF-8", (unsigned)cp);
      back[back_count++] = (uint16_t)cp;
    }
    i += n;
  }
  FUZZ_CHECK(back_count == expected_count, "%zu units back, expected %zu", back_count,
             expected_count);
  FUZZ_CHECK(memcmp(back, expected, back_count * sizeof *back) == 0,
             "round trip differs from the input with surrogates repaired");

cleanup:
  free(text);
  free(text2);
  free(expected);
  free(back);
}

static void check_decode(const uint8_t *data, size_t size) {
  /* An exact-size copy, so reading past the end is caught by ASan. */
  char *s = malloc(size > 0 ? size : 1);
  size_t i = 0;
  uint32_t cp = 0x12345;

  if (s == NULL) return;
  if (size > 0) memcpy(s, data, size);
  FUZZ_CHECK(la_utf8_decode(s, 0, &cp) == 0, "len 0 must consume nothing");
  while (i < size) {
    uint32_t strict_cp = 0;
    size_t strict_n = fuzz_utf8_strict((const uint8_t *)s + i, size - i, &strict_cp);
    size_t n = la_utf8_decode(s + i, size - i, &cp);

    FUZZ_CHECK(n >= 1 && n <= 4 && n <= size - i, "consumed %zu of %zu", n, size - i);
    if (strict_n > 0) {
      FUZZ_CHECK(n == strict_n && cp == strict_cp, "at %zu: %zu/U+%04X, expected %zu/U+%04X", i, n,
                 (unsigned)cp, strict_n, (unsigned)strict_cp);
    } else {
      FUZZ_CHECK(n == 1 && cp == 0xFFFD, "at %zu: invalid byte 0x%02X gave %zu/U+%04X", i,
                 (unsigned)(uint8_t)s[i], n, (unsigned)cp);
    }
    i += n;
  }
  free(s);
}

static void check_version_value(const uint8_t *data, size_t size) {
  /* An exact-size copy, so reading past the block is caught by ASan. */
  unsigned char *block = malloc(size > 0 ? size : 1);
  size_t own = size >= 2 ? (size_t)data[0] | ((size_t)data[1] << 8) : 0;
  size_t end = own < size ? own : size;
  size_t offset = size >= 4 ? ((size_t)data[2] | ((size_t)data[3] << 8)) % (size + 8) : 0;
  size_t count = size >= 2 ? (size_t)data[size - 2] | ((size_t)data[size - 1] << 8) : 0;
  size_t avail = offset <= end ? (end - offset) / 2 : 0;
  size_t got;
  size_t i;

  if (block == NULL) return;
  if (size > 0) memcpy(block, data, size);
  got = la_version_string_count(block, size, offset, count);
  FUZZ_CHECK(got <= count && got <= avail, "%zu units at %zu of %zu (resource %zu), count %zu",
             got, offset, size, end, count);
  for (i = 0; i < got; i++)
    FUZZ_CHECK(block[offset + 2 * i] != 0 || block[offset + 2 * i + 1] != 0,
               "a NUL at unit %zu of %zu", i, got);
  if (got < count && got < avail)
    FUZZ_CHECK(block[offset + 2 * got] == 0 && block[offset + 2 * got + 1] == 0,
               "stopped at unit %zu, which is no NUL", got);
  if (got > 0)
    FUZZ_CHECK(la_version_value_fits(block, size, offset, 2 * got), "the value does not fit");
  free(block);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t count = size / 2;
  uint16_t *units = malloc(count > 0 ? count * sizeof *units : 1);
  size_t i;

  if (units == NULL) return 0;
  for (i = 0; i < count; i++) units[i] = (uint16_t)(data[2 * i] | (data[2 * i + 1] << 8));
  check_conversion(units, count);
  free(units);
  check_decode(data, size);
  check_version_value(data, size);
  return 0;
}
