/* Errors with their cause. See error.h. */
#include "core/error.h"

#include <stdarg.h>
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

int la_fail_detail(la_error *e, int code, const char *call, unsigned long win32, const char *fmt,
                   ...) {
  va_list ap;

  if (e != NULL && e->code == LISTAPPS_OK) {
    la_fail(e, code, call, win32);
    va_start(ap, fmt);
    vsnprintf(e->detail, sizeof e->detail, fmt, ap);
    va_end(ap);
  }
  return code;
}

int la_fail_nomem(la_error *e) {
  return la_fail(e, LISTAPPS_ENOMEM, NULL, 0);
}
