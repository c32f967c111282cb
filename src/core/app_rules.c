/* The rules over gathered facts. See app_rules.h. */
#include "core/app_rules.h"

#include <stdlib.h>
#include <string.h>

#include "core/facts.h"
#include "core/pid_map.h"
#include "core/process_category.h"
#include "core/text.h"

int la_window_may_qualify(const la_window_facts *w) {
  /* Task Manager, like ReactOS taskmgr's EnumWindowsProc, tests GetParent rather than the
   * owner: an owned WS_POPUP window has its owner as parent and is left out, an owned
   * overlapped window has none and counts. */
  if (!w->visible || w->has_parent || w->is_shell_window) return 0;
  if ((w->ex_style & LA_WS_EX_TOOLWINDOW) != 0 && (w->ex_style & LA_WS_EX_APPWINDOW) == 0) return 0;
  return 1;
}

static int is_excluded_class(const char *class_name) {
  /* The shell's desktop windows, the core window a UWP app's frame hosts, and the ghost the
   * Desktop Window Manager shows for a hung window (ReactOS win32ss/user/ntuser/ghost.c makes
   * it of class "Ghost"; on Vista and later dwm.exe owns it): the ghost is never an App's
   * window itself, its hung window is (la_ghost_target_counts). */
  static const char *const excluded[] = {"Progman", "WorkerW", "Windows.UI.Core.CoreWindow",
                                         "Ghost"};
  size_t i;

  if (class_name == NULL) return 0;
  for (i = 0; i < sizeof excluded / sizeof excluded[0]; i++) {
    if (strcmp(class_name, excluded[i]) == 0) return 1;
  }
  return 0;
}

int la_window_qualifies(const la_window_facts *w) {
  return la_window_may_qualify(w) && w->title_len > 0 && !is_excluded_class(w->class_name) &&
         la_window_app_pid(w) != 0;
}

int la_window_is_uwp_frame(const la_window_facts *w) {
  return w->class_name != NULL && strcmp(w->class_name, "ApplicationFrameWindow") == 0;
}

static const char frame_host[] = "ApplicationFrameHost.exe";

int la_is_system_frame_host(const char *path, const char *system_dir) {
  const char *name;

  if (path == NULL || system_dir == NULL) return 0;
  name = la_file_name_of(path);
  return la_equal_ascii_ci(name, strlen(name), frame_host, sizeof frame_host - 1) &&
         la_path_in_dir(path, system_dir);
}

int la_frame_facts_needed(const la_window_facts *w) {
  return la_window_is_uwp_frame(w) && w->core_child_pid != 0;
}

unsigned long la_window_app_pid(const la_window_facts *w) {
  /* ApplicationFrameHost.exe draws the frames of UWP apps; Task Manager names the app by the
   * process behind the frame's core window, a packaged app. */
  if (la_window_is_uwp_frame(w)) {
    if (!la_frame_facts_needed(w) || !w->core_child_packaged ||
        !la_is_system_frame_host(w->frame_host_path, w->system_dir))
      return 0;
    return w->core_child_pid;
  }
  return w->pid;
}

int la_is_ghost_class(const char *class_name) {
  return class_name != NULL && strcmp(class_name, "Ghost") == 0;
}

void la_window_facts_of_raw(const la_raw_window *raw, la_window_facts *out) {
  memset(out, 0, sizeof *out);
  out->visible = (raw->style & LA_WS_VISIBLE) != 0;
  out->has_parent = raw->has_parent;
  out->ex_style = raw->ex_style;
  out->is_shell_window = raw->is_shell_window;
  out->class_name = raw->class_name;
  out->title_len = raw->title != NULL ? strlen(raw->title) : 0;
  /* Titled, but the title was not read (a private listing): titled is all the rules ask. */
  if (out->title_len == 0 && raw->titled) out->title_len = 1;
  out->pid = raw->pid;
  out->core_child_pid = raw->core_child_pid;
  out->frame_host_path = raw->frame_host_path;
  out->system_dir = raw->frame_system_dir;
  out->core_child_packaged = raw->core_child_packaged;
}

int la_raw_window_qualifies(const la_raw_window *raw, unsigned long *app_pid) {
  la_window_facts f;

  la_window_facts_of_raw(raw, &f);
  if (!la_window_qualifies(&f)) return 0;
  *app_pid = la_window_app_pid(&f);
  return 1;
}

