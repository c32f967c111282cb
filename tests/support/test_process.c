/*
 * test_process.c - start and talk to child processes from the tests; see test_process.h.
 *
 * Our ends of the child's pipes are overlapped named pipes (anonymous pipes cannot be
 * overlapped), so one thread can wait for stdout, stderr, stdin and the process at once, with a
 * deadline, and CancelIoEx what is left when time runs out. Blocking reads would need a thread
 * per pipe and a way to unblock it. The child's ends are ordinary synchronous handles.
 *
 * Inheritance: the child's ends must be inheritable, but a child started at the same time by
 * another thread must not inherit them too, or it would hold our pipes open and we would never
 * see end of file. So CreateProcessW gets an explicit PROC_THREAD_ATTRIBUTE_HANDLE_LIST
 * (https://devblogs.microsoft.com/oldnewthing/20111216-00/?p=8873), and our own ends are never
 * inheritable. A CreateProcessW elsewhere with bInheritHandles and no list can still pick up a
 * child's end in the moment between its creation and our CreateProcessW; nothing prevents that
 * short of a process-wide lock.
 */
#include "test_process.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* How much one ReadFile or WriteFile moves, and the pipe buffer we ask for. */
#define CHUNK_SIZE 65536u

/* How long to wait for a killed child to be gone, so its windows do not leak into the next
 * test. TerminateProcess only starts the termination. */
#define KILL_WAIT_MS 5000u

/* How much more of a child's output a failed start reads, for its error line. */
#define FAILURE_LINE_MAX 200u

/* How much of a command's answer test_process_command keeps to quote in a failure; the rest of
 * a longer line is read and dropped. */
#define ANSWER_MAX 160u

/* Once a child has exited, how long a read still waits for the completion of bytes it wrote
 * before it went, which may reach us just after its exit does. */
#define EXITED_GRACE_MS 100u

/* One pipe we read from or write to with overlapped I/O. */
struct channel {
  HANDLE handle;         /* our end; NULL when there is none or it has been closed */
  OVERLAPPED overlapped; /* hEvent is a manual-reset event owned by the channel */
  int pending;           /* an operation is in flight and owns overlapped and the buffer */
  int done;              /* end of file, broken pipe, all written, or limit reached */
  int writer;            /* we write to_write to it; otherwise we read into data */
  int close_at_limit;    /* close handle once limit bytes are read (a broken pipe for them) */
  const char *to_write;
  size_t to_write_len;
  size_t written;
  char *data; /* malloc'd; always has room for the NUL that channel_take adds */
  size_t len;
  size_t cap;
  size_t limit; /* read at most this many bytes; SIZE_MAX for all */
};

static ULONGLONG deadline_after(unsigned timeout_ms) {
  return GetTickCount64() + timeout_ms;
}

static DWORD remaining_ms(ULONGLONG deadline) {
  ULONGLONG now = GetTickCount64();
  if (now >= deadline) return 0;
  /* At most timeout_ms, an unsigned int, so it fits; INFINITE stays (nearly) infinite. */
  return (DWORD)(deadline - now);
}

/* Writes value in hex at *out and advances it. */
static void append_hex(wchar_t **out, unsigned long long value) {
  int shift = 60;

  while (shift > 0 && (value >> shift) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) *(*out)++ = L"0123456789abcdef"[(value >> shift) & 0xF];
  *(*out)++ = L'-';
}

/* Creates a pipe; our end is overlapped and not inheritable, the child's end is synchronous
 * and inheritable. parent_reads says which way the bytes flow. */
static int create_pipe(int parent_reads, DWORD buffer_size, HANDLE *parent_end, HANDLE *child_end) {
  static const wchar_t prefix[] = L"\\\\.\\pipe\\listapps-test-";
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  /* The prefix, five 64-bit numbers in hex with a '-' after each, the NUL. */
  wchar_t name[sizeof prefix / sizeof prefix[0] + 5 * 17];
  LARGE_INTEGER counter;
  HANDLE server = INVALID_HANDLE_VALUE;
  HANDLE client = INVALID_HANDLE_VALUE;
  unsigned attempt;

  *parent_end = NULL;
  *child_end = NULL;
  /* A unique name without shared state: process, thread, a local's address and the time.
   * FILE_FLAG_FIRST_PIPE_INSTANCE makes a clash fail instead of joining someone's pipe. */
  for (attempt = 0; attempt < 16 && server == INVALID_HANDLE_VALUE; attempt++) {
    wchar_t *end = name + sizeof prefix / sizeof prefix[0] - 1;
    QueryPerformanceCounter(&counter);
    memcpy(name, prefix, sizeof prefix);
    append_hex(&end, GetCurrentProcessId());
    append_hex(&end, GetCurrentThreadId());
    append_hex(&end, (uintptr_t)&counter);
    append_hex(&end, (unsigned long long)counter.QuadPart);
    append_hex(&end, attempt);
    end[-1] = L'\0';
    server = CreateNamedPipeW(
        name,
        (parent_reads ? PIPE_ACCESS_INBOUND : PIPE_ACCESS_OUTBOUND) | FILE_FLAG_OVERLAPPED |
            FILE_FLAG_FIRST_PIPE_INSTANCE,
        PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1,
        buffer_size, buffer_size, 0, NULL);
  }
  if (server == INVALID_HANDLE_VALUE) return -1;
  /* Opening the client end of a listening instance connects it; no ConnectNamedPipe needed. */
  client = CreateFileW(name, parent_reads ? GENERIC_WRITE : GENERIC_READ, 0, &inherit,
                       OPEN_EXISTING, 0, NULL);
  if (client == INVALID_HANDLE_VALUE) {
    CloseHandle(server);
    return -1;
  }
  *parent_end = server;
  *child_end = client;
  return 0;
}

