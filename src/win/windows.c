/* Gathers the top-level windows that make their processes Apps. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>

#include "core/app_rules.h"
#include "core/text.h"
#include "core/utf.h"
#include "core/window_memory.h"
#include "win/facts.h"
#include "win/package.h"
#include "win/watch_memory.h"

/* A title is at most this many UTF-16 units: the limit of a window's text length (an int), in
 * practice far beyond any real title. Only the caller's own windows need the bound. */
#define MAX_TITLE_COUNT ((size_t)1 << 30)
/* Class names are at most 256 characters (WNDCLASS documentation). */
#define CLASS_NAME_COUNT 257
/* A title that changes while it is read is read again, a few times at most. */
#define TITLE_READ_TRIES 4
/* The first read of a title: most titles fit, so one call both tells whether a window is
 * titled and reads the title. */
#define FIRST_TITLE_COUNT 256
/* Distinct window classes remembered per listing; a desktop has a few dozen. */
#define CLASS_CACHE_COUNT 64

/* A class atom and its name, as GetClassNameW gave it the first time the listing met it. */
typedef struct class_entry {
  ATOM atom;
  char *name; /* UTF-8; NULL when the class has no name to read */
} class_entry;

/* HungWindowFromGhostWindow: exported by user32 on Vista and later, undocumented; looked up by
 * name (Wine has none), as System Informer's PhHungWindowFromGhostWindow does. */
typedef HWND(WINAPI *hung_window_from_ghost_fn)(HWND);

typedef struct collect_ctx {
  la_facts *facts;
  size_t cap;
  size_t raw_cap;
  int record; /* keep every window met, for a recording (facts->raw_windows) */
  hung_window_from_ghost_fn hung_from_ghost;
  HWND shell_window;
  DWORD self_pid;
  class_entry classes[CLASS_CACHE_COUNT];
  size_t class_count;
  la_window_memory *memory;    /* a watch's; NULL for a plain listing */
  const la_watch_memory *look; /* the watch's memory and what this look reads again */
  la_list_stats *stats;        /* NULL when not counted */
  int err;
} collect_ctx;

/* Reads the title of another process's window. GetWindowTextLengthW and GetWindowTextW read
 * the title the system keeps and send no message to a window of another process, so a hung
 * app cannot block them:
 * https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-getwindowtextw */
static int read_foreign_title(HWND hwnd, wchar_t **title, size_t *count) {
  int len = GetWindowTextLengthW(hwnd);
  int tries;

  *title = NULL;
  *count = 0;
  for (tries = 0; tries < TITLE_READ_TRIES && len > 0; tries++) {
    /* Room for a title that grew by a little since it was measured, and the NUL. */
    size_t cap = (size_t)len + 2;
    wchar_t *buf = malloc(cap * sizeof *buf);
    int got;

    if (buf == NULL) return LISTAPPS_ENOMEM;
    got = GetWindowTextW(hwnd, buf, (int)cap);
    /* The last try keeps what it read even if the title grew past it: a title that never stops
     * growing is still a title, and the window still an App. */
    if (got >= 0 && ((size_t)got < cap - 1 || tries == TITLE_READ_TRIES - 1)) {
      *title = buf;
      *count = (size_t)got;
      return 0;
    }
    /* Filled to the brim: the title may have been cut; measure again and retry. */
    free(buf);
    len = GetWindowTextLengthW(hwnd);
    if (len < got + 1) len = got + 1;
  }
  return 0;
}

/* Reads the title of one of the caller's own windows. GetWindowTextW would send it
 * WM_GETTEXT, with no timeout, and a thread of the caller that stopped pumping messages would
 * hang the listing; InternalGetWindowText reads the stored title without any message:
 * https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-internalgetwindowtext
 * It has no length query, so the buffer grows until the title fits. */
static int read_own_title(HWND hwnd, wchar_t **title, size_t *count) {
  size_t cap = 256;

  *title = NULL;
  *count = 0;
  for (;;) {
    wchar_t *buf = malloc(cap * sizeof *buf);
    int got;

    if (buf == NULL) return LISTAPPS_ENOMEM;
    got = InternalGetWindowText(hwnd, buf, (int)cap);
    if (got <= 0) {
      free(buf);
      return 0;
    }
    if ((size_t)got < cap - 1 || cap >= MAX_TITLE_COUNT) {
      *title = buf;
      *count = (size_t)got;
      return 0;
    }
    free(buf);
    cap *= 2;
  }
}

