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
 *
 * How the interface grows (the ABI promise):
 * - Every struct a program hands in starts with its own size (`size`, set by the *_INIT macro).
 *   The library reads such a struct only as far as that size reaches and gives every member
 *   past it its default, so a program built against an older header works with a newer DLL. A
 *   size larger than the library knows (a newer header) is accepted when the members it does
 *   not know are all zero, and refused with LISTAPPS_EINVAL otherwise. No struct embeds another
 *   that can grow: it points to it.
 * - Results sit behind opaque handles read by field id; field ids and enum values are
 *   append-only, never renumbered.
 * - The 1.0 calls (listapps_list_apps, listapps_format and their structs) are frozen: they keep
 *   working as 1.0 documented them and never gain a member. They are declared at the end of
 *   this header and implemented over the 2.0 calls.
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

#define LISTAPPS_VERSION_MAJOR 2
#define LISTAPPS_VERSION_MINOR 0
#define LISTAPPS_VERSION_PATCH 0
#define LISTAPPS_VERSION_STRING "2.0.0"
/* The version as one number, 0xMMmmpp (2.1.3 is 0x020103), for comparisons in #if. */
#define LISTAPPS_VERSION_HEX \
  ((LISTAPPS_VERSION_MAJOR << 16) | (LISTAPPS_VERSION_MINOR << 8) | LISTAPPS_VERSION_PATCH)

/* The library's version as "MAJOR.MINOR.PATCH"; a static string, never NULL. It may differ
 * from LISTAPPS_VERSION_STRING when a program runs against a newer DLL than it was built with. */
LISTAPPS_API const char *listapps_version(void);

/* The library's version as LISTAPPS_VERSION_HEX encodes it, as uv_version() gives libuv's: a
 * program checks at run time that the DLL it loaded is at least the one it was built for,
 * `listapps_version_number() >= LISTAPPS_VERSION_HEX`. */
LISTAPPS_API unsigned int listapps_version_number(void);