static HANDLE open_nul(DWORD access) {
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  HANDLE nul = CreateFileW(L"NUL", access, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                           OPEN_EXISTING, 0, NULL);
  return nul == INVALID_HANDLE_VALUE ? NULL : nul;
}

/* The stderr a fixture gets: NUL. Giving it our own stderr would show its complaints in the
 * test log, but whatever it starts inherits that handle too: under Wine the desktop process
 * (explorer.exe), started by the first window opened when none is running, would then hold the
 * test's stderr open for as long as other tests keep windows up, and ctest waits for that end
 * of file, so a finished test ran into its timeout. A fixture that fails still fails
 * test_process_start. */
static HANDLE inheritable_stderr(void) {
  return open_nul(GENERIC_WRITE);
}

static void close_if(HANDLE *handle) {
  if (*handle != NULL && *handle != INVALID_HANDLE_VALUE) CloseHandle(*handle);
  *handle = NULL;
}

/* Kills a child we gave up on and waits a little for it to be gone. */
static void kill_child(HANDLE process) {
  if (WaitForSingleObject(process, 0) != WAIT_OBJECT_0) {
    TerminateProcess(process, 1);
    WaitForSingleObject(process, KILL_WAIT_MS);
  }
}

/* The InitOnce callback behind fixture_job: stores the new job, or NULL, in *job. */
static BOOL CALLBACK create_job(PINIT_ONCE once, void *job, void **context) {
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
  /* Not inheritable: a child holding the job's handle would keep itself alive. */
  HANDLE created = CreateJobObjectW(NULL, NULL);

  (void)once;
  (void)context;
  /* Kill on close and no breakaway, so what a child starts is in the job and dies with it. */
  memset(&limits, 0, sizeof limits);
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (created != NULL && !SetInformationJobObject(created, JobObjectExtendedLimitInformation,
                                                  &limits, sizeof limits)) {
    /* A job that does not kill on close would only restrict the children. */
    CloseHandle(created);
    created = NULL;
  }
  *(HANDLE *)job = created;
  /* Done even without a job: each later try would fail the same way. */
  return TRUE;
}

/* The job every child is put in, made on first use; NULL if it could not be made. Its handle
 * is never closed: the system closes it when this process ends, however it ends (a failed
 * assertion, a crash, ctest's timeout), and then kills every process in the job, so a fixture's
 * windows never outlive its test. Under Wine that includes the desktop process (explorer.exe)
 * if a child's first window started it. */
static HANDLE fixture_job(void) {
  static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
  static HANDLE job; /* written once, by create_job; InitOnce orders that before our reads */

  if (!InitOnceExecuteOnce(&once, create_job, &job, NULL)) return NULL;
  return job;
}

