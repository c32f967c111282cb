/* The caller's desktop, other users' sessions, and their helpers. See sessions.h. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <userenv.h>
#include <wtsapi32.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/session_answer.h"
#include "core/text.h"
#include "core/utf.h"
#include "win/facts.h"
#include "win/sessions.h"
#include "win/system_dll.h"

/* The longest path Win32 accepts, in UTF-16 units, with its NUL. */
#define MAX_LONG_PATH_COUNT 32768u
/* A helper's answer is read in pieces of this size. */
#define READ_CHUNK 65536u
/* After the deadline, how long a helper that was ended may take to let go of its pipe. */
#define END_GRACE_MS 2000u
/* The internal variable that names a stand-in helper (the tests' fixture). */
#define HELPER_VARIABLE L"LISTAPPS_SESSION_HELPER"

/* ------------------------------------------------------------------------------------------ */
/* The caller's desktop. */

/* A window station's name, as UTF-8 into buf (cut to size); "?" when it cannot be read. */
static void station_name(HWINSTA station, char *buf, size_t size) {
  wchar_t name[256];
  DWORD needed = 0;
  char *utf8 = NULL;

  snprintf(buf, size, "?");
  if (station == NULL ||
      !GetUserObjectInformationW(station, UOI_NAME, name, (DWORD)sizeof name, &needed))
    return;
  name[sizeof name / sizeof name[0] - 1] = L'\0';
  if (la_utf16_to_utf8(name, wcslen(name), &utf8, NULL) == 0) {
    snprintf(buf, size, "%s", utf8);
    free(utf8);
  }
}

int la_desktop_read(la_desktop *d, int check, la_error *e) {
  /* The window station is the process's own (no handle to close); its flags say whether it is
   * the interactive one, WinSta0 (WSF_VISIBLE):
   * https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-getuserobjectinformationw */
  HWINSTA station = GetProcessWindowStation();
  USEROBJECTFLAGS flags;
  DWORD session = 0;
  DWORD needed = 0;
  int visible;
  char name[128];

  memset(&flags, 0, sizeof flags);
  visible = station != NULL &&
            GetUserObjectInformationW(station, UOI_FLAGS, &flags, sizeof flags, &needed) &&
            (flags.dwFlags & WSF_VISIBLE) != 0;
  /* Session 0 has no user's desktop since Vista, whatever its window stations say:
   * https://learn.microsoft.com/windows/win32/services/interactive-services */
  if (!ProcessIdToSessionId(GetCurrentProcessId(), &session)) session = 0;
  d->session_id = session;
  d->interactive = visible && session != 0;
  if (!check || d->interactive) return 0;
  station_name(station, name, sizeof name);
  return la_fail_detail(e, LISTAPPS_ENODESKTOP, NULL, 0, "window station %s%s, session %lu%s",
                        name, visible ? "" : " (not interactive)", (unsigned long)session,
                        session == 0 ? " (services and SYSTEM tasks)" : "");
}

/* ------------------------------------------------------------------------------------------ */
/* The Remote Desktop Services API and the user profile API, loaded from the system directory
 * only when a sessions listing needs them (neither is a KnownDLL: win/system_dll.c). */

typedef BOOL(WINAPI *enumerate_sessions_fn)(HANDLE, DWORD, DWORD, PWTS_SESSION_INFOW *, DWORD *);
typedef BOOL(WINAPI *query_session_fn)(HANDLE, DWORD, WTS_INFO_CLASS, LPWSTR *, DWORD *);
typedef void(WINAPI *free_memory_fn)(PVOID);
typedef BOOL(WINAPI *query_user_token_fn)(ULONG, PHANDLE);
typedef BOOL(WINAPI *create_environment_fn)(LPVOID *, HANDLE, BOOL);
typedef BOOL(WINAPI *destroy_environment_fn)(LPVOID);

typedef struct session_api {
  enumerate_sessions_fn enumerate_sessions;
  query_session_fn query_session;
  free_memory_fn free_memory;
  query_user_token_fn query_user_token;
  create_environment_fn create_environment;
  destroy_environment_fn destroy_environment;
} session_api;

