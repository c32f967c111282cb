/* Errors with their cause. See error.h. */
#include "core/error.h"

#include <stdio.h>
#include <string.h>

int la_fail(la_error *e, int code, const char *call, unsigned long win32) {
  if (e != NULL && e->code == LISTAPPS_OK) {
    e->code = code;
    e->call = call;
    e->win32 = win32;
  }
  return code;
}

int la_fail_nomem(la_error *e) {
  return la_fail(e, LISTAPPS_ENOMEM, NULL, 0);
}

void la_error_export(const la_error *e, listapps_error_info *info) {
  size_t n;

  if (info == NULL || info->size < sizeof *info) return;
  info->code = e->code;
  info->win32_error = e->win32;
  n = e->call != NULL ? strlen(e->call) : 0;
  if (n >= sizeof info->call) n = sizeof info->call - 1;
  if (n > 0) memcpy(info->call, e->call, n);
  info->call[n] = '\0';
}

size_t listapps_error_message(const listapps_error_info *error, char *buf, size_t size) {
  char text[256];
  int n;

  if (error == NULL) {
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