int test_process_spawn(const wchar_t *exe, const wchar_t *args, unsigned long creation_flags,
                       HANDLE child_in, HANDLE child_out, HANDLE child_err,
                       PROCESS_INFORMATION *info) {
  size_t exe_count = wcslen(exe);
  size_t args_count = args != NULL ? wcslen(args) : 0;
  wchar_t *cmdline = malloc((exe_count + args_count + 4) * sizeof *cmdline);
  HANDLE inherited[3];
  DWORD inherited_count = 0;
  HANDLE std_handles[3] = {child_in, child_out, child_err};
  STARTUPINFOEXW startup;
  SIZE_T list_size = 0;
  LPPROC_THREAD_ATTRIBUTE_LIST list = NULL;
  int list_ready = 0;
  /* Suspended until it is in the job, so nothing it starts can escape it. */
  DWORD flags = CREATE_SUSPENDED | (DWORD)creation_flags;
  HANDLE job = fixture_job();
  DWORD error = ERROR_NOT_ENOUGH_MEMORY;
  int status = -1;
  unsigned tries;
  int i;

  memset(info, 0, sizeof *info);
  if (cmdline == NULL) goto cleanup;
  /* The program name is not parsed like the arguments: no escapes, just quotes around it. */
  cmdline[0] = L'"';
  memcpy(cmdline + 1, exe, exe_count * sizeof *cmdline);
  cmdline[exe_count + 1] = L'"';
  cmdline[exe_count + 2] = L'\0';
  if (args != NULL) {
    cmdline[exe_count + 2] = L' ';
    memcpy(cmdline + exe_count + 3, args, (args_count + 1) * sizeof *cmdline);
  }

  /* The handle list must not name a handle twice (ERROR_INVALID_PARAMETER). */
  for (i = 0; i < 3; i++) {
    DWORD j;
    for (j = 0; j < inherited_count && inherited[j] != std_handles[i]; j++) continue;
    if (j == inherited_count) inherited[inherited_count++] = std_handles[i];
  }

  memset(&startup, 0, sizeof startup);
  startup.StartupInfo.cb = sizeof startup.StartupInfo;
  startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  startup.StartupInfo.hStdInput = child_in;
  startup.StartupInfo.hStdOutput = child_out;
  startup.StartupInfo.hStdError = child_err;

  /* The first call only reports the size and "fails" with ERROR_INSUFFICIENT_BUFFER. If the
   * system has no attribute lists at all, fall back to plain inheritance: our own ends are not
   * inheritable, so only concurrent children can pick up the child's ends. */
  InitializeProcThreadAttributeList(NULL, 1, 0, &list_size);
  list = list_size > 0 ? malloc(list_size) : NULL;
  if (list != NULL && InitializeProcThreadAttributeList(list, 1, 0, &list_size)) {
    list_ready = 1;
    if (UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited,
                                  inherited_count * sizeof inherited[0], NULL, NULL)) {
      startup.StartupInfo.cb = sizeof startup;
      startup.lpAttributeList = list;
      flags |= EXTENDED_STARTUPINFO_PRESENT;
    }
  }

  /* Wine 8 sometimes loses a new process before it starts, under load: CreateProcessW then
   * fails with ERROR_INTERNAL_ERROR and nothing was started, so it is tried again. */
  for (tries = 1; !CreateProcessW(NULL, cmdline, NULL, NULL, TRUE, flags, NULL, NULL,
                                  &startup.StartupInfo, info);
       tries++) {
    error = GetLastError();
    if (error != ERROR_INTERNAL_ERROR || tries == 3) goto cleanup;
    fprintf(stderr, "test_process: CreateProcessW failed (%lu); trying again\n", error);
    Sleep(100u * tries);
  }
  /* If this fails the child still runs, as before jobs: it can only outlive a failed test.
   * It fails where this process is in a job and jobs do not nest (before Windows 8). */
  if (job != NULL) AssignProcessToJobObject(job, info->hProcess);
  if (ResumeThread(info->hThread) == (DWORD)-1) {
    error = GetLastError();
    goto cleanup;
  }
  status = 0;
  error = 0;

cleanup:
  /* A child that never ran: the caller gets no handles, as if it had not been made. */
  if (status != 0 && info->hProcess != NULL) {
    kill_child(info->hProcess);
    CloseHandle(info->hProcess);
    CloseHandle(info->hThread);
    memset(info, 0, sizeof *info);
  }
  if (list_ready) DeleteProcThreadAttributeList(list);
  free(list);
  free(cmdline);
  /* The caller reports why the child did not start; the clean-up must not hide it. */
  SetLastError(error);
  return status;
}

/* A channel without a handle yet; it counts as done until it gets one. */
static int channel_init(struct channel *c) {
  memset(c, 0, sizeof *c);
  c->limit = SIZE_MAX;
  c->done = 1;
  c->overlapped.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
  return c->overlapped.hEvent != NULL ? 0 : -1;
}

/* Stops any operation in flight and waits for it, since until then the system owns the
 * OVERLAPPED and the buffer; bytes it moved before the cancel still count. */
static void channel_cancel(struct channel *c) {
  DWORD moved = 0;

  if (!c->pending) return;
  CancelIoEx(c->handle, &c->overlapped);
  if (GetOverlappedResult(c->handle, &c->overlapped, &moved, TRUE)) {
    if (c->writer)
      c->written += moved;
    else
      c->len += moved;
  }
  c->pending = 0;
}

static void channel_close(struct channel *c) {
  channel_cancel(c);
  close_if(&c->handle);
  c->done = 1;
}

static void channel_free(struct channel *c) {
  channel_close(c);
  close_if(&c->overlapped.hEvent);
  free(c->data);
  c->data = NULL;
}

/* Hands over the collected bytes, NUL-terminated; NULL when memory runs out. */
static char *channel_take(struct channel *c, size_t *len) {
  char *data = c->data;

  if (data == NULL) data = malloc(1);
  if (data != NULL) data[c->len] = '\0';
  *len = data != NULL ? c->len : 0;
  c->data = NULL;
  c->len = 0;
  c->cap = 0;
  return data;
}

/* Notes a finished operation's result: bytes moved, or the end of the channel. */
static void channel_complete(struct channel *c, BOOL ok, DWORD moved) {
  c->pending = 0;
  if (!ok) {
    /* ERROR_BROKEN_PIPE is the normal end of file; anything else ends the channel too. */
    channel_close(c);
    return;
  }
  if (c->writer) {
    c->written += moved;
    if (c->written == c->to_write_len) channel_close(c); /* the child sees end of file */
  } else {
    c->len += moved;
  }
}

static void channel_finish(struct channel *c) {
  DWORD moved = 0;
  BOOL ok = GetOverlappedResult(c->handle, &c->overlapped, &moved, FALSE);
  channel_complete(c, ok, moved);
}

