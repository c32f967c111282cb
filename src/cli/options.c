/*
 * options.c - the option table and the parser that walks it. Each option is one entry: its
 * names, its value, its help and its handler (as curl's tool_getparam.c keeps its aliases
 * table). Handlers check and store one option's value; what concerns several options at once
 * is checked after the last argument, in check_combinations.
 */
#include "options.h"

#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include <listapps.h>

#include "console.h"

static int parse_format(const wchar_t *value, int *format) {
  if (_wcsicmp(value, L"table") == 0)
    *format = LISTAPPS_FORMAT_TABLE;
  else if (_wcsicmp(value, L"csv") == 0)
    *format = LISTAPPS_FORMAT_CSV;
  else if (_wcsicmp(value, L"json") == 0)
    *format = LISTAPPS_FORMAT_JSON;
  else if (_wcsicmp(value, L"jsonl") == 0)
    *format = LISTAPPS_FORMAT_JSONL;
  else if (_wcsicmp(value, L"prometheus") == 0)
    *format = LISTAPPS_FORMAT_PROMETHEUS;
  else
    return -1;
  return 0;
}

static int handle_format(cli_options *o, const wchar_t *value) {
  if (parse_format(value, &o->format) != 0)
    return cli_usage_error("--format takes table, csv, json, jsonl or prometheus, not", value);
  o->format_given = 1;
  return 0;
}

/* --columns: "all", or names separated by commas. */
static int handle_columns(cli_options *o, const wchar_t *value) {
  char name[128];
  const wchar_t *p = value;

  if (_wcsicmp(value, L"all") == 0) {
    size_t count = listapps_field_count();
    size_t i;
    for (i = 0; i < count && o->column_count < CLI_MAX_COLUMNS; i++)
      o->columns[o->column_count++] = (int)i;
    return 0;
  }
  for (;;) {
    const wchar_t *end = wcschr(p, L',');
    size_t len = end != NULL ? (size_t)(end - p) : wcslen(p);
    wchar_t item[64];
    int n;
    int field = -1;
    size_t k;

    if (len > 0 && len < sizeof item / sizeof item[0]) {
      wmemcpy(item, p, len);
      item[len] = L'\0';
      n = WideCharToMultiByte(CP_UTF8, 0, item, -1, name, (int)sizeof name, NULL, NULL);
      if (n > 0) field = listapps_field_by_name(name);
    }
    if (field < 0) {
      if (len < sizeof item / sizeof item[0]) {
        wmemcpy(item, p, len);
        item[len] = L'\0';
      } else {
        wcscpy(item, L"");
      }
      return cli_usage_error(len == 0 ? "--columns has an empty column name in" : "unknown column",
                             len == 0 || len >= sizeof item / sizeof item[0] ? value : item);
    }
    if (o->column_count == CLI_MAX_COLUMNS)
      return cli_usage_error("--columns names too many columns:", value);
    for (k = 0; k < o->column_count; k++)
      if (o->columns[k] == field) return cli_usage_error("--columns names a column twice:", item);
    o->columns[o->column_count++] = field;
    if (end == NULL) return 0;
    p = end + 1;
  }
}

/* Decimal numbers (of 32 bits) separated by commas, into *ids (malloc'd) and *count. Returns
 * 0, or CLI_EXIT_USAGE after reporting "<what>, not '<value>'". */
static int parse_id_list(const wchar_t *value, const char *what, unsigned long **ids,
                         size_t *count) {
  size_t cap = 1;
  const wchar_t *p;

  for (p = value; *p != L'\0'; p++) cap += *p == L',';
  *ids = malloc(cap * sizeof **ids);
  if (*ids == NULL) return cli_usage_error("out of memory reading", value);
  for (p = value;;) {
    wchar_t *end = NULL;
    unsigned long long id;

    if (*p < L'0' || *p > L'9') return cli_usage_error(what, value);
    id = wcstoull(p, &end, 10);
    if ((*end != L',' && *end != L'\0') || id > 0xFFFFFFFFull) return cli_usage_error(what, value);
    (*ids)[(*count)++] = (unsigned long)id;
    if (*end == L'\0') return 0;
    p = end + 1;
  }
}

/* --pid: decimal process IDs separated by commas. */
static int handle_pid(cli_options *o, const wchar_t *value) {
  return parse_id_list(value, "--pid takes process IDs, not", &o->pids, &o->pid_count);
}

