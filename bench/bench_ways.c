/*
 * bench_ways.c - the methods the benchmark times, each one repetition per call:
 *
 *   library   listapps_snapshot_take (Name, PID, Title, Windows) + listapps_snapshot_free,
 *             in-process; the check reads the rows through the accessors;
 *   CLI       listapps.exe --format csv to NUL, start to exit (the report subtracts "noop");
 *   noop      this executable with --noop: what starting any process costs;
 *   baseline  the PowerShell one-liner's algorithm (Get-Process | ? MainWindowTitle |
 *             select Description), as .NET performs it: a full EnumWindows pass per process;
 *   floor     the fewest calls that can produce the list;
 *   snapshot  the CreateToolhelp32Snapshot walk the library takes for parent PIDs, which the
 *             floor leaves out;
 *   probes    one kind of call over the windows or processes gathered beforehand, to show
 *             where the time goes.
 *
 * Every method that produces a list counts the host processes it found complete, outside the
 * timed part, so the benchmark cannot silently time a method that found nothing.
 */
#include "bench.h"

#include <psapi.h>
#include <tlhelp32.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <listapps.h>

/* Class names are at most 256 characters (WNDCLASS documentation). */
#define CLASS_NAME_COUNT 257
/* The longest path Win32 accepts, in UTF-16 units, with its NUL. */
#define MAX_LONG_PATH_COUNT 32768u
/* What the library passes when it loads a version resource: localised from MUI files, as
 * Explorer and Task Manager show it. */
#define VERSION_FLAGS (FILE_VER_GET_LOCALISED | FILE_VER_GET_NEUTRAL)
/* Room for the probes' title reads; the hosts' titles are short. */
#define PROBE_TITLE_COUNT 512

static const wchar_t host_description[] = L"" BENCH_HOST_DESCRIPTION;

static LARGE_INTEGER now(void) {
  LARGE_INTEGER t;

  QueryPerformanceCounter(&t);
  return t;
}

static double seconds_between(const bench_ctx *ctx, LARGE_INTEGER from, LARGE_INTEGER to) {
  return (double)(to.QuadPart - from.QuadPart) / (double)ctx->qpc_frequency.QuadPart;
}

static int compare_pids(const void *pa, const void *pb) {
  DWORD a = *(const DWORD *)pa;
  DWORD b = *(const DWORD *)pb;

  return (a > b) - (a < b);
}

static int is_host(const bench_ctx *ctx, DWORD pid) {
  return bsearch(&pid, ctx->host_pids, ctx->host_count, sizeof pid, compare_pids) != NULL;
}

static int is_host_description(const wchar_t *s) {
  return s != NULL && wcscmp(s, host_description) == 0;
}

static wchar_t *copy_wide(const wchar_t *s, size_t count) {
  wchar_t *copy = malloc((count + 1) * sizeof *copy);

  if (copy == NULL) return NULL;
  memcpy(copy, s, count * sizeof *copy);
  copy[count] = L'\0';
  return copy;
}

/* Task Manager's window rule, the part that needs no title or class (see app_rules.c), with
 * the fewest calls: the style word gives visibility and tells whether GetParent can be
 * non-NULL (WS_CHILD or WS_POPUP), as the library reads it. */
static int passes_cheap_checks(HWND hwnd, HWND shell) {
  LONG_PTR style = GetWindowLongPtrW(hwnd, GWL_STYLE);
  LONG_PTR ex_style;

  if ((style & WS_VISIBLE) == 0) return 0;
  if ((style & (WS_CHILD | WS_POPUP)) != 0 && GetParent(hwnd) != NULL) return 0;
  if (hwnd == shell && hwnd != NULL) return 0;
  ex_style = GetWindowLongPtrW(hwnd, GWL_EXSTYLE);
  return (ex_style & WS_EX_TOOLWINDOW) == 0 || (ex_style & WS_EX_APPWINDOW) != 0;
}

static int is_excluded_class(const wchar_t *class_name) {
  return wcscmp(class_name, L"Progman") == 0 || wcscmp(class_name, L"WorkerW") == 0 ||
         wcscmp(class_name, L"Windows.UI.Core.CoreWindow") == 0;
}

/* The rest of the rule: a title and a class that is not the shell's or a UWP core window. */
static int passes_title_and_class(HWND hwnd) {
  wchar_t class_name[CLASS_NAME_COUNT];

  if (GetWindowTextLengthW(hwnd) <= 0) return 0;
  return GetClassNameW(hwnd, class_name, CLASS_NAME_COUNT) <= 0 || !is_excluded_class(class_name);
}

/* The FileDescription of the first translation in a loaded version block; malloc'd, NULL when
 * absent. Returns 0, or -1 when memory runs out. */
static int query_description(const void *block, wchar_t **out) {
  wchar_t sub_block[64];
  const WORD *pair = NULL;
  const wchar_t *value = NULL;
  UINT count = 0;
  size_t len = 0;

  *out = NULL;
  if (!VerQueryValueW(block, L"\\VarFileInfo\\Translation", (void **)&pair, &count) ||
      pair == NULL || count < 4)
    return 0;
  swprintf(sub_block, sizeof sub_block / sizeof sub_block[0],
           L"\\StringFileInfo\\%04x%04x\\FileDescription", (unsigned)pair[0], (unsigned)pair[1]);
  if (!VerQueryValueW(block, sub_block, (void **)&value, &count) || value == NULL) return 0;
  while (len < count && value[len] != L'\0') len++;
  *out = copy_wide(value, len);
  return *out == NULL ? -1 : 0;
}

