/*
 * App groups: an App's process and its descendants, as Task Manager nests them under the App.
 * Pure functions over a process snapshot; no Win32.
 */
#ifndef LA_PROCESS_GROUPS_H
#define LA_PROCESS_GROUPS_H

#include <stddef.h>
#include <stdint.h>

/* What the grouping knows of one process. */
typedef struct la_proc_node {
  unsigned long pid;
  unsigned long parent_pid; /* as the snapshot recorded it; the parent may be gone */
  uint64_t create_time;     /* creation time in 100 ns units; 0 when unknown */
  int is_app;               /* it owns a qualifying window */
  int is_shell;             /* it is the shell (GetShellWindow's owner, %windir%\explorer.exe):
                               it takes nobody into its group and joins nobody's */
} la_proc_node;

#define LA_NO_GROUP SIZE_MAX

/* 1 when process child's recorded parent, process parent, really is its parent: a different
 * process created before it. PIDs are reused, so a parent created after the child is an
 * unrelated process that took the dead parent's PID. Unknown creation times never link. */
int la_is_real_parent(const la_proc_node *parent, const la_proc_node *child);

/* Marks need[i] = 1 for each process whose creation time la_assign_groups may read to decide
 * a group: a process that is not the shell and has an App at or above it on its chain of
 * recorded parents (a chain that never goes into or out of the shell). Others cannot join a
 * group or bring one to a process below them, so their times need not be gathered. Returns 0
 * or LISTAPPS_ENOMEM. */
int la_group_time_needs(const la_proc_node *nodes, size_t count, unsigned char *need);

/* Assigns every process its group: root[i] is the index of the App whose group process i is in,
 * or LA_NO_GROUP. A process belongs to its topmost App ancestor through real parent links
 * (la_is_real_parent), itself included: an App started by another App is in that App's group
 * (Task Manager nests it there), and an App with no App above it is its own root. The walk up
 * never goes into or out of a shell process: a process the shell started is a root of its own,
 * and the shell is in its own group when it is an App and in none otherwise. Returns 0 or
 * LISTAPPS_ENOMEM. */
int la_assign_groups(const la_proc_node *nodes, size_t count, size_t *root);

#endif
