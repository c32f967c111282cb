/*
 * help.c - the help text. NAME, SYNOPSIS, DESCRIPTION and what follows OUTPUT COLUMNS are fixed
 * text; OPTIONS is written from the option table (options.c) and OUTPUT COLUMNS from the
 * library's field registry, so neither can miss an option or a column.
 */
#include "help.h"

#include <stdio.h>
#include <string.h>

#include <listapps.h>

#include "console.h"
#include "options.h"

static const char help_head[] =
    "NAME\n"
    "    listapps - list the running apps as Task Manager's Processes tab shows them\n"
    "\n"
    "SYNOPSIS\n"
    "    listapps [PATTERN...] [--pid PID[,PID...]] [-a|--all] [-w|--windows]\n"
    "             [--foreground] [--private]\n"
    "             [-f|--format table|csv|json|jsonl|prometheus | --excel]\n"
    "             [-c|--columns LIST] [-o|--output FILE] [-s|--sort [-]COLUMN]\n"
    "             [--interval MS] [--no-header] [-q|--quiet] [--]\n"
    "    listapps --watch [PATTERN...] [-f table|csv|jsonl] [-c LIST] [--interval MS]\n"
    "             [--private] [--timeout SECONDS] [--count N]\n"
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
    "OPTIONS\n"
    "    A long option's value may also follow an = sign, as in --format=csv.\n"
    "\n";

static const char help_tail[] =
    "    Unavailable values are empty in CSV, null in JSON and blank in the table.\n"
    "    JSON keys are the names above in camelCase (parentPid, appPid, ...).\n"
    "    With --windows, CSV and JSON give PID, HWND, Title, Class, Name, Image, Path.\n"
    "\n"
    "EXIT STATUS\n"
    "    0  success: at least one row listed, or no filter given\n"
    "    1  a PATTERN or --pid was given and nothing matched (the list is empty)\n"
    "    2  bad command line: one line on stderr, nothing on stdout\n"
    "    3  the list could not be made or written: one line on stderr says why;\n"
    "       a reader that closed the pipe ends it without a message\n"
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

static DWORD put(HANDLE h, const char *text) {
  return cli_write_text(h, text, strlen(text));
}

/* An option's first line: "    -f FORMAT, --format FORMAT", "    -a, --all", "    --interval
 * MS" or "    --". */
static void option_heading(const cli_option *option, char *line, size_t size) {
  const char *value = option->value_name;

  if (option->letter != 0 && value != NULL)
    snprintf(line, size, "    -%c %s, --%s %s\n", option->letter, value, option->name, value);
  else if (option->letter != 0)
    snprintf(line, size, "    -%c, --%s\n", option->letter, option->name);
  else if (value != NULL)
    snprintf(line, size, "    --%s %s\n", option->name, value);
  else
    snprintf(line, size, "    --%s\n", option->name);
}

/* Writes each line of text indented by eight spaces. */
static DWORD put_indented(HANDLE h, const char *text) {
  DWORD code = 0;

  while (*text != '\0' && code == 0) {
    const char *end = strchr(text, '\n');
    size_t len = end != NULL ? (size_t)(end - text) + 1 : strlen(text);

    code = put(h, "        ");
    if (code == 0) code = cli_write_text(h, text, len);
    text += len;
  }
  return code;
}

static DWORD put_options(HANDLE h) {
  size_t count = 0;
  const cli_option *table = cli_option_table(&count);
  DWORD code = 0;
  size_t i;

  for (i = 0; i < count && code == 0; i++) {
    char line[128];

    option_heading(&table[i], line, sizeof line);
    code = put(h, line);
    if (code == 0) code = put_indented(h, table[i].help);
  }
  return code;
}

static DWORD put_columns(HANDLE h) {
  size_t count = listapps_field_count();
  DWORD code = put(h, "OUTPUT COLUMNS\n");
  size_t i;

  for (i = 0; i < count && code == 0; i++) {
    const listapps_field_info *f = listapps_field_info_of((int)i);
    char line[512];
    int n = snprintf(line, sizeof line, "    %-12s %s%s\n", f->header, f->description,
                     f->rows == LISTAPPS_ROWS_WINDOW ? " (--windows)" : "");
    if (n > 0) code = put(h, line);
  }
  return code;
}

int cli_print_help(void) {
  HANDLE h = GetStdHandle(STD_OUTPUT_HANDLE);
  DWORD code = put(h, help_head);

  if (code == 0) code = put_options(h);
  if (code == 0) code = put(h, "\n");
  if (code == 0) code = put_columns(h);
  if (code == 0) code = put(h, help_tail);
  return code == 0 ? 0 : cli_report_write_failure(code);
}

int cli_print_version(void) {
  char line[64] = "listapps ";
  DWORD code;

  strncat(line, listapps_version(), sizeof line - strlen(line) - 2);
  strcat(line, "\n");
  code = put(GetStdHandle(STD_OUTPUT_HANDLE), line);
  return code == 0 ? 0 : cli_report_write_failure(code);
}