/* Starts the next read or write unless one is in flight or the channel is done. It may
 * complete at once; its event is set either way, so channel_finish collects it later. Returns
 * -1 only when memory runs out. */
static int channel_start(struct channel *c) {
  DWORD size;
  BOOL ok;

  if (c->pending || c->done) return 0;
  if (c->writer) {
    size_t left = c->to_write_len - c->written;
    if (left == 0) {
      channel_close(c);
      return 0;
    }
    size = left < CHUNK_SIZE ? (DWORD)left : CHUNK_SIZE;
    ok = WriteFile(c->handle, c->to_write + c->written, size, NULL, &c->overlapped);
  } else {
    size_t left = c->limit - c->len;
    if (left == 0) {
      if (c->close_at_limit) channel_close(c);
      c->done = 1;
      return 0;
    }
    size = left < CHUNK_SIZE ? (DWORD)left : CHUNK_SIZE;
    /* Room for the chunk and the NUL that channel_take adds. */
    if (c->cap - c->len < (size_t)size + 1) {
      size_t cap = c->cap > 0 ? c->cap : CHUNK_SIZE;
      char *grown;
      while (cap - c->len < (size_t)size + 1) cap *= 2;
      grown = realloc(c->data, cap);
      if (grown == NULL) return -1;
      c->data = grown;
      c->cap = cap;
    }
    ok = ReadFile(c->handle, c->data + c->len, size, NULL, &c->overlapped);
  }
  if (ok || GetLastError() == ERROR_IO_PENDING)
    c->pending = 1;
  else
    channel_complete(c, FALSE, 0);
  return 0;
}

/* After the child has exited, takes what its pipes still hold without waiting for the end of
 * file, which a grandchild holding the pipe could postpone forever. A read that does not
 * complete at once finds the pipe empty. */
static int channel_drain(struct channel *c) {
  if (c->writer) {
    channel_close(c);
    return 0;
  }
  while (!c->done) {
    size_t before;
    if (channel_start(c) != 0) return -1;
    if (!c->pending) continue;
    before = c->len;
    if (WaitForSingleObject(c->overlapped.hEvent, 0) == WAIT_OBJECT_0)
      channel_finish(c);
    else
      channel_cancel(c);
    if (!c->done && c->len == before) break;
  }
  return 0;
}

enum pump_result { PUMP_DONE, PUMP_EXITED, PUMP_TIMEOUT, PUMP_NOMEM };

/* Moves bytes on every channel until all are done, the process exits (then drains them) or
 * the deadline passes (then cancels them). Operations in flight are never left behind. */
static enum pump_result pump(struct channel *channels, size_t channel_count, HANDLE process,
                             ULONGLONG deadline) {
  enum pump_result result = PUMP_DONE;
  HANDLE waits[MAXIMUM_WAIT_OBJECTS];
  struct channel *waiting[MAXIMUM_WAIT_OBJECTS];
  size_t i;

  for (;;) {
    DWORD wait_count = 0;
    DWORD signaled;

    for (i = 0; i < channel_count; i++) {
      if (channel_start(&channels[i]) != 0) {
        result = PUMP_NOMEM;
        goto cleanup;
      }
      if (channels[i].pending) {
        waiting[wait_count] = &channels[i];
        waits[wait_count++] = channels[i].overlapped.hEvent;
      }
    }
    if (wait_count == 0) break;
    /* The process comes last: WaitForMultipleObjects reports the lowest signaled index, so
     * output already in the pipes is taken before the exit is noticed. */
    waits[wait_count] = process;
    signaled = WaitForMultipleObjects(wait_count + 1, waits, FALSE, remaining_ms(deadline));
    if (signaled < WAIT_OBJECT_0 + wait_count) {
      channel_finish(waiting[signaled - WAIT_OBJECT_0]);
    } else if (signaled == WAIT_OBJECT_0 + wait_count) {
      result = PUMP_EXITED;
      for (i = 0; i < channel_count; i++) {
        channel_cancel(&channels[i]);
        if (channel_drain(&channels[i]) != 0) {
          result = PUMP_NOMEM;
          break;
        }
      }
      break;
    } else {
      result = PUMP_TIMEOUT;
      break;
    }
  }

cleanup:
  for (i = 0; i < channel_count; i++) channel_cancel(&channels[i]);
  return result;
}

/* The child's exit code, waiting up to the deadline; -1 (after killing it) on timeout. */
static int wait_exit_code(HANDLE process, ULONGLONG deadline) {
  DWORD code;

  if (WaitForSingleObject(process, remaining_ms(deadline)) != WAIT_OBJECT_0 ||
      !GetExitCodeProcess(process, &code)) {
    kill_child(process);
    return -1;
  }
  return (int)code;
}

/* Says why a child did not write "ready\n": it timed out or exited (with which code), and
 * what it wrote instead. A fixture that fails writes one line of error and exits, so the
 * rest of that line is read first, up to the deadline. */