/* Nothing to unload: the system DLLs stay loaded for the life of the process. */
static void session_api_unload(session_api *api) {
  memset(api, 0, sizeof *api);
}

/* Returns 0, or ERROR_PROC_NOT_FOUND when wtsapi32.dll or userenv.dll (from the system
 * directory only: win/system_dll.c) cannot be loaded or lacks a function. */
static DWORD session_api_load(session_api *api) {
  memset(api, 0, sizeof *api);
  api->enumerate_sessions =
      (enumerate_sessions_fn)la_system_function(LA_DLL_WTSAPI32, "WTSEnumerateSessionsW");
  api->query_session =
      (query_session_fn)la_system_function(LA_DLL_WTSAPI32, "WTSQuerySessionInformationW");
  api->free_memory = (free_memory_fn)la_system_function(LA_DLL_WTSAPI32, "WTSFreeMemory");
  api->query_user_token =
      (query_user_token_fn)la_system_function(LA_DLL_WTSAPI32, "WTSQueryUserToken");
  api->create_environment =
      (create_environment_fn)la_system_function(LA_DLL_USERENV, "CreateEnvironmentBlock");
  api->destroy_environment =
      (destroy_environment_fn)la_system_function(LA_DLL_USERENV, "DestroyEnvironmentBlock");
  if (api->enumerate_sessions == NULL || api->query_session == NULL || api->free_memory == NULL ||
      api->query_user_token == NULL || api->create_environment == NULL ||
      api->destroy_environment == NULL) {
    session_api_unload(api);
    return ERROR_PROC_NOT_FOUND;
  }
  return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* The sessions. */

/* One WTS string of a session as UTF-8 (malloc'd); NULL when there is none or it is empty. */
static char *session_string(const session_api *api, DWORD id, WTS_INFO_CLASS what) {
  LPWSTR value = NULL;
  DWORD bytes = 0;
  char *utf8 = NULL;

  if (!api->query_session(WTS_CURRENT_SERVER_HANDLE, id, what, &value, &bytes) || value == NULL)
    return NULL;
  if (value[0] != L'\0') la_utf16_to_utf8(value, wcslen(value), &utf8, NULL);
  api->free_memory(value);
  return utf8;
}

/* The session's user as DOMAIN\name (malloc'd); NULL when nobody is signed in. */
static char *session_user(const session_api *api, DWORD id) {
  char *name = session_string(api, id, WTSUserName);
  char *domain;
  char *both;

  if (name == NULL) return NULL;
  domain = session_string(api, id, WTSDomainName);
  if (domain == NULL) return name;
  both = malloc(strlen(domain) + 1 + strlen(name) + 1);
  if (both != NULL) sprintf(both, "%s\\%s", domain, name);
  free(domain);
  free(name);
  return both;
}

static int by_id(const void *a, const void *b) {
  const la_session_status *x = a;
  const la_session_status *y = b;
  return (x->id > y->id) - (x->id < y->id);
}

/* Adds session id with its user to the list, unless it is there already. */
static int add_session(la_session_status **list, size_t *count, unsigned long id, char *user) {
  la_session_status *grown;
  size_t i;

  for (i = 0; i < *count; i++) {
    if ((*list)[i].id == id) {
      free(user);
      return 0;
    }
  }
  grown = realloc(*list, (*count + 1) * sizeof *grown);
  if (grown == NULL) {
    free(user);
    return LISTAPPS_ENOMEM;
  }
  *list = grown;
  memset(&grown[*count], 0, sizeof *grown);
  grown[*count].id = id;
  grown[*count].user = user;
  (*count)++;
  return 0;
}

/* Every session with a signed-in user that is Active or Disconnected, never session 0:
 * https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsenumeratesessionsw
 * Wine lists no session at all; the console session stands in for it there. */
static int signed_in_sessions(const session_api *api, la_session_status **list, size_t *count,
                              la_error *e) {
  PWTS_SESSION_INFOW info = NULL;
  DWORD n = 0;
  DWORD i;
  DWORD console;
  int err = 0;

  *list = NULL;
  *count = 0;
  if (!api->enumerate_sessions(WTS_CURRENT_SERVER_HANDLE, 0, 1, &info, &n))
    return la_fail(e, LISTAPPS_EENUM, "WTSEnumerateSessionsW", GetLastError());
  for (i = 0; i < n && err == 0; i++) {
    char *user;
    if (info[i].SessionId == 0 || (info[i].State != WTSActive && info[i].State != WTSDisconnected))
      continue;
    user = session_user(api, info[i].SessionId);
    if (user != NULL) err = add_session(list, count, info[i].SessionId, user);
  }
  if (info != NULL) api->free_memory(info);
  console = WTSGetActiveConsoleSessionId();
  if (err == 0 && n == 0 && console != 0 && console != 0xFFFFFFFFu)
    err = add_session(list, count, console, session_user(api, console));
  if (err != 0) {
    la_session_statuses_free(*list, *count);
    *list = NULL;
    *count = 0;
    return la_fail_nomem(e);
  }
  qsort(*list, *count, sizeof **list, by_id);
  return 0;
}

int la_sessions_resolve(int all, const unsigned long *ids, size_t count, la_session_status **out,
                        size_t *out_count, la_error *e) {
  session_api api;
  la_session_status *signed_in = NULL;
  size_t signed_in_count = 0;
  la_session_status *chosen = NULL;
  size_t chosen_count = 0;
  DWORD code;
  size_t i;
  int err;

  *out = NULL;
  *out_count = 0;
  code = session_api_load(&api);
  if (code != 0) return la_fail(e, LISTAPPS_EENUM, "LoadLibraryExW(wtsapi32.dll)", code);
  err = signed_in_sessions(&api, &signed_in, &signed_in_count, e);
  session_api_unload(&api);
  if (err != 0) return err;
  if (all) {
    *out = signed_in;
    *out_count = signed_in_count;
    return 0;
  }
  for (i = 0; i < count && err == 0; i++) {
    size_t k;
    char *user = NULL;
    for (k = 0; k < signed_in_count && signed_in[k].id != ids[i]; k++) continue;
    if (k == signed_in_count) {
      err = la_fail_detail(e, LISTAPPS_ENOSESSION, NULL, 0,
                           "session %lu is not an active or disconnected session with a "
                           "signed-in user",
                           ids[i]);
      break;
    }
    if (signed_in[k].user != NULL && (user = la_strdup(signed_in[k].user)) == NULL)
      err = la_fail_nomem(e);
    else
      err = add_session(&chosen, &chosen_count, ids[i], user) != 0 ? la_fail_nomem(e) : 0;
  }
  la_session_statuses_free(signed_in, signed_in_count);
  if (err != 0) {
    la_session_statuses_free(chosen, chosen_count);
    return err;
  }
  qsort(chosen, chosen_count, sizeof *chosen, by_id);
  *out = chosen;
  *out_count = chosen_count;
  return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* The helpers. */

typedef struct helper {
  size_t session; /* index in the listing's sessions */
  HANDLE job;     /* kill-on-close: ends the helper and anything it started */
  HANDLE process;
  HANDLE pipe; /* the read end of its standard output */
  HANDLE reader;
  char *answer; /* what it wrote, up to the cap */
  size_t answer_len;
  int too_much; /* it wrote more than the cap */
  DWORD read_error;
} helper;

struct la_helpers {
  helper *items;
  size_t count;
  ULONGLONG started;
};

/* Reads the helper's output until it closes its end or passes the cap. */
static DWORD WINAPI read_answer(LPVOID arg) {
  helper *h = arg;
  size_t cap = 0;

  for (;;) {
    DWORD got = 0;
    if (h->answer_len + READ_CHUNK > cap) {
      size_t grown_cap = cap == 0 ? READ_CHUNK * 2 : cap * 2;
      char *grown;
      if (grown_cap > LA_SESSION_ANSWER_MAX_BYTES + READ_CHUNK * 2)
        grown_cap = LA_SESSION_ANSWER_MAX_BYTES + READ_CHUNK * 2;
      grown = realloc(h->answer, grown_cap);
      if (grown == NULL) {
        h->read_error = ERROR_NOT_ENOUGH_MEMORY;
        return 0;
      }
      h->answer = grown;
      cap = grown_cap;
    }
    if (!ReadFile(h->pipe, h->answer + h->answer_len, READ_CHUNK, &got, NULL)) {
      DWORD code = GetLastError();
      if (code != ERROR_BROKEN_PIPE) h->read_error = code;
      return 0;
    }
    if (got == 0) return 0;
    h->answer_len += got;
    if (h->answer_len > LA_SESSION_ANSWER_MAX_BYTES) {
      /* Enough: the rest is not read, and the helper is ended. */
      h->too_much = 1;
      return 0;
    }
  }
}

/* The helper's executable: the internal stand-in a test names, else listapps.exe in the folder
 * of the module holding this code (listapps.exe itself, or the program or DLL linking the
 * library). A full path, never searched for. NULL when memory runs out or it cannot be told. */
static const char module_anchor = 0; /* an address inside this module */

static wchar_t *helper_path(void) {
  HMODULE self = NULL;
  wchar_t *path;
  wchar_t *slash;
  DWORD n;

  path = malloc(MAX_LONG_PATH_COUNT * sizeof *path);
  if (path == NULL) return NULL;
  n = GetEnvironmentVariableW(HELPER_VARIABLE, path, MAX_LONG_PATH_COUNT);
  if (n > 0 && n < MAX_LONG_PATH_COUNT) return path;
  if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                              GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          (LPCWSTR)(const void *)&module_anchor, &self) ||
      (n = GetModuleFileNameW(self, path, MAX_LONG_PATH_COUNT - 16)) == 0 ||
      n >= MAX_LONG_PATH_COUNT - 16) {
    free(path);
    return NULL;
  }
  slash = wcsrchr(path, L'\\');
  if (slash == NULL) {
    free(path);
    return NULL;
  }
  if (_wcsicmp(slash + 1, L"listapps.exe") != 0) wcscpy(slash + 1, L"listapps.exe");
  return path;
}