/* Reads an executable's FileDescription with the calls the library makes. */
static int read_description_ex(const wchar_t *path, wchar_t **out) {
  DWORD ignored = 0;
  DWORD size = GetFileVersionInfoSizeExW(VERSION_FLAGS, path, &ignored);
  void *block;
  int err = 0;

  *out = NULL;
  if (size == 0) return 0;
  block = malloc(size);
  if (block == NULL) return -1;
  if (GetFileVersionInfoExW(VERSION_FLAGS, path, 0, size, block))
    err = query_description(block, out);
  free(block);
  return err;
}

/* The image path with the call the library makes; NULL when access is denied or the process
 * has exited. buf holds MAX_LONG_PATH_COUNT characters, so it never needs to grow. */
static wchar_t *query_image_path(DWORD pid, wchar_t *buf) {
  HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
  DWORD count = MAX_LONG_PATH_COUNT;
  wchar_t *path = NULL;

  if (process == NULL) return NULL;
  if (QueryFullProcessImageNameW(process, 0, buf, &count)) path = buf;
  CloseHandle(process);
  return path;
}

/* ---- 1. The library ---- */

/* Which fields a library method asks for. */
enum library_fields_kind {
  FIELDS_1_0,     /* fields NULL: the 1.0 columns, what listapps --format csv shows */
  FIELDS_DEFAULT, /* the 2.0 table's defaults (Status and Memory besides the 1.0 ones) */
  /* Task Manager's columns: every column of issue 14 (through Session) but CPU, whose two
   * readings wait out a sample */
  FIELDS_ALL_BUT_CPU,
  /* The 1.0 columns with the window's: Foreground and the geometry (issue 21) */
  FIELDS_WINDOWS
};

static int take_snapshot(enum library_fields_kind kind, listapps_snapshot **out) {
  listapps_options options = LISTAPPS_OPTIONS_INIT;
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
  int fields[64];
  size_t count = 0;
  int err;

  if (kind == FIELDS_DEFAULT) {
    options.fields = listapps_default_fields(LISTAPPS_FORMAT_TABLE, 0, &options.field_count);
  } else if (kind == FIELDS_ALL_BUT_CPU) {
    int id;
    for (id = 0; id < LISTAPPS_FIELD_FOREGROUND && count < sizeof fields / sizeof fields[0]; id++) {
      if (id != LISTAPPS_FIELD_CPU) fields[count++] = id;
    }
    options.fields = fields;
    options.field_count = count;
  } else if (kind == FIELDS_WINDOWS) {
    const int *defaults = listapps_default_fields(LISTAPPS_FORMAT_CSV, 0, &count);
    int id;
    memcpy(fields, defaults, count * sizeof *fields);
    for (id = LISTAPPS_FIELD_FOREGROUND; id <= LISTAPPS_FIELD_CLOAKED; id++) fields[count++] = id;
    options.fields = fields;
    options.field_count = count;
  }
  err = listapps_snapshot_take(&options, out, &error);
  if (err != LISTAPPS_OK) {
    char message[256];
    listapps_error_message(&error, message, sizeof message);
    fprintf(stderr, "listapps_bench: listapps_snapshot_take: %s\n", message);
  }
  return err;
}

/* A host's row, read through the accessors: its PID is a host's, it has all the host's windows,
 * a title, and the host's description as its name. */
static int is_complete_host(const bench_ctx *ctx, const listapps_snapshot *s, size_t row) {
  const char *name = NULL;
  const char *title = NULL;
  long long pid = 0;
  long long windows = 0;

  if (listapps_snapshot_get_integer(s, row, LISTAPPS_FIELD_PID, &pid) != LISTAPPS_VALUE_PRESENT ||
      pid < 0 || pid > (long long)MAXDWORD || !is_host(ctx, (DWORD)pid))
    return 0;
  if (listapps_snapshot_get_integer(s, row, LISTAPPS_FIELD_WINDOWS, &windows) !=
          LISTAPPS_VALUE_PRESENT ||
      windows < 0 || (unsigned long long)windows != ctx->windows_per_host)
    return 0;
  if (listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_TITLE, &title) !=
          LISTAPPS_VALUE_PRESENT ||
      title[0] == '\0')
    return 0;
  return listapps_snapshot_get_string(s, row, LISTAPPS_FIELD_NAME, &name) ==
             LISTAPPS_VALUE_PRESENT &&
         strcmp(name, BENCH_HOST_DESCRIPTION) == 0;
}

static int run_library_kind(const bench_ctx *ctx, enum library_fields_kind kind,
                            bench_sample *sample) {
  listapps_snapshot *snapshot = NULL;
  LARGE_INTEGER t0, t1, t2, t3;
  long found = 0;
  size_t count;
  size_t i;

  t0 = now();
  if (take_snapshot(kind, &snapshot) != LISTAPPS_OK) return -1;
  t1 = now();
  /* The check is not the library's work: it stays out of the timed part. */
  count = listapps_snapshot_count(snapshot);
  for (i = 0; i < count; i++) found += is_complete_host(ctx, snapshot, i);
  t2 = now();
  listapps_snapshot_free(snapshot);
  t3 = now();
  sample->seconds = seconds_between(ctx, t0, t1) + seconds_between(ctx, t2, t3);
  sample->found = found;
  return 0;
}

/* The 1.0 columns, as listapps_list_apps and listapps --format csv show them. */
static int run_library(const bench_ctx *ctx, bench_sample *sample) {
  return run_library_kind(ctx, FIELDS_1_0, sample);
}

/* The 2.0 table's default columns. */
static int run_library_default(const bench_ctx *ctx, bench_sample *sample) {
  return run_library_kind(ctx, FIELDS_DEFAULT, sample);
}

/* Task Manager's columns but CPU: what a caller pays for asking for all of them at once. */
static int run_library_columns(const bench_ctx *ctx, bench_sample *sample) {
  return run_library_kind(ctx, FIELDS_ALL_BUT_CPU, sample);
}

