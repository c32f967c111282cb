/*
 * input_file.h - reading a file the command line names (--replay), whole, within a size cap.
 */
#ifndef LISTAPPS_CLI_INPUT_FILE_H
#define LISTAPPS_CLI_INPUT_FILE_H

#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stddef.h>

/* Reads the file name into *data (malloc'd, NUL-terminated; its length in *len). Returns 0;
 * ERROR_FILE_TOO_LARGE when it holds more than cap bytes; or the Win32 error of the open or the
 * read. */
DWORD cli_read_file(const wchar_t *name, size_t cap, char **data, size_t *len);

#endif