/* The class name of a window, as GetClassNameW gives it, into *name (malloc'd UTF-8, or NULL
 * when it has none). Under Wine GetClassNameW of another process's window is two round trips
 * to the server (the class's atom, then the atom's name); the atom alone is one
 * (GetClassLongPtrW, GCW_ATOM), and every window of a class has that class's atom, so each
 * atom's name is read once per listing:
 * https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-getclasslongptrw */
static int read_class_name(HWND hwnd, collect_ctx *ctx, char **name) {
  wchar_t class16[CLASS_NAME_COUNT];
  ATOM atom = (ATOM)GetClassLongPtrW(hwnd, GCW_ATOM);
  char *class8 = NULL;
  int class_count;
  size_t i;

  *name = NULL;
  for (i = 0; atom != 0 && i < ctx->class_count; i++) {
    if (ctx->classes[i].atom != atom) continue;
    if (ctx->classes[i].name == NULL) return 0;
    *name = la_strdup(ctx->classes[i].name);
    return *name != NULL ? 0 : LISTAPPS_ENOMEM;
  }
  class_count = GetClassNameW(hwnd, class16, CLASS_NAME_COUNT);
  if (class_count > 0 && la_utf16_to_utf8(class16, (size_t)class_count, &class8, NULL) != 0)
    return LISTAPPS_ENOMEM;
  /* Remembered only when the atom was read: a window that was gone then has no class. */
  if (atom != 0 && ctx->class_count < CLASS_CACHE_COUNT) {
    char *kept = NULL;
    if (class8 != NULL && (kept = la_strdup(class8)) == NULL) {
      free(class8);
      return LISTAPPS_ENOMEM;
    }
    ctx->classes[ctx->class_count].atom = atom;
    ctx->classes[ctx->class_count].name = kept;
    ctx->class_count++;
  }
  *name = class8;
  return 0;
}

/* The title of any window, read with no message sent (InternalGetWindowText reads the title
 * the system keeps, for a window of this process as of another): into buf when it fits, in one
 * call. Sets *count; returns 1 when the title may have been cut (it filled buf) and must be
 * read again by its process's way, 0 otherwise. An untitled or vanished window reads 0. */
static int read_title_first(HWND hwnd, wchar_t *buf, size_t *count) {
  int got = InternalGetWindowText(hwnd, buf, FIRST_TITLE_COUNT);

  *count = got > 0 ? (size_t)got : 0;
  return got >= FIRST_TITLE_COUNT - 1;
}

/* Private titles (LISTAPPS_LIST_PRIVATE): whether the window is titled, without its title.
 * InternalGetWindowText sends no message, even to the caller's own windows (GetWindowTextLength
 * would); with room for one character it copies at most one, wiped at once. */
static int is_titled(HWND hwnd) {
  volatile wchar_t first[2] = {0, 0};
  int got = InternalGetWindowText(hwnd, (wchar_t *)first, 2);

  first[0] = 0;
  return got > 0;
}

static int push_window(collect_ctx *ctx, HWND hwnd, unsigned long pid, char *title,
                       char *class_name) {
  la_facts *f = ctx->facts;
  la_window *w;

  if (f->window_count == ctx->cap) {
    size_t cap = ctx->cap == 0 ? 64 : ctx->cap * 2;
    la_window *items =
        cap > SIZE_MAX / sizeof *items ? NULL : realloc(f->windows, cap * sizeof *items);
    if (items == NULL) return LISTAPPS_ENOMEM;
    f->windows = items;
    ctx->cap = cap;
  }
  w = &f->windows[f->window_count++];
  w->hwnd = (uintptr_t)hwnd;
  w->pid = pid;
  w->title = title;
  w->class_name = class_name;
  w->hung = 0;
  w->remembered = 0;
  w->read = 0;
  return 0;
}

/* Keeps what was read of one window, for a recording: the strings are copied. */
static int keep_raw(collect_ctx *ctx, const la_raw_window *raw) {
  la_facts *f = ctx->facts;
  la_raw_window *r;

  if (f->raw_window_count == ctx->raw_cap) {
    size_t cap = ctx->raw_cap == 0 ? 64 : ctx->raw_cap * 2;
    la_raw_window *items =
        cap > SIZE_MAX / sizeof *items ? NULL : realloc(f->raw_windows, cap * sizeof *items);
    if (items == NULL) return LISTAPPS_ENOMEM;
    f->raw_windows = items;
    ctx->raw_cap = cap;
  }
  r = &f->raw_windows[f->raw_window_count];
  *r = *raw;
  r->title = NULL;
  r->class_name = NULL;
  r->frame_host_path = NULL;
  r->frame_system_dir = NULL;
  if ((raw->title != NULL && (r->title = la_strdup(raw->title)) == NULL) ||
      (raw->class_name != NULL && (r->class_name = la_strdup(raw->class_name)) == NULL) ||
      (raw->frame_host_path != NULL &&
       (r->frame_host_path = la_strdup(raw->frame_host_path)) == NULL) ||
      (raw->frame_system_dir != NULL &&
       (r->frame_system_dir = la_strdup(raw->frame_system_dir)) == NULL)) {
    free(r->title);
    free(r->class_name);
    free(r->frame_host_path);
    return LISTAPPS_ENOMEM;
  }
  f->raw_window_count++;
  return 0;
}

