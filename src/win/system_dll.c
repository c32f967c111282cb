/* System DLLs loaded from the system directory only. See system_dll.h. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>
#include <wchar.h>

#include "win/system_dll.h"

#ifndef LOAD_LIBRARY_SEARCH_SYSTEM32
#  define LOAD_LIBRARY_SEARCH_SYSTEM32 0x00000800
#endif

static const wchar_t *const dll_names[LA_DLL_COUNT] = {
    L"version.dll", L"shlwapi.dll", L"wtsapi32.dll", L"userenv.dll", L"dwmapi.dll",
};

static INIT_ONCE once[LA_DLL_COUNT] = {INIT_ONCE_STATIC_INIT, INIT_ONCE_STATIC_INIT,
                                       INIT_ONCE_STATIC_INIT, INIT_ONCE_STATIC_INIT,
                                       INIT_ONCE_STATIC_INIT};
static HMODULE modules[LA_DLL_COUNT];

/* Loads the DLL `name` by its full path in the system directory. A bare name is looked up
 * first in the list of modules the process has loaded, whatever folder each came from, so a
 * planted copy that something else in the process loaded (a host program, or under Wine 8 the
 * system's own user32.dll, which imports version.dll by the ordinary search order) would be
 * the one used; a full path names the system's file. Its own imports are searched in the
 * system directory: LOAD_LIBRARY_SEARCH_SYSTEM32 where the loader has it (Windows 8, or 7 with
 * KB2533623, which is when kernel32 exports AddDllDirectory; elsewhere LoadLibraryExW refuses
 * the flag), else LOAD_WITH_ALTERED_SEARCH_PATH, which starts the search in the DLL's folder:
 * https://learn.microsoft.com/windows/win32/api/libloaderapi/nf-libloaderapi-loadlibraryexw
 * https://learn.microsoft.com/windows/win32/dlls/dynamic-link-library-search-order */
static HMODULE load_from_system_directory(const wchar_t *name) {
  HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
  DWORD flags = kernel32 != NULL && GetProcAddress(kernel32, "AddDllDirectory") != NULL
                    ? LOAD_LIBRARY_SEARCH_SYSTEM32
                    : LOAD_WITH_ALTERED_SEARCH_PATH;
  UINT cap = GetSystemDirectoryW(NULL, 0);
  size_t name_count = wcslen(name);
  wchar_t *path;
  UINT count;
  HMODULE module = NULL;

  if (cap == 0) return NULL;
  path = malloc(((size_t)cap + 1 + name_count + 1) * sizeof *path);
  if (path == NULL) return NULL;
  count = GetSystemDirectoryW(path, cap);
  if (count > 0 && count < cap) {
    if (path[count - 1] != L'\\') path[count++] = L'\\';
    wcscpy(path + count, name);
    module = LoadLibraryExW(path, NULL, flags);
  }
  free(path);
  return module;
}

static BOOL CALLBACK load_once(PINIT_ONCE init, PVOID parameter, PVOID *context) {
  size_t id = (size_t)parameter;

  (void)init;
  (void)context;
  modules[id] = load_from_system_directory(dll_names[id]);
  return TRUE;
}

void *la_system_dll(la_system_dll_id id) {
  if ((unsigned)id >= LA_DLL_COUNT) return NULL;
  if (!InitOnceExecuteOnce(&once[id], load_once, (PVOID)(size_t)id, NULL)) return NULL;
  return modules[id];
}

la_proc_fn la_system_function(la_system_dll_id id, const char *name) {
  HMODULE module = la_system_dll(id);

  return module != NULL ? (la_proc_fn)GetProcAddress(module, name) : NULL;
}
