/*
 * The facts that make a UWP frame a real one (package.c): whose process draws it, and whether
 * the process behind its core window is a packaged app. la_read_package_name, the other
 * reading of package.c, is declared in win/facts.h.
 */
#ifndef LA_WIN_PACKAGE_H
#define LA_WIN_PACKAGE_H

#include "core/app_rules.h"

/* For a UWP frame with a core window (la_frame_facts_needed): sets w->system_dir and
 * w->frame_host_path (the image path of process w->pid), both malloc'd UTF-8 or NULL when they
 * cannot be read, and, only when that is the system's ApplicationFrameHost.exe,
 * w->core_child_packaged (process w->core_child_pid has a package identity). Free with
 * la_frame_facts_free. Returns 0 or LISTAPPS_ENOMEM. */
int la_read_frame_facts(la_window_facts *w);

/* Frees what la_read_frame_facts set, and sets it back to NULL and 0. */
void la_frame_facts_free(la_window_facts *w);

#endif
