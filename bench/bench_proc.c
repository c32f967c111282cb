/*
 * bench_proc.c - the benchmark's child processes: the --host mode that owns the windows, and
 * starting, waiting for and stopping children.
 *
 * The benchmark is single-threaded and closes each child's ends of its pipes right after
 * CreateProcessW, so a later child cannot inherit a host's pipe and keep it open: every
 * inheritable handle it holds besides those is the null device and a stderr duplicate.
 *
 * A host exits when its stdin reaches end of file. That happens when we close our end, and
 * also when the benchmark dies, since the system closes our end then: no host outlives us.
 */
#include "bench.h"
#include "test_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define HOST_CLASS_NAME L"listapps_bench_host"
#define READY_TEXT "ready\n"
#define READY_LEN 6u
/* How long the hosts get to exit after their stdin closes, before they are killed. */
#define STOP_TIMEOUT_MS 10000u
/* How often the start-up wait looks at the hosts' pipes. */
#define POLL_INTERVAL_MS 5u
/* How often a child start that Wine lost is tried (see spawn). */
#define SPAWN_TRIES 3u
/* The longest path Win32 accepts, in UTF-16 units, with its NUL. */
#define MAX_LONG_PATH_COUNT 32768u

/* ---- The --host mode ---- */

/* What the reader thread needs, owned by bench_host_main. */
typedef struct stdin_watch {
  HANDLE stdin_handle;
  DWORD main_thread_id;
} stdin_watch;

/* Blocks until stdin reaches end of file or fails (the benchmark closed its end or died), then
 * ends the main thread's message loop. */
static DWORD WINAPI watch_stdin(void *param) {
  const stdin_watch *watch = param;
  char buffer[64];
  DWORD read_count;

  while (ReadFile(watch->stdin_handle, buffer, sizeof buffer, &read_count, NULL) && read_count > 0)
    continue;
  PostThreadMessageW(watch->main_thread_id, WM_QUIT, 0, 0);
  return 0;
}

int bench_host_main(size_t window_count, int visible) {
  HINSTANCE instance = GetModuleHandleW(NULL);
  size_t created;
  HANDLE reader = NULL;
  stdin_watch watch;
  WNDCLASSEXW wc;
  DWORD written;
  int exit_code = 1;
  MSG msg;

  memset(&wc, 0, sizeof wc);
  wc.cbSize = sizeof wc;
  wc.lpfnWndProc = DefWindowProcW;
  wc.hInstance = instance;
  wc.lpszClassName = HOST_CLASS_NAME;
  if (RegisterClassExW(&wc) == 0) {
    fprintf(stderr, "listapps_bench --host: RegisterClassExW failed (%lu)\n", GetLastError());
    goto cleanup;
  }
  for (created = 0; created < window_count; created++) {
    wchar_t title[64];
    HWND hwnd;

    /* Distinct titles, so a method that mixes windows up reads the wrong one. */
    swprintf(title, sizeof title / sizeof title[0], L"bench host %lu window %zu",
             GetCurrentProcessId(), created + 1);
    hwnd = CreateWindowExW(0, HOST_CLASS_NAME, title, WS_OVERLAPPEDWINDOW, 100, 100, 320, 200, NULL,
                           NULL, instance, NULL);
    if (hwnd == NULL) {
      /* Under Wine this fails unless the prefix uses the null (or a real) graphics driver. */
      fprintf(stderr, "listapps_bench --host: CreateWindowExW failed (%lu)\n", GetLastError());
      goto cleanup;
    }
    if (visible) ShowWindow(hwnd, SW_SHOWNOACTIVATE);
  }

  /* A thread message posted before this thread has a queue is lost, and the reader may post
   * WM_QUIT before the first GetMessageW. */
  PeekMessageW(&msg, NULL, WM_USER, WM_USER, PM_NOREMOVE);
  watch.stdin_handle = GetStdHandle(STD_INPUT_HANDLE);
  watch.main_thread_id = GetCurrentThreadId();
  reader = CreateThread(NULL, 0, watch_stdin, &watch, 0, NULL);
  if (reader == NULL) {
    fprintf(stderr, "listapps_bench --host: CreateThread failed (%lu)\n", GetLastError());
    goto cleanup;
  }
  /* WriteFile, not stdio: nothing buffered that would need a flush the parent might block. */
  WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), READY_TEXT, READY_LEN, &written, NULL);

  /* Pumping keeps the hosts responsive, as real apps are, so no method meets a hung window. */
  while (GetMessageW(&msg, NULL, 0, 0) > 0) {
    TranslateMessage(&msg);
    DispatchMessageW(&msg);
  }
  WaitForSingleObject(reader, INFINITE);
  exit_code = 0;