static void describe_failed_start(struct channel *out, enum pump_result pumped, HANDLE process,
                                  ULONGLONG deadline, char *failure, size_t failure_size) {
  const char *what = "did not write \"ready\"";
  char exited[48];
  DWORD code = 0;
  size_t shown;
  size_t i;

  if (pumped == PUMP_DONE) {
    out->done = 0;
    out->limit = out->len + FAILURE_LINE_MAX;
    pumped = pump(out, 1, process, deadline);
  }
  shown = out->len;
  for (i = 0; i < out->len; i++) {
    /* One line of plain text: stop at the line's end, hide any other control byte. */
    if (out->data[i] == '\r' || out->data[i] == '\n') {
      shown = i;
      break;
    }
    if ((unsigned char)out->data[i] < 0x20) out->data[i] = '?';
  }
  if (pumped == PUMP_TIMEOUT) {
    what = "timed out without writing \"ready\"";
  } else if (WaitForSingleObject(process, remaining_ms(deadline)) == WAIT_OBJECT_0 &&
             GetExitCodeProcess(process, &code)) {
    snprintf(exited, sizeof exited, "exited with code %lu", (unsigned long)code);
    what = exited;
  }
  snprintf(failure, failure_size, "%s; it wrote \"%.*s\"", what, (int)shown,
           out->data != NULL ? out->data : "");
}

int test_process_start(const wchar_t *exe, const wchar_t *args, unsigned timeout_ms,
                       test_process *p) {
  ULONGLONG deadline = deadline_after(timeout_ms);
  HANDLE child_in = NULL, child_out = NULL, child_err = NULL;
  HANDLE stdin_write = NULL;
  PROCESS_INFORMATION info = {0};
  struct channel out;
  enum pump_result pumped;
  int out_ready = 0;
  int status = -1;

  memset(p, 0, sizeof *p);
  snprintf(p->failure, sizeof p->failure, "its pipes could not be made");
  if (channel_init(&out) != 0) goto cleanup;
  out_ready = 1;
  if (create_pipe(0, CHUNK_SIZE, &stdin_write, &child_in) != 0 ||
      create_pipe(1, CHUNK_SIZE, &out.handle, &child_out) != 0)
    goto cleanup;
  child_err = inheritable_stderr();
  if (child_err == NULL ||
      test_process_spawn(exe, args, 0, child_in, child_out, child_err, &info) != 0) {
    snprintf(p->failure, sizeof p->failure, "could not be started (error %lu)",
             (unsigned long)GetLastError());
    goto cleanup;
  }
  /* Only the child may hold its ends now, or we would not see it close them. */
  close_if(&child_in);
  close_if(&child_out);
  close_if(&child_err);

  /* Exactly "ready\n" and no further: the rest of stdout is the test's. */
  out.done = 0;
  out.limit = 6;
  pumped = pump(&out, 1, info.hProcess, deadline);
  if (out.len != 6 || memcmp(out.data, "ready\n", 6) != 0) {
    describe_failed_start(&out, pumped, info.hProcess, deadline, p->failure, sizeof p->failure);
    goto cleanup;
  }

  p->process = info.hProcess;
  p->stdin_write = stdin_write;
  p->stdout_read = out.handle;
  p->pid = info.dwProcessId;
  p->failure[0] = '\0';
  info.hProcess = NULL;
  stdin_write = NULL;
  out.handle = NULL;
  status = 0;

cleanup:
  if (info.hProcess != NULL) kill_child(info.hProcess);
  if (out_ready) channel_free(&out);
  close_if(&info.hProcess);
  close_if(&info.hThread);
  close_if(&stdin_write);
  close_if(&child_in);
  close_if(&child_out);
  close_if(&child_err);
  return status;
}

/* What pipe_io made of one operation. */
enum io_result { IO_DONE, IO_FAILED, IO_EXITED, IO_TIMEOUT };

/* One overlapped ReadFile (writing == 0) or WriteFile of up to size bytes on our end of one of
 * the child's pipes, waiting for it until the deadline or until the child exits. event is a
 * manual-reset event for the OVERLAPPED. *moved is what it moved, which may be more than 0 even
 * when it did not finish (a write cut off); *error is the Win32 error behind IO_FAILED (a broken
 * pipe when the other end is gone). Nothing is in flight on return: an operation that did not
 * finish is cancelled and waited for, since until then the system owns the OVERLAPPED (on our
 * stack) and the buffer. */
