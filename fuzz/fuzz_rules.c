/*
 * fuzz_rules - the rules over a snapshot (app_rules.h, process_groups.h, process_category.h)
 * and the PID map they use (pid_map.h). The input's first byte picks the rule; the rest is its
 * snapshot.
 *
 * Properties:
 *  0 windows:      la_window_qualifies follows listapps_list_apps' documented rule exactly
 *                  (a UWP frame counting for its core window's process when the system's
 *                  ApplicationFrameHost.exe draws it and that process is packaged, or not at
 *                  all), qualifies => may_qualify, and may_qualify reads only the cheap facts;
 *  1 grouping:     la_group_windows: one group per distinct PID, in order of first appearance,
 *                  first_window is that PID's first window, window counts add up to count;
 *  2 pid map:      la_pid_map_put/get against a naive array, under puts, replacements, misses
 *                  and the refused index SIZE_MAX;
 *  3 candidates:   la_description_candidates gives the documented order without repeats, at
 *                  most LA_MAX_DESCRIPTION_CANDIDATES, translations[0] first when there is one;
 *  4 names:        la_trim is idempotent and cuts only what it counts as space;
 *                  la_choose_description, la_display_name and la_file_name_of as documented;
 *  5 comparison:   la_compare_names is reflexive, antisymmetric and transitive, 0 only for
 *                  equal strings, and blind to ASCII case up to the final byte tie-break;
 *  6 sorting:      la_sort_rows over la_row values gives a permutation of its rows: without
 *                  LISTAPPS_LIST_ALL sorted by name (an unavailable Name as ""), then PID,
 *                  whatever the category and AppPID; with it in its documented order
 *                  (categories, each App followed by its group, by name, then PID; a member is
 *                  an App-category row whose AppPID is there and not its own PID); rows
 *                  untouched on failure;
 *  7 App groups:   la_assign_groups puts a process in its real parent's group when the parent
 *                  has one and neither is the shell, else an App in its own group and any other
 *                  process in none (which fixes every group: the topmost App ancestor);
 *                  la_group_time_needs marks every process whose creation time can change a
 *                  group and no shell: blanking the other times changes no group;
 *                  la_is_real_parent as documented;
 *  8 categories:   la_process_category follows its documented rule (Task Manager's list by
 *                  full path: system directory, %windir%, %ProgramFiles%\Windows Defender; by
 *                  name when the path is hidden); la_path_in_dir finds a file in its directory
 *                  whatever the case and trailing separators; la_is_shell_path is the file
 *                  explorer.exe in %windir%;
 *                  la_service_host_name is "Service Host: <first>" with " (+N more)".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/app_rules.h"
#include "fuzz_common.h"
#include "listapps.h"
#include "core/pid_map.h"
#include "core/process_category.h"
#include "core/process_groups.h"
#include "core/row.h"
#include "core/text.h"

#define MAX_ITEMS 256

static int sign(int v) {
  return (v > 0) - (v < 0);
}

/* PIDs from a small alphabet repeat often (as windows of one process do); sometimes a full
 * 32-bit value, as a Windows PID is. */
static unsigned long take_pid(fuzz_input *in) {
  uint8_t b = fuzz_take_u8(in);
  if (b < 0xF0) return (unsigned long)(b % 24) * 4;
  return (unsigned long)fuzz_take_uint(in, 4);
}

/* ---- 0: which windows make an App ------------------------------------------------------- */

static void check_windows(fuzz_input *in) {
  static const char *const classes[] = {
      "Progman", "WorkerW", "Windows.UI.Core.CoreWindow", "ApplicationFrameWindow", "Notepad", "",
      "progman", "WorkerW "};
  while (in->len > 0) {
    la_window_facts w;
    la_window_facts other;
    uint8_t bits = fuzz_take_u8(in);
    uint8_t cls = fuzz_take_u8(in);
    char *owned = NULL;
    int tool;
    int app;
    int excluded;
    int frame;
    unsigned long app_pid;
    int expect;
    int may;

    memset(&w, 0, sizeof w);
    w.visible = bits & 1;
    w.has_parent = (bits >> 1) & 1;
    w.is_shell_window = (bits >> 2) & 1;
    /* Mostly the two style bits that matter, sometimes a whole 32-bit style. */
    w.ex_style = (bits & 0x08) ? (unsigned long)fuzz_take_uint(in, 4)
                               : ((bits & 0x10) ? LA_WS_EX_TOOLWINDOW : 0) |
                                     ((bits & 0x20) ? LA_WS_EX_APPWINDOW : 0);
    w.title_len = (bits & 0x40) ? fuzz_take_u8(in) : 0;
    /* PID 0 is the System Idle Process, which owns no window; a frame may have no core window. */
    w.pid = (bits & 0x80) ? take_pid(in) : 0;
    w.core_child_pid = (cls & 0x40) ? take_pid(in) : 0;
    /* Bits 3-5 of cls, which the class does not use: the frame's host, and its package. */
    w.system_dir = (cls & 0x08) ? NULL : "C:\\WINDOWS\\system32";
    w.frame_host_path = (cls & 0x10) ? "C:\\Windows\\System32\\ApplicationFrameHost.exe"
                                     : "C:\\Users\\u\\ApplicationFrameHost.exe";
    w.core_child_packaged = (cls & 0x20) != 0;
    if (cls < 0x80) {
      w.class_name = classes[cls % (sizeof classes / sizeof classes[0])];
    } else if (cls < 0xC0) {
      w.class_name = NULL;
    } else {
      owned = fuzz_take_cstring(in, NULL);
      if (owned == NULL) return;
      w.class_name = owned;
    }

    tool = (w.ex_style & LA_WS_EX_TOOLWINDOW) != 0;
    app = (w.ex_style & LA_WS_EX_APPWINDOW) != 0;
    excluded = w.class_name != NULL &&
               (strcmp(w.class_name, "Progman") == 0 || strcmp(w.class_name, "WorkerW") == 0 ||
                strcmp(w.class_name, "Windows.UI.Core.CoreWindow") == 0);
    /* A UWP frame counts for the process of its core window, when the system's host draws it
     * and that process is packaged; not at all otherwise. */
    frame = w.class_name != NULL && strcmp(w.class_name, "ApplicationFrameWindow") == 0;
    app_pid = !frame ? w.pid
              : ((cls & 0x08) == 0 && (cls & 0x10) && (cls & 0x20)) ? w.core_child_pid
                                                                    : 0;
    FUZZ_CHECK(la_window_is_uwp_frame(&w) == frame, "is_uwp_frame for class %s",
               w.class_name != NULL ? w.class_name : "(null)");
    FUZZ_CHECK(la_window_app_pid(&w) == app_pid, "app_pid %lu, expected %lu", la_window_app_pid(&w),
               app_pid);
    expect = w.visible && !w.has_parent && !w.is_shell_window && (!tool || app) &&
             w.title_len > 0 && !excluded && app_pid != 0;
    may = la_window_may_qualify(&w);
    FUZZ_CHECK(la_window_qualifies(&w) == expect,
               "visible %d parent %d shell %d ex_style 0x%lx title_len %zu class %s pid %lu "
               "core_child_pid %lu: qualifies %d, expected %d",
               w.visible, w.has_parent, w.is_shell_window, w.ex_style, w.title_len,
               w.class_name != NULL ? w.class_name : "(null)", w.pid, w.core_child_pid,
               la_window_qualifies(&w), expect);
    FUZZ_CHECK(!expect || may, "qualifies but may_qualify is 0");
    FUZZ_CHECK(may == (w.visible && !w.has_parent && !w.is_shell_window && (!tool || app)),
               "may_qualify %d for visible %d parent %d shell %d ex_style 0x%lx", may, w.visible,
               w.has_parent, w.is_shell_window, w.ex_style);
    /* The title and class are not read by may_qualify: the gatherer skips them on its word. */
    other = w;
    other.title_len = w.title_len == 0 ? 7 : 0;
    other.class_name = w.class_name == NULL ? "Progman" : NULL;
    FUZZ_CHECK(la_window_may_qualify(&other) == may, "may_qualify read the title or class");
    free(owned);
  }
}