/* The 1.0 columns with Foreground and the window geometry: what the window's columns add. */
static int run_library_windows(const bench_ctx *ctx, bench_sample *sample) {
  return run_library_kind(ctx, FIELDS_WINDOWS, sample);
}

int bench_probe_memory(bench_memory *m) {
  PROCESS_MEMORY_COUNTERS before, held, after;
  listapps_snapshot *snapshot = NULL;
  HANDLE self = GetCurrentProcess();
  int status = -1;

  memset(m, 0, sizeof *m);
  /* PagefileUsage is the private commit, Task Manager's "private bytes". The _EX variant's
   * PrivateUsage says the same, but Wine 8 leaves it unset. */
  memset(&before, 0, sizeof before);
  memset(&held, 0, sizeof held);
  memset(&after, 0, sizeof after);
  if (!GetProcessMemoryInfo(self, &before, sizeof before)) goto cleanup;
  if (take_snapshot(FIELDS_1_0, &snapshot) != LISTAPPS_OK) goto cleanup;
  if (!GetProcessMemoryInfo(self, &held, sizeof held)) goto cleanup;
  listapps_snapshot_free(snapshot);
  snapshot = NULL;
  if (!GetProcessMemoryInfo(self, &after, sizeof after)) goto cleanup;
  m->peak_ws_before = before.PeakWorkingSetSize;
  m->peak_ws_after = after.PeakWorkingSetSize;
  m->private_before = before.PagefileUsage;
  m->private_held = held.PagefileUsage;
  status = 0;

cleanup:
  listapps_snapshot_free(snapshot);
  return status;
}

/* ---- 2. The CLI, and a do-nothing process to subtract ---- */

static int run_cli(const bench_ctx *ctx, bench_sample *sample) {
  LARGE_INTEGER t0, t1;
  DWORD exit_code = 0;

  sample->seconds = 0;
  sample->found = BENCH_NOT_CHECKED;
  if (ctx->cli_path == NULL) return 0;
  t0 = now();
  if (bench_run(ctx->cli_path, L"--format csv", ctx->nul, ctx->nul, ctx->nul, BENCH_RUN_TIMEOUT_MS,
                &exit_code) != 0)
    return -1;
  t1 = now();
  sample->seconds = seconds_between(ctx, t0, t1);
  /* The rows were checked once by bench_check_cli; each run must at least succeed. */
  if (exit_code != 0) sample->found = 0;
  return 0;
}

static int run_noop(const bench_ctx *ctx, bench_sample *sample) {
  LARGE_INTEGER t0, t1;
  DWORD exit_code = 0;

  t0 = now();
  if (bench_run(ctx->self_path, L"--noop", ctx->nul, ctx->nul, ctx->nul, BENCH_RUN_TIMEOUT_MS,
                &exit_code) != 0)
    return -1;
  t1 = now();
  sample->seconds = seconds_between(ctx, t0, t1);
  sample->found = BENCH_NOT_CHECKED;
  return 0;
}

/* Counts the complete host rows of listapps' CSV. Host rows start "App,<description>,<pid>,"
 * and hold no comma or quote in any field up to Windows (column 7), so a plain split works. */
static long count_host_rows(const bench_ctx *ctx, const char *text, size_t len) {
  static const char prefix[] = "App," BENCH_HOST_DESCRIPTION ",";
  const char *end = text + len;
  const char *line = text;
  long found = 0;

  while (line < end) {
    const char *eol = memchr(line, '\n', (size_t)(end - line));
    const char *next = eol != NULL ? eol + 1 : end;

    if ((size_t)(next - line) > sizeof prefix && memcmp(line, prefix, sizeof prefix - 1) == 0) {
      /* Fields: Category,Name,PID,ParentPID,AppPID,Title,Windows,... */
      const char *field = line;
      unsigned long values[7] = {0};
      int index = 0;
      while (index < 7 && field < next) {
        const char *comma = memchr(field, ',', (size_t)(next - field));
        if (comma == NULL) break;
        values[index] = strtoul(field, NULL, 10);
        field = comma + 1;
        index++;
      }
      if (index == 7 && is_host(ctx, (DWORD)values[2]) && values[6] == ctx->windows_per_host)
        found++;
    }
    line = next;
  }
  return found;
}

