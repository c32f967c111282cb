/* The rules that turn raw readings into what Task Manager shows: CPU as a share of the whole
 * machine, an App's status, Efficiency mode, rates and the busiest GPU engine. Pure C. */
#ifndef LA_MEASURES_H
#define LA_MEASURES_H

#include <stddef.h>
#include <stdint.h>

/* CPU use over a sample in tenths of a percent of the whole machine (all logical processors),
 * rounded to the nearest tenth and at most 1000: used and interval in the same units. 0 when
 * interval or processors is 0. */
long long la_cpu_tenths(uint64_t used, uint64_t interval, unsigned processors);

/* Task Manager's Status: "Suspended" when every thread is suspended (or the process is frozen),
 * else "Not responding" when a window is hung, else "Running". */
const char *la_status_text(int hung, int suspended);

/* Whether a process is suspended, from its two readings, each with its state (enum
 * listapps_value_state): frozen (PROCESS_EXTENDED_BASIC_INFORMATION.IsFrozen, as the system
 * freezes a packaged app it suspends) and every thread waiting suspended (the process list's
 * thread states). A frozen process is suspended whatever its threads say; otherwise the
 * threads decide, and where they cannot be read neither can the answer. Sets *suspended and
 * returns the answer's state. */
int la_process_suspended(int threads_state, int threads_suspended, int frozen_state, int frozen,
                         int *suspended);

/* Task Manager's Efficiency mode, as Microsoft describes it: "a) reduces process base priority
 * to low, and b) sets QoS mode to EcoQoS". ecoqos: PROCESS_POWER_THROTTLING_EXECUTION_SPEED
 * in both the control and state masks; base_priority: the process's base priority (4 for
 * IDLE_PRIORITY_CLASS, Task Manager's "Low"). 1 when both hold. */
int la_efficiency_mode(int ecoqos, long base_priority);

/* The base priority of IDLE_PRIORITY_CLASS, Task Manager's "Low". */
#define LA_LOW_BASE_PRIORITY 4

/* A counter's growth over a sample as a rate per second, rounded: delta in units, interval in
 * 100 ns units. 0 when interval is 0. */
uint64_t la_rate_per_second(uint64_t delta, uint64_t interval);

/* The busiest of count engines: each engine's running time grew by delta[i] (100 ns units)
 * over a sample of interval (100 ns units). Returns its share of the sample in tenths of a
 * percent (at most 1000) and sets *engine to its index (the first of equals); when no engine
 * ran at all, returns 0 and sets *engine to count. */
long long la_gpu_busiest(const uint64_t *delta, size_t count, uint64_t interval, size_t *engine);

#endif
