/* listapps_serve_session_helper: a sessions listing's helper, the side that runs in the other
 * session (win/sessions.c). */
#include "api/error_info.h"
#include "win/sessions.h"

int listapps_serve_session_helper(void *output, listapps_error_info *error) {
  la_error e = {LISTAPPS_OK, 0, NULL, {0}};
  int err = output != NULL ? la_serve_session_helper(output, &e) : la_fail(&e, LISTAPPS_EINVAL, NULL, 0);

  la_error_export(&e, error);
  return err;
}
