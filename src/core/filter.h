/*
 * Filters over rows: "is X running?" Patterns match a row's Name, Image (with or without
 * ".exe") or Title, ignoring case with the folding the sort uses; a pattern holding * or ? is
 * a wildcard over the whole field (as PowerShell's -like), any other matches anywhere in it.
 * Pure C.
 */
#ifndef LA_FILTER_H
#define LA_FILTER_H

#include <stddef.h>

#include "core/row.h"

typedef struct la_filter {
  const char *const *patterns; /* UTF-8, none empty */
  size_t pattern_count;
  const unsigned long *pids;
  size_t pid_count;
  int foreground; /* only the App in front: a row whose Foreground is true */
} la_filter;

/* 1 when the filter asks for anything (a pattern, a PID, the App in front). */
int la_filter_active(const la_filter *f);

/* 1 when text matches pattern: a wildcard (* any run, ? one character; nothing else is special,
 * so [ and ] are literal) against the whole of text, or else a substring of it; both ignoring
 * case (la_fold_case). Invalid UTF-8 compares as U+FFFD. */
int la_pattern_matches(const char *pattern, const char *text);

/* 1 when row matches f on its own: any pattern matches its Name, Image (also without a final
 * ".exe") or Title (a Title not read, as when private, matches nothing), its PID is among f's
 * PIDs, and with f->foreground its Foreground is true; a part f does not ask for matches. */
int la_row_matches(const la_row *row, const la_filter *f);

/* Keeps the rows that match, in their order; with LISTAPPS_LIST_ALL in rows->flags an App row
 * that matches keeps its whole group (every row whose AppPID is its PID). Frees the others.
 * Returns 0, or LISTAPPS_ENOMEM with the rows unchanged. */
int la_filter_rows(la_rows *rows, const la_filter *f);

#endif
