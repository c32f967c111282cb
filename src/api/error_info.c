/* listapps_error_info: filled for the caller and described in one line. */
#include "api/error_info.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/sized.h"

/* Copies a NUL-terminated string into a fixed array, cut at a UTF-8 character boundary. */
static void copy_cut(char *dst, size_t size, const char *src) {
  size_t n = src != NULL ? strlen(src) : 0;

  if (n >= size) {
    n = size - 1;
    while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
  }
  if (n > 0) memcpy(dst, src, n);
  dst[n] = '\0';
}

void la_error_export(const la_error *e, listapps_error_info *info) {
  listapps_error_info full = LISTAPPS_ERROR_INFO_INIT;
  size_t size;

  if (info == NULL) return;
  full.code = e->code;
  full.win32_error = e->win32;
  copy_cut(full.call, sizeof full.call, e->call);
  copy_cut(full.detail, sizeof full.detail, e->detail);
  la_write_sized(info, &full, sizeof full);
  /* A struct whose size ends inside a string still gets it NUL-terminated (cut). */
  memcpy(&size, info, sizeof size);
  if (size > offsetof(listapps_error_info, call) && size < sizeof full)
    ((char *)info)[size - 1] = '\0';
}

size_t listapps_error_message(const listapps_error_info *caller, char *buf, size_t size) {
  listapps_error_info e = LISTAPPS_ERROR_INFO_INIT;
  char detail[sizeof e.detail + 4] = "";
  char text[512];
  int n;

  /* Read as far as the caller's size reaches: an older, shorter struct has no name, say. */
  if (caller == NULL || la_read_sized(&e, sizeof e, caller) != 0) {
    e.code = LISTAPPS_EINVAL;
  } else {
    e.call[sizeof e.call - 1] = '\0';
    e.detail[sizeof e.detail - 1] = '\0';
  }
  if (e.detail[0] != '\0') snprintf(detail, sizeof detail, ": %s", e.detail);
  if (e.call[0] != '\0') {
    n = snprintf(text, sizeof text, "%s%s (%s failed with Win32 error %lu)",
                 listapps_strerror(e.code), detail, e.call, e.win32_error);
  } else if (e.win32_error != 0) {
    n = snprintf(text, sizeof text, "%s%s (Win32 error %lu)", listapps_strerror(e.code), detail,
                 e.win32_error);
  } else {
    n = snprintf(text, sizeof text, "%s%s", listapps_strerror(e.code), detail);
  }
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof text) n = (int)sizeof text - 1;
  if (buf != NULL && size > 0) {
    size_t len = (size_t)n < size - 1 ? (size_t)n : size - 1;
    /* Cut at a character boundary: a detail may name a window station in any script. */
    while (len < (size_t)n && len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80) len--;
    memcpy(buf, text, len);
    buf[len] = '\0';
  }
  return (size_t)n;
}