/* ---- 1: grouping windows into Apps ------------------------------------------------------ */

static void check_grouping(fuzz_input *in) {
  unsigned long *pids = malloc(MAX_ITEMS * sizeof *pids);
  la_app_group *groups = (la_app_group *)1;
  size_t group_count = 99;
  size_t count = 0;
  size_t total = 0;
  size_t g;
  size_t i;
  int rc;

  if (pids == NULL) return;
  while (in->len > 0 && count < MAX_ITEMS) pids[count++] = take_pid(in);
  rc = la_group_windows(pids, count, &groups, &group_count);
  if (rc == LISTAPPS_ENOMEM) {
    FUZZ_CHECK(groups == NULL && group_count == 0, "outputs not zeroed on failure");
    free(pids);
    return;
  }
  FUZZ_CHECK(rc == 0, "la_group_windows returned %d", rc);
  FUZZ_CHECK(count > 0 || (groups == NULL && group_count == 0), "no windows, %zu groups",
             group_count);
  FUZZ_CHECK(group_count <= count, "%zu groups for %zu windows", group_count, count);
  for (g = 0; g < group_count; g++) {
    const la_app_group *a = &groups[g];
    size_t windows = 0;

    FUZZ_CHECK(a->first_window < count, "group %zu: first_window %zu of %zu", g, a->first_window,
               count);
    FUZZ_CHECK(pids[a->first_window] == a->pid, "group %zu: first window belongs to %lu, not %lu",
               g, pids[a->first_window], a->pid);
    for (i = 0; i < a->first_window; i++)
      FUZZ_CHECK(pids[i] != a->pid, "group %zu: window %zu of pid %lu comes before first_window", g,
                 i, a->pid);
    if (g > 0)
      FUZZ_CHECK(groups[g - 1].first_window < a->first_window,
                 "groups %zu and %zu out of order of first appearance", g - 1, g);
    for (i = 0; i < count; i++) windows += pids[i] == a->pid;
    FUZZ_CHECK(a->window_count == windows, "group %zu (pid %lu): window_count %zu, has %zu", g,
               a->pid, a->window_count, windows);
    for (i = 0; i < g; i++) FUZZ_CHECK(groups[i].pid != a->pid, "pid %lu grouped twice", a->pid);
    total += a->window_count;
  }
  FUZZ_CHECK(total == count, "window counts add up to %zu of %zu", total, count);
  /* Every window's process has a group (with the distinct PIDs and the sum, this makes the
   * groups exactly the distinct PIDs). */
  for (i = 0; i < count; i++) {
    int found = 0;
    for (g = 0; g < group_count && !found; g++) found = groups[g].pid == pids[i];
    FUZZ_CHECK(found, "window %zu's pid %lu has no group", i, pids[i]);
  }
  free(groups);
  free(pids);
}

/* ---- 2: the PID map ---------------------------------------------------------------------- */