cleanup:
  /* The windows are left to die with their thread. Destroyed one by one, each visible window
   * hands activation to the next, across every host at once: under Wine 20 hosts of 50
   * windows took over 10 s to exit that way, and well under 1 s this way. */
  if (reader != NULL) CloseHandle(reader);
  return exit_code;
}

/* ---- Starting and stopping children ---- */

static void close_if(HANDLE *h) {
  if (*h != NULL && *h != INVALID_HANDLE_VALUE) CloseHandle(*h);
  *h = NULL;
}

wchar_t *bench_module_path(const wchar_t *name) {
  DWORD cap = MAX_PATH;
  wchar_t *path = NULL;
  wchar_t *result = NULL;
  size_t dir_count = 0;
  size_t name_count = name != NULL ? wcslen(name) : 0;
  DWORD got;
  DWORD i;

  for (;;) {
    wchar_t *grown = realloc(path, cap * sizeof *path);
    if (grown == NULL) goto cleanup;
    path = grown;
    got = GetModuleFileNameW(NULL, path, cap);
    if (got == 0) goto cleanup;
    /* A path that does not fit comes back cut to exactly cap characters. */
    if (got < cap) break;
    if (cap >= MAX_LONG_PATH_COUNT) goto cleanup;
    cap *= 2;
  }
  if (name == NULL) {
    result = path;
    path = NULL;
    goto cleanup;
  }
  for (i = 0; i < got; i++) {
    if (path[i] == L'\\' || path[i] == L'/') dir_count = i + 1;
  }
  result = malloc((dir_count + name_count + 1) * sizeof *result);
  if (result == NULL) goto cleanup;
  memcpy(result, path, dir_count * sizeof *result);
  memcpy(result + dir_count, name, (name_count + 1) * sizeof *result);

cleanup:
  free(path);
  return result;
}

wchar_t *bench_host_copy(const wchar_t *self_path) {
  wchar_t dir[MAX_PATH + 1];
  wchar_t *path = NULL;
  size_t count;
  DWORD dir_count = GetTempPathW(MAX_PATH + 1, dir);

  if (dir_count == 0 || dir_count > MAX_PATH) {
    fprintf(stderr, "listapps_bench: no temporary folder (%lu)\n", GetLastError());
    return NULL;
  }
  count = dir_count + 64;
  path = malloc(count * sizeof *path);
  if (path == NULL) {
    fputs("listapps_bench: out of memory\n", stderr);
    return NULL;
  }
  /* Our PID in the name: two benchmarks at once must not share, or delete, one copy. */
  swprintf(path, count, L"%lslistapps_bench_host_%lu.exe", dir, GetCurrentProcessId());
  if (!CopyFileW(self_path, path, FALSE)) {
    fprintf(stderr, "listapps_bench: CopyFileW failed (%lu) for %ls\n", GetLastError(), path);
    free(path);
    return NULL;
  }
  return path;
}

int bench_host_copy_remove(const wchar_t *path) {
  /* The system may hold an exited process's image a moment longer: tried again for a second. */
  if (test_delete_file(path, 1000u) == 0) return 0;
  fprintf(stderr, "listapps_bench: could not delete %ls (%lu)\n", path, GetLastError());
  return -1;
}

/* Starts "exe" args with the given standard handles, which must be inheritable. exe is a full
 * path from bench_module_path, which holds no quote, so plain quoting is enough. */
