/*
 * listapps.h - the running apps, as Task Manager's Processes tab lists them under "Apps".
 *
 * This is the library's only public header. Every string it hands out is UTF-8 and
 * NUL-terminated; every result is plain data owned by the caller and released with the free
 * function paired with the call that made it. The library keeps no global state: calls from
 * several threads at once are safe as long as they do not share one result.
 *
 * Errors are small negative numbers (enum listapps_error); listapps_strerror names them.
 * Outputs are zeroed on entry and left zeroed when a call fails, so a caller may always pass
 * them to the paired free function.
 */
#ifndef LISTAPPS_H
#define LISTAPPS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(LISTAPPS_SHARED)
#  if defined(LISTAPPS_BUILDING)
#    define LISTAPPS_API __declspec(dllexport)
#  else
#    define LISTAPPS_API __declspec(dllimport)
#  endif
#else
#  define LISTAPPS_API
#endif

#define LISTAPPS_VERSION_MAJOR 1
#define LISTAPPS_VERSION_MINOR 0
#define LISTAPPS_VERSION_PATCH 0
#define LISTAPPS_VERSION_STRING "1.0.0"

/* The library's version as "MAJOR.MINOR.PATCH"; a static string, never NULL. It may differ
 * from LISTAPPS_VERSION_STRING when a program runs against a newer DLL than it was built with. */
LISTAPPS_API const char *listapps_version(void);

/* Error codes. Every call returns LISTAPPS_OK (0) or one of these negative values. */
enum listapps_error {
  LISTAPPS_OK = 0,
  LISTAPPS_EINVAL = -1, /* an argument is invalid: a NULL output, an unknown flag or format */
  LISTAPPS_ENOMEM = -2, /* memory ran out */
  LISTAPPS_EENUM = -3,  /* the system would not enumerate the windows or the processes */
  LISTAPPS_ERANGE = -4  /* a result would not fit in size_t */
};

/* A short English description of an error code, e.g. "out of memory"; a static string, never
 * NULL (unknown codes give "unknown error"). */
LISTAPPS_API const char *listapps_strerror(int err);

/* Task Manager's three process categories. */
enum listapps_category {
  LISTAPPS_CATEGORY_APP = 0,        /* "App": an App and the processes of its group */
  LISTAPPS_CATEGORY_BACKGROUND = 1, /* "Background process" */
  LISTAPPS_CATEGORY_WINDOWS = 2     /* "Windows process" */
};

/* The category's name as it appears in the output: "App", "Background process" or
 * "Windows process"; a static string, never NULL ("" for an unknown value). */
LISTAPPS_API const char *listapps_category_name(int category);

/* One qualifying top-level window of an App. */
typedef struct listapps_window {
  unsigned long long hwnd; /* the window handle's value (HWND) */
  char *title;             /* never NULL, never "" */
  char *class_name;        /* window class name; NULL if it could not be read */
} listapps_window;

/*
 * One row of the list: an App, or with LISTAPPS_LIST_ALL any process.
 *
 * Strings are UTF-8; an unpaired UTF-16 surrogate in the source became U+FFFD. A NULL string
 * means the value could not be had (see each field); it is never an empty placeholder.
 *
 * An App's *group* is its process and all its descendants, stopping at any descendant that is
 * itself an App (that one has a row of its own). A parent link counts only when the parent was
 * created before the child, since process IDs are reused.
 */
typedef struct listapps_app {
  /* An enum listapps_category value. */
  int category;
  /* The name Task Manager shows: for a packaged app the package's display name; for
   * svchost.exe (with LISTAPPS_LIST_ALL) "Service Host: <first service's display name>" plus
   * " (+N more)"; else the FileDescription, trimmed; else the image file name; else "" when the
   * process exited before it could be read. Never NULL. */
  char *name;
  /* Process ID. */
  unsigned long pid;
  /* The parent's process ID as the system recorded it (the parent may have exited, and its ID
   * been reused); valid if has_parent_pid. */
  unsigned long parent_pid;
  /* 1 when parent_pid is known, 0 when the process was not found in the process snapshot (it
   * exited mid-listing). */
  int has_parent_pid;
  /* PID of the App whose group this process is in (its own PID for an App); 0 for a process in
   * no App's group. */
  unsigned long app_pid;
  /* An App's topmost qualifying window's title; NULL for other rows. */
  char *title;
  /* The App's qualifying windows (>= 1); 0 for other rows. */
  size_t window_count;
  /* An App: the processes in its group (>= 1); other rows: 1. */
  size_t process_count;
  /* Image file name, e.g. "notepad.exe"; NULL if unknown. */
  char *image;
  /* Full image path; NULL when the process denied access or exited. */
  char *path;
  /* Raw FileDescription of the chosen version block, untrimmed; NULL when the image has no
   * version resource or no FileDescription. */
  char *description;
  /* An App's window_count qualifying windows, topmost first; NULL for other rows. */
  listapps_window *windows;
  /* An App: the process_count PIDs of its group, its own first, then the others in ascending
   * order; NULL for other rows. */
  unsigned long *member_pids;
} listapps_app;

/* The result of listapps_list_apps. Rows are sorted by name (case-insensitive for Latin, Greek,
 * Cyrillic and fullwidth letters), then PID. With LISTAPPS_LIST_ALL the Apps come first, each
 * followed by the other processes of its group, then the background processes, then the
 * Windows processes. */
