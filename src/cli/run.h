/*
 * run.h - one listing: the snapshot, written to stdout or the --output file.
 */
#ifndef LISTAPPS_CLI_RUN_H
#define LISTAPPS_CLI_RUN_H

#include "options.h"

/* Takes the snapshot and writes it as it is rendered (CSV and JSON row by row), unless quiet.
 * Returns 0; CLI_EXIT_NO_MATCH when filters were given and matched nothing (after writing the
 * empty list); or CLI_EXIT_FAILED after reporting a failure. */
int cli_run(const cli_options *o);

#endif
