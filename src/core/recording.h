/*
 * Recordings: every fact one listing gathered, as one JSON document (docs/recording.schema.json),
 * written by --record and made into a listing again by --replay through the same rules. A
 * recording is untrusted input (a user's bug report, a file from anywhere): it is read strictly,
 * within caps on its size and its counts, and every problem is one line that says where. Pure C
 * over cJSON (built in when LISTAPPS_RECORDINGS is defined).
 */
#ifndef LA_RECORDING_H
#define LA_RECORDING_H

#include <stddef.h>

#include "core/facts.h"

/* The format this listapps writes, and the only one it reads. */
#define LA_RECORDING_FORMAT "listapps recording"
#define LA_RECORDING_VERSION 1

/* The caps a recording is read within: a real desktop has a few hundred windows and
 * processes, a recording of it a few hundred kilobytes. */
#define LA_RECORDING_MAX_BYTES ((size_t)32 << 20)
#define LA_RECORDING_MAX_VALUES 2000000u /* JSON values, counted before anything is built */
#define LA_RECORDING_MAX_ITEMS 200000u   /* windows, processes, versions, services each */

/* What a recording says of itself and of the system, besides the facts. */
typedef struct la_recording_meta {
  char *listapps_version; /* the listapps that recorded it */
  char *os_version;       /* e.g. "10.0.22631"; NULL when unknown */
  long long recorded_ms;  /* when, ms since 1970 UTC */
  unsigned flags;         /* the LISTAPPS_LIST_* flags of the listing */
  unsigned needs;         /* the LA_NEED_* facts it gathered */
  int private_text;       /* titles, command lines and users were left out */
} la_recording_meta;

/* 1 when this build can read and write recordings (it has cJSON). */
int la_recordings_built(void);

/* Writes the facts of one listing, as gathered (raw windows, processes with their readings,
 * version resources, services, the system's facts, sessions), with meta, into *text (malloc'd,
 * NUL-terminated, its length in *len). With meta->private_text, every title, command line and
 * user is left out (written as null; a window keeps whether it was titled). Returns 0,
 * LISTAPPS_ENOMEM, or LISTAPPS_EINVAL when this build has no recordings. */
int la_recording_write(const la_facts *f, const la_recording_meta *meta, char **text, size_t *len);

/* Reads a recording of len bytes into *f and *meta (both zeroed first): the facts as the live
 * listing gathered them, and f->windows made from the raw windows by the rules
 * (la_windows_from_raw). Returns 0; LISTAPPS_ENOMEM; or LISTAPPS_EINVAL with one line in problem
 * (cut to problem_size) saying what is wrong and where, e.g. "processes[3].pid: not a process
 * ID"; then *f and *meta are empty. */
int la_recording_read(const char *text, size_t len, la_facts *f, la_recording_meta *meta,
                      char *problem, size_t problem_size);

/* Frees what meta holds and zeroes it. */
void la_recording_meta_free(la_recording_meta *meta);

#endif
