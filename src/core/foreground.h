/*
 * The App in front: which qualifying window the foreground window counts for, through the
 * same mapping as every other window (a UWP frame is listed for the app behind it, a nested
 * App's windows go to its launcher's group row). Pure C: the window handles are numbers here,
 * read by src/win/foreground.c.
 */
#ifndef LA_FOREGROUND_H
#define LA_FOREGROUND_H

#include <stddef.h>
#include <stdint.h>

#include "core/row.h"

/* What the system said of the foreground window. */
typedef struct la_foreground {
  int read;         /* the foreground window was asked for */
  uintptr_t window; /* GetForegroundWindow(); 0 when no window is in front */
  /* When the foreground window is a ghost (the frame Windows shows for a hung window), the
   * hung window it stands for (HungWindowFromGhostWindow); else 0. */
  uintptr_t ghost_of;
  /* Its root owner (GetAncestor GA_ROOTOWNER), read only when neither of the above is a
   * qualifying window: a dialog or a palette counts for the window that owns it, as the
   * taskbar lights the owner's button; 0 when not read. */
  uintptr_t owner;
} la_foreground;

/* The index in windows (count of them) of the window the foreground counts for: the hung
 * window behind a ghost, else the foreground window itself, else its root owner, whichever is
 * first among windows; SIZE_MAX when none is (the desktop, the taskbar, an unowned tool window,
 * a hidden window, nothing in front). */
size_t la_foreground_index(const la_window *windows, size_t count, const la_foreground *fg);

/* Marks each of windows (count of them) as read for Foreground (state PRESENT), the one
 * la_foreground_index names as the one in front and the others not. */
void la_mark_foreground(la_window *windows, size_t count, const la_foreground *fg);

/* An App row's Foreground from its windows: true when one of them is in front; false when
 * the foreground was read for them and none is; else the state of the first (NOT_GATHERED,
 * or UNSUPPORTED for another session's windows). A row without windows (a process row): false
 * when foreground_read, else NOT_GATHERED. */
la_cell la_row_foreground(const la_window *windows, size_t count, int foreground_read);

#endif
