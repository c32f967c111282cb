/* UTF-16 to UTF-8 conversion and UTF-8 decoding: pure functions, no Win32. */
#ifndef LA_UTF_H
#define LA_UTF_H

#include <stddef.h>
#include <stdint.h>

#define LA_REPLACEMENT_CHAR 0xFFFDu

/* Converts count UTF-16 code units (no NUL needed) to a malloc'd, NUL-terminated UTF-8 string.
 * Unpaired surrogates become U+FFFD; embedded NULs are kept. On success returns 0 and sets *out
 * (and *out_len, the byte length without the NUL, if out_len is not NULL). Returns -1 when
 * memory runs out, leaving *out NULL. */
int la_utf16_to_utf8(const uint16_t *s, size_t count, char **out, size_t *out_len);

/* Decodes one code point from s[0..len). Returns the number of bytes consumed (1 to 4, at least
 * 1 when len > 0) and stores the code point in *cp; an invalid or truncated sequence consumes
 * one byte and yields U+FFFD. Returns 0 when len is 0. */
size_t la_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Appends the UTF-8 encoding of cp (a valid scalar value) to dst, which must have room for
 * 4 bytes. Returns the number of bytes written. */
size_t la_utf8_encode(uint32_t cp, char *dst);

/* 1 when cp is a control character a name never shows raw: C0 (U+0000-U+001F), DEL and C1
 * (U+0080-U+009F). */
int la_is_control(uint32_t cp);

/* A name fit for a row, from untrusted bytes s[0..len) (a manifest's display name): each
 * invalid UTF-8 sequence becomes U+FFFD (one per byte la_utf8_decode rejects) and each control
 * character (la_is_control) the four characters \xHH, upper-case hex, as the table shows them.
 * Everything else is kept. On success returns 0 and sets *out (malloc'd, NUL-terminated) and
 * *out_len when out_len is not NULL; returns -1 when memory runs out, leaving *out NULL. */
int la_utf8_clean_name(const char *s, size_t len, char **out, size_t *out_len);

#endif
