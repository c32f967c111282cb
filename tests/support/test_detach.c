/*
 * test_detach.c - run a test program outside the process tree that started it; see
 * test_detach.h for why and why this way.
 */
#include "test_detach.h"

#include <windows.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* How long the stub may take to be gone once we end it. */
#define STUB_EXIT_MS 10000u

/* This program's full path, malloc'd; NULL when memory runs out or the call fails. */
static wchar_t *own_path(void) {
  DWORD size = MAX_PATH;
  wchar_t *path = NULL;

  for (;;) {
    wchar_t *grown = realloc(path, size * sizeof *path);
    DWORD got;
    if (grown == NULL) break;
    path = grown;
    got = GetModuleFileNameW(NULL, path, size);
    if (got == 0) break;
    /* A path that does not fit comes back truncated to exactly size characters. */
    if (got < size) return path;
    if (size > UINT32_MAX / 2) break;
    size *= 2;
  }
  free(path);
  return NULL;
}

static void close_if(HANDLE *handle) {
  if (*handle != NULL && *handle != INVALID_HANDLE_VALUE) CloseHandle(*handle);
  *handle = NULL;
}

/* A job that kills what is in it once its last handle closes (ours, when we end in any way). */
static HANDLE kill_on_close_job(void) {
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
  HANDLE job = CreateJobObjectW(NULL, NULL);

  if (job == NULL) return NULL;
  memset(&limits, 0, sizeof limits);
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits)) {
    CloseHandle(job);
    return NULL;
  }
  return job;
}

/* Starts the detached copy, suspended, with its handle in *copy. Returns 0, or -1 with the
 * failing step in step (the Win32 error is the last error). */
static int start_copy(const wchar_t *self, PROCESS_INFORMATION *copy, char *step,
                      size_t step_size) {
  static const DWORD std_ids[3] = {STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE};
  PROCESS_INFORMATION stub = {0};
  STARTUPINFOW stub_startup;
  STARTUPINFOEXW startup;
  HANDLE in_stub[3] = {NULL, NULL, NULL};
  HANDLE inherited[3];
  DWORD inherited_count = 0;
  LPPROC_THREAD_ATTRIBUTE_LIST list = NULL;
  SIZE_T list_size = 0;
  int list_ready = 0;
  wchar_t *stub_cmdline = _wcsdup(GetCommandLineW());
  wchar_t *copy_cmdline = _wcsdup(GetCommandLineW());
  wchar_t pid_text[16];
  DWORD error = ERROR_NOT_ENOUGH_MEMORY;
  int status = -1;
  int i;

  memset(copy, 0, sizeof *copy);
  snprintf(step, step_size, "out of memory");
  if (stub_cmdline == NULL || copy_cmdline == NULL) goto cleanup;

  /* The stub: never resumed, so it runs nothing; it shares our console. */
  memset(&stub_startup, 0, sizeof stub_startup);
  stub_startup.cb = sizeof stub_startup;
  if (!CreateProcessW(self, stub_cmdline, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL,
                      &stub_startup, &stub)) {
    error = GetLastError();
    snprintf(step, step_size, "CreateProcessW (the stub)");
    goto cleanup;
  }

  /* The parent attribute makes handles inherit from the stub's table, so our standard handles
   * go there first, inheritable. One that cannot be handed over means output that would be
   * lost: then the test runs in place instead. */
  for (i = 0; i < 3; i++) {
    HANDLE h = GetStdHandle(std_ids[i]);
    if (h == NULL || h == INVALID_HANDLE_VALUE) continue;
    if (!DuplicateHandle(GetCurrentProcess(), h, stub.hProcess, &in_stub[i], 0, TRUE,
                         DUPLICATE_SAME_ACCESS)) {
      error = GetLastError();
      snprintf(step, step_size, "DuplicateHandle (standard handle %d into the stub)", i);
      goto cleanup;
    }
    inherited[inherited_count++] = in_stub[i];
  }

  InitializeProcThreadAttributeList(NULL, 2, 0, &list_size);
  list = list_size > 0 ? malloc(list_size) : NULL;
  if (list == NULL || !InitializeProcThreadAttributeList(list, 2, 0, &list_size)) {
    error = list == NULL ? ERROR_NOT_ENOUGH_MEMORY : GetLastError();
    snprintf(step, step_size, "InitializeProcThreadAttributeList");
    goto cleanup;
  }
  list_ready = 1;
  if (!UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_PARENT_PROCESS, &stub.hProcess,
                                 sizeof stub.hProcess, NULL, NULL) ||
      (inherited_count > 0 &&
       !UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited,
                                  inherited_count * sizeof inherited[0], NULL, NULL))) {
    error = GetLastError();
    snprintf(step, step_size, "UpdateProcThreadAttribute");
    goto cleanup;
  }
  memset(&startup, 0, sizeof startup);
  startup.StartupInfo.cb = sizeof startup;
  startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  startup.StartupInfo.hStdInput = in_stub[0];
  startup.StartupInfo.hStdOutput = in_stub[1];
  startup.StartupInfo.hStdError = in_stub[2];
  startup.lpAttributeList = list;

  /* Only the copy gets the mark: it inherits our environment as it is at CreateProcessW. */
  swprintf(pid_text, sizeof pid_text / sizeof pid_text[0], L"%lu",
           (unsigned long)GetCurrentProcessId());
  SetEnvironmentVariableW(TEST_DETACHED_VARIABLE, pid_text);
  if (!CreateProcessW(self, copy_cmdline, NULL, NULL, inherited_count > 0,
                      CREATE_SUSPENDED | EXTENDED_STARTUPINFO_PRESENT, NULL, NULL,
                      &startup.StartupInfo, copy)) {
    error = GetLastError();
    snprintf(step, step_size, "CreateProcessW (the copy, its parent the stub)");
    SetEnvironmentVariableW(TEST_DETACHED_VARIABLE, NULL);
    goto cleanup;
  }
  SetEnvironmentVariableW(TEST_DETACHED_VARIABLE, NULL);
  status = 0;
  error = 0;

