/*
 * Task Manager's columns, read from the system: CPU times, memory and thread states of every
 * process in one NtQuerySystemInformation call; command line, architecture, token and power
 * throttling through one handle per process. Each is read only when a column asks for it, and
 * each value that cannot be had keeps its state (denied, exited, unsupported).
 */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "core/pid_map.h"
#include "core/utf.h"
#include "win/facts.h"
#include "win/process_info.h"
#include "win/system_processes.h"

/* Information classes, from the Windows SDK's winternl.h. */
#define LA_PROCESS_BASIC_INFORMATION 0
#define LA_PROCESS_COMMAND_LINE_INFORMATION 60
/* KTHREAD_STATE Waiting and KWAIT_REASON Suspended. */
#define LA_THREAD_WAITING 5
#define LA_WAIT_SUSPENDED 5
/* A command line is at most 32,767 characters (CreateProcess documentation). */
#define MAX_COMMAND_LINE_BYTES (32768u * 2u)

typedef LONG(NTAPI *query_process_fn)(HANDLE, ULONG, PVOID, ULONG, PULONG);
typedef BOOL(WINAPI *is_wow64_process2_fn)(HANDLE, USHORT *, USHORT *);
typedef BOOL(WINAPI *get_process_information_fn)(HANDLE, int, LPVOID, DWORD);

/* 1 when every thread of p waits, suspended. */
static int all_threads_suspended(const sys_process *p) {
  const sys_thread *t = (const sys_thread *)(const void *)(p + 1);
  ULONG i;

  if (p->thread_count == 0) return 0;
  for (i = 0; i < p->thread_count; i++)
    if (t[i].thread_state != LA_THREAD_WAITING || t[i].wait_reason != LA_WAIT_SUSPENDED) return 0;
  return 1;
}

/* 1 when any thread anywhere reports a state: Wine reports every thread as 0 (Initialized),
 * which a running system never does, so thread states cannot be read there. */
static int thread_states_reported(const sys_process *list) {
  const sys_process *p;

  for (p = list; p != NULL; p = la_next_system_process(p)) {
    const sys_thread *t = (const sys_thread *)(const void *)(p + 1);
    ULONG i;
    for (i = 0; i < p->thread_count; i++)
      if (t[i].thread_state != 0) return 1;
  }
  return 0;
}

/* The first bytes of SYSTEM_PROCESS_INFORMATION_EXTENSION: its disk counters and context
 * switches. On 64-bit Windows 10 1709 and later, SystemProcessInformation puts it after each
 * entry's threads (System Informer's procprv.c reads it so: PH_PROCESS_EXTENSION, enabled from
 * WINDOWS_10_RS3 outside WOW64). */
typedef struct sys_process_extension {
  ULONGLONG bytes_read;
  ULONGLONG bytes_written;
  ULONGLONG read_operations;
  ULONGLONG write_operations;
  ULONGLONG flush_operations;
  ULONGLONG context_switches;
} sys_process_extension;

#define LA_BUILD_WINDOWS_10_1709 16299u

static const sys_process_extension *extension_of(const sys_process *p) {
  const sys_thread *threads = (const sys_thread *)(const void *)(p + 1);
  return (const sys_process_extension *)(const void *)(threads + p->thread_count);
}

/* 1 when every entry of the list carries the extension: the system is 64-bit Windows 10 1709
 * or later, and each entry has room for it before the next entry and before its image name,
 * which the system stores after it (Wine stores the name right after the threads, and no
 * extension). */