static void check_pid_map(fuzz_input *in) {
  la_pid_map map;
  unsigned long keys[MAX_ITEMS];
  size_t values[MAX_ITEMS];
  size_t n = 0;
  size_t i;

  memset(&map, 0, sizeof map);
  while (in->len > 0) {
    uint8_t op = fuzz_take_u8(in);
    unsigned long pid = take_pid(in);
    size_t index = 0;
    size_t got = 0;
    size_t k;
    int present;

    for (k = 0; k < n && keys[k] != pid; k++) {
    }
    present = k < n;
    if ((op & 3) != 0) { /* put, three times as often as get */
      if (op >= 0xFC)
        index = SIZE_MAX;
      else if (op & 0x80)
        index = (size_t)fuzz_take_uint(in, sizeof index);
      else
        index = (size_t)(op >> 2);
      if (index == SIZE_MAX) {
        FUZZ_CHECK(la_pid_map_put(&map, pid, index) == -1, "index SIZE_MAX accepted");
      } else if (!present && n == MAX_ITEMS) {
        continue;
      } else {
        if (la_pid_map_put(&map, pid, index) != 0) break; /* out of memory */
        if (!present) keys[n++] = pid;
        values[k] = index;
      }
      FUZZ_CHECK(map.count == n, "map.count %zu, %zu distinct keys put", map.count, n);
    }
    present = la_pid_map_get(&map, pid, &got);
    FUZZ_CHECK(present == (k < n), "get(%lu) = %d, expected %d", pid, present, k < n);
    if (present) FUZZ_CHECK(got == values[k], "get(%lu) = %zu, expected %zu", pid, got, values[k]);
  }
  for (i = 0; i < n; i++) {
    size_t got = 0;
    FUZZ_CHECK(la_pid_map_get(&map, keys[i], &got) == 1 && got == values[i],
               "key %lu lost or changed", keys[i]);
  }
  la_pid_map_free(&map);
  FUZZ_CHECK(map.keys == NULL && map.slots == NULL && map.cap == 0 && map.count == 0,
             "map not zeroed by la_pid_map_free");
}

/* ---- 3: version blocks to try ------------------------------------------------------------ */

static void check_candidates(fuzz_input *in) {
  size_t count = fuzz_take_below(in, 5);
  uint32_t *translations = count > 0 ? malloc(count * sizeof *translations) : NULL;
  uint32_t out[LA_MAX_DESCRIPTION_CANDIDATES + 1];
  uint32_t want[6];
  size_t want_n = 0;
  size_t n;
  size_t i;
  size_t j;

  if (count > 0 && translations == NULL) return;
  for (i = 0; i < count; i++) {
    /* Often a common language or code page, so the fixed candidates repeat it. */
    uint8_t b = fuzz_take_u8(in);
    uint32_t lang = (b & 1) ? 0x0409u : (uint32_t)fuzz_take_uint(in, 2);
    uint32_t cp = (b & 2)   ? ((b & 4) ? 1200u : 1252u)
                  : (b & 8) ? 0u
                            : (uint32_t)fuzz_take_uint(in, 2);
    translations[i] = LA_VERSION_KEY(lang, cp);
  }
  if (count > 0) {
    uint32_t lang = translations[0] >> 16;
    want[want_n++] = translations[0];
    want[want_n++] = LA_VERSION_KEY(lang, 1252);
    want[want_n++] = LA_VERSION_KEY(lang, 1200);
  }
  want[want_n++] = LA_VERSION_KEY(0x0409, 1200);
  want[want_n++] = LA_VERSION_KEY(0x0409, 1252);
  want[want_n++] = LA_VERSION_KEY(0x0409, 0);

  out[LA_MAX_DESCRIPTION_CANDIDATES] = 0xDEADBEEFu;
  n = la_description_candidates(translations, count, out);
  FUZZ_CHECK(n >= 1 && n <= LA_MAX_DESCRIPTION_CANDIDATES, "%zu candidates", n);
  FUZZ_CHECK(out[LA_MAX_DESCRIPTION_CANDIDATES] == 0xDEADBEEFu, "wrote past the array");
  FUZZ_CHECK(count == 0 || out[0] == translations[0], "first is %08x, not translations[0] %08x",
             (unsigned)out[0], (unsigned)translations[0]);
  for (i = 0; i < n; i++)
    for (j = 0; j < i; j++)
      FUZZ_CHECK(out[i] != out[j], "candidate %08x repeated", (unsigned)out[i]);
  /* The documented order: each wanted key in turn, skipping the ones already there. */
  j = 0;
  for (i = 0; i < want_n; i++) {
    size_t k;
    int seen = 0;
    for (k = 0; k < i; k++) seen |= want[k] == want[i];
    if (seen) continue;
    FUZZ_CHECK(j < n && out[j] == want[i], "candidate %zu is %08x, expected %08x", j,
               j < n ? (unsigned)out[j] : 0u, (unsigned)want[i]);
    j++;
  }
  FUZZ_CHECK(j == n, "%zu candidates, expected %zu", n, j);
  free(translations);
}

/* ---- 4: trimming and naming -------------------------------------------------------------- */

static int is_blank(const char *s, size_t len) {
  size_t start;
  size_t n;
  la_trim(s, len, &start, &n);
  return n == 0;
}

