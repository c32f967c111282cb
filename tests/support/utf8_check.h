/* utf8_check.h - strict UTF-8 validation, shared by the test readers and the tests. */
#ifndef UTF8_CHECK_H
#define UTF8_CHECK_H

#include <stddef.h>

/* Length of the well-formed UTF-8 sequence at s (avail >= 1 bytes readable), or 0 if there is
 * none there. */
size_t utf8_seq_len(const unsigned char *s, size_t avail);

/* 1 if s[0..len) is well-formed UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF, no truncated sequence), else 0. NUL bytes count as valid (U+0000). */
int utf8_is_valid(const char *s, size_t len);

#endif
