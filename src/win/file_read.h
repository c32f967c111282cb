/*
 * Reading files that other users control: executables' version resources and package
 * manifests, found by the image paths of other users' processes. Two rules, for every such
 * read (issue 23):
 * - No network file is opened by an elevated or SYSTEM listing (la_reads_are_privileged): a
 *   user who runs \\host\share\x.exe would otherwise make the SYSTEM task authenticate to that
 *   host every minute (an NTLM relay). Before opening, only a local drive letter's path is
 *   allowed (core/path_form.h, and the drive is not a network drive); after opening, the
 *   handle's final path must be on one too. A file refused is as one that cannot be read: its
 *   row is named by the image name, as for a missing resource.
 * - Every read runs with a deadline (LA_FILE_READ_DEADLINE_MS) on a worker thread: a stalled
 *   server, or an oplock a user holds on a local file, cannot hold the listing. When the time
 *   is up, the worker's I/O is cancelled (CancelSynchronousIo) and, if it still does not end,
 *   it is left to finish on its own and free what it holds.
 */
#ifndef LA_FILE_READ_H
#define LA_FILE_READ_H

#include <stddef.h>
#include <wchar.h>

/* How long one file's open and read may take. */
#define LA_FILE_READ_DEADLINE_MS 2000u
/* After a cancel, how long the worker is given to end before it is left behind. */
#define LA_FILE_READ_CANCEL_GRACE_MS 200u

/* 1 when this process runs elevated (TokenElevation) or as LocalSystem or NetworkService (whose
 * network identity is the computer's): then no network file is opened. Read once per process. */
int la_reads_are_privileged(void);

/* Opens path for reading (sharing read and write but not delete, so neither the file nor a
 * folder above it can be renamed while it is open) by the rules above: NULL when it may not be
 * opened (then *refused is 1 when the rules refused it, 0 when the open failed). Returns a
 * HANDLE as void *. Call it on the worker of la_run_with_deadline. */
void *la_open_foreign_file(const wchar_t *path, int *refused);

/* A job for la_run_with_deadline: embed it first in a malloc'd struct of your own. work runs on
 * the worker thread; release frees the whole job, results included. */
typedef struct la_deadline_job {
  void (*work)(struct la_deadline_job *job);
  void (*release)(struct la_deadline_job *job);
  long refs;    /* set by la_run_with_deadline */
  void *module; /* the module holding this code, kept loaded while the worker runs */
} la_deadline_job;

/* Runs job->work(job) on a worker thread and waits up to deadline_ms for it; when the time is
 * up, cancels the worker's I/O and waits LA_FILE_READ_CANCEL_GRACE_MS more. Returns 1 when the
 * work ended, in time or by the cancel (then its open or read failed, and the job holds no
 * data): the job is the caller's again (read its results, then job->release(job)). Returns 0
 * when it still runs (a wait that nothing cancels) or no thread could be started: the job is
 * no longer the caller's, who must not touch it; the worker releases it when it ends. */
int la_run_with_deadline(la_deadline_job *job, unsigned deadline_ms);

/* Reads a whole file of at most max_bytes (a NUL is put after the data) through
 * la_open_foreign_file, with the deadline. *data is malloc'd, or NULL when the file is refused,
 * cannot be read, is empty, larger than max_bytes, or not read in time. Returns 0, or
 * LISTAPPS_ENOMEM (*data NULL). */
int la_read_foreign_file(const wchar_t *path, size_t max_bytes, char **data, size_t *len);

/* For tests only: every job run by la_run_with_deadline first waits stall_ms on its worker, in
 * a wait nothing cancels, as a read held by another user's oplock would (0: none). Nothing
 * outside the process can set it. */
void la_file_read_set_test_stall(unsigned stall_ms);

#endif