int bench_check_cli(const bench_ctx *ctx, long *found, DWORD *exit_code) {
  SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
  wchar_t dir[MAX_PATH + 1];
  wchar_t name[MAX_PATH + 1];
  HANDLE file = INVALID_HANDLE_VALUE;
  HANDLE err = NULL;
  LARGE_INTEGER size;
  char *text = NULL;
  DWORD got = 0;
  int status = -1;

  *found = 0;
  *exit_code = 0;
  if (ctx->cli_path == NULL) return -1;
  if (GetTempPathW(MAX_PATH + 1, dir) == 0 || GetTempFileNameW(dir, L"lab", 0, name) == 0) {
    fprintf(stderr, "listapps_bench: no temporary file (%lu)\n", GetLastError());
    return -1;
  }
  /* The child writes through our inherited handle; the file vanishes when we close it. */
  file = CreateFileW(name, GENERIC_READ | GENERIC_WRITE,
                     FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, &sa, CREATE_ALWAYS,
                     FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
  if (file == INVALID_HANDLE_VALUE) {
    fprintf(stderr, "listapps_bench: CreateFileW failed (%lu) for %ls\n", GetLastError(), name);
    /* GetTempFileNameW made it, and no delete-on-close handle will take it away. */
    DeleteFileW(name);
    return -1;
  }
  /* Its complaints, if any, should be seen. */
  if (!DuplicateHandle(GetCurrentProcess(), GetStdHandle(STD_ERROR_HANDLE), GetCurrentProcess(),
                       &err, 0, TRUE, DUPLICATE_SAME_ACCESS))
    err = ctx->nul;
  if (bench_run(ctx->cli_path, L"--format csv", file, err, ctx->nul, BENCH_RUN_TIMEOUT_MS,
                exit_code) != 0)
    goto cleanup;
  /* Far more than any desktop's list; a bigger file means something else went wrong. */
  if (!GetFileSizeEx(file, &size) || size.QuadPart > 64 * 1024 * 1024 ||
      (text = malloc((size_t)size.QuadPart + 1)) == NULL ||
      SetFilePointer(file, 0, NULL, FILE_BEGIN) == INVALID_SET_FILE_POINTER ||
      !ReadFile(file, text, (DWORD)size.QuadPart, &got, NULL)) {
    fputs("listapps_bench: could not read listapps.exe's output back\n", stderr);
    goto cleanup;
  }
  *found = count_host_rows(ctx, text, got);
  status = 0;

cleanup:
  if (err != NULL && err != ctx->nul) CloseHandle(err);
  if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
  free(text);
  return status;
}

/* ---- 3. The baseline: the one-liner's algorithm ---- */

/* What .NET's Process.MainWindowHandle keeps of one process (MainWindowFinder). */
typedef struct main_window_search {
  DWORD pid;
  HWND found;
} main_window_search;

/* .NET's MainWindowFinder.EnumWindowsCallback: the first window of the process, in Z order,
 * that has no owner and is visible. The process ID is asked first, for every window:
 * https://github.com/dotnet/runtime/blob/main/src/libraries/System.Diagnostics.Process/src/System/Diagnostics/ProcessManager.Win32.cs
 */
static BOOL CALLBACK find_main_window(HWND hwnd, LPARAM lparam) {
  main_window_search *search = (main_window_search *)lparam;
  DWORD pid = 0;

  GetWindowThreadProcessId(hwnd, &pid);
  if (pid == search->pid && GetWindow(hwnd, GW_OWNER) == NULL && IsWindowVisible(hwnd)) {
    search->found = hwnd;
    return FALSE;
  }
  return TRUE;
}

/* One row the one-liner prints. */
typedef struct baseline_row {
  DWORD pid;
  wchar_t *title;
  wchar_t *description;
} baseline_row;

/* Process.MainWindowTitle: GetWindowTextLengthW, then GetWindowTextW. NULL when untitled. */
static int read_title(HWND hwnd, wchar_t **title) {
  int len = GetWindowTextLengthW(hwnd);
  wchar_t *buf;
  int got;

  *title = NULL;
  if (len <= 0) return 0;
  buf = malloc(((size_t)len + 1) * sizeof *buf);
  if (buf == NULL) return -1;
  got = GetWindowTextW(hwnd, buf, len + 1);
  if (got <= 0) {
    free(buf);
    return 0;
  }
  *title = buf;
  return 0;
}

/* Process.MainModule.FileVersionInfo.FileDescription: the main module's path through a
 * PROCESS_QUERY_INFORMATION | PROCESS_VM_READ handle, then the version resource, read afresh
 * for every process as .NET does. .NET also asks EnumProcessModules, GetModuleInformation and
 * GetModuleBaseName, and reads a dozen version strings besides: the baseline leaves those out,
 * so it flatters the one-liner. */
static int read_main_module_description(DWORD pid, wchar_t *path, wchar_t **description) {
  HANDLE process = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, pid);
  DWORD got;
  DWORD ignored = 0;
  DWORD size;
  void *block;
  int err = 0;

  *description = NULL;
  if (process == NULL) return 0;
  got = GetModuleFileNameExW(process, NULL, path, MAX_LONG_PATH_COUNT);
  CloseHandle(process);
  if (got == 0) return 0;
  size = GetFileVersionInfoSizeW(path, &ignored);
  if (size == 0) return 0;
  block = malloc(size);
  if (block == NULL) return -1;
  if (GetFileVersionInfoW(path, 0, size, block)) err = query_description(block, description);
  free(block);
  return err;
}

static void free_baseline_rows(baseline_row *rows, size_t count) {
  size_t i;

  for (i = 0; i < count; i++) {
    free(rows[i].title);
    free(rows[i].description);
  }
  free(rows);
}

/* The process list as Get-Process takes it: one system snapshot (.NET asks
 * NtQuerySystemInformation directly; Toolhelp wraps the same call). */
static int list_processes(DWORD **pids, size_t *count) {
  PROCESSENTRY32W pe;
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  size_t cap = 0;
  int err = 0;
  BOOL more;

  *pids = NULL;
  *count = 0;
  if (snap == INVALID_HANDLE_VALUE) {
    fprintf(stderr, "listapps_bench: CreateToolhelp32Snapshot failed (%lu)\n", GetLastError());
    return -1;
  }
  pe.dwSize = sizeof pe;
  for (more = Process32FirstW(snap, &pe); more; more = Process32NextW(snap, &pe)) {
    if (*count == cap) {
      size_t new_cap = cap == 0 ? 256 : cap * 2;
      DWORD *grown = realloc(*pids, new_cap * sizeof *grown);
      if (grown == NULL) {
        err = -1;
        break;
      }
      *pids = grown;
      cap = new_cap;
    }
    (*pids)[(*count)++] = pe.th32ProcessID;
  }
  CloseHandle(snap);
  if (err != 0) {
    free(*pids);
    *pids = NULL;
    *count = 0;
  }
  return err;
}

