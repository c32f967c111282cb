/*
 * The rules: which windows make a process an App, how windows group into Apps, which version
 * block names an executable, what name is shown and how rows sort. Plain functions over facts
 * gathered elsewhere; no Win32, so they are tested without a desktop.
 */
#ifndef LA_APP_RULES_H
#define LA_APP_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "core/text.h"
#include "listapps.h"

/* The extended window styles the rules read, with their Win32 values. */
#define LA_WS_EX_TOOLWINDOW 0x00000080ul
#define LA_WS_EX_APPWINDOW 0x00040000ul

/* What is known of one top-level window. */
typedef struct la_window_facts {
  int visible;                  /* IsWindowVisible */
  int has_parent;               /* GetParent() != NULL; an owner counts only for WS_POPUP windows */
  unsigned long ex_style;       /* GWL_EXSTYLE */
  int is_shell_window;          /* it is GetShellWindow() */
  const char *class_name;       /* UTF-8; NULL when not gathered yet */
  size_t title_len;             /* title length in bytes; 0 for an untitled window */
  unsigned long pid;            /* the process that owns the window */
  unsigned long core_child_pid; /* for a UWP frame (class ApplicationFrameWindow): the process
                                   of its Windows.UI.Core.CoreWindow child; 0 when it has none */
  /* For a UWP frame with a core window (la_frame_facts_needed), what says it is a real one: */
  const char *frame_host_path;  /* the image path (UTF-8) of the frame's own process; NULL when
                                   it cannot be read */
  const char *system_dir;       /* the system directory (UTF-8); NULL when unknown */
  int core_child_packaged;      /* the core window's process has a package identity */
} la_window_facts;

/* 1 when the facts that cost nothing to gather (visible, has_parent, ex_style,
 * is_shell_window) leave the window a candidate; 0 when it cannot qualify whatever its title
 * and class. Lets the gatherer skip reading titles and classes of most windows. */
int la_window_may_qualify(const la_window_facts *w);

/* 1 when the window makes its process an App (Task Manager's rule, see listapps_list_apps). */
int la_window_qualifies(const la_window_facts *w);

/* 1 when the window is a UWP app's frame, hosted by ApplicationFrameHost.exe. */
int la_window_is_uwp_frame(const la_window_facts *w);

/* The process a qualifying window makes an App: its owner, or for a UWP frame the process of
 * its core window. A frame makes no App (0) unless it has a core window, its own process is
 * the system's ApplicationFrameHost.exe (la_is_system_frame_host) and the core window's
 * process has a package identity: any other process could otherwise name itself an App by
 * putting a CoreWindow into a frame of its own, or into the real host's. */
unsigned long la_window_app_pid(const la_window_facts *w);

/* The window styles a raw window's facts are read from. */
#define LA_WS_VISIBLE 0x10000000ul
#define LA_WS_CHILD 0x40000000ul
#define LA_WS_POPUP 0x80000000ul

struct la_raw_window;

/* The facts the rules read, from what the listing read of a window (class_name borrowed). */
void la_window_facts_of_raw(const struct la_raw_window *raw, la_window_facts *out);

/* 1 when a raw window makes an App, with its App's PID in *app_pid: the rule of
 * la_window_qualifies over what was read. A window of class Ghost never does itself: it is the
 * stand-in the Desktop Window Manager shows for a hung window (see la_ghost_target_counts). */
int la_raw_window_qualifies(const struct la_raw_window *raw, unsigned long *app_pid);

/* 1 when the hung window a ghost stands for (target, read for the ghost) counts for its own
 * App although Windows hid it: as if it were visible, by every other rule. */
int la_ghost_target_counts(const struct la_raw_window *target, unsigned long *app_pid);

/* 1 for a window of class Ghost. */
int la_is_ghost_class(const char *class_name);

/* 1 when the window is a UWP frame whose frame_host_path, system_dir and core_child_packaged
 * the rules need: it has a core window. Lets the gatherer read those for such frames only. */
int la_frame_facts_needed(const la_window_facts *w);

/* 1 when path is ApplicationFrameHost.exe in system_dir (ignoring case), as Task Manager's rule
 * names it (%windir%\system32\ApplicationFrameHost.exe). NULL never is. */
int la_is_system_frame_host(const char *path, const char *system_dir);

/* 0 when a process with this image file name (from the process snapshot; NULL when unknown) is
 * never an App by its own windows: ApplicationFrameHost.exe, which draws UWP apps' frames. Task
 * Manager leaves it out even when it owns a titled window of another class; its frames count
 * for the app behind them (la_window_app_pid). 1 otherwise. */
int la_image_may_be_app(const char *image);

/* The Apps that qualifying windows make: one per process, in order of each process's topmost
 * window. */
typedef struct la_app_group {
  unsigned long pid;
  size_t first_window; /* index of the process's topmost qualifying window */
  size_t window_count;
} la_app_group;

/* Groups count windows (pids[i] owns window i, topmost first) by process. On success returns 0
 * and sets *groups (malloc'd; NULL when count is 0) and *group_count. Returns LISTAPPS_ENOMEM
 * with *groups NULL when memory runs out. */
int la_group_windows(const unsigned long *pids, size_t count, la_app_group **groups,
                     size_t *group_count);

/* A version block's key: language in the high 16 bits, code page in the low 16 bits, as the
 * "%04x%04x" name of a \StringFileInfo block. */
#define LA_VERSION_KEY(lang, cp) ((((uint32_t)(lang)&0xFFFFu) << 16) | ((uint32_t)(cp)&0xFFFFu))
#define LA_MAX_DESCRIPTION_CANDIDATES 6

/* The version blocks to try for FileDescription, in order, without repeats: the first
 * \VarFileInfo\Translation entry; its language with code pages 1252 and 1200; then 040904B0,
 * 040904E4 and 04090000. translations may be NULL when count is 0. Returns the number of keys
 * stored in out. */
size_t la_description_candidates(const uint32_t *translations, size_t count,
                                 uint32_t out[LA_MAX_DESCRIPTION_CANDIDATES]);

/* The bytes of a version resource that its values may use: block_len (the size of the buffer
 * GetFileVersionInfoExW filled, block) cut to the resource's own length, the wLength that its
 * first two bytes hold (little-endian). */
size_t la_version_resource_len(const unsigned char *block, size_t block_len);

/* 1 when len bytes at offset (from block's start) lie within the resource
 * (la_version_resource_len). */
int la_version_value_fits(const unsigned char *block, size_t block_len, size_t offset, size_t len);

/* How many UTF-16 units of the version string at offset (bytes from block's start) to read,
 * given the count VerQueryValueW reported, which comes from the resource itself (a damaged one
 * can say 65535 with no NUL before the end): up to its first NUL, never past count, never past
 * the resource (la_version_resource_len). Reads nothing outside block[0..block_len). */
size_t la_version_string_count(const unsigned char *block, size_t block_len, size_t offset,
                               size_t count);

/* Given what each candidate block held (values[i] NULL when the block or its FileDescription
 * is missing), the index of the one to use: the first whose trimmed value is not empty; else the
 * first present (blank) one; -1 when none is present. */
int la_choose_description(const char *const *values, size_t count);

/* The name shown for an App: the trimmed description if it is not blank; else image; else "".
 * description and image may be NULL. Returns a malloc'd string, or NULL when memory runs out. */
char *la_display_name(const char *description, const char *image);

#endif
