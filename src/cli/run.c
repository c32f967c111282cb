/*
 * run.c - one listing: the options become the library's, the snapshot is taken and written.
 */
#include "run.h"

#include <stdlib.h>

#include <listapps.h>

#include "console.h"
#include "input_file.h"
#include "output_file.h"

/* The largest recording --replay reads: the library's own cap (listapps_snapshot_replay). */
#define REPLAY_MAX_BYTES ((size_t)32 << 20)

/* Where a recording goes: the --record file. */
static int write_recording(const cli_options *o, const listapps_snapshot *snapshot) {
  cli_output_file file;
  cli_sink out;
  DWORD code = cli_output_open(o->record, &file);
  int err;

  if (code != 0) {
    cli_output_close(&file, 0);
    return cli_report_output_failure(o->record, code);
  }
  out.handle = file.handle;
  out.error = 0;
  err = listapps_snapshot_write_recording(snapshot, cli_sink_write, &out);
  code = cli_output_close(&file, err == LISTAPPS_OK);
  if (err != LISTAPPS_OK || code != 0)
    return cli_report_output_failure(o->record, code != 0 ? code : out.error);
  return 0;
}

/* The snapshot of a recording (--replay FILE): a file that cannot be read is a usage error
 * (exit 2), one that is no valid recording a failure (exit 3). */
static int replay(const cli_options *o, const listapps_options *options,
                  listapps_snapshot **snapshot, listapps_error_info *error) {
  char *text = NULL;
  size_t len = 0;
  DWORD code = cli_read_file(o->replay, REPLAY_MAX_BYTES, &text, &len);
  int err;

  if (code == ERROR_FILE_TOO_LARGE)
    return cli_report_input_failure(o->replay, "is larger than 32 MiB: not a recording", 0,
                                    CLI_EXIT_FAILED);
  if (code != 0) return cli_report_input_failure(o->replay, "cannot be read", code, CLI_EXIT_USAGE);
  err = listapps_snapshot_replay(text, len, options, snapshot, error);
  free(text);
  return err != LISTAPPS_OK ? cli_report_failure(error) : 0;
}

int cli_run(const cli_options *o) {
  listapps_options options = LISTAPPS_OPTIONS_INIT;
  listapps_write_options write_options = LISTAPPS_WRITE_OPTIONS_INIT;
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *snapshot = NULL;
  cli_sink out;
  cli_output_file file;
  int filtered;
  int matched;
  int unread;
  int err;

  options.flags = o->list_flags;
  /* The snapshot gathers what the columns written need: those asked for, or the format's. */
  if (o->column_count > 0) {
    options.fields = o->columns;
    options.field_count = o->column_count;
  } else {
    options.fields = listapps_default_fields(o->format, o->format_flags, &options.field_count);
  }
  options.sort_field = o->sort_field;
  options.sort_descending = o->sort_descending;
  options.cpu_interval_ms = o->interval_ms;
  options.patterns = (const char *const *)o->patterns;
  options.pattern_count = o->pattern_count;
  options.pids = o->pids;
  options.pid_count = o->pid_count;
  if (o->all_sessions) options.flags |= LISTAPPS_LIST_SESSIONS;
  options.session_ids = o->session_ids;
  options.session_count = o->session_count;
  if (o->record != NULL) options.flags |= LISTAPPS_LIST_RECORD;
  if (o->replay != NULL) {
    err = replay(o, &options, &snapshot, &error);
    if (err != 0) return err;
  } else {
    err = listapps_snapshot_take(&options, &snapshot, &error);
    if (err != LISTAPPS_OK) return cli_report_failure(&error);
  }
  /* The recording first: it is what a bug report needs, whatever becomes of the listing. */
  if (o->record != NULL && (err = write_recording(o, snapshot)) != 0) {
    listapps_snapshot_free(snapshot);
    return err;
  }
  /* A session that could not be read is named; the others are written all the same. */
  unread = cli_report_sessions(snapshot);
  filtered =
      o->pattern_count > 0 || o->pid_count > 0 || (o->list_flags & LISTAPPS_LIST_FOREGROUND) != 0;
  matched = listapps_snapshot_count(snapshot) > 0;
  if (o->quiet) {
    listapps_snapshot_free(snapshot);
    return unread ? CLI_EXIT_FAILED : filtered && !matched ? CLI_EXIT_NO_MATCH : 0;
  }
  write_options.format = o->format;
  write_options.flags = o->format_flags;
  write_options.fields = o->column_count > 0 ? o->columns : NULL;
  write_options.field_count = o->column_count;
  out.handle = GetStdHandle(STD_OUTPUT_HANDLE);
  out.error = 0;
  if (o->output != NULL) {
    DWORD code = cli_output_open(o->output, &file);
    if (code != 0) {
      cli_output_close(&file, 0);
      listapps_snapshot_free(snapshot);
      return cli_report_output_failure(o->output, code);
    }
    out.handle = file.handle;
  }
  err = listapps_write(snapshot, &write_options, cli_sink_write, &out);
  listapps_snapshot_free(snapshot);
  if (o->output != NULL) {
    DWORD code = cli_output_close(&file, err == LISTAPPS_OK);
    if (err == LISTAPPS_EWRITE || code != 0)
      return cli_report_output_failure(o->output, code != 0 ? code : out.error);
  }
  if (err == LISTAPPS_EWRITE) return cli_report_write_failure(out.error);
  if (err != LISTAPPS_OK) {
    error.code = err;
    return cli_report_failure(&error);
  }
  return unread ? CLI_EXIT_FAILED : filtered && !matched ? CLI_EXIT_NO_MATCH : 0;
}