static int list_has_extension(const sys_process *list) {
  typedef LONG(WINAPI * get_version_fn)(OSVERSIONINFOW *);
  get_version_fn get = (get_version_fn)la_ntdll_function("RtlGetVersion");
  OSVERSIONINFOW v;
  const sys_process *p;

  if (sizeof(void *) != 8 || get == NULL) return 0;
  memset(&v, 0, sizeof v);
  v.dwOSVersionInfoSize = sizeof v;
  if (get(&v) != 0 || v.dwMajorVersion < 10 ||
      (v.dwMajorVersion == 10 && v.dwBuildNumber < LA_BUILD_WINDOWS_10_1709))
    return 0;
  for (p = list; p != NULL; p = la_next_system_process(p)) {
    const char *end = (const char *)(extension_of(p) + 1);
    if (p->next_entry_offset != 0 && end > (const char *)p + p->next_entry_offset) return 0;
    if (p->image_name.buffer != NULL && (const char *)p->image_name.buffer < end &&
        (const char *)p->image_name.buffer >= (const char *)p)
      return 0;
  }
  return 1;
}

/* Marks the readings needs asks for as unsupported (the system gave no process list). */
static void unsupported_readings(unsigned needs, la_process_info *info) {
  if (needs & LA_NEED_CPU) info->cpu_state = LISTAPPS_VALUE_UNSUPPORTED;
  if (needs & LA_NEED_MEMORY) info->memory_state = LISTAPPS_VALUE_UNSUPPORTED;
  if (needs & LA_NEED_STATUS) info->suspended_state = LISTAPPS_VALUE_UNSUPPORTED;
  if (needs & LA_NEED_EFFICIENCY) info->base_priority_state = LISTAPPS_VALUE_UNSUPPORTED;
  if (needs & LA_NEED_THREADS) info->threads_state = LISTAPPS_VALUE_UNSUPPORTED;
  if (needs & LA_NEED_HANDLES) info->handles_state = LISTAPPS_VALUE_UNSUPPORTED;
  if (needs & LA_NEED_DISK) info->disk_state = LISTAPPS_VALUE_UNSUPPORTED;
}

/* The readings of the new columns that the process list gives: base priority, threads, handles
 * (the first reading), and the disk counters (both). A process missing from the first reading
 * has exited. */
static void read_list_columns(const sys_process *p, int reading, unsigned needs, int has_extension,
                              la_process_info *info) {
  if (reading == 0 && (needs & LA_NEED_EFFICIENCY)) {
    info->base_priority = p->base_priority;
    info->base_priority_state = LISTAPPS_VALUE_PRESENT;
  }
  if (reading == 0 && (needs & LA_NEED_THREADS)) {
    info->threads = p->thread_count;
    info->threads_state = LISTAPPS_VALUE_PRESENT;
  }
  if (reading == 0 && (needs & LA_NEED_HANDLES)) {
    info->handles = p->handle_count;
    info->handles_state = LISTAPPS_VALUE_PRESENT;
  }
  if ((needs & LA_NEED_DISK) && info->disk_state != LISTAPPS_VALUE_UNSUPPORTED) {
    if (!has_extension) {
      info->disk_state = LISTAPPS_VALUE_UNSUPPORTED;
    } else {
      const sys_process_extension *x = extension_of(p);
      info->disk_bytes[reading] = x->bytes_read + x->bytes_written;
      info->disk_seen[reading] = 1;
      info->disk_state = LISTAPPS_VALUE_PRESENT;
    }
  }
}