static int is_touched(const la_watch_memory *look, HWND hwnd) {
  size_t i;

  for (i = 0; i < look->touched_count; i++)
    if (look->touched[i] == (uintptr_t)hwnd) return 1;
  return 0;
}

/* A partial look: a window no event named keeps what the last look made of it. Returns 1 when
 * it did (the window pushed, or *err set), 0 when the window must be read. */
static int take_remembered(collect_ctx *ctx, HWND hwnd, int *err) {
  const la_remembered_window *r;
  char *title;
  char *class_name = NULL;

  if (!ctx->look->partial || is_touched(ctx->look, hwnd)) return 0;
  r = la_window_memory_row(ctx->memory, (uintptr_t)hwnd);
  if (r == NULL) return 0;
  /* A private look remembers no title. */
  title = r->title != NULL ? la_strdup(r->title) : NULL;
  if ((r->title != NULL && title == NULL) ||
      (r->class_name != NULL && (class_name = la_strdup(r->class_name)) == NULL) ||
      push_window(ctx, hwnd, r->app_pid, title, class_name) != 0) {
    free(title);
    free(class_name);
    *err = LISTAPPS_ENOMEM;
    return 1;
  }
  ctx->facts->windows[ctx->facts->window_count - 1].hung = r->hung;
  ctx->facts->windows[ctx->facts->window_count - 1].remembered = 1;
  if (ctx->stats != NULL) ctx->stats->windows_remembered++;
  return 1;
}

/* The process of a UWP frame's core window: the frame belongs to ApplicationFrameHost.exe, the
 * app runs in the process that owns this child. 0 when the frame has no such child. */
static unsigned long core_window_pid(HWND frame) {
  HWND core = FindWindowExW(frame, NULL, L"Windows.UI.Core.CoreWindow", NULL);
  DWORD pid = 0;

  if (core == NULL || GetWindowThreadProcessId(core, &pid) == 0) return 0;
  return pid;
}

/* A ghost's hung window: Windows hid it and shows the ghost in its place, so the listing reads
 * the hung window's own facts (its title, not the ghost's "(Not Responding)") and keeps it at
 * the ghost's place when the rules say it counts. Recorded as an entry read for the ghost. */
static int visit_ghost_target(HWND ghost, collect_ctx *ctx, la_raw_window *ghost_raw) {
  HWND target = ctx->hung_from_ghost(ghost);
  la_raw_window raw;
  DWORD pid = 0;
  wchar_t *title16 = NULL;
  size_t title_count = 0;
  char *title8 = NULL;
  char *class8 = NULL;
  unsigned long app_pid = 0;
  int err;

  if (target == NULL) return 0;
  ghost_raw->ghost_target = (uintptr_t)target;
  memset(&raw, 0, sizeof raw);
  raw.hwnd = (uintptr_t)target;
  raw.cloaked = -1;
  raw.is_ghost_target = 1;
  raw.hung = 1;
  raw.style = (unsigned long)GetWindowLongPtrW(target, GWL_STYLE);
  raw.ex_style = (unsigned long)GetWindowLongPtrW(target, GWL_EXSTYLE);
  raw.has_parent = (raw.style & (WS_CHILD | WS_POPUP)) != 0 && GetParent(target) != NULL;
  raw.thread = GetWindowThreadProcessId(target, &pid);
  raw.pid = pid;
  if (raw.thread == 0) return 0;
  err = pid == ctx->self_pid ? read_own_title(target, &title16, &title_count)
                             : read_foreign_title(target, &title16, &title_count);
  if (err == 0 && title_count > 0 && la_utf16_to_utf8(title16, title_count, &title8, NULL) != 0)
    err = LISTAPPS_ENOMEM;
  if (err == 0) err = read_class_name(target, ctx, &class8);
  raw.title = title8;
  raw.titled = title_count > 0;
  raw.class_name = class8;
  if (err == 0 && la_window_is_uwp_frame(&(la_window_facts){0, 0, 0, 0, class8, 0, 0, 0, NULL,
                                                             NULL, 0}))
    raw.core_child_pid = core_window_pid(target);
  if (err == 0 && ctx->record) err = keep_raw(ctx, &raw);
  if (err == 0 && la_ghost_target_counts(&raw, &app_pid)) {
    err = push_window(ctx, target, app_pid, title8, class8);
    if (err == 0) {
      ctx->facts->windows[ctx->facts->window_count - 1].hung = 1;
      title8 = NULL;
      class8 = NULL;
    }
  }
  free(title16);
  free(title8);
  free(class8);
  return err;
}