static int run_baseline(const bench_ctx *ctx, bench_sample *sample) {
  wchar_t *path = malloc(MAX_LONG_PATH_COUNT * sizeof *path);
  baseline_row *rows = NULL;
  DWORD *pids = NULL;
  size_t pid_count = 0;
  size_t row_count = 0;
  LARGE_INTEGER t0, t1, t2, t3;
  long found = 0;
  int status = -1;
  size_t i;

  if (path == NULL) goto cleanup;
  t0 = now();
  if (list_processes(&pids, &pid_count) != 0) goto cleanup;
  rows = calloc(pid_count > 0 ? pid_count : 1, sizeof *rows);
  if (rows == NULL) goto cleanup;
  for (i = 0; i < pid_count; i++) {
    main_window_search search = {pids[i], NULL};
    baseline_row *row = &rows[row_count];

    /* Where-Object { $_.MainWindowTitle }: a full pass for every process without a window. */
    EnumWindows(find_main_window, (LPARAM)&search);
    if (search.found == NULL) continue;
    if (read_title(search.found, &row->title) != 0) goto cleanup;
    if (row->title == NULL) continue;
    row->pid = pids[i];
    row_count++;
    if (read_main_module_description(pids[i], path, &row->description) != 0) goto cleanup;
  }
  t1 = now();
  for (i = 0; i < row_count; i++) {
    if (is_host(ctx, rows[i].pid) && is_host_description(rows[i].description)) found++;
  }
  t2 = now();
  free_baseline_rows(rows, row_count);
  rows = NULL;
  free(pids);
  pids = NULL;
  t3 = now();
  sample->seconds = seconds_between(ctx, t0, t1) + seconds_between(ctx, t2, t3);
  sample->found = found;
  status = 0;

cleanup:
  if (status != 0) fputs("listapps_bench: baseline: out of memory\n", stderr);
  if (rows != NULL) free_baseline_rows(rows, row_count);
  free(pids);
  free(path);
  return status;
}

/* ---- 4. The floor ---- */

/* One App of the floor's list. */
typedef struct floor_app {
  DWORD pid;
  wchar_t *title; /* its topmost qualifying window's */
  size_t window_count;
  size_t exe; /* index into floor_list.exes; SIZE_MAX when the image could not be read */
} floor_app;

/* One distinct executable. */
typedef struct floor_exe {
  wchar_t *path;
  wchar_t *description;
} floor_exe;

typedef struct floor_list {
  floor_app *apps;
  size_t app_count;
  size_t app_cap;
  size_t *slots;     /* open-addressing PID index: 0 empty, else index into apps + 1 */
  size_t slot_count; /* a power of two, at least twice app_cap */
  floor_exe *exes;
  size_t exe_count;
  HWND shell;
  int err;
} floor_list;

static size_t slot_of(DWORD pid, size_t slot_count) {
  /* PIDs are multiples of 4; Fibonacci hashing spreads the rest. */
  return (size_t)(((uint64_t)(pid >> 2) * 0x9E3779B97F4A7C15ull) >> 32) & (slot_count - 1);
}

static int grow_apps(floor_list *f) {
  size_t cap = f->app_cap == 0 ? 64 : f->app_cap * 2;
  floor_app *apps = realloc(f->apps, cap * sizeof *apps);
  size_t *slots;
  size_t i;

  if (apps == NULL) return -1;
  f->apps = apps;
  slots = calloc(cap * 2, sizeof *slots);
  if (slots == NULL) return -1;
  free(f->slots);
  f->slots = slots;
  f->slot_count = cap * 2;
  f->app_cap = cap;
  for (i = 0; i < f->app_count; i++) {
    size_t s = slot_of(f->apps[i].pid, f->slot_count);
    while (f->slots[s] != 0) s = (s + 1) & (f->slot_count - 1);
    f->slots[s] = i + 1;
  }
  return 0;
}

/* The App of pid, added when new (*is_new set); NULL when memory runs out. */
static floor_app *app_of(floor_list *f, DWORD pid, int *is_new) {
  size_t s;

  *is_new = 0;
  if (f->app_count == f->app_cap && grow_apps(f) != 0) return NULL;
  for (s = slot_of(pid, f->slot_count); f->slots[s] != 0; s = (s + 1) & (f->slot_count - 1)) {
    if (f->apps[f->slots[s] - 1].pid == pid) return &f->apps[f->slots[s] - 1];
  }
  f->slots[s] = f->app_count + 1;
  f->apps[f->app_count].pid = pid;
  f->apps[f->app_count].title = NULL;
  f->apps[f->app_count].window_count = 0;
  f->apps[f->app_count].exe = SIZE_MAX;
  *is_new = 1;
  return &f->apps[f->app_count++];
}

/* The library's per-window checks, cheapest first. Only the first qualifying window of each
 * process has its text read: for the others the length tells whether they are titled. The
 * benchmark owns no window, so no call here sends a message to one of ours. */
static BOOL CALLBACK floor_visit(HWND hwnd, LPARAM lparam) {
  floor_list *f = (floor_list *)lparam;
  wchar_t class_name[CLASS_NAME_COUNT];
  floor_app *app;
  DWORD pid = 0;
  int is_new;
  int len;

  if (!passes_cheap_checks(hwnd, f->shell)) return TRUE;
  len = GetWindowTextLengthW(hwnd);
  if (len <= 0) return TRUE;
  if (GetClassNameW(hwnd, class_name, CLASS_NAME_COUNT) > 0 && is_excluded_class(class_name))
    return TRUE;
  if (GetWindowThreadProcessId(hwnd, &pid) == 0) return TRUE;
  app = app_of(f, pid, &is_new);
  if (app == NULL) {
    f->err = -1;
    return FALSE;
  }
  app->window_count++;
  if (!is_new) return TRUE;
  /* Room for a title that grew a little since it was measured; a longer one is cut, which
   * the floor may allow itself. */
  app->title = malloc(((size_t)len + 2) * sizeof *app->title);
  if (app->title == NULL) {
    f->err = -1;
    return FALSE;
  }
  GetWindowTextW(hwnd, app->title, len + 2);
  return TRUE;
}

/* Gives the App its executable, reading the version resource only for a path not seen yet.
 * A linear search: there are few distinct executables, and no sort is needed. */
