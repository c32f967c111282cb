/*
 * The window in front: GetForegroundWindow, and what it stands for when it is no qualifying
 * window itself. Which App that makes is decided in core/foreground.c.
 */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include "core/foreground.h"
#include "win/facts.h"

/* HungWindowFromGhostWindow (user32, Windows Vista): the hung window behind a ghost. Not
 * exported by Wine, so looked up at run time.
 * https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-hungwindowfromghostwindow */
typedef HWND(WINAPI *hung_from_ghost_fn)(HWND);

void la_read_foreground(const la_window *windows, size_t count, la_foreground *fg) {
  HMODULE user32 = GetModuleHandleW(L"user32.dll");
  hung_from_ghost_fn hung_from_ghost =
      user32 != NULL
          ? (hung_from_ghost_fn)(la_proc_fn)GetProcAddress(user32, "HungWindowFromGhostWindow")
          : NULL;
  /* One request: the system keeps the foreground window; no message is sent.
   * https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-getforegroundwindow */
  HWND front = GetForegroundWindow();

  fg->read = 1;
  fg->window = (uintptr_t)front;
  fg->ghost_of = 0;
  fg->owner = 0;
  if (front == NULL) return;
  /* A ghost is a window of its own (dwm.exe's), titled like the hung one: it counts for the
   * hung window, whatever it qualifies as. NULL for any other window. */
  if (hung_from_ghost != NULL) fg->ghost_of = (uintptr_t)hung_from_ghost(front);
  if (la_foreground_index(windows, count, fg) != SIZE_MAX) return;
  /* A dialog, a palette or an owned popup counts for the window that owns it: read only when
   * the foreground window is no qualifying window itself.
   * https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-getancestor */
  fg->owner = (uintptr_t)GetAncestor(front, GA_ROOTOWNER);
}
