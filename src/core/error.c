/* Errors with their cause. See error.h. */
#include "core/error.h"

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