static enum io_result pipe_io(HANDLE pipe, int writing, void *buffer, DWORD size, HANDLE process,
                              HANDLE event, ULONGLONG deadline, DWORD *moved, DWORD *error) {
  OVERLAPPED overlapped;
  HANDLE waits[2];
  enum io_result result = IO_DONE;
  DWORD signaled;
  BOOL ok;

  *moved = 0;
  *error = 0;
  memset(&overlapped, 0, sizeof overlapped);
  overlapped.hEvent = event;
  ok = writing ? WriteFile(pipe, buffer, size, NULL, &overlapped)
               : ReadFile(pipe, buffer, size, NULL, &overlapped);
  if (!ok && GetLastError() != ERROR_IO_PENDING) {
    *error = GetLastError();
    return IO_FAILED;
  }
  /* The event comes first: WaitForMultipleObjects reports the lowest signaled index, so an
   * operation that finished wins over the exit. */
  waits[0] = event;
  waits[1] = process;
  signaled = WaitForMultipleObjects(2, waits, FALSE, remaining_ms(deadline));
  if (signaled == WAIT_OBJECT_0 + 1) {
    DWORD grace = remaining_ms(deadline);
    if (grace > EXITED_GRACE_MS) grace = EXITED_GRACE_MS;
    if (WaitForSingleObject(event, grace) != WAIT_OBJECT_0) result = IO_EXITED;
  } else if (signaled != WAIT_OBJECT_0) {
    result = IO_TIMEOUT;
  }
  if (result != IO_DONE) CancelIoEx(pipe, &overlapped);
  if (!GetOverlappedResult(pipe, &overlapped, moved, TRUE)) {
    DWORD failed = GetLastError();
    if (result != IO_DONE && failed == ERROR_OPERATION_ABORTED) return result;
    *error = failed;
    return IO_FAILED;
  }
  /* It finished after all, perhaps just before the cancel. */
  return IO_DONE;
}

/* Reads one line from the child's stdout and never a byte past it: that is the next answer's.
 * Keeps its first answer_size - 1 bytes in answer, NUL-terminated and without the "\n"; drops
 * the rest. */
static enum io_result read_answer(test_process *p, HANDLE event, ULONGLONG deadline, char *answer,
                                  size_t answer_size, DWORD *error) {
  size_t len = 0;
  int done = 0;

  while (!done) {
    char chunk[64];
    DWORD want = 1;
    DWORD peeked = 0;
    DWORD moved = 0;
    DWORD i;
    enum io_result result;

    /* What is there already, up to the line's end, comes in one read (the child writes a line
     * at once, so after its first byte the rest is waiting); otherwise one byte, waited for. */
    if (PeekNamedPipe(p->stdout_read, chunk, sizeof chunk, &peeked, NULL, NULL) && peeked > 0) {
      const char *newline = memchr(chunk, '\n', peeked);
      want = newline != NULL ? (DWORD)(newline - chunk) + 1 : peeked;
    }
    result = pipe_io(p->stdout_read, 0, chunk, want, p->process, event, deadline, &moved, error);
    for (i = 0; i < moved && !done; i++) {
      if (chunk[i] == '\n')
        done = 1;
      else if (len + 1 < answer_size)
        answer[len++] = chunk[i];
    }
    if (result != IO_DONE && !done) {
      answer[len] = '\0';
      return result;
    }
  }
  answer[len] = '\0';
  return IO_DONE;
}

/* Says in p->failure why a command failed at stage ("sending it", "its answer", ...). */
static void describe_failed_command(test_process *p, const char *command, const char *stage,
                                    enum io_result result, DWORD error, unsigned timeout_ms) {
  char exited[48] = "";
  DWORD code;

  if (result != IO_TIMEOUT && WaitForSingleObject(p->process, 0) == WAIT_OBJECT_0 &&
      GetExitCodeProcess(p->process, &code))
    snprintf(exited, sizeof exited, "; it exited with code %lu", (unsigned long)code);
  if (result == IO_TIMEOUT) {
    snprintf(p->failure, sizeof p->failure, "\"%.80s\": timed out after %u ms at %s", command,
             timeout_ms, stage);
  } else if (result == IO_EXITED) {
    snprintf(p->failure, sizeof p->failure, "\"%.80s\": the child ended before %s%s", command,
             stage, exited);
  } else {
    snprintf(p->failure, sizeof p->failure, "\"%.80s\": %s failed (error %lu)%s", command, stage,
             (unsigned long)error, exited);
  }
}

/* Reads a decimal unsigned 64-bit number that makes up all of text. Returns 0 or -1. */
static int parse_u64(const char *text, unsigned long long *value) {
  unsigned long long v = 0;

  if (*text == '\0') return -1;
  for (; *text != '\0'; text++) {
    unsigned digit = (unsigned)(*text - '0');
    if (digit > 9 || v > (ULLONG_MAX - digit) / 10) return -1;
    v = v * 10 + digit;
  }
  *value = v;
  return 0;
}

