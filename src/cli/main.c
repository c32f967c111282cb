/*
 * listapps.exe: a thin command line over the library. It parses options, asks the library for
 * the list and its text, and writes that text: UTF-16 through WriteConsoleW on a console, UTF-8
 * bytes anywhere else. It includes only the public header.
 */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <listapps.h>

/* Exit statuses, as pgrep has them. */
#define EXIT_NO_MATCH 1 /* filters were given and no row matched */
#define EXIT_USAGE 2
#define EXIT_FAILED 3 /* the list could not be made or written */
/* An argument echoed in an error message is cut to this many characters. */
#define ECHO_MAX 64
/* WriteConsoleW is given at most this many characters at a time. */
#define CONSOLE_CHUNK 8192

/* The most columns --columns may name. */
#define MAX_COLUMNS 64

typedef struct cli_options {
  int format;
  unsigned int format_flags;
  unsigned int list_flags;
  int format_given;
  int show_help;
  int show_version;
  int columns[MAX_COLUMNS]; /* --columns, as field ids */
  size_t column_count;      /* 0: the format's default columns */
  int quiet;
  int watch;
  unsigned long timeout_s; /* --timeout, 0 for none */
  unsigned long count;     /* --count, 0 for none */
  const wchar_t *output;   /* --output FILE, or NULL for standard output */
  int sort_field;          /* -1: the default order */
  int sort_descending;
  unsigned interval_ms; /* 0: the library's default */
  char **patterns;      /* UTF-8; malloc'd, as is each */
  size_t pattern_count;
  unsigned long *pids; /* malloc'd */
  size_t pid_count;
} cli_options;

static const char usage_text[] =
    "NAME\n"
    "    listapps - list the running apps as Task Manager's Processes tab shows them\n"
    "\n"
    "SYNOPSIS\n"
    "    listapps [PATTERN...] [--pid PID[,PID...]] [-a|--all] [-w|--windows]\n"
    "             [-f|--format table|csv|json|jsonl|prometheus | --excel]\n"
    "             [-c|--columns LIST] [-o|--output FILE]\n"
    "             [-s|--sort [-]COLUMN] [--interval MS] [--no-header] [-q|--quiet] [--]\n"
    "    listapps --watch [PATTERN...] [-f table|csv|jsonl] [-c LIST] [--interval MS]\n"
    "             [--timeout SECONDS] [--count N]\n"
    "    listapps -h|--help | -V|--version\n"
    "\n"
    "DESCRIPTION\n"
    "    An App is a process that owns a visible top-level window with a title and\n"
    "    no parent (an owned popup has its owner as parent and does not count; an\n"
    "    owned overlapped window does), that is not a tool window unless it is also\n"
    "    an app window. It is named by its executable's FileDescription. Its group\n"
    "    is every process it started, and what those started: an app started by\n"
    "    another app shows inside the launcher's group, as in Task Manager, and its\n"
    "    windows count there. The shell (explorer.exe) takes nobody into its group.\n"
    "    A UWP app's frame counts for the app behind it; ApplicationFrameHost.exe\n"
    "    is never an App itself. Rows are sorted by name, then PID.\n"
    "\n"
    "    PATTERN keeps the rows whose Name, Image (with or without .exe) or Title\n"
    "    matches it, ignoring case. A pattern holding * or ? is a wildcard over the\n"
    "    whole field (* any run, ? one character; nothing else is special); any\n"
    "    other matches anywhere in the field. Rows matching any pattern are kept.\n"
    "\n"
    "";

