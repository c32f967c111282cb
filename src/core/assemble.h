/*
 * From gathered facts to rows: which processes are Apps, their groups and members, every
 * process's category (with LISTAPPS_LIST_ALL), service-host names, each row's name and values,
 * and the order. Pure: tested over hand-made facts without a desktop.
 */
#ifndef LA_ASSEMBLE_H
#define LA_ASSEMBLE_H

#include "core/app_rules.h"
#include "core/facts.h"
#include "core/pid_map.h"
#include "core/row.h"

/* Makes the rows of a listing with the given LISTAPPS_LIST_* flags from f. Takes the windows
 * out of f (f->windows is left empty), since each moves into its App's row. On success returns
 * 0 and fills *out (sorted); returns LISTAPPS_ENOMEM with *out empty. */
int la_assemble(la_facts *f, unsigned int flags, la_rows *out);

/* The Apps that f's windows make, one per process in order of its topmost window (see
 * la_group_windows), and *app_of_pid mapping each App's PID to its index in *apps. Returns 0 or
 * LISTAPPS_ENOMEM (then *apps is NULL and the map empty). */
int la_find_apps(const la_facts *f, la_app_group **apps, size_t *app_count, la_pid_map *app_of_pid);

/* The processes of the snapshot whose creation time the grouping needs (la_group_time_needs),
 * given the facts gathered so far: need[i] for f->procs[i]. Returns 0 or LISTAPPS_ENOMEM. */
int la_facts_time_needs(const la_facts *f, const la_pid_map *app_of_pid, unsigned char *need);

/* A service host's name for the process pid from f's services: "Service Host: <first display
 * name>" plus " (+N more)"; *name is NULL when the process runs no service. Returns 0 or
 * LISTAPPS_ENOMEM. */
int la_service_host_name_of(const la_facts *f, unsigned long pid, char **name);

#endif
