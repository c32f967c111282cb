/* The 1.0 interface over the 2.0 one: a listapps_list to and from rows. */
#ifndef LA_COMPAT_H
#define LA_COMPAT_H

#include "core/row.h"
#include "listapps.h"

/* Moves rows into a 1.0 list (the rows are left empty). Returns 0 or LISTAPPS_ENOMEM (then
 * *out is empty and the rows are unchanged). */
int la_rows_to_list(la_rows *rows, listapps_list *out);

#endif
