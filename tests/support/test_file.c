/*
 * test_file.c - files the tests and the benchmark make and remove; see test_file.h.
 */
#include "test_file.h"

#include <windows.h>

/* How long to wait between tries. */
#define RETRY_MS 50u

int test_delete_file(const wchar_t *path, unsigned timeout_ms) {
  ULONGLONG deadline = GetTickCount64() + timeout_ms;
  DWORD error;

  for (;;) {
    if (DeleteFileW(path)) return 0;
    error = GetLastError();
    if (error == ERROR_FILE_NOT_FOUND) return 0;
    if (GetTickCount64() >= deadline) break;
    Sleep(RETRY_MS);
  }
  SetLastError(error);
  return -1;
}
