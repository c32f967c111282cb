/*
 * The raw facts one listing gathers (src/win fills them), and the rules turn into rows
 * (assemble.h). Plain data: everything here is UTF-8 and malloc'd, owned by the la_facts.
 */
#ifndef LA_FACTS_H
#define LA_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/foreground.h"
#include "core/process_info.h"
#include "core/row.h"

#define LA_NO_INDEX SIZE_MAX

/* One process: what the system's process snapshot recorded, and what opening it told. */
typedef struct la_process_facts {
  unsigned long pid;
  unsigned long parent_pid; /* valid when in_snapshot */
  unsigned long session_id; /* the session it runs in; valid when in_snapshot */
  int in_snapshot;          /* 0 for an App whose process was gone by the snapshot */
  char *exe_name;           /* image file name as the snapshot recorded it; NULL when not in it */
  uint64_t create_time;     /* 100 ns units since 1601; 0 when unknown or not read */
  int open_state;           /* LISTAPPS_VALUE_PRESENT when opened, DENIED, EXITED, or
                               NOT_GATHERED when the listing had no need to open it */
  char *path;               /* full image path; NULL when not read (open_state says why) */
  int is_critical;          /* IsProcessCritical said so */
  char *package_name;       /* a packaged app's display name; NULL when none */
  size_t version;           /* index in la_facts.versions, or LA_NO_INDEX when not read */
} la_process_facts;

/* What one executable's version resource held, in the block the Name comes from. */
typedef struct la_version_facts {
  int state;         /* PRESENT; NONE when the file has no version resource or cannot be read */
  char *description; /* the raw FileDescription; NULL when the block has none */
  char *company;     /* the raw CompanyName of the same block; NULL when none or not read */
} la_version_facts;

/* A running service and the process it runs in, for naming service hosts. */
typedef struct la_service {
  unsigned long pid;
  char *display_name;
} la_service;

typedef struct la_facts {
  la_window *windows; /* the qualifying top-level windows, topmost first */
  size_t window_count;
  la_process_facts *procs; /* the snapshot's processes, then Apps missing from it */
  size_t proc_count;
  la_version_facts *versions;
  size_t version_count;
  la_service *services; /* sorted by PID, then display name */
  size_t service_count;
  unsigned long shell_pid; /* the process that owns GetShellWindow(); 0 when there is none */
  la_foreground foreground; /* the foreground window, when a field or filter asked for it */
  /* Titles, command lines and users are private (LISTAPPS_LIST_PRIVATE): set before the
   * windows are collected, which then read only whether each window is titled, never its
   * title; the rows' Title, CommandLine and User are then not gathered. */
  int private_mode;
  /* A sessions listing's sessions, ascending (row.h); the assembly moves them into the rows. */
  la_session_status *sessions;
  size_t session_count;
  char *windows_dir;       /* %windir%, the shared Windows directory; NULL when not read */
  char *system_dir;        /* the Windows system directory (%windir%\system32); NULL when not
                              read */
  char *program_files_dir; /* %ProgramFiles% (the native one); NULL when not read */
  int company_gathered;    /* CompanyName was read with each version resource */
  /* Task Manager's columns (process_info.h): info[i] belongs to procs[i]; NULL when no column
   * asked for any. info_needs says which LA_NEED_* were read. */
  la_process_info *info;
  unsigned info_needs;
  uint64_t cpu_interval; /* the CPU sample's length, 100 ns units; 0 when not sampled */
  unsigned processors;   /* logical processors, for CPU as a share of the machine */
} la_facts;

/* Frees everything a la_facts owns and zeroes it. */
void la_facts_free(la_facts *f);

#endif
