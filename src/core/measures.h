/* The rules that turn raw readings into what Task Manager shows: CPU as a share of the whole
 * machine, and an App's status. Pure C. */
#ifndef LA_MEASURES_H
#define LA_MEASURES_H

#include <stdint.h>

/* CPU use over a sample in tenths of a percent of the whole machine (all logical processors),
 * rounded to the nearest tenth and at most 1000: used and interval in the same units. 0 when
 * interval or processors is 0. */
long long la_cpu_tenths(uint64_t used, uint64_t interval, unsigned processors);

/* Task Manager's Status: "Suspended" when every thread is suspended (or the process is frozen),
 * else "Not responding" when a window is hung, else "Running". */
const char *la_status_text(int hung, int suspended);

#endif
