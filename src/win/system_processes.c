/* The system's process list, read in one call; see system_processes.h. */
#include "win/system_processes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* NTSTATUS values and information classes, from the Windows SDK's ntstatus.h and winternl.h. */
#define LA_STATUS_INFO_LENGTH_MISMATCH ((LONG)0xC0000004L)
#define LA_SYSTEM_PROCESS_INFORMATION 5
/* The system's process list grows while it is read; a few tries are enough. */
#define SYSTEM_READ_TRIES 8

typedef LONG(NTAPI *query_system_fn)(ULONG, PVOID, ULONG, PULONG);
typedef ULONG(NTAPI *status_to_error_fn)(LONG);

const sys_process *la_next_system_process(const sys_process *p) {
  if (p->next_entry_offset == 0) return NULL;
  return (const sys_process *)(const void *)((const char *)p + p->next_entry_offset);
}

la_proc_fn la_ntdll_function(const char *name) {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll != NULL ? (la_proc_fn)GetProcAddress(ntdll, name) : NULL;
}

int la_query_system_processes(void **buf, unsigned long *code) {
  query_system_fn query = (query_system_fn)la_ntdll_function("NtQuerySystemInformation");
  status_to_error_fn to_error = (status_to_error_fn)la_ntdll_function("RtlNtStatusToDosError");
  ULONG size = 256u * 1024u;
  LONG status = LA_STATUS_INFO_LENGTH_MISMATCH;
  int tries;

  *buf = NULL;
  *code = ERROR_PROC_NOT_FOUND;
  if (query == NULL) return LISTAPPS_EENUM;
  for (tries = 0; tries < SYSTEM_READ_TRIES; tries++) {
    ULONG needed = 0;
    void *data = malloc(size);

    if (data == NULL) return LISTAPPS_ENOMEM;
    status = query(LA_SYSTEM_PROCESS_INFORMATION, data, size, &needed);
    if (status >= 0) {
      *buf = data;
      *code = 0;
      return 0;
    }
    free(data);
    if (status != LA_STATUS_INFO_LENGTH_MISMATCH) break;
    /* Room for processes that start before the next call. */
    size = (needed > size ? needed : size * 2) + 64u * 1024u;
  }
  *code = to_error != NULL ? to_error(status) : ERROR_GEN_FAILURE;
  return LISTAPPS_EENUM;
}

typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOW *);

char *la_os_version(void) {
  rtl_get_version_fn get = (rtl_get_version_fn)la_ntdll_function("RtlGetVersion");
  OSVERSIONINFOW v;
  char text[48];

  memset(&v, 0, sizeof v);
  v.dwOSVersionInfoSize = sizeof v;
  if (get == NULL || get(&v) != 0) return NULL;
  snprintf(text, sizeof text, "%lu.%lu.%lu", (unsigned long)v.dwMajorVersion,
           (unsigned long)v.dwMinorVersion, (unsigned long)v.dwBuildNumber);
  return la_strdup(text);
}
