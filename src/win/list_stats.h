/* What one listing cost, counted by the gathering for the tests and the benchmark. Not part of
 * the public API. */
#ifndef LA_WIN_LIST_STATS_H
#define LA_WIN_LIST_STATS_H

#include <stddef.h>

typedef struct la_list_stats {
  size_t windows_seen;   /* qualifying windows */
  size_t processes_seen; /* processes in the snapshot */
  size_t probes;         /* processes opened (or read through a held handle) */
  size_t version_reads;  /* executables whose version resource was read */
  /* With a watch's memory: processes whose facts an earlier look's read gave, and windows
   * whose process and class it gave. */
  size_t processes_remembered;
  size_t windows_remembered;
  size_t details_remembered; /* processes whose command line, user... an earlier look read */
  size_t titles_read;        /* windows whose title text was read (none when private) */
} la_list_stats;

#endif
