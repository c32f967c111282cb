/*
 * help.h - --help and --version.
 */
#ifndef LISTAPPS_CLI_HELP_H
#define LISTAPPS_CLI_HELP_H

/* Writes the help to stdout: its fixed sections, OPTIONS from the option table, OUTPUT COLUMNS
 * from the library's field registry. Returns 0, or CLI_EXIT_FAILED after reporting a failed
 * write. */
int cli_print_help(void);

/* Writes "listapps VERSION" to stdout. Returns as cli_print_help does. */
int cli_print_version(void);

#endif
