/*
 * Task Manager's three categories, and the names it gives service hosts. Pure functions; no
 * Win32.
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
  const char *image;      /* image file name, or NULL */
  const char *path;       /* full image path, or NULL when the process denied access */
  const char *system_dir; /* the Windows system directory, e.g. C:\Windows\system32 */
} la_category_facts;

/* The category (enum listapps_category) of a process:
 * - App: in an App's group (this test comes first);
 * - Windows process: critical; or the System Idle Process (PID 0) and System (PID 4); or a
 *   kernel pseudo-process (Registry, Memory Compression, Secure System) started by System; or
 *   one of the system images named in the README (smss.exe, csrss.exe, wininit.exe,
 *   services.exe, lsass.exe, winlogon.exe, svchost.exe, fontdrvhost.exe, dwm.exe, conhost.exe,
 *   LsaIso.exe) whose image is in the system directory, or whose path is hidden from us (a
 *   process that denies access belongs to another user or to the system);
 * - Background process: everything else. */
int la_process_category(const la_category_facts *f);

/* 1 when the directory part of path is dir, ignoring case ("C:\Windows\System32\x.exe" is in
 * "c:\windows\system32", with or without a trailing backslash). */
int la_path_in_dir(const char *path, const char *dir);

/* The name of a service host process: "Service Host: <first display name>", followed by
 * " (+N more)" when it hosts N further services. display_names are in the order to use (the
 * caller sorts them). Returns a malloc'd string, or NULL when count is 0 or memory runs out. */
char *la_service_host_name(const char *const *display_names, size_t count);

#endif
