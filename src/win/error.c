/* The one place a Win32 error code becomes a listapps error. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdio.h>

#include "listapps.h"
#include "win/facts.h"

int la_map_win32_error(unsigned long code, const char *call, int fallback) {
#ifdef LISTAPPS_DEBUG
  fprintf(stderr, "listapps: %s failed with Win32 error %lu\n", call, code);
#else
  (void)call;
#endif
  switch (code) {
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
      return LISTAPPS_ENOMEM;
    default:
      return fallback;
  }
}