static void check_names(fuzz_input *in) {
  size_t desc_len = 0;
  char *desc = fuzz_take_cstring(in, &desc_len);
  char *image = fuzz_take_cstring(in, NULL);
  uint8_t nulls = fuzz_take_u8(in);
  /* la_trim takes a length, so it also sees the NULs a C string cannot hold. */
  size_t raw_len = in->len;
  char *raw = malloc(raw_len > 0 ? raw_len : 1);
  const char *values[4];
  size_t start = 0;
  size_t len = 0;
  size_t start2 = 1;
  size_t len2 = 0;
  char *name = NULL;
  const char *file;
  int chosen;
  int first_present = -1;
  size_t i;

  if (desc == NULL || image == NULL || raw == NULL) goto cleanup;
  if (raw_len > 0) memcpy(raw, in->data, raw_len);

  /* la_trim: a span inside the text, which trims to itself; what it cut is all space. */
  la_trim(raw, raw_len, &start, &len);
  FUZZ_CHECK(start <= raw_len && len <= raw_len - start, "span %zu+%zu of %zu", start, len,
             raw_len);
  FUZZ_CHECK(len > 0 || start == raw_len, "empty span at %zu of %zu", start, raw_len);
  la_trim(raw + start, len, &start2, &len2);
  FUZZ_CHECK(len == 0 || (start2 == 0 && len2 == len), "trimming again gave %zu+%zu of %zu", start2,
             len2, len);
  FUZZ_CHECK(is_blank(raw, start), "cut a non-space before the span");
  FUZZ_CHECK(is_blank(raw + start + len, raw_len - start - len), "cut a non-space after it");

  /* la_display_name: the trimmed description, else the image, else "". */
  name = la_display_name((nulls & 1) ? NULL : desc, (nulls & 2) ? NULL : image);
  if (name != NULL) {
    const char *want = (nulls & 2) ? "" : image;
    size_t want_len = strlen(want);
    if (!(nulls & 1) && !is_blank(desc, desc_len)) {
      la_trim(desc, desc_len, &start, &len);
      want = desc + start;
      want_len = len;
    }
    FUZZ_CHECK(strlen(name) == want_len && memcmp(name, want, want_len) == 0,
               "display name \"%s\" for description \"%s\", image \"%s\"", name,
               (nulls & 1) ? "(null)" : desc, (nulls & 2) ? "(null)" : image);
  }

  /* la_choose_description: first non-blank, else first present, else -1. */
  values[0] = (nulls & 4) ? NULL : desc;
  values[1] = (nulls & 8) ? NULL : image;
  values[2] = (nulls & 16) ? NULL : "";
  values[3] = (nulls & 32) ? NULL : desc;
  chosen = la_choose_description(values, 4);
  for (i = 0; i < 4; i++) {
    if (values[i] == NULL) continue;
    if (first_present < 0) first_present = (int)i;
    if (!is_blank(values[i], strlen(values[i]))) break;
  }
  FUZZ_CHECK(chosen == (i < 4 ? (int)i : first_present), "chose %d", chosen);
  FUZZ_CHECK(la_choose_description(values, 0) == -1, "chose from nothing");

  /* la_file_name_of: a suffix of the path, after its last separator, holding none. */
  file = la_file_name_of(desc);
  FUZZ_CHECK(file >= desc && file <= desc + desc_len, "not inside the path");
  FUZZ_CHECK(strpbrk(file, "\\/") == NULL, "\"%s\" holds a separator", file);
  FUZZ_CHECK(file == desc || file[-1] == '\\' || file[-1] == '/', "cut inside a name");

cleanup:
  free(name);
  free(raw);
  free(desc);
  free(image);
}

/* ---- 5: comparing names ------------------------------------------------------------------ */

static void check_compare(fuzz_input *in) {
  char *s[3];
  char *lower = NULL;
  size_t i;
  size_t j;
  size_t k;

  for (i = 0; i < 3; i++) s[i] = fuzz_take_cstring(in, NULL);
  if (s[0] == NULL || s[1] == NULL || s[2] == NULL) goto cleanup;
  for (i = 0; i < 3; i++) {
    FUZZ_CHECK(la_compare_names(s[i], s[i]) == 0, "cmp(a, a) != 0 for \"%s\"", s[i]);
    for (j = 0; j < 3; j++) {
      int ab = la_compare_names(s[i], s[j]);
      int ba = la_compare_names(s[j], s[i]);
      FUZZ_CHECK(sign(ab) == -sign(ba), "cmp(\"%s\", \"%s\") = %d but the reverse is %d", s[i],
                 s[j], ab, ba);
      FUZZ_CHECK((ab == 0) == (strcmp(s[i], s[j]) == 0),
                 "cmp(\"%s\", \"%s\") = %d: ties must fall to the bytes", s[i], s[j], ab);
      for (k = 0; k < 3; k++) {
        if (ab <= 0 && la_compare_names(s[j], s[k]) <= 0)
          FUZZ_CHECK(la_compare_names(s[i], s[k]) <= 0, "not transitive: \"%s\" \"%s\" \"%s\"",
                     s[i], s[j], s[k]);
      }
    }
  }
  /* ASCII case is folded: a name and its lower-case copy differ only in the byte tie-break. */
  lower = malloc(strlen(s[0]) + 1);
  if (lower == NULL) goto cleanup;
  for (i = 0; s[0][i] != '\0'; i++)
    lower[i] = (s[0][i] >= 'A' && s[0][i] <= 'Z') ? (char)(s[0][i] + 32) : s[0][i];
  lower[i] = '\0';
  for (j = 1; j < 3; j++) {
    /* Against another name the two compare alike, unless both fell to the byte tie-break. */
    int a = sign(la_compare_names(s[0], s[j]));
    int b = sign(la_compare_names(lower, s[j]));
    FUZZ_CHECK(a == b || (a == sign(strcmp(s[0], s[j])) && b == sign(strcmp(lower, s[j]))),
               "case changed the order of \"%s\" and \"%s\"", s[0], s[j]);
  }
  FUZZ_CHECK(sign(la_compare_names(s[0], lower)) == sign(strcmp(s[0], lower)),
             "\"%s\" and \"%s\" differ beyond case", s[0], lower);

cleanup:
  free(lower);
  for (i = 0; i < 3; i++) free(s[i]);
}

/* ---- 6: sorting rows --------------------------------------------------------------------- */

/* What la_sort_rows reads of a row: the Name (an unavailable one sorts as ""), the PID, and
 * with LISTAPPS_LIST_ALL the category number and whether the AppPID is there. */
static const char *row_name(const la_row *r) {
  const la_value *v = &r->values[LISTAPPS_FIELD_NAME];
  return v->state == LISTAPPS_VALUE_PRESENT ? v->text : "";
}

static unsigned long row_pid(const la_row *r) {
  return (unsigned long)r->values[LISTAPPS_FIELD_PID].number;
}

static int row_category(const la_row *r) {
  return (int)r->values[LISTAPPS_FIELD_CATEGORY].number;
}

