/*
 * session_helper.c - listapps.exe --session-helper, over listapps_serve_session_helper.
 */
#include "session_helper.h"

#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <listapps.h>

#include "console.h"

int cli_session_helper(void) {
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;

  /* The listing that started it reads the answer and its exit status; stderr is NUL there. */
  return listapps_serve_session_helper(GetStdHandle(STD_OUTPUT_HANDLE), &error) == LISTAPPS_OK
             ? 0
             : CLI_EXIT_FAILED;
}
