/*
 * Ctrl+C ends "listapps.exe --watch --format jsonl" cleanly: the child exits 0 within seconds and
 * its stdout, a pipe, holds whole JSON Lines with every "present" event.
 *
 * How the event gets to the child, and why this way (each checked under Wine 8.0):
 * - A test run by ctest has no real console under Wine (no terminal on its stdio), only
 *   CONSOLE_HANDLE_SHELL_NO_WINDOW, on which GenerateConsoleCtrlEvent fails (ERROR_INVALID_ACCESS,
 *   dlls/kernelbase/console.c console_ioctl), and a child started normally shares that.
 * - So the child gets a console of its own without a window (CREATE_NO_WINDOW: a headless
 *   conhost, nothing another test's listing could see), and we attach to it for the moment it
 *   takes to send CTRL_C_EVENT to our process group (0), which the child is in. Our own handler
 *   ignores the event we get too; it stays installed for good, since Wine's default handler would
 *   end this test with exit code 0.
 * - Not CREATE_NEW_PROCESS_GROUP with the child's PID as the group: Ctrl+C is then off in the child
 *   (dlls/kernelbase/process.c sets ConsoleFlags, CtrlRoutine returns before the handlers), as on
 *   Windows. Ctrl+Break, which Windows would still deliver, is not implemented by the Wine 8
 *   server (server/console.c propagate_console_signal: STATUS_NOT_IMPLEMENTED), so there is no
 *   Ctrl+Break test.
 *
 * - Whether Ctrl+C is ignored is inherited: a process started with CREATE_NEW_PROCESS_GROUP, or
 *   whose parent called SetConsoleCtrlHandler(NULL, TRUE), ignores it, and so do the children it
 *   starts. A CI runner or a shell may start us so, so we turn Ctrl+C on (after installing our
 *   own handler) before starting the child; the second case starts from "ignored" on purpose.
 *
 * Wine's default handler also exits with 0 (Windows: STATUS_CONTROL_C_EXIT), so the exit code
 * alone would not tell the CLI's handler from none. The child's stdout is therefore a pipe with a
 * one-byte buffer that we leave unread until the event is sent: the child is then stuck writing
 * its first "present" line. A handler that only sets the stop flag lets it write every line once
 * we read; a process ended by the event would leave at most that first line.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_run.h"
#include "json_reader.h"
#include "suite.h"
#include "test_process.h"

/* Fixture processes, one window (one app row, one "present" event) each. */
#define FIXTURES 3
/* How soon after Ctrl+C the child must have exited. */
#define STOP_MS 5000u
/* How long the child may take to start writing. */
#define START_MS 30000u
/* The most stdout we keep. */
#define OUT_MAX 65536u

/* What one run saw; filled in full before any assertion, so a failure leaves nothing running. */
typedef struct ctrl_c_run {
  char failure[256]; /* set when the run could not get as far as sending the event */
  int exited;        /* the child exited within STOP_MS of the event */
  DWORD exit_code;
  ULONGLONG stop_ms; /* from the event to the exit (its exit time, not when we saw it) */
  char out[OUT_MAX + 1];
  size_t out_len;
} ctrl_c_run;

/* A FILETIME in milliseconds. */
static ULONGLONG filetime_ms(const FILETIME *t) {
  return (((ULONGLONG)t->dwHighDateTime << 32) | t->dwLowDateTime) / 10000u;
}

/* Ignores the Ctrl+C we send ourselves while attached to the child's console. */
static BOOL WINAPI ignore_ctrl_c(DWORD type) {
  return type == CTRL_C_EVENT;
}

/* Our end of a pipe for the child's stdout (not inheritable) and the child's end (inheritable),
 * with a one-byte buffer, so the child's writes wait for our reads. */
static int create_stdout_pipe(HANDLE *ours, HANDLE *childs) {
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  wchar_t name[96];

  swprintf(name, sizeof name / sizeof name[0], L"\\\\.\\pipe\\listapps-test-ctrl-c-%lu-%llu",
           GetCurrentProcessId(), (unsigned long long)GetTickCount64());
  *ours =
      CreateNamedPipeW(name, PIPE_ACCESS_INBOUND | FILE_FLAG_FIRST_PIPE_INSTANCE,
                       PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
                       1, 1, 1, 0, NULL);
  if (*ours == INVALID_HANDLE_VALUE) return -1;
  *childs = CreateFileW(name, GENERIC_WRITE, 0, &inherit, OPEN_EXISTING, 0, NULL);
  if (*childs == INVALID_HANDLE_VALUE) {
    CloseHandle(*ours);
    return -1;
  }
  return 0;
}