/* The help is three strings: C11 promises string literals of 4095 bytes, no more. */
static const char usage_options[] =
    "OPTIONS\n"
    "    --pid PID[,PID...], -p PID[,...]\n"
    "        Keep only these processes' rows (with patterns: rows matching both).\n"
    "    -a, --all\n"
    "        Every process, each in one of Task Manager's categories: App,\n"
    "        Background process or Windows process (Task Manager's own list of system\n"
    "        processes, by full path). A matching App brings its group along.\n"
    "    -w, --windows\n"
    "        One row per window of each app: its own windows topmost first, then\n"
    "        those of the apps in its group; each row's PID is the window's process\n"
    "        (with --all, the table shows each App's windows beneath it).\n"
    "    -f FORMAT, --format FORMAT, --format=FORMAT\n"
    "        table (the default): aligned columns; control characters in titles\n"
    "        are shown as escapes such as \\x1b.\n"
    "        csv: RFC 4180, UTF-8 without BOM, CRLF line ends, one header row.\n"
    "        json: an array of objects, one per line, camelCase keys.\n"
    "        jsonl: JSON Lines, one object per line and nothing else.\n"
    "    --excel\n"
    "        CSV for spreadsheets: a UTF-8 BOM first, and a ' before any cell that\n"
    "        starts with = + - @ TAB or CR so it is not run as a formula (lossy:\n"
    "        such text changes). Implies --format csv.\n"
    "    -c LIST, --columns LIST, --columns=LIST\n"
    "        Which columns, in which order: header names or JSON keys from OUTPUT\n"
    "        COLUMNS, separated by commas, case-insensitive (e.g. name,pid,publisher);\n"
    "        or all. Without it CSV and JSON keep the columns of listapps 1.0 and the\n"
    "        table shows Name, PID, Status, Memory and Title.\n"
    "    -s [-]COLUMN, --sort [-]COLUMN\n"
    "        Sort by a column, ascending, or descending with a - in front (as ps\n"
    "        --sort=-rss): numbers as numbers, unavailable values last, ties by\n"
    "        PID. With --all each section keeps its groups together.\n"
    "    --interval MS\n"
    "        The CPU sample: 1 to 60000 ms (default 1000). Only CPU waits for it.\n"
    "    --no-header\n"
    "        Leave out the header row of the table or the CSV.\n"
    "    --watch\n"
    "        Report Apps as they change, one line per event, until Ctrl+C: first\n"
    "        \"present\" for each App, then \"opened\", \"closed\", \"title\" and\n"
    "        \"status\" as they happen. Each event has time, event, pid, startTime,\n"
    "        name, title, image and path, plus --columns. Window events and process\n"
    "        exits make it look again at once; --interval (default 1000 ms) is the\n"
    "        period of a full look that catches what they miss.\n"
    "    --timeout SECONDS, --count N\n"
    "        End the watch after SECONDS, or after N events other than present.\n"
    "    -q, --quiet\n"
    "        Print nothing: only the exit status speaks.\n"
    "    --\n"
    "        What follows is a pattern, even if it starts with -.\n"
    "    -h, --help\n"
    "        Show this help and exit.\n"
    "    -V, --version\n"
    "        Show the version and exit.\n"
    "\n"
    /* OUTPUT COLUMNS is written from the library's field registry: see print_help. */
    "";

static const char usage_tail[] =
    "    Unavailable values are empty in CSV, null in JSON and blank in the table.\n"
    "    JSON keys are the names above in camelCase (parentPid, appPid, ...).\n"
    "    With --windows, CSV and JSON give PID, HWND, Title, Class, Name, Image, Path.\n"
    "\n"
    "EXIT STATUS\n"
    "    0  success: at least one row listed, or no filter given\n"
    "    1  a PATTERN or --pid was given and nothing matched (the list is empty)\n"
    "    2  bad command line: one line on stderr, nothing on stdout\n"
    "    3  the list could not be made or written (a closed pipe, a full disk)\n"
    "\n"
    "EXAMPLES\n"
    "    listapps\n"
    "    listapps notepad                                    (is Notepad running?)\n"
    "    listapps -q excel && echo running                   (cmd)\n"
    "    listapps -q excel; if ($LASTEXITCODE -eq 0) { 'running' }   (PowerShell)\n"
    "    listapps \"*.txt - Notepad\" -f jsonl\n"
    "    listapps --pid 1234,5678 -c name,pid,title\n"
    "    listapps --sort -memory -c name,pid,cpu,memory       (the heaviest first)\n"
    "    listapps --all\n"
    "    listapps --format csv > apps.csv\n"
    "    listapps --format csv | ConvertFrom-Csv             (PowerShell)\n"
    "    listapps --format json | ConvertFrom-Json           (PowerShell)\n"
    "    listapps --windows --format json\n"
    "    listapps --excel > apps.csv                         (open in a spreadsheet)\n";

/* Writes UTF-8 text to a standard handle. On a console it is converted to UTF-16 and written
 * with WriteConsoleW, which shows every character whatever the console code page (as curl's
 * tool_cb_wrt.c does); elsewhere the bytes go out as they are. Returns 0, or the Win32 error. */
