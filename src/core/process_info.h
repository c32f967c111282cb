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
  int suspended; /* every thread waits, suspended (the process list's thread states) */
  int frozen_state;
  int frozen; /* the process is frozen (PROCESS_EXTENDED_BASIC_INFORMATION.IsFrozen) */
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
  /* The new columns' readings (see docs/listapps.md, Task Manager's columns). Each has its
   * state; NOT_GATHERED when no column asked for it. */
  int base_priority_state; /* the process list's BasePriority, for Efficiency mode */
  long base_priority;
  int threads_state; /* the process list's NumberOfThreads and HandleCount */
  uint64_t threads;
  int handles_state;
  uint64_t handles;
  int gui_state; /* GetGuiResources */
  uint64_t gdi_objects;
  uint64_t user_objects;
  int disk_state;         /* the process list's extension record, at each reading */
  uint64_t disk_bytes[2]; /* bytes read + bytes written so far */
  int disk_seen[2];
  int network_state;         /* ProcessNetworkIoCounters, at each reading */
  uint64_t network_bytes[2]; /* bytes received + bytes sent so far */
  int network_seen[2];
  int gpu_state;      /* D3DKMTQueryStatistics per engine (la_facts.gpu_engines), at each reading */
  uint64_t *gpu_time; /* 2 * la_facts.gpu_engine_count running times, 100 ns units: the first
                         reading's engines, then the second's; malloc'd, NULL when not read */
  int gpu_seen[2];
  int gpu_memory_state; /* D3DKMTQueryStatistics's segment groups, summed over adapters */
  uint64_t gpu_dedicated;
  uint64_t gpu_shared;
} la_process_info;

/* The most GPU engines a listing reads (adapters times nodes). */
#define LA_GPU_MAX_ENGINES 64

/* One GPU engine (a node of an adapter), as Task Manager names it: "GPU 0 - 3D". */
typedef struct la_gpu_engine {
  unsigned adapter; /* the adapter's index in the order the system enumerates them */
  unsigned node;    /* the node's ordinal on its adapter */
  char *name;       /* UTF-8, malloc'd: the engine's name, e.g. "3D" */
} la_gpu_engine;

#endif