/* Reads what the pipe holds now into r->out, without blocking. Returns the bytes read, or -1 when
 * the pipe has ended (the child and everything holding its end are gone). */
static long drain(HANDLE pipe, ctrl_c_run *r) {
  long total = 0;
  DWORD avail = 0;

  while (PeekNamedPipe(pipe, NULL, 0, NULL, &avail, NULL)) {
    char chunk[4096];
    DWORD want = avail < sizeof chunk ? avail : (DWORD)sizeof chunk;
    DWORD got = 0;
    if (avail == 0) return total;
    if (!ReadFile(pipe, chunk, want, &got, NULL)) break;
    if (got > OUT_MAX - r->out_len) got = (DWORD)(OUT_MAX - r->out_len);
    memcpy(r->out + r->out_len, chunk, got);
    r->out_len += got;
    total += (long)got;
  }
  return total > 0 ? total : -1;
}

/* Turns Ctrl+C on in this process, so that the child we start next inherits it on, whatever we
 * inherited (see the top of the file). Our own handler comes first: it takes the copy of the
 * event that reaches us, so the default handler never ends the test. It is never removed: our
 * copy of the event may run late. Returns 0, or the Win32 error of the step that failed. */
static DWORD enable_ctrl_c(char *step, size_t step_size) {
  if (!SetConsoleCtrlHandler(ignore_ctrl_c, TRUE)) {
    snprintf(step, step_size, "SetConsoleCtrlHandler(ignore_ctrl_c, TRUE)");
    return GetLastError();
  }
  if (!SetConsoleCtrlHandler(NULL, FALSE)) {
    snprintf(step, step_size, "SetConsoleCtrlHandler(NULL, FALSE)");
    return GetLastError();
  }
  return 0;
}

/* Another process on our console, to attach back to after borrowing the child's; 0 when there
 * is none (or no console). Our parent may have exited: tests/support/test_detach.h starts the
 * suite under a parent that is gone, so ATTACH_PARENT_PROCESS alone would not do. */
static DWORD console_neighbour(void) {
  DWORD pids[16];
  DWORD n = GetConsoleProcessList(pids, sizeof pids / sizeof pids[0]);
  DWORD i;

  for (i = 0; i < n && i < sizeof pids / sizeof pids[0]; i++)
    if (pids[i] != GetCurrentProcessId()) return pids[i];
  return 0;
}

/* Sends CTRL_C_EVENT to the console of process pid, and to the processes in our group attached to
 * it: the child and us (enable_ctrl_c has our handler in place). Leaves our std handles as they
 * were. Returns 0, or the Win32 error of the step that failed. */
static DWORD send_ctrl_c(DWORD pid, char *step, size_t step_size) {
  HANDLE std_in = GetStdHandle(STD_INPUT_HANDLE);
  HANDLE std_out = GetStdHandle(STD_OUTPUT_HANDLE);
  HANDLE std_err = GetStdHandle(STD_ERROR_HANDLE);
  DWORD pids[1];
  /* A real console (Windows): we go back to it after. Under Wine, started by ctest, there is
   * none to go back to. */
  int had_console = GetConsoleProcessList(pids, 1) != 0;
  DWORD neighbour = console_neighbour();
  DWORD error = 0;

  FreeConsole();
  if (!AttachConsole(pid)) {
    error = GetLastError();
    snprintf(step, step_size, "AttachConsole(%lu)", (unsigned long)pid);
  } else {
    if (!GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0)) {
      error = GetLastError();
      snprintf(step, step_size, "GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0)");
    }
    FreeConsole();
  }
  if (had_console && !(neighbour != 0 && AttachConsole(neighbour)))
    AttachConsole(ATTACH_PARENT_PROCESS);
  /* AttachConsole may have replaced them with console handles, which FreeConsole closed. */
  SetStdHandle(STD_INPUT_HANDLE, std_in);
  SetStdHandle(STD_OUTPUT_HANDLE, std_out);
  SetStdHandle(STD_ERROR_HANDLE, std_err);
  return error;
}

