/*
 * test_process.h - start and talk to child processes from the tests.
 *
 * Plain Win32 (W APIs only), no test-framework dependency and no global state but one job
 * object, made once, so tests may use it from several threads at once. Strings passed in are
 * UTF-16; captured output is the child's raw bytes. A child inherits only the handles meant for
 * it (its stdin, stdout and stderr), even while other threads start children of their own: see
 * test_process.c.
 *
 * Every child, and whatever it starts, runs in that job, which kills them all when the test
 * process ends in any way (a failed assertion, a crash, ctest's timeout), so no fixture's
 * windows are left behind for later tests.
 *
 * Command lines: exe is placed first (quoted) and args, if not NULL, follows after a space;
 * build args with test_cmdline_append. The executable is looked up the way CreateProcessW
 * looks up a command line's first token, so a full path is safest.
 */
#ifndef TEST_PROCESS_H
#define TEST_PROCESS_H

#include <windows.h>

#include <stddef.h>

/* A running child whose stdin and stdout are pipes to us; its stderr is NUL (see
 * test_process.c: what it starts must not hold our stderr open). */
typedef struct test_process {
  HANDLE process;     /* the child's process handle (full access) */
  HANDLE stdin_write; /* our end of its stdin; closing it tells a fixture to exit */
  HANDLE stdout_read; /* our end of its stdout, opened for overlapped I/O */
  unsigned long pid;
  char failure[256]; /* after a failed test_process_start or test_process_command: why, one
                        line; else empty */
  /* test_process_command's bookkeeping, zero after test_process_start: */
  unsigned replies_owed; /* commands sent whose answer has not been read (they timed out) */
  int commands_broken;   /* a command was cut off midway, so no answer can be matched any more */
} test_process;

/* Starts exe with the command-line tail args and waits up to timeout_ms for the child to write
 * exactly "ready\n" on its stdout (what tests/fixtures/window_host.c does once its windows
 * exist). Returns 0, or -1 when the child cannot start, writes something else, exits or times
 * out; then *p is zeroed but for p->failure, which says what happened (the exit code or the
 * timeout, and what the child wrote instead), and the child, if it started, is killed. */
int test_process_start(const wchar_t *exe, const wchar_t *args, unsigned timeout_ms,
                       test_process *p);

/* Sends a window_host fixture one command (tests/fixtures/window_host.c lists them all:
 * "open KIND:TITLE", "title N TEXT", "close N", "focus N", "move N X Y W H", "exit"...) as the
 * line command + "\n" on its
 * stdin, and reads its one-line answer from its stdout, waiting up to timeout_ms in all.
 * command is UTF-8 without "\r" or "\n". Returns 0 on "ok T", with T (the time the fixture made
 * the change, as a UTC FILETIME in 100 ns units) in *when; or -1, with *when = 0 and why in
 * p->failure: the fixture answered "error REASON" (REASON is quoted), wrote something else,
 * exited before answering, or did not answer in time.
 * Safe to call any number of times, one call at a time per child: it reads exactly one answer
 * line, never past it, and nothing stays in flight when it returns. An answer that comes after
 * its call timed out is read and dropped by the next call, before that one sends its command
 * (p->replies_owed counts them), so answers never go to the wrong command; if it does not come
 * in the next call's time either, that call fails without sending. A command cut off midway
 * (its write timed out half done) leaves the channel out of step for good: later calls fail at
 * once. The child's stdout must carry nothing but the answers after "ready". */
int test_process_command(test_process *p, const char *command, unsigned timeout_ms,
                         unsigned long long *when);

/* Closes the child's stdin (a fixture exits on end of file), waits up to timeout_ms for it to
 * exit, kills it if it is still running, closes every handle and zeroes *p. Returns the
 * child's exit code, or -1 if it had to be killed or p holds no process. */
int test_process_stop(test_process *p, unsigned timeout_ms);

/* What test_run captured. out and err are malloc'd and NUL-terminated (the NUL is not counted
 * in the *_len), never NULL after a successful test_run; free them with test_run_result_free.
 * exit_code is -1 when the child had to be killed. */
typedef struct test_run_result {
  int exit_code;
  char *out;
  size_t out_len;
  char *err;
  size_t err_len;
} test_run_result;

/* Runs exe with args to completion. Its stdin is NUL, or a pipe holding stdin_data (then closed)
 * when stdin_data is not NULL. Captures all of stdout and stderr, reading both at once so no
 * amount of output can deadlock. Waits up to timeout_ms in all; on timeout kills the child and
 * sets exit_code to -1, keeping the output so far. Once the child has exited, output still
 * buffered is collected but handles inherited by its own children are not waited for.
 * Returns 0 (with *r filled), or -1 (with *r zeroed) when the child cannot be started or
 * memory runs out. */
int test_run(const wchar_t *exe, const wchar_t *args, const char *stdin_data, unsigned timeout_ms,
             test_run_result *r);

/* Frees r's buffers and zeroes *r. r may be zeroed already. */
void test_run_result_free(test_run_result *r);

/* Like test_run with stdin from NUL, but reads only read_bytes of the child's stdout and then
 * closes our end of the pipe, so the child's next write fails with a broken pipe. The pipe is
 * created with the smallest buffer the system allows, so a child cannot write far ahead of
 * us; read_bytes = 0 closes it before the child can write anything. Stores the exit code (-1
 * if the child had to be killed after timeout_ms) and all of stderr (malloc'd,
 * NUL-terminated; free it). Returns 0, or -1 with *exit_code = -1, *err = NULL, *err_len = 0. */
int test_run_pipe_closed_early(const wchar_t *exe, const wchar_t *args, size_t read_bytes,
                               unsigned timeout_ms, int *exit_code, char **err, size_t *err_len);

/* Starts "exe" args (exe a full path, args a command-line tail or NULL) with these standard
 * handles, which must be inheritable and are all it inherits, and these CreateProcessW creation
 * flags, in the job that kills every child when the test process ends. A start that Wine 8
 * loses under load (ERROR_INTERNAL_ERROR) is tried again. Returns 0 with *info filled (close
 * both handles), or -1 with *info zeroed and the Win32 error as the last error. */
int test_process_spawn(const wchar_t *exe, const wchar_t *args, unsigned long creation_flags,
                       HANDLE child_in, HANDLE child_out, HANDLE child_err,
                       PROCESS_INFORMATION *info);

/* The full path of file_name in the directory of the running executable, e.g.
 * test_path_beside_self(L"fixture_en.exe"). malloc'd (free it); NULL when memory runs out. */
wchar_t *test_path_beside_self(const wchar_t *file_name);

/* Appends arg to the malloc'd command-line tail *cmdline (which may start NULL), after a space
 * if the tail is not empty, quoted so that CommandLineToArgvW and the C runtime give back arg
 * exactly: quotes are escaped, backslashes doubled where they precede a quote, an empty
 * argument becomes "". Returns 0, or -1 when memory runs out (then *cmdline is unchanged). */
int test_cmdline_append(wchar_t **cmdline, const wchar_t *arg);

#endif
