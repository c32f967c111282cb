/*
 * From gathered facts to rows: which processes are Apps, their groups and members (an App
 * started by another App is nested in that App's group, and its windows count in the group's
 * row), every process's category (with LISTAPPS_LIST_ALL), service-host names, each row's name
 * and values, and the order. Pure: tested over hand-made facts without a desktop.
 */
#ifndef LA_ASSEMBLE_H
#define LA_ASSEMBLE_H

#include "core/app_rules.h"
#include "core/facts.h"
#include "core/pid_map.h"
#include "core/row.h"

/* Makes the rows of a listing with the given LISTAPPS_LIST_* flags from f. Takes the windows
 * that make Apps out of f (their strings move into the rows; f still frees the rest). On success
 * returns 0 and fills *out (sorted); returns LISTAPPS_ENOMEM with *out empty. */
int la_assemble(la_facts *f, unsigned int flags, la_rows *out);

/* The Apps that f's windows make, one per process in order of its topmost window (see
 * la_group_windows; first_window indexes f->windows), leaving out processes that are never Apps
 * (la_image_may_be_app, by the snapshot's image name), and *app_of_pid mapping each App's PID
 * to its index in *apps. Returns 0 or LISTAPPS_ENOMEM (then *apps is NULL and the map
 * empty). */
int la_find_apps(const la_facts *f, la_app_group **apps, size_t *app_count, la_pid_map *app_of_pid);

/* The processes of the snapshot whose creation time the grouping needs (la_group_time_needs),
 * given the facts gathered so far: need[i] for f->procs[i]. Returns 0 or LISTAPPS_ENOMEM. */
int la_facts_time_needs(const la_facts *f, const la_pid_map *app_of_pid, unsigned char *need);

/* Which of f->procs get a row of their own in a listing with these LISTAPPS_LIST_* flags, given
 * the facts gathered so far (creation times read): has_row[i] for f->procs[i]. With
 * LISTAPPS_LIST_ALL every process; otherwise each App that heads its group (an App nested in
 * another App's group has none). Their version resources are the ones worth reading. Returns 0
 * or LISTAPPS_ENOMEM. */
int la_facts_row_needs(const la_facts *f, const la_pid_map *app_of_pid, unsigned int flags,
                       unsigned char *has_row);

/* A service host's name for the process pid from f's services: "Service Host: <first display
 * name>" plus " (+N more)"; *name is NULL when the process runs no service. Returns 0 or
 * LISTAPPS_ENOMEM. */
int la_service_host_name_of(const la_facts *f, unsigned long pid, char **name);

#endif
