/*
 * Size-stamped structs: the public structs whose first member is their own size. A program
 * built against an older header hands in a shorter struct, one built against a newer header a
 * longer one; these two helpers are the only code that reads or fills such a struct by its
 * size, so every struct grows the same way. Pure C.
 */
#ifndef LA_SIZED_H
#define LA_SIZED_H

#include <stddef.h>

/* The end of a member: a caller's struct holds it when its size reaches that far. */
#define LA_END_OF(type, member) (offsetof(type, member) + sizeof(((type *)0)->member))

/* Reads the caller's struct src into dst, which the caller filled with the defaults (the *_INIT
 * macro): the bytes as far as src's size reaches are copied, the members past it keep their
 * defaults, and dst's own size member is left as it was. A src larger than dst (from a newer
 * header) is accepted when every byte past dst_size is zero. src may be NULL: dst keeps the
 * defaults. Returns 0, or LISTAPPS_EINVAL for a size too small to hold the size member or a
 * non-zero tail. */
int la_read_sized(void *dst, size_t dst_size, const void *src);

/* Fills the caller's struct dst from src (src_size bytes, a complete struct of the library's
 * size) as far as dst's size member reaches, leaving that size as it is. dst may be NULL; a
 * dst whose size cannot hold its size member is left alone. */
void la_write_sized(void *dst, const void *src, size_t src_size);

#endif