/* Starts listapps.exe with args, waits for its first output byte, sends Ctrl+C, then reads its
 * stdout until it exits (STOP_MS at most) and the pipe is empty. */
static void run_ctrl_c(const wchar_t *args, ctrl_c_run *r) {
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  wchar_t *exe = test_path_beside_self(L"listapps.exe");
  HANDLE ours = NULL, childs = NULL, nul = NULL;
  PROCESS_INFORMATION pi;
  ULONGLONG deadline, sent_ticks, sent;
  char step[96] = "";
  DWORD error;

  memset(r, 0, sizeof *r);
  memset(&pi, 0, sizeof pi);
  if (exe == NULL) {
    snprintf(r->failure, sizeof r->failure, "out of memory");
    goto cleanup;
  }
  nul = CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    &inherit, OPEN_EXISTING, 0, NULL);
  if (nul == INVALID_HANDLE_VALUE) {
    nul = NULL;
    snprintf(r->failure, sizeof r->failure, "cannot open NUL (error %lu)", GetLastError());
    goto cleanup;
  }
  if (create_stdout_pipe(&ours, &childs) != 0) {
    ours = NULL;
    childs = NULL;
    snprintf(r->failure, sizeof r->failure, "cannot make a pipe (error %lu)", GetLastError());
    goto cleanup;
  }
  error = enable_ctrl_c(step, sizeof step);
  if (error != 0) {
    snprintf(r->failure, sizeof r->failure, "%s failed (error %lu)", step, (unsigned long)error);
    goto cleanup;
  }
  /* Its own console, without a window: see the top of the file. */
  if (test_process_spawn(exe, args, CREATE_NO_WINDOW, nul, childs, nul, &pi) != 0) {
    snprintf(r->failure, sizeof r->failure, "cannot start listapps.exe (error %lu)",
             GetLastError());
    goto cleanup;
  }
  CloseHandle(pi.hThread);
  CloseHandle(childs);
  childs = NULL;

  /* Its first byte: SetConsoleCtrlHandler has run (main.c installs it before listapps_watch),
   * and it waits on us in the middle of its first "present" line. */
  deadline = GetTickCount64() + START_MS;
  for (;;) {
    DWORD avail = 0;
    if (PeekNamedPipe(ours, NULL, 0, NULL, &avail, NULL) && avail > 0) break;
    if (WaitForSingleObject(pi.hProcess, 10) == WAIT_OBJECT_0) {
      GetExitCodeProcess(pi.hProcess, &r->exit_code);
      snprintf(r->failure, sizeof r->failure, "the watch exited (%lu) before writing anything",
               (unsigned long)r->exit_code);
      goto cleanup;
    }
    if (GetTickCount64() >= deadline) {
      snprintf(r->failure, sizeof r->failure, "the watch wrote nothing in %u ms", START_MS);
      goto cleanup;
    }
  }

  sent_ticks = GetTickCount64();
  {
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    sent = filetime_ms(&now);
  }
  error = send_ctrl_c(pi.dwProcessId, step, sizeof step);
  if (error != 0) {
    snprintf(r->failure, sizeof r->failure, "%s failed (error %lu)", step, (unsigned long)error);
    goto cleanup;
  }

  /* Read as it writes; once it has exited, what it wrote is all in the pipe. */
  deadline = sent_ticks + STOP_MS;
  for (;;) {
    int gone = WaitForSingleObject(pi.hProcess, 0) == WAIT_OBJECT_0;
    long got = drain(ours, r);
    if (gone && got <= 0) {
      r->exited = 1;
      break;
    }
    if (GetTickCount64() >= deadline) break;
    if (got <= 0) Sleep(5);
  }
  if (r->exited) {
    FILETIME created, exited, kernel, user;
    GetExitCodeProcess(pi.hProcess, &r->exit_code);
    /* When it exited, not when we noticed. */
    if (GetProcessTimes(pi.hProcess, &created, &exited, &kernel, &user))
      r->stop_ms = filetime_ms(&exited) > sent ? filetime_ms(&exited) - sent : 0;
  }

cleanup:
  if (pi.hProcess != NULL) {
    if (WaitForSingleObject(pi.hProcess, 0) != WAIT_OBJECT_0) {
      TerminateProcess(pi.hProcess, 1);
      WaitForSingleObject(pi.hProcess, 5000);
    }
    CloseHandle(pi.hProcess);
  }
  if (ours != NULL) CloseHandle(ours);
  if (childs != NULL) CloseHandle(childs);
  if (nul != NULL) CloseHandle(nul);
  free(exe);
  r->out[r->out_len] = '\0';
}