static int floor_add_exe(floor_list *f, floor_app *app, const wchar_t *path) {
  size_t i;
  floor_exe *exes;

  for (i = 0; i < f->exe_count; i++) {
    if (CompareStringOrdinal(f->exes[i].path, -1, path, -1, TRUE) == CSTR_EQUAL) {
      app->exe = i;
      return 0;
    }
  }
  exes = realloc(f->exes, (f->exe_count + 1) * sizeof *exes);
  if (exes == NULL) return -1;
  f->exes = exes;
  exes[f->exe_count].description = NULL;
  exes[f->exe_count].path = copy_wide(path, wcslen(path));
  if (exes[f->exe_count].path == NULL) return -1;
  app->exe = f->exe_count++;
  return read_description_ex(path, &exes[app->exe].description);
}

static void floor_free(floor_list *f) {
  size_t i;

  for (i = 0; i < f->app_count; i++) free(f->apps[i].title);
  for (i = 0; i < f->exe_count; i++) {
    free(f->exes[i].path);
    free(f->exes[i].description);
  }
  free(f->apps);
  free(f->slots);
  free(f->exes);
  memset(f, 0, sizeof *f);
}

static int run_floor(const bench_ctx *ctx, bench_sample *sample) {
  wchar_t *buf = malloc(MAX_LONG_PATH_COUNT * sizeof *buf);
  const char *failed = "out of memory";
  floor_list f;
  LARGE_INTEGER t0, t1, t2, t3;
  long found = 0;
  int status = -1;
  BOOL ok;
  size_t i;

  memset(&f, 0, sizeof f);
  if (buf == NULL) goto cleanup;
  t0 = now();
  f.shell = GetShellWindow();
  /* EnumWindows may report FALSE with no error when there is nothing to enumerate. */
  SetLastError(ERROR_SUCCESS);
  ok = EnumWindows(floor_visit, (LPARAM)&f);
  if (f.err != 0) goto cleanup;
  if (!ok && GetLastError() != ERROR_SUCCESS) {
    failed = "EnumWindows failed";
    goto cleanup;
  }
  for (i = 0; i < f.app_count; i++) {
    const wchar_t *path = query_image_path(f.apps[i].pid, buf);
    if (path != NULL && floor_add_exe(&f, &f.apps[i], path) != 0) goto cleanup;
  }
  t1 = now();
  for (i = 0; i < f.app_count; i++) {
    const floor_app *a = &f.apps[i];
    if (is_host(ctx, a->pid) && a->window_count == ctx->windows_per_host && a->exe != SIZE_MAX &&
        is_host_description(f.exes[a->exe].description))
      found++;
  }
  t2 = now();
  floor_free(&f);
  t3 = now();
  sample->seconds = seconds_between(ctx, t0, t1) + seconds_between(ctx, t2, t3);
  sample->found = found;
  status = 0;

cleanup:
  if (status != 0) fprintf(stderr, "listapps_bench: floor: %s\n", failed);
  floor_free(&f);
  free(buf);
  return status;
}

/* ---- The snapshot the library takes and the floor does not ---- */

static int run_snapshot(const bench_ctx *ctx, bench_sample *sample) {
  LARGE_INTEGER t0 = now(), t1;
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  PROCESSENTRY32W pe;
  BOOL more;
  long count = 0;

  if (snap == INVALID_HANDLE_VALUE) {
    fprintf(stderr, "listapps_bench: CreateToolhelp32Snapshot failed (%lu)\n", GetLastError());
    return -1;
  }
  pe.dwSize = sizeof pe;
  for (more = Process32FirstW(snap, &pe); more; more = Process32NextW(snap, &pe)) count++;
  CloseHandle(snap);
  t1 = now();
  sample->seconds = seconds_between(ctx, t0, t1);
  sample->found = BENCH_NOT_CHECKED;
  return count > 0 ? 0 : -1;
}

/* ---- Probes: one kind of call over what was gathered beforehand ---- */

static BOOL CALLBACK count_window(HWND hwnd, LPARAM lparam) {
  (void)hwnd;
  (*(size_t *)lparam)++;
  return TRUE;
}

static int probe_enum(const bench_ctx *ctx, bench_sample *sample) {
  size_t count = 0;
  LARGE_INTEGER t0 = now(), t1;

  EnumWindows(count_window, (LPARAM)&count);
  t1 = now();
  sample->seconds = seconds_between(ctx, t0, t1);
  sample->found = BENCH_NOT_CHECKED;
  return 0;
}

/* The probes store what they read here, so the compiler cannot drop the calls. */
typedef struct probe_sink {
  volatile uintptr_t value;
} probe_sink;

static int probe_checks(const bench_ctx *ctx, bench_sample *sample) {
  const bench_facts *f = ctx->facts;
  HWND shell = GetShellWindow();
  probe_sink sink = {0};
  LARGE_INTEGER t0 = now(), t1;
  size_t i;

  for (i = 0; i < f->window_count; i++)
    sink.value += (uintptr_t)passes_cheap_checks(f->windows[i], shell);
  t1 = now();
  sample->seconds = seconds_between(ctx, t0, t1);
  sample->found = BENCH_NOT_CHECKED;
  return 0;
}

/* The same decision from the two style words. For a top-level window IsWindowVisible is
 * WS_VISIBLE (its parent, the desktop, is always visible), and GetParent is the owner of a
 * WS_POPUP, the parent (the desktop) of a WS_CHILD, and NULL otherwise, so GW_OWNER is asked
 * only of popups:
 * https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-getparent */