/* A problem of a session, as one line: printf-style into a malloc'd string. */
static void set_problem(la_session_status *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void set_problem(la_session_status *s, const char *fmt, ...) {
  char text[256];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  free(s->problem);
  s->problem = la_strdup(text);
  s->listed = 0;
}

/* Starts the helper of one session. Returns 0 with h filled, or the Win32 error of the step
 * that failed, naming it in *step. */
static DWORD start_helper(const session_api *api, unsigned long session, const wchar_t *path,
                          helper *h, const char **step) {
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
  STARTUPINFOEXW si;
  PROCESS_INFORMATION pi;
  HANDLE token = NULL;
  HANDLE primary = NULL;
  HANDLE write_end = NULL;
  HANDLE nul = INVALID_HANDLE_VALUE;
  HANDLE inherited[2];
  LPVOID environment = NULL;
  LPPROC_THREAD_ATTRIBUTE_LIST attributes = NULL;
  SIZE_T attributes_size = 0;
  wchar_t *command = NULL;
  wchar_t system_dir[MAX_PATH + 1];
  wchar_t desktop[] = L"winsta0\\default";
  DWORD code = 0;

  memset(&pi, 0, sizeof pi);
  memset(&si, 0, sizeof si);
  memset(&limits, 0, sizeof limits);
  /* The session's user's token: the helper runs as that user, on that user's desktop, so
   * nothing runs with SYSTEM's rights there. It needs LocalSystem's SeTcbPrivilege:
   * https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsqueryusertoken */
  *step = "WTSQueryUserToken";
  if (!api->query_user_token((ULONG)session, &token)) goto failed;
  *step = "DuplicateTokenEx";
  if (!DuplicateTokenEx(token, MAXIMUM_ALLOWED, NULL, SecurityIdentification, TokenPrimary,
                        &primary))
    goto failed;
  *step = "CreateEnvironmentBlock";
  if (!api->create_environment(&environment, primary, FALSE)) goto failed;
  *step = "CreatePipe";
  if (!CreatePipe(&h->pipe, &write_end, &inherit, 0) ||
      !SetHandleInformation(h->pipe, HANDLE_FLAG_INHERIT, 0))
    goto failed;
  *step = "CreateFileW(NUL)";
  nul = CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    &inherit, OPEN_EXISTING, 0, NULL);
  if (nul == INVALID_HANDLE_VALUE) goto failed;
  /* The helper inherits its pipe and NUL, and no other handle of ours. */
  *step = "InitializeProcThreadAttributeList";
  InitializeProcThreadAttributeList(NULL, 1, 0, &attributes_size);
  attributes = malloc(attributes_size);
  if (attributes == NULL) {
    code = ERROR_NOT_ENOUGH_MEMORY;
    goto done;
  }
  inherited[0] = write_end;
  inherited[1] = nul;
  if (!InitializeProcThreadAttributeList(attributes, 1, 0, &attributes_size) ||
      !UpdateProcThreadAttribute(attributes, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited,
                                 sizeof inherited, NULL, NULL))
    goto failed;
  command = malloc((wcslen(path) + 32) * sizeof *command);
  if (command == NULL) {
    code = ERROR_NOT_ENOUGH_MEMORY;
    goto done;
  }
  swprintf(command, wcslen(path) + 32, L"\"%ls\" --session-helper", path);
  if (GetSystemDirectoryW(system_dir, MAX_PATH) == 0) system_dir[0] = L'\0';
  si.StartupInfo.cb = sizeof si;
  si.StartupInfo.lpDesktop = desktop;
  si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  si.StartupInfo.hStdInput = nul;
  si.StartupInfo.hStdOutput = write_end;
  si.StartupInfo.hStdError = nul;
  si.lpAttributeList = attributes;
  *step = "CreateJobObjectW";
  h->job = CreateJobObjectW(NULL, NULL);
  if (h->job == NULL) goto failed;
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (!SetInformationJobObject(h->job, JobObjectExtendedLimitInformation, &limits,
                               sizeof limits))
    goto failed;
  /* Suspended until it is in its job, so nothing it starts escapes the job. */
  *step = "CreateProcessAsUserW";
  if (!CreateProcessAsUserW(primary, path, command, NULL, NULL, TRUE,
                            CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT | CREATE_SUSPENDED |
                                EXTENDED_STARTUPINFO_PRESENT,
                            environment, system_dir[0] != L'\0' ? system_dir : NULL,
                            &si.StartupInfo, &pi))
    goto failed;
  h->process = pi.hProcess;
  *step = "AssignProcessToJobObject";
  if (!AssignProcessToJobObject(h->job, pi.hProcess)) {
    code = GetLastError();
    TerminateProcess(pi.hProcess, 1);
    goto done;
  }
  ResumeThread(pi.hThread);
  goto done;

failed:
  code = GetLastError();
  if (code == 0) code = ERROR_GEN_FAILURE;
done:
  if (pi.hThread != NULL) CloseHandle(pi.hThread);
  /* Our copy of the write end goes, so the pipe ends when the helper does. */
  if (write_end != NULL) CloseHandle(write_end);
  if (nul != INVALID_HANDLE_VALUE) CloseHandle(nul);
  if (attributes != NULL) {
    DeleteProcThreadAttributeList(attributes);
    free(attributes);
  }
  if (environment != NULL) api->destroy_environment(environment);
  if (primary != NULL) CloseHandle(primary);
  if (token != NULL) CloseHandle(token);
  free(command);
  return code;
}

