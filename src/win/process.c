/* Gathers process facts: the system's process list and each App's image path. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf.h"
#include "win/facts.h"
#include "win/system_processes.h"

/* The longest path Win32 accepts, in UTF-16 units, with its NUL. */
#define MAX_LONG_PATH_COUNT 32768u

/* The name Toolhelp gives the System Idle Process, whose image name the system leaves empty. */
static const wchar_t idle_name[] = L"[System Process]";

static int add_entry(la_facts *f, size_t *cap, const sys_process *sp) {
  la_process_facts *p;
  const wchar_t *name = sp->image_name.buffer;
  size_t name_count = sp->image_name.length / sizeof(wchar_t);

  if (f->proc_count == *cap) {
    size_t new_cap = *cap == 0 ? 256 : *cap * 2;
    la_process_facts *items =
        new_cap > SIZE_MAX / sizeof *items ? NULL : realloc(f->procs, new_cap * sizeof *items);
    if (items == NULL) return LISTAPPS_ENOMEM;
    f->procs = items;
    *cap = new_cap;
  }
  p = &f->procs[f->proc_count];
  memset(p, 0, sizeof *p);
  p->pid = (unsigned long)(ULONG_PTR)sp->unique_process_id;
  p->parent_pid = (unsigned long)(ULONG_PTR)sp->inherited_from_unique_process_id;
  p->session_id = sp->session_id;
  p->in_snapshot = 1;
  p->open_state = LISTAPPS_VALUE_NOT_GATHERED;
  p->version = LA_NO_INDEX;
  if (name == NULL || name_count == 0) {
    name = p->pid == 0 ? idle_name : L"";
    name_count = wcslen(name);
  }
  if (la_utf16_to_utf8(name, name_count, &p->exe_name, NULL) != 0) return LISTAPPS_ENOMEM;
  f->proc_count++;
  return 0;
}

int la_snapshot_processes(la_facts *f, void **list, la_error *e) {
  /* One NtQuerySystemInformation call, which CreateToolhelp32Snapshot also makes, without
   * Toolhelp's copy into a section and a view mapped for each Process32NextW: under Wine those
   * are four wineserver requests per process. */
  const sys_process *p;
  unsigned long code = 0;
  size_t cap = f->proc_count;
  int err = la_query_system_processes(list, &code);

  if (err == LISTAPPS_ENOMEM) return la_fail_nomem(e);
  if (err != 0) return la_fail(e, LISTAPPS_EENUM, "NtQuerySystemInformation", code);
  for (p = *list; p != NULL && err == 0; p = la_next_system_process(p)) err = add_entry(f, &cap, p);
  if (err == 0) return 0;
  free(*list);
  *list = NULL;
  return la_fail_nomem(e);
}

void la_system_api_load(la_system_api *api) {
  /* Looked up by name: IsProcessCritical and the package functions are missing before
   * Windows 8.1 and under Wine, and a static import would stop the program from starting. */
  HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");

  api->is_process_critical = NULL;
  api->get_package_full_name = NULL;
  api->get_package_path_by_full_name = NULL;
  if (kernel32 == NULL) return;
  api->is_process_critical = (la_proc_fn)GetProcAddress(kernel32, "IsProcessCritical");
  api->get_package_full_name = (la_proc_fn)GetProcAddress(kernel32, "GetPackageFullName");
  api->get_package_path_by_full_name =
      (la_proc_fn)GetProcAddress(kernel32, "GetPackagePathByFullName");
}

/* Reads the image path through an open handle, growing the buffer until it fits. */
static int query_image_path(HANDLE process, wchar_t **path) {
  DWORD cap = MAX_PATH;

  *path = NULL;
  for (;;) {
    DWORD count = cap;
    wchar_t *buf = malloc((size_t)cap * sizeof *buf);
    DWORD code;

    if (buf == NULL) return LISTAPPS_ENOMEM;
    if (QueryFullProcessImageNameW(process, 0, buf, &count)) {
      *path = buf;
      return 0;
    }
    code = GetLastError();
    free(buf);
    if (code != ERROR_INSUFFICIENT_BUFFER || cap >= MAX_LONG_PATH_COUNT) return 0;
    cap *= 2;
  }
}

typedef BOOL(WINAPI *is_process_critical_fn)(HANDLE, PBOOL);