int la_ghost_target_counts(const la_raw_window *target, unsigned long *app_pid) {
  la_window_facts f;

  la_window_facts_of_raw(target, &f);
  /* Windows hides the hung window while its ghost shows: it counts as if it were visible. */
  f.visible = 1;
  if (!la_window_qualifies(&f)) return 0;
  *app_pid = la_window_app_pid(&f);
  return 1;
}

int la_image_may_be_app(const char *image) {
  /* Windows Admin Center's copy of Task Manager's rule (WinAdminCenterPS
   * Public/Get-Processes.ps1) makes a process with a window an application "excluding
   * ApplicationFrameHost.exe". */
  return image == NULL ||
         !la_equal_ascii_ci(image, strlen(image), frame_host, sizeof frame_host - 1);
}

int la_group_windows(const unsigned long *pids, size_t count, la_app_group **groups,
                     size_t *group_count) {
  la_pid_map index_of = {NULL, NULL, 0, 0};
  la_app_group *g = NULL;
  size_t n = 0;
  size_t i;

  *groups = NULL;
  *group_count = 0;
  if (count == 0) return 0;
  if (count > SIZE_MAX / sizeof *g) return LISTAPPS_ENOMEM;
  g = malloc(count * sizeof *g);
  if (g == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < count; i++) {
    size_t k;
    if (la_pid_map_get(&index_of, pids[i], &k)) {
      g[k].window_count++;
      continue;
    }
    if (la_pid_map_put(&index_of, pids[i], n) != 0) {
      la_pid_map_free(&index_of);
      free(g);
      return LISTAPPS_ENOMEM;
    }
    g[n].pid = pids[i];
    g[n].first_window = i;
    g[n].window_count = 1;
    n++;
  }
  la_pid_map_free(&index_of);
  *groups = g;
  *group_count = n;
  return 0;
}

static size_t add_candidate(uint32_t *out, size_t n, uint32_t key) {
  size_t i;

  for (i = 0; i < n; i++) {
    if (out[i] == key) return n;
  }
  out[n] = key;
  return n + 1;
}

size_t la_description_candidates(const uint32_t *translations, size_t count,
                                 uint32_t out[LA_MAX_DESCRIPTION_CANDIDATES]) {
  size_t n = 0;

  if (count > 0) {
    uint32_t lang = translations[0] >> 16;
    n = add_candidate(out, n, translations[0]);
    n = add_candidate(out, n, LA_VERSION_KEY(lang, 1252));
    n = add_candidate(out, n, LA_VERSION_KEY(lang, 1200));
  }
  n = add_candidate(out, n, LA_VERSION_KEY(0x0409, 1200));
  n = add_candidate(out, n, LA_VERSION_KEY(0x0409, 1252));
  n = add_candidate(out, n, LA_VERSION_KEY(0x0409, 0));
  return n;
}

size_t la_version_resource_len(const unsigned char *block, size_t block_len) {
  size_t own;

  if (block_len < 2) return 0;
  own = (size_t)block[0] | ((size_t)block[1] << 8);
  return own < block_len ? own : block_len;
}

int la_version_value_fits(const unsigned char *block, size_t block_len, size_t offset,
                          size_t len) {
  size_t end = la_version_resource_len(block, block_len);

  return offset <= end && len <= end - offset;
}

size_t la_version_string_count(const unsigned char *block, size_t block_len, size_t offset,
                               size_t count) {
  size_t end = la_version_resource_len(block, block_len);
  size_t avail = offset <= end ? (end - offset) / 2 : 0;
  size_t n = count < avail ? count : avail;
  size_t i;

  for (i = 0; i < n; i++) {
    const unsigned char *unit = block + offset + 2 * i;
    if (unit[0] == 0 && unit[1] == 0) return i;
  }
  return n;
}

int la_choose_description(const char *const *values, size_t count) {
  int first_present = -1;
  size_t i;

  for (i = 0; i < count; i++) {
    size_t start;
    size_t len;

    if (values[i] == NULL) continue;
    if (first_present < 0) first_present = (int)i;
    la_trim(values[i], strlen(values[i]), &start, &len);
    if (len > 0) return (int)i;
  }
  return first_present;
}

char *la_display_name(const char *description, const char *image) {
  if (description != NULL) {
    size_t start;
    size_t len;
    la_trim(description, strlen(description), &start, &len);
    if (len > 0) return la_strndup(description + start, len);
  }
  return la_strdup(image != NULL ? image : "");
}