int test_process_command(test_process *p, const char *command, unsigned timeout_ms,
                         unsigned long long *when) {
  ULONGLONG deadline = deadline_after(timeout_ms);
  HANDLE event = NULL;
  char *line = NULL;
  size_t line_len = 0;
  size_t written = 0;
  char answer[ANSWER_MAX + 1];
  enum io_result result;
  DWORD error = 0;
  int status = -1;

  *when = 0;
  p->failure[0] = '\0';
  if (command == NULL || strpbrk(command, "\r\n") != NULL) {
    snprintf(p->failure, sizeof p->failure, "a command must be one line");
    goto cleanup;
  }
  if (p->process == NULL || p->stdin_write == NULL || p->stdout_read == NULL) {
    snprintf(p->failure, sizeof p->failure, "\"%.80s\": no running child to send it to", command);
    goto cleanup;
  }
  if (p->commands_broken) {
    snprintf(p->failure, sizeof p->failure,
             "\"%.80s\": not sent, an earlier command was cut off and the answers are out of step",
             command);
    goto cleanup;
  }
  line_len = strlen(command) + 1;
  line = malloc(line_len);
  event = CreateEventW(NULL, TRUE, FALSE, NULL);
  if (line == NULL || event == NULL) {
    snprintf(p->failure, sizeof p->failure, "\"%.80s\": out of memory or handles", command);
    goto cleanup;
  }
  memcpy(line, command, line_len - 1);
  line[line_len - 1] = '\n';

  /* The answers to earlier commands that timed out come first: take them now, or this call
   * would read one of them as its own. */
  while (p->replies_owed > 0) {
    result = read_answer(p, event, deadline, answer, sizeof answer, &error);
    if (result != IO_DONE) {
      describe_failed_command(p, command, "the late answer to an earlier command (not sent)",
                              result, error, timeout_ms);
      goto cleanup;
    }
    p->replies_owed--;
  }

  while (written < line_len) {
    size_t left = line_len - written;
    DWORD moved = 0;
    result =
        pipe_io(p->stdin_write, 1, line + written, left < CHUNK_SIZE ? (DWORD)left : CHUNK_SIZE,
                p->process, event, deadline, &moved, &error);
    written += moved;
    if (result != IO_DONE) {
      /* The child holds part of a line: whatever follows would be read as its rest. */
      if (written > 0 && written < line_len) p->commands_broken = 1;
      describe_failed_command(p, command,
                              written == line_len ? "sending it" : "sending it (cut off)", result,
                              error, timeout_ms);
      if (written == line_len) p->replies_owed++;
      goto cleanup;
    }
  }

  /* The line is out: one answer is owed for it from now on, whatever becomes of this call. */
  p->replies_owed++;
  result = read_answer(p, event, deadline, answer, sizeof answer, &error);
  if (result != IO_DONE) {
    describe_failed_command(p, command, "its answer", result, error, timeout_ms);
    goto cleanup;
  }
  p->replies_owed--;
  if (strncmp(answer, "ok ", 3) == 0 && parse_u64(answer + 3, when) == 0) {
    status = 0;
  } else if (strncmp(answer, "error ", 6) == 0) {
    snprintf(p->failure, sizeof p->failure, "\"%.80s\": the child answered \"%s\"", command,
             answer);
  } else {
    /* Not an answer at all: whatever the child is, its lines cannot be matched to commands. */
    p->commands_broken = 1;
    snprintf(p->failure, sizeof p->failure, "\"%.80s\": not an answer: \"%s\"", command, answer);
  }

cleanup:
  if (status != 0) *when = 0;
  free(line);
  if (event != NULL) CloseHandle(event);
  return status;
}

int test_process_stop(test_process *p, unsigned timeout_ms) {
  int exit_code = -1;

  close_if(&p->stdin_write);
  if (p->process != NULL) exit_code = wait_exit_code(p->process, deadline_after(timeout_ms));
  close_if(&p->process);
  close_if(&p->stdout_read);
  p->pid = 0;
  p->replies_owed = 0;
  p->commands_broken = 0;
  return exit_code;
}

/* The body of test_run and test_run_pipe_closed_early: stdout_limit is how much of stdout to
 * read before closing it (SIZE_MAX: all of it), stdout_buffer the size of its pipe buffer. */
static int run(const wchar_t *exe, const wchar_t *args, const char *stdin_data, size_t stdout_limit,
               DWORD stdout_buffer, unsigned timeout_ms, test_run_result *r) {
  ULONGLONG deadline = deadline_after(timeout_ms);
  HANDLE child_in = NULL, child_out = NULL, child_err = NULL;
  PROCESS_INFORMATION info = {0};
  struct channel channels[3]; /* our ends of stdin, stdout, stderr */
  size_t channel_count = 0;
  enum pump_result pumped;
  int status = -1;
  size_t i;

  memset(r, 0, sizeof *r);
  r->exit_code = -1;
  for (; channel_count < 3; channel_count++) {
    if (channel_init(&channels[channel_count]) != 0) goto cleanup;
  }
  if (stdin_data != NULL) {
    if (create_pipe(0, CHUNK_SIZE, &channels[0].handle, &child_in) != 0) goto cleanup;
    channels[0].done = 0;
    channels[0].writer = 1;
    channels[0].to_write = stdin_data;
    channels[0].to_write_len = strlen(stdin_data);
  } else if ((child_in = open_nul(GENERIC_READ)) == NULL) {
    goto cleanup;
  }
  if (create_pipe(1, stdout_buffer, &channels[1].handle, &child_out) != 0 ||
      create_pipe(1, CHUNK_SIZE, &channels[2].handle, &child_err) != 0)
    goto cleanup;
  channels[1].done = 0;
  channels[1].limit = stdout_limit;
  channels[1].close_at_limit = 1;
  channels[2].done = 0;
  /* Reading nothing: close before the child runs, so even its first write finds no reader. */
  if (stdout_limit == 0) channel_close(&channels[1]);

  if (test_process_spawn(exe, args, 0, child_in, child_out, child_err, &info) != 0) goto cleanup;
  close_if(&child_in);
  close_if(&child_out);
  close_if(&child_err);

  pumped = pump(channels, 3, info.hProcess, deadline);
  if (pumped == PUMP_NOMEM) goto cleanup;
  if (pumped == PUMP_TIMEOUT) kill_child(info.hProcess);
  r->exit_code = pumped == PUMP_TIMEOUT ? -1 : wait_exit_code(info.hProcess, deadline);
  r->out = channel_take(&channels[1], &r->out_len);
  r->err = channel_take(&channels[2], &r->err_len);
  if (r->out == NULL || r->err == NULL) goto cleanup;
  status = 0;

cleanup:
  if (status != 0) {
    test_run_result_free(r);
    r->exit_code = -1;
    if (info.hProcess != NULL) kill_child(info.hProcess);
  }
  for (i = 0; i < channel_count; i++) channel_free(&channels[i]);
  close_if(&info.hProcess);
  close_if(&info.hThread);
  close_if(&child_in);
  close_if(&child_out);
  close_if(&child_err);
  return status;
}

