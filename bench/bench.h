/*
 * bench.h - what the files of listapps_bench share: the child processes it starts (the window
 * hosts, listapps.exe, a do-nothing start), the methods it times, and the facts it gathers once
 * per size for the breakdown.
 *
 * bench.c      options, the interleaved rounds, statistics and the report;
 * bench_proc.c the --host mode, and starting, waiting for and stopping children;
 * bench_ways.c the timed methods: the library, the CLI, the baseline, the floor, the probes.
 *
 * Nothing here keeps global state: wmain owns every object and passes it down.
 */
#ifndef LISTAPPS_BENCH_H
#define LISTAPPS_BENCH_H

#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stddef.h>

#include "bench_strings.h"

/* ---- Child processes (bench_proc.c) ---- */

/* One window host: this executable started as "listapps_bench --host K". */
typedef struct bench_host {
  HANDLE process;
  HANDLE stdin_write; /* our end of its stdin; closing it tells the host to exit */
  HANDLE stdout_read; /* our end of its stdout, where it says "ready\n" */
  DWORD pid;
} bench_host;

typedef struct bench_hosts {
  bench_host *items;
  size_t count;
} bench_hosts;

/* Copies this executable to a file of its own in the temporary folder, for the hosts to run
 * from: were they started from this very file, every version read in this process would find
 * the image already loaded and skip the file, and the in-process methods would time a shortcut
 * no real app offers. Returns the copy's path (malloc'd), or NULL (a line on stderr). */
wchar_t *bench_host_copy(const wchar_t *self_path);

/* Deletes the copy once no host runs from it. Returns 0, or -1 (a line on stderr). */
int bench_host_copy_remove(const wchar_t *path);

/* The --host mode: creates window_count titled top-level windows (visible, or hidden as a
 * background process's tray, DDE and helper windows are), writes "ready\n" to stdout, pumps
 * messages until stdin reaches end of file, and returns the exit code. */
int bench_host_main(size_t window_count, int visible);

/* Starts process_count hosts of window_count windows each (visible, or hidden for background
 * processes) and waits up to timeout_ms for all of them to say "ready". Returns 0 with *out
 * filled, or -1 (a line on stderr) with every host that did start stopped again and *out
 * zeroed. */
int bench_hosts_start(const wchar_t *host_path, size_t process_count, size_t window_count,
                      int visible, DWORD timeout_ms, bench_hosts *out);

/* Closes every host's stdin, waits a while for them to exit, kills those still running, closes
 * the handles and zeroes *hosts. A zeroed *hosts is accepted. Returns how many were killed. */
size_t bench_hosts_stop(bench_hosts *hosts);

/* Runs exe with the command-line tail args (may be NULL) to completion, its stdin nul and its
 * stdout and stderr the given handles, all inheritable. Returns 0 with *exit_code set, or -1
 * when it could not be started or did not exit within timeout_ms (then it is killed). */
int bench_run(const wchar_t *exe, const wchar_t *args, HANDLE out, HANDLE err, HANDLE nul,
              DWORD timeout_ms, DWORD *exit_code);

/* How long one run of listapps.exe or of a do-nothing process may take. */
#define BENCH_RUN_TIMEOUT_MS 120000u

/* The full path of the running executable, or of name beside it when name is not NULL;
 * malloc'd, NULL when memory runs out. */
wchar_t *bench_module_path(const wchar_t *name);

/* ---- Facts gathered once per size, untimed (bench_ways.c) ---- */

typedef struct bench_facts {
  HWND *windows; /* every top-level window, in EnumWindows order */
  size_t window_count;
  HWND *candidates; /* those that pass the cheap checks (visible, no parent, not a tool window) */
  size_t candidate_count;
  DWORD *app_pids;     /* distinct PIDs that own a qualifying window */
  wchar_t **app_paths; /* image path of each app_pids[i]; NULL when it could not be read */
  size_t app_count;
  const wchar_t **exe_paths; /* the distinct app_paths (borrowed from app_paths) */
  size_t exe_count;
  size_t process_count; /* every process, windowed or not: the baseline's outer loop */
} bench_facts;

/* Fills *f from the current desktop. Returns 0, or -1 when memory runs out or the windows
 * cannot be enumerated (*f zeroed). */
int bench_facts_gather(bench_facts *f);
void bench_facts_free(bench_facts *f);

/* ---- Timed methods (bench_ways.c) ---- */

/* What every method may use. */
typedef struct bench_ctx {
  LARGE_INTEGER qpc_frequency;
  const wchar_t *self_path; /* this executable, started with --noop */
  const wchar_t *host_path; /* its copy the hosts run from (bench_host_copy) */
  const wchar_t *cli_path;  /* listapps.exe beside it; NULL when missing */
  HANDLE nul;               /* the null device, inheritable, for the children's stdio */
  const DWORD *host_pids;   /* sorted */
  size_t host_count;
  size_t windows_per_host;
  const bench_facts *facts;
} bench_ctx;

/* found: host processes the run found complete (their windows, title and description), or
 * BENCH_NOT_CHECKED for the probes, which produce no list. */
#define BENCH_NOT_CHECKED (-1L)

typedef struct bench_sample {
  double seconds;
  long found;
} bench_sample;

/* Runs one repetition of a method. Returns 0, or -1 on a failure that makes the figures
 * meaningless (out of memory, a child that cannot start); a line on stderr says which. */
typedef int (*bench_fn)(const bench_ctx *ctx, bench_sample *sample);

/* The methods, in the order of enum bench_method_id. */
enum bench_method_id {
  BENCH_LIBRARY,
  BENCH_CLI,
  BENCH_NOOP,
  BENCH_BASELINE,
  BENCH_FLOOR,
  BENCH_LIB_DEFAULT,
  BENCH_LIB_COLUMNS,
  BENCH_LIB_WINDOWS,
  BENCH_SNAPSHOT,
  BENCH_PROBE_ENUM,
  BENCH_PROBE_CHECKS,
  BENCH_PROBE_STYLES,
  BENCH_PROBE_PID,
  BENCH_PROBE_TITLE_LEN,
  BENCH_PROBE_TITLE_TEXT,
  BENCH_PROBE_CLASS,
  BENCH_PROBE_IMAGE,
  BENCH_PROBE_VERSION_ONCE,
  BENCH_PROBE_VERSION_EACH,
  BENCH_METHOD_COUNT
};

typedef struct bench_method {
  const char *name; /* short, for the report */
  const char *what; /* what it times, for the breakdown's legend */
  bench_fn run;
} bench_method;

extern const bench_method bench_methods[BENCH_METHOD_COUNT];

/* The method named name that produces a list (library, baseline, floor, lib-default,
 * lib-columns, lib-windows), or -1. The --run mode runs one with no hosts known to it. */
int bench_method_by_name(const wchar_t *name);

/* Runs listapps.exe --format csv once with stdout captured and counts the host rows that are
 * complete (K windows, the hosts' description). Returns 0 with *found and *exit_code set, or -1
 * when it cannot be run. */
int bench_check_cli(const bench_ctx *ctx, long *found, DWORD *exit_code);

/* The library's transient memory: peak working set before and after one listapps_snapshot_take
 * (the library method's), and private bytes before it and while its snapshot is held. */
typedef struct bench_memory {
  size_t peak_ws_before;
  size_t peak_ws_after;
  size_t private_before;
  size_t private_held;
} bench_memory;

int bench_probe_memory(bench_memory *m);

#endif
