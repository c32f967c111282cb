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
#include "core/process_groups.h"
#include "core/row.h"

/* What a listing decides before it makes rows: which processes are Apps, and which App's
 * group each process of the snapshot is in. The gathering makes it once, since what it reads
 * depends on it, and the assembly makes the rows from that same plan. */
typedef struct la_plan {
  la_app_group *apps; /* the Apps that f's windows make (see la_plan_apps) */
  size_t app_count;
  la_pid_map app_of_pid; /* App PID -> index in apps */
  la_proc_node *nodes;   /* the snapshot's processes, as the grouping sees them */
  size_t node_count;
  size_t *root; /* per node: its group's App node, or LA_NO_GROUP; NULL until la_plan_groups */
} la_plan;

/* Finds the Apps that f's windows make, one per process in order of its topmost window (see
 * la_group_windows; first_window indexes f->windows), leaving out processes that are never Apps
 * (la_image_may_be_app, by the snapshot's image name). Fills plan (zeroed first). Returns 0 or
 * LISTAPPS_ENOMEM (then plan is empty). */
int la_plan_apps(const la_facts *f, la_plan *plan);

/* Puts each process of the snapshot in its App's group, from f as gathered so far (creation
 * times and the shell's path read): plan->nodes and plan->root, replacing any earlier ones.
 * Returns 0 or LISTAPPS_ENOMEM. */
int la_plan_groups(const la_facts *f, la_plan *plan);

/* Frees what a plan holds and zeroes it. */
void la_plan_free(la_plan *plan);

/* la_plan_apps, as its apps and their PID map: *apps is the caller's to free. */
int la_find_apps(const la_facts *f, la_app_group **apps, size_t *app_count, la_pid_map *app_of_pid);

/* The processes of the snapshot whose creation time the grouping needs (la_group_time_needs),
 * given the Apps of the plan and the facts gathered so far: need[i] for f->procs[i]. Returns 0
 * or LISTAPPS_ENOMEM. */
int la_facts_time_needs(const la_facts *f, const la_pid_map *app_of_pid, unsigned char *need);

/* Which of f->procs get a row of their own in a listing with these LISTAPPS_LIST_* flags, given
 * a plan with its groups (la_plan_groups): has_row[i] for f->procs[i]. With LISTAPPS_LIST_ALL
 * every process; otherwise each App that heads its group (an App nested in another App's group
 * has none). Their version resources are the ones worth reading. */
void la_plan_row_needs(const la_facts *f, const la_plan *plan, unsigned int flags,
                       unsigned char *has_row);

/* la_plan_groups over plan_apps's Apps, then la_plan_row_needs: for callers without a plan. */
int la_facts_row_needs(const la_facts *f, const la_pid_map *app_of_pid, unsigned int flags,
                       unsigned char *has_row);

/* Makes the rows of a listing with the given LISTAPPS_LIST_* flags from f and its plan (with its
 * groups), in the order of sort_field (a field id, descending when descending is set; -1 for
 * Name, then PID: see la_sort_rows_by), sorting once. Takes the windows that make Apps out of f
 * (their strings move into the rows; f still frees the rest). On success returns 0 and fills
 * *out; returns LISTAPPS_ENOMEM with *out empty. */
int la_assemble_planned(la_facts *f, const la_plan *plan, unsigned int flags, int sort_field,
                        int descending, la_rows *out);

/* la_assemble_planned with a plan of its own, sorted by Name, then PID. */
int la_assemble(la_facts *f, unsigned int flags, la_rows *out);

/* A service host's name for the process pid from f's services: "Service Host: <first display
 * name>" plus " (+N more)"; *name is NULL when the process runs no service. Returns 0 or
 * LISTAPPS_ENOMEM. */
int la_service_host_name_of(const la_facts *f, unsigned long pid, char **name);

#endif