int la_read_system_info(la_facts *f, int reading, unsigned needs, const void *list, la_error *e) {
  unsigned long code;
  la_pid_map index = {0};
  void *read_now = NULL;
  const sys_process *p;
  int states;
  int has_extension;
  size_t i;
  int err = 0;

  if (list == NULL) {
    err = la_query_system_processes(&read_now, &code);
    if (err == LISTAPPS_ENOMEM) return la_fail_nomem(e);
    list = read_now;
  }
  for (i = 0; i < f->proc_count; i++) {
    la_process_info *info = &f->info[i];
    if (err != 0) {
      /* The system will not say: every value it would have given is unsupported. */
      unsupported_readings(needs, info);
    } else if (la_pid_map_put(&index, f->procs[i].pid, i) != 0) {
      free(read_now);
      la_pid_map_free(&index);
      return la_fail_nomem(e);
    }
  }
  if (err != 0) return 0;
  states = thread_states_reported(list);
  has_extension = (needs & LA_NEED_DISK) != 0 && list_has_extension(list);
  for (i = 0; reading == 0 && i < f->proc_count; i++) {
    /* Present once the list names the process. */
    la_process_info *info = &f->info[i];
    if (needs & LA_NEED_EFFICIENCY) info->base_priority_state = LISTAPPS_VALUE_EXITED;
    if (needs & LA_NEED_THREADS) info->threads_state = LISTAPPS_VALUE_EXITED;
    if (needs & LA_NEED_HANDLES) info->handles_state = LISTAPPS_VALUE_EXITED;
    if (needs & LA_NEED_DISK) info->disk_state = LISTAPPS_VALUE_EXITED;
  }
  for (p = list; p != NULL; p = la_next_system_process(p)) {
    size_t k;

    if (la_pid_map_get(&index, (unsigned long)(ULONG_PTR)p->unique_process_id, &k)) {
      la_process_info *info = &f->info[k];
      info->cpu_time[reading] = (uint64_t)p->kernel_time.QuadPart + (uint64_t)p->user_time.QuadPart;
      info->cpu_seen[reading] = 1;
      if (reading == 0 && (needs & LA_NEED_MEMORY)) {
        /* Task Manager's Memory is the private working set; where the system leaves it 0
         * (Wine), the private commit is the next best. */
        info->memory_state = LISTAPPS_VALUE_PRESENT;
        if (p->working_set_private_size.QuadPart > 0) {
          info->memory = (uint64_t)p->working_set_private_size.QuadPart;
          info->memory_source = LA_MEMORY_PRIVATE_WORKING_SET;
        } else {
          info->memory = (uint64_t)p->pagefile_usage;
          info->memory_source = LA_MEMORY_PRIVATE_BYTES;
        }
      }
      if (reading == 0 && (needs & LA_NEED_STATUS)) {
        info->suspended_state = states ? LISTAPPS_VALUE_PRESENT : LISTAPPS_VALUE_UNSUPPORTED;
        info->suspended = states && all_threads_suspended(p);
      }
      read_list_columns(p, reading, needs, has_extension, info);
    }
  }
  free(read_now);
  la_pid_map_free(&index);
  return 0;
}

/* The state of a value read through a process handle that could not be opened, or of a call
 * that failed on an open one. */
static int failure_state(HANDLE process, DWORD code) {
  DWORD exit_code = 0;

  if (code == ERROR_ACCESS_DENIED) return LISTAPPS_VALUE_DENIED;
  if (code == ERROR_INVALID_PARAMETER && process == NULL) return LISTAPPS_VALUE_EXITED;
  if (process != NULL && GetExitCodeProcess(process, &exit_code) && exit_code != STILL_ACTIVE)
    return LISTAPPS_VALUE_EXITED;
  return LISTAPPS_VALUE_DENIED;
}

/* UNICODE_STRING as a 64-bit process lays it out. */
typedef struct remote_string {
  USHORT length;
  USHORT maximum_length;
  ULONG pad;
  ULONG64 buffer;
} remote_string;

/* Reads the command line from the process's parameters block (PEB -> ProcessParameters ->
 * CommandLine, at 0x20 and 0x70 in a 64-bit process), for systems without
 * ProcessCommandLineInformation (before Windows 8.1, and Wine). */