static int probe_styles(const bench_ctx *ctx, bench_sample *sample) {
  const bench_facts *f = ctx->facts;
  probe_sink sink = {0};
  LARGE_INTEGER t0 = now(), t1;
  size_t i;

  for (i = 0; i < f->window_count; i++) {
    LONG_PTR style = GetWindowLongPtrW(f->windows[i], GWL_STYLE);
    LONG_PTR ex_style;
    if ((style & WS_VISIBLE) == 0) continue;
    if ((style & WS_POPUP) != 0 ? GetWindow(f->windows[i], GW_OWNER) != NULL
                                : (style & WS_CHILD) != 0)
      continue;
    ex_style = GetWindowLongPtrW(f->windows[i], GWL_EXSTYLE);
    sink.value += (uintptr_t)ex_style;
  }
  t1 = now();
  sample->seconds = seconds_between(ctx, t0, t1);
  sample->found = BENCH_NOT_CHECKED;
  return 0;
}

static int probe_pid(const bench_ctx *ctx, bench_sample *sample) {
  const bench_facts *f = ctx->facts;
  probe_sink sink = {0};
  LARGE_INTEGER t0 = now(), t1;
  size_t i;

  for (i = 0; i < f->candidate_count; i++) {
    DWORD pid = 0;
    GetWindowThreadProcessId(f->candidates[i], &pid);
    sink.value += pid;
  }
  t1 = now();
  sample->seconds = seconds_between(ctx, t0, t1);
  sample->found = BENCH_NOT_CHECKED;
  return 0;
}

static int probe_title_len(const bench_ctx *ctx, bench_sample *sample) {
  const bench_facts *f = ctx->facts;
  probe_sink sink = {0};
  LARGE_INTEGER t0 = now(), t1;
  size_t i;

  for (i = 0; i < f->candidate_count; i++)
    sink.value += (uintptr_t)GetWindowTextLengthW(f->candidates[i]);
  t1 = now();
  sample->seconds = seconds_between(ctx, t0, t1);
  sample->found = BENCH_NOT_CHECKED;
  return 0;
}

static int probe_title_text(const bench_ctx *ctx, bench_sample *sample) {
  const bench_facts *f = ctx->facts;
  wchar_t title[PROBE_TITLE_COUNT];
  probe_sink sink = {0};
  LARGE_INTEGER t0 = now(), t1;
  size_t i;

  for (i = 0; i < f->candidate_count; i++)
    sink.value += (uintptr_t)GetWindowTextW(f->candidates[i], title, PROBE_TITLE_COUNT);
  t1 = now();
  sample->seconds = seconds_between(ctx, t0, t1);
  sample->found = BENCH_NOT_CHECKED;
  return 0;
}

static int probe_class(const bench_ctx *ctx, bench_sample *sample) {
  const bench_facts *f = ctx->facts;
  wchar_t class_name[CLASS_NAME_COUNT];
  probe_sink sink = {0};
  LARGE_INTEGER t0 = now(), t1;
  size_t i;

  for (i = 0; i < f->candidate_count; i++)
    sink.value += (uintptr_t)GetClassNameW(f->candidates[i], class_name, CLASS_NAME_COUNT);
  t1 = now();
  sample->seconds = seconds_between(ctx, t0, t1);
  sample->found = BENCH_NOT_CHECKED;
  return 0;
}

static int probe_image(const bench_ctx *ctx, bench_sample *sample) {
  const bench_facts *f = ctx->facts;
  wchar_t *buf = malloc(MAX_LONG_PATH_COUNT * sizeof *buf);
  probe_sink sink = {0};
  LARGE_INTEGER t0, t1;
  size_t i;

  if (buf == NULL) return -1;
  t0 = now();
  for (i = 0; i < f->app_count; i++) sink.value += (uintptr_t)query_image_path(f->app_pids[i], buf);
  t1 = now();
  free(buf);
  sample->seconds = seconds_between(ctx, t0, t1);
  sample->found = BENCH_NOT_CHECKED;
  return 0;
}

static int read_versions(const bench_ctx *ctx, const wchar_t *const *paths, size_t count,
                         bench_sample *sample) {
  LARGE_INTEGER t0 = now(), t1;
  size_t i;

  for (i = 0; i < count; i++) {
    wchar_t *description = NULL;
    if (paths[i] == NULL) continue;
    if (read_description_ex(paths[i], &description) != 0) return -1;
    free(description);
  }
  t1 = now();
  sample->seconds = seconds_between(ctx, t0, t1);
  sample->found = BENCH_NOT_CHECKED;
  return 0;
}

static int probe_version_once(const bench_ctx *ctx, bench_sample *sample) {
  return read_versions(ctx, ctx->facts->exe_paths, ctx->facts->exe_count, sample);
}

/* What reading the version resource per App, without the library's per-executable cache,
 * would cost. */
static int probe_version_each(const bench_ctx *ctx, bench_sample *sample) {
  return read_versions(ctx, (const wchar_t *const *)ctx->facts->app_paths, ctx->facts->app_count,
                       sample);
}

const bench_method bench_methods[BENCH_METHOD_COUNT] = {
    {"library", "listapps_snapshot_take (1.0 columns) + listapps_snapshot_free", run_library},
    {"CLI", "listapps.exe --format csv > NUL, start to exit", run_cli},
    {"noop", "a do-nothing process, start to exit", run_noop},
    {"baseline", "one-liner's algorithm: EnumWindows per process", run_baseline},
    {"floor", "one EnumWindows pass, image per PID, version per exe", run_floor},
    {"lib-default", "listapps_snapshot_take, the 2.0 table's default columns", run_library_default},
    {"lib-columns", "listapps_snapshot_take, Task Manager's columns but CPU", run_library_columns},
    {"lib-windows", "listapps_snapshot_take, 1.0 columns + Foreground, geometry",
     run_library_windows},
    {"snapshot", "CreateToolhelp32Snapshot + Process32*W walk", run_snapshot},
    {"enum", "EnumWindows, empty callback", probe_enum},
    {"checks", "IsWindowVisible+GetParent+GWL_EXSTYLE, every window", probe_checks},
    {"styles", "GWL_STYLE+GWL_EXSTYLE (+GW_OWNER for popups), every window", probe_styles},
    {"pid", "GetWindowThreadProcessId, candidates", probe_pid},
    {"textlen", "GetWindowTextLengthW, candidates", probe_title_len},
    {"text", "GetWindowTextW, candidates", probe_title_text},
    {"class", "GetClassNameW, candidates", probe_class},
    {"image", "OpenProcess+QueryFullProcessImageNameW, per App", probe_image},
    {"ver1", "version read per distinct executable", probe_version_once},
    {"verN", "version read per App (no cache)", probe_version_each},
};

