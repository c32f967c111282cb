/*
 * options.h - the command line: the table of every option (its names, its value, its help and
 * the function that takes it), the struct it is parsed into, and the parser that walks the
 * table. --help's OPTIONS section is written from the same table (help.c), so an option cannot
 * be accepted and left out of the help.
 */
#ifndef LISTAPPS_CLI_OPTIONS_H
#define LISTAPPS_CLI_OPTIONS_H

#include <stddef.h>
#include <wchar.h>

/* The most columns --columns may name. */
#define CLI_MAX_COLUMNS 64

/* What the command line asks for. Strings point into argv or are malloc'd, as marked; free
 * with cli_free_options. */
typedef struct cli_options {
  int format;                /* enum listapps_format */
  int format_given;          /* --format was given (--excel then checks it is csv) */
  unsigned int format_flags; /* LISTAPPS_WRITE_NO_HEADER, _WINDOWS, _EXCEL */
  unsigned int list_flags;   /* LISTAPPS_LIST_ALL, _FOREGROUND, _PRIVATE */
  int show_help;
  int show_version;
  int columns[CLI_MAX_COLUMNS]; /* --columns, as field ids */
  size_t column_count;          /* 0: the format's default columns */
  int quiet;
  int watch;
  unsigned long timeout_s; /* --timeout, 0 for none */
  unsigned long count;     /* --count, 0 for none */
  const wchar_t *output;   /* --output FILE (in argv), or NULL for standard output */
  const wchar_t *record;   /* --record FILE (in argv), or NULL */
  const wchar_t *replay;   /* --replay FILE (in argv), or NULL: the live system */
  int sort_field;          /* -1: the default order */
  int sort_descending;
  unsigned interval_ms; /* 0: the library's default */
  char **patterns;      /* UTF-8; malloc'd, as is each */
  size_t pattern_count;
  unsigned long *pids; /* malloc'd */
  size_t pid_count;
  int all_sessions;             /* --sessions all */
  unsigned long *session_ids;   /* --sessions ID[,ID...]; malloc'd */
  size_t session_count;
  int patterns_only; /* while parsing: "--" was given, so what follows is a pattern */
} cli_options;

/* One option. The parser finds it as "--name", "--name=VALUE" or "-letter", takes its value
 * (the next argument, or what follows '=') when it has one, refuses a second use unless it is
 * repeatable, and hands the value to its handler. */
typedef struct cli_option {
  const char *name;       /* the long name without its "--" ("" for "--" itself) */
  char letter;            /* the short name -letter, or 0 for none */
  const char *value_name; /* the value as --help shows it ("FORMAT"), or NULL: takes none */
  unsigned flags;         /* CLI_OPTION_REPEATABLE */
  /* Takes the option into o: value is its value, NULL for a flag. Returns 0, or
   * CLI_EXIT_USAGE after reporting the error. */
  int (*handle)(cli_options *o, const wchar_t *value);
  const char *help; /* --help's text for it: lines that each end in "\n", not indented */
} cli_option;

/* The option may be given more than once (--help, --version). */
#define CLI_OPTION_REPEATABLE 0x1u

/* The options, in --help's order; *count receives how many. */
const cli_option *cli_option_table(size_t *count);

/* Fills *o from the arguments. Returns 0, or CLI_EXIT_USAGE after reporting the error on
 * stderr. *o can be passed to cli_free_options either way. */
int cli_parse_options(int argc, wchar_t **argv, cli_options *o);

/* Frees what cli_parse_options allocated. */
void cli_free_options(cli_options *o);

#endif
