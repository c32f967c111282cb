/*
 * The imperative shell: the Win32 calls that gather raw facts about windows, processes,
 * executables and services into the plain structs of core/facts.h. Nothing here decides what
 * an App is (core/app_rules.h) or what a row shows (core/assemble.h). Every failure that fails
 * a listing is recorded with its call and Win32 error in the la_error passed in.
 */
#ifndef LA_WIN_FACTS_H
#define LA_WIN_FACTS_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "core/assemble.h"
#include "core/error.h"
#include "core/facts.h"
#include "core/field_registry.h"
#include "win/list_stats.h"

/* Collects the qualifying top-level windows of the caller's desktop into f->windows, topmost
 * first, and with record, every window met into f->raw_windows as it was read. A ghost (class
 * Ghost) stands for the hung window it covers where user32 says which
 * (HungWindowFromGhostWindow). With a watch's memory (may be NULL), a window's process and class are read once for
 * its life, and a partial look takes the windows no event named from the last look. Returns 0,
 * LISTAPPS_ENOMEM or LISTAPPS_EENUM (EnumWindows failed); on failure f->windows is left empty. */
struct la_watch_memory;
int la_collect_app_windows(la_facts *f, const struct la_watch_memory *memory, int record,
                           la_error *e, la_list_stats *stats);

/* Reads the foreground window into *fg, and what it stands for: the hung window behind a
 * ghost, and, when neither is among windows (count of them: the qualifying windows just
 * collected), its root owner (foreground.c). */
void la_read_foreground(const la_window *windows, size_t count, la_foreground *fg);

/* Reads what needs asks (LA_NEED_RECT, LA_NEED_WINDOW_STATE, LA_NEED_CLOAKED) of each of
 * windows: its visible frame, show state and cloaking, each with its state
 * (window_geometry.c). */
void la_read_window_geometry(la_window *windows, size_t count, unsigned needs);

/* Reads the system's process list (system_processes.h) into *list (malloc'd, for the caller to
 * free, and to hand to la_read_system_info) and appends every process in it to f->procs
 * (in_snapshot set, nothing opened yet). Returns 0, LISTAPPS_ENOMEM or LISTAPPS_EENUM (the
 * system would not give the list); *list is NULL on failure. */
int la_snapshot_processes(la_facts *f, void **list, la_error *e);

/* What la_probe_process may read of a process, through one handle. */
#define LA_PROBE_PATH 0x1u     /* the full image path */
#define LA_PROBE_TIMES 0x2u    /* the creation time */
#define LA_PROBE_CRITICAL 0x4u /* IsProcessCritical */
#define LA_PROBE_PACKAGE 0x8u  /* a packaged app's display name */
/* Whether a packaged process is frozen (la_read_frozen into frozen_state and frozen), the way
 * Windows suspends a packaged app: asked of packaged processes only, which are the ones it
 * freezes, so that Status costs nothing more for the others. Read at every look. */
#define LA_PROBE_FROZEN 0x10u

/* A function looked up by name, to be cast to its real type before the call. */
typedef void (*la_proc_fn)(void);

/* Functions that not every Windows (nor Wine) exports, resolved once per listing. */
typedef struct la_system_api {
  la_proc_fn is_process_critical;           /* IsProcessCritical, Windows 8.1 */
  la_proc_fn get_package_full_name;         /* GetPackageFullName, Windows 8 */
  la_proc_fn get_package_path_by_full_name; /* GetPackagePathByFullName, Windows 8.1 */
} la_system_api;

void la_system_api_load(la_system_api *api);

/* Opens process p->pid once (PROCESS_QUERY_LIMITED_INFORMATION) and reads what `what` asks
 * into *p: open_state says whether it could be opened (DENIED, EXITED); path (UTF-8), and its
 * UTF-16 form in *path16 (malloc'd, or NULL) for reading the executable. A process that denies
 * access or is gone is not an error. Returns 0 or LISTAPPS_ENOMEM. */
int la_probe_process(la_process_facts *p, unsigned what, const la_system_api *api, wchar_t **path16,
                     la_error *e);

/* What la_probe_process reads, through a process handle the caller opened with at least
 * PROCESS_QUERY_LIMITED_INFORMATION (open_state PRESENT, or EXITED when the image path is gone
 * because the process has exited). Returns 0 or LISTAPPS_ENOMEM. */
int la_probe_through(void *process, la_process_facts *p, unsigned what, const la_system_api *api,
                     wchar_t **path16, la_error *e);

/* The open_state of a process that OpenProcess failed on with this Win32 error: EXITED or
 * DENIED. */
int la_open_failure_state(unsigned long code);

/* A packaged app's display name, given its process (a HANDLE): the manifest's DisplayName,
 * resolved through SHLoadIndirectString when it is a resource reference. *name is UTF-8,
 * malloc'd, or NULL when the process has no package or the name cannot be read. Returns 0 or
 * LISTAPPS_ENOMEM. */
int la_read_package_name(void *process, const la_system_api *api, char **name, la_error *e);

/* The Windows system directory as UTF-8 into *dir (NULL when the system will not say).
 * Returns 0 or LISTAPPS_ENOMEM. */
int la_system_directory(char **dir, la_error *e);