static void end_helper(helper *h) {
  if (h->job != NULL) TerminateJobObject(h->job, 1);
  if (h->process != NULL) TerminateProcess(h->process, 1);
}

static void free_helper(helper *h) {
  if (h->reader != NULL) CloseHandle(h->reader);
  if (h->pipe != NULL) CloseHandle(h->pipe);
  if (h->process != NULL) CloseHandle(h->process);
  /* Kill-on-close: closing the job ends whatever of it is left. */
  if (h->job != NULL) CloseHandle(h->job);
  free(h->answer);
  memset(h, 0, sizeof *h);
}

static void free_helpers(la_helpers *hs) {
  size_t i;

  if (hs == NULL) return;
  for (i = 0; i < hs->count; i++) free_helper(&hs->items[i]);
  free(hs->items);
  free(hs);
}

int la_helpers_start(la_session_status *sessions, size_t count, unsigned long own_session,
                     la_helpers **out) {
  session_api api;
  la_helpers *hs;
  wchar_t *path = NULL;
  DWORD code;
  size_t i;

  *out = NULL;
  hs = calloc(1, sizeof *hs);
  if (hs == NULL || (hs->items = calloc(count > 0 ? count : 1, sizeof *hs->items)) == NULL) {
    free(hs);
    return LISTAPPS_ENOMEM;
  }
  code = session_api_load(&api);
  path = helper_path();
  hs->started = GetTickCount64();
  for (i = 0; i < count; i++) {
    helper *h = &hs->items[hs->count];
    const char *step = "";
    DWORD err;
    if (sessions[i].id == own_session) {
      sessions[i].listed = 1;
      continue;
    }
    if (code != 0) {
      set_problem(&sessions[i], "cannot load wtsapi32.dll or userenv.dll (Win32 error %lu)",
                  (unsigned long)code);
      continue;
    }
    if (path == NULL) {
      set_problem(&sessions[i], "cannot tell where listapps.exe is");
      continue;
    }
    memset(h, 0, sizeof *h);
    h->session = i;
    err = start_helper(&api, sessions[i].id, path, h, &step);
    if (err == ERROR_NOT_ENOUGH_MEMORY) {
      free_helper(h);
      break;
    }
    if (err != 0) {
      set_problem(&sessions[i], "cannot start the helper: %s failed with Win32 error %lu%s", step,
                  (unsigned long)err,
                  err == ERROR_PRIVILEGE_NOT_HELD
                      ? " (listing another session needs LocalSystem's SeTcbPrivilege)"
                      : "");
      free_helper(h);
      continue;
    }
    h->reader = CreateThread(NULL, 0, read_answer, h, 0, NULL);
    if (h->reader == NULL) {
      set_problem(&sessions[i], "cannot read the helper (Win32 error %lu)",
                  (unsigned long)GetLastError());
      end_helper(h);
      free_helper(h);
      continue;
    }
    hs->count++;
  }
  free(path);
  if (code == 0) session_api_unload(&api);
  if (i < count) {
    la_helpers_abort(hs);
    return LISTAPPS_ENOMEM;
  }
  *out = hs;
  return 0;
}