/* --sessions: all, or decimal session IDs separated by commas. */
static int handle_sessions(cli_options *o, const wchar_t *value) {
  if (_wcsicmp(value, L"all") == 0) {
    o->all_sessions = 1;
    return 0;
  }
  return parse_id_list(value, "--sessions takes all or session IDs, not", &o->session_ids,
                       &o->session_count);
}

/* --sort: a column, or -COLUMN for descending. */
static int handle_sort(cli_options *o, const wchar_t *value) {
  const wchar_t *name = value[0] == L'-' ? value + 1 : value;
  char name8[128];
  int field = -1;
  const listapps_field_info *info;

  if (WideCharToMultiByte(CP_UTF8, 0, name, -1, name8, (int)sizeof name8, NULL, NULL) > 0)
    field = listapps_field_by_name(name8);
  info = listapps_field_info_of(field);
  if (info == NULL || (info->rows & (LISTAPPS_ROWS_APP | LISTAPPS_ROWS_PROCESS)) == 0)
    return cli_usage_error("--sort takes a column (or -COLUMN), not", value);
  o->sort_field = field;
  o->sort_descending = value[0] == L'-';
  return 0;
}

static int handle_output(cli_options *o, const wchar_t *value) {
  if (value[0] == L'\0') return cli_usage_error("--output needs a file name", NULL);
  o->output = value;
  return 0;
}

static int handle_record(cli_options *o, const wchar_t *value) {
  if (value[0] == L'\0') return cli_usage_error("--record needs a file name", NULL);
  o->record = value;
  return 0;
}

static int handle_replay(cli_options *o, const wchar_t *value) {
  if (value[0] == L'\0') return cli_usage_error("--replay needs a file name", NULL);
  o->replay = value;
  return 0;
}

/* --interval: milliseconds, 1 to 60000. */
static int handle_interval(cli_options *o, const wchar_t *value) {
  wchar_t *end = NULL;
  unsigned long ms;

  if (value[0] < L'0' || value[0] > L'9')
    return cli_usage_error("--interval takes 1 to 60000 ms, not", value);
  ms = wcstoul(value, &end, 10);
  if (*end != L'\0' || ms < 1 || ms > 60000)
    return cli_usage_error("--interval takes 1 to 60000 ms, not", value);
  o->interval_ms = (unsigned)ms;
  return 0;
}

/* A whole number from 1 to 100000000 into *n; what names it when it is not one. */
static int parse_positive(const wchar_t *value, unsigned long *n, const char *what) {
  wchar_t *end = NULL;

  if (value[0] < L'1' || value[0] > L'9' || (*n = wcstoul(value, &end, 10), *end != L'\0') ||
      *n > 100000000ul)
    return cli_usage_error(what, value);
  return 0;
}

static int handle_timeout(cli_options *o, const wchar_t *value) {
  return parse_positive(value, &o->timeout_s, "--timeout takes whole seconds (1 or more), not");
}

static int handle_count(cli_options *o, const wchar_t *value) {
  return parse_positive(value, &o->count, "--count takes a number of events (1 or more), not");
}

static int handle_all(cli_options *o, const wchar_t *value) {
  (void)value;
  o->list_flags |= LISTAPPS_LIST_ALL;
  return 0;
}

static int handle_foreground(cli_options *o, const wchar_t *value) {
  (void)value;
  o->list_flags |= LISTAPPS_LIST_FOREGROUND;
  return 0;
}

static int handle_private(cli_options *o, const wchar_t *value) {
  (void)value;
  o->list_flags |= LISTAPPS_LIST_PRIVATE;
  return 0;
}

static int handle_windows(cli_options *o, const wchar_t *value) {
  (void)value;
  o->format_flags |= LISTAPPS_WRITE_WINDOWS;
  return 0;
}

static int handle_excel(cli_options *o, const wchar_t *value) {
  (void)value;
  o->format_flags |= LISTAPPS_WRITE_EXCEL;
  return 0;
}

static int handle_no_header(cli_options *o, const wchar_t *value) {
  (void)value;
  o->format_flags |= LISTAPPS_WRITE_NO_HEADER;
  return 0;
}

static int handle_watch(cli_options *o, const wchar_t *value) {
  (void)value;
  o->watch = 1;
  return 0;
}

static int handle_quiet(cli_options *o, const wchar_t *value) {
  (void)value;
  o->quiet = 1;
  return 0;
}

static int handle_end_of_options(cli_options *o, const wchar_t *value) {
  (void)value;
  o->patterns_only = 1;
  return 0;
}