static int command_line_from_peb(HANDLE process, query_process_fn query, wchar_t **out,
                                 size_t *count, DWORD *code) {
  struct {
    LONG exit_status;
    ULONG64 peb;
    ULONG64 affinity;
    LONG base_priority;
    ULONG64 pid;
    ULONG64 parent;
  } basic;
  ULONG64 params = 0;
  remote_string cmd;
  SIZE_T got = 0;

  *out = NULL;
  *count = 0;
  *code = 0;
  memset(&basic, 0, sizeof basic);
  if (query(process, LA_PROCESS_BASIC_INFORMATION, &basic, sizeof basic, NULL) < 0 ||
      basic.peb == 0) {
    *code = ERROR_ACCESS_DENIED;
    return 0;
  }
  if (!ReadProcessMemory(process, (LPCVOID)(ULONG_PTR)(basic.peb + 0x20), &params, sizeof params,
                         &got) ||
      !ReadProcessMemory(process, (LPCVOID)(ULONG_PTR)(params + 0x70), &cmd, sizeof cmd, &got)) {
    *code = GetLastError();
    return 0;
  }
  /* A USHORT length bounds the read; an odd one is not UTF-16. */
  if ((cmd.length & 1u) != 0) {
    *code = ERROR_INVALID_DATA;
    return 0;
  }
  *out = malloc((size_t)cmd.length + sizeof(wchar_t));
  if (*out == NULL) return LISTAPPS_ENOMEM;
  if (cmd.length > 0 &&
      !ReadProcessMemory(process, (LPCVOID)(ULONG_PTR)cmd.buffer, *out, cmd.length, &got)) {
    *code = GetLastError();
    free(*out);
    *out = NULL;
    return 0;
  }
  *count = cmd.length / sizeof(wchar_t);
  return 0;
}

int la_command_line_in_reply(const void *reply, size_t reply_len, size_t *offset, size_t *count) {
  remote_string s;
  uintptr_t start = (uintptr_t)reply;
  uintptr_t text;

  *offset = 0;
  *count = 0;
  if (reply_len < sizeof s) return 0;
  memcpy(&s, reply, sizeof s);
  /* The system puts the text right after the header, inside the reply; anything else (a Buffer
   * elsewhere, a Length past the end, half a character) is not trusted. */
  text = (uintptr_t)s.buffer;
  if ((s.length & 1u) != 0) return 0;
  if (s.length == 0) return 1;
  if (text < start + sizeof s || text - start > reply_len) return 0;
  if (s.length > reply_len - (size_t)(text - start)) return 0;
  *offset = (size_t)(text - start);
  *count = s.length / sizeof(wchar_t);
  return 1;
}

/* The exact command line: ProcessCommandLineInformation (Windows 8.1) where it exists, else
 * read from the process. */
static int read_command_line(HANDLE process, la_process_info *info, la_error *e) {
  query_process_fn query = (query_process_fn)la_ntdll_function("NtQueryInformationProcess");
  wchar_t *text = NULL;
  size_t count = 0;
  DWORD code = 0;
  ULONG needed = 0;
  int err = 0;

  if (query == NULL) {
    info->command_line_state = LISTAPPS_VALUE_UNSUPPORTED;
    return 0;
  }
  query(process, LA_PROCESS_COMMAND_LINE_INFORMATION, NULL, 0, &needed);
  if (needed >= sizeof(USHORT) * 4 && needed <= MAX_COMMAND_LINE_BYTES + 64u) {
    void *buf = malloc(needed);
    if (buf == NULL) return la_fail_nomem(e);
    ULONG got = needed;
    size_t offset = 0;
    if (query(process, LA_PROCESS_COMMAND_LINE_INFORMATION, buf, needed, &got) >= 0 &&
        la_command_line_in_reply(buf, needed, &offset, &count)) {
      text = malloc((count + 1) * sizeof *text);
      if (text == NULL)
        err = LISTAPPS_ENOMEM;
      else if (count > 0)
        memcpy(text, (const unsigned char *)buf + offset, count * sizeof *text);
    }
    free(buf);
  }
  if (err == 0 && text == NULL) err = command_line_from_peb(process, query, &text, &count, &code);
  if (err == 0 && text != NULL) {
    if (la_utf16_to_utf8((const uint16_t *)text, count, &info->command_line, NULL) != 0)
      err = LISTAPPS_ENOMEM;
    else
      info->command_line_state = LISTAPPS_VALUE_PRESENT;
  } else if (err == 0) {
    info->command_line_state = failure_state(process, code);
  }
  free(text);
  return err != 0 ? la_fail_nomem(e) : 0;
}

