/*
 * output_file.c - the --output file: a temporary file in the target's folder, renamed over the
 * target once it is whole. Run as SYSTEM by a fleet's task, it writes into a folder other users
 * may write too, so the temporary file is made once (CREATE_NEW, a random name, no reparse point
 * followed) and then renamed or deleted through that same handle, never by its path again; an
 * elevated listapps refuses a folder that is a reparse point. A swap or a junction can then not
 * make it overwrite or delete another file.
 */
/* rand_s, the CRT face of RtlGenRandom, is declared only when asked for before stdlib.h. */
#define _CRT_RAND_S
#include "output_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "console.h"

/* A file of a temporary name is tried this many times before giving up (each name is random:
 * a clash means something is already there, which is never reused). */
#define TEMP_TRIES 8
/* The NT prefix GetFinalPathNameByHandleW puts before a DOS path. */
#define LONG_PREFIX L"\\\\?\\"

/* 1 when the caller's token is elevated (an administrator's, or LocalSystem's). */
static int elevated(void) {
  HANDLE token = NULL;
  TOKEN_ELEVATION e;
  DWORD size = 0;
  int yes = 0;

  if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
    if (GetTokenInformation(token, TokenElevation, &e, sizeof e, &size)) yes = e.TokenIsElevated != 0;
    CloseHandle(token);
  }
  return yes;
}

/* A random name "<dir>.listapps-<16 hex digits>.tmp" into f->temp (64 bits from the system's
 * generator, rand_s: RtlGenRandom). Returns 0 or ERROR_FILENAME_EXCED_RANGE. */
static DWORD random_temp_name(const wchar_t *dir, cli_output_file *f) {
  unsigned int a = 0;
  unsigned int b = 0;

  if (rand_s(&a) != 0 || rand_s(&b) != 0) return ERROR_GEN_FAILURE;
  if (swprintf(f->temp, sizeof f->temp / sizeof f->temp[0], L"%ls.listapps-%08x%08x.tmp", dir, a,
               b) < 0)
    return ERROR_FILENAME_EXCED_RANGE;
  return 0;
}

/* 1 when the opened file is where it was asked for: no reparse point in its folder's path led
 * elsewhere. The final path of the handle (what the system opened) against the temporary
 * file's full path, ignoring case and the \\?\ prefix. */
static int opened_where_asked(HANDLE h, const wchar_t *asked) {
  wchar_t final_path[MAX_PATH + 16];
  wchar_t long_asked[MAX_PATH + 16];
  const wchar_t *p = final_path;
  DWORD n = GetFinalPathNameByHandleW(h, final_path, MAX_PATH + 16, FILE_NAME_NORMALIZED);
  /* The asked path with its short (8.3) names made long, as the final path has them; a
   * junction is not resolved by it, which is the point. */
  DWORD m = GetLongPathNameW(asked, long_asked, MAX_PATH + 16);

  if (n == 0 || n >= MAX_PATH + 16 || m == 0 || m >= MAX_PATH + 16) return 0;
  if (wcsncmp(p, LONG_PREFIX, 4) == 0) p += 4;
  return _wcsicmp(p, long_asked) == 0;
}

