/*
 * What wakes a watch: window events from other processes (SetWinEventHook, out of context, on
 * the watching thread's message queue) and the exit of a process the watch holds (a
 * thread-pool wait in held_processes.c, which calls la_signals_notify). Either marks the watch
 * dirty; the watch then looks again. A thread of its own asks for the foreground window every
 * LA_FOCUS_POLL_MS and wakes the watch when it changed: a focus change, looked at at once.
 */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>

#include "win/watch_signals.h"

struct la_watch_signals {
  HWINEVENTHOOK hook;
  HWINEVENTHOOK foreground_hook;
  DWORD thread_id;
  volatile LONG dirty;
  volatile LONG everything;          /* a process exited, or more windows were named than fit */
  uintptr_t touched[LA_TOUCHED_MAX]; /* the windows events named, on the watching thread only */
  size_t touched_count;
  HANDLE poller;           /* the foreground poll's thread; NULL when it could not start */
  volatile LONG stopping;  /* tells the poller to end */
  volatile LONG focus;     /* another foreground window was seen */
  volatile LONG_PTR front; /* that window */
  volatile LONG_PTR seen;  /* the foreground window last seen, by the poller or a hook */
};

/* The hook runs on the watching thread while it pumps messages; one signals store per thread,
 * found through the thread's own slot (no global state shared between watches). */
static DWORD tls_slot = TLS_OUT_OF_INDEXES;
static INIT_ONCE tls_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK make_slot(PINIT_ONCE once, PVOID param, PVOID *context) {
  (void)once;
  (void)param;
  (void)context;
  tls_slot = TlsAlloc();
  return tls_slot != TLS_OUT_OF_INDEXES;
}

/* The foreground window now: when it is another than last seen (by either the poller or a
 * hook), the watch is told once. Any thread. */
static void see_front(la_watch_signals *s, int post) {
  HWND now = GetForegroundWindow();

  if ((HWND)InterlockedExchangePointer((PVOID volatile *)&s->seen, (PVOID)now) == now) return;
  InterlockedExchangePointer((PVOID volatile *)&s->front, (PVOID)now);
  InterlockedExchange(&s->focus, 1);
  if (post) PostThreadMessageW(s->thread_id, WM_NULL, 0, 0);
}

static void CALLBACK on_window_event(HWINEVENTHOOK hook, DWORD event, HWND hwnd, LONG object,
                                     LONG child, DWORD thread, DWORD time) {
  la_watch_signals *s = TlsGetValue(tls_slot);

  (void)hook;
  (void)thread;
  (void)time;
  (void)child;
  if (s == NULL) return;
  /* Where the system says the focus moved (under Wine EVENT_OBJECT_FOCUS comes across processes,
   * EVENT_SYSTEM_FOREGROUND does not), one request tells whether the window in front did. This
   * runs on the watching thread, which looks for it once its messages are pumped. */
  if (event == EVENT_SYSTEM_FOREGROUND || event == EVENT_OBJECT_FOCUS) {
    see_front(s, 0);
    return;
  }
  /* Only top-level windows themselves can change the list. */
  if (object != OBJID_WINDOW || hwnd == NULL) return;
  InterlockedExchange(&s->dirty, 1);
  /* The hook runs on the watching thread, the only one that reads touched. */
  if (s->touched_count < LA_TOUCHED_MAX)
    s->touched[s->touched_count++] = (uintptr_t)hwnd;
  else
    InterlockedExchange(&s->everything, 1);
}

/* The foreground poll. Not every focus change comes with an event (under Wine
 * EVENT_SYSTEM_FOREGROUND never crosses processes, and EVENT_OBJECT_FOCUS not always), so this
 * thread asks
 * for the foreground window alone: GetForegroundWindow is one request and sends no message. A
 * plain Sleep costs no request under Wine (an alertable wait or a waitable timer would cost one
 * per tick). */
static DWORD WINAPI poll_foreground(LPVOID arg) {
  la_watch_signals *s = arg;

  while (InterlockedCompareExchange(&s->stopping, 0, 0) == 0) {
    Sleep(LA_FOCUS_POLL_MS);
    see_front(s, 1);
  }
  return 0;
}

/* A focus change the poller saw: the window it names is read again by the look. */
static int took_focus(la_watch_signals *s) {
  uintptr_t front;

  if (InterlockedExchange(&s->focus, 0) == 0) return 0;
  front = (uintptr_t)InterlockedExchangePointer((PVOID volatile *)&s->front, NULL);
  if (front != 0 && s->touched_count < LA_TOUCHED_MAX)
    s->touched[s->touched_count++] = front;
  else if (front != 0)
    InterlockedExchange(&s->everything, 1);
  return 1;
}

