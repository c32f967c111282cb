/* Listings that count what they cost (win/list_stats.h), for the tests and the benchmark. Not
 * part of the public API. */
#ifndef LA_LIST_STATS_H
#define LA_LIST_STATS_H

#include <stddef.h>

#include "listapps.h"
#include "win/list_stats.h"


/* listapps_snapshot_take, counting into *stats (zeroed first) when stats is not NULL. */
int la_snapshot_take_counted(const listapps_options *options, listapps_snapshot **out,
                             listapps_error_info *error, la_list_stats *stats);

/* la_snapshot_take_counted, with a watch's memory shared by several listings (NULL for none;
 * win/watch_memory.h): each listing reads again only what the memory does not hold. */
struct la_watch_memory;
int la_snapshot_take_remembering(const listapps_options *options, listapps_snapshot **out,
                                 listapps_error_info *error, la_list_stats *stats,
                                 struct la_watch_memory *memory);

/* listapps_list_apps, counting into *stats (zeroed first) when stats is not NULL. */
int la_list_apps_counted(unsigned int flags, listapps_list *out, la_list_stats *stats);

#endif
