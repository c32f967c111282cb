/*
 * The field registry: one entry per column, naming it once. Its public part
 * (listapps_field_info) drives the CSV header and JSON keys, the table's columns, --help's
 * OUTPUT COLUMNS and column selection; its private part says which facts a field needs and how
 * a row's value is made from them. A new column is one entry here and one gatherer in src/win.
 */
#ifndef LA_FIELD_REGISTRY_H
#define LA_FIELD_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "core/facts.h"
#include "listapps.h"

/* What an App row sums over its group, as Task Manager's collapsed row does; for other rows,
 * the process's own. */
typedef struct la_group_totals {
  int cpu_state;     /* PRESENT when every member's CPU could be read */
  uint64_t cpu_time; /* 100 ns units used during the sample */
  int memory_state;
  uint64_t memory;
  int hung; /* any of the App's qualifying windows is hung */
  int suspended_state;
  int suspended; /* every process of the group is suspended */
  /* The new columns, each as CPU or Memory: the state is the row's own process's, the value
   * the sum over the members that could be read. */
  int threads_state;
  uint64_t threads;
  int handles_state;
  uint64_t handles;
  int gui_state;
  uint64_t gdi_objects;
  uint64_t user_objects;
  int disk_state;
  uint64_t disk_bytes; /* read and written during the sample */
  int network_state;
  uint64_t network_bytes; /* received and sent during the sample */
  int gpu_state;
  uint64_t gpu_time[LA_GPU_MAX_ENGINES]; /* each engine's running time during the sample */
  int gpu_memory_state;
  uint64_t gpu_dedicated;
  uint64_t gpu_shared;
} la_group_totals;

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
  const la_process_info *info; /* the row's own process; NULL when none was read */
  la_group_totals totals;
} la_row_context;

/* Facts a field needs beyond what every listing gathers. */
#define LA_NEED_COMPANY 0x1u       /* CompanyName from each version resource */
#define LA_NEED_STATUS 0x2u        /* hung windows, suspended threads */
#define LA_NEED_CPU 0x4u           /* two readings of every process's times */
#define LA_NEED_MEMORY 0x8u        /* private working set */
#define LA_NEED_COMMAND_LINE 0x10u /* read through a handle with PROCESS_VM_READ */
#define LA_NEED_START_TIME 0x20u   /* the creation time of every row's process */
#define LA_NEED_ARCHITECTURE 0x40u
#define LA_NEED_ELEVATED 0x80u
#define LA_NEED_USER 0x100u
#define LA_NEED_EFFICIENCY 0x200u /* power throttling, and the process list's base priority */
/* Task Manager's Details columns and its Disk, Network and GPU (issue 22). Their bits start
 * high, apart from the ones above, so that columns added elsewhere meanwhile keep theirs. */
#define LA_NEED_THREADS 0x10000u     /* the process list's thread counts */
#define LA_NEED_HANDLES 0x20000u     /* the process list's handle counts */
#define LA_NEED_GUI_OBJECTS 0x40000u /* GetGuiResources, through each process's handle */
#define LA_NEED_DISK 0x80000u        /* the process list's disk counters, at both readings */
#define LA_NEED_NETWORK 0x100000u    /* ProcessNetworkIoCounters, at both readings */
#define LA_NEED_GPU 0x200000u        /* each GPU engine's running time, at both readings */
#define LA_NEED_GPU_MEMORY 0x400000u /* dedicated and shared GPU memory */
/* Read from the process list the listing reads anyway. */
#define LA_NEED_FROM_LIST                                                                 \
  (LA_NEED_STATUS | LA_NEED_CPU | LA_NEED_MEMORY | LA_NEED_EFFICIENCY | LA_NEED_THREADS | \
   LA_NEED_HANDLES | LA_NEED_DISK)
/* Read through a handle to every process of a row's group (la_read_handle_columns). */
#define LA_NEED_THROUGH_HANDLE \
  (LA_NEED_GUI_OBJECTS | LA_NEED_NETWORK | LA_NEED_GPU | LA_NEED_GPU_MEMORY)
/* Read twice, --interval apart. */
#define LA_NEED_SAMPLED (LA_NEED_CPU | LA_NEED_DISK | LA_NEED_NETWORK | LA_NEED_GPU)
#define LA_NEED_FOREGROUND 0x400u    /* GetForegroundWindow, once per listing */
#define LA_NEED_RECT 0x800u          /* each qualifying window's visible frame */
#define LA_NEED_WINDOW_STATE 0x1000u /* each qualifying window's style word */
#define LA_NEED_CLOAKED 0x2000u      /* each qualifying window's DWMWA_CLOAKED */
/* The needs read per qualifying window (src/win/window_geometry.c). */
#define LA_NEED_GEOMETRY (LA_NEED_RECT | LA_NEED_WINDOW_STATE | LA_NEED_CLOAKED)
/* The needs read through one handle per process (la_read_process_details). */
#define LA_NEED_DETAILS                                                            \
  (LA_NEED_COMMAND_LINE | LA_NEED_ARCHITECTURE | LA_NEED_ELEVATED | LA_NEED_USER | \
   LA_NEED_EFFICIENCY)

/* How a field's value is written, beyond its type (la_field_def.render). */
#define LA_RENDER_SIGNED 0x1u /* an integer that may be negative (a screen coordinate) */

typedef struct la_field_def {
  listapps_field_info info;
  unsigned needs; /* LA_NEED_* */
  /* Makes the row's value; NULL for a field of windows only. Returns 0 or LISTAPPS_ENOMEM. */
  int (*fill)(const la_row_context *c, la_value *v);
  unsigned render; /* LA_RENDER_* */
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

/* The table's default columns: Name, PID, Status, Memory, Title; for a sessions listing with
 * Session after PID. */
extern const int la_table_fields[];
extern const size_t la_table_field_count;
extern const int la_session_table_fields[];
extern const size_t la_session_table_field_count;

/* What every watch event names its App by, before any column asked for: PID, StartTime, Name,
 * Title, Image, Path. */
extern const int la_event_fields[];
extern const size_t la_event_field_count;

/* Appends to fields[0..count) each of more that it does not hold yet, while there is room for
 * cap, in more's order. Returns the new count. */
/* The registry as listapps_field_count, listapps_field_info_of and listapps_field_by_name
 * hand it out (src/api/registry.c). */
size_t la_field_count(void);
const listapps_field_info *la_field_info_of(int field);
int la_field_by_name(const char *name);

size_t la_fields_add(int *fields, size_t count, size_t cap, const int *more, size_t more_count);

#endif
