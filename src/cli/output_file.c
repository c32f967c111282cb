/*
 * output_file.c - the --output file: a temporary file in the target's folder, renamed over the
 * target once it is whole.
 */
#include "output_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "console.h"

DWORD cli_output_open(const wchar_t *name, cli_output_file *f) {
  DWORD count = GetFullPathNameW(name, 0, NULL, NULL);
  wchar_t *dir;
  wchar_t *file_part = NULL;
  DWORD code = 0;

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
    code = ERROR_INVALID_NAME;
  } else if (GetTempFileNameW(dir, L"la", 0, f->temp) == 0) {
    code = GetLastError();
  } else {
    f->handle =
        CreateFileW(f->temp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f->handle == INVALID_HANDLE_VALUE) {
      code = GetLastError();
      DeleteFileW(f->temp);
    }
  }
  free(dir);
  return code;
}

DWORD cli_output_close(cli_output_file *f, int ok) {
  DWORD code = 0;

  if (f->handle != INVALID_HANDLE_VALUE) {
    if (ok && !FlushFileBuffers(f->handle)) code = GetLastError();
    CloseHandle(f->handle);
  }
  if (ok && code == 0 &&
      !MoveFileExW(f->temp, f->target, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
    code = GetLastError();
  if (!ok || code != 0) DeleteFileW(f->temp);
  free(f->target);
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