static const char *machine_name(USHORT machine) {
  switch (machine) {
    case IMAGE_FILE_MACHINE_AMD64:
      return "x64";
    case IMAGE_FILE_MACHINE_I386:
      return "x86";
    case 0xAA64: /* IMAGE_FILE_MACHINE_ARM64 */
      return "ARM64";
    case IMAGE_FILE_MACHINE_ARMNT:
      return "ARM";
    default:
      return NULL;
  }
}

/* The process's architecture: IsWow64Process2 (Windows 10 1709) where it exists, else
 * IsWow64Process against the native architecture. */
static void read_architecture(HANDLE process, la_process_info *info) {
  HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
  is_wow64_process2_fn wow64_2 =
      kernel32 != NULL
          ? (is_wow64_process2_fn)(la_proc_fn)GetProcAddress(kernel32, "IsWow64Process2")
          : NULL;
  USHORT process_machine = 0;
  USHORT native_machine = 0;
  const char *name = NULL;

  if (wow64_2 != NULL) {
    if (!wow64_2(process, &process_machine, &native_machine)) {
      info->architecture_state = failure_state(process, GetLastError());
      return;
    }
    /* IMAGE_FILE_MACHINE_UNKNOWN: not under WOW64, so the native architecture. */
    name = machine_name(process_machine != IMAGE_FILE_MACHINE_UNKNOWN ? process_machine
                                                                      : native_machine);
  } else {
    SYSTEM_INFO si;
    BOOL wow64 = FALSE;
    if (!IsWow64Process(process, &wow64)) {
      info->architecture_state = failure_state(process, GetLastError());
      return;
    }
    GetNativeSystemInfo(&si);
    if (wow64)
      name = "x86";
    else if (si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64)
      name = "x64";
    else if (si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_INTEL)
      name = "x86";
    else if (si.wProcessorArchitecture == 12) /* PROCESSOR_ARCHITECTURE_ARM64 */
      name = "ARM64";
    else if (si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_ARM)
      name = "ARM";
  }
  info->architecture = name;
  info->architecture_state = name != NULL ? LISTAPPS_VALUE_PRESENT : LISTAPPS_VALUE_UNSUPPORTED;
}

/* DOMAIN\name of a SID. */
static int account_name(PSID sid, char **out) {
  wchar_t name[256];
  wchar_t domain[256];
  wchar_t both[514];
  DWORD name_count = 256;
  DWORD domain_count = 256;
  SID_NAME_USE use;

  *out = NULL;
  if (!LookupAccountSidW(NULL, sid, name, &name_count, domain, &domain_count, &use)) return 0;
  both[0] = L'\0';
  if (domain[0] != L'\0') {
    wcscpy(both, domain);
    wcscat(both, L"\\");
  }
  wcscat(both, name);
  return la_utf16_to_utf8((const uint16_t *)both, wcslen(both), out, NULL) != 0 ? LISTAPPS_ENOMEM
                                                                                : 0;
}

/* Elevation and user from the process's token. */
static int read_token(HANDLE process, unsigned needs, la_process_info *info, la_error *e) {
  HANDLE token = NULL;
  DWORD size = 0;
  int err = 0;

  if (!OpenProcessToken(process, TOKEN_QUERY, &token)) {
    int state = failure_state(process, GetLastError());
    if (needs & LA_NEED_ELEVATED) info->elevated_state = state;
    if (needs & LA_NEED_USER) info->user_state = state;
    return 0;
  }
  if (needs & LA_NEED_ELEVATED) {
    TOKEN_ELEVATION elevation;
    if (GetTokenInformation(token, TokenElevation, &elevation, sizeof elevation, &size)) {
      info->elevated = elevation.TokenIsElevated != 0;
      info->elevated_state = LISTAPPS_VALUE_PRESENT;
    } else {
      info->elevated_state = failure_state(process, GetLastError());
    }
  }
  if (needs & LA_NEED_USER) {
    BYTE *buf = NULL;
    GetTokenInformation(token, TokenUser, NULL, 0, &size);
    if (size > 0 && (buf = malloc(size)) == NULL) err = LISTAPPS_ENOMEM;
    if (buf != NULL && GetTokenInformation(token, TokenUser, buf, size, &size)) {
      err = account_name(((TOKEN_USER *)(void *)buf)->User.Sid, &info->user);
      info->user_state = info->user != NULL ? LISTAPPS_VALUE_PRESENT : LISTAPPS_VALUE_NONE;
    } else if (err == 0) {
      info->user_state = failure_state(process, GetLastError());
    }
    free(buf);
  }
  CloseHandle(token);
  return err != 0 ? la_fail_nomem(e) : 0;
}

