/*
 * listapps.exe: a thin command line over the library, split by concern: options.c reads the
 * command line, help.c writes --help, run.c makes one listing, watch.c runs --watch, and
 * console.c and output_file.c write what they make. It includes only the public header.
 */
#include <stdlib.h>
#include <wchar.h>

#include "help.h"
#include "options.h"
#include "run.h"
#include "session_helper.h"
#include "watch.h"

int wmain(int argc, wchar_t **argv);

int wmain(int argc, wchar_t **argv) {
  cli_options o;
  int status;

  /* Internal: the helper of a sessions listing, started by listapps itself in another user's
   * session (see listapps_snapshot_take). Not an option: nobody types it. */
  if (argc == 2 && wcscmp(argv[1], L"--session-helper") == 0) return cli_session_helper();
  status = cli_parse_options(argc, argv, &o);

  if (status == 0) {
    if (o.show_help)
      status = cli_print_help();
    else if (o.show_version)
      status = cli_print_version();
    else if (o.watch)
      status = cli_watch(&o);
    else
      status = cli_run(&o);
  }
  cli_free_options(&o);
  return status;
}