/* A member of an App's group: category App, and an AppPID that is there and not its own PID. */
static int row_is_member(const la_row *r) {
  const la_value *app = &r->values[LISTAPPS_FIELD_APP_PID];
  return row_category(r) == LISTAPPS_CATEGORY_APP && app->state == LISTAPPS_VALUE_PRESENT &&
         (unsigned long)app->number != row_pid(r);
}

/* Where la_sort_rows must put a row with LISTAPPS_LIST_ALL: category; for an App row its group
 * (the App's name and PID; a member whose App has no row stands for its own name), the App
 * before its members; then name and PID. */
typedef struct process_key {
  int category;
  const char *group_name;
  unsigned long group_pid;
  int member;
} process_key;

static process_key key_of(const la_row *rows, size_t count, const la_row *r) {
  process_key k;
  size_t i;

  k.category = row_category(r);
  k.member = row_is_member(r);
  k.group_pid = k.member ? (unsigned long)r->values[LISTAPPS_FIELD_APP_PID].number : row_pid(r);
  k.group_name = row_name(r);
  for (i = 0; k.member && i < count; i++) {
    if (row_category(&rows[i]) == LISTAPPS_CATEGORY_APP && !row_is_member(&rows[i]) &&
        row_pid(&rows[i]) == k.group_pid)
      k.group_name = row_name(&rows[i]);
  }
  return k;
}

/* <0, 0 or >0 as a must come before, may come either side of, or must come after b. */
static int compare_placed(const la_row *rows, size_t count, const la_row *a, const la_row *b) {
  process_key ka = key_of(rows, count, a);
  process_key kb = key_of(rows, count, b);
  int c;

  if (ka.category != kb.category) return ka.category < kb.category ? -1 : 1;
  if (ka.category == LISTAPPS_CATEGORY_APP) {
    c = la_compare_names(ka.group_name, kb.group_name);
    if (c != 0) return c;
    if (ka.group_pid != kb.group_pid) return ka.group_pid < kb.group_pid ? -1 : 1;
    if (ka.member != kb.member) return ka.member - kb.member;
  }
  c = la_compare_names(row_name(a), row_name(b));
  if (c != 0) return c;
  return (row_pid(a) > row_pid(b)) - (row_pid(a) < row_pid(b));
}

/* Without LISTAPPS_LIST_ALL: name, then PID; category and AppPID do not count. */
static int compare_plain(const la_row *a, const la_row *b) {
  int c = la_compare_names(row_name(a), row_name(b));
  if (c != 0) return c;
  return (row_pid(a) > row_pid(b)) - (row_pid(a) < row_pid(b));
}

static void describe_row(const la_row *r, char *out, size_t size) {
  const la_value *app = &r->values[LISTAPPS_FIELD_APP_PID];
  snprintf(out, size, "category %d \"%s\" pid %lu app_pid %s%lld", row_category(r), row_name(r),
           row_pid(r), app->state == LISTAPPS_VALUE_PRESENT ? "" : "(absent) ", app->number);
}

/* One row from the input: the Name from the front; from the back a byte b (bits 0-1 the
 * category, 3 meaning any int from the next byte; bit 2 AppPID = own PID; bit 3 AppPID = an
 * earlier row's PID; else bits 4-6 a small AppPID, 0 for none and 7 for any 32-bit value from
 * the back; bit 7 the Name unavailable), then without LISTAPPS_LIST_ALL the PID. Returns 0 or
 * LISTAPPS_ENOMEM. */
static int take_sort_row(fuzz_input *in, la_row *rows, size_t count, int all) {
  la_row *r = &rows[count];
  char *name = fuzz_take_cstring(in, NULL);
  uint8_t b;
  int category;
  unsigned nibble;
  int err;

  if (name == NULL) return LISTAPPS_ENOMEM;
  b = fuzz_take_u8(in);
  err = la_value_set_text(&r->values[LISTAPPS_FIELD_NAME], (b & 0x80) ? NULL : name,
                          LISTAPPS_VALUE_EXITED);
  free(name);
  if (err != 0) return err;
  category = (b & 3) == 3 ? (int)(int8_t)fuzz_take_u8(in) : b & 3;
  err = la_value_set_text(&r->values[LISTAPPS_FIELD_CATEGORY], listapps_category_name(category),
                          LISTAPPS_VALUE_NONE);
  if (err != 0) return err;
  r->values[LISTAPPS_FIELD_CATEGORY].number = category;
  /* A process listing has distinct PIDs, as in one snapshot; an Apps listing may repeat one. */
  la_value_set_number(&r->values[LISTAPPS_FIELD_PID],
                      all ? (long long)(count + 1) * 4 : (long long)take_pid(in));
  nibble = (b >> 4) & 7u;
  if (b & 4)
    la_value_set_number(&r->values[LISTAPPS_FIELD_APP_PID], r->values[LISTAPPS_FIELD_PID].number);
  else if ((b & 8) && count > 0)
    la_value_set_number(&r->values[LISTAPPS_FIELD_APP_PID],
                        rows[fuzz_take_below(in, count)].values[LISTAPPS_FIELD_PID].number);
  else if (nibble == 7)
    la_value_set_number(&r->values[LISTAPPS_FIELD_APP_PID], (long long)fuzz_take_uint(in, 4));
  else if (nibble != 0)
    la_value_set_number(&r->values[LISTAPPS_FIELD_APP_PID], (long long)nibble * 4);
  else
    la_value_set_state(&r->values[LISTAPPS_FIELD_APP_PID], LISTAPPS_VALUE_NONE);
  /* Tells rows apart however equal they sort. */
  la_value_set_number(&r->values[LISTAPPS_FIELD_WINDOWS], (long long)count);
  return 0;
}

