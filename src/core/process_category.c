/* Categories and service-host names. See process_category.h. */
#include "core/process_category.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "listapps.h"

#define SYSTEM_PID 4ul

static int name_in(const char *name, const char *const *list, size_t count) {
  size_t i;

  for (i = 0; i < count; i++) {
    if (la_equal_ascii_ci(name, strlen(name), list[i], strlen(list[i]))) return 1;
  }
  return 0;
}

int la_path_in_dir(const char *path, const char *dir) {
  const char *name = la_file_name_of(path);
  size_t path_dir_len = (size_t)(name - path);
  size_t dir_len = strlen(dir);

  /* Compare without the separators that end each directory. */
  while (path_dir_len > 0 && (path[path_dir_len - 1] == '\\' || path[path_dir_len - 1] == '/'))
    path_dir_len--;
  while (dir_len > 0 && (dir[dir_len - 1] == '\\' || dir[dir_len - 1] == '/')) dir_len--;
  return path_dir_len > 0 && la_equal_ascii_ci(path, path_dir_len, dir, dir_len);
}

int la_process_category(const la_category_facts *f) {
  static const char *const pseudo[] = {"System", "Registry", "Memory Compression", "Secure System"};
  static const char *const system_images[] = {
      "smss.exe",    "csrss.exe",       "wininit.exe", "services.exe", "lsass.exe", "winlogon.exe",
      "svchost.exe", "fontdrvhost.exe", "dwm.exe",     "conhost.exe",  "LsaIso.exe"};

  if (f->in_app_group) return LISTAPPS_CATEGORY_APP;
  if (f->is_critical || f->pid == 0 || f->pid == SYSTEM_PID) return LISTAPPS_CATEGORY_WINDOWS;
  if (f->image == NULL) return LISTAPPS_CATEGORY_BACKGROUND;
  /* Kernel pseudo-processes have no image file; System starts them. */
  if (f->path == NULL && f->has_parent && f->parent_pid == SYSTEM_PID &&
      name_in(f->image, pseudo, sizeof pseudo / sizeof pseudo[0]))
    return LISTAPPS_CATEGORY_WINDOWS;
  if (name_in(f->image, system_images, sizeof system_images / sizeof system_images[0]) &&
      (f->path == NULL || (f->system_dir != NULL && la_path_in_dir(f->path, f->system_dir))))
    return LISTAPPS_CATEGORY_WINDOWS;
  return LISTAPPS_CATEGORY_BACKGROUND;
}

char *la_service_host_name(const char *const *display_names, size_t count) {
  static const char prefix[] = "Service Host: ";
  char more[40] = "";
  size_t first_len;
  char *name;

  if (count == 0) return NULL;
  if (count > 1) snprintf(more, sizeof more, " (+%lu more)", (unsigned long)(count - 1));
  first_len = strlen(display_names[0]);
  name = malloc(sizeof prefix - 1 + first_len + strlen(more) + 1);
  if (name == NULL) return NULL;
  memcpy(name, prefix, sizeof prefix - 1);
  memcpy(name + sizeof prefix - 1, display_names[0], first_len);
  strcpy(name + sizeof prefix - 1 + first_len, more);
  return name;
}
