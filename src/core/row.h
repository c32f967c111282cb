/*
 * The rows a listing produces: for each row one value per field, with its state, and an App's
 * windows and group. What the public snapshot hands out and the writers write. Pure C.
 */
#ifndef LA_ROW_H
#define LA_ROW_H

#include <stddef.h>
#include <stdint.h>

#include "listapps.h"

/* One value: a string (text, owned) or a number, and whether it is there. */
typedef struct la_value {
  int state;        /* enum listapps_value_state */
  char *text;       /* string fields: UTF-8, malloc'd, when state is PRESENT; else NULL */
  long long number; /* the other types, when state is PRESENT */
} la_value;

/* One qualifying top-level window. */
typedef struct la_window {
  uintptr_t hwnd;
  unsigned long pid; /* the process it makes an App (for a UWP frame, the app behind it) */
  char *title;       /* UTF-8, never empty */
  char *class_name;  /* UTF-8; NULL when it could not be read */
  int hung;          /* IsHungAppWindow said so (read only when Status is asked for) */
  int remembered;    /* taken from a watch's memory by a partial look, not read now */
} la_window;

typedef struct la_row {
  la_value values[LISTAPPS_FIELD_COUNT];
  la_window *windows; /* an App row's qualifying windows: those of the App that heads the
                         group, topmost first, then those of the Apps nested in its group in Z
                         order; NULL for other rows */
  size_t window_count;
  unsigned long *member_pids; /* an App's group, its own PID first, then ascending */
  size_t member_count;
} la_row;

/* One session of a sessions listing, and whether its Apps could be read. */
typedef struct la_session_status {
  unsigned long id;
  char *user;    /* DOMAIN\name, UTF-8; NULL when unknown */
  int listed;    /* its windows were read */
  char *problem; /* why not, one line; NULL when listed */
} la_session_status;

typedef struct la_rows {
  la_row *items;
  size_t count;
  unsigned int flags; /* the LISTAPPS_LIST_* flags the rows were made with (LISTAPPS_LIST_SESSIONS
                         for any sessions listing) */
  la_session_status *sessions; /* a sessions listing's sessions, ascending; NULL otherwise */
  size_t session_count;
} la_rows;

/* Frees what the statuses hold and the array. */
void la_session_statuses_free(la_session_status *sessions, size_t count);

/* A cell's content for the writers and accessors: a value of a row, or of one of its windows. */
typedef struct la_cell {
  int state;        /* enum listapps_value_state */
  const char *text; /* string fields, when PRESENT */
  long long number; /* other fields, when PRESENT */
} la_cell;

/* The value of field in row; with window != NULL, window fields (HWND, Title, Class) come from
 * that window and the others from the row. */
la_cell la_cell_of(const la_row *row, const la_window *window, int field);

/* Sets a string value: a copy of text (PRESENT), or, when text is NULL, the state absent_state
 * with no text. Returns 0 or LISTAPPS_ENOMEM. */
int la_value_set_text(la_value *v, const char *text, int absent_state);

/* Sets a number value (PRESENT). */
void la_value_set_number(la_value *v, long long number);

/* Sets a value's state to something other than PRESENT, dropping any text. */
void la_value_set_state(la_value *v, int state);

/* 1 when the row is a member of an App's group, not its head: category App, and an AppPID
 * other than its own PID. */
int la_row_is_group_member(const la_row *row);

/* Frees what a row owns and zeroes it. */
void la_row_free(la_row *row);

/* Frees every row and the array; zeroes *rows. */
void la_rows_free(la_rows *rows);

/* Sorts the rows: by Name (la_compare_names), then PID. With LISTAPPS_LIST_ALL in flags,
 * Apps first, each App followed by the other processes of its group (by name, then PID); then
 * background processes, then Windows processes, each by name, then PID. A row is a group member
 * when its category is App and its AppPID is not its own PID. Returns 0 or LISTAPPS_ENOMEM (rows
 * unchanged). */
int la_sort_rows(la_row *rows, size_t count, unsigned int flags);

/* Sorts the rows by field (ascending, or descending), as la_sort_rows does by Name: numbers
 * as numbers, strings by la_compare_names, unavailable values last whatever the direction,
 * ties by PID; with LISTAPPS_LIST_ALL the categories and groups stay together (Apps by their
 * value, each App's members beneath it by theirs). An unknown field sorts by Name. Returns 0
 * or LISTAPPS_ENOMEM (rows unchanged). */
int la_sort_rows_by(la_row *rows, size_t count, unsigned int flags, int field, int descending);

#endif