static void check_sort(fuzz_input *in) {
  la_row *rows = calloc(MAX_ITEMS, sizeof *rows);
  la_row *copy = calloc(MAX_ITEMS, sizeof *copy);
  unsigned char *seen = calloc(MAX_ITEMS, 1);
  unsigned flags = fuzz_take_bool(in) ? LISTAPPS_LIST_ALL : LISTAPPS_LIST_DEFAULT;
  int all = flags == LISTAPPS_LIST_ALL;
  size_t count = 0;
  size_t i;
  size_t k;
  int rc;

  if (rows == NULL || copy == NULL || seen == NULL) goto cleanup;
  while (in->len > 0 && count < MAX_ITEMS) {
    /* The row counts as soon as it is started, so the clean-up frees what it holds. */
    count++;
    if (take_sort_row(in, rows, count - 1, all) != 0) goto cleanup;
  }
  memcpy(copy, rows, count * sizeof *rows);
  rc = la_sort_rows(rows, count, flags);
  if (rc == LISTAPPS_ENOMEM) {
    FUZZ_CHECK(memcmp(copy, rows, count * sizeof *rows) == 0, "rows changed on failure");
    goto cleanup;
  }
  FUZZ_CHECK(rc == 0, "la_sort_rows returned %d", rc);
  for (i = 0; i < count; i++) {
    char was[160];
    char now[160];

    k = (size_t)rows[i].values[LISTAPPS_FIELD_WINDOWS].number;
    FUZZ_CHECK(k < count && !seen[k] && memcmp(&rows[i], &copy[k], sizeof *rows) == 0,
               "not a permutation at %zu", i);
    seen[k] = 1;
    if (i == 0) continue;
    describe_row(&rows[i - 1], was, sizeof was);
    describe_row(&rows[i], now, sizeof now);
    if (!all)
      FUZZ_CHECK(compare_plain(&rows[i - 1], &rows[i]) <= 0,
                 "rows %zu (%s) and %zu (%s) out of order", i - 1, was, i, now);
    else
      FUZZ_CHECK(compare_placed(rows, count, &rows[i - 1], &rows[i]) <= 0,
                 "rows %zu (%s) and %zu (%s) out of order (LISTAPPS_LIST_ALL)", i - 1, was, i, now);
  }

cleanup:
  /* After a sort the rows are a permutation of the ones made, so each is freed once. */
  for (i = 0; rows != NULL && i < count; i++) la_row_free(&rows[i]);
  free(rows);
  free(copy);
  free(seen);
}

/* ---- 7: App groups over a process snapshot ----------------------------------------------- */

#define MAX_NODES 48

/* The recorded parent's index: the node with that PID, unless it is the node itself. */
static size_t parent_of(const la_proc_node *nodes, size_t count, size_t i) {
  size_t k;

  for (k = 0; k < count; k++)
    if (nodes[k].pid == nodes[i].parent_pid) return k == i ? LA_NO_GROUP : k;
  return LA_NO_GROUP;
}

static int real_parent(const la_proc_node *p, const la_proc_node *c) {
  return p != c && p->pid != c->pid && p->create_time != 0 && c->create_time != 0 &&
         p->create_time < c->create_time;
}

static void check_groups(fuzz_input *in) {
  la_proc_node nodes[MAX_NODES];
  la_proc_node blurred[MAX_NODES];
  size_t root[MAX_NODES + 1];
  size_t root2[MAX_NODES + 1];
  unsigned char need[MAX_NODES + 1];
  size_t count = 0;
  size_t i;
  size_t k;

  while (in->len > 0 && count < MAX_NODES) {
    la_proc_node *n = &nodes[count];
    uint8_t b = fuzz_take_u8(in);
    int unique;

    /* Distinct PIDs (one snapshot), from a small range so parent links hit. */
    n->pid = (unsigned long)(fuzz_take_u8(in) % 64) * 4;
    do {
      unique = 1;
      for (k = 0; k < count; k++) unique &= nodes[k].pid != n->pid;
      if (!unique) n->pid += 4;
    } while (!unique);
    n->parent_pid = (b & 0x80)  ? (unsigned long)(fuzz_take_u8(in) % 64) * 4
                    : count > 0 ? nodes[fuzz_take_below(in, count)].pid
                                : 0;
    /* Times from a small range, so ties and reversed times (a reused PID) are common. */
    n->create_time = (b & 0x40) ? 0 : (uint64_t)fuzz_take_u8(in) % 32;
    n->is_app = (b & 3) == 0;
    /* Now and then the shell (explorer.exe), an App or not. */
    n->is_shell = (b & 0x1C) == 0x1C;
    count++;
  }
  for (i = 0; i < count; i++)
    for (k = 0; k < count; k++)
      FUZZ_CHECK(la_is_real_parent(&nodes[k], &nodes[i]) == real_parent(&nodes[k], &nodes[i]),
                 "la_is_real_parent(%zu, %zu)", k, i);

  root[count] = 12345;
  need[count] = 7;
  if (la_assign_groups(nodes, count, root) != 0) return;
  if (la_group_time_needs(nodes, count, need) != 0) return;
  FUZZ_CHECK(root[count] == 12345 && need[count] == 7, "wrote past the arrays");
  for (i = 0; i < count; i++) {
    size_t p = parent_of(nodes, count, i);
    /* The shell adopts nobody and joins nobody. */
    int linked = p != LA_NO_GROUP && !nodes[i].is_shell && !nodes[p].is_shell &&
                 real_parent(&nodes[p], &nodes[i]);

    FUZZ_CHECK(root[i] == LA_NO_GROUP || (root[i] < count && nodes[root[i]].is_app),
               "process %zu: root %zu is not an App", i, root[i]);
    FUZZ_CHECK(root[i] == LA_NO_GROUP || root[root[i]] == root[i],
               "process %zu: its root %zu is in group %zu", i, root[i],
               root[i] < count ? root[root[i]] : 0);
    FUZZ_CHECK(need[i] <= 1, "need[%zu] = %u", i, need[i]);
    /* In the group of its real parent when that has one: an App too, nested under its topmost
     * App ancestor. Otherwise an App heads its own group and any other process is in none.
     * With creation times rising down every real link, this fixes every root. */
    if (linked && root[p] != LA_NO_GROUP)
      FUZZ_CHECK(root[i] == root[p], "process %zu (pid %lu): group %zu, its parent %zu's is %zu", i,
                 nodes[i].pid, root[i], p, root[p]);
    else
      FUZZ_CHECK(root[i] == (nodes[i].is_app ? i : LA_NO_GROUP),
                 "process %zu (App %d, shell %d) without a grouped real parent is in group %zu", i,
                 nodes[i].is_app, nodes[i].is_shell, root[i]);
    /* The walk never reads the shell's time; every other App's is gathered. */
    if (nodes[i].is_shell) {
      FUZZ_CHECK(!need[i], "the shell %zu: its time is gathered", i);
      continue;
    }
    if (nodes[i].is_app) {
      FUZZ_CHECK(need[i], "App %zu: its time is not gathered", i);
      continue;
    }
    /* A process whose time is not gathered joins no group, and the chain a needed process
     * walks up is needed too (a needed process that is no App has an App above it, so its
     * parent is no shell). */
    FUZZ_CHECK(need[i] || root[i] == LA_NO_GROUP, "process %zu grouped without its time", i);
    if (need[i] && p != LA_NO_GROUP)
      FUZZ_CHECK(need[p], "process %zu needed but its parent %zu is not", i, p);
  }
  /* The times not gathered do not matter: unknown, the groups are the same. */
  memcpy(blurred, nodes, count * sizeof *nodes);
  for (i = 0; i < count; i++)
    if (!need[i]) blurred[i].create_time = 0;
  if (la_assign_groups(blurred, count, root2) != 0) return;
  for (i = 0; i < count; i++)
    FUZZ_CHECK(root2[i] == root[i], "process %zu: group %zu with all times, %zu with the needed", i,
               root[i], root2[i]);
}