void la_helpers_abort(la_helpers *hs) {
  size_t i;

  if (hs == NULL) return;
  for (i = 0; i < hs->count; i++) {
    end_helper(&hs->items[i]);
    if (hs->items[i].reader != NULL) {
      CancelSynchronousIo(hs->items[i].reader);
      WaitForSingleObject(hs->items[i].reader, END_GRACE_MS);
    }
  }
  free_helpers(hs);
}

/* Reads one finished helper's answer into f, or says why not. */
static int take_answer(helper *h, la_session_status *s, int timed_out, la_facts *f) {
  la_session_answer answer;
  char problem[160];
  DWORD status = STILL_ACTIVE;
  size_t dropped = 0;
  int err;

  if (timed_out) {
    set_problem(s, "the helper did not answer within %u s", LA_SESSION_HELPER_TIMEOUT_MS / 1000);
    return 0;
  }
  if (h->too_much) {
    set_problem(s, "the helper wrote more than %lu bytes",
                (unsigned long)LA_SESSION_ANSWER_MAX_BYTES);
    return 0;
  }
  if (h->read_error == ERROR_NOT_ENOUGH_MEMORY) return LISTAPPS_ENOMEM;
  if (h->read_error != 0) {
    set_problem(s, "cannot read the helper's answer (Win32 error %lu)",
                (unsigned long)h->read_error);
    return 0;
  }
  WaitForSingleObject(h->process, END_GRACE_MS);
  GetExitCodeProcess(h->process, &status);
  if (status != 0) {
    set_problem(s, "the helper exited with status %lu", (unsigned long)status);
    return 0;
  }
  err = la_session_answer_read(h->answer, h->answer_len, &answer, problem, sizeof problem);
  if (err == LISTAPPS_ENOMEM) return err;
  if (err != 0) {
    set_problem(s, "%s", problem);
    return 0;
  }
  err = la_merge_session_windows(f, s->id, &answer, &dropped);
  /* The session's shell, when the listing has none of its own and the snapshot agrees. */
  if (err == 0 && f->shell_pid == 0) {
    size_t i;
    for (i = 0; i < f->proc_count; i++)
      if (f->procs[i].in_snapshot && f->procs[i].pid == answer.shell_pid &&
          f->procs[i].session_id == s->id)
        f->shell_pid = answer.shell_pid;
  }
  la_session_answer_free(&answer);
  if (err != 0) return err;
  s->listed = 1;
  return 0;
}