static DWORD write_text(HANDLE h, const char *text, size_t len) {
  DWORD mode;

  if (h == NULL || h == INVALID_HANDLE_VALUE) return ERROR_INVALID_HANDLE;
  if (GetConsoleMode(h, &mode)) {
    size_t done = 0;
    while (done < len) {
      /* Convert a slice that ends on a character boundary. */
      size_t slice = len - done > CONSOLE_CHUNK ? CONSOLE_CHUNK : len - done;
      wchar_t wide[CONSOLE_CHUNK];
      int count;
      DWORD written;

      while (done + slice < len && slice > 0 && (text[done + slice] & 0xC0) == 0x80) slice--;
      count = MultiByteToWideChar(CP_UTF8, 0, text + done, (int)slice, wide, CONSOLE_CHUNK);
      if (count <= 0 || !WriteConsoleW(h, wide, (DWORD)count, &written, NULL))
        return GetLastError();
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

static void write_err(const char *text) {
  write_text(GetStdHandle(STD_ERROR_HANDLE), text, strlen(text));
}

/* An argument as UTF-8 for an error message: cut to ECHO_MAX characters, control characters
 * shown as '?', so a hostile argument cannot drive the terminal. */
static void append_echo(char *dst, size_t dst_size, const wchar_t *arg) {
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

/* Reports a usage error, "listapps: <what> '<arg>' (see --help)", and returns EXIT_USAGE. */
static int usage_error(const char *what, const wchar_t *arg) {
  char message[512] = "listapps: ";

  strcat(message, what);
  if (arg != NULL) {
    strcat(message, " '");
    append_echo(message, sizeof message - 32, arg);
    strcat(message, "'");
  }
  strcat(message, " (see --help)\n");
  write_err(message);
  return EXIT_USAGE;
}

/* Sets a flag that may be given once. Returns 0, or EXIT_USAGE after reporting a repeat. */
static int set_once(unsigned int *flags, unsigned int bit, const wchar_t *arg) {
  if (*flags & bit) return usage_error("option given twice:", arg);
  *flags |= bit;
  return 0;
}

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

/* Parses --columns: "all", or names separated by commas. Returns 0, or EXIT_USAGE after
 * reporting the first name that is not a column. */
static int parse_columns(const wchar_t *value, cli_options *o) {
  char name[128];
  const wchar_t *p = value;

  if (_wcsicmp(value, L"all") == 0) {
    size_t count = listapps_field_count();
    size_t i;
    for (i = 0; i < count && o->column_count < MAX_COLUMNS; i++)
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
      return usage_error(len == 0 ? "--columns has an empty column name in" : "unknown column",
                         len == 0 || len >= sizeof item / sizeof item[0] ? value : item);
    }
    if (o->column_count == MAX_COLUMNS)
      return usage_error("--columns names too many columns:", value);
    for (k = 0; k < o->column_count; k++)
      if (o->columns[k] == field) return usage_error("--columns names a column twice:", item);
    o->columns[o->column_count++] = field;
    if (end == NULL) return 0;
    p = end + 1;
  }
}

/* Parses --pid: decimal process IDs separated by commas. Returns 0, or EXIT_USAGE after
 * reporting the error. */
static int parse_pids(const wchar_t *value, cli_options *o) {
  size_t count = 1;
  const wchar_t *p;

  if (o->pids != NULL) return usage_error("option given twice:", L"--pid");
  for (p = value; *p != L'\0'; p++) count += *p == L',';
  o->pids = malloc(count * sizeof *o->pids);
  if (o->pids == NULL) return usage_error("out of memory reading", L"--pid");
  for (p = value;;) {
    wchar_t *end = NULL;
    unsigned long long pid;

    if (*p < L'0' || *p > L'9') return usage_error("--pid takes process IDs, not", value);
    pid = wcstoull(p, &end, 10);
    if ((*end != L',' && *end != L'\0') || pid > 0xFFFFFFFFull)
      return usage_error("--pid takes process IDs, not", value);
    o->pids[o->pid_count++] = (unsigned long)pid;
    if (*end == L'\0') return 0;
    p = end + 1;
  }
}

/* Keeps a pattern, as UTF-8. Returns 0, or EXIT_USAGE after reporting the error. */
static int add_pattern(const wchar_t *arg, int argc, cli_options *o) {
  int len;
  char *pattern;

  if (arg[0] == L'\0') return usage_error("a pattern cannot be empty", NULL);
  if (o->patterns == NULL) {
    o->patterns = calloc((size_t)argc, sizeof *o->patterns);
    if (o->patterns == NULL) return usage_error("out of memory reading", arg);
  }
  len = WideCharToMultiByte(CP_UTF8, 0, arg, -1, NULL, 0, NULL, NULL);
  pattern = len > 0 ? malloc((size_t)len) : NULL;
  if (pattern == NULL) return usage_error("cannot read the pattern", arg);
  WideCharToMultiByte(CP_UTF8, 0, arg, -1, pattern, len, NULL, NULL);
  o->patterns[o->pattern_count++] = pattern;
  return 0;
}

/* Parses --sort: a column, or -COLUMN for descending. Returns 0, or EXIT_USAGE after reporting
 * the error. */
static int parse_sort(const wchar_t *value, cli_options *o) {
  const wchar_t *name = value[0] == L'-' ? value + 1 : value;
  char name8[128];
  int field = -1;
  const listapps_field_info *info;

  if (o->sort_field >= 0) return usage_error("option given twice:", L"--sort");
  if (WideCharToMultiByte(CP_UTF8, 0, name, -1, name8, (int)sizeof name8, NULL, NULL) > 0)
    field = listapps_field_by_name(name8);
  info = listapps_field_info_of(field);
  if (info == NULL || (info->rows & (LISTAPPS_ROWS_APP | LISTAPPS_ROWS_PROCESS)) == 0)
    return usage_error("--sort takes a column (or -COLUMN), not", value);
  o->sort_field = field;
  o->sort_descending = value[0] == L'-';
  return 0;
}

/* Parses --interval: milliseconds, 1 to 60000. */
static int parse_interval(const wchar_t *value, cli_options *o) {
  wchar_t *end = NULL;
  unsigned long ms;

  if (o->interval_ms != 0) return usage_error("option given twice:", L"--interval");
  if (value[0] < L'0' || value[0] > L'9')
    return usage_error("--interval takes 1 to 60000 ms, not", value);
  ms = wcstoul(value, &end, 10);
  if (*end != L'\0' || ms < 1 || ms > 60000)
    return usage_error("--interval takes 1 to 60000 ms, not", value);
  o->interval_ms = (unsigned)ms;
  return 0;
}

static void free_options(cli_options *o) {
  size_t i;

  for (i = 0; i < o->pattern_count; i++) free(o->patterns[i]);
  free(o->patterns);
  free(o->pids);
  o->patterns = NULL;
  o->pids = NULL;
}

/* 1 when arg is the long option name, alone or followed by "=VALUE", or the short one. */
static int is_option(const wchar_t *arg, const wchar_t *name, const wchar_t *short_name) {
  size_t n = wcslen(name);

  if (short_name != NULL && wcscmp(arg, short_name) == 0) return 1;
  return wcsncmp(arg, name, n) == 0 && (arg[n] == L'\0' || arg[n] == L'=');
}

/* The value of an option taking one: "--name=VALUE", "--name VALUE" or "-x VALUE"; NULL after
 * reporting a missing value. */
static const wchar_t *value_of(int argc, wchar_t **argv, int *i) {
  const wchar_t *arg = argv[*i];
  const wchar_t *equals = arg[1] == L'-' ? wcschr(arg, L'=') : NULL;

  if (equals != NULL) return equals + 1;
  if (*i + 1 < argc) return argv[++*i];
  usage_error("option needs a value:", arg);
  return NULL;
}

/* 1 when a flag option carries "=VALUE", which it does not take. */
static int has_value(const wchar_t *arg) {
  return arg[1] == L'-' && wcschr(arg, L'=') != NULL;
}

/* Fills *o from the arguments. Returns 0, or EXIT_USAGE after reporting the error. */
static int parse_options(int argc, wchar_t **argv, cli_options *o) {
  int options_end = 0;
  int i;

  memset(o, 0, sizeof *o);
  o->format = LISTAPPS_FORMAT_TABLE;
  o->sort_field = -1;
  for (i = 1; i < argc; i++) {
    const wchar_t *arg = argv[i];
    const wchar_t *value = NULL;

    if (options_end || arg[0] != L'-' || arg[1] == L'\0') {
      if (add_pattern(arg, argc, o) != 0) return EXIT_USAGE;
    } else if (wcscmp(arg, L"--") == 0) {
      options_end = 1;
    } else if (wcscmp(arg, L"--help") == 0 || wcscmp(arg, L"-h") == 0 || wcscmp(arg, L"/?") == 0) {
      o->show_help = 1;
    } else if (wcscmp(arg, L"--version") == 0 || wcscmp(arg, L"-V") == 0) {
      o->show_version = 1;
    } else if (wcscmp(arg, L"--no-header") == 0) {
      if (set_once(&o->format_flags, LISTAPPS_WRITE_NO_HEADER, arg) != 0) return EXIT_USAGE;
    } else if (is_option(arg, L"--format", L"-f")) {
      if ((value = value_of(argc, argv, &i)) == NULL) return EXIT_USAGE;
      if (o->format_given) return usage_error("option given twice:", L"--format");
      if (parse_format(value, &o->format) != 0)
        return usage_error("--format takes table, csv, json, jsonl or prometheus, not", value);
      o->format_given = 1;
    } else if (is_option(arg, L"--columns", L"-c")) {
      if ((value = value_of(argc, argv, &i)) == NULL) return EXIT_USAGE;
      if (o->column_count > 0) return usage_error("option given twice:", L"--columns");
      if (parse_columns(value, o) != 0) return EXIT_USAGE;
    } else if (is_option(arg, L"--pid", L"-p")) {
      if ((value = value_of(argc, argv, &i)) == NULL) return EXIT_USAGE;
      if (parse_pids(value, o) != 0) return EXIT_USAGE;
    } else if (is_option(arg, L"--sort", L"-s")) {
      if ((value = value_of(argc, argv, &i)) == NULL) return EXIT_USAGE;
      if (parse_sort(value, o) != 0) return EXIT_USAGE;
    } else if (is_option(arg, L"--output", L"-o")) {
      if ((value = value_of(argc, argv, &i)) == NULL) return EXIT_USAGE;
      if (o->output != NULL) return usage_error("option given twice:", L"--output");
      if (value[0] == L'\0') return usage_error("--output needs a file name", NULL);
      o->output = value;
    } else if (wcscmp(arg, L"--watch") == 0) {
      if (o->watch) return usage_error("option given twice:", arg);
      o->watch = 1;
    } else if (is_option(arg, L"--timeout", NULL) || is_option(arg, L"--count", NULL)) {
      int is_timeout = arg[2] == L't';
      unsigned long *target = is_timeout ? &o->timeout_s : &o->count;
      wchar_t *end = NULL;
      if ((value = value_of(argc, argv, &i)) == NULL) return EXIT_USAGE;
      if (*target != 0)
        return usage_error("option given twice:", is_timeout ? L"--timeout" : L"--count");
      if (value[0] < L'1' || value[0] > L'9' ||
          (*target = wcstoul(value, &end, 10), *end != L'\0') || *target > 100000000ul)
        return usage_error(is_timeout ? "--timeout takes whole seconds (1 or more), not"
                                      : "--count takes a number of events (1 or more), not",
                           value);
    } else if (is_option(arg, L"--interval", NULL)) {
      if ((value = value_of(argc, argv, &i)) == NULL) return EXIT_USAGE;
      if (parse_interval(value, o) != 0) return EXIT_USAGE;
    } else if (has_value(arg)) {
      return usage_error("option takes no value:", arg);
    } else if (wcscmp(arg, L"--excel") == 0) {
      if (set_once(&o->format_flags, LISTAPPS_WRITE_EXCEL, arg) != 0) return EXIT_USAGE;
    } else if (wcscmp(arg, L"--all") == 0 || wcscmp(arg, L"-a") == 0) {
      if (set_once(&o->list_flags, LISTAPPS_LIST_ALL, arg) != 0) return EXIT_USAGE;
    } else if (wcscmp(arg, L"--windows") == 0 || wcscmp(arg, L"-w") == 0) {
      if (set_once(&o->format_flags, LISTAPPS_WRITE_WINDOWS, arg) != 0) return EXIT_USAGE;
    } else if (wcscmp(arg, L"--quiet") == 0 || wcscmp(arg, L"-q") == 0) {
      if (o->quiet) return usage_error("option given twice:", arg);
      o->quiet = 1;
    } else {
      return usage_error("unknown option", arg);
    }
  }
  if (!o->watch && (o->timeout_s != 0 || o->count != 0))
    return usage_error("--timeout and --count go with --watch", NULL);
  if (o->watch && o->format_given && o->format == LISTAPPS_FORMAT_JSON)
    return usage_error("--watch streams: use --format jsonl (a JSON array cannot stream)", NULL);
  if (o->watch &&
      (o->format == LISTAPPS_FORMAT_PROMETHEUS || o->output != NULL ||
       (o->list_flags & LISTAPPS_LIST_ALL) || (o->format_flags & LISTAPPS_WRITE_WINDOWS) ||
       (o->format_flags & LISTAPPS_WRITE_EXCEL) || o->sort_field >= 0))
    return usage_error(
        "--watch takes table, csv or jsonl, without --all, --windows, --excel, "
        "--sort or --output",
        NULL);
  if (o->quiet && o->output != NULL)
    return usage_error("--quiet writes nothing and cannot be combined with --output", NULL);
  if (o->format == LISTAPPS_FORMAT_PROMETHEUS && (o->format_flags & LISTAPPS_WRITE_WINDOWS))
    return usage_error("--format prometheus has one series per row and no --windows", NULL);
  if (o->format_flags & LISTAPPS_WRITE_EXCEL) {
    if (o->format_given && o->format != LISTAPPS_FORMAT_CSV)
      return usage_error("--excel writes CSV and cannot be combined with --format table or json",
                         NULL);
    o->format = LISTAPPS_FORMAT_CSV;
  }
  return 0;
}

static int report_write_failure(DWORD code) {
  if (code == ERROR_NO_DATA || code == ERROR_BROKEN_PIPE)
    write_err("listapps: cannot write the output: the reader closed the pipe\n");
  else if (code == ERROR_DISK_FULL || code == ERROR_HANDLE_DISK_FULL)
    write_err("listapps: cannot write the output: the disk is full\n");
  else
    write_err("listapps: cannot write the output\n");
  return EXIT_FAILED;
}

static int print_static(const char *text) {
  DWORD code = write_text(GetStdHandle(STD_OUTPUT_HANDLE), text, strlen(text));
  return code == 0 ? EXIT_SUCCESS : report_write_failure(code);
}

/* Where listapps_write's pieces go: standard output, remembering why a write failed. */
typedef struct stdout_sink {
  HANDLE handle;
  DWORD error;
} stdout_sink;

static int write_piece(void *context, const char *data, size_t len) {
  stdout_sink *out = context;

  out->error = write_text(out->handle, data, len);
  return out->error != 0;
}

static int report_failure(const listapps_error_info *error) {
  char message[512] = "listapps: ";

  listapps_error_message(error, message + strlen(message), sizeof message - strlen(message) - 1);
  strcat(message, "\n");
  write_err(message);
  return EXIT_FAILED;
}

/* Reports a failure to write the --output file, naming it and the cause. */
static int report_output_failure(const wchar_t *file, DWORD code) {
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
  append_echo(message, sizeof message - 128, file);
  strcat(message, "'");
  snprintf(message + strlen(message), sizeof message - strlen(message), " (Win32 error %lu)%s",
           (unsigned long)code, why);
  write_err(message);
  return EXIT_FAILED;
}

/* The --output file is written whole or not at all: into a new file in the same folder, which
 * then replaces the target in one rename, so a reader (windows_exporter's textfile collector)
 * never sees half of it. */
typedef struct output_file {
  wchar_t *target; /* full path */
  wchar_t temp[MAX_PATH + 1];
  HANDLE handle;
} output_file;

static DWORD output_open(const wchar_t *name, output_file *f) {
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

/* Finishes the file: moves it over the target when ok, else deletes it. Returns 0 or the error
 * of the step that failed. */
static DWORD output_close(output_file *f, int ok) {
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

/* Takes the snapshot and writes it as it is rendered (CSV and JSON row by row), unless quiet.
 * Filters that match nothing give EXIT_NO_MATCH, after the empty list. */
static int run(const cli_options *o) {
  listapps_options options = LISTAPPS_OPTIONS_INIT;
  listapps_write_options write_options = LISTAPPS_WRITE_OPTIONS_INIT;
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *snapshot = NULL;
  stdout_sink out;
  output_file file;
  int filtered;
  int matched;
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
  err = listapps_snapshot_take(&options, &snapshot, &error);
  if (err != LISTAPPS_OK) return report_failure(&error);
  filtered = o->pattern_count > 0 || o->pid_count > 0;
  matched = listapps_snapshot_count(snapshot) > 0;
  if (o->quiet) {
    listapps_snapshot_free(snapshot);
    return filtered && !matched ? EXIT_NO_MATCH : EXIT_SUCCESS;
  }
  write_options.format = o->format;
  write_options.flags = o->format_flags;
  write_options.fields = o->column_count > 0 ? o->columns : NULL;
  write_options.field_count = o->column_count;
  out.handle = GetStdHandle(STD_OUTPUT_HANDLE);
  out.error = 0;
  if (o->output != NULL) {
    DWORD code = output_open(o->output, &file);
    if (code != 0) {
      output_close(&file, 0);
      listapps_snapshot_free(snapshot);
      return report_output_failure(o->output, code);
    }
    out.handle = file.handle;
  }
  err = listapps_write(snapshot, &write_options, write_piece, &out);
  listapps_snapshot_free(snapshot);
  if (o->output != NULL) {
    DWORD code = output_close(&file, err == LISTAPPS_OK);
    if (err == LISTAPPS_EWRITE || code != 0)
      return report_output_failure(o->output, code != 0 ? code : out.error);
  }
  if (err == LISTAPPS_EWRITE) return report_write_failure(out.error);
  if (err != LISTAPPS_OK) {
    error.code = err;
    return report_failure(&error);
  }
  return filtered && !matched ? EXIT_NO_MATCH : EXIT_SUCCESS;
}

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
  stdout_sink out;
  int header;
} watch_output;

/* Each event goes out at once, as one line (or, first, the CSV header and a line). */
static int print_event(void *context, const listapps_event *event) {
  watch_output *w = context;
  int err;

  if (w->o->quiet) return 0;
  err = listapps_write_event(event, &w->write_options, w->header, write_piece, &w->out);
  w->header = 0;
  return err != LISTAPPS_OK;
}

/* --watch: events until Ctrl+C, --timeout, --count or a closed stdout. */
static int run_watch(const cli_options *o) {
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
    return report_failure(&error);
  }
  options.stop_event = stop_watching;
  SetConsoleCtrlHandler(on_console_break, TRUE);
  err = listapps_watch(&options, print_event, &w, &error);
  SetConsoleCtrlHandler(on_console_break, FALSE);
  CloseHandle(stop_watching);
  if (err == LISTAPPS_EWRITE) return report_write_failure(w.out.error);
  if (err != LISTAPPS_OK) return report_failure(&error);
  return EXIT_SUCCESS;
}

/* The help: its fixed text, then OUTPUT COLUMNS from the library's field registry, then the
 * rest. */
static int print_help(void) {
  HANDLE h = GetStdHandle(STD_OUTPUT_HANDLE);
  size_t count = listapps_field_count();
  DWORD code = write_text(h, usage_text, strlen(usage_text));
  size_t i;

  if (code == 0) code = write_text(h, usage_options, strlen(usage_options));
  if (code == 0) code = write_text(h, "OUTPUT COLUMNS\n", 15);
  for (i = 0; i < count && code == 0; i++) {
    const listapps_field_info *f = listapps_field_info_of((int)i);
    char line[512];
    int n = snprintf(line, sizeof line, "    %-12s %s%s\n", f->header, f->description,
                     f->rows == LISTAPPS_ROWS_WINDOW ? " (--windows)" : "");
    if (n > 0) code = write_text(h, line, strlen(line));
  }
  if (code == 0) code = write_text(h, usage_tail, strlen(usage_tail));
  return code == 0 ? EXIT_SUCCESS : report_write_failure(code);
}

int wmain(int argc, wchar_t **argv);

int wmain(int argc, wchar_t **argv) {
  cli_options o;
  int status = parse_options(argc, argv, &o);

  if (status == 0 && o.show_help) {
    status = print_help();
  } else if (status == 0 && o.show_version) {
    char line[64] = "listapps ";
    strcat(line, listapps_version());
    strcat(line, "\n");
    status = print_static(line);
  } else if (status == 0 && o.watch) {
    status = run_watch(&o);
  } else if (status == 0) {
    status = run(&o);
  }
  free_options(&o);
  return status;
}