/* ---- 8: categories and service host names ------------------------------------------------ */

static int equal_nocase(const char *a, const char *b) {
  for (; *a != '\0' && *b != '\0'; a++, b++) {
    char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
    char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
    if (x != y) return 0;
  }
  return *a == *b;
}

static int in_list(const char *s, const char *const *list, size_t n) {
  size_t i;

  for (i = 0; i < n; i++)
    if (equal_nocase(s, list[i])) return 1;
  return 0;
}

static void flip_case(char *s, fuzz_input *in) {
  for (; *s != '\0'; s++)
    if (((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) && fuzz_take_bool(in)) *s ^= 0x20;
}

/* Task Manager's list: where each name belongs. */
enum { IN_SYSTEM, IN_WINDOWS, IN_DEFENDER };
static const struct {
  const char *name;
  int where;
} task_manager_list[] = {
    {"winlogon.exe", IN_SYSTEM},    {"wininit.exe", IN_SYSTEM},  {"csrss.exe", IN_SYSTEM},
    {"lsass.exe", IN_SYSTEM},       {"smss.exe", IN_SYSTEM},     {"services.exe", IN_SYSTEM},
    {"taskeng.exe", IN_SYSTEM},     {"taskhost.exe", IN_SYSTEM}, {"dwm.exe", IN_SYSTEM},
    {"conhost.exe", IN_SYSTEM},     {"svchost.exe", IN_SYSTEM},  {"sihost.exe", IN_SYSTEM},
    {"fontdrvhost.exe", IN_SYSTEM}, {"LsaIso.exe", IN_SYSTEM},   {"MsMpEng.exe", IN_DEFENDER},
    {"NisSrv.exe", IN_DEFENDER},    {"explorer.exe", IN_WINDOWS}};
#define TASK_MANAGER_LIST_COUNT (sizeof task_manager_list / sizeof task_manager_list[0])

/* The model of la_is_task_manager_system_image: the name from the path when there is one. */
static int on_task_manager_list(const la_category_facts *f) {
  const char *name = f->path != NULL ? la_file_name_of(f->path) : f->image;
  char defender[256];
  size_t i;

  for (i = 0; i < TASK_MANAGER_LIST_COUNT; i++) {
    if (!equal_nocase(name, task_manager_list[i].name)) continue;
    if (f->path == NULL) return 1;
    switch (task_manager_list[i].where) {
      case IN_SYSTEM:
        return f->system_dir != NULL && la_path_in_dir(f->path, f->system_dir);
      case IN_WINDOWS:
        return f->windows_dir != NULL && la_path_in_dir(f->path, f->windows_dir);
      default:
        if (f->program_files_dir == NULL) return 0;
        snprintf(defender, sizeof defender, "%s\\Windows Defender", f->program_files_dir);
        return la_path_in_dir(f->path, defender);
    }
  }
  return 0;
}

static void check_categories(fuzz_input *in) {
  static const char *const pseudo[] = {"System", "Registry", "Memory Compression", "Secure System"};
  static const char *const dirs[] = {"C:\\Windows\\system32", "C:\\Windows\\System32\\",
                                     "C:\\Windows", "D:\\Apps", ""};
  la_category_facts f;
  char *image = NULL;
  char *path = NULL;
  char *dir = NULL;
  char *names[3] = {NULL, NULL, NULL};
  char *host = NULL;
  uint8_t b = fuzz_take_u8(in);
  uint8_t c = fuzz_take_u8(in);
  size_t name_count = fuzz_take_below(in, 4);
  const char *sys;
  int want;
  int got;
  size_t i;

  memset(&f, 0, sizeof f);
  /* The image: a known name in any case, or anything. */
  if (c & 1) {
    const char *known =
        (c & 2) ? pseudo[(c >> 2) % 4] : task_manager_list[(c >> 2) % TASK_MANAGER_LIST_COUNT].name;
    image = malloc(strlen(known) + 1);
    if (image != NULL) strcpy(image, known);
    if (image != NULL) flip_case(image, in);
  } else {
    image = fuzz_take_cstring(in, NULL);
  }
  dir = fuzz_take_cstring(in, NULL);
  if (image == NULL || dir == NULL) goto cleanup;
  sys = (b & 0x80) ? dir : dirs[(b >> 4) % 5];
  /* The path: the image in the system directory (or another), hidden, or anything. */
  switch ((c >> 6) & 3) {
    case 0:
      path = NULL;
      break;
    case 1:
      path = malloc(strlen(sys) + strlen(image) + 2);
      if (path != NULL) sprintf(path, "%s\\%s", sys, image);
      break;
    case 2: {
      /* %windir%, or Windows Defender's folder. */
      const char *where = fuzz_take_bool(in) ? dirs[2] : "C:\\Program Files\\Windows Defender";
      path = malloc(strlen(where) + strlen(image) + 2);
      if (path != NULL) sprintf(path, "%s\\%s", where, image);
      break;
    }
    default:
      path = fuzz_take_cstring(in, NULL);
      break;
  }
  if ((c >> 6) != 0 && path == NULL) goto cleanup;
  if (path != NULL) flip_case(path, in);

  f.in_app_group = (b & 3) == 0;
  f.is_critical = (b & 4) != 0 && fuzz_take_bool(in);
  f.pid = (b & 8) ? (unsigned long)fuzz_take_below(in, 3) * 4 : take_pid(in);
  f.has_parent = fuzz_take_bool(in);
  f.parent_pid = fuzz_take_bool(in) ? 4 : take_pid(in);
  f.image = (b & 0x40) ? NULL : image;
  f.path = path;
  f.system_dir = fuzz_take_bool(in) ? NULL : sys;
  f.windows_dir = fuzz_take_bool(in) ? NULL : "c:\\windows\\";
  f.program_files_dir = fuzz_take_bool(in) ? NULL : "C:\\PROGRAM FILES";

  if (f.in_app_group)
    want = LISTAPPS_CATEGORY_APP;
  else if (f.is_critical || f.pid == 0 || f.pid == 4)
    want = LISTAPPS_CATEGORY_WINDOWS;
  else if (f.image == NULL)
    want = LISTAPPS_CATEGORY_BACKGROUND;
  else if (f.path == NULL && f.has_parent && f.parent_pid == 4 && in_list(f.image, pseudo, 4))
    want = LISTAPPS_CATEGORY_WINDOWS;
  else if (on_task_manager_list(&f))
    want = LISTAPPS_CATEGORY_WINDOWS;
  else
    want = LISTAPPS_CATEGORY_BACKGROUND;
  got = la_process_category(&f);
  FUZZ_CHECK(got == want, "category %d, expected %d: image %s path %s dir %s pid %lu", got, want,
             f.image != NULL ? f.image : "(null)", f.path != NULL ? f.path : "(null)",
             f.system_dir != NULL ? f.system_dir : "(null)", f.pid);

  /* la_is_shell_path: explorer.exe directly in %windir%. */
  FUZZ_CHECK(la_is_shell_path(f.path, f.windows_dir) ==
                 (f.path != NULL && f.windows_dir != NULL &&
                  equal_nocase(la_file_name_of(f.path), "explorer.exe") &&
                  la_path_in_dir(f.path, f.windows_dir)),
             "la_is_shell_path(%s)", f.path != NULL ? f.path : "(null)");

  /* la_path_in_dir: a file directly in a directory is in it, whatever the case and trailing
   * separators; a path without a directory part is in none. */
  if ((c >> 6) == 1 && strpbrk(image, "\\/") == NULL) {
    size_t n = strlen(sys);
    while (n > 0 && (sys[n - 1] == '\\' || sys[n - 1] == '/')) n--;
    FUZZ_CHECK(la_path_in_dir(path, sys) == (n > 0), "\"%s\" in \"%s\": %d", path, sys,
               la_path_in_dir(path, sys));
  }
  if (strpbrk(image, "\\/") == NULL)
    FUZZ_CHECK(!la_path_in_dir(image, sys), "\"%s\" has no directory, yet is in \"%s\"", image,
               sys);

  /* la_service_host_name: "Service Host: <first>" and " (+N more)". */
  for (i = 0; i < name_count; i++) {
    names[i] = fuzz_take_cstring(in, NULL);
    if (names[i] == NULL) goto cleanup;
  }
  host = la_service_host_name((const char *const *)names, name_count);
  if (name_count == 0) {
    FUZZ_CHECK(host == NULL, "a name for no services");
  } else if (host != NULL) {
    char more[40] = "";
    size_t first = strlen(names[0]);
    if (name_count > 1) snprintf(more, sizeof more, " (+%zu more)", name_count - 1);
    FUZZ_CHECK(strncmp(host, "Service Host: ", 14) == 0 &&
                   strncmp(host + 14, names[0], first) == 0 && strcmp(host + 14 + first, more) == 0,
               "service host name \"%s\" for \"%s\" and %zu more", host, names[0], name_count - 1);
  }

cleanup:
  free(host);
  for (i = 0; i < 3; i++) free(names[i]);
  free(image);
  free(path);
  free(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in;

  if (size == 0) return 0;
  in.data = data + 1;
  in.len = size - 1;
  switch (data[0] % 9) {
    case 0:
      check_windows(&in);
      break;
    case 1:
      check_grouping(&in);
      break;
    case 2:
      check_pid_map(&in);
      break;
    case 3:
      check_candidates(&in);
      break;
    case 4:
      check_names(&in);
      break;
    case 5:
      check_compare(&in);
      break;
    case 6:
      check_sort(&in);
      break;
    case 7:
      check_groups(&in);
      break;
    default:
      check_categories(&in);
      break;
  }
  return 0;
}