/* The shared Windows directory, %windir% (GetSystemWindowsDirectoryW), as UTF-8 into *dir
 * (NULL when the system will not say). Returns 0 or LISTAPPS_ENOMEM. */
int la_windows_directory(char **dir, la_error *e);

/* The native Program Files directory (ProgramW6432, else ProgramFiles, from the environment) as
 * UTF-8 into *dir (NULL when neither is set). Returns 0 or LISTAPPS_ENOMEM. */
int la_program_files_directory(char **dir, la_error *e);

/* Lists the running Win32 services and the process each runs in, into f->services (sorted by
 * PID, then display name). When the service manager cannot be asked the list is empty:
 * service hosts then keep their usual name. Returns 0 or LISTAPPS_ENOMEM. */
int la_collect_services(la_facts *f, la_error *e);

/* Reads an executable's version resource: the raw FileDescription of the block chosen by
 * la_description_candidates / la_choose_description and, when with_company, the CompanyName
 * of that same block. A file without a resource, or one that cannot be read, gives state
 * NONE. Returns 0 or LISTAPPS_ENOMEM. */
int la_read_version(const wchar_t *path, int with_company, la_version_facts *out, la_error *e);

/* Task Manager's columns (process_info.c). la_read_system_info takes one reading of every
 * process's CPU times (reading 0 or 1), memory and thread states into f->info, as needs asks,
 * from list (a process list la_snapshot_processes read) or, when list is NULL, from a list read
 * now; where the system will not say, those values are unsupported. Returns 0 or
 * LISTAPPS_ENOMEM. */
int la_read_system_info(la_facts *f, int reading, unsigned needs, const void *list, la_error *e);

/* Reads what needs (LA_NEED_DETAILS bits) asks of process pid through one handle: command
 * line, architecture, elevation, user, efficiency mode. A value that cannot be had keeps its
 * state (denied, exited, unsupported). Returns 0 or LISTAPPS_ENOMEM. */
int la_read_process_details(unsigned long pid, unsigned needs, la_process_info *info, la_error *e);

/* Whether a process is frozen (PROCESS_EXTENDED_BASIC_INFORMATION.IsFrozen), read through a
 * handle with PROCESS_QUERY_LIMITED_INFORMATION into *frozen, its state into *state
 * (UNSUPPORTED where the system has no extended form: before Windows 8, Wine). */
void la_read_frozen(void *process, int *state, int *frozen);

/* The columns read through a handle to each process (handle_columns.c): GDI and USER objects,
 * GPU memory, and the first reading of GPU and Network, for each process wanted[i] of f->procs
 * (every process of a row's group), as needs asks; reads the GPU engines into f first. The
 * handles of sampled processes stay open in *sample until la_handle_columns_finish takes the
 * second reading. Returns 0 or LISTAPPS_ENOMEM; *sample (may be NULL) is freed with
 * la_handle_sample_free. */
typedef struct la_handle_sample la_handle_sample;
int la_handle_columns_start(la_facts *f, unsigned needs, const unsigned char *wanted,
                            la_handle_sample **sample, la_error *e, la_list_stats *stats);
/* When the first reading was taken (a LARGE_INTEGER of QueryPerformanceCounter). */
void la_handle_sample_started(const la_handle_sample *sample, void *started);
/* The second reading, and f->handle_interval. */
void la_handle_columns_finish(la_facts *f, la_handle_sample *sample);
void la_handle_sample_free(la_handle_sample *sample);

/* Gathers what a listing asks for (request: its LISTAPPS_LIST_* flags and LA_NEED_* needs) into
 * *f:
 * windows, processes (opened only as far as the rules need), the shell's process and the
 * Windows directory, version resources (each distinct executable with a row read once), and
 * with LISTAPPS_LIST_ALL services and the system and Program Files directories. Counts into
 * stats when not NULL. With a watch's memory (may be NULL; win/watch_memory.h), what an
 * earlier look read and still holds is taken from it, and what this look did not see again is
 * forgotten. With sessions (may be NULL), the windows of each session named (see
 * win/sessions.h); without, a caller whose desktop shows no user's windows fails with
 * LISTAPPS_ENODESKTOP. Fills *plan with the Apps and groups the reading was planned by, for la_assemble_planned
 * to make the rows from. Returns 0, LISTAPPS_ENOMEM or LISTAPPS_EENUM; on failure *f and *plan
 * are freed. */
/* The sessions a listing asks for: every signed-in user's (all), or count IDs. */
typedef struct la_session_request {
  int all;
  const unsigned long *ids;
  size_t count;
} la_session_request;

/* What one listing gathers. */
typedef struct la_gather_request {
  unsigned int flags; /* LISTAPPS_LIST_* */
  unsigned needs;     /* LA_NEED_* */
  unsigned interval_ms;
  la_session_request sessions;
  int record; /* keep every window met (f->raw_windows), for a recording */
} la_gather_request;

struct la_watch_memory;
int la_gather(const la_gather_request *request, struct la_watch_memory *memory, la_facts *f,
              la_plan *plan, la_error *e, la_list_stats *stats);

/* The system's version as "MAJOR.MINOR.BUILD" (RtlGetVersion, which no manifest can make lie),
 * malloc'd; NULL when memory runs out or ntdll will not say. */
char *la_os_version(void);

#endif