/* Gathers one window's facts, cheapest first, and keeps it if the rules say it qualifies; for a
 * recording, also what was read of it (la_raw_window). */
static int visit_window(HWND hwnd, collect_ctx *ctx) {
  la_window_facts facts = {0, 0, 0, 0, NULL, 0, 0, 0, NULL, NULL, 0};
  la_raw_window raw;
  wchar_t first16[FIRST_TITLE_COUNT];
  char *class8 = NULL;
  wchar_t *title16 = NULL;
  const wchar_t *title_text = first16;
  size_t title_count = 0;
  char *title8 = NULL;
  size_t title_len = 0;
  const char *remembered_class = NULL;
  int remembered = 0;
  DWORD pid = 0;
  unsigned long app_pid = 0;
  unsigned long style;
  int cut;
  int err = 0;

  if (ctx->memory != NULL) {
    if (take_remembered(ctx, hwnd, &err)) return err;
    la_window_memory_forget_row(ctx->memory, (uintptr_t)hwnd);
  }
  memset(&raw, 0, sizeof raw);
  raw.hwnd = (uintptr_t)hwnd;
  raw.cloaked = -1;
  /* The style word answers IsWindowVisible and most of GetParent in one call: a top-level
   * window is visible when it has WS_VISIBLE (its parent is the desktop), and GetParent is
   * NULL unless it is WS_CHILD or WS_POPUP (the owner). Under Wine every call is a round trip
   * to the server, so the later facts are read only while the earlier ones leave the window a
   * candidate; an unread fact stays 0, which cannot make a window qualify. A window destroyed
   * mid-listing reads style 0 here, and is skipped as hidden. */
  style = (unsigned long)GetWindowLongPtrW(hwnd, GWL_STYLE);
  raw.style = style;
  facts.visible = (style & WS_VISIBLE) != 0;
  if (facts.visible) {
    facts.has_parent = (style & (WS_CHILD | WS_POPUP)) != 0 && GetParent(hwnd) != NULL;
    facts.ex_style = (unsigned long)GetWindowLongPtrW(hwnd, GWL_EXSTYLE);
    facts.is_shell_window = hwnd == ctx->shell_window && hwnd != NULL;
    raw.has_parent = facts.has_parent;
    raw.ex_style = facts.ex_style;
    raw.is_shell_window = facts.is_shell_window;
  }
  if (!la_window_may_qualify(&facts)) goto done;

  /* The title before the PID: one call says whether the window is titled and, for nearly every
   * title, reads it whole; an untitled window costs no more. A private listing asks only
   * whether it is titled, in one call too. */
  if (ctx->facts->private_mode) {
    if (!is_titled(hwnd)) goto done;
    raw.titled = 1;
    cut = 0;
  } else {
    cut = read_title_first(hwnd, first16, &title_count);
    if (title_count == 0) goto done;
    raw.titled = 1;
    if (ctx->stats != NULL) ctx->stats->titles_read++;
  }
  if (ctx->memory != NULL &&
      la_window_memory_get(ctx->memory, (uintptr_t)hwnd, &facts.pid, &remembered_class)) {
    /* A window keeps its process and class for its life: a watch reads them once. */
    if (remembered_class != NULL && (class8 = la_strdup(remembered_class)) == NULL) {
      err = LISTAPPS_ENOMEM;
      goto done;
    }
    remembered = 1;
    if (ctx->stats != NULL) ctx->stats->windows_remembered++;
  } else {
    /* A window destroyed mid-listing answers 0 here and everywhere below: it is skipped. */
    raw.thread = GetWindowThreadProcessId(hwnd, &pid);
    if (raw.thread == 0) goto done;
    facts.pid = pid;
  }
  raw.pid = facts.pid;
  if (cut) {
    err = facts.pid == ctx->self_pid ? read_own_title(hwnd, &title16, &title_count)
                                     : read_foreign_title(hwnd, &title16, &title_count);
    if (err != 0 || title_count == 0) goto done;
    title_text = title16;
  }
  if (!remembered) {
    err = read_class_name(hwnd, ctx, &class8);
    if (err == 0 && ctx->memory != NULL &&
        la_window_memory_put(ctx->memory, (uintptr_t)hwnd, facts.pid, class8) != 0)
      err = LISTAPPS_ENOMEM;
    if (err != 0) goto done;
  }
  if (ctx->facts->private_mode) {
    title_len = 1; /* titled, and nothing more is known */
  } else if (la_utf16_to_utf8(title_text, title_count, &title8, &title_len) != 0) {
    err = LISTAPPS_ENOMEM;
    goto done;
  }
  facts.class_name = class8;
  facts.title_len = title_len;
  if (la_window_is_uwp_frame(&facts)) facts.core_child_pid = core_window_pid(hwnd);
  raw.core_child_pid = facts.core_child_pid;
  /* A UWP frame with a core window: whose frame it is, and whether the app behind is packaged. */
  if (la_frame_facts_needed(&facts) && (err = la_read_frame_facts(&facts)) != 0) goto done;
  raw.frame_host_path = (char *)facts.frame_host_path;
  raw.frame_system_dir = (char *)facts.system_dir;
  raw.core_child_packaged = facts.core_child_packaged;
  raw.title = title8;
  raw.class_name = class8;
  if (la_is_ghost_class(class8) && ctx->hung_from_ghost != NULL) {
    /* Never an App itself; it stands for its hung window, read now. */
    err = visit_ghost_target(hwnd, ctx, &raw);
  } else if (la_raw_window_qualifies(&raw, &app_pid)) {
    err = push_window(ctx, hwnd, app_pid, title8, class8);
    /* The strings are the window's now: the record below copies them. */
    if (err == 0) title8 = class8 = NULL;
  }

done:
  if (err == 0 && ctx->record) err = keep_raw(ctx, &raw);
  la_frame_facts_free(&facts);
  free(title16);
  free(title8);
  free(class8);
  return err;
}

