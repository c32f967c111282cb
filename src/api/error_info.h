/* A listing's error handed to the caller: listapps_error_info, filled as far as its size
 * reaches. */
#ifndef LA_ERROR_INFO_H
#define LA_ERROR_INFO_H

#include "core/error.h"
#include "listapps.h"

/* Copies e into the caller's info, as far as its size member allows. info may be NULL. */
void la_error_export(const la_error *e, listapps_error_info *info);

#endif
