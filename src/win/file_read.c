/* Reading files that other users control. See file_read.h. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "core/path_form.h"
#include "listapps.h"
#include "win/file_read.h"

/* ---- Who is reading ---- */

static INIT_ONCE privileged_once = INIT_ONCE_STATIC_INIT;
static int privileged;

/* 1 when the token is elevated or is LocalSystem's or NetworkService's. A token that cannot be
 * read counts as privileged: the rules then hold rather than lapse. */
static int token_is_privileged(HANDLE token) {
  TOKEN_ELEVATION elevation;
  union {
    TOKEN_USER user;
    BYTE bytes[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
  } user;
  DWORD size = 0;

  if (!GetTokenInformation(token, TokenElevation, &elevation, sizeof elevation, &size))
    return 1;
  if (elevation.TokenIsElevated) return 1;
  if (!GetTokenInformation(token, TokenUser, &user, sizeof user, &size)) return 1;
  return IsWellKnownSid(user.user.User.Sid, WinLocalSystemSid) ||
         IsWellKnownSid(user.user.User.Sid, WinNetworkServiceSid);
}

static BOOL CALLBACK read_privileged(PINIT_ONCE init, PVOID parameter, PVOID *context) {
  HANDLE token = NULL;

  (void)init;
  (void)parameter;
  (void)context;
  privileged = 1;
  if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
    privileged = token_is_privileged(token);
    CloseHandle(token);
  }
  return TRUE;
}

int la_reads_are_privileged(void) {
  if (!InitOnceExecuteOnce(&privileged_once, read_privileged, NULL, NULL)) return 1;
  return privileged;
}

/* ---- Which paths ---- */

/* Drive types, remembered for a moment: one listing reads many executables from few drives,
 * and asks each drive once (under Wine GetDriveTypeW is about ten round trips to the server).
 * The moment is short so that a drive mapped later is seen as what it has become. */
#define DRIVE_TYPE_MEMORY_MS 2000u

static SRWLOCK drive_lock = SRWLOCK_INIT;
static struct {
  UINT type;
  ULONGLONG read_at; /* GetTickCount64 when read; 0: never */
} drive_types[26];

static UINT drive_type(wchar_t letter) {
  wchar_t root[4] = {letter, L':', L'\\', L'\0'};
  size_t i = (size_t)(letter - L'A');
  ULONGLONG now = GetTickCount64();
  UINT type = DRIVE_UNKNOWN;
  int known = 0;

  if (letter < L'A' || letter > L'Z') return DRIVE_UNKNOWN;
  AcquireSRWLockShared(&drive_lock);
  if (drive_types[i].read_at != 0 && now - drive_types[i].read_at < DRIVE_TYPE_MEMORY_MS) {
    type = drive_types[i].type;
    known = 1;
  }
  ReleaseSRWLockShared(&drive_lock);
  if (known) return type;
  type = GetDriveTypeW(root);
  AcquireSRWLockExclusive(&drive_lock);
  drive_types[i].type = type;
  drive_types[i].read_at = now != 0 ? now : 1;
  ReleaseSRWLockExclusive(&drive_lock);
  return type;
}

/* 1 when drive letter names a drive of this machine: fixed, removable, CD or RAM disk. A
 * network drive, or a letter the system does not know, is not one. */
static int local_drive(wchar_t letter) {
  UINT type = drive_type(letter);

  return type == DRIVE_FIXED || type == DRIVE_REMOVABLE || type == DRIVE_CDROM ||
         type == DRIVE_RAMDISK;
}

/* 1 when path (by its form, and its drive's type) is a file on this machine. */
static int local_path(const wchar_t *path) {
  uint16_t letter = 0;

  return la_path_form_of((const uint16_t *)path, wcslen(path), &letter) == LA_PATH_DRIVE &&
         local_drive((wchar_t)letter);
}

/* FILE_FS_DEVICE_INFORMATION (ntddk.h) and the characteristic of a network file system. */
typedef struct fs_device_info {
  ULONG device_type;
  ULONG characteristics;
} fs_device_info;
typedef struct io_status {
  union {
    LONG status;
    PVOID pointer;
  } u;
  ULONG_PTR information;
} io_status;
typedef LONG(NTAPI *query_volume_fn)(HANDLE, io_status *, PVOID, ULONG, ULONG);
#define LA_FILE_FS_DEVICE_INFORMATION 4
#define LA_FILE_REMOTE_DEVICE 0x00000010u
#define LA_FILE_DEVICE_NETWORK_FILE_SYSTEM 0x00000014u

/* 1 when the open file is on this machine: the NT form of its final path (after every link
 * and mount point the open went through) names no network device (every UNC path goes through
 * \Device\Mup since Windows Vista), and its volume is no remote device (a mapped drive's
 * redirector says FILE_REMOTE_DEVICE). */
static int local_handle(HANDLE file) {
  wchar_t small[MAX_PATH];
  wchar_t *path = small;
  DWORD count = GetFinalPathNameByHandleW(file, small, MAX_PATH, VOLUME_NAME_NT);
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  query_volume_fn query =
      ntdll != NULL
          ? (query_volume_fn)(void (*)(void))GetProcAddress(ntdll, "NtQueryVolumeInformationFile")
          : NULL;
  fs_device_info info = {0, 0};
  io_status io;
  int local;

  if (count >= MAX_PATH) {
    path = malloc(((size_t)count + 1) * sizeof *path);
    if (path == NULL) return 0;
    count = GetFinalPathNameByHandleW(file, path, count + 1, VOLUME_NAME_NT);
  }
  local = count > 0 && la_path_form_of((const uint16_t *)path, count, NULL) != LA_PATH_NETWORK;
  if (path != small) free(path);
  if (!local || query == NULL) return local;
  if (query(file, &io, &info, sizeof info, LA_FILE_FS_DEVICE_INFORMATION) < 0) return 0;
  return (info.characteristics & LA_FILE_REMOTE_DEVICE) == 0 &&
         info.device_type != LA_FILE_DEVICE_NETWORK_FILE_SYSTEM;
}

