/* CPU shares and statuses. See measures.h. */
#include "core/measures.h"

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