int la_probe_through(void *handle, la_process_facts *p, unsigned what, const la_system_api *api,
                     wchar_t **path16, la_error *e) {
  HANDLE process = handle;
  int err = 0;

  *path16 = NULL;
  p->open_state = LISTAPPS_VALUE_PRESENT;
  if (what & LA_PROBE_PATH) {
    err = query_image_path(process, path16);
    if (err == 0 && *path16 != NULL &&
        la_utf16_to_utf8(*path16, wcslen(*path16), &p->path, NULL) != 0)
      err = LISTAPPS_ENOMEM;
    if (err == 0 && *path16 == NULL) {
      /* The image of a process that exited can no longer be asked for. */
      DWORD exit_code = 0;
      if (GetExitCodeProcess(process, &exit_code) && exit_code != STILL_ACTIVE)
        p->open_state = LISTAPPS_VALUE_EXITED;
    }
  }
  if (err == 0 && (what & LA_PROBE_TIMES)) {
    FILETIME created;
    FILETIME exited;
    FILETIME kernel;
    FILETIME user;
    if (GetProcessTimes(process, &created, &exited, &kernel, &user))
      p->create_time = ((uint64_t)created.dwHighDateTime << 32) | created.dwLowDateTime;
  }
  if (err == 0 && (what & LA_PROBE_CRITICAL) && api->is_process_critical != NULL) {
    BOOL critical = FALSE;
    is_process_critical_fn is_critical = (is_process_critical_fn)api->is_process_critical;
    if (is_critical(process, &critical)) p->is_critical = critical != FALSE;
  }
  if (err == 0 && (what & LA_PROBE_PACKAGE))
    err = la_read_package_name(process, api, &p->package_name, e);
  if (err == 0 && (what & LA_PROBE_FROZEN)) {
    p->frozen_state = LISTAPPS_VALUE_NOT_GATHERED;
    if (p->package_name != NULL) la_read_frozen(process, &p->frozen_state, &p->frozen);
  }
  if (err != 0) {
    free(*path16);
    *path16 = NULL;
    return la_fail_nomem(e);
  }
  return 0;
}

int la_open_failure_state(unsigned long code) {
  /* A process that is gone answers ERROR_INVALID_PARAMETER (its PID no longer names one);
   * anything else means it is there but will not let us in. */
  return code == ERROR_INVALID_PARAMETER ? LISTAPPS_VALUE_EXITED : LISTAPPS_VALUE_DENIED;
}

int la_probe_process(la_process_facts *p, unsigned what, const la_system_api *api, wchar_t **path16,
                     la_error *e) {
  HANDLE process;
  int err;

  *path16 = NULL;
  /* PROCESS_QUERY_LIMITED_INFORMATION is granted for elevated and protected processes where
   * PROCESS_QUERY_INFORMATION is not, and every query needs no more. It works across bitness
   * too, which GetModuleFileNameExW does not. */
  process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)p->pid);
  if (process == NULL) {
    p->open_state = la_open_failure_state(GetLastError());
    return 0;
  }
  err = la_probe_through(process, p, what, api, path16, e);
  CloseHandle(process);
  return err;
}

/* A directory as one of kernel32's GetSystem*DirectoryW functions reports it, in UTF-8. */
typedef UINT(WINAPI *directory_fn)(LPWSTR, UINT);

static int read_directory(directory_fn read_dir, char **dir, la_error *e) {
  UINT cap = read_dir(NULL, 0);
  UINT count;
  wchar_t *dir16;
  int err = 0;

  *dir = NULL;
  if (cap == 0) return 0;
  dir16 = malloc((size_t)cap * sizeof *dir16);
  if (dir16 == NULL) return la_fail_nomem(e);
  count = read_dir(dir16, cap);
  if (count > 0 && count < cap && la_utf16_to_utf8(dir16, count, dir, NULL) != 0)
    err = la_fail_nomem(e);
  free(dir16);
  return err;
}

int la_system_directory(char **dir, la_error *e) {
  return read_directory(GetSystemDirectoryW, dir, e);
}

int la_windows_directory(char **dir, la_error *e) {
  /* The shared Windows directory, where explorer.exe is: under Terminal Services
   * GetWindowsDirectoryW gives a per-user one instead.
   * https://learn.microsoft.com/windows/win32/api/sysinfoapi/nf-sysinfoapi-getsystemwindowsdirectoryw
   */
  return read_directory(GetSystemWindowsDirectoryW, dir, e);
}

/* An environment variable in UTF-8 into *value (NULL when it is not set or empty). */
static int read_environment(const wchar_t *name, char **value, la_error *e) {
  DWORD cap = GetEnvironmentVariableW(name, NULL, 0);
  DWORD count;
  wchar_t *value16;
  int err = 0;

  *value = NULL;
  if (cap <= 1) return 0;
  value16 = malloc((size_t)cap * sizeof *value16);
  if (value16 == NULL) return la_fail_nomem(e);
  /* A value that grew in between reports the size it needs instead: then there is none. */
  count = GetEnvironmentVariableW(name, value16, cap);
  if (count > 0 && count < cap && la_utf16_to_utf8(value16, count, value, NULL) != 0)
    err = la_fail_nomem(e);
  free(value16);
  return err;
}

int la_program_files_directory(char **dir, la_error *e) {
  /* A 32-bit process on 64-bit Windows sees ProgramFiles as "Program Files (x86)"; Windows
   * Defender lives in the native folder, which ProgramW6432 names for both bitnesses.
   * https://learn.microsoft.com/windows/win32/winprog64/wow64-implementation-details */
  int err = read_environment(L"ProgramW6432", dir, e);
  if (err == 0 && *dir == NULL) err = read_environment(L"ProgramFiles", dir, e);
  return err;
}
