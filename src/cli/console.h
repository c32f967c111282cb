/*
 * console.h - the command's standard handles: writing UTF-8 text to them (UTF-16 through
 * WriteConsoleW on a console, the bytes themselves anywhere else), and the one-line reports on
 * stderr, each of which returns the exit status it stands for.
 */
#ifndef LISTAPPS_CLI_CONSOLE_H
#define LISTAPPS_CLI_CONSOLE_H

#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stddef.h>

#include <listapps.h>

/* Exit statuses, as pgrep has them (0 is EXIT_SUCCESS). */
#define CLI_EXIT_NO_MATCH 1 /* filters were given and no row matched */
#define CLI_EXIT_USAGE 2    /* a bad command line */
#define CLI_EXIT_FAILED 3   /* the list could not be made or written */

/* Writes len bytes of UTF-8 text to h. Returns 0, or the Win32 error of the write that failed. */
DWORD cli_write_text(HANDLE h, const char *text, size_t len);

/* Writes a NUL-terminated message to stderr; a failure there has nowhere to be reported. */
void cli_write_err(const char *text);

/* Appends arg to the UTF-8 message dst (dst_size bytes in all) as an error message shows an
 * argument: cut to a few dozen characters, control characters as '?', so that a hostile
 * argument cannot drive the terminal. */
void cli_append_echo(char *dst, size_t dst_size, const wchar_t *arg);

/* "listapps: <what> '<arg>' (see --help)" (without the quoted part when arg is NULL). Returns
 * CLI_EXIT_USAGE. */
int cli_usage_error(const char *what, const wchar_t *arg);

/* "listapps: " and the library's message for error. Returns CLI_EXIT_FAILED. */
int cli_report_failure(const listapps_error_info *error);

/* Reports a file the command line named that cannot be read: "listapps: '<file>' <what>" and,
 * with a Win32 code, "(Win32 error N)". Returns status. */
int cli_report_input_failure(const wchar_t *file, const char *what, DWORD code, int status);

/* Names on stderr each session of a sessions listing that could not be read, one line each
 * ("listapps: session 2 (HOST\\ann): the helper did not answer within 10 s"). Returns 1 when
 * there was any (the exit status is then CLI_EXIT_FAILED), else 0. */
int cli_report_sessions(const listapps_snapshot *snapshot);

/* Standard output could not be written; code is the Win32 error. A closed pipe (the reader
 * went away, as `| Select-Object -First 1` does) is how a pipeline ends, so it ends quietly, as
 * git and ripgrep do; any other failure says why. Returns CLI_EXIT_FAILED either way. */
int cli_report_write_failure(DWORD code);

/* Where listapps_write's pieces go: a handle, remembering why a write failed. */
typedef struct cli_sink {
  HANDLE handle;
  DWORD error; /* 0, or the Win32 error of the write that failed */
} cli_sink;

/* A listapps_write_fn over a cli_sink (context): 0, or nonzero after a failed write. */
int cli_sink_write(void *context, const char *data, size_t len);

#endif
