/* Filters over rows. See filter.h. */
#include "core/filter.h"

#include <stdlib.h>
#include <string.h>

#include "core/pid_map.h"
#include "core/text.h"
#include "core/utf.h"

int la_filter_active(const la_filter *f) {
  return f != NULL && (f->pattern_count > 0 || f->pid_count > 0 || f->foreground);
}

/* The folded code point at s[*i] (len bytes in all), advancing *i. */
static uint32_t next_cp(const char *s, size_t len, size_t *i) {
  uint32_t cp;
  *i += la_utf8_decode(s + *i, len - *i, &cp);
  return la_fold_case(cp);
}

/* Wildcard match of the pattern against the whole text, by code points decoded as it goes:
 * on a mismatch after a *, the star takes one more character. Never exponential, and it
 * allocates nothing, so it cannot fail. */
static int glob(const char *p, size_t pn, const char *t, size_t tn) {
  size_t pi = 0;
  size_t ti = 0;
  size_t star = (size_t)-1;
  size_t mark = 0;

  while (ti < tn) {
    size_t pnext = pi;
    size_t tnext = ti;
    uint32_t pc = pi < pn ? next_cp(p, pn, &pnext) : 0;
    uint32_t tc = next_cp(t, tn, &tnext);

    if (pi < pn && pc == '*') {
      star = pi = pnext;
      mark = ti;
    } else if (pi < pn && (pc == '?' || pc == tc)) {
      pi = pnext;
      ti = tnext;
    } else if (star != (size_t)-1) {
      pi = star;
      next_cp(t, tn, &mark);
      ti = mark;
    } else {
      return 0;
    }
  }
  while (pi < pn && p[pi] == '*') pi++;
  return pi == pn;
}

/* 1 when the pattern's code points appear in the text starting at byte start. */
static int matches_at(const char *p, size_t pn, const char *t, size_t tn, size_t start) {
  size_t pi = 0;
  size_t ti = start;

  while (pi < pn) {
    if (ti >= tn || next_cp(p, pn, &pi) != next_cp(t, tn, &ti)) return 0;
  }
  return 1;
}

static int contains(const char *p, size_t pn, const char *t, size_t tn) {
  size_t i = 0;

  if (pn == 0) return 1;
  while (i < tn) {
    if (matches_at(p, pn, t, tn, i)) return 1;
    next_cp(t, tn, &i);
  }
  return 0;
}

static int matches_span(const char *pattern, const char *text, size_t text_len) {
  size_t pn = strlen(pattern);
  int wild = strchr(pattern, '*') != NULL || strchr(pattern, '?') != NULL;

  return wild ? glob(pattern, pn, text, text_len) : contains(pattern, pn, text, text_len);
}

int la_pattern_matches(const char *pattern, const char *text) {
  return matches_span(pattern, text, strlen(text));
}

static const char *text_of(const la_row *row, int field) {
  const la_value *v = &row->values[field];
  return v->state == LISTAPPS_VALUE_PRESENT ? v->text : NULL;
}

static int image_matches(const char *pattern, const char *image) {
  size_t len = strlen(image);

  if (matches_span(pattern, image, len)) return 1;
  return len > 4 && la_equal_ascii_ci(image + len - 4, 4, ".exe", 4) &&
         matches_span(pattern, image, len - 4);
}

int la_row_matches(const la_row *row, const la_filter *f) {
  const char *name = text_of(row, LISTAPPS_FIELD_NAME);
  const char *image = text_of(row, LISTAPPS_FIELD_IMAGE);
  const char *title = text_of(row, LISTAPPS_FIELD_TITLE);
  unsigned long pid = (unsigned long)row->values[LISTAPPS_FIELD_PID].number;
  int pattern_ok = f->pattern_count == 0;
  int pid_ok = f->pid_count == 0;
  const la_value *front = &row->values[LISTAPPS_FIELD_FOREGROUND];
  int front_ok = !f->foreground || (front->state == LISTAPPS_VALUE_PRESENT && front->number != 0);
  size_t i;

  for (i = 0; i < f->pattern_count && !pattern_ok; i++) {
    const char *p = f->patterns[i];
    pattern_ok = (name != NULL && la_pattern_matches(p, name)) ||
                 (image != NULL && image_matches(p, image)) ||
                 (title != NULL && la_pattern_matches(p, title));
  }
  for (i = 0; i < f->pid_count && !pid_ok; i++) pid_ok = f->pids[i] == pid;
  return pattern_ok && pid_ok && front_ok;
}

/* An App row's own PID when it heads a group (category App, AppPID its PID); else 0. */
static unsigned long group_head(const la_row *row) {
  const la_value *app = &row->values[LISTAPPS_FIELD_APP_PID];
  long long pid = row->values[LISTAPPS_FIELD_PID].number;

  if (row->values[LISTAPPS_FIELD_CATEGORY].number != LISTAPPS_CATEGORY_APP) return 0;
  if (app->state != LISTAPPS_VALUE_PRESENT || app->number != pid) return 0;
  return (unsigned long)pid;
}

int la_filter_rows(la_rows *rows, const la_filter *f) {
  la_pid_map matched_groups = {0};
  int all = (rows->flags & LISTAPPS_LIST_ALL) != 0;
  size_t kept = 0;
  size_t i;

  if (!la_filter_active(f)) return 0;
  for (i = 0; all && i < rows->count; i++) {
    unsigned long head = group_head(&rows->items[i]);
    if (head != 0 && la_row_matches(&rows->items[i], f) &&
        la_pid_map_put(&matched_groups, head, i) != 0) {
      la_pid_map_free(&matched_groups);
      return LISTAPPS_ENOMEM;
    }
  }
  for (i = 0; i < rows->count; i++) {
    la_row *row = &rows->items[i];
    const la_value *app = &row->values[LISTAPPS_FIELD_APP_PID];
    size_t ignored;
    int keep = la_row_matches(row, f) ||
               (all && app->state == LISTAPPS_VALUE_PRESENT &&
                la_pid_map_get(&matched_groups, (unsigned long)app->number, &ignored));
    if (keep)
      rows->items[kept++] = *row;
    else
      la_row_free(row);
  }
  rows->count = kept;
  la_pid_map_free(&matched_groups);
  return 0;
}
