/* The snapshot behind the public handle, for the library's own writers and 1.0 layer. */
#ifndef LA_SNAPSHOT_H
#define LA_SNAPSHOT_H

#include "core/row.h"
#include "listapps.h"

struct listapps_snapshot {
  la_rows rows;
};

#endif
