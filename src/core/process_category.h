/*
 * Task Manager's three categories, the names it gives service hosts, and which process is the
 * shell. Pure functions; no Win32.
 */
#ifndef LA_PROCESS_CATEGORY_H
#define LA_PROCESS_CATEGORY_H

#include <stddef.h>

/* What decides one process's category. */
typedef struct la_category_facts {
  int in_app_group; /* an App or a member of an App's group */
  int is_critical;  /* IsProcessCritical said so */
  unsigned long pid;
  unsigned long parent_pid; /* valid when has_parent */
  int has_parent;
  const char *image;             /* image file name, or NULL */
  const char *path;              /* full image path, or NULL when the process denied access */
  const char *system_dir;        /* the Windows system directory, e.g. C:\Windows\system32 */
  const char *windows_dir;       /* %windir%, e.g. C:\Windows; NULL when unknown */
  const char *program_files_dir; /* %ProgramFiles%, e.g. C:\Program Files; NULL when unknown */
} la_category_facts;

/* The category (enum listapps_category) of a process:
 * - App: in an App's group (this test comes first, so explorer.exe with a folder window is an
 *   App);
 * - Windows process: critical; or the System Idle Process (PID 0) and System (PID 4); or a
 *   kernel pseudo-process (Registry, Memory Compression, Secure System) started by System; or
 *   on Task Manager's own list of system processes (la_is_task_manager_system_image), compared
 *   by full path, or by name alone when the path is hidden from us (a process that denies
 *   access belongs to another user or to the system);
 * - Background process: everything else. */
int la_process_category(const la_category_facts *f);

/* The category's name as written: "App", "Background process" or "Windows process"; "" for an
 * unknown value. Static. */
const char *la_category_name(int category);

/* 1 when path is one of the system processes Task Manager lists, in its directory (ignoring
 * case): winlogon.exe, wininit.exe, csrss.exe, lsass.exe, smss.exe, services.exe,
 * taskeng.exe, taskhost.exe, dwm.exe, conhost.exe, svchost.exe, sihost.exe, and 1.0's
 * fontdrvhost.exe and LsaIso.exe in system_dir; MsMpEng.exe and NisSrv.exe in
 * program_files_dir\Windows Defender; explorer.exe in windows_dir. When path is NULL, 1 when
 * image is one of those names. A NULL directory matches nothing. */
int la_is_task_manager_system_image(const char *image, const char *path, const char *system_dir,
                                    const char *windows_dir, const char *program_files_dir);

/* 1 when the directory part of path is dir, ignoring case ("C:\Windows\System32\x.exe" is in
 * "c:\windows\system32", with or without a trailing backslash). */
int la_path_in_dir(const char *path, const char *dir);

/* 1 when a process with this image file name (from the process snapshot) may be the shell:
 * explorer.exe, ignoring case. Lets the gatherer read the path of those only. */
int la_may_be_shell_image(const char *image);

/* 1 when path is the shell's image, %windir%\explorer.exe (ignoring case); 0 when either is
 * NULL. */
int la_is_shell_path(const char *path, const char *windows_dir);

/* The name of a service host process: "Service Host: <first display name>", followed by
 * " (+N more)" when it hosts N further services. display_names are in the order to use (the
 * caller sorts them). Returns a malloc'd string, or NULL when count is 0 or memory runs out. */
char *la_service_host_name(const char *const *display_names, size_t count);

#endif