static int handle_help(cli_options *o, const wchar_t *value) {
  (void)value;
  o->show_help = 1;
  return 0;
}

static int handle_version(cli_options *o, const wchar_t *value) {
  (void)value;
  o->show_version = 1;
  return 0;
}

/* Every option, in --help's order. tests/cli_options_documented.py reads the names from the
 * lines that open an entry, {"name", 'x' or 0, ...: keep each entry's first line that way. */
static const cli_option option_table[] = {
    {"pid", 'p', "PID[,PID...]", 0, handle_pid,
     "Keep only these processes' rows (with patterns: rows matching both).\n"},
    {"all", 'a', NULL, 0, handle_all,
     "Every process, each in one of Task Manager's categories: App,\n"
     "Background process or Windows process (Task Manager's own list of system\n"
     "processes, by full path). A matching App brings its group along.\n"},
    {"foreground", 0, NULL, 0, handle_foreground,
     "Only the App in front: the one that owns the foreground window (a\n"
     "dialog counts for the window that owns it). Exit status 1 when no App\n"
     "is in front (the desktop, the taskbar, nothing). Goes with patterns,\n"
     "--columns, every format and --windows; not with --watch, whose focus\n"
     "events follow the App in front.\n"},
    {"private", 0, NULL, 0, handle_private,
     "Leave Title, CommandLine and User out, unread: empty in CSV, null in\n"
     "JSON, blank in the table, no title events with --watch, no user label\n"
     "in Prometheus. Patterns then match Name and Image only.\n"},
    {"windows", 'w', NULL, 0, handle_windows,
     "One row per window of each app: its own windows topmost first, then\n"
     "those of the apps in its group; each row's PID is the window's process\n"
     "(with --all, the table shows each App's windows beneath it).\n"},
    {"format", 'f', "FORMAT", 0, handle_format,
     "table (the default): aligned columns; control characters in titles\n"
     "are shown as escapes such as \\x1b.\n"
     "csv: RFC 4180, UTF-8 without BOM, CRLF line ends, one header row.\n"
     "json: an array of objects, one per line, camelCase keys.\n"
     "jsonl: JSON Lines, one object per line and nothing else.\n"
     "prometheus: the Prometheus text format 0.0.4 for windows_exporter's\n"
     "textfile collector: one series per row, labelled name, image and pid\n"
     "(and category with --all); memory, cpu and foreground (the App in\n"
     "front) when --columns asks.\n"},
    {"excel", 0, NULL, 0, handle_excel,
     "CSV for spreadsheets: a UTF-8 BOM first, and a ' before any cell that\n"
     "starts with = + - @ TAB or CR so it is not run as a formula (lossy:\n"
     "such text changes). Implies --format csv.\n"},
    {"columns", 'c', "LIST", 0, handle_columns,
     "Which columns, in which order: header names or JSON keys from OUTPUT\n"
     "COLUMNS, separated by commas, case-insensitive (e.g. name,pid,title),\n"
     "or all. Without it CSV and JSON keep the columns of listapps 1.0 and the\n"
     "table shows Name, PID, Status, Memory and Title.\n"},
    {"sort", 's', "[-]COLUMN", 0, handle_sort,
     "Sort by a column, ascending, or descending with a - in front (as ps\n"
     "--sort=-rss): numbers as numbers, unavailable values last, ties by\n"
     "PID. With --all each section keeps its groups together.\n"},
    {"output", 'o', "FILE", 0, handle_output,
     "Write to FILE instead of standard output, whole or not at all: into a\n"
     "new file in the same folder, which then replaces FILE in one rename, so\n"
     "a reader never sees half of it. If that fails the old file stays, one\n"
     "line on stderr says why, and the exit status is 3.\n"},
    {"sessions", 0, "all|ID[,ID...]", 0, handle_sessions,
     "The Apps of every signed-in user's session (all), or of these\n"
     "sessions, in one listing, with a Session column. Run as LocalSystem (a\n"
     "service or a SYSTEM task, which sees no user's windows itself): each\n"
     "session's windows are read by listapps.exe started in that session as\n"
     "its user. A session that cannot be read is named on stderr, the others\n"
     "are listed, and the exit status is 3.\n"},
    {"record", 0, "FILE", 0, handle_record,
     "Also write every fact the listing gathered to FILE, as one JSON\n"
     "document (a recording, for a bug report or a test), whole or not at\n"
     "all; then list as usual. It holds titles, command lines and users.\n"},
    {"replay", 0, "FILE", 0, handle_replay,
     "List from a recording instead of the live system: the same options\n"
     "give what the live listing gave. A FILE that cannot be read is exit 2,\n"
     "a recording that is not valid is exit 3, each with one line saying why.\n"},
    {"interval", 0, "MS", 0, handle_interval,
     "The sample of CPU, Disk, Network and GPU: 1 to 60000 ms (default\n"
     "1000). Only a listing with one of them waits for it.\n"},
    {"no-header", 0, NULL, 0, handle_no_header,
     "Leave out the header row of the table or the CSV.\n"},
    {"watch", 0, NULL, 0, handle_watch,
     "Report Apps as they change, one line per event, until Ctrl+C: first\n"
     "\"present\" for each App, then \"opened\", \"closed\", \"title\",\n"
     "\"status\" and \"focus\" (the App in front changed) as they happen.\n"
     "Each event has time, event, pid, startTime, name, title, image and\n"
     "path, plus --columns. Window events, process exits and a new window in\n"
     "front make it look again at once; --interval (default 1000 ms) is the\n"
     "period of a full look that catches what they miss.\n"},
    {"timeout", 0, "SECONDS", 0, handle_timeout, "End the watch after SECONDS.\n"},
    {"count", 0, "N", 0, handle_count, "End the watch after N events other than present.\n"},
    {"quiet", 'q', NULL, 0, handle_quiet, "Print nothing: only the exit status speaks.\n"},
    {"", 0, NULL, 0, handle_end_of_options,
     "What follows is a pattern, even if it starts with -.\n"},
    {"help", 'h', NULL, CLI_OPTION_REPEATABLE, handle_help, "Show this help and exit.\n"},
    {"version", 'V', NULL, CLI_OPTION_REPEATABLE, handle_version, "Show the version and exit.\n"},
};

