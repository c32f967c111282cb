/*
 * console.c - writing to the standard handles, and the command's error reports.
 */
#include "console.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* An argument echoed in an error message is cut to this many characters. */
#define ECHO_MAX 64
/* WriteConsoleW is given at most this many characters at a time. */
#define CONSOLE_CHUNK 8192

/* On a console the text is converted to UTF-16 and written with WriteConsoleW, which shows
 * every character whatever the console code page (as curl's tool_cb_wrt.c does); elsewhere the
 * bytes go out as they are. */
/* What reaches a console never drives it: CSV and Prometheus text carry a title's bytes as they
 * are (a script reading a file or a pipe gets them exactly), so here each C0 control but TAB and
 * LF, a CR not before an LF, DEL and each C1 control is shown as \xHH. The table and JSON have
 * none left by then. next is the byte after the slice (0 at the end). Returns the count of
 * out (room for 4 each). */
static size_t console_safe(const wchar_t *in, size_t count, char next, wchar_t *out) {
  static const wchar_t hex[] = L"0123456789ABCDEF";
  size_t n = 0;
  size_t i;

  for (i = 0; i < count; i++) {
    wchar_t c = in[i];
    int before_lf = i + 1 < count ? in[i + 1] == L'\n' : next == '\n';
    if ((c < 0x20 && c != L'\t' && c != L'\n' && !(c == L'\r' && before_lf)) || c == 0x7F ||
        (c >= 0x80 && c <= 0x9F)) {
      out[n++] = L'\\';
      out[n++] = L'x';
      out[n++] = hex[(c >> 4) & 0xF];
      out[n++] = hex[c & 0xF];
    } else {
      out[n++] = c;
    }
  }
  return n;
}

DWORD cli_write_text(HANDLE h, const char *text, size_t len) {
  DWORD mode;

  if (h == NULL || h == INVALID_HANDLE_VALUE) return ERROR_INVALID_HANDLE;
  if (GetConsoleMode(h, &mode)) {
    size_t done = 0;
    while (done < len) {
      /* Convert a slice that ends on a character boundary. */
      size_t slice = len - done > CONSOLE_CHUNK ? CONSOLE_CHUNK : len - done;
      wchar_t wide[CONSOLE_CHUNK];
      wchar_t shown[CONSOLE_CHUNK * 6];
      int count;
      DWORD written;

      while (done + slice < len && slice > 0 && (text[done + slice] & 0xC0) == 0x80) slice--;
      count = MultiByteToWideChar(CP_UTF8, 0, text + done, (int)slice, wide, CONSOLE_CHUNK);
      if (count <= 0) return GetLastError();
      count = (int)console_safe(wide, (size_t)count, done + slice < len ? text[done + slice] : 0,
                                shown);
      if (!WriteConsoleW(h, shown, (DWORD)count, &written, NULL)) return GetLastError();
      done += slice;
    }
    return 0;
  }
  while (len > 0) {
    DWORD chunk = len > 0x40000000u ? 0x40000000u : (DWORD)len;
    DWORD written = 0;
    if (!WriteFile(h, text, chunk, &written, NULL)) return GetLastError();
    if (written == 0) return ERROR_WRITE_FAULT;
    text += written;
    len -= written;
  }
  return 0;
}

void cli_write_err(const char *text) {
  cli_write_text(GetStdHandle(STD_ERROR_HANDLE), text, strlen(text));
}

void cli_append_echo(char *dst, size_t dst_size, const wchar_t *arg) {
  wchar_t shown[ECHO_MAX + 2];
  size_t n = 0;
  size_t used = strlen(dst);

  while (arg[n] != L'\0' && n < ECHO_MAX) {
    wchar_t c = arg[n];
    shown[n] = (c < 0x20 || (c >= 0x7F && c <= 0x9F)) ? L'?' : c;
    n++;
  }
  if (arg[n] != L'\0') shown[n++] = 0x2026; /* … */
  shown[n] = L'\0';
  WideCharToMultiByte(CP_UTF8, 0, shown, -1, dst + used, (int)(dst_size - used), NULL, NULL);
}

int cli_usage_error(const char *what, const wchar_t *arg) {
  char message[512] = "listapps: ";

  strcat(message, what);
  if (arg != NULL) {
    strcat(message, " '");
    cli_append_echo(message, sizeof message - 32, arg);
    strcat(message, "'");
  }
  strcat(message, " (see --help)\n");
  cli_write_err(message);
  return CLI_EXIT_USAGE;
}

