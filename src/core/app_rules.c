/* The rules over gathered facts. See app_rules.h. */
#include "core/app_rules.h"

#include <stdlib.h>
#include <string.h>

#include "core/pid_map.h"
#include "core/utf.h"

int la_window_may_qualify(const la_window_facts *w) {
  /* Task Manager, like ReactOS taskmgr's EnumWindowsProc, tests GetParent rather than the
   * owner: an owned WS_POPUP window has its owner as parent and is left out, an owned
   * overlapped window has none and counts. */
  if (!w->visible || w->has_parent || w->is_shell_window) return 0;
  if ((w->ex_style & LA_WS_EX_TOOLWINDOW) != 0 && (w->ex_style & LA_WS_EX_APPWINDOW) == 0) return 0;
  return 1;
}

static int is_excluded_class(const char *class_name) {
  /* The shell's desktop windows, and the core window a UWP app's frame hosts. */
  static const char *const excluded[] = {"Progman", "WorkerW", "Windows.UI.Core.CoreWindow"};
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

unsigned long la_window_app_pid(const la_window_facts *w) {
  /* ApplicationFrameHost.exe draws the frames of UWP apps; Task Manager names the app by the
   * process behind the frame's core window. */
  if (la_window_is_uwp_frame(w)) return w->core_child_pid;
  return w->pid;
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

static int is_space(uint32_t cp) {
  return cp == ' ' || (cp >= 0x09u && cp <= 0x0Du) || cp == 0x85u || cp == 0xA0u || cp == 0x1680u ||
         (cp >= 0x2000u && cp <= 0x200Bu) || cp == 0x2028u || cp == 0x2029u || cp == 0x202Fu ||
         cp == 0x205Fu || cp == 0x3000u || cp == 0xFEFFu;
}

void la_trim(const char *s, size_t len, size_t *start, size_t *trimmed_len) {
  size_t i = 0;
  size_t end = 0;

  *start = len;
  while (i < len) {
    uint32_t cp;
    size_t n = la_utf8_decode(s + i, len - i, &cp);
    if (!is_space(cp)) {
      if (*start == len) *start = i;
      end = i + n;
    }
    i += n;
  }
  *trimmed_len = *start == len ? 0 : end - *start;
}

const char *la_file_name_of(const char *path) {
  const char *name = path;
  const char *p;

  for (p = path; *p != '\0'; p++) {
    if (*p == '\\' || *p == '/') name = p + 1;
  }
  return name;
}

static char *copy_span(const char *s, size_t len) {
  char *copy = malloc(len + 1);

  if (copy == NULL) return NULL;
  memcpy(copy, s, len);
  copy[len] = '\0';
  return copy;
}

char *la_display_name(const char *description, const char *image) {
  if (description != NULL) {
    size_t start;
    size_t len;
    la_trim(description, strlen(description), &start, &len);
    if (len > 0) return copy_span(description + start, len);
  }
  if (image != NULL) return copy_span(image, strlen(image));
  return copy_span("", 0);
}

static uint32_t fold_case(uint32_t c) {
  if (c < 0x80u) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if ((c >= 0xC0u && c <= 0xDEu && c != 0xD7u) || (c >= 0x391u && c <= 0x3ABu && c != 0x3A2u) ||
      (c >= 0x410u && c <= 0x42Fu) || (c >= 0xFF21u && c <= 0xFF3Au))
    return c + 32;
  if (c >= 0x400u && c <= 0x40Fu) return c + 80;
  if (c == 0x386u) return 0x3ACu;
  if (c >= 0x388u && c <= 0x38Au) return c + 37;
  if (c == 0x38Cu) return 0x3CCu;
  if (c == 0x38Eu || c == 0x38Fu) return c + 63;
  if (c == 0x178u) return 0xFFu;
  /* Latin Extended-A pairs its letters upper, lower; the pairs start on even code points except
   * in U+0139-U+0148 and U+0179-U+017E, and U+0138 and U+0149 stand alone. */
  if ((c >= 0x100u && c <= 0x137u) || (c >= 0x14Au && c <= 0x177u)) return c | 1u;
  if ((c >= 0x139u && c <= 0x148u) || (c >= 0x179u && c <= 0x17Eu)) return (c & 1u) ? c + 1 : c;
  return c;
}

int la_compare_names(const char *a, const char *b) {
  size_t alen = strlen(a);
  size_t blen = strlen(b);
  size_t i = 0;
  size_t j = 0;

  while (i < alen && j < blen) {
    uint32_t ca;
    uint32_t cb;
    i += la_utf8_decode(a + i, alen - i, &ca);
    j += la_utf8_decode(b + j, blen - j, &cb);
    ca = fold_case(ca);
    cb = fold_case(cb);
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  if (i < alen) return 1;
  if (j < blen) return -1;
  return strcmp(a, b);
}

static int compare_rows(const void *pa, const void *pb) {
  const listapps_app *a = pa;
  const listapps_app *b = pb;
  int c = la_compare_names(a->name, b->name);

  if (c != 0) return c;
  return (a->pid > b->pid) - (a->pid < b->pid);
}

void la_sort_apps(listapps_app *apps, size_t count) {
  if (count > 1) qsort(apps, count, sizeof *apps, compare_rows);
}

typedef struct row_key {
  listapps_app row;
  const char *group_name; /* the name of the App whose group the row is in */
  unsigned long group_pid;
  int is_member;
} row_key;

static int compare_keys(const void *pa, const void *pb) {
  const row_key *a = pa;
  const row_key *b = pb;
  int c;

  if (a->row.category != b->row.category) return a->row.category < b->row.category ? -1 : 1;
  if (a->row.category == LISTAPPS_CATEGORY_APP) {
    c = la_compare_names(a->group_name, b->group_name);
    if (c != 0) return c;
    if (a->group_pid != b->group_pid) return a->group_pid < b->group_pid ? -1 : 1;
    if (a->is_member != b->is_member) return a->is_member - b->is_member;
  }
  return compare_rows(&a->row, &b->row);
}

int la_sort_process_rows(listapps_app *rows, size_t count) {
  la_pid_map app_rows = {NULL, NULL, 0, 0};
  row_key *keys;
  size_t i;

  if (count < 2) return 0;
  keys = malloc(count * sizeof *keys);
  if (keys == NULL) return LISTAPPS_ENOMEM;
  for (i = 0; i < count; i++) {
    if (rows[i].category == LISTAPPS_CATEGORY_APP && rows[i].app_pid == rows[i].pid &&
        la_pid_map_put(&app_rows, rows[i].pid, i) != 0) {
      la_pid_map_free(&app_rows);
      free(keys);
      return LISTAPPS_ENOMEM;
    }
  }
  for (i = 0; i < count; i++) {
    size_t app;
    keys[i].row = rows[i];
    keys[i].is_member = rows[i].category == LISTAPPS_CATEGORY_APP && rows[i].app_pid != rows[i].pid;
    keys[i].group_pid = keys[i].is_member ? rows[i].app_pid : rows[i].pid;
    keys[i].group_name = rows[i].name;
    if (keys[i].is_member && la_pid_map_get(&app_rows, rows[i].app_pid, &app))
      keys[i].group_name = rows[app].name;
  }
  la_pid_map_free(&app_rows);
  qsort(keys, count, sizeof *keys, compare_keys);
  for (i = 0; i < count; i++) rows[i] = keys[i].row;
  free(keys);
  return 0;
}