#define OPTION_COUNT (sizeof option_table / sizeof option_table[0])

const cli_option *cli_option_table(size_t *count) {
  *count = OPTION_COUNT;
  return option_table;
}

/* 1 when the len characters at s spell the ASCII name exactly. */
static int spells(const wchar_t *s, size_t len, const char *name) {
  size_t i;

  for (i = 0; i < len; i++)
    if (name[i] == '\0' || s[i] != (wchar_t)(unsigned char)name[i]) return 0;
  return name[len] == '\0';
}

/* The entry arg names, "--name", "--name=VALUE" or "-x"; NULL for none. *attached receives
 * what follows the '=' of a long option, or NULL. */
static const cli_option *find_option(const wchar_t *arg, const wchar_t **attached) {
  size_t i;

  *attached = NULL;
  if (arg[1] == L'-') {
    const wchar_t *name = arg + 2;
    const wchar_t *equals = wcschr(name, L'=');
    size_t len = equals != NULL ? (size_t)(equals - name) : wcslen(name);

    for (i = 0; i < OPTION_COUNT; i++) {
      if (spells(name, len, option_table[i].name)) {
        if (equals != NULL) *attached = equals + 1;
        return &option_table[i];
      }
    }
    return NULL;
  }
  if (arg[2] != L'\0') return NULL;
  for (i = 0; i < OPTION_COUNT; i++)
    if (option_table[i].letter != 0 && arg[1] == (wchar_t)option_table[i].letter)
      return &option_table[i];
  return NULL;
}

/* Keeps a pattern, as UTF-8. Returns 0, or CLI_EXIT_USAGE after reporting the error. */
static int add_pattern(const wchar_t *arg, int argc, cli_options *o) {
  int len;
  char *pattern;

  if (arg[0] == L'\0') return cli_usage_error("a pattern cannot be empty", NULL);
  if (o->patterns == NULL) {
    o->patterns = calloc((size_t)argc, sizeof *o->patterns);
    if (o->patterns == NULL) return cli_usage_error("out of memory reading", arg);
  }
  len = WideCharToMultiByte(CP_UTF8, 0, arg, -1, NULL, 0, NULL, NULL);
  pattern = len > 0 ? malloc((size_t)len) : NULL;
  if (pattern == NULL) return cli_usage_error("cannot read the pattern", arg);
  WideCharToMultiByte(CP_UTF8, 0, arg, -1, pattern, len, NULL, NULL);
  o->patterns[o->pattern_count++] = pattern;
  return 0;
}

/* A second use of an option. It is named as given for a flag ("-q"), and by its long name for
 * an option with a value, whose argument may carry the value too ("--format=csv"). */