void *la_open_foreign_file(const wchar_t *path, int *refused) {
  int checked = la_reads_are_privileged();
  HANDLE file;

  *refused = 0;
  if (checked && !local_path(path)) {
    *refused = 1;
    return NULL;
  }
  /* Without FILE_SHARE_DELETE the file and every folder above it stay where they are while it
   * is open, so a later open of the same path (GetFileVersionInfoExW's) reaches this file. A
   * file that some process holds with delete access cannot be opened so; then it is opened
   * sharing delete too. */
  file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                     FILE_ATTRIBUTE_NORMAL, NULL);
  if (file == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION)
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
  if (file == INVALID_HANDLE_VALUE) return NULL;
  if (checked && !local_handle(file)) {
    CloseHandle(file);
    *refused = 1;
    return NULL;
  }
  return file;
}

/* ---- The deadline ---- */

static volatile LONG test_stall_ms;

void la_file_read_set_test_stall(unsigned stall_ms) {
  InterlockedExchange(&test_stall_ms, (LONG)stall_ms);
}

/* The caller and the worker each hold the job; whoever lets go last releases it. */
static void let_go(la_deadline_job *job) {
  if (InterlockedDecrement((volatile LONG *)&job->refs) == 0) job->release(job);
}

static DWORD WINAPI run_job(LPVOID parameter) {
  la_deadline_job *job = parameter;
  HMODULE module = job->module;
  LONG stall = InterlockedCompareExchange(&test_stall_ms, 0, 0);

  if (stall > 0) Sleep((DWORD)stall);
  job->work(job);
  let_go(job);
  /* A worker left behind may outlive its caller, and listapps.dll may be unloaded by then: the
   * worker holds a reference to the module its code is in, and lets it go as it exits. */
  if (module != NULL) FreeLibraryAndExitThread(module, 0);
  return 0;
}

int la_run_with_deadline(la_deadline_job *job, unsigned deadline_ms) {
  HMODULE module = NULL;
  HANDLE thread;
  DWORD waited;

  job->refs = 2;
  /* Any address in the module names it: this file's own data. */
  if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
                          (LPCWSTR)(const void *)&test_stall_ms, &module))
    module = NULL;
  job->module = module;
  thread = CreateThread(NULL, 0, run_job, job, 0, NULL);
  if (thread == NULL) {
    if (module != NULL) FreeLibrary(module);
    job->refs = 1;
    let_go(job);
    return 0;
  }
  waited = WaitForSingleObject(thread, deadline_ms);
  if (waited == WAIT_TIMEOUT) {
    /* An open waiting on an oplock break or a server, or a read, is cancelled:
     * https://learn.microsoft.com/windows/win32/fileio/canceling-pending-i-o-operations */
    CancelSynchronousIo(thread);
    waited = WaitForSingleObject(thread, LA_FILE_READ_CANCEL_GRACE_MS);
  }
  CloseHandle(thread);
  if (waited == WAIT_OBJECT_0) return 1; /* the worker let go: the job is the caller's alone */
  /* Still running: its results come too late, and it releases the job when it ends. A worker
   * that ended only now may have let go already: then releasing is ours. */
  let_go(job);
  return 0;
}

/* ---- A whole small file ---- */

typedef struct file_job {
  la_deadline_job base;
  wchar_t *path;
  size_t max_bytes;
  char *data;
  size_t len;
  int err;
} file_job;

static void read_file_work(la_deadline_job *base) {
  file_job *job = (file_job *)base;
  int refused = 0;
  HANDLE file = la_open_foreign_file(job->path, &refused);
  LARGE_INTEGER size;
  DWORD got = 0;

  if (file == NULL) return;
  /* One ReadFile reads it all: at most a DWORD's worth. */
  if (GetFileSizeEx(file, &size) && size.QuadPart > 0 &&
      (unsigned long long)size.QuadPart <= job->max_bytes && size.QuadPart < 0x7FFFFFFF) {
    job->data = malloc((size_t)size.QuadPart + 1);
    if (job->data == NULL) {
      job->err = LISTAPPS_ENOMEM;
    } else if (!ReadFile(file, job->data, (DWORD)size.QuadPart, &got, NULL) || got == 0) {
      free(job->data);
      job->data = NULL;
    } else {
      job->data[got] = '\0';
      job->len = got;
    }
  }
  CloseHandle(file);
}

static void read_file_release(la_deadline_job *base) {
  file_job *job = (file_job *)base;

  free(job->data);
  free(job->path);
  free(job);
}

int la_read_foreign_file(const wchar_t *path, size_t max_bytes, char **data, size_t *len) {
  size_t count = wcslen(path) + 1;
  file_job *job = calloc(1, sizeof *job);
  int err;

  *data = NULL;
  *len = 0;
  if (job == NULL || (job->path = malloc(count * sizeof *path)) == NULL) {
    free(job);
    return LISTAPPS_ENOMEM;
  }
  memcpy(job->path, path, count * sizeof *path);
  job->max_bytes = max_bytes;
  job->base.work = read_file_work;
  job->base.release = read_file_release;
  if (!la_run_with_deadline(&job->base, LA_FILE_READ_DEADLINE_MS)) return 0;
  err = job->err;
  *data = job->data;
  *len = job->len;
  job->data = NULL;
  read_file_release(&job->base);
  return err;
}