int test_run(const wchar_t *exe, const wchar_t *args, const char *stdin_data, unsigned timeout_ms,
             test_run_result *r) {
  return run(exe, args, stdin_data, SIZE_MAX, CHUNK_SIZE, timeout_ms, r);
}

void test_run_result_free(test_run_result *r) {
  free(r->out);
  free(r->err);
  memset(r, 0, sizeof *r);
}

int test_run_pipe_closed_early(const wchar_t *exe, const wchar_t *args, size_t read_bytes,
                               unsigned timeout_ms, int *exit_code, char **err, size_t *err_len) {
  test_run_result r;

  *exit_code = -1;
  *err = NULL;
  *err_len = 0;
  /* A 1-byte buffer: the system then holds back a writer until we read, so the child cannot
   * finish writing into the buffer before we close it. */
  if (run(exe, args, NULL, read_bytes, 1, timeout_ms, &r) != 0) return -1;
  *exit_code = r.exit_code;
  *err = r.err;
  *err_len = r.err_len;
  free(r.out);
  return 0;
}

wchar_t *test_path_beside_self(const wchar_t *file_name) {
  DWORD size = MAX_PATH;
  wchar_t *path = NULL;
  wchar_t *result = NULL;
  size_t dir_count = 0;
  size_t name_count = wcslen(file_name);
  DWORD i;

  for (;;) {
    wchar_t *grown = realloc(path, size * sizeof *path);
    DWORD got;
    if (grown == NULL) goto cleanup;
    path = grown;
    got = GetModuleFileNameW(NULL, path, size);
    if (got == 0) goto cleanup;
    /* A path that does not fit comes back truncated to exactly size characters. */
    if (got < size) break;
    if (size > UINT32_MAX / 2) goto cleanup;
    size *= 2;
  }
  for (i = 0; path[i] != L'\0'; i++) {
    if (path[i] == L'\\' || path[i] == L'/') dir_count = i + 1;
  }
  result = malloc((dir_count + name_count + 1) * sizeof *result);
  if (result == NULL) goto cleanup;
  memcpy(result, path, dir_count * sizeof *result);
  memcpy(result + dir_count, file_name, (name_count + 1) * sizeof *result);

cleanup:
  free(path);
  return result;
}

int test_cmdline_append(wchar_t **cmdline, const wchar_t *arg) {
  size_t old_count = *cmdline != NULL ? wcslen(*cmdline) : 0;
  size_t arg_count = wcslen(arg);
  /* Worst case: a space, two quotes, every character doubled (backslashes before a quote, a
   * quote with its escape), the NUL. */
  size_t max_count = old_count + 1 + 2 + 2 * arg_count + 1;
  int quote = arg_count == 0 || wcspbrk(arg, L" \t\n\v\"") != NULL;
  wchar_t *out;
  size_t n;
  size_t i;

  if (arg_count > (SIZE_MAX / sizeof *out - old_count - 4) / 2) return -1;
  out = realloc(*cmdline, max_count * sizeof *out);
  if (out == NULL) return -1;
  *cmdline = out;
  n = old_count;
  if (n > 0) out[n++] = L' ';
  if (!quote) {
    memcpy(out + n, arg, (arg_count + 1) * sizeof *out);
    return 0;
  }
  /* CommandLineToArgvW: 2k backslashes before a quote mean k backslashes and the quote ends
   * the argument, 2k+1 mean k backslashes and a literal quote; elsewhere backslashes are
   * literal. */
  out[n++] = L'"';
  for (i = 0; i <= arg_count; i++) {
    size_t backslashes = 0;
    size_t k;
    while (i < arg_count && arg[i] == L'\\') {
      backslashes++;
      i++;
    }
    if (i == arg_count) {
      /* Before the closing quote: double them so the quote stays a delimiter. */
      for (k = 0; k < 2 * backslashes; k++) out[n++] = L'\\';
      break;
    }
    if (arg[i] == L'"') {
      for (k = 0; k < 2 * backslashes + 1; k++) out[n++] = L'\\';
    } else {
      for (k = 0; k < backslashes; k++) out[n++] = L'\\';
    }
    out[n++] = arg[i];
  }
  out[n++] = L'"';
  out[n] = L'\0';
  return 0;
}
