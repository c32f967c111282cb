/* The field registry's public calls, over core/field_registry.c. */
#include "core/field_registry.h"
#include "listapps.h"

size_t listapps_field_count(void) {
  return la_field_count();
}

const listapps_field_info *listapps_field_info_of(int field) {
  return la_field_info_of(field);
}

int listapps_field_by_name(const char *name) {
  return la_field_by_name(name);
}