/* PROCESS_POWER_THROTTLING_STATE (Windows 10 1709, processthreadsapi.h). */
typedef struct power_throttling {
  ULONG version;
  ULONG control_mask;
  ULONG state_mask;
} power_throttling;
#define LA_PROCESS_POWER_THROTTLING 4
#define LA_POWER_THROTTLING_EXECUTION_SPEED 0x1u

/* Task Manager's Efficiency mode is EcoQoS: execution-speed throttling in both masks. */
static void read_efficiency(HANDLE process, la_process_info *info) {
  HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
  get_process_information_fn get = kernel32 != NULL
                                       ? (get_process_information_fn)(la_proc_fn)GetProcAddress(
                                             kernel32, "GetProcessInformation")
                                       : NULL;
  power_throttling state = {1, 0, 0};

  if (get == NULL) {
    info->efficiency_state = LISTAPPS_VALUE_UNSUPPORTED;
    return;
  }
  if (!get(process, LA_PROCESS_POWER_THROTTLING, &state, sizeof state)) {
    DWORD code = GetLastError();
    info->efficiency_state = code == ERROR_INVALID_PARAMETER || code == ERROR_NOT_SUPPORTED
                                 ? LISTAPPS_VALUE_UNSUPPORTED
                                 : failure_state(process, code);
    return;
  }
  info->efficiency = (state.control_mask & LA_POWER_THROTTLING_EXECUTION_SPEED) != 0 &&
                     (state.state_mask & LA_POWER_THROTTLING_EXECUTION_SPEED) != 0;
  info->efficiency_state = LISTAPPS_VALUE_PRESENT;
}

int la_read_process_details(unsigned long pid, unsigned needs, la_process_info *info, la_error *e) {
  DWORD access = PROCESS_QUERY_LIMITED_INFORMATION;
  HANDLE process;
  int err = 0;

  if (needs & LA_NEED_COMMAND_LINE) access |= PROCESS_VM_READ;
  process = OpenProcess(access, FALSE, (DWORD)pid);
  if (process == NULL && (needs & LA_NEED_COMMAND_LINE)) {
    /* Without VM_READ the other values can still be had. */
    access = PROCESS_QUERY_LIMITED_INFORMATION;
    process = OpenProcess(access, FALSE, (DWORD)pid);
  }
  if (process == NULL) {
    int state = failure_state(NULL, GetLastError());
    if (needs & LA_NEED_COMMAND_LINE) info->command_line_state = state;
    if (needs & LA_NEED_ARCHITECTURE) info->architecture_state = state;
    if (needs & LA_NEED_ELEVATED) info->elevated_state = state;
    if (needs & LA_NEED_USER) info->user_state = state;
    if (needs & LA_NEED_EFFICIENCY) info->efficiency_state = state;
    return 0;
  }
  if (needs & LA_NEED_COMMAND_LINE) {
    if (access & PROCESS_VM_READ)
      err = read_command_line(process, info, e);
    else
      info->command_line_state = LISTAPPS_VALUE_DENIED;
  }
  if (err == 0 && (needs & LA_NEED_ARCHITECTURE)) read_architecture(process, info);
  if (err == 0 && (needs & (LA_NEED_ELEVATED | LA_NEED_USER)))
    err = read_token(process, needs, info, e);
  if (err == 0 && (needs & LA_NEED_EFFICIENCY)) read_efficiency(process, info);
  CloseHandle(process);
  return err;
}