int la_helpers_finish(la_helpers *hs, la_session_status *sessions, size_t count, la_facts *f) {
  size_t i;
  int err = 0;

  (void)count;
  if (hs == NULL) return 0;
  for (i = 0; i < hs->count; i++) {
    helper *h = &hs->items[i];
    ULONGLONG now = GetTickCount64();
    ULONGLONG due = hs->started + LA_SESSION_HELPER_TIMEOUT_MS;
    DWORD wait = now < due ? (DWORD)(due - now) : 0;
    int timed_out = WaitForSingleObject(h->reader, wait) != WAIT_OBJECT_0;
    /* A helper that is late, or wrote too much, is ended; every helper is ended before this
     * returns, whatever it did. */
    end_helper(h);
    if (timed_out) {
      CancelSynchronousIo(h->reader);
      WaitForSingleObject(h->reader, END_GRACE_MS);
    }
    if (err == 0) err = take_answer(h, &sessions[h->session], timed_out, f);
  }
  free_helpers(hs);
  return err;
}

/* ------------------------------------------------------------------------------------------ */
/* The helper's side. */

int la_serve_session_helper(void *output, la_error *e) {
  la_facts f;
  char *text = NULL;
  size_t len = 0;
  size_t done = 0;
  size_t i;
  HWND shell = GetShellWindow();
  DWORD shell_pid = 0;
  int err;

  memset(&f, 0, sizeof f);
  err = la_collect_app_windows(&f, NULL, 0, e, NULL);
  if (err != 0) return err;
  /* IsHungAppWindow reads a flag the system keeps and sends no message; a window handle means
   * nothing in another session, so the helper reads it. */
  for (i = 0; i < f.window_count; i++)
    f.windows[i].hung = IsHungAppWindow((HWND)f.windows[i].hwnd) != FALSE;
  if (shell != NULL) GetWindowThreadProcessId(shell, &shell_pid);
  err = la_session_answer_write(f.windows, f.window_count, shell_pid, &text, &len);
  la_facts_free(&f);
  if (err != 0) return la_fail_nomem(e);
  while (done < len) {
    DWORD wrote = 0;
    DWORD chunk = len - done > 0x100000u ? 0x100000u : (DWORD)(len - done);
    if (!WriteFile((HANDLE)output, text + done, chunk, &wrote, NULL) || wrote == 0) {
      err = la_fail(e, LISTAPPS_EWRITE, "WriteFile", GetLastError());
      break;
    }
    done += wrote;
  }
  free(text);
  return err;
}
