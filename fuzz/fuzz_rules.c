/*
 * fuzz_rules - the rules over a snapshot (app_rules.h) and the PID map they use (pid_map.h).
 * The input's first byte picks the rule; the rest is its snapshot.
 *
 * Properties:
 *  0 windows:      la_window_qualifies follows listapps_list_apps' documented rule exactly,
 *                  qualifies => may_qualify, and may_qualify reads only the cheap facts;
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
 *  6 sorting:      la_sort_apps gives a permutation of its rows, sorted by name, then PID.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app_rules.h"
#include "fuzz_common.h"
#include "listapps.h"
#include "pid_map.h"

#define MAX_ITEMS 256

static int sign(int v) { return (v > 0) - (v < 0); }

/* PIDs from a small alphabet repeat often (as windows of one process do); sometimes a full
 * 32-bit value, as a Windows PID is. */
static unsigned long take_pid(fuzz_input *in) {
  uint8_t b = fuzz_take_u8(in);
  if (b < 0xF0) return (unsigned long)(b % 24) * 4;
  return (unsigned long)fuzz_take_uint(in, 4);
}

/* ---- 0: which windows make an App ------------------------------------------------------- */

static void check_windows(fuzz_input *in) {
  static const char *const classes[] = {"Progman", "WorkerW", "Windows.UI.Core.CoreWindow",
                                        "Notepad", "", "progman", "WorkerW "};
  while (in->len > 0) {
    la_window_facts w;
    la_window_facts other;
    uint8_t bits = fuzz_take_u8(in);
    uint8_t cls = fuzz_take_u8(in);
    char *owned = NULL;
    int tool;
    int app;
    int excluded;
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
    excluded = w.class_name != NULL && (strcmp(w.class_name, "Progman") == 0 ||
                                        strcmp(w.class_name, "WorkerW") == 0 ||
                                        strcmp(w.class_name, "Windows.UI.Core.CoreWindow") == 0);
    expect = w.visible && !w.has_parent && !w.is_shell_window && (!tool || app) &&
             w.title_len > 0 && !excluded;
    may = la_window_may_qualify(&w);
    FUZZ_CHECK(la_window_qualifies(&w) == expect,
               "visible %d parent %d shell %d ex_style 0x%lx title_len %zu class %s: "
               "qualifies %d, expected %d",
               w.visible, w.has_parent, w.is_shell_window, w.ex_style, w.title_len,
               w.class_name != NULL ? w.class_name : "(null)", la_window_qualifies(&w), expect);
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

    FUZZ_CHECK(a->first_window < count, "group %zu: first_window %zu of %zu", g,
               a->first_window, count);
    FUZZ_CHECK(pids[a->first_window] == a->pid, "group %zu: first window belongs to %lu, not %lu",
               g, pids[a->first_window], a->pid);
    for (i = 0; i < a->first_window; i++)
      FUZZ_CHECK(pids[i] != a->pid, "group %zu: window %zu of pid %lu comes before first_window",
                 g, i, a->pid);
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

    for (k = 0; k < n && keys[k] != pid; k++) {}
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
    if (present)
      FUZZ_CHECK(got == values[k], "get(%lu) = %zu, expected %zu", pid, got, values[k]);
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
    uint32_t cp = (b & 2) ? ((b & 4) ? 1200u : 1252u) : (b & 8) ? 0u : (uint32_t)fuzz_take_uint(in, 2);
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
  FUZZ_CHECK(len == 0 || (start2 == 0 && len2 == len), "trimming again gave %zu+%zu of %zu",
             start2, len2, len);
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

static void check_sort(fuzz_input *in) {
  listapps_app *apps = calloc(MAX_ITEMS, sizeof *apps);
  char **names = calloc(MAX_ITEMS, sizeof *names);
  unsigned char *seen = calloc(MAX_ITEMS, 1);
  size_t count = 0;
  size_t i;
  size_t k;

  if (apps == NULL || names == NULL || seen == NULL) goto cleanup;
  while (in->len > 0 && count < MAX_ITEMS) {
    names[count] = fuzz_take_cstring(in, NULL);
    if (names[count] == NULL) goto cleanup;
    apps[count].name = names[count];
    apps[count].pid = take_pid(in);
    apps[count].window_count = count; /* tells rows with the same name and PID apart */
    count++;
  }
  la_sort_apps(apps, count);
  for (i = 0; i < count; i++) {
    k = apps[i].window_count;
    FUZZ_CHECK(k < count && !seen[k] && apps[i].name == names[k], "not a permutation at %zu", i);
    seen[k] = 1;
    if (i > 0) {
      int c = la_compare_names(apps[i - 1].name, apps[i].name);
      FUZZ_CHECK(c < 0 || (c == 0 && apps[i - 1].pid <= apps[i].pid),
                 "rows %zu (\"%s\", %lu) and %zu (\"%s\", %lu) out of order", i - 1,
                 apps[i - 1].name, apps[i - 1].pid, i, apps[i].name, apps[i].pid);
    }
  }

cleanup:
  if (names != NULL)
    for (i = 0; i < count; i++) free(names[i]);
  free(names);
  free(apps);
  free(seen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in;

  if (size == 0) return 0;
  in.data = data + 1;
  in.len = size - 1;
  switch (data[0] % 7) {
  case 0: check_windows(&in); break;
  case 1: check_grouping(&in); break;
  case 2: check_pid_map(&in); break;
  case 3: check_candidates(&in); break;
  case 4: check_names(&in); break;
  case 5: check_compare(&in); break;
  default: check_sort(&in); break;
  }
  return 0;
}