/* Appends UTF-8 text with its control characters (C0, DEL, C1) shown as '?', so a name that
 * another user chose cannot drive the terminal; cut to fit dst. */
static void append_shown(char *dst, size_t dst_size, const char *text) {
  size_t used = strlen(dst);
  const unsigned char *p = (const unsigned char *)text;

  while (*p != '\0' && used + 2 < dst_size) {
    if (*p < 0x20 || *p == 0x7F) {
      dst[used++] = '?';
      p++;
    } else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
      dst[used++] = '?';
      p += 2;
    } else {
      dst[used++] = (char)*p++;
    }
  }
  /* Never end inside a character. */
  while (used > 0 && ((unsigned char)dst[used - 1] & 0x80) != 0) {
    size_t start = used - 1;
    size_t need;
    unsigned char lead;
    while (start > 0 && ((unsigned char)dst[start] & 0xC0) == 0x80) start--;
    lead = (unsigned char)dst[start];
    need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (used - start >= need) break;
    used = start;
  }
  dst[used] = '\0';
}

int cli_report_failure(const listapps_error_info *error) {
  char message[768] = "listapps: ";

  listapps_error_message(error, message + strlen(message), sizeof message - strlen(message) - 1);
  /* Say what to do: on a desktop with no user's windows, listing as if there were none would
   * be a lie. */
  if (error->code == LISTAPPS_ENODESKTOP)
    append_shown(message, sizeof message - 1,
                 "; list the users' apps with --sessions all as LocalSystem, or run listapps in "
                 "the user's session");
  strcat(message, "\n");
  cli_write_err(message);
  return CLI_EXIT_FAILED;
}

int cli_report_input_failure(const wchar_t *file, const char *what, DWORD code, int status) {
  char message[512] = "listapps: '";

  cli_append_echo(message, sizeof message - 128, file);
  strcat(message, "' ");
  strcat(message, what);
  if (code != 0)
    snprintf(message + strlen(message), sizeof message - strlen(message), " (Win32 error %lu)",
             (unsigned long)code);
  strcat(message, "\n");
  cli_write_err(message);
  return status;
}

int cli_report_sessions(const listapps_snapshot *snapshot) {
  size_t count = listapps_snapshot_session_count(snapshot);
  int unread = 0;
  size_t i;

  for (i = 0; i < count; i++) {
    listapps_session_info info = LISTAPPS_SESSION_INFO_INIT;
    char line[512];
    if (listapps_snapshot_get_session(snapshot, i, &info) != LISTAPPS_OK || info.listed) continue;
    snprintf(line, sizeof line, "listapps: session %lu (", info.id);
    append_shown(line, sizeof line - 200, info.user != NULL ? info.user : "no user");
    append_shown(line, sizeof line - 100, "): ");
    append_shown(line, sizeof line - 2, info.problem != NULL ? info.problem : "not listed");
    strcat(line, "\n");
    cli_write_err(line);
    unread = 1;
  }
  return unread;
}

int cli_report_write_failure(DWORD code) {
  switch (code) {
    /* The reader closed the pipe: Windows says ERROR_NO_DATA ("The pipe is being closed") or
     * ERROR_BROKEN_PIPE, as Go's os/exec and gnulib's write.c read them
     * (https://github.com/golang/go/issues/20445); Wine says ERROR_PIPE_NOT_CONNECTED when
     * stdout is a Unix pipe whose reader exited. That is how `| head` ends a pipeline, not a
     * failure to report. */
    case ERROR_NO_DATA:
    case ERROR_BROKEN_PIPE:
    case ERROR_PIPE_NOT_CONNECTED:
      break;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
      cli_write_err("listapps: cannot write the output: the disk is full\n");
      break;
    default: {
      char message[96];
      snprintf(message, sizeof message, "listapps: cannot write the output (Win32 error %lu)\n",
               (unsigned long)code);
      cli_write_err(message);
      break;
    }
  }
  return CLI_EXIT_FAILED;
}

int cli_sink_write(void *context, const char *data, size_t len) {
  cli_sink *sink = context;

  sink->error = cli_write_text(sink->handle, data, len);
  return sink->error != 0;
}
