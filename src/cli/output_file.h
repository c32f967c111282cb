/*
 * output_file.h - the --output file, written whole or not at all: into a new file in the same
 * folder, which then replaces the target in one rename, so a reader (windows_exporter's
 * textfile collector) never sees half of it.
 */
#ifndef LISTAPPS_CLI_OUTPUT_FILE_H
#define LISTAPPS_CLI_OUTPUT_FILE_H

#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

typedef struct cli_output_file {
  wchar_t *target; /* full path; malloc'd */
  wchar_t temp[MAX_PATH + 1];
  HANDLE handle; /* the new file, open for writing and deleting */
} cli_output_file;

/* Makes the new file beside name. Returns 0, or the Win32 error; call cli_output_close either
 * way. */
DWORD cli_output_open(const wchar_t *name, cli_output_file *f);

/* Finishes the file: moves it over the target when ok, else deletes it. Returns 0, or the
 * Win32 error of the step that failed (the target is then unchanged). */
DWORD cli_output_close(cli_output_file *f, int ok);

/* Reports a failure to write the --output file, naming it and the cause. Returns
 * CLI_EXIT_FAILED. */
int cli_report_output_failure(const wchar_t *file, DWORD code);

#endif