void la_signals_notify(void *signals) {
  la_watch_signals *s = signals;

  /* A process that exits takes windows with it that no event may name. */
  InterlockedExchange(&s->everything, 1);
  InterlockedExchange(&s->dirty, 1);
  /* Wake the watching thread from its wait. */
  PostThreadMessageW(s->thread_id, WM_NULL, 0, 0);
}

int la_signals_open(la_watch_signals **out) {
  la_watch_signals *s;

  *out = NULL;
  if (!InitOnceExecuteOnce(&tls_once, make_slot, NULL, NULL)) return LISTAPPS_ENOMEM;
  s = calloc(1, sizeof *s);
  if (s == NULL) return LISTAPPS_ENOMEM;
  s->thread_id = GetCurrentThreadId();
  TlsSetValue(tls_slot, s);
  /* Create, destroy, show, hide and name change: what can make or unmake an App or change its
   * title; and focus, which may bring another App to the front. Our own windows are skipped. A hook
   * that cannot be installed leaves the periodic resync alone to catch changes. */
  s->hook = SetWinEventHook(EVENT_OBJECT_CREATE, EVENT_OBJECT_NAMECHANGE, NULL, on_window_event, 0,
                            0, WINEVENT_OUTOFCONTEXT | WINEVENT_SKIPOWNPROCESS);
  /* A new foreground window: the App in front may have changed (a focus event). Where it is not
   * delivered (Wine), the watch's poll of the foreground window finds the change.
   * https://learn.microsoft.com/windows/win32/winauto/event-constants */
  s->foreground_hook =
      SetWinEventHook(EVENT_SYSTEM_FOREGROUND, EVENT_SYSTEM_FOREGROUND, NULL, on_window_event, 0, 0,
                      WINEVENT_OUTOFCONTEXT | WINEVENT_SKIPOWNPROCESS);
  /* A poller that cannot start leaves the hooks and the looks to find focus changes. */
  s->seen = (LONG_PTR)GetForegroundWindow();
  s->poller = CreateThread(NULL, 0, poll_foreground, s, 0, NULL);
  *out = s;
  return 0;
}

int la_signals_wait(la_watch_signals *s, void *stop_event, unsigned ms) {
  HANDLE stop = stop_event;
  MSG msg;
  DWORD woke;

  if (stop != NULL && WaitForSingleObject(stop, 0) == WAIT_OBJECT_0) return LA_SIGNAL_STOP;
  if (took_focus(s)) return LA_SIGNAL_FOCUS;
  if (InterlockedExchange(&s->dirty, 0) != 0) return LA_SIGNAL_CHANGE;
  woke = MsgWaitForMultipleObjects(stop != NULL ? 1 : 0, stop != NULL ? &stop : NULL, FALSE, ms,
                                   QS_ALLINPUT);
  if (stop != NULL && woke == WAIT_OBJECT_0) return LA_SIGNAL_STOP;
  /* Hook callbacks run while messages are retrieved. */
  while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
  if (took_focus(s)) return LA_SIGNAL_FOCUS;
  return InterlockedExchange(&s->dirty, 0) != 0 ? LA_SIGNAL_CHANGE : LA_SIGNAL_NONE;
}

int la_signals_take(la_watch_signals *s, uintptr_t *touched, size_t *count) {
  size_t i;

  for (i = 0; i < s->touched_count; i++) touched[i] = s->touched[i];
  *count = s->touched_count;
  s->touched_count = 0;
  return InterlockedExchange(&s->everything, 0) != 0;
}

void la_signals_close(la_watch_signals *s) {
  if (s == NULL) return;
  /* The poller ends within one poll period. */
  if (s->poller != NULL) {
    InterlockedExchange(&s->stopping, 1);
    WaitForSingleObject(s->poller, INFINITE);
    CloseHandle(s->poller);
  }
  if (s->hook != NULL) UnhookWinEvent(s->hook);
  if (s->foreground_hook != NULL) UnhookWinEvent(s->foreground_hook);
  TlsSetValue(tls_slot, NULL);
  free(s);
}

long long la_now_ms(void) {
  FILETIME ft;
  unsigned long long t;

  GetSystemTimeAsFileTime(&ft);
  t = ((unsigned long long)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
  return (long long)((t - 116444736000000000ull) / 10000u);
}

unsigned long long la_ticks_ms(void) {
  return GetTickCount64();
}