static BOOL CALLBACK enum_proc(HWND hwnd, LPARAM lparam) {
  collect_ctx *ctx = (collect_ctx *)lparam;

  ctx->err = visit_window(hwnd, ctx);
  return ctx->err == 0;
}

static void free_windows(la_facts *f) {
  la_windows_free(f->windows, f->window_count);
  f->windows = NULL;
  f->window_count = 0;
  la_raw_windows_free(f->raw_windows, f->raw_window_count);
  f->raw_windows = NULL;
  f->raw_window_count = 0;
}

int la_collect_app_windows(la_facts *f, const la_watch_memory *memory, int record, la_error *e,
                           la_list_stats *stats) {
  HMODULE user32 = GetModuleHandleW(L"user32.dll");
  collect_ctx ctx;
  size_t i;
  BOOL ok;
  DWORD code;

  f->windows = NULL;
  f->window_count = 0;
  ctx.facts = f;
  ctx.cap = 0;
  ctx.raw_cap = 0;
  ctx.record = record;
  ctx.hung_from_ghost =
      user32 != NULL ? (hung_window_from_ghost_fn)(void (*)(void))GetProcAddress(
                           user32, "HungWindowFromGhostWindow")
                     : NULL;
  ctx.shell_window = GetShellWindow();
  ctx.self_pid = GetCurrentProcessId();
  ctx.class_count = 0;
  ctx.memory = memory != NULL ? memory->windows : NULL;
  ctx.look = memory;
  ctx.stats = stats;
  ctx.err = 0;
  SetLastError(ERROR_SUCCESS);
  /* The top-level windows of the caller's desktop, in Z order, as EnumWindows gives them. Under
   * Wine EnumWindows asks the server whether each window still exists (IsWindow) before the
   * callback, a round trip per window; EnumDesktopWindows does not, and a window gone since
   * the list was made reads style 0 here and is skipped:
   * https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-enumdesktopwindows */
  ok = EnumDesktopWindows(NULL, enum_proc, (LPARAM)&ctx);
  code = GetLastError();
  for (i = 0; i < ctx.class_count; i++) free(ctx.classes[i].name);
  if (ctx.err != 0) {
    free_windows(f);
    return la_fail(e, ctx.err, NULL, 0);
  }
  /* It may report FALSE with no error when there is nothing to enumerate. */
  if (!ok && code != ERROR_SUCCESS) {
    free_windows(f);
    return la_fail(e, LISTAPPS_EENUM, "EnumDesktopWindows", code);
  }
  return 0;
}
