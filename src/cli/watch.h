/*
 * watch.h - --watch: events as Apps change, until Ctrl+C, --timeout, --count or a closed
 * stdout.
 */
#ifndef LISTAPPS_CLI_WATCH_H
#define LISTAPPS_CLI_WATCH_H

#include "options.h"

/* Runs the watch, writing each event to stdout as it comes. Returns 0 when it ended by Ctrl+C,
 * --timeout or --count; CLI_EXIT_FAILED after reporting a failure (a closed pipe ends it
 * quietly). */
int cli_watch(const cli_options *o);

#endif