cleanup:
  /* The stub goes before the copy runs, and the handles we put into it go with it. */
  if (stub.hProcess != NULL) {
    TerminateProcess(stub.hProcess, 0);
    if (WaitForSingleObject(stub.hProcess, STUB_EXIT_MS) != WAIT_OBJECT_0 && status == 0) {
      error = ERROR_TIMEOUT;
      snprintf(step, step_size, "ending the stub");
      TerminateProcess(copy->hProcess, 1);
      close_if(&copy->hProcess);
      close_if(&copy->hThread);
      status = -1;
    }
  }
  close_if(&stub.hProcess);
  close_if(&stub.hThread);
  if (list_ready) DeleteProcThreadAttributeList(list);
  free(list);
  free(stub_cmdline);
  free(copy_cmdline);
  SetLastError(error);
  return status;
}

void test_detach_from_launcher(void) {
  PROCESS_INFORMATION copy = {0};
  HANDLE job = NULL;
  wchar_t *self = NULL;
  char step[96] = "";
  DWORD exit_code = 1;
  DWORD error = 0;

  if (test_detached_from() != 0) return;
  self = own_path();
  if (self == NULL) {
    error = GetLastError();
    snprintf(step, sizeof step, "GetModuleFileNameW");
    goto failed;
  }
  if (start_copy(self, &copy, step, sizeof step) != 0) {
    error = GetLastError();
    goto failed;
  }
  /* Without the job the copy would outlive a runner's kill (see test_detach.h); jobs nest
   * since Windows 8, and a failure here only loses that. */
  job = kill_on_close_job();
  if (job != NULL) AssignProcessToJobObject(job, copy.hProcess);
  if (ResumeThread(copy.hThread) == (DWORD)-1) {
    error = GetLastError();
    snprintf(step, sizeof step, "ResumeThread (the copy)");
    TerminateProcess(copy.hProcess, 1);
    goto failed;
  }
  CloseHandle(copy.hThread);
  if (WaitForSingleObject(copy.hProcess, INFINITE) != WAIT_OBJECT_0 ||
      !GetExitCodeProcess(copy.hProcess, &exit_code))
    exit_code = 1;
  free(self);
  fflush(stdout);
  fflush(stderr);
  /* The job's handle closes with us: the copy has ended, and anything it left running goes. */
  ExitProcess(exit_code);

failed:
  fprintf(stderr,
          "%ls: could not run detached from the launching process tree (%s, error %lu); running "
          "in place, where an App above this process would take in its fixtures\n",
          self != NULL ? self : L"this test", step, (unsigned long)error);
  fflush(stderr);
  close_if(&copy.hProcess);
  close_if(&copy.hThread);
  close_if(&job);
  free(self);
}

/* The PID in the environment variable name, or 0 when it is not set to one. */
static unsigned long pid_from(const wchar_t *name) {
  wchar_t value[16];
  DWORD n = GetEnvironmentVariableW(name, value, sizeof value / sizeof value[0]);
  wchar_t *end = NULL;
  unsigned long pid;

  if (n == 0 || n >= sizeof value / sizeof value[0]) return 0;
  pid = wcstoul(value, &end, 10);
  return end != value && *end == L'\0' ? pid : 0;
}

unsigned long test_detached_from(void) {
  return pid_from(TEST_DETACHED_VARIABLE);
}

unsigned long test_windowed_parent(void) {
  return pid_from(TEST_WINDOWED_PARENT_VARIABLE);
}
