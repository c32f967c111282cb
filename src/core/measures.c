/* CPU shares and statuses. See measures.h. */
#include "core/measures.h"

#include "listapps.h"

long long la_cpu_tenths(uint64_t used, uint64_t interval, unsigned processors) {
  uint64_t capacity;
  uint64_t tenths;

  if (interval == 0 || processors == 0) return 0;
  capacity = interval * processors;
  /* used * 1000 / capacity, rounded; the division first when used is large enough to
   * overflow. */
  if (used > UINT64_MAX / 1000u)
    tenths = used / capacity * 1000u;
  else
    tenths = (used * 1000u + capacity / 2) / capacity;
  return tenths > 1000u ? 1000 : (long long)tenths;
}

const char *la_status_text(int hung, int suspended) {
  if (suspended) return "Suspended";
  return hung ? "Not responding" : "Running";
}

int la_process_suspended(int threads_state, int threads_suspended, int frozen_state, int frozen,
                         int *suspended) {
  *suspended = 0;
  if (frozen_state == LISTAPPS_VALUE_PRESENT && frozen) {
    *suspended = 1;
    return LISTAPPS_VALUE_PRESENT;
  }
  if (threads_state != LISTAPPS_VALUE_PRESENT) return threads_state;
  *suspended = threads_suspended != 0;
  return LISTAPPS_VALUE_PRESENT;
}

int la_efficiency_mode(int ecoqos, long base_priority) {
  return ecoqos != 0 && base_priority <= LA_LOW_BASE_PRIORITY;
}

uint64_t la_rate_per_second(uint64_t delta, uint64_t interval) {
  /* delta * 10^7 / interval, rounded; the division first when the product would overflow. */
  if (interval == 0) return 0;
  if (delta > (UINT64_MAX - interval / 2) / 10000000u) return delta / interval * 10000000u;
  return (delta * 10000000u + interval / 2) / interval;
}

long long la_gpu_busiest(const uint64_t *delta, size_t count, uint64_t interval, size_t *engine) {
  size_t best = count;
  size_t i;

  for (i = 0; i < count; i++)
    if (delta[i] > 0 && (best == count || delta[i] > delta[best])) best = i;
  *engine = best;
  return best == count ? 0 : la_cpu_tenths(delta[best], interval, 1);
}