static int given_twice(const cli_option *option, const wchar_t *arg) {
  wchar_t long_name[32] = L"--";
  size_t i;

  if (option->value_name == NULL) return cli_usage_error("option given twice:", arg);
  for (i = 0; option->name[i] != '\0' && i + 3 < sizeof long_name / sizeof long_name[0]; i++)
    long_name[i + 2] = (wchar_t)(unsigned char)option->name[i];
  long_name[i + 2] = L'\0';
  return cli_usage_error("option given twice:", long_name);
}

/* What the options say together, once all are read. */
static int check_combinations(cli_options *o) {
  if (!o->watch && (o->timeout_s != 0 || o->count != 0))
    return cli_usage_error("--timeout and --count go with --watch", NULL);
  if (o->watch && o->format_given && o->format == LISTAPPS_FORMAT_JSON)
    return cli_usage_error("--watch streams: use --format jsonl (a JSON array cannot stream)",
                           NULL);
  if (o->watch &&
      (o->format == LISTAPPS_FORMAT_PROMETHEUS || o->output != NULL ||
       (o->list_flags & LISTAPPS_LIST_ALL) || (o->format_flags & LISTAPPS_WRITE_WINDOWS) ||
       (o->format_flags & LISTAPPS_WRITE_EXCEL) || o->sort_field >= 0))
    return cli_usage_error(
        "--watch takes table, csv or jsonl, without --all, --windows, --excel, "
        "--sort or --output",
        NULL);
  if (o->watch && (o->list_flags & LISTAPPS_LIST_FOREGROUND))
    return cli_usage_error("--watch follows the App in front with focus events: drop --foreground",
                           NULL);
  if (o->watch && (o->all_sessions || o->session_count > 0))
    return cli_usage_error("--watch watches one desktop: --sessions is not supported with it yet",
                           NULL);
  if (o->replay != NULL && (o->record != NULL || o->watch || o->all_sessions ||
                            o->session_count > 0))
    return cli_usage_error("--replay lists a recording: not with --record, --watch or --sessions",
                           NULL);
  if (o->watch && o->record != NULL)
    return cli_usage_error("--record records one listing and cannot be combined with --watch",
                           NULL);
  if (o->quiet && o->output != NULL)
    return cli_usage_error("--quiet writes nothing and cannot be combined with --output", NULL);
  if (o->format == LISTAPPS_FORMAT_PROMETHEUS && (o->format_flags & LISTAPPS_WRITE_WINDOWS))
    return cli_usage_error("--format prometheus has one series per row and no --windows", NULL);
  if (o->format_flags & LISTAPPS_WRITE_EXCEL) {
    if (o->format_given && o->format != LISTAPPS_FORMAT_CSV)
      return cli_usage_error(
          "--excel writes CSV and cannot be combined with --format table or json", NULL);
    o->format = LISTAPPS_FORMAT_CSV;
  }
  return 0;
}

int cli_parse_options(int argc, wchar_t **argv, cli_options *o) {
  unsigned char seen[OPTION_COUNT] = {0};
  int i;

  memset(o, 0, sizeof *o);
  o->format = LISTAPPS_FORMAT_TABLE;
  o->sort_field = -1;
  for (i = 1; i < argc; i++) {
    const wchar_t *arg = argv[i];
    const wchar_t *value;
    const cli_option *option;
    int status;

    /* A bare word, and "-" alone, is a pattern. */
    if (o->patterns_only || arg[0] != L'-' || arg[1] == L'\0') {
      if (add_pattern(arg, argc, o) != 0) return CLI_EXIT_USAGE;
      continue;
    }
    option = find_option(arg, &value);
    if (option == NULL) return cli_usage_error("unknown option", arg);
    if (option->value_name == NULL && value != NULL)
      return cli_usage_error("option takes no value:", arg);
    if (option->value_name != NULL && value == NULL) {
      if (i + 1 == argc) return cli_usage_error("option needs a value:", arg);
      value = argv[++i];
    }
    if (seen[option - option_table] && !(option->flags & CLI_OPTION_REPEATABLE))
      return given_twice(option, arg);
    seen[option - option_table] = 1;
    status = option->handle(o, value);
    if (status != 0) return status;
  }
  return check_combinations(o);
}

void cli_free_options(cli_options *o) {
  size_t i;

  free(o->session_ids);
  for (i = 0; i < o->pattern_count; i++) free(o->patterns[i]);
  free(o->patterns);
  free(o->pids);
  o->patterns = NULL;
  o->pids = NULL;
}
