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

/* A cell's content for the writers and accessors: a value of a row, or of one of its windows. */
typedef struct la_cell {
  int state;        /* enum listapps_value_state */
  const char *text; /* string fields, when PRESENT */
  long long number; /* other fields, when PRESENT */
} la_cell;

/* Which of a window's asked-for facts were read (la_window.read); a fact not read is
 * LISTAPPS_VALUE_NOT_GATHERED. A zeroed window has read none. */
#define LA_WINDOW_READ_RECT 0x1u       /* rect_state and left, top, width, height */
#define LA_WINDOW_READ_SHOW 0x2u       /* show_state and show */
#define LA_WINDOW_READ_CLOAKED 0x4u    /* cloaked_state and cloaked */
#define LA_WINDOW_READ_FOREGROUND 0x8u /* foreground_state and foreground */

/* A window's show state (LISTAPPS_FIELD_WINDOW_STATE). */
#define LA_SHOW_NORMAL 0
#define LA_SHOW_MINIMIZED 1
#define LA_SHOW_MAXIMIZED 2

/* One qualifying top-level window. */
typedef struct la_window {
  uintptr_t hwnd;
  unsigned long pid; /* the process it makes an App (for a UWP frame, the app behind it) */
  char *title;       /* UTF-8, never empty; NULL when titles are private (not read) */
  char *class_name;  /* UTF-8; NULL when it could not be read */
  int hung;          /* IsHungAppWindow said so (read only when Status is asked for) */
  int remembered;    /* taken from a watch's memory by a partial look, not read now */
  /* Facts read only when a field asks for them; each *_state is a listapps_value_state,
   * meaningful once its LA_WINDOW_READ_* bit is set. */
  unsigned read;
  int rect_state; /* the visible frame in screen pixels */
  long left;
  long top;
  long width;
  long height;
  int show_state;
  int show; /* LA_SHOW_* */
  int cloaked_state;
  int cloaked;          /* DWM cloaks it */
  int foreground_state; /* PRESENT on this desktop; UNSUPPORTED for another session's window */
  int foreground;       /* the foreground window counts for this one (core/foreground.h) */
} la_window;

/* The value of field for window w: Foreground, X, Y, Width, Height, WindowState or Cloaked
 * from its facts (NOT_GATHERED when they were not read); for any other field state NONE. */
la_cell la_window_cell(const la_window *w, int field);

/* Sets the facts of bits (LA_WINDOW_READ_*) of each of windows as read and unsupported: what
 * cannot be read of another session's windows. */
void la_windows_mark_unsupported(la_window *windows, size_t count, unsigned bits);

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
                         for any sessions listing; LISTAPPS_LIST_PRIVATE when Title,
                         CommandLine and User were not read, which whatever records or writes
                         the rows honours too) */
  la_session_status *sessions; /* a sessions listing's sessions, ascending; NULL otherwise */
  size_t session_count;
} la_rows;

/* Frees what the statuses hold and the array. */
void la_session_statuses_free(la_session_status *sessions, size_t count);

/* The value of field in row; with window != NULL, window fields (PID, HWND, Title, Class,
 * Foreground and the geometry: la_window_cell) come from that window and the others from the
 * row. A window's NULL title (private) is NOT_GATHERED. */
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