DWORD cli_output_open(const wchar_t *name, cli_output_file *f) {
  DWORD count = GetFullPathNameW(name, 0, NULL, NULL);
  wchar_t *dir;
  wchar_t *file_part = NULL;
  DWORD code = 0;
  int checked;
  int tries;

  memset(f, 0, sizeof *f);
  f->handle = INVALID_HANDLE_VALUE;
  if (count == 0) return GetLastError();
  f->target = malloc((size_t)count * sizeof *f->target);
  dir = malloc((size_t)count * sizeof *dir);
  if (f->target == NULL || dir == NULL) {
    free(dir);
    return ERROR_NOT_ENOUGH_MEMORY;
  }
  GetFullPathNameW(name, count, f->target, &file_part);
  wcscpy(dir, f->target);
  if (file_part != NULL) dir[file_part - f->target] = L'\0';
  if (file_part == NULL || file_part[0] == L'\0') {
    free(dir);
    return ERROR_INVALID_NAME;
  }
  /* Elevated, a folder that is itself a reparse point (a junction or a link another user may
   * have made or may change) is refused, and so is a file that the system opened anywhere but
   * where it was asked (a junction on the way): the file would land wherever they point. */
  checked = elevated();
  if (checked) {
    DWORD attributes = GetFileAttributesW(dir);
    if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_REPARSE_POINT)) {
      free(dir);
      return ERROR_REPARSE_ATTRIBUTE_CONFLICT;
    }
  }
  /* Made once, new, by a name nobody can guess; never reopened by its path: it is written,
   * renamed and, on failure, deleted through this handle. */
  for (tries = 0; tries < TEMP_TRIES; tries++) {
    code = random_temp_name(dir, f);
    if (code != 0) break;
    f->handle = CreateFileW(f->temp, GENERIC_WRITE | DELETE, 0, NULL, CREATE_NEW,
                            FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (f->handle != INVALID_HANDLE_VALUE) break;
    code = GetLastError();
    if (code != ERROR_FILE_EXISTS && code != ERROR_ALREADY_EXISTS) break;
  }
  if (f->handle != INVALID_HANDLE_VALUE) {
    code = 0;
    if (checked && !opened_where_asked(f->handle, f->temp)) {
      code = ERROR_REPARSE_ATTRIBUTE_CONFLICT;
      cli_output_close(f, 0);
      f->target = NULL;
    }
  }
  free(dir);
  return code;
}

/* Deletes the open file through its handle. */
static void delete_open_file(HANDLE h) {
  FILE_DISPOSITION_INFO d;

  d.DeleteFile = TRUE;
  SetFileInformationByHandle(h, FileDispositionInfo, &d, sizeof d);
}

/* Renames the open file over target, through its handle. Returns 0 or the Win32 error. */
static DWORD rename_open_file(HANDLE h, const wchar_t *target) {
  size_t len = wcslen(target);
  size_t size = sizeof(FILE_RENAME_INFO) + (len + 1) * sizeof(wchar_t);
  FILE_RENAME_INFO *info = calloc(1, size);
  DWORD code = 0;

  if (info == NULL) return ERROR_NOT_ENOUGH_MEMORY;
  info->ReplaceIfExists = TRUE;
  info->RootDirectory = NULL;
  info->FileNameLength = (DWORD)(len * sizeof(wchar_t));
  memcpy(info->FileName, target, (len + 1) * sizeof(wchar_t));
  if (!SetFileInformationByHandle(h, FileRenameInfo, info, (DWORD)size)) code = GetLastError();
  free(info);
  return code;
}

DWORD cli_output_close(cli_output_file *f, int ok) {
  DWORD code = 0;

  if (f->handle != INVALID_HANDLE_VALUE) {
    if (ok && !FlushFileBuffers(f->handle)) code = GetLastError();
    if (ok && code == 0) code = rename_open_file(f->handle, f->target);
    if (!ok || code != 0) delete_open_file(f->handle);
    CloseHandle(f->handle);
    f->handle = INVALID_HANDLE_VALUE;
  }
  free(f->target);
  f->target = NULL;
  return code;
}

int cli_report_output_failure(const wchar_t *file, DWORD code) {
  char message[512] = "listapps: cannot write ";
  const char *why;

  switch (code) {
    case ERROR_PATH_NOT_FOUND:
    case ERROR_DIRECTORY:
    case ERROR_INVALID_NAME:
      why = ": its folder does not exist\n";
      break;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
      why = ": access denied, or another program has it open; the old file is unchanged\n";
      break;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
      why = ": the disk is full; the old file is unchanged\n";
      break;
    case ERROR_REPARSE_ATTRIBUTE_CONFLICT:
      why = ": its folder is, or leads through, a junction or a link, which an elevated listapps "
            "does not write through; the old file is unchanged\n";
      break;
    default:
      why = ": the old file is unchanged\n";
      break;
  }
  strcat(message, "'");
  cli_append_echo(message, sizeof message - 128, file);
  strcat(message, "'");
  snprintf(message + strlen(message), sizeof message - strlen(message), " (Win32 error %lu)%s",
           (unsigned long)code, why);
  cli_write_err(message);
  return CLI_EXIT_FAILED;
}
