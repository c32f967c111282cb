/*
 * The system DLLs that are not KnownDLLs (version, shlwapi, wtsapi32, userenv, dwmapi), loaded
 * at run time from the system directory only. A static import, or LoadLibraryW with a bare
 * name, searches the executable's folder first: a DLL of that name planted beside a copy of
 * listapps (a portable zip in a folder a user can write) would run in listapps' process, as
 * SYSTEM when a scheduled task runs it so. Only KnownDLLs, which the loader always takes from
 * the system's own section, are imported statically.
 */
#ifndef LA_SYSTEM_DLL_H
#define LA_SYSTEM_DLL_H

#include "win/facts.h"

typedef enum la_system_dll_id {
  LA_DLL_VERSION,  /* version.dll: the version resource functions */
  LA_DLL_SHLWAPI,  /* shlwapi.dll: SHLoadIndirectString */
  LA_DLL_WTSAPI32, /* wtsapi32.dll: sessions */
  LA_DLL_USERENV,  /* userenv.dll: user environment blocks */
  LA_DLL_DWMAPI,   /* dwmapi.dll: window geometry and cloaking */
  LA_DLL_COUNT
} la_system_dll_id;

/* The module of the DLL, loaded from the system directory the first time any thread asks, and
 * kept loaded for the life of the process (so a second listing loads nothing). NULL when it
 * cannot be loaded; then every later call says NULL too. Thread-safe. */
void *la_system_dll(la_system_dll_id id);

/* The function `name` of the DLL (to be cast to its real type), or NULL when the DLL cannot be
 * loaded or does not export it. */
la_proc_fn la_system_function(la_system_dll_id id, const char *name);

#endif
