/*
 * replay_bench [WINDOWS]: how long replaying a recording takes. It writes a recording of a
 * made-up desktop of WINDOWS qualifying windows (default 1000), each of its own process, with
 * as many background processes and every column's readings, then replays it (parse, the rules,
 * the rows) and writes it as CSV, several times, and prints the median and the worst time of
 * each step and the recording's size. Fails (exit 1) only when a replay fails or lists the wrong
 * number of rows, never on a time: the figures are for people (docs/performance.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <listapps.h>

#define RUNS 7

static double now_ms(void) {
  struct timespec t;
  timespec_get(&t, TIME_UTC);
  return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* Appends printf-style text to a growing buffer. */
typedef struct text {
  char *data;
  size_t len;
  size_t cap;
} text;

static void put(text *t, const char *s) {
  size_t n = strlen(s);
  if (t->len + n + 1 > t->cap) {
    t->cap = (t->len + n + 1) * 2;
    t->data = realloc(t->data, t->cap);
    if (t->data == NULL) exit(2);
  }
  memcpy(t->data + t->len, s, n + 1);
  t->len += n;
}

static char *desktop(unsigned windows, size_t *len) {
  text t = {NULL, 0, 0};
  char line[1024];
  unsigned i;

  put(&t, "{\"format\":\"listapps recording\",\"formatVersion\":1,\"listapps\":\"2.0.0\","
          "\"os\":\"10.0.22631\",\"recordedMs\":1796550000000,\"private\":false,"
          "\"gathered\":{\"all\":true,\"facts\":[\"status\",\"cpu\",\"memory\",\"startTime\"]},"
          "\"system\":{\"windowsDir\":\"C:\\\\Windows\",\"systemDir\":\"C:\\\\Windows\\\\system32\","
          "\"programFilesDir\":\"C:\\\\Program Files\",\"shellPid\":0,\"processors\":8,"
          "\"cpuInterval\":\"10000000\",\"companyGathered\":false},\"windows\":[");
  for (i = 0; i < windows; i++) {
    snprintf(line, sizeof line,
             "%s{\"hwnd\":\"0x%X\",\"style\":349110272,\"exStyle\":256,\"hasParent\":false,"
             "\"shellWindow\":false,\"pid\":%u,\"thread\":%u,\"title\":\"Document %u - App\","
             "\"titled\":true,\"class\":\"AppWindow\",\"coreChildPid\":0,\"hung\":false,"
             "\"cloaked\":null,\"ghostTarget\":null,\"readForGhost\":false}",
             i > 0 ? "," : "", 0x10000u + i, 1000u + 4u * i, 50000u + i, i);
    put(&t, line);
  }
  put(&t, "],\"processes\":[");
  for (i = 0; i < 2 * windows; i++) {
    snprintf(line, sizeof line,
             "%s{\"pid\":%u,\"parentPid\":4,\"session\":1,\"inSnapshot\":true,\"image\":\"app%u.exe\","
             "\"createTime\":\"%llu\",\"open\":\"present\",\"path\":\"C:\\\\Apps\\\\app%u.exe\","
             "\"critical\":false,\"package\":null,\"version\":null,\"readings\":{"
             "\"cpu\":{\"state\":\"present\",\"times\":[\"%u\",\"%u\"],\"seen\":[true,true]},"
             "\"memory\":{\"state\":\"present\",\"bytes\":\"%u\",\"source\":\"private working set\"},"
             "\"suspended\":{\"state\":\"present\",\"value\":false}}}",
             i > 0 ? "," : "", 1000u + 4u * i, i, 133800000000000000ull + i, i, 100u * i,
             100u * i + 5000u, 1048576u * (i % 300));
    put(&t, line);
  }
  put(&t, "],\"versions\":[],\"services\":[],\"sessions\":[]}");
  *len = t.len;
  return t.data;
}

static int discard(void *context, const char *data, size_t len) {
  (void)data;
  *(size_t *)context += len;
  return 0;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a;
  double y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  static const int fields[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_PID, LISTAPPS_FIELD_STATUS,
                               LISTAPPS_FIELD_CPU, LISTAPPS_FIELD_MEMORY, LISTAPPS_FIELD_TITLE};
  unsigned windows = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 1000u;
  double replay_ms[RUNS];
  double write_ms[RUNS];
  size_t len;
  char *recording = desktop(windows, &len);
  int run;

  for (run = 0; run < RUNS; run++) {
    listapps_options options = LISTAPPS_OPTIONS_INIT;
    listapps_write_options write = LISTAPPS_WRITE_OPTIONS_INIT;
    listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
    listapps_snapshot *s = NULL;
    size_t written = 0;
    double t0;
    double t1;
    int err;

    options.fields = fields;
    options.field_count = sizeof fields / sizeof fields[0];
    t0 = now_ms();
    err = listapps_snapshot_replay(recording, len, &options, &s, &error);
    t1 = now_ms();
    if (err != LISTAPPS_OK || listapps_snapshot_count(s) != windows) {
      fprintf(stderr, "replay_bench: replay failed (%d: %s) or listed %lu rows, not %u\n", err,
              error.detail, (unsigned long)listapps_snapshot_count(s), windows);
      return 1;
    }
    write.format = LISTAPPS_FORMAT_CSV;
    write.fields = fields;
    write.field_count = options.field_count;
    if (listapps_write(s, &write, discard, &written) != LISTAPPS_OK) return 1;
    replay_ms[run] = t1 - t0;
    write_ms[run] = now_ms() - t1;
    listapps_snapshot_free(s);
  }
  qsort(replay_ms, RUNS, sizeof *replay_ms, by_value);
  qsort(write_ms, RUNS, sizeof *write_ms, by_value);
  printf("replay_bench: a recording of %u windows and %u processes, %lu bytes\n", windows,
         2 * windows, (unsigned long)len);
  printf("replay (read, rules, rows): median %.1f ms, worst %.1f ms over %d runs\n",
         replay_ms[RUNS / 2], replay_ms[RUNS - 1], RUNS);
  printf("write as CSV:               median %.1f ms, worst %.1f ms\n", write_ms[RUNS / 2],
         write_ms[RUNS - 1]);
  free(recording);
  return 0;
}
