/* An error with its cause: the listapps code, the Win32 error and the call that failed. Each
 * listing carries its own (no global state); the first failure recorded is kept. Pure C. */
#ifndef LA_ERROR_H
#define LA_ERROR_H

#include "listapps.h"

typedef struct la_error {
  int code;            /* LISTAPPS_OK until something fails */
  unsigned long win32; /* GetLastError() after the failing call; 0 when none */
  const char *call;    /* the failing call's name (a static string); NULL when none */
  char detail[192];    /* what the failure was about (a station, a session); "" when none */
} la_error;

/* Records a failure (unless one is recorded already) and returns code, so a caller can write
 * `return la_fail(e, LISTAPPS_EENUM, "EnumWindows", GetLastError());`. e may be NULL. */
int la_fail(la_error *e, int code, const char *call, unsigned long win32);

/* la_fail, with what the failure was about (printf-style) as its detail. */
int la_fail_detail(la_error *e, int code, const char *call, unsigned long win32, const char *fmt,
                   ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* la_fail(e, LISTAPPS_ENOMEM, NULL, 0). */
int la_fail_nomem(la_error *e);

#endif
