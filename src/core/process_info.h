/*
 * What Task Manager's columns need of a process beyond the listing itself: CPU time, memory,
 * command line, architecture, token, power throttling, thread states. Plain data, filled by
 * src/win/process_info.c only for the columns asked for; each value has its state.
 */
#ifndef LA_PROCESS_INFO_H
#define LA_PROCESS_INFO_H

#include <stdint.h>

/* Which memory figure the system gave (docs/listapps.md: Task Manager's columns, Memory). */
enum la_memory_source {
  LA_MEMORY_PRIVATE_WORKING_SET = 0, /* Task Manager's Memory column */
  LA_MEMORY_PRIVATE_BYTES = 1        /* the private commit: the next best, where the system
                                        reports no private working set (Wine) */
};

typedef struct la_process_info {
  int cpu_state;        /* enum listapps_value_state */
  uint64_t cpu_time[2]; /* kernel + user time, 100 ns units, at the two readings */
  int cpu_seen[2];      /* the process was in that reading */
  int memory_state;
  uint64_t memory;   /* bytes */
  int memory_source; /* enum la_memory_source */
  int suspended_state;
  int suspended; /* every thread suspended, or the process frozen */
  int command_line_state;
  char *command_line; /* UTF-8, malloc'd */
  int architecture_state;
  const char *architecture; /* static: "x64", "x86", "ARM64", "ARM" */
  int elevated_state;
  int elevated;
  int user_state;
  char *user; /* DOMAIN\name, UTF-8, malloc'd */
  int efficiency_state;
  int efficiency; /* EcoQoS: execution-speed throttling set in control and state */
} la_process_info;

#endif