/* Error codes. Every call returns LISTAPPS_OK (0) or one of these negative values. */
enum listapps_error {
  LISTAPPS_OK = 0,
  LISTAPPS_EINVAL = -1, /* an argument is invalid: a NULL output, an unknown flag or format */
  LISTAPPS_ENOMEM = -2, /* memory ran out */
  LISTAPPS_EENUM = -3,  /* the system would not enumerate the windows or the processes */
  LISTAPPS_ERANGE = -4, /* a result would not fit in size_t */
  LISTAPPS_EWRITE = -5, /* the caller's sink refused the output (see listapps_write) */
  /* The caller's desktop shows no user's windows: its window station is not interactive
   * (not WSF_VISIBLE), or it runs in session 0, as services and SYSTEM tasks do. The error's
   * detail names the window station and the session. List with LISTAPPS_LIST_SESSIONS as
   * LocalSystem, or run in the user's session. */
  LISTAPPS_ENODESKTOP = -6,
  /* A session asked for (listapps_options.session_ids) is not a signed-in user's session;
   * the error's detail names it. */
  LISTAPPS_ENOSESSION = -7,
  /* A recording (listapps_snapshot_replay) is not one this listapps can read: not JSON, another
   * format or version, a value of the wrong type or out of range, too large; or this build has
   * no recordings. The error's detail says what and where, e.g. "processes[3].pid: ...". */
  LISTAPPS_ERECORDING = -8
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

/* ---------------------------------------------------------------------------------------------
 * Listing: a snapshot read through accessors, fields named by id, streaming writers.
 *
 * Nothing here exposes a struct whose layout can change under a program: inputs are structs
 * whose first member is their own size (see the top of this header), and results sit behind an
 * opaque handle read with typed accessors by field id.
 * ------------------------------------------------------------------------------------------- */

/* Which rows a listing has (listapps_options.flags). */
#define LISTAPPS_LIST_DEFAULT 0u /* one row per App */
#define LISTAPPS_LIST_ALL 0x1u   /* one row per process, each with its category */
/* Every signed-in user's session: the Apps of each Active or Disconnected session that has a
 * user (never session 0), each session's windows read in that session (see
 * listapps_snapshot_take). listapps_options.session_ids names sessions instead. */
#define LISTAPPS_LIST_SESSIONS 0x2u
/* Only the App in front: the row whose Foreground is true (see LISTAPPS_FIELD_FOREGROUND), or
 * none when no App owns the foreground window. A filter like the patterns: with
 * LISTAPPS_LIST_ALL the App brings its group along. Reads the foreground window (one request). */
#define LISTAPPS_LIST_FOREGROUND 0x4u
/* Private: Title, CommandLine and User are never read and never handed out. Their values are
 * LISTAPPS_VALUE_NOT_GATHERED in every row and window, patterns match Name and Image only, a
 * sessions listing's users are NULL, and a watch sends no title events. Whether a window has a
 * title (the App rule needs it) is asked with room for one character, wiped at once; nothing of
 * a title is kept. Never slower than without. */
#define LISTAPPS_LIST_PRIVATE 0x8u
/* Keep every fact the listing gathered, as a recording that listapps_snapshot_write_recording
 * writes and listapps_snapshot_replay makes the same listing from again. */
#define LISTAPPS_LIST_RECORD 0x10u

/* Field ids. The numbering is append-only: a new field gets the next number, and no number is
 * ever reused or renumbered, so a program may store them. */
enum listapps_field {
  LISTAPPS_FIELD_CATEGORY = 0,     /* string: "App", "Background process", "Windows process" */
  LISTAPPS_FIELD_NAME = 1,         /* string: the name Task Manager shows */
  LISTAPPS_FIELD_PID = 2,          /* integer */
  LISTAPPS_FIELD_PARENT_PID = 3,   /* integer */
  LISTAPPS_FIELD_APP_PID = 4,      /* integer */
  LISTAPPS_FIELD_TITLE = 5,        /* string: the App's (or with a window, the window's) title */
  LISTAPPS_FIELD_WINDOWS = 6,      /* integer: qualifying windows */
  LISTAPPS_FIELD_PROCESSES = 7,    /* integer: processes in the App's group */
  LISTAPPS_FIELD_IMAGE = 8,        /* string */
  LISTAPPS_FIELD_PATH = 9,         /* string */
  LISTAPPS_FIELD_DESCRIPTION = 10, /* string: raw FileDescription */
  LISTAPPS_FIELD_HWND = 11,        /* integer, windows only: the window handle's value */
  LISTAPPS_FIELD_CLASS = 12,       /* string, windows only: the window class name */
  LISTAPPS_FIELD_PUBLISHER = 13,   /* string: CompanyName of the block the Name comes from */
  LISTAPPS_FIELD_STATUS = 14,      /* string: "Running", "Not responding" or "Suspended" */
  LISTAPPS_FIELD_EFFICIENCY_MODE = 15, /* boolean: Task Manager's Efficiency mode (EcoQoS) */
  LISTAPPS_FIELD_CPU = 16,             /* percent of the whole machine over the sample */
  LISTAPPS_FIELD_MEMORY = 17,          /* bytes: private working set */
  LISTAPPS_FIELD_COMMAND_LINE = 18,    /* string */
  LISTAPPS_FIELD_START_TIME = 19,      /* time: the process's creation */
  LISTAPPS_FIELD_ARCHITECTURE = 20,    /* string: "x64", "x86", "ARM64" or "ARM" */
  LISTAPPS_FIELD_ELEVATED = 21,        /* boolean */
  LISTAPPS_FIELD_USER = 22,            /* string: DOMAIN\name of the process's token */
  LISTAPPS_FIELD_SESSION = 23,         /* integer: the process's (or window's) session ID */
  LISTAPPS_FIELD_THREADS = 24,         /* integer: threads; an App sums its group */
  LISTAPPS_FIELD_HANDLES = 25,         /* integer: kernel object handles; an App sums its group */
  LISTAPPS_FIELD_GDI_OBJECTS = 26,     /* integer: GDI objects (GetGuiResources) */
  LISTAPPS_FIELD_USER_OBJECTS = 27,    /* integer: USER objects (GetGuiResources) */
  LISTAPPS_FIELD_DISK = 28,            /* bytes per second read and written over the sample */
  LISTAPPS_FIELD_NETWORK = 29,         /* bytes per second sent and received over the sample */
  LISTAPPS_FIELD_GPU = 30,             /* percent: the busiest GPU engine over the sample */
  LISTAPPS_FIELD_GPU_ENGINE = 31,      /* string: that engine, e.g. "GPU 0 - 3D" */
  LISTAPPS_FIELD_GPU_DEDICATED_MEMORY = 32, /* bytes of dedicated (local) GPU memory in use */
  LISTAPPS_FIELD_GPU_SHARED_MEMORY = 33,    /* bytes of shared (system) GPU memory in use */
  /* boolean: the App that owns the foreground window (a UWP frame counts for the app behind
   * it, a nested App for its launcher's group row, an owned window for its owner); for a
   * window, that window */
  LISTAPPS_FIELD_FOREGROUND = 34,
  /* The visible frame in screen pixels (DWMWA_EXTENDED_FRAME_BOUNDS, else GetWindowRect): a
   * window's, or an App row's topmost qualifying window's. X and Y may be negative. */
  LISTAPPS_FIELD_X = 35,            /* integer */
  LISTAPPS_FIELD_Y = 36,            /* integer */
  LISTAPPS_FIELD_WIDTH = 37,        /* integer */
  LISTAPPS_FIELD_HEIGHT = 38,       /* integer */
  LISTAPPS_FIELD_WINDOW_STATE = 39, /* string: "Normal", "Minimized" or "Maximized" */
  LISTAPPS_FIELD_CLOAKED = 40       /* boolean: DWM cloaks it (another virtual desktop...) */
};
/* The number of field ids this header names. The library may know more (a later DLL):
 * listapps_field_count() says how many it knows. */
#define LISTAPPS_FIELD_COUNT 41

/* The type of a field's value, which says which accessor reads it and how it is written. */
enum listapps_type {
  LISTAPPS_TYPE_STRING = 0,          /* listapps_snapshot_get_string */
  LISTAPPS_TYPE_INTEGER = 1,         /* listapps_snapshot_get_integer */
  LISTAPPS_TYPE_BYTES = 2,           /* an integer count of bytes */
  LISTAPPS_TYPE_PERCENT = 3,         /* an integer in tenths of a percent */
  LISTAPPS_TYPE_TIME = 4,            /* an integer in milliseconds since 1970-01-01 UTC */
  LISTAPPS_TYPE_BOOLEAN = 5,         /* an integer, 0 or 1 */
  LISTAPPS_TYPE_BYTES_PER_SECOND = 6 /* an integer count of bytes per second */
};

/* Which rows a field applies to (bits of listapps_field_info.rows). */
#define LISTAPPS_ROWS_APP 0x1u     /* App rows: the default listing, and Apps with LIST_ALL */
#define LISTAPPS_ROWS_PROCESS 0x2u /* the other rows of a LISTAPPS_LIST_ALL listing */
#define LISTAPPS_ROWS_WINDOW 0x4u  /* an App's windows (listapps_snapshot_get_window_*) */

/* What the registry says of one field. Every string is static UTF-8, never NULL. */
typedef struct listapps_field_info {
  int id;                  /* an enum listapps_field value */
  const char *header;      /* CSV and table header, e.g. "ParentPID" */
  const char *json_key;    /* JSON key, e.g. "parentPid" */
  int type;                /* an enum listapps_type value */
  unsigned int rows;       /* LISTAPPS_ROWS_* bits */
  const char *description; /* one line for --help */
  const char *unavailable; /* when the value is unavailable (empty in CSV, null in JSON) */
} listapps_field_info;

/* How many field ids the library knows: ids 0 .. count-1 are all valid. */
LISTAPPS_API size_t listapps_field_count(void);

/* The registry entry of a field; NULL for an unknown id. The pointer is static. */
LISTAPPS_API const listapps_field_info *listapps_field_info_of(int field);

/* The field whose header or JSON key is name, compared ignoring ASCII case ("parentpid",
 * "ParentPID" and "parentPid" all name LISTAPPS_FIELD_PARENT_PID); -1 when there is none. */
LISTAPPS_API int listapps_field_by_name(const char *name);

/* The state of one value. A value that is not LISTAPPS_VALUE_PRESENT is written as an empty CSV
 * field, JSON null and a blank table cell. */
enum listapps_value_state {
  LISTAPPS_VALUE_PRESENT = 0,      /* the value is there */
  LISTAPPS_VALUE_NONE = 1,         /* there is no such value: a process with no version
                                      resource has no description; a process row has no title */
  LISTAPPS_VALUE_NOT_GATHERED = 2, /* nobody asked for the field, so it was not read */
  LISTAPPS_VALUE_DENIED = 3,       /* the process denied access */
  LISTAPPS_VALUE_EXITED = 4,       /* the process exited while it was listed */
  LISTAPPS_VALUE_UNSUPPORTED = 5   /* this system cannot give the value */
};

/* A short English name of a value state, e.g. "access denied"; static, never NULL. */
LISTAPPS_API const char *listapps_value_state_name(int state);

/* Why a call failed, filled by calls that take one. No global state: each call has its own. */
typedef struct listapps_error_info {
  size_t size;               /* set by the caller: sizeof(listapps_error_info) */
  int code;                  /* the listapps error the call returned; LISTAPPS_OK on success */
  unsigned long win32_error; /* GetLastError() right after the failing call; 0 when none */
  char call[64];             /* that call's name, e.g. "EnumWindows"; "" when none */
  /* What the call was about, when the code alone does not say, e.g.
   * "window station Service-0x0-3e7$, session 0" or "session 7"; "" when none. */
  char detail[192];
} listapps_error_info;
/* clang-format off */
#define LISTAPPS_ERROR_INFO_INIT { sizeof(listapps_error_info), 0, 0ul, {0}, {0} }
/* clang-format on */

/* One line describing the error, e.g. "the system would not enumerate windows or processes
 * (EnumWindows failed with Win32 error 5)", written NUL-terminated into buf (cut to size - 1
 * bytes at a UTF-8 character boundary). Returns the length it needed without the NUL. */
LISTAPPS_API size_t listapps_error_message(const listapps_error_info *error, char *buf,
                                           size_t size);

/* What listapps_snapshot_take gathers, and which rows it keeps. */
typedef struct listapps_options {
  size_t size;        /* sizeof(listapps_options): use LISTAPPS_OPTIONS_INIT */
  unsigned int flags; /* LISTAPPS_LIST_DEFAULT, or LISTAPPS_LIST_ALL, _SESSIONS, _FOREGROUND,
                         _PRIVATE combined */
  const int *fields;  /* the fields the caller will read; NULL for the eleven columns of 1.0
                         (listapps_default_fields(LISTAPPS_FORMAT_CSV, 0, ...)) */
  size_t field_count; /* how many ids fields holds */
  /* Filters: a row is kept when any pattern matches its Name, Image (with or without ".exe")
   * or Title (not with LISTAPPS_LIST_PRIVATE), its PID is one of pids, and with
   * LISTAPPS_LIST_FOREGROUND it is the App in front; a filter left empty keeps every row. A pattern
   * holding * or ? is a wildcard over the whole field (* any run, ? one character, as
   * PowerShell's -like; nothing else is special); any other matches anywhere in the field.
   * Both ignore case with the folding the sort uses. With LISTAPPS_LIST_ALL an App row that
   * matches keeps its whole group. A NULL or empty pattern gives LISTAPPS_EINVAL. */
  const char *const *patterns; /* UTF-8 */
  size_t pattern_count;
  const unsigned long *pids;
  size_t pid_count;
  /* The order: by sort_field (a field id; numbers as numbers, unavailable values last, ties by
   * PID), descending when sort_descending; -1 keeps the default order, Name then PID. With
   * LISTAPPS_LIST_ALL the sections and groups stay together: Apps by their own value, each
   * App's other processes beneath it by theirs. */
  int sort_field;
  int sort_descending;
  /* LISTAPPS_FIELD_CPU's sample (and Disk's, Network's and GPU's): the processes' times are
   * read twice this many milliseconds apart (1 to 60000; 0 for the default, 1000). The call
   * waits that long only when one of those is asked for. */
  unsigned int cpu_interval_ms;
  /* The sessions whose Apps to list, by ID (Task Manager's Users tab, `query session`); with
   * LISTAPPS_LIST_SESSIONS in flags, every signed-in user's. Each must be an Active or
   * Disconnected session with a signed-in user, else LISTAPPS_ENOSESSION. NULL and 0: the
   * caller's own desktop only. See listapps_snapshot_take. */
  const unsigned long *session_ids;
  size_t session_count;
} listapps_options;
#define LISTAPPS_OPTIONS_INIT \
  { sizeof(listapps_options), LISTAPPS_LIST_DEFAULT, NULL, 0, NULL, 0, NULL, 0, -1, 0, 0u, NULL, 0 }

/* The running apps at one moment: rows of fields, each App's windows and group. */
typedef struct listapps_snapshot listapps_snapshot;

/*
 * Lists the running Apps of the caller's desktop, or with LISTAPPS_LIST_ALL every process.
 *
 * A window makes its process an App when it is visible, has no parent, is not a tool window
 * (unless it is also an app window), has a non-empty title, and is neither the shell's desktop
 * (Progman, WorkerW) nor a top-level Windows.UI.Core.CoreWindow. A UWP frame (class
 * ApplicationFrameWindow) counts for the process of its Windows.UI.Core.CoreWindow child, not
 * for the frame host; a frame without such a child does not count. ApplicationFrameHost.exe is
 * never an App by its own windows. No message is sent to another process's window, so a hung
 * app cannot hang the call.
 *
 * An App's group is its process and all its descendants, Apps among them (an app started by
 * another app is in the launcher's group and has no row of its own in the default listing); the
 * shell (GetShellWindow's owner, %windir%\explorer.exe) takes nobody into its group. A parent
 * link counts only when the parent was created before the child, since process IDs are reused.
 *
 * Rows are sorted by Name (case-insensitive for Latin, Greek, Cyrillic and fullwidth letters),
 * then PID, unless options->sort_field says otherwise. With LISTAPPS_LIST_ALL the Apps come
 * first, each followed by the other processes of its group, then the background processes, then
 * the Windows processes. A process that denies access or exits while it is listed keeps its row
 * with what could be read. Only what the asked-for fields need is read (each distinct
 * executable's version resource once); a field nobody asked for may read as
 * LISTAPPS_VALUE_NOT_GATHERED.
 *
 * Windows are per session and per window station: a caller whose window station is not
 * interactive, or that runs in session 0 (a service, a SYSTEM task), sees no user's windows,
 * and the call fails with LISTAPPS_ENODESKTOP rather than list nothing.
 *
 * Sessions (LISTAPPS_LIST_SESSIONS, or options->session_ids): the Apps of each session's
 * interactive desktop (WinSta0\Default) in one listing, merged and sorted as one. The caller's
 * own session, when its desktop is interactive, is read directly; each other session's windows
 * come from a helper, listapps.exe --session-helper, started in that session with its user's
 * token (WTSQueryUserToken, which needs LocalSystem's SeTcbPrivilege) on WinSta0\Default. The
 * helper is the file listapps.exe in the folder of the module that holds this library (the
 * command itself, or the program or DLL linking it), never searched for. Its answer is
 * untrusted: read with a size cap and a 10 s limit, and a window whose process is not in the
 * caller's process snapshot, or is in another session, is dropped. Every process fact comes from
 * the caller's own snapshot. A session whose helper fails costs only its own Apps: the call
 * succeeds, and listapps_snapshot_get_session says which sessions were listed and why not. No
 * helper is left running when the call returns.
 *
 * options: NULL for LISTAPPS_OPTIONS_INIT; an unknown flag or field id gives LISTAPPS_EINVAL.
 * out:     receives the snapshot (NULL on entry and on failure); free it with
 *          listapps_snapshot_free.
 * error:   NULL, or where to say why the call failed (its size member set).
 * Returns LISTAPPS_OK, LISTAPPS_EINVAL, LISTAPPS_ENOMEM, LISTAPPS_EENUM, LISTAPPS_ENODESKTOP
 * or LISTAPPS_ENOSESSION.
 */
LISTAPPS_API int listapps_snapshot_take(const listapps_options *options, listapps_snapshot **out,
                                        listapps_error_info *error);

/*
 * Makes a snapshot from a recording instead of the live system: the text a snapshot taken with
 * LISTAPPS_LIST_RECORD wrote (listapps_snapshot_write_recording), or one written by hand
 * (docs/listapps.md "Recordings", docs/recording.schema.json). The same rules make the rows from the
 * recorded facts, so the same options give the same snapshot the live listing gave, with the
 * fields the recording gathered (another reads as LISTAPPS_VALUE_NOT_GATHERED). The recording is
 * untrusted input: read strictly, within caps on its size (32 MiB) and its counts.
 *
 * text, len: the recording (UTF-8 JSON; need not be NUL-terminated).
 * options:   as listapps_snapshot_take's, but LISTAPPS_LIST_SESSIONS, session_ids and
 *            LISTAPPS_LIST_RECORD give LISTAPPS_EINVAL (a recording holds the sessions it read);
 *            LISTAPPS_LIST_ALL over a recording made without it gives LISTAPPS_ERECORDING.
 * Returns LISTAPPS_OK, LISTAPPS_EINVAL, LISTAPPS_ENOMEM or LISTAPPS_ERECORDING (error's detail
 * says what is wrong with the recording, and where).
 */
LISTAPPS_API int listapps_snapshot_replay(const char *text, size_t len,
                                          const listapps_options *options,
                                          listapps_snapshot **out, listapps_error_info *error);

/* Frees a snapshot. NULL is accepted. */
LISTAPPS_API void listapps_snapshot_free(listapps_snapshot *snapshot);

/* The number of rows; 0 for NULL. */
LISTAPPS_API size_t listapps_snapshot_count(const listapps_snapshot *snapshot);

/* The flags the snapshot was taken with. */
LISTAPPS_API unsigned int listapps_snapshot_flags(const listapps_snapshot *snapshot);

/*
 * Reads one value of a row. Each returns its state (enum listapps_value_state, >= 0) and sets
 * *value only when the state is LISTAPPS_VALUE_PRESENT (else NULL or 0); or LISTAPPS_EINVAL for
 * a row out of range, an unknown field, a field of another type, or a NULL value pointer.
 * Strings are UTF-8 owned by the snapshot, valid until it is freed. get_integer reads every
 * type but strings (an integer, bytes, percent, time or boolean).
 */
LISTAPPS_API int listapps_snapshot_get_string(const listapps_snapshot *snapshot, size_t row,
                                              int field, const char **value);
LISTAPPS_API int listapps_snapshot_get_integer(const listapps_snapshot *snapshot, size_t row,
                                               int field, long long *value);

/* An App row's qualifying windows (0 for other rows): the App's own, topmost first, then those
 * of the Apps nested in its group, in Z order; and one value of window `index`:
 * LISTAPPS_FIELD_PID (the window's own process) and LISTAPPS_FIELD_HWND (integers),
 * LISTAPPS_FIELD_TITLE and LISTAPPS_FIELD_CLASS (strings), LISTAPPS_FIELD_FOREGROUND and the
 * geometry (LISTAPPS_FIELD_X to LISTAPPS_FIELD_CLOAKED) of that window; the row's other fields
 * (Name, Image, Path) read as the row's. Same returns as the row accessors. */
LISTAPPS_API size_t listapps_snapshot_window_count(const listapps_snapshot *snapshot, size_t row);
LISTAPPS_API int listapps_snapshot_get_window_string(const listapps_snapshot *snapshot, size_t row,
                                                     size_t index, int field, const char **value);
LISTAPPS_API int listapps_snapshot_get_window_integer(const listapps_snapshot *snapshot, size_t row,
                                                      size_t index, int field, long long *value);

/* An App row's group: member_count PIDs, its own first, then the others ascending (0 for
 * other rows). get_member returns LISTAPPS_OK, or LISTAPPS_EINVAL out of range. */
LISTAPPS_API size_t listapps_snapshot_member_count(const listapps_snapshot *snapshot, size_t row);
LISTAPPS_API int listapps_snapshot_get_member(const listapps_snapshot *snapshot, size_t row,
                                              size_t index, unsigned long *pid);

/* Output formats for listapps_write (and the frozen listapps_format). */
enum listapps_format {
  LISTAPPS_FORMAT_TABLE = 0, /* aligned columns for people; control characters escaped */
  LISTAPPS_FORMAT_CSV = 1,   /* RFC 4180: CRLF line ends, quoted where needed, no BOM */
  LISTAPPS_FORMAT_JSON = 2,  /* an array of objects, camelCase keys, null for unknown values */
  LISTAPPS_FORMAT_JSONL = 3, /* JSON Lines: one object per line, nothing else (listapps_write only) */
  /* Prometheus text format 0.0.4, for windows_exporter's textfile collector (docs/listapps.md) */
  LISTAPPS_FORMAT_PROMETHEUS = 4
};


/* Flags for listapps_write (listapps_write_options.flags). Their values are shared with no
 * format and no 1.0 flag, so a mixed-up argument is refused rather than misread. */
#define LISTAPPS_WRITE_NO_HEADER 0x100u /* omit the table's and the CSV's header row */
#define LISTAPPS_WRITE_WINDOWS 0x200u   /* one row per window of each App (see listapps_write) */
/* CSV for spreadsheets: a UTF-8 BOM first, and a cell that starts with = + - @ TAB or CR gets
 * a ' in front so it is not run as a formula. Lossy: such text changes. CSV only. */
#define LISTAPPS_WRITE_EXCEL 0x400u

/* One session of a listing made with LISTAPPS_LIST_SESSIONS or session_ids. */
typedef struct listapps_session_info {
  size_t size;      /* set by the caller: sizeof(listapps_session_info) */
  unsigned long id; /* the session ID */
  const char *user; /* the signed-in user, DOMAIN\name; NULL when unknown. Owned by the snapshot */
  int listed;       /* 1 when its Apps are in the snapshot; 0 when they could not be read */
  /* Why not, one line (e.g. "the helper did not answer within 10 s"); NULL when listed. Owned by
   * the snapshot. */
  const char *problem;
} listapps_session_info;
#define LISTAPPS_SESSION_INFO_INIT { sizeof(listapps_session_info), 0ul, NULL, 0, NULL }

/* The sessions a snapshot lists, in ascending ID order (0 for a listing of the caller's own
 * desktop). get_session fills *info as far as its size reaches; returns LISTAPPS_OK, or
 * LISTAPPS_EINVAL out of range or for a NULL info. */
LISTAPPS_API size_t listapps_snapshot_session_count(const listapps_snapshot *snapshot);
LISTAPPS_API int listapps_snapshot_get_session(const listapps_snapshot *snapshot, size_t index,
                                               listapps_session_info *info);

/* The helper of a sessions listing (see listapps_snapshot_take): writes the qualifying windows
 * of the caller's own desktop, and its shell's process, to output (a HANDLE open for writing)
 * in the helper protocol, and returns LISTAPPS_OK, or the error of the listing. listapps.exe
 * calls it for its internal --session-helper mode; the protocol is internal and may change with
 * any release. */
LISTAPPS_API int listapps_serve_session_helper(void *output, listapps_error_info *error);

/* The columns listapps_write writes when its options name none: for the table Name, PID,
 * Status, Memory and Title; with LISTAPPS_WRITE_WINDOWS (CSV and JSON) PID, HWND, Title,
 * Class, Name, Image and Path; otherwise the eleven columns of 1.0, Category to Description.
 * Pass them as listapps_options.fields so that the snapshot gathers what they need. Returns a
 * static array and sets *count (count may be NULL). */
LISTAPPS_API const int *listapps_default_fields(int format, unsigned int flags, size_t *count);

/* Where listapps_write sends its text: called with each piece in order (len > 0, not
 * NUL-terminated). Return 0 to go on; anything else stops the write with LISTAPPS_EWRITE. */
typedef int (*listapps_sink)(void *context, const char *data, size_t len);

/* Writes the recording of a snapshot taken with LISTAPPS_LIST_RECORD through sink, in one
 * piece: one JSON document of every fact the listing gathered (docs/listapps.md, "Recordings"). Returns
 * LISTAPPS_OK, LISTAPPS_EINVAL (no recording: taken without the flag, or replayed) or
 * LISTAPPS_EWRITE. */
LISTAPPS_API int listapps_snapshot_write_recording(const listapps_snapshot *snapshot,
                                                   listapps_sink sink, void *context);

/* How listapps_write writes. */
typedef struct listapps_write_options {
  size_t size;        /* sizeof(listapps_write_options): use LISTAPPS_WRITE_OPTIONS_INIT */
  int format;         /* an enum listapps_format value */
  unsigned int flags; /* LISTAPPS_WRITE_NO_HEADER, _WINDOWS, _EXCEL (CSV only), or 0 */
  const int *fields;  /* the columns, in order; NULL for listapps_default_fields */
  size_t field_count;
} listapps_write_options;
#define LISTAPPS_WRITE_OPTIONS_INIT \
  { sizeof(listapps_write_options), LISTAPPS_FORMAT_TABLE, 0u, NULL, 0 }

/*
 * Writes a snapshot through sink as a table, CSV, JSON, JSON Lines or Prometheus text. CSV and
 * JSON go out row by row as they are made; the table is measured first (its columns are sized
 * to their content) and then written row by row. The columns are options->fields, in that
 * order, or listapps_default_fields. Nothing is cut or lost.
 *
 * CSV (RFC 4180): one header row of the fields' headers (unless LISTAPPS_WRITE_NO_HEADER), lines
 * ending with CRLF, no BOM (but see LISTAPPS_WRITE_EXCEL). An unavailable value is an empty
 * field. Fields holding a comma, a quote, CR or LF, or leading or trailing spaces or tabs are
 * quoted and their quotes doubled.
 *
 * JSON: an array of objects keyed by the fields' JSON keys, each object on a line of its own,
 * the text ending with a newline; JSON Lines: one object per line and nothing else. Numbers are
 * numbers, unavailable values null, control characters and U+2028/U+2029 escaped.
 *
 * Table: each column sized to its content (East Asian wide characters count two columns); an
 * App whose group has several processes is named "Name (N)". With LISTAPPS_LIST_ALL it has three
 * sections headed "Apps (N)", "Background processes (N)" and "Windows processes (N)", each App's
 * other processes indented beneath it. Control characters (C0, DEL, C1) and bidirectional
 * overrides are shown as visible escapes such as \x1b or \u202e, so they never reach a terminal
 * raw. Lines end with "\n".
 *
 * Values are written by type, the same way in every row: integers in decimal; bytes as a size
 * in the table ("7.0 MB") and as a count of bytes elsewhere; percents with one decimal ("0.5%"
 * in the table, 0.5 elsewhere); times as ISO 8601 UTC with milliseconds; booleans as Yes/No in
 * the table, true/false in CSV and JSON.
 *
 * With LISTAPPS_WRITE_WINDOWS there is one row per window of each App row: fields that apply to
 * windows (PID, HWND, Title, Class, Foreground and the geometry, X to Cloaked) are taken from
 * each window and the others from its App; HWND
 * is written as 0x followed by hexadecimal digits (a "0x..." string in JSON); the table lists
 * each App with its windows indented beneath it. LISTAPPS_FORMAT_PROMETHEUS takes neither
 * LISTAPPS_WRITE_WINDOWS nor LISTAPPS_WRITE_EXCEL.
 * Returns LISTAPPS_OK, LISTAPPS_EINVAL, LISTAPPS_ENOMEM, or LISTAPPS_EWRITE when the sink
 * refused a piece (nothing more is written then).
 */
LISTAPPS_API int listapps_write(const listapps_snapshot *snapshot,
                                const listapps_write_options *options, listapps_sink sink,
                                void *context);

/* ---------------------------------------------------------------------------------------------
 * Watching: Apps opening, closing and changing, as events.
 * ------------------------------------------------------------------------------------------- */

/* What happened to an App. An App is a process with its start time: a reused PID is a new App. */
enum listapps_event_kind {
  LISTAPPS_EVENT_PRESENT = 0, /* it was there when the watch started */
  LISTAPPS_EVENT_OPENED = 1,  /* a process became an App (its first qualifying window, or a new
                                 process with one) */
  LISTAPPS_EVENT_CLOSED = 2,  /* its process exited, or its last qualifying window went away */
  LISTAPPS_EVENT_TITLE = 3,   /* its Title (its topmost qualifying window's title) changed */
  LISTAPPS_EVENT_STATUS = 4,  /* its Status changed (Running, Not responding, Suspended) */
  /* The App in front changed. The event's App is the one now in front (its Foreground true);
   * when no App is in front any more, the one that left the front (its Foreground false in
   * the event's listing). An App in front that closes sends closed alone. */
  LISTAPPS_EVENT_FOCUS = 5
};

/* "present", "opened", "closed", "title", "status" or "focus"; "" for an unknown kind.
 * Static. */
LISTAPPS_API const char *listapps_event_name(int kind);

/* One event. The App is row `row` of `snapshot`, read with the snapshot accessors: the listing
 * that saw the change (for closed, the last listing the App was in). Valid during the callback
 * only. */
typedef struct listapps_event {
  size_t size;       /* sizeof(listapps_event) */
  int kind;          /* an enum listapps_event_kind value */
  long long time_ms; /* when listapps saw it: milliseconds since 1970-01-01 UTC */
  const listapps_snapshot *snapshot;
  size_t row;
} listapps_event;

/* Receives each event on the watching thread, in order. Return 0 to go on; anything else ends
 * the watch, which then returns LISTAPPS_EWRITE. */
typedef int (*listapps_watch_callback)(void *context, const listapps_event *event);

/* How listapps_watch watches. */
typedef struct listapps_watch_options {
  size_t size; /* sizeof(listapps_watch_options): use LISTAPPS_WATCH_OPTIONS_INIT */
  /* The fields and filters of each listing, NULL for LISTAPPS_OPTIONS_INIT (LISTAPPS_LIST_ALL,
   * sessions, LISTAPPS_LIST_FOREGROUND and sort_field are refused; LISTAPPS_LIST_PRIVATE is
   * taken): events name only the Apps that match. Read as listapps_options always is, as far
   * as its own size reaches. */
  const listapps_options *list;
  unsigned int interval_ms; /* the resync period: 1 to 60000, 0 for 1000 */
  unsigned int timeout_ms;  /* end after this long; 0 for never */
  unsigned long max_events; /* end after this many events other than present; 0 for no end */
  volatile long *stop;      /* NULL, or a flag any thread (a Ctrl+C handler) sets to end it;
                               the watch looks at it every 50 ms */
  void *stop_event;         /* NULL, or an event (a HANDLE with SYNCHRONIZE) that ends the watch
                               at once when signalled; with stop NULL the watch then wakes only
                               to look */
} listapps_watch_options;
#define LISTAPPS_WATCH_OPTIONS_INIT \
  { sizeof(listapps_watch_options), NULL, 0u, 0u, 0ul, NULL, NULL }

/*
 * Watches the Apps until the timeout, the event count, the stop flag or event, or the callback
 * ends it, calling back on the calling thread: first a present event for each App, then each
 * change as it is seen. Window events (SetWinEventHook, out of context) and process exits (a
 * wait on each App's process) make it look again within 50 ms of a change; a periodic listing
 * every interval_ms catches what they miss (under Wine most window events do not cross
 * processes). Each look takes a listing as listapps_snapshot_take does, reading again only what
 * may have changed since the last (each process is opened once, each window's process and
 * class read once), and compares it with the last. Every look reads the foreground window; a
 * focus event (EVENT_SYSTEM_FOREGROUND, EVENT_OBJECT_FOCUS) makes the watch ask for it, and a
 * thread of the watch asks for it alone every 150 ms (one request) for the changes no event
 * reports, so a focus event comes within about 150 ms at worst; the watch returns within one
 * such period of being ended.
 * Returns LISTAPPS_OK when it ended by timeout, count or stop flag; LISTAPPS_EWRITE when the
 * callback ended it; LISTAPPS_EINVAL, LISTAPPS_ENOMEM or LISTAPPS_EENUM (error says why).
 */
LISTAPPS_API int listapps_watch(const listapps_watch_options *options,
                                listapps_watch_callback callback, void *context,
                                listapps_error_info *error);

/*
 * Writes one event as listapps --watch prints it, through sink: CSV (a header first when
 * header is set: Time,Event,PID,StartTime,Name,Title,Image,Path and the columns asked for),
 * JSON Lines (one object: time, event, pid, startTime, name, title, image, path and the
 * columns), or the table's one line per event ("16:40:01.123  opened  Notepad  1234  title",
 * the time UTC). options->fields adds columns; LISTAPPS_FORMAT_JSON gives LISTAPPS_EINVAL (an
 * array cannot stream). Returns as listapps_write.
 */
LISTAPPS_API int listapps_write_event(const listapps_event *event,
                                      const listapps_write_options *options, int header,
                                      listapps_sink sink, void *context);

/* ---------------------------------------------------------------------------------------------
 * Frozen: the 1.0 interface.
 *
 * These calls and structs keep working exactly as listapps 1.0 documented them, and never
 * change: no member is added to these structs, no flag to these calls. They are implemented over
 * the calls above (a snapshot with the eleven 1.0 columns, written by listapps_write's writers),
 * so they follow the same rules. New programs use listapps_snapshot_take and listapps_write.
 * ------------------------------------------------------------------------------------------- */

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
 * An App's *group* is its process and all its descendants, Apps among them (an app started by
 * another app is in the launcher's group and has no row of its own in the default listing); the
 * shell (GetShellWindow's owner, %windir%\explorer.exe) takes nobody into its group. A parent link
 * counts only when the parent was created before the child, since process IDs are reused.
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

/*
 * Lists the running Apps of the caller's desktop, or with LISTAPPS_LIST_ALL every process.
 *
 * A window makes its process an App when it is visible, has no parent, is not a tool window
 * (unless it is also an app window), has a non-empty title, and is neither the shell's desktop
 * (Progman, WorkerW) nor a top-level Windows.UI.Core.CoreWindow. A UWP frame (class
 * ApplicationFrameWindow) counts for the process of its Windows.UI.Core.CoreWindow child, not
 * for the frame host; a frame without such a child does not count. ApplicationFrameHost.exe is
 * never an App by its own windows. No message is sent to
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
