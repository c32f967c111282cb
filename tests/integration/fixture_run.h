/* Starting a fixture that opens real windows, for the integration suites. */
#ifndef LA_FIXTURE_RUN_H
#define LA_FIXTURE_RUN_H

#include <stddef.h>

#include "listapps.h"
#include "test_process.h"

/* How long a fixture may take to open its windows, or to exit. */
#define FIXTURE_TIMEOUT_MS 30000u

/* Starts the fixture exe_name (a file beside the test executable) with the given window
 * arguments (see tests/fixtures/window_host.c), failing the test if it does not come up. */
void fixture_start(const wchar_t *exe_name, const wchar_t *const *args, size_t arg_count,
                   test_process *p);

/* Stops a fixture started with fixture_start; fails the test if it does not exit cleanly. */
void fixture_stop(test_process *p);

/* The row for pid in list, or NULL; fails the test if there are two. */
const listapps_app *find_row(const listapps_list *list, unsigned long pid);

/* The row of pid in a snapshot, or (size_t)-1; fails the test if a row has no PID or there are
 * two rows for pid. */
size_t find_snapshot_row(const listapps_snapshot *s, unsigned long pid);

/* How long a run of listapps.exe may take. */
#define RUN_TIMEOUT_MS 60000u

/* Runs listapps.exe (beside the test) with the given arguments to its end, into *r (free it
 * with test_run_result_free); fails the test when it cannot be started. */
void cli_run(const wchar_t *const *args, size_t arg_count, test_run_result *r);

/* A malloc'd UTF-16 string of count copies of c. */
wchar_t *repeat_wchar(wchar_t c, size_t count);

#endif
