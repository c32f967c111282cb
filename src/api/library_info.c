/* The library's fixed strings: its version, error messages and category names. */
#include "listapps.h"

#include "core/process_category.h"

const char *listapps_version(void) {
  return LISTAPPS_VERSION_STRING;
}

unsigned int listapps_version_number(void) {
  return LISTAPPS_VERSION_HEX;
}

const char *listapps_strerror(int err) {
  switch (err) {
    case LISTAPPS_OK:
      return "success";
    case LISTAPPS_EINVAL:
      return "invalid argument";
    case LISTAPPS_ENOMEM:
      return "out of memory";
    case LISTAPPS_EENUM:
      return "the system would not enumerate windows or processes";
    case LISTAPPS_ERANGE:
      return "result too large";
    case LISTAPPS_EWRITE:
      return "the output could not be written";
    case LISTAPPS_ENODESKTOP:
      return "no user's windows can be seen from here";
    case LISTAPPS_ENOSESSION:
      return "no such signed-in session";
    case LISTAPPS_ERECORDING:
      return "the recording cannot be read";
    default:
      return "unknown error";
  }
}

const char *listapps_category_name(int category) {
  return la_category_name(category);
}

const char *listapps_value_state_name(int state) {
  switch (state) {
    case LISTAPPS_VALUE_PRESENT:
      return "present";
    case LISTAPPS_VALUE_NONE:
      return "none";
    case LISTAPPS_VALUE_NOT_GATHERED:
      return "not gathered";
    case LISTAPPS_VALUE_DENIED:
      return "access denied";
    case LISTAPPS_VALUE_EXITED:
      return "process exited";
    case LISTAPPS_VALUE_UNSUPPORTED:
      return "not supported on this system";
    default:
      return "unknown state";
  }
}
