/* The library's fixed strings: its version, error messages and category names. */
#include "listapps.h"

const char *listapps_version(void) {
  return LISTAPPS_VERSION_STRING;
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
    default:
      return "unknown error";
  }
}

const char *listapps_category_name(int category) {
  switch (category) {
    case LISTAPPS_CATEGORY_APP:
      return "App";
    case LISTAPPS_CATEGORY_BACKGROUND:
      return "Background process";
    case LISTAPPS_CATEGORY_WINDOWS:
      return "Windows process";
    default:
      return "";
  }
}
