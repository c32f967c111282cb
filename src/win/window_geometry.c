/*
 * Each qualifying window's visible frame, show state and cloaking, read only when a column
 * asks for them. DWM answers the frame and the cloaking where it runs; dwmapi.dll is loaded
 * from the system directory at run time (it is never linked, so listapps starts without it).
 */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <wchar.h>

#include "core/field_registry.h"
#include "win/facts.h"

/* DWMWINDOWATTRIBUTE values (dwmapi.h), Windows Vista and Windows 8. */
#define DWMWA_EXTENDED_FRAME_BOUNDS_ 9
#define DWMWA_CLOAKED_ 14

typedef HRESULT(WINAPI *get_window_attribute_fn)(HWND, DWORD, PVOID, DWORD);

static INIT_ONCE dwm_once = INIT_ONCE_STATIC_INIT;
static get_window_attribute_fn dwm_get_window_attribute;

/* dwmapi.dll from the system directory only, never the program's folder or the current one.
 * https://learn.microsoft.com/windows/win32/api/libloaderapi/nf-libloaderapi-loadlibraryexw */
static HMODULE load_system_dll(const wchar_t *name) {
  wchar_t path[MAX_PATH + 32];
  UINT n;
  HMODULE module = LoadLibraryExW(name, NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);

  if (module != NULL || GetLastError() != ERROR_INVALID_PARAMETER) return module;
  /* Before KB2533623 the flag is unknown: the system directory's full path instead. */
  n = GetSystemDirectoryW(path, MAX_PATH);
  if (n == 0 || n >= MAX_PATH) return NULL;
  wcscat(path, L"\\");
  wcscat(path, name);
  return LoadLibraryExW(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
}

/* Loaded once for the process and kept: a watch asks at every look. */
static BOOL CALLBACK load_dwm(PINIT_ONCE once, PVOID param, PVOID *context) {
  HMODULE dwmapi = load_system_dll(L"dwmapi.dll");

  (void)once;
  (void)param;
  (void)context;
  if (dwmapi != NULL)
    dwm_get_window_attribute =
        (get_window_attribute_fn)(la_proc_fn)GetProcAddress(dwmapi, "DwmGetWindowAttribute");
  return TRUE;
}

/* The visible frame: DWM's extended frame bounds, which leave out the invisible resize
 * borders of Windows 10 and 11; where DWM does not answer, the window rectangle.
 * https://learn.microsoft.com/windows/win32/api/dwmapi/ne-dwmapi-dwmwindowattribute */
static void read_rect(la_window *w) {
  RECT r;

  w->read |= LA_WINDOW_READ_RECT;
  if ((dwm_get_window_attribute == NULL ||
       dwm_get_window_attribute((HWND)w->hwnd, DWMWA_EXTENDED_FRAME_BOUNDS_, &r, sizeof r) !=
           S_OK) &&
      !GetWindowRect((HWND)w->hwnd, &r)) {
    /* The window was destroyed since it was listed. */
    w->rect_state = LISTAPPS_VALUE_EXITED;
    return;
  }
  w->rect_state = LISTAPPS_VALUE_PRESENT;
  w->left = r.left;
  w->top = r.top;
  w->width = r.right - r.left;
  w->height = r.bottom - r.top;
}

/* Minimized and Maximized are style bits: IsIconic and IsZoomed read WS_MINIMIZE and
 * WS_MAXIMIZE, and the style word is one call. A qualifying window is WS_VISIBLE, so a style
 * of 0 means it is gone. */
static void read_show(la_window *w) {
  unsigned long style = (unsigned long)GetWindowLongPtrW((HWND)w->hwnd, GWL_STYLE);

  w->read |= LA_WINDOW_READ_SHOW;
  if (style == 0) {
    w->show_state = LISTAPPS_VALUE_EXITED;
    return;
  }
  w->show_state = LISTAPPS_VALUE_PRESENT;
  w->show = (style & WS_MINIMIZE)   ? LA_SHOW_MINIMIZED
            : (style & WS_MAXIMIZE) ? LA_SHOW_MAXIMIZED
                                    : LA_SHOW_NORMAL;
}

/* DWMWA_CLOAKED (Windows 8): a window on another virtual desktop, a suspended UWP app's. Where
 * DWM will not say (Windows 7, Wine's E_NOTIMPL) the value is unsupported, never a guess. */
static void read_cloaked(la_window *w) {
  DWORD cloaked = 0;

  w->read |= LA_WINDOW_READ_CLOAKED;
  if (dwm_get_window_attribute == NULL ||
      dwm_get_window_attribute((HWND)w->hwnd, DWMWA_CLOAKED_, &cloaked, sizeof cloaked) != S_OK) {
    w->cloaked_state = LISTAPPS_VALUE_UNSUPPORTED;
    return;
  }
  w->cloaked_state = LISTAPPS_VALUE_PRESENT;
  w->cloaked = cloaked != 0;
}

void la_read_window_geometry(la_window *windows, size_t count, unsigned needs) {
  size_t i;

  if ((needs & (LA_NEED_RECT | LA_NEED_CLOAKED)) != 0)
    InitOnceExecuteOnce(&dwm_once, load_dwm, NULL, NULL);
  for (i = 0; i < count; i++) {
    if (needs & LA_NEED_RECT) read_rect(&windows[i]);
    if (needs & LA_NEED_WINDOW_STATE) read_show(&windows[i]);
    if (needs & LA_NEED_CLOAKED) read_cloaked(&windows[i]);
  }
}
