/* The snapshot behind the public handle, for the library's own writers and 1.0 layer. */
#ifndef LA_SNAPSHOT_H
#define LA_SNAPSHOT_H

#include "core/row.h"
#include "listapps.h"

struct listapps_snapshot {
  la_rows rows;
  char *recording; /* with LISTAPPS_LIST_RECORD: the facts it was made from; else NULL */
  size_t recording_len;
};

#endif
