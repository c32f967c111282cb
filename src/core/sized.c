/* Size-stamped structs. See sized.h. */
#include "core/sized.h"

#include <string.h>

#include "listapps.h"

int la_read_sized(void *dst, size_t dst_size, const void *src) {
  const unsigned char *bytes = src;
  size_t size;
  size_t i;

  if (src == NULL) return 0;
  memcpy(&size, src, sizeof size);
  if (size < sizeof size) return LISTAPPS_EINVAL;
  /* A newer header's members that this library does not know must be left at zero, their
   * default: a program that set one asked for something this library cannot do. */
  for (i = dst_size; i < size; i++)
    if (bytes[i] != 0) return LISTAPPS_EINVAL;
  if (size > dst_size) size = dst_size;
  memcpy((unsigned char *)dst + sizeof size, bytes + sizeof size, size - sizeof size);
  return 0;
}

void la_write_sized(void *dst, const void *src, size_t src_size) {
  size_t size;

  if (dst == NULL) return;
  memcpy(&size, dst, sizeof size);
  if (size < sizeof size) return;
  if (size > src_size) size = src_size;
  memcpy((unsigned char *)dst + sizeof size, (const unsigned char *)src + sizeof size,
         size - sizeof size);
}
