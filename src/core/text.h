/* Small string utilities shared by every layer: copies, trimming, the file name of a path, and
 * the two ways names compare. Pure C over UTF-8; no Win32. */
#ifndef LA_TEXT_H
#define LA_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* A malloc'd, NUL-terminated copy of s[0..len); NULL when memory runs out. */
char *la_strndup(const char *s, size_t len);

/* A malloc'd copy of the NUL-terminated s; NULL when memory runs out. */
char *la_strdup(const char *s);

/* The span of s[0..len) without leading and trailing white space (ASCII white space and the
 * Unicode spaces U+0085, U+00A0, U+1680, U+2000-U+200B, U+2028, U+2029, U+202F, U+205F, U+3000,
 * U+FEFF). */
void la_trim(const char *s, size_t len, size_t *start, size_t *trimmed_len);

/* The file name part of a Windows path (after the last '\\' or '/'); path itself if it has
 * none. */
const char *la_file_name_of(const char *path);

/* The simple case folding the sort uses: Latin-1, Latin Extended-A, Greek, Cyrillic and
 * fullwidth Latin capitals to their small letters; every other code point unchanged. */
uint32_t la_fold_case(uint32_t cp);

/* Compares two UTF-8 names ignoring case (la_fold_case), then byte by byte; <0, 0 or >0 like
 * strcmp. */
int la_compare_names(const char *a, const char *b);

/* 1 when a[0..alen) and b[0..blen) are equal ignoring ASCII case, as Windows compares the
 * ASCII file names and option words this is used for. */
int la_equal_ascii_ci(const char *a, size_t alen, const char *b, size_t blen);

/* The hexadecimal digit of value & 0xF, upper-case when upper is set. */
char la_hex_digit(unsigned value, int upper);

#endif
