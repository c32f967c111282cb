/*
 * input_file.c - reading a file the command line names, whole, within a size cap.
 */
#include "input_file.h"

#include <stdlib.h>

DWORD cli_read_file(const wchar_t *name, size_t cap, char **data, size_t *len) {
  HANDLE h;
  LARGE_INTEGER size;
  DWORD code = 0;
  size_t done = 0;
  char *buf = NULL;

  *data = NULL;
  *len = 0;
  h = CreateFileW(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                  FILE_ATTRIBUTE_NORMAL | FILE_FLAG_SEQUENTIAL_SCAN, NULL);
  if (h == INVALID_HANDLE_VALUE) return GetLastError();
  if (!GetFileSizeEx(h, &size)) {
    code = GetLastError();
  } else if (size.QuadPart < 0 || (unsigned long long)size.QuadPart > cap) {
    code = ERROR_FILE_TOO_LARGE;
  } else if ((buf = malloc((size_t)size.QuadPart + 1)) == NULL) {
    code = ERROR_NOT_ENOUGH_MEMORY;
  }
  /* Read to the end, no further than the size found (a file that grows is cut there). */
  while (code == 0 && done < (size_t)size.QuadPart) {
    DWORD got = 0;
    DWORD want = (size_t)size.QuadPart - done > 0x100000u ? 0x100000u
                                                          : (DWORD)((size_t)size.QuadPart - done);
    if (!ReadFile(h, buf + done, want, &got, NULL)) {
      code = GetLastError();
    } else if (got == 0) {
      break;
    }
    done += got;
  }
  CloseHandle(h);
  if (code != 0) {
    free(buf);
    return code;
  }
  buf[done] = '\0';
  *data = buf;
  *len = done;
  return 0;
}
