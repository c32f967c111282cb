/* Gathers process facts: the system's process snapshot and each App's image path. */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <tlhelp32.h>

#include <stdlib.h>
#include <string.h>

#include "pid_map.h"
#include "utf.h"
#include "win_facts.h"

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
  if (la_utf16_to_utf8(pe->szExeFile, name_count, &e->exe_name, NULL) != 0)
    return LISTAPPS_ENOMEM;
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

int la_query_image_path(unsigned long pid, wchar_t **path) {
  HANDLE process;
  DWORD cap = MAX_PATH;
  int result = 1;

  *path = NULL;
  /* PROCESS_QUERY_LIMITED_INFORMATION is granted for elevated and protected processes where
   * PROCESS_QUERY_INFORMATION is not, and QueryFullProcessImageNameW needs no more. It works
   * across bitness too, which GetModuleFileNameExW does not. */
  process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
  if (process == NULL) return 1;
  for (;;) {
    DWORD count = cap;
    wchar_t *buf = malloc((size_t)cap * sizeof *buf);
    DWORD code;

    if (buf == NULL) {
      result = LISTAPPS_ENOMEM;
      break;
    }
    if (QueryFullProcessImageNameW(process, 0, buf, &count)) {
      *path = buf;
      result = 0;
      break;
    }
    code = GetLastError();
    free(buf);
    if (code != ERROR_INSUFFICIENT_BUFFER || cap >= MAX_LONG_PATH_COUNT) break;
    cap *= 2;
  }
  CloseHandle(process);
  return result;
}
