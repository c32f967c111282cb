/*
 * watch.c - --watch over listapps_watch: each event goes to stdout as one line, and the
 * console's Ctrl+C and Ctrl+Break end the watch through its stop event.
 */
#include "watch.h"

#include <string.h>

#include <listapps.h>

#include "console.h"

/* The watch's stop event, signalled by the console's Ctrl+C and Ctrl+Break: it wakes the watch
 * at once, so an idle watch wakes only to look. The one piece of state a console handler can
 * reach. */
static HANDLE stop_watching;

static BOOL WINAPI on_console_break(DWORD type) {
  if (type != CTRL_C_EVENT && type != CTRL_BREAK_EVENT) return FALSE;
  SetEvent(stop_watching);
  return TRUE;
}

typedef struct watch_output {
  const cli_options *o;
  listapps_write_options write_options;
  cli_sink out;
  int header; /* the CSV or table header is still to be written */
} watch_output;

/* Each event goes out at once, as one line (or, first, the header and a line). */
static int print_event(void *context, const listapps_event *event) {
  watch_output *w = context;
  int err;

  if (w->o->quiet) return 0;
  err = listapps_write_event(event, &w->write_options, w->header, cli_sink_write, &w->out);
  w->header = 0;
  return err != LISTAPPS_OK;
}

int cli_watch(const cli_options *o) {
  listapps_watch_options options = LISTAPPS_WATCH_OPTIONS_INIT;
  listapps_options list = LISTAPPS_OPTIONS_INIT;
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
  watch_output w;
  int err;

  memset(&w, 0, sizeof w);
  w.o = o;
  w.write_options.size = sizeof w.write_options;
  w.write_options.format = o->format;
  w.write_options.flags = o->format_flags & LISTAPPS_WRITE_NO_HEADER;
  w.write_options.fields = o->column_count > 0 ? o->columns : NULL;
  w.write_options.field_count = o->column_count;
  w.out.handle = GetStdHandle(STD_OUTPUT_HANDLE);
  w.header = (o->format_flags & LISTAPPS_WRITE_NO_HEADER) == 0;
  list.flags = o->list_flags & LISTAPPS_LIST_PRIVATE;
  list.fields = w.write_options.fields;
  list.field_count = w.write_options.field_count;
  list.patterns = (const char *const *)o->patterns;
  list.pattern_count = o->pattern_count;
  list.pids = o->pids;
  list.pid_count = o->pid_count;
  list.cpu_interval_ms = o->interval_ms;
  options.list = &list;
  options.interval_ms = o->interval_ms;
  options.timeout_ms = (unsigned)(o->timeout_s > 4000000ul ? 4000000000u : o->timeout_s * 1000u);
  options.max_events = o->count;
  stop_watching = CreateEventW(NULL, TRUE, FALSE, NULL);
  if (stop_watching == NULL) {
    error.code = LISTAPPS_ENOMEM;
    error.win32_error = GetLastError();
    strcpy(error.call, "CreateEventW");
    return cli_report_failure(&error);
  }
  options.stop_event = stop_watching;
  SetConsoleCtrlHandler(on_console_break, TRUE);
  err = listapps_watch(&options, print_event, &w, &error);
  SetConsoleCtrlHandler(on_console_break, FALSE);
  CloseHandle(stop_watching);
  if (err == LISTAPPS_EWRITE) return cli_report_write_failure(w.out.error);
  if (err != LISTAPPS_OK) return cli_report_failure(&error);
  return 0;
}
