/* listapps_error_info: filled for the caller and described in one line. */
#include "api/error_info.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/sized.h"

void la_error_export(const la_error *e, listapps_error_info *info) {
  listapps_error_info full = LISTAPPS_ERROR_INFO_INIT;
  size_t n = e->call != NULL ? strlen(e->call) : 0;
  size_t size;

  if (info == NULL) return;
  full.code = e->code;
  full.win32_error = e->win32;
  if (n >= sizeof full.call) n = sizeof full.call - 1;
  memcpy(full.call, e->call != NULL ? e->call : "", n);
  full.call[n] = '\0';
  la_write_sized(info, &full, sizeof full);
  /* A struct whose size ends inside the call's name still gets a NUL-terminated name. */
  memcpy(&size, info, sizeof size);
  if (size > offsetof(listapps_error_info, call) && size < sizeof full)
    info->call[size - offsetof(listapps_error_info, call) - 1] = '\0';
}

size_t listapps_error_message(const listapps_error_info *caller, char *buf, size_t size) {
  listapps_error_info e = LISTAPPS_ERROR_INFO_INIT;
  const listapps_error_info *error = &e;
  char text[256];
  int n;

  /* Read as far as the caller's size reaches: an older, shorter struct has no name, say. */
  if (caller == NULL || la_read_sized(&e, sizeof e, caller) != 0) {
    n = snprintf(text, sizeof text, "%s", listapps_strerror(LISTAPPS_EINVAL));
  } else if (error->call[0] != '\0') {
    n = snprintf(text, sizeof text, "%s (%.64s failed with Win32 error %lu)",
                 listapps_strerror(error->code), error->call, error->win32_error);
  } else if (error->win32_error != 0) {
    n = snprintf(text, sizeof text, "%s (Win32 error %lu)", listapps_strerror(error->code),
                 error->win32_error);
  } else {
    n = snprintf(text, sizeof text, "%s", listapps_strerror(error->code));
  }
  if (n < 0) n = 0;
  if (buf != NULL && size > 0) {
    size_t len = (size_t)n < size - 1 ? (size_t)n : size - 1;
    /* Cut at a character boundary: the call's name is ASCII, the rest too. */
    memcpy(buf, text, len);
    buf[len] = '\0';
  }
  return (size_t)n;
}