static int spawn(const wchar_t *exe, const wchar_t *args, HANDLE in, HANDLE out, HANDLE err,
                 PROCESS_INFORMATION *info) {
  size_t count = wcslen(exe) + (args != NULL ? wcslen(args) : 0) + 4;
  wchar_t *cmdline = malloc(count * sizeof *cmdline);
  STARTUPINFOW si;
  int status = -1;
  unsigned tries;

  memset(info, 0, sizeof *info);
  if (cmdline == NULL) {
    fputs("listapps_bench: out of memory\n", stderr);
    return -1;
  }
  swprintf(cmdline, count, L"\"%ls\"%ls%ls", exe, args != NULL ? L" " : L"",
           args != NULL ? args : L"");
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = in;
  si.hStdOutput = out;
  si.hStdError = err;
  /* Wine 8 sometimes loses a new process before it starts, under load (CI saw it once in
   * about ten runs): NtCreateUserProcess then fails with STATUS_INTERNAL_ERROR, which is
   * ERROR_INTERNAL_ERROR here. Nothing was started, so a second try is safe; it is said on
   * stderr, so a benchmark that needed it does not pass silently. */
  for (tries = 1; !CreateProcessW(exe, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, info);
       tries++) {
    DWORD error = GetLastError();

    if (error != ERROR_INTERNAL_ERROR || tries == SPAWN_TRIES) {
      fprintf(stderr, "listapps_bench: CreateProcessW failed (%lu) for %ls\n", error, exe);
      memset(info, 0, sizeof *info);
      goto cleanup;
    }
    fprintf(stderr, "listapps_bench: CreateProcessW failed (%lu) for %ls; trying again\n", error,
            exe);
    Sleep(100u * tries);
  }
  status = 0;

cleanup:
  free(cmdline);
  return status;
}

int bench_run(const wchar_t *exe, const wchar_t *args, HANDLE out, HANDLE err, HANDLE nul,
              DWORD timeout_ms, DWORD *exit_code) {
  PROCESS_INFORMATION info;
  DWORD waited;
  int status = -1;

  *exit_code = 0;
  if (spawn(exe, args, nul, out, err, &info) != 0) return -1;
  waited = WaitForSingleObject(info.hProcess, timeout_ms);
  if (waited != WAIT_OBJECT_0 || !GetExitCodeProcess(info.hProcess, exit_code)) {
    if (waited == WAIT_TIMEOUT)
      fprintf(stderr, "listapps_bench: %ls ran over %lu ms\n", exe, timeout_ms);
    else
      fprintf(stderr, "listapps_bench: waiting for %ls failed (%lu)\n", exe, GetLastError());
    TerminateProcess(info.hProcess, 1);
    WaitForSingleObject(info.hProcess, STOP_TIMEOUT_MS);
    goto cleanup;
  }
  status = 0;

cleanup:
  close_if(&info.hProcess);
  close_if(&info.hThread);
  return status;
}

/* An inheritable anonymous pipe; only the child's end is inheritable. */
static int make_pipe(int child_reads, HANDLE *ours, HANDLE *childs) {
  SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
  HANDLE read_end = NULL;
  HANDLE write_end = NULL;

  if (!CreatePipe(&read_end, &write_end, &sa, 0)) return -1;
  *ours = child_reads ? write_end : read_end;
  *childs = child_reads ? read_end : write_end;
  if (!SetHandleInformation(*ours, HANDLE_FLAG_INHERIT, 0)) {
    CloseHandle(read_end);
    CloseHandle(write_end);
    *ours = NULL;
    *childs = NULL;
    return -1;
  }
  return 0;
}

/* Starts one host; its stderr is ours, so its complaints reach the user. */
static int start_host(const wchar_t *exe, const wchar_t *args, HANDLE err, bench_host *h) {
  HANDLE child_in = NULL;
  HANDLE child_out = NULL;
  PROCESS_INFORMATION info;
  int status = -1;

  memset(h, 0, sizeof *h);
  memset(&info, 0, sizeof info);
  if (make_pipe(1, &h->stdin_write, &child_in) != 0 ||
      make_pipe(0, &h->stdout_read, &child_out) != 0) {
    fprintf(stderr, "listapps_bench: CreatePipe failed (%lu)\n", GetLastError());
    goto cleanup;
  }
  if (spawn(exe, args, child_in, child_out, err, &info) != 0) goto cleanup;
  h->process = info.hProcess;
  h->pid = info.dwProcessId;
  info.hProcess = NULL;
  status = 0;

cleanup:
  /* Only the child may hold its ends now, or it would never see end of file. */
  close_if(&child_in);
  close_if(&child_out);
  close_if(&info.hThread);
  if (status != 0) {
    close_if(&h->stdin_write);
    close_if(&h->stdout_read);
  }
  return status;
}