/* Checks that out is whole JSON Lines, each an object with an "event", and counts the "present"
 * events whose title holds marker. */
static size_t check_json_lines(const char *out, size_t len, const char *marker) {
  size_t present = 0;
  size_t start = 0;
  unsigned long line_no = 1;

  ck_assert_msg(len > 0, "the watch wrote nothing");
  ck_assert_msg(out[len - 1] == '\n', "the output ends in the middle of a line: %s", out);
  while (start < len) {
    const char *line = out + start;
    const char *end = memchr(line, '\n', len - start);
    size_t line_len = (size_t)(end - line);
    json_value v;
    char err[128];
    const json_value *event;
    const json_value *title;

    ck_assert_msg(json_parse(line, line_len, &v, err, sizeof err) == 0,
                  "line %lu is not JSON (%s): %.*s", line_no, err, (int)line_len, line);
    ck_assert_msg(v.type == JSON_OBJECT, "line %lu is not an object: %.*s", line_no, (int)line_len,
                  line);
    event = json_get(&v, "event");
    ck_assert_msg(event != NULL && event->type == JSON_STRING, "line %lu has no event: %.*s",
                  line_no, (int)line_len, line);
    title = json_get(&v, "title");
    if (strcmp(event->string, "present") == 0 && title != NULL && title->type == JSON_STRING &&
        strstr(title->string, marker) != NULL)
      present++;
    json_free(&v);
    start += line_len + 1;
    line_no++;
  }
  return present;
}

/* Starts the fixtures, runs the watch and sends it Ctrl+C, and checks how it ended. */
static void check_ctrl_c_ends_the_watch(void) {
  static const wchar_t *const titles[FIXTURES] = {L"visible:Ctrl C watch zq7 one",
                                                  L"visible:Ctrl C watch zq7 two",
                                                  L"visible:Ctrl C watch zq7 three"};
  test_process fixtures[FIXTURES];
  ctrl_c_run *r = malloc(sizeof *r);
  size_t present;
  size_t i;

  ck_assert_ptr_nonnull(r);
  for (i = 0; i < FIXTURES; i++) fixture_start(L"fixture_en.exe", &titles[i], 1, &fixtures[i]);
  /* --timeout only bounds a child that the event failed to stop. */
  run_ctrl_c(L"--watch --format jsonl --timeout 120 zq7", r);
  for (i = 0; i < FIXTURES; i++) fixture_stop(&fixtures[i]);

  ck_assert_msg(r->failure[0] == '\0', "%s", r->failure);
  ck_assert_msg(r->exited, "the watch still ran %u ms after Ctrl+C; it wrote: %s", STOP_MS, r->out);
  ck_assert_msg(r->exit_code == 0, "the watch exited with %lu (0x%lx) on Ctrl+C; it wrote: %s",
                (unsigned long)r->exit_code, (unsigned long)r->exit_code, r->out);
  present = check_json_lines(r->out, r->out_len, "Ctrl C watch zq7");
  ck_assert_msg(present == FIXTURES, "%lu of the %d \"present\" events were written: %s",
                (unsigned long)present, FIXTURES, r->out);
  printf("test_watch_ctrl_c: exit 0 %llu ms after Ctrl+C, %lu bytes of whole JSON Lines\n",
         (unsigned long long)r->stop_ms, (unsigned long)r->out_len);
  free(r);
}

START_TEST(test_ctrl_c_ends_the_watch) {
  check_ctrl_c_ends_the_watch();
}
END_TEST

/* As a process started with CREATE_NEW_PROCESS_GROUP is: Ctrl+C ignored, which the child would
 * inherit if we did not turn it on. */
START_TEST(test_ctrl_c_ends_the_watch_when_we_were_started_ignoring_it) {
  ck_assert(SetConsoleCtrlHandler(NULL, TRUE));
  check_ctrl_c_ends_the_watch();
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("watch_ctrl_c");
  TCase *tc = tcase_create("ctrl_c");

  tcase_add_test(tc, test_ctrl_c_ends_the_watch);
  tcase_add_test(tc, test_ctrl_c_ends_the_watch_when_we_were_started_ignoring_it);
  suite_add_tcase(s, tc);
  return s;
}
