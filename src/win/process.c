/* Gathers process facts: the system's process snapshot and each App's image path. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <tlhelp32.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/pid_map.h"
#include "core/utf.h"
#include "win/facts.h"

/* CreateToolhelp32Snapshot may fail with ERROR_BAD_LENGTH while processes start and exit; the
 * documentation says to retry:
 * https://learn.microsoft.com/windows/win32/api/tlhelp32/nf-tlhelp32-createtoolhelp32snapshot */
#define SNAPSHOT_TRIES 8
/* The longest path Win32 accepts, in UTF-16 units, with its NUL. */
#define MAX_LONG_PATH_COUNT 32768u

static HANDLE take_snapshot(DWORD *code) {
  int tries;

  for (tries = 0; tries < SNAPSHOT_TRIES; tries++) {
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    *code = GetLastError();
    if (snap != INVALID_HANDLE_VALUE) return snap;
    if (*code != ERROR_BAD_LENGTH) break;
  }
  return INVALID_HANDLE_VALUE;
}

static int add_entry(la_process_table *t, size_t *cap, const PROCESSENTRY32W *pe) {
  la_process_entry *e;
  size_t name_count = 0;

  if (t->count == *cap) {
    size_t new_cap = *cap == 0 ? 256 : *cap * 2;
    la_process_entry *items = realloc(t->items, new_cap * sizeof *items);
    if (items == NULL) return LISTAPPS_ENOMEM;
    t->items = items;
    *cap = new_cap;
  }
  e = &t->items[t->count];
  while (name_count < MAX_PATH && pe->szExeFile[name_count] != L'\0') name_count++;
  e->pid = pe->th32ProcessID;
  e->parent_pid = pe->th32ParentProcessID;
  if (la_utf16_to_utf8(pe->szExeFile, name_count, &e->exe_name, NULL) != 0) return LISTAPPS_ENOMEM;
  if (la_pid_map_put(t->index, e->pid, t->count) != 0) {
    free(e->exe_name);
    return LISTAPPS_ENOMEM;
  }
  t->count++;
  return 0;
}

int la_snapshot_processes(la_process_table *out) {
  PROCESSENTRY32W pe;
  HANDLE snap;
  DWORD code = 0;
  size_t cap = 0;
  int err = 0;
  BOOL more;

  out->items = NULL;
  out->count = 0;
  out->index = calloc(1, sizeof(la_pid_map));
  if (out->index == NULL) return LISTAPPS_ENOMEM;
  snap = take_snapshot(&code);
  if (snap == INVALID_HANDLE_VALUE) {
    la_process_table_free(out);
    return la_map_win32_error(code, "CreateToolhelp32Snapshot", LISTAPPS_EENUM);
  }
  pe.dwSize = sizeof pe;
  for (more = Process32FirstW(snap, &pe); more; more = Process32NextW(snap, &pe)) {
    err = add_entry(out, &cap, &pe);
    if (err != 0) break;
  }
  CloseHandle(snap);
  if (err != 0) la_process_table_free(out);
  return err;
}

const la_process_entry *la_process_table_find(const la_process_table *t, unsigned long pid) {
  size_t i;

  if (t->index == NULL || !la_pid_map_get(t->index, pid, &i)) return NULL;
  return &t->items[i];
}

void la_process_table_free(la_process_table *t) {
  size_t i;

  for (i = 0; i < t->count; i++) free(t->items[i].exe_name);
  free(t->items);
  if (t->index != NULL) la_pid_map_free(t->index);
  free(t->index);
  t->items = NULL;
  t->count = 0;
  t->index = NULL;
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

int la_probe_process(unsigned long pid, unsigned what, const la_system_api *api, la_probe *out) {
  HANDLE process;
  int err = 0;

  out->path16 = NULL;
  out->create_time = 0;
  out->is_critical = 0;
  out->package_name = NULL;
  /* PROCESS_QUERY_LIMITED_INFORMATION is granted for elevated and protected processes where
   * PROCESS_QUERY_INFORMATION is not, and every query below needs no more. It works across
   * bitness too, which GetModuleFileNameExW does not. */
  process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
  if (process == NULL) return 0;
  if (what & LA_PROBE_PATH) err = query_image_path(process, &out->path16);
  if (err == 0 && (what & LA_PROBE_TIMES)) {
    FILETIME created;
    FILETIME exited;
    FILETIME kernel;
    FILETIME user;
    if (GetProcessTimes(process, &created, &exited, &kernel, &user))
      out->create_time = ((uint64_t)created.dwHighDateTime << 32) | created.dwLowDateTime;
  }
  if (err == 0 && (what & LA_PROBE_CRITICAL) && api->is_process_critical != NULL) {
    BOOL critical = FALSE;
    is_process_critical_fn is_critical = (is_process_critical_fn)api->is_process_critical;
    if (is_critical(process, &critical)) out->is_critical = critical != FALSE;
  }
  if (err == 0 && (what & LA_PROBE_PACKAGE))
    err = la_read_package_name(process, api, &out->package_name);
  CloseHandle(process);
  if (err != 0) la_probe_free(out);
  return err;
}

void la_probe_free(la_probe *p) {
  free(p->path16);
  free(p->package_name);
  p->path16 = NULL;
  p->package_name = NULL;
}

char *la_system_directory(void) {
  UINT count = GetSystemDirectoryW(NULL, 0);
  wchar_t *dir16;
  char *dir8 = NULL;

  if (count == 0) return NULL;
  dir16 = malloc((size_t)count * sizeof *dir16);
  if (dir16 == NULL) return NULL;
  count = GetSystemDirectoryW(dir16, count);
  if (count > 0) la_utf16_to_utf8(dir16, count, &dir8, NULL);
  free(dir16);
  return dir8;
}
