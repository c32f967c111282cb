/* The running services and their processes, for naming service hosts. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>

#include "core/text.h"
#include "core/utf.h"
#include "win/facts.h"

/* The service manager is asked a few times while services start and stop between the size
 * query and the read. */
#define ENUM_TRIES 4

static int compare_services(const void *pa, const void *pb) {
  const la_service *a = pa;
  const la_service *b = pb;

  if (a->pid != b->pid) return a->pid < b->pid ? -1 : 1;
  return la_compare_names(a->display_name, b->display_name);
}

/* Copies the running services out of the manager's answer. */
static int copy_services(const ENUM_SERVICE_STATUS_PROCESSW *status, DWORD count, la_facts *f) {
  DWORD i;

  f->services = calloc(count > 0 ? count : 1, sizeof *f->services);
  if (f->services == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < count; i++) {
    const wchar_t *name = status[i].lpDisplayName;
    la_service *s = &f->services[f->service_count];

    if (status[i].ServiceStatusProcess.dwProcessId == 0 || name == NULL) continue;
    s->pid = status[i].ServiceStatusProcess.dwProcessId;
    if (la_utf16_to_utf8(name, wcslen(name), &s->display_name, NULL) != 0) return LISTAPPS_ENOMEM;
    f->service_count++;
  }
  qsort(f->services, f->service_count, sizeof *f->services, compare_services);
  return 0;
}

static void free_services(la_facts *f) {
  size_t i;

  for (i = 0; i < f->service_count; i++) free(f->services[i].display_name);
  free(f->services);
  f->services = NULL;
  f->service_count = 0;
}

int la_collect_services(la_facts *f, la_error *e) {
  SC_HANDLE manager;
  BYTE *buf = NULL;
  DWORD size = 0;
  int tries;
  int err = 0;

  f->services = NULL;
  f->service_count = 0;
  manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_ENUMERATE_SERVICE);
  if (manager == NULL) return 0;
  for (tries = 0; tries < ENUM_TRIES; tries++) {
    DWORD needed = 0;
    DWORD count = 0;
    DWORD resume = 0;
    BYTE *bigger;

    if (EnumServicesStatusExW(manager, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_ACTIVE, buf,
                              size, &needed, &count, &resume, NULL)) {
      err = copy_services((const ENUM_SERVICE_STATUS_PROCESSW *)(void *)buf, count, f);
      break;
    }
    if (GetLastError() != ERROR_MORE_DATA) break;
    /* Room for services that start before the next call. */
    size = needed + needed / 4 + 1024;
    bigger = realloc(buf, size);
    if (bigger == NULL) {
      err = LISTAPPS_ENOMEM;
      break;
    }
    buf = bigger;
  }
  free(buf);
  CloseServiceHandle(manager);
  if (err != 0) {
    free_services(f);
    return la_fail_nomem(e);
  }
  return 0;
}
