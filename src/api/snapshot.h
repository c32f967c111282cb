/* The snapshot behind the public handle, for the library's own writers and 1.0 layer. */
#ifndef LA_SNAPSHOT_H
#define LA_SNAPSHOT_H

#include "core/row.h"
#include "listapps.h"

struct listapps_snapshot {
  la_rows rows;
};

/* A cell's content for the writers and accessors: a value of a row, or of one of its windows. */
typedef struct la_cell {
  int state;        /* enum listapps_value_state */
  const char *text; /* string fields, when PRESENT */
  long long number; /* other fields, when PRESENT */
} la_cell;

/* The value of field in row; with window != NULL, window fields (HWND, Title, Class) come from
 * that window and the others from the row. */
la_cell la_cell_of(const la_row *row, const la_window *window, int field);

#endif
