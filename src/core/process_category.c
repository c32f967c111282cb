/* Categories, service-host names and the shell. See process_category.h. */
#include "core/process_category.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "listapps.h"

#define SYSTEM_PID 4ul

static int name_is(const char *name, const char *other) {
  return la_equal_ascii_ci(name, strlen(name), other, strlen(other));
}

static int name_in(const char *name, const char *const *list, size_t count) {
  size_t i;

  for (i = 0; i < count; i++) {
    if (name_is(name, list[i])) return 1;
  }
  return 0;
}

/* The length of s without the separators that end it. */
static size_t without_trailing_separators(const char *s, size_t len) {
  while (len > 0 && (s[len - 1] == '\\' || s[len - 1] == '/')) len--;
  return len;
}

/* 1 when the directory part of path is base, or base\sub when sub is not NULL; ignoring case
 * and the separators that end each directory. */
static int path_in_subdir(const char *path, const char *base, const char *sub) {
  const char *name = la_file_name_of(path);
  size_t dir_len = without_trailing_separators(path, (size_t)(name - path));
  size_t base_len = without_trailing_separators(base, strlen(base));
  size_t sub_len;

  if (dir_len == 0 || base_len == 0) return 0;
  if (sub == NULL) return la_equal_ascii_ci(path, dir_len, base, base_len);
  sub_len = strlen(sub);
  return dir_len == base_len + 1 + sub_len && la_equal_ascii_ci(path, base_len, base, base_len) &&
         (path[base_len] == '\\' || path[base_len] == '/') &&
         la_equal_ascii_ci(path + base_len + 1, sub_len, sub, sub_len);
}

int la_path_in_dir(const char *path, const char *dir) {
  return path_in_subdir(path, dir, NULL);
}

/* Where an entry of Task Manager's list lives. */
enum location { IN_SYSTEM_DIR, IN_WINDOWS_DIR, IN_DEFENDER_DIR };

int la_is_task_manager_system_image(const char *image, const char *path, const char *system_dir,
                                    const char *windows_dir, const char *program_files_dir) {
  /* Task Manager's list as Windows Admin Center carries it ("critical processes taken from
   * task manager code", WinAdminCenterPS Public/Get-Processes.ps1), with 1.0's fontdrvhost.exe
   * and LsaIso.exe. */
  static const struct {
    enum location where;
    const char *name;
  } list[] = {{IN_SYSTEM_DIR, "winlogon.exe"},    {IN_SYSTEM_DIR, "wininit.exe"},
              {IN_SYSTEM_DIR, "csrss.exe"},       {IN_SYSTEM_DIR, "lsass.exe"},
              {IN_SYSTEM_DIR, "smss.exe"},        {IN_SYSTEM_DIR, "services.exe"},
              {IN_SYSTEM_DIR, "taskeng.exe"},     {IN_SYSTEM_DIR, "taskhost.exe"},
              {IN_SYSTEM_DIR, "dwm.exe"},         {IN_SYSTEM_DIR, "conhost.exe"},
              {IN_SYSTEM_DIR, "svchost.exe"},     {IN_SYSTEM_DIR, "sihost.exe"},
              {IN_SYSTEM_DIR, "fontdrvhost.exe"}, {IN_SYSTEM_DIR, "LsaIso.exe"},
              {IN_DEFENDER_DIR, "MsMpEng.exe"},   {IN_DEFENDER_DIR, "NisSrv.exe"},
              {IN_WINDOWS_DIR, "explorer.exe"}};
  const char *name = path != NULL ? la_file_name_of(path) : image;
  size_t i;

  if (name == NULL) return 0;
  for (i = 0; i < sizeof list / sizeof list[0]; i++) {
    if (!name_is(name, list[i].name)) continue;
    /* A process that hides its path: the name is all there is, and it is trusted. */
    if (path == NULL) return 1;
    switch (list[i].where) {
      case IN_SYSTEM_DIR:
        return system_dir != NULL && path_in_subdir(path, system_dir, NULL);
      case IN_WINDOWS_DIR:
        return windows_dir != NULL && path_in_subdir(path, windows_dir, NULL);
      default:
        return program_files_dir != NULL &&
               path_in_subdir(path, program_files_dir, "Windows Defender");
    }
  }
  return 0;
}

int la_process_category(const la_category_facts *f) {
  static const char *const pseudo[] = {"System", "Registry", "Memory Compression", "Secure System"};

  if (f->in_app_group) return LISTAPPS_CATEGORY_APP;
  if (f->is_critical || f->pid == 0 || f->pid == SYSTEM_PID) return LISTAPPS_CATEGORY_WINDOWS;
  if (f->image == NULL) return LISTAPPS_CATEGORY_BACKGROUND;
  /* Kernel pseudo-processes have no image file; System starts them. */
  if (f->path == NULL && f->has_parent && f->parent_pid == SYSTEM_PID &&
      name_in(f->image, pseudo, sizeof pseudo / sizeof pseudo[0]))
    return LISTAPPS_CATEGORY_WINDOWS;
  if (la_is_task_manager_system_image(f->image, f->path, f->system_dir, f->windows_dir,
                                      f->program_files_dir))
    return LISTAPPS_CATEGORY_WINDOWS;
  return LISTAPPS_CATEGORY_BACKGROUND;
}

int la_may_be_shell_image(const char *image) {
  return image != NULL && name_is(image, "explorer.exe");
}

int la_is_shell_path(const char *path, const char *windows_dir) {
  return path != NULL && windows_dir != NULL && la_may_be_shell_image(la_file_name_of(path)) &&
         path_in_subdir(path, windows_dir, NULL);
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

const char *la_category_name(int category) {
  switch (category) {
    case LISTAPPS_CATEGORY_APP:
      return "App";
    case LISTAPPS_CATEGORY_BACKGROUND:
      return "Background process";
    case LISTAPPS_CATEGORY_WINDOWS:
      return "Windows process";
    default:
      return "";
  }
}