int bench_method_by_name(const wchar_t *name) {
  static const int listing[] = {BENCH_LIBRARY,     BENCH_BASELINE,    BENCH_FLOOR,
                                BENCH_LIB_DEFAULT, BENCH_LIB_COLUMNS, BENCH_LIB_WINDOWS};
  size_t i;

  for (i = 0; i < sizeof listing / sizeof listing[0]; i++) {
    wchar_t wide[32];
    swprintf(wide, sizeof wide / sizeof wide[0], L"%hs", bench_methods[listing[i]].name);
    if (wcscmp(wide, name) == 0) return listing[i];
  }
  return -1;
}

/* ---- Facts ---- */

typedef struct window_array {
  HWND *items;
  size_t count;
  size_t cap;
  int err;
} window_array;

static BOOL CALLBACK collect_window(HWND hwnd, LPARAM lparam) {
  window_array *a = (window_array *)lparam;

  if (a->count == a->cap) {
    size_t cap = a->cap == 0 ? 256 : a->cap * 2;
    HWND *items = realloc(a->items, cap * sizeof *items);
    if (items == NULL) {
      a->err = -1;
      return FALSE;
    }
    a->items = items;
    a->cap = cap;
  }
  a->items[a->count++] = hwnd;
  return TRUE;
}

void bench_facts_free(bench_facts *f) {
  size_t i;

  for (i = 0; f->app_paths != NULL && i < f->app_count; i++) free(f->app_paths[i]);
  free(f->windows);
  free(f->candidates);
  free(f->app_pids);
  free(f->app_paths);
  free(f->exe_paths);
  memset(f, 0, sizeof *f);
}

/* Fills app_paths and the distinct exe_paths from app_pids. */
static int gather_paths(bench_facts *f) {
  wchar_t *buf = malloc(MAX_LONG_PATH_COUNT * sizeof *buf);
  int status = -1;
  size_t i;

  f->app_paths = calloc(f->app_count > 0 ? f->app_count : 1, sizeof *f->app_paths);
  f->exe_paths = calloc(f->app_count > 0 ? f->app_count : 1, sizeof *f->exe_paths);
  if (buf == NULL || f->app_paths == NULL || f->exe_paths == NULL) goto cleanup;
  for (i = 0; i < f->app_count; i++) {
    const wchar_t *path = query_image_path(f->app_pids[i], buf);
    size_t k;
    if (path == NULL) continue;
    f->app_paths[i] = copy_wide(path, wcslen(path));
    if (f->app_paths[i] == NULL) goto cleanup;
    for (k = 0; k < f->exe_count; k++) {
      if (CompareStringOrdinal(f->exe_paths[k], -1, path, -1, TRUE) == CSTR_EQUAL) break;
    }
    if (k == f->exe_count) f->exe_paths[f->exe_count++] = f->app_paths[i];
  }
  status = 0;

cleanup:
  free(buf);
  return status;
}

int bench_facts_gather(bench_facts *f) {
  window_array all = {NULL, 0, 0, 0};
  HWND shell = GetShellWindow();
  DWORD *pids = NULL;
  int status = -1;
  BOOL ok;
  size_t i;

  memset(f, 0, sizeof *f);
  SetLastError(ERROR_SUCCESS);
  ok = EnumWindows(collect_window, (LPARAM)&all);
  if (all.err != 0 || (!ok && GetLastError() != ERROR_SUCCESS)) goto cleanup;
  f->windows = all.items;
  f->window_count = all.count;
  all.items = NULL;
  f->candidates = malloc((f->window_count > 0 ? f->window_count : 1) * sizeof *f->candidates);
  f->app_pids = malloc((f->window_count > 0 ? f->window_count : 1) * sizeof *f->app_pids);
  if (f->candidates == NULL || f->app_pids == NULL) goto cleanup;
  for (i = 0; i < f->window_count; i++) {
    HWND hwnd = f->windows[i];
    DWORD pid = 0;
    if (!passes_cheap_checks(hwnd, shell)) continue;
    f->candidates[f->candidate_count++] = hwnd;
    if (passes_title_and_class(hwnd) && GetWindowThreadProcessId(hwnd, &pid) != 0)
      f->app_pids[f->app_count++] = pid;
  }
  /* Untimed, so a sort is the simplest way to the distinct PIDs. */
  qsort(f->app_pids, f->app_count, sizeof *f->app_pids, compare_pids);
  if (f->app_count > 0) {
    size_t kept = 1;
    for (i = 1; i < f->app_count; i++) {
      if (f->app_pids[i] != f->app_pids[kept - 1]) f->app_pids[kept++] = f->app_pids[i];
    }
    f->app_count = kept;
  }
  if (gather_paths(f) != 0) goto cleanup;
  if (list_processes(&pids, &f->process_count) != 0) goto cleanup;
  status = 0;

cleanup:
  free(pids);
  if (status != 0) {
    fputs("listapps_bench: could not gather the windows and processes\n", stderr);
    free(all.items);
    bench_facts_free(f);
  }
  return status;
}