typedef struct listapps_list {
  listapps_app *apps; /* array of count rows; NULL when count is 0 */
  size_t count;
  unsigned int flags; /* the flags the list was made with */
} listapps_list;

/* Flags for listapps_list_apps. */
#define LISTAPPS_LIST_DEFAULT 0u /* one row per App */
#define LISTAPPS_LIST_ALL 0x1u   /* one row per process, each with its category */

/*
 * Lists the running Apps of the caller's desktop, or with LISTAPPS_LIST_ALL every process.
 *
 * A window makes its process an App when it is visible, has no parent, is not a tool window
 * (unless it is also an app window), has a non-empty title, and is neither the shell's desktop
 * (Progman, WorkerW) nor a top-level Windows.UI.Core.CoreWindow. A UWP frame (class
 * ApplicationFrameWindow) counts for the process of its Windows.UI.Core.CoreWindow child, not
 * for the frame host; a frame without such a child does not count. No message is sent to
 * another process's window, so a hung app cannot hang the call.
 *
 * A process that denies access or exits while it is listed keeps its row with what could be
 * read. Each distinct executable's version resource is read once per call.
 *
 * flags: LISTAPPS_LIST_DEFAULT or LISTAPPS_LIST_ALL; any other bit gives LISTAPPS_EINVAL.
 * out:   receives the list; zeroed on entry, zeroed again on failure. Free it with
 *        listapps_free_list.
 * Returns LISTAPPS_OK, LISTAPPS_EINVAL, LISTAPPS_ENOMEM or LISTAPPS_EENUM.
 */
LISTAPPS_API int listapps_list_apps(unsigned int flags, listapps_list *out);

/* Frees what listapps_list_apps stored in *list and zeroes it. NULL and a zeroed list are
 * accepted and do nothing. */
LISTAPPS_API void listapps_free_list(listapps_list *list);

/* Output formats for listapps_format. */
enum listapps_format {
  LISTAPPS_FORMAT_TABLE = 0, /* aligned columns for people; control characters escaped */
  LISTAPPS_FORMAT_CSV = 1,   /* RFC 4180: CRLF line ends, quoted where needed, no BOM */
  LISTAPPS_FORMAT_JSON = 2   /* an array of objects, camelCase keys, null for unknown values */
};

/* Flags for listapps_format. */
#define LISTAPPS_FORMAT_NO_HEADER 0x1u /* omit the table's and the CSV's header row */
#define LISTAPPS_FORMAT_WINDOWS 0x2u   /* one row per window of each App (see below) */
/* CSV for spreadsheets: a UTF-8 BOM first, and a cell that starts with = + - @ TAB or CR gets
 * a ' in front so it is not run as a formula. Lossy: such text changes. */
#define LISTAPPS_FORMAT_EXCEL 0x4u

/*
 * Renders a list as text.
 *
 * CSV columns, in order: Category,Name,PID,ParentPID,AppPID,Title,Windows,Processes,Image,
 * Path,Description. An unknown value (and AppPID 0) is an empty field. Fields holding a comma,
 * a quote, CR or LF, or leading or trailing spaces or tabs are quoted and their quotes doubled;
 * nothing is cut. Lines end with CRLF.
 *
 * JSON keys: category, name, pid, parentPid, appPid, title, windows, processes, image, path,
 * description. Numbers are numbers, unknown values null, control characters and U+2028/U+2029
 * escaped. Each object is on a line of its own; the text ends with a newline.
 *
 * The table shows Name, PID and Title in columns sized to their content (East Asian wide
 * characters count two columns); an App whose group has several processes is named
 * "Name (N)". For a list made with LISTAPPS_LIST_ALL it has three sections headed "Apps (N)",
 * "Background processes (N)" and "Windows processes (N)", each App's other processes indented
 * beneath it. Control characters (C0, DEL, C1) and bidirectional overrides in any field are
 * shown as visible escapes such as \x1b or \u202e, so they never reach a terminal raw. Lines
 * end with "\n".
 *
 * With LISTAPPS_FORMAT_WINDOWS there is one row per window of each App row: CSV columns
 * PID,HWND,Title,Class,Name,Image,Path (HWND as 0x followed by hexadecimal digits), JSON keys
 * pid, hwnd, title, class, name, image, path (hwnd as a "0x..." string); the table lists each
 * App with its windows indented beneath it.
 *
 * list:    the list to render (a zeroed list renders as an empty list).
 * format:  an enum listapps_format value.
 * flags:   LISTAPPS_FORMAT_NO_HEADER, LISTAPPS_FORMAT_WINDOWS and (with LISTAPPS_FORMAT_CSV
 *          only) LISTAPPS_FORMAT_EXCEL, or 0; any other bit gives LISTAPPS_EINVAL.
 * out:     receives a NUL-terminated UTF-8 string; set to NULL on entry and on failure. Free it
 *          with listapps_free_text.
 * out_len: receives the string's length in bytes, without the NUL; may be NULL.
 * Returns LISTAPPS_OK, LISTAPPS_EINVAL, LISTAPPS_ENOMEM or LISTAPPS_ERANGE.
 */
LISTAPPS_API int listapps_format(const listapps_list *list, int format, unsigned int flags,
                                 char **out, size_t *out_len);

/* Frees a string returned by listapps_format. NULL is accepted. */
LISTAPPS_API void listapps_free_text(char *text);

#ifdef __cplusplus
}
#endif

#endif /* LISTAPPS_H */
