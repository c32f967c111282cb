/*
 * The field registry: one entry per column, naming it once. Its public part
 * (listapps_field_info) drives the CSV header and JSON keys, the table's columns, --help's
 * OUTPUT COLUMNS and column selection; its private part says which facts a field needs and how
 * a row's value is made from them. A new column is one entry here and one gatherer in src/win.
 */
#ifndef LA_FIELD_REGISTRY_H
#define LA_FIELD_REGISTRY_H

#include <stddef.h>

#include "core/facts.h"
#include "listapps.h"

/* What the assembly knows of the row whose values are being made. */
typedef struct la_row_context {
  const la_facts *facts;
  const la_process_facts *proc;    /* NULL for an App whose process could not be found at all */
  const la_version_facts *version; /* NULL when the version resource was not read */
  const char *name;                /* the name the rules gave the row */
  int category;
  unsigned long pid;
  unsigned long app_pid; /* 0 for none */
  const la_window *windows;
  size_t window_count;
  size_t process_count;
} la_row_context;

/* Facts a field needs beyond what every listing gathers. */
#define LA_NEED_COMPANY 0x1u /* CompanyName from each version resource */

typedef struct la_field_def {
  listapps_field_info info;
  unsigned needs; /* LA_NEED_* */
  /* Makes the row's value; NULL for a field of windows only. Returns 0 or LISTAPPS_ENOMEM. */
  int (*fill)(const la_row_context *c, la_value *v);
} la_field_def;

/* The entry of a field id; NULL for an unknown one. */
const la_field_def *la_field_def_of(int field);

/* The columns 1.0 wrote, in its order: Category,Name,PID,ParentPID,AppPID,Title,Windows,
 * Processes,Image,Path,Description. */
extern const int la_default_fields[];
extern const size_t la_default_field_count;

/* The --windows columns 1.0 wrote: PID,HWND,Title,Class,Name,Image,Path. */
extern const int la_window_fields[];
extern const size_t la_window_field_count;

/* The table's columns: Name, PID, Title. */
extern const int la_table_fields[];
extern const size_t la_table_field_count;

#endif
