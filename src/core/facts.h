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
  /* Whether the probe found the process frozen (LA_PROBE_FROZEN); the listing keeps it in
   * la_process_info, which recordings carry. */
  int frozen_state;
  int frozen;
} la_process_facts;

/* What one executable's version resource held, in the block the Name comes from. */
typedef struct la_version_facts {
  int state;         /* PRESENT; NONE when the file has no version resource or cannot be read */
  char *description; /* the raw FileDescription; NULL when the block has none */
  char *company;     /* the raw CompanyName of the same block; NULL when none or not read */
} la_version_facts;

/* One top-level window as the listing met it, in Z order: every fact it read of the window,
 * and nothing it did not (0 and NULL), so that the rules give the same answer from it again
 * (la_windows_from_raw). Kept only for a recording, or read from one. */
/* What the columns read of a qualifying window (la_window's read bits and the facts they
 * cover), kept with its raw window so that a recording replays it. */
typedef struct la_window_readings {
  unsigned read; /* LA_WINDOW_READ_* */
  int rect_state;
  long left;
  long top;
  long width;
  long height;
  int show_state;
  int show;
  int cloaked_state;
  int cloaked;
  int foreground_state;
  int foreground;
} la_window_readings;

typedef struct la_raw_window {
  uintptr_t hwnd;
  unsigned long style;    /* GWL_STYLE; 0 for a window gone mid-listing */
  unsigned long ex_style; /* GWL_EXSTYLE; read for a visible window */
  int has_parent;         /* GetParent() != NULL (WS_CHILD or WS_POPUP only) */
  int is_shell_window;    /* it is GetShellWindow() */
  unsigned long pid;      /* the owner; 0 when not read */
  unsigned long thread;   /* the owner's thread; 0 when not read */
  char *title;            /* UTF-8; NULL when not read or untitled */
  int titled;             /* it has a title, read or not (a private listing reads none) */
  char *class_name;       /* UTF-8; NULL when not read */
  unsigned long core_child_pid; /* a UWP frame's core window's process; 0 for none */
  char *frame_host_path;        /* a UWP frame with a core window: its own process's image path */
  char *frame_system_dir;       /* ... and the system directory it was checked against */
  int core_child_packaged;      /* ... and whether the core window's process is packaged */
  int hung;                     /* IsHungAppWindow (read with Status, or for a ghost's target) */
  int cloaked;                  /* DWMWA_CLOAKED: 1, 0, or -1 when the system did not say */
  uintptr_t ghost_target;       /* a Ghost window: HungWindowFromGhostWindow's answer; 0 none */
  int is_ghost_target;          /* this entry is a ghost's target, read for the ghost: it is
                                   looked at only through that ghost */
  la_window_readings readings;  /* a recording's: what the columns read of it, if it qualified */
} la_raw_window;

/* A running service and the process it runs in, for naming service hosts. */
typedef struct la_service {
  unsigned long pid;
  char *display_name;
} la_service;

typedef struct la_facts {
  la_window *windows; /* the qualifying top-level windows, topmost first */
  size_t window_count;
  la_raw_window *raw_windows; /* every top-level window met, for a recording; NULL otherwise */
  size_t raw_window_count;
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
  /* The sample of what is read through each process's handle (GPU, Network): its own length,
   * since it starts once the groups are known; 0 when not sampled. */
  uint64_t handle_interval;
  /* The GPU engines the system has (read once per listing when a GPU column asks):
   * la_process_info.gpu_time is indexed by them. gpu_state is PRESENT when they were read,
   * UNSUPPORTED when the system has no D3DKMT statistics (Wine, Windows before 10). */
  int gpu_state;
  la_gpu_engine *gpu_engines;
  size_t gpu_engine_count;
} la_facts;

/* Frees everything a la_facts owns and zeroes it. */
void la_facts_free(la_facts *f);

/* Frees count qualifying windows' strings and the array (raw_windows.c). */
void la_windows_free(la_window *windows, size_t count);

/* Frees count raw windows' strings and the array (raw_windows.c). */
void la_raw_windows_free(la_raw_window *windows, size_t count);

/* Makes f->windows (empty before) from f->raw_windows by the rules, as the live listing did
 * while it met them: each window that qualifies, in Z order, and for each ghost the hung window
 * it stands for (hung, with its own title). Strings are copied. Returns 0 or LISTAPPS_ENOMEM
 * (then f->windows is empty). */
int la_windows_from_raw(la_facts *f);

/* A qualifying window's column readings, out of it and into it. */
void la_window_readings_get(const la_window *w, la_window_readings *out);
void la_window_readings_put(la_window *w, const la_window_readings *in);

#endif