/* Waits until the host has written "ready\n", exited, or the deadline passed. Polls, so one
 * thread can give up at the deadline instead of blocking in ReadFile on a silent host. */
static int wait_ready(bench_host *h, ULONGLONG deadline) {
  char text[READY_LEN];
  DWORD available = 0;
  DWORD got = 0;

  for (;;) {
    if (!PeekNamedPipe(h->stdout_read, NULL, 0, NULL, &available, NULL)) break;
    if (available >= READY_LEN) {
      if (ReadFile(h->stdout_read, text, READY_LEN, &got, NULL) && got == READY_LEN &&
          memcmp(text, READY_TEXT, READY_LEN) == 0)
        return 0;
      break;
    }
    if (WaitForSingleObject(h->process, 0) == WAIT_OBJECT_0 || GetTickCount64() >= deadline) break;
    Sleep(POLL_INTERVAL_MS);
  }
  fprintf(stderr, "listapps_bench: host %lu did not get ready\n", h->pid);
  return -1;
}

int bench_hosts_start(const wchar_t *host_path, size_t process_count, size_t window_count,
                      int visible, DWORD timeout_ms, bench_hosts *out) {
  bench_hosts hosts = {NULL, 0};
  HANDLE err = NULL;
  wchar_t args[64];
  ULONGLONG deadline;
  int status = -1;
  size_t i;

  out->items = NULL;
  out->count = 0;
  hosts.items = calloc(process_count, sizeof *hosts.items);
  if (hosts.items == NULL) {
    fputs("listapps_bench: out of memory\n", stderr);
    goto cleanup;
  }
  /* Our stderr may not be inheritable (it is whatever we were given): pass a duplicate. */
  if (!DuplicateHandle(GetCurrentProcess(), GetStdHandle(STD_ERROR_HANDLE), GetCurrentProcess(),
                       &err, 0, TRUE, DUPLICATE_SAME_ACCESS))
    err = NULL;
  swprintf(args, sizeof args / sizeof args[0], visible ? L"--host %zu" : L"--hidden-host %zu",
           window_count);
  /* Start them all, then wait: they create their windows in parallel. */
  for (i = 0; i < process_count; i++) {
    if (start_host(host_path, args, err, &hosts.items[i]) != 0) goto cleanup;
    hosts.count++;
  }
  deadline = GetTickCount64() + timeout_ms;
  for (i = 0; i < hosts.count; i++) {
    if (wait_ready(&hosts.items[i], deadline) != 0) goto cleanup;
    /* The host writes nothing more; its stdout is of no further use. */
    close_if(&hosts.items[i].stdout_read);
  }
  *out = hosts;
  hosts.items = NULL;
  hosts.count = 0;
  status = 0;

cleanup:
  bench_hosts_stop(&hosts);
  close_if(&err);
  return status;
}

size_t bench_hosts_stop(bench_hosts *hosts) {
  ULONGLONG deadline = GetTickCount64() + STOP_TIMEOUT_MS;
  size_t killed = 0;
  size_t i;

  /* All stdins first, so the hosts exit in parallel. */
  for (i = 0; i < hosts->count; i++) close_if(&hosts->items[i].stdin_write);
  for (i = 0; i < hosts->count; i++) {
    bench_host *h = &hosts->items[i];
    ULONGLONG now = GetTickCount64();
    DWORD wait_ms = now < deadline ? (DWORD)(deadline - now) : 0;

    if (h->process == NULL) continue;
    if (WaitForSingleObject(h->process, wait_ms) != WAIT_OBJECT_0) {
      TerminateProcess(h->process, 1);
      WaitForSingleObject(h->process, STOP_TIMEOUT_MS);
      killed++;
    }
    close_if(&h->process);
    close_if(&h->stdout_read);
  }
  free(hosts->items);
  hosts->items = NULL;
  hosts->count = 0;
  return killed;
}
