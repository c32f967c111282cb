/* What wakes a watch: window events and held processes exiting. See watch_signals.c. */
#ifndef LA_WATCH_SIGNALS_H
#define LA_WATCH_SIGNALS_H

#include <stddef.h>
#include <stdint.h>

#include "listapps.h"

typedef struct la_watch_signals la_watch_signals;

/* How often the foreground window is asked for between looks (one request), for the focus
 * changes no event tells. */
#define LA_FOCUS_POLL_MS 150u

/* Installs the window-event hooks on the calling thread, and starts the thread that polls the
 * foreground window. Returns 0 or LISTAPPS_ENOMEM. */
int la_signals_open(la_watch_signals **s);
void la_signals_close(la_watch_signals *s);

/* Marks the watch dirty and wakes its thread; any thread may call it (a held process's exit
 * wait does: win/held_processes.c). signals is a la_watch_signals. */
void la_signals_notify(void *signals);

/* What la_signals_wait saw. */
#define LA_SIGNAL_NONE 0
#define LA_SIGNAL_CHANGE 1 /* a signal came (now or since the last call) */
#define LA_SIGNAL_STOP 2   /* stop_event was signalled */
/* The foreground window changed (a focus event or the poll saw it): look at once; the window
 * is among those la_signals_take gives. */
#define LA_SIGNAL_FOCUS 3

/* Pumps the thread's messages for up to ms, or until stop_event (a HANDLE; may be NULL) is
 * signalled. Returns LA_SIGNAL_STOP, LA_SIGNAL_CHANGE or LA_SIGNAL_NONE. */
int la_signals_wait(la_watch_signals *s, void *stop_event, unsigned ms);

/* The most windows a burst may name before the watch looks at every window instead. */
#define LA_TOUCHED_MAX 64u

/* Copies the windows that events named since the last call into touched (room for
 * LA_TOUCHED_MAX) and their number into *count, and forgets them. Returns 1 when a look must
 * read everything instead: a held process exited, or more windows were named than fit. */
int la_signals_take(la_watch_signals *s, uintptr_t *touched, size_t *count);

/* The time now, milliseconds since 1970 UTC; and a monotonic clock in milliseconds. */
long long la_now_ms(void);
unsigned long long la_ticks_ms(void);

#endif
