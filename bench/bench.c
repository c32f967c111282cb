/*
 * listapps_bench - how fast listapps is, against the PowerShell one-liner's algorithm and
 * against the fewest calls that can produce the list (issue 4).
 *
 * Usage: listapps_bench [--sizes PxK[+B][,...]] [--reps N] [--quick]
 *        listapps_bench --desktop PxK[+B]      (hosts only, until stdin closes)
 *        listapps_bench --run METHOD [--times N] (N listings by one method, then exit)
 *
 * For each size it starts P copies of itself in --host mode with K visible titled top-level
 * windows each (and, with +B, B background processes with 3 hidden top-level windows each, as a
 * real desktop's tray, DDE and helper windows are), then times every method (see bench_ways.c) in
 * rounds: each round runs each method once, in an order that rotates from round to round, so
 * whatever the machine does meanwhile falls on all methods alike. It prints the median, minimum and
 * maximum of each.
 *
 * Exit status: 0; 1 when a method failed, did not find every host complete, or could not be
 * timed (the figures would be meaningless), or a host had to be killed; 2 for a bad command
 * line.
 */
#include "bench.h"
#include "test_detach.h"

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <listapps.h>

#define EXIT_USAGE 2
#define MAX_SIZES 16
#define MAX_PROCESSES 64     /* each host is a whole process; the issue asks for 40 at most */
#define MAX_BACKGROUND 200   /* background processes of a size */
#define BACKGROUND_WINDOWS 3 /* hidden top-level windows per background process */
#define MAX_RUN_TIMES 100
#define MAX_WINDOWS 9000 /* per host, under the default quota of 10,000 USER handles */
#define MAX_REPS 10000
#define DEFAULT_REPS 11
#define QUICK_REPS 3
/* The hosts of the largest default size take a few seconds to create 4,000 windows. */
#define HOSTS_READY_TIMEOUT_MS 120000u

typedef struct bench_size {
  size_t processes;
  size_t windows;
  size_t background; /* processes with BACKGROUND_WINDOWS hidden windows each */
} bench_size;

typedef struct bench_options {
  bench_size sizes[MAX_SIZES];
  size_t size_count;
  size_t reps;
  int quick;
  int help;
} bench_options;

typedef struct bench_stats {
  double median;
  double min;
  double max;
  long min_found; /* the fewest hosts one repetition found; BENCH_NOT_CHECKED if unchecked */
} bench_stats;

/* Everything measured at one size. */
typedef struct size_result {
  bench_size size;
  size_t all_windows;   /* every top-level window, the hosts' and the system's */
  size_t app_count;     /* processes with a qualifying window */
  size_t exe_count;     /* distinct executables among them */
  size_t process_count; /* every process */
  bench_stats stats[BENCH_METHOD_COUNT];
  double library_per_floor;          /* median of each round's library / floor */
  double library_per_floor_snapshot; /* ... library / (floor + snapshot) */
  double baseline_per_library;       /* median of each round's baseline / library */
  double columns_per_default;        /* median of each round's lib-columns / lib-default */
  bench_memory memory;
  int memory_ok;
  int cli_checked;
  long cli_found;
  DWORD cli_exit;
  size_t killed;
} size_result;

static const char usage_line[] =
    "Usage: listapps_bench [--sizes PxK[+B][,...]] [--reps N] [--quick]\n"
    "       listapps_bench --desktop PxK[+B]\n"
    "       listapps_bench --run METHOD [--times N]\n"
    "       listapps_bench --column NAME [--times N]\n";

static const char help_text[] =
    "\n"
    "Times listapps against the PowerShell one-liner's algorithm and the fewest Win32\n"
    "calls that can produce the list, with P helper processes of K windows each.\n"
    "\n"
    "  --sizes LIST  comma-separated PxK[+B] sizes (default 10x10,20x50,40x100); +B adds B\n"
    "                background processes with 3 hidden top-level windows each\n"
    "  --reps N      repetitions of each method per size (default 11)\n"
    "  --quick       10x10 only, 3 repetitions (for CI)\n"
    "\n"
    "Times are milliseconds, median (min-max). CLI is listapps.exe --format csv to NUL,\n"
    "less the median start-up of a do-nothing process.\n"
    "\n"
    "  --desktop SIZE     start the hosts of one size, print \"ready\", and keep them until\n"
    "                     stdin closes (for bench/count_requests.sh)\n"
    "  --run METHOD       list N times (--times, default 1) by one method and exit: library,\n"
    "                     baseline, floor, lib-default, lib-columns or lib-windows\n"
    "  --column NAME      the cost of one column (a header or JSON key): N rounds (--times,\n"
    "                     default 1) of a listing with the table's default columns and one\n"
    "                     with that column too (sampled over 1 ms), timed in turn; prints\n"
    "                     the median of each, and the difference per process read\n";

/* One line on stderr, as every usage error gets. */
static int usage_error(const char *what, const wchar_t *arg) {
  fprintf(stderr, "listapps_bench: %s%s%ls (see --help)\n", what, arg != NULL ? ": " : "",
          arg != NULL ? arg : L"");
  return EXIT_USAGE;
}

/* A decimal number in [1, max], the whole string. */
static int parse_count(const wchar_t *s, size_t max, size_t *out) {
  size_t value = 0;

  if (*s == L'\0') return -1;
  for (; *s != L'\0'; s++) {
    if (*s < L'0' || *s > L'9') return -1;
    value = value * 10 + (size_t)(*s - L'0');
    if (value > max) return -1;
  }
  if (value == 0) return -1;
  *out = value;
  return 0;
}

/* "20x50" or "20x50+100" into *size. */
static int parse_size(wchar_t *item, bench_size *size) {
  wchar_t *x = wcschr(item, L'x');
  wchar_t *plus;

  if (x == NULL) return -1;
  *x = L'\0';
  plus = wcschr(x + 1, L'+');
  size->background = 0;
  if (plus != NULL) {
    *plus = L'\0';
    if (parse_count(plus + 1, MAX_BACKGROUND, &size->background) != 0) return -1;
  }
  if (parse_count(item, MAX_PROCESSES, &size->processes) != 0 ||
      parse_count(x + 1, MAX_WINDOWS, &size->windows) != 0)
    return -1;
  return 0;
}

/* "10x10,20x50+100": at most MAX_SIZES sizes of at most MAX_PROCESSES x MAX_WINDOWS. */
static int parse_sizes(const wchar_t *text, bench_options *o) {
  wchar_t item[32];
  const wchar_t *p = text;

  o->size_count = 0;
  while (*p != L'\0') {
    const wchar_t *end = wcschr(p, L',');
    size_t len = end != NULL ? (size_t)(end - p) : wcslen(p);

    if (len == 0 || len >= sizeof item / sizeof item[0] || o->size_count == MAX_SIZES) return -1;
    memcpy(item, p, len * sizeof *item);
    item[len] = L'\0';
    if (parse_size(item, &o->sizes[o->size_count]) != 0) return -1;
    o->size_count++;
    p += len;
    if (*p == L',') {
      p++;
      if (*p == L'\0') return -1;
    }
  }
  return o->size_count > 0 ? 0 : -1;
}

/* The value of "--name VALUE" or "--name=VALUE"; NULL when arg is not that option. */
static const wchar_t *option_value(int argc, wchar_t **argv, int *i, const wchar_t *name,
                                   int *missing) {
  size_t n = wcslen(name);
  const wchar_t *arg = argv[*i];

  *missing = 0;
  if (wcsncmp(arg, name, n) != 0) return NULL;
  if (arg[n] == L'=') return arg + n + 1;
  if (arg[n] != L'\0') return NULL;
  if (*i + 1 >= argc) {
    *missing = 1;
    return NULL;
  }
  return argv[++*i];
}

/* Returns 0, or the exit code of a usage error (after its message). */
static int parse_options(int argc, wchar_t **argv, bench_options *o) {
  static const bench_size defaults[] = {{10, 10, 0}, {20, 50, 0}, {40, 100, 0}};
  int sizes_given = 0;
  int reps_given = 0;
  int i;

  memset(o, 0, sizeof *o);
  for (i = 1; i < argc; i++) {
    const wchar_t *value;
    int missing;

    if (wcscmp(argv[i], L"--quick") == 0) {
      o->quick = 1;
    } else if (wcscmp(argv[i], L"--help") == 0 || wcscmp(argv[i], L"-h") == 0) {
      o->help = 1;
    } else if ((value = option_value(argc, argv, &i, L"--sizes", &missing)) != NULL || missing) {
      if (missing || parse_sizes(value, o) != 0)
        return usage_error("--sizes wants PxK[+B][,...] with P in 1..64, K in 1..9000, B in 1..200",
                           value);
      sizes_given = 1;
    } else if ((value = option_value(argc, argv, &i, L"--reps", &missing)) != NULL || missing) {
      if (missing || parse_count(value, MAX_REPS, &o->reps) != 0)
        return usage_error("--reps wants a number from 1 to 10000", value);
      reps_given = 1;
    } else {
      return usage_error("unknown argument", argv[i]);
    }
  }
  if (o->quick && sizes_given) return usage_error("--quick and --sizes exclude each other", NULL);
  if (!sizes_given) {
    o->size_count = o->quick ? 1 : sizeof defaults / sizeof defaults[0];
    memcpy(o->sizes, defaults, o->size_count * sizeof defaults[0]);
  }
  if (!reps_given) o->reps = o->quick ? QUICK_REPS : DEFAULT_REPS;
  return 0;
}

static int compare_doubles(const void *pa, const void *pb) {
  double a = *(const double *)pa;
  double b = *(const double *)pb;

  return (a > b) - (a < b);
}

/* Sorts samples in place and summarises them in milliseconds. */
static bench_stats summarise(double *samples, size_t count, long min_found) {
  bench_stats s;

  qsort(samples, count, sizeof *samples, compare_doubles);
  s.min = samples[0] * 1e3;
  s.max = samples[count - 1] * 1e3;
  s.median =
      (count % 2 == 1 ? samples[count / 2] : (samples[count / 2 - 1] + samples[count / 2]) / 2) *
      1e3;
  s.min_found = min_found;
  return s;
}

/* The median of each round's a / (b + c); c may be NULL. They ran in the same round, moments
 * apart, so a burst of load that slows them all cancels out, as it does not in a ratio of
 * medians. Uses scratch for reps doubles. */
static double paired_ratio(const double *a, const double *b, const double *c, size_t reps,
                           double *scratch) {
  size_t n = 0;
  size_t i;

  for (i = 0; i < reps; i++) {
    double divisor = b[i] + (c != NULL ? c[i] : 0);
    if (divisor > 0) scratch[n++] = a[i] / divisor;
  }
  if (n == 0) return 0;
  qsort(scratch, n, sizeof *scratch, compare_doubles);
  return n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
}

static int run_method(const bench_ctx *ctx, int method, bench_sample *sample) {
  sample->seconds = 0;
  sample->found = BENCH_NOT_CHECKED;
  if (bench_methods[method].run(ctx, sample) != 0) {
    fprintf(stderr, "listapps_bench: %s failed\n", bench_methods[method].name);
    return -1;
  }
  return 0;
}

static long fewer_found(long a, long b) {
  if (a == BENCH_NOT_CHECKED) return b;
  if (b == BENCH_NOT_CHECKED) return a;
  return a < b ? a : b;
}

/* Times every method reps times at the current desktop, interleaved. samples holds
 * (BENCH_METHOD_COUNT + 1) * reps doubles: each method's, then scratch. */
static int time_methods(const bench_ctx *ctx, size_t reps, double *samples, size_result *r) {
  long min_found[BENCH_METHOD_COUNT];
  bench_sample sample;
  size_t round;
  int m;

  /* One untimed run of each first: a first call pays once for loading DLLs and warming
   * caches, which the calls after it do not. It is checked like the rest. */
  for (m = 0; m < BENCH_METHOD_COUNT; m++) {
    if (run_method(ctx, m, &sample) != 0) return -1;
    min_found[m] = sample.found;
  }
  for (round = 0; round < reps; round++) {
    int k;
    for (k = 0; k < BENCH_METHOD_COUNT; k++) {
      /* Rotate the order, so no method always follows the same one. */
      m = (int)((round + (size_t)k) % BENCH_METHOD_COUNT);
      if (run_method(ctx, m, &sample) != 0) return -1;
      samples[(size_t)m * reps + round] = sample.seconds;
      min_found[m] = fewer_found(min_found[m], sample.found);
    }
  }
  {
    const double *lib = samples + (size_t)BENCH_LIBRARY * reps;
    const double *floor_ = samples + (size_t)BENCH_FLOOR * reps;
    const double *snapshot = samples + (size_t)BENCH_SNAPSHOT * reps;
    double *scratch = samples + (size_t)BENCH_METHOD_COUNT * reps;
    r->library_per_floor = paired_ratio(lib, floor_, NULL, reps, scratch);
    r->library_per_floor_snapshot = paired_ratio(lib, floor_, snapshot, reps, scratch);
    r->baseline_per_library =
        paired_ratio(samples + (size_t)BENCH_BASELINE * reps, lib, NULL, reps, scratch);
    r->columns_per_default =
        paired_ratio(samples + (size_t)BENCH_LIB_COLUMNS * reps,
                     samples + (size_t)BENCH_LIB_DEFAULT * reps, NULL, reps, scratch);
  }
  /* Only now: summarise sorts each method's samples, which unpairs the rounds. */
  for (m = 0; m < BENCH_METHOD_COUNT; m++)
    r->stats[m] = summarise(samples + (size_t)m * reps, reps, min_found[m]);
  return 0;
}

static int compare_dwords(const void *pa, const void *pb) {
  DWORD a = *(const DWORD *)pa;
  DWORD b = *(const DWORD *)pb;

  return (a > b) - (a < b);
}

/* Starts the hosts of one size, measures, and stops them again. ctx's per-size fields point
 * into this call's objects only while it runs. */
static int measure_size(bench_ctx *ctx, bench_size size, size_t reps, double *samples,
                        size_result *r) {
  bench_hosts hosts = {NULL, 0};
  bench_hosts background = {NULL, 0};
  bench_facts facts;
  DWORD *pids = NULL;
  ULONGLONG started = GetTickCount64();
  int status = -1;
  size_t i;

  memset(&facts, 0, sizeof facts);
  memset(r, 0, sizeof *r);
  r->size = size;
  fprintf(stderr, "listapps_bench: %zux%zu+%zu: starting the hosts...", size.processes,
          size.windows, size.background);
  if (bench_hosts_start(ctx->host_path, size.processes, size.windows, 1, HOSTS_READY_TIMEOUT_MS,
                        &hosts) != 0)
    goto cleanup;
  if (size.background > 0 && bench_hosts_start(ctx->host_path, size.background, BACKGROUND_WINDOWS,
                                               0, HOSTS_READY_TIMEOUT_MS, &background) != 0)
    goto cleanup;
  fprintf(stderr, " ready in %.1f s; %zu rounds...", (double)(GetTickCount64() - started) / 1e3,
          reps);
  pids = malloc(hosts.count * sizeof *pids);
  if (pids == NULL) goto cleanup;
  for (i = 0; i < hosts.count; i++) pids[i] = hosts.items[i].pid;
  qsort(pids, hosts.count, sizeof *pids, compare_dwords);
  if (bench_facts_gather(&facts) != 0) goto cleanup;
  r->all_windows = facts.window_count;
  r->app_count = facts.app_count;
  r->exe_count = facts.exe_count;
  r->process_count = facts.process_count;
  ctx->host_pids = pids;
  ctx->host_count = hosts.count;
  ctx->windows_per_host = size.windows;
  ctx->facts = &facts;
  /* Before the timed methods, so the peak it reports is the library's if anyone's. */
  r->memory_ok = bench_probe_memory(&r->memory) == 0;
  if (ctx->cli_path != NULL) {
    if (bench_check_cli(ctx, &r->cli_found, &r->cli_exit) != 0) goto cleanup;
    r->cli_checked = 1;
  }
  if (time_methods(ctx, reps, samples, r) != 0) goto cleanup;
  status = 0;

cleanup:
  ctx->host_pids = NULL;
  ctx->host_count = 0;
  ctx->facts = NULL;
  bench_facts_free(&facts);
  free(pids);
  started = GetTickCount64();
  r->killed = bench_hosts_stop(&hosts) + bench_hosts_stop(&background);
  fprintf(stderr, " %s; hosts stopped in %.1f s\n", status == 0 ? "done" : "failed",
          (double)(GetTickCount64() - started) / 1e3);
  return status;
}

/* "12.34 (10.01-15.20)" into buf. */
static void format_stats(char *buf, size_t cap, double median, double min, double max) {
  snprintf(buf, cap, "%.2f (%.2f-%.2f)", median, min, max);
}

static double ratio(double a, double b) {
  return b > 0 ? a / b : 0;
}

/* Prints the table and the notes. Returns the number of warnings printed. */
static int report(const bench_ctx *ctx, const bench_options *o, const size_result *results,
                  size_t result_count) {
  const char *wine = NULL;
  int warnings = 0;
  size_t i;
  int m;

  {
    /* Wine says which it is through ntdll; Windows has no such export. */
    typedef const char *(CDECL * wine_version_fn)(void);
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    FARPROC proc = ntdll != NULL ? GetProcAddress(ntdll, "wine_get_version") : NULL;
    if (proc != NULL) wine = ((wine_version_fn)(void (*)(void))proc)();
  }
  printf("listapps_bench: listapps %s, %s%s, %zu repetitions per method, interleaved\n",
         listapps_version(), wine != NULL ? "Wine " : "Windows", wine != NULL ? wine : "", o->reps);
  printf(
      "times in ms: median (min-max); CLI is net of a do-nothing process start; ratios are\n"
      "medians of each round's ratio; f+s is the floor plus the process snapshot the library\n"
      "needs for parent PIDs and process groups\n\n");
  printf("%3s %5s %3s %7s %6s | %-26s | %-26s | %-28s | %-26s | %9s | %9s | %8s\n", "P", "K", "B",
         "windows", "all", "library", "CLI (net)", "baseline", "floor", "lib/floor", "lib/(f+s)",
         "base/lib");
  for (i = 0; i < result_count; i++) {
    const size_result *r = &results[i];
    const bench_stats *lib = &r->stats[BENCH_LIBRARY];
    const bench_stats *cli = &r->stats[BENCH_CLI];
    const bench_stats *base = &r->stats[BENCH_BASELINE];
    const bench_stats *floor_ = &r->stats[BENCH_FLOOR];
    double noop = r->stats[BENCH_NOOP].median;
    char cols[4][64];

    format_stats(cols[0], sizeof cols[0], lib->median, lib->min, lib->max);
    if (ctx->cli_path != NULL)
      format_stats(cols[1], sizeof cols[1], cli->median - noop, cli->min - noop, cli->max - noop);
    else
      snprintf(cols[1], sizeof cols[1], "n/a");
    format_stats(cols[2], sizeof cols[2], base->median, base->min, base->max);
    format_stats(cols[3], sizeof cols[3], floor_->median, floor_->min, floor_->max);
    printf("%3zu %5zu %3zu %7zu %6zu | %-26s | %-26s | %-28s | %-26s | %9.2f | %9.2f | %8.1f\n",
           r->size.processes, r->size.windows, r->size.background,
           r->size.processes * r->size.windows, r->all_windows, cols[0], cols[1], cols[2], cols[3],
           r->library_per_floor, r->library_per_floor_snapshot, r->baseline_per_library);
  }

  printf("\n");
  for (i = 0; i < result_count; i++) {
    const size_result *r = &results[i];
    printf(
        "%zux%zu: %zu processes, %zu Apps of %zu executables; do-nothing process start "
        "%.2f ms; CreateToolhelp32Snapshot walk %.3f ms (the library takes one, the floor "
        "none)\n",
        r->size.processes, r->size.windows, r->process_count, r->app_count, r->exe_count,
        r->stats[BENCH_NOOP].median, r->stats[BENCH_SNAPSHOT].median);
  }
  for (i = 0; i < result_count; i++) {
    const size_result *r = &results[i];
    printf(
        "%zux%zu+%zu: every column but CPU %.2f ms against the 2.0 default columns %.2f ms "
        "(library, median): x%.2f\n",
        r->size.processes, r->size.windows, r->size.background, r->stats[BENCH_LIB_COLUMNS].median,
        r->stats[BENCH_LIB_DEFAULT].median, r->columns_per_default);
  }
  for (i = 1; i < result_count; i++) {
    const size_result *a = &results[i - 1];
    const size_result *b = &results[i];
    /* Sizes run minutes apart, so nothing pairs them: the minimums are shown beside the
     * medians as the figure load disturbs least. */
    printf(
        "growth %zux%zu -> %zux%zu: x%.2f windows; by median (minimum): library x%.2f "
        "(x%.2f), floor x%.2f (x%.2f), baseline x%.2f (x%.2f)\n",
        a->size.processes, a->size.windows, b->size.processes, b->size.windows,
        ratio((double)(b->size.processes * b->size.windows),
              (double)(a->size.processes * a->size.windows)),
        ratio(b->stats[BENCH_LIBRARY].median, a->stats[BENCH_LIBRARY].median),
        ratio(b->stats[BENCH_LIBRARY].min, a->stats[BENCH_LIBRARY].min),
        ratio(b->stats[BENCH_FLOOR].median, a->stats[BENCH_FLOOR].median),
        ratio(b->stats[BENCH_FLOOR].min, a->stats[BENCH_FLOOR].min),
        ratio(b->stats[BENCH_BASELINE].median, a->stats[BENCH_BASELINE].median),
        ratio(b->stats[BENCH_BASELINE].min, a->stats[BENCH_BASELINE].min));
  }
  for (i = 0; i < result_count; i++) {
    const bench_memory *mem = &results[i].memory;
    if (!results[i].memory_ok) continue;
    printf(
        "memory %zux%zu (one library call): peak working set %.1f -> %.1f MiB; private "
        "bytes %.1f MiB, %+.2f MiB while the list is held\n",
        results[i].size.processes, results[i].size.windows, (double)mem->peak_ws_before / 1048576.0,
        (double)mem->peak_ws_after / 1048576.0, (double)mem->private_before / 1048576.0,
        ((double)mem->private_held - (double)mem->private_before) / 1048576.0);
  }

  printf("\nbreakdown, median ms:\n%9s", "size");
  for (m = BENCH_SNAPSHOT; m < BENCH_METHOD_COUNT; m++) printf(" %9s", bench_methods[m].name);
  printf("\n");
  for (i = 0; i < result_count; i++) {
    char size[32];
    snprintf(size, sizeof size, "%zux%zu", results[i].size.processes, results[i].size.windows);
    printf("%9s", size);
    for (m = BENCH_SNAPSHOT; m < BENCH_METHOD_COUNT; m++)
      printf(" %9.3f", results[i].stats[m].median);
    printf("\n");
  }
  for (m = BENCH_SNAPSHOT; m < BENCH_METHOD_COUNT; m++)
    printf("  %-9s %s\n", bench_methods[m].name, bench_methods[m].what);
  printf("  (candidates: windows that pass the cheap checks)\n");

  for (i = 0; i < result_count; i++) {
    const size_result *r = &results[i];
    long want = (long)r->size.processes;
    for (m = 0; m < BENCH_METHOD_COUNT; m++) {
      long found = r->stats[m].min_found;
      if (found == BENCH_NOT_CHECKED || found >= want) continue;
      printf("WARNING: %zux%zu: %s found only %ld of %ld hosts complete in some repetition\n",
             r->size.processes, r->size.windows, bench_methods[m].name, found, want);
      warnings++;
    }
    if (r->cli_checked && (r->cli_exit != 0 || r->cli_found < want)) {
      printf("WARNING: %zux%zu: listapps.exe exited %lu and listed %ld of %ld hosts complete\n",
             r->size.processes, r->size.windows, r->cli_exit, r->cli_found, want);
      warnings++;
    }
    if (r->killed > 0) {
      printf("WARNING: %zux%zu: %zu hosts had to be killed\n", r->size.processes, r->size.windows,
             r->killed);
      warnings++;
    }
  }
  if (ctx->cli_path == NULL) {
    printf("WARNING: listapps.exe is not beside listapps_bench.exe: the CLI was not timed\n");
    warnings++;
  }
  fflush(stdout);
  return warnings;
}

/* --run METHOD [--times N]: N listings by one method in this process, nothing else, so that a
 * request trace (bench/count_requests.sh) can count what one listing costs. No host is known
 * to the method, so it finds none "complete"; the listing is the same. */
static int run_mode(int argc, wchar_t **argv) {
  bench_ctx ctx;
  bench_sample sample;
  size_t times = 1;
  size_t i;
  int method = bench_method_by_name(argv[2]);

  if (method < 0)
    return usage_error(
        "--run wants library, baseline, floor, lib-default, lib-columns or lib-windows", argv[2]);
  if (argc == 5 && wcscmp(argv[3], L"--times") == 0) {
    if (parse_count(argv[4], MAX_RUN_TIMES, &times) != 0)
      return usage_error("--times wants a number from 1 to 100", argv[4]);
  } else if (argc != 3) {
    return usage_error("--run METHOD takes only --times N", NULL);
  }
  memset(&ctx, 0, sizeof ctx);
  ctx.nul = INVALID_HANDLE_VALUE;
  QueryPerformanceFrequency(&ctx.qpc_frequency);
  for (i = 0; i < times; i++) {
    if (run_method(&ctx, method, &sample) != 0) return 1;
  }
  return 0;
}

/* One listing of the table's default columns, plus field when it is not -1, timed. Sets
 * *processes to the processes of the listing's App groups (the ones a column is read for). */
static int time_listing(const LARGE_INTEGER *frequency, int field, double *ms, size_t *processes) {
  listapps_options o = LISTAPPS_OPTIONS_INIT;
  listapps_error_info e = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *snapshot = NULL;
  const int *defaults;
  size_t count;
  int fields[64];
  LARGE_INTEGER t0, t1;
  size_t i;

  defaults = listapps_default_fields(LISTAPPS_FORMAT_TABLE, 0, &count);
  memcpy(fields, defaults, count * sizeof *fields);
  if (field >= 0) fields[count++] = field;
  o.fields = fields;
  o.field_count = count;
  o.cpu_interval_ms = 1;
  QueryPerformanceCounter(&t0);
  if (listapps_snapshot_take(&o, &snapshot, &e) != LISTAPPS_OK) {
    fprintf(stderr, "listapps_bench: listapps_snapshot_take failed (%s)\n", e.call);
    return -1;
  }
  QueryPerformanceCounter(&t1);
  *processes = 0;
  for (i = 0; i < listapps_snapshot_count(snapshot); i++)
    *processes += listapps_snapshot_member_count(snapshot, i);
  listapps_snapshot_free(snapshot);
  *ms = (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)frequency->QuadPart;
  return 0;
}

/* --column NAME [--times N]: what one column adds to the table's default listing. */
static int column_mode(int argc, wchar_t **argv) {
  double base[MAX_RUN_TIMES];
  double with[MAX_RUN_TIMES];
  LARGE_INTEGER frequency;
  char name[64];
  size_t processes = 0;
  size_t times = 1;
  size_t i;
  int field;

  if (WideCharToMultiByte(CP_UTF8, 0, argv[2], -1, name, sizeof name, NULL, NULL) == 0 ||
      (field = listapps_field_by_name(name)) < 0)
    return usage_error("--column wants a column's header or JSON key", argv[2]);
  if (argc == 5 && wcscmp(argv[3], L"--times") == 0) {
    if (parse_count(argv[4], MAX_RUN_TIMES, &times) != 0)
      return usage_error("--times wants a number from 1 to 100", argv[4]);
  } else if (argc != 3) {
    return usage_error("--column NAME takes only --times N", NULL);
  }
  QueryPerformanceFrequency(&frequency);
  for (i = 0; i < times; i++) {
    if (time_listing(&frequency, -1, &base[i], &processes) != 0) return 1;
    if (time_listing(&frequency, field, &with[i], &processes) != 0) return 1;
  }
  qsort(base, times, sizeof base[0], compare_doubles);
  qsort(with, times, sizeof with[0], compare_doubles);
  printf(
      "column %s: default columns %.3f ms, with it %.3f ms, %+.3f ms for %lu processes: "
      "%+.4f ms per process\n",
      listapps_field_info_of(field)->header, base[times / 2], with[times / 2],
      with[times / 2] - base[times / 2], (unsigned long)processes,
      processes > 0 ? (with[times / 2] - base[times / 2]) / (double)processes : 0.0);
  return 0;
}

/* --desktop PxK[+B]: the hosts of one size, kept until stdin reaches end of file. "ready" on
 * stdout once every host has its windows. */
static int desktop_mode(const wchar_t *text) {
  wchar_t item[32];
  bench_size size;
  bench_hosts hosts = {NULL, 0};
  bench_hosts background = {NULL, 0};
  wchar_t *self_path = NULL;
  wchar_t *host_path = NULL;
  char buffer[64];
  DWORD got;
  int exit_code = 1;

  if (wcslen(text) >= sizeof item / sizeof item[0]) return usage_error("bad size", text);
  wcscpy(item, text);
  if (parse_size(item, &size) != 0)
    return usage_error("--desktop wants PxK[+B] with P in 1..64, K in 1..9000, B in 1..200", text);
  self_path = bench_module_path(NULL);
  if (self_path == NULL) goto cleanup;
  host_path = bench_host_copy(self_path);
  if (host_path == NULL) goto cleanup;
  if (bench_hosts_start(host_path, size.processes, size.windows, 1, HOSTS_READY_TIMEOUT_MS,
                        &hosts) != 0)
    goto cleanup;
  if (size.background > 0 && bench_hosts_start(host_path, size.background, BACKGROUND_WINDOWS, 0,
                                               HOSTS_READY_TIMEOUT_MS, &background) != 0)
    goto cleanup;
  WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), "ready\n", 6, &got, NULL);
  while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buffer, sizeof buffer, &got, NULL) && got > 0)
    continue;
  exit_code = 0;

cleanup:
  if (bench_hosts_stop(&hosts) + bench_hosts_stop(&background) > 0) exit_code = 1;
  if (host_path != NULL && bench_host_copy_remove(host_path) != 0) exit_code = 1;
  free(host_path);
  free(self_path);
  return exit_code;
}

/* The C runtime's entry point with -municode; MinGW's headers do not declare it. */
int wmain(int argc, wchar_t **argv);

int wmain(int argc, wchar_t **argv) {
  SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
  bench_options options;
  bench_ctx ctx;
  size_result *results = NULL;
  double *samples = NULL;
  wchar_t *self_path = NULL;
  wchar_t *cli_path = NULL;
  wchar_t *host_path = NULL;
  size_t result_count = 0;
  int exit_code = 1;
  int rc;

  /* The child modes come first: --noop is what process start-up costs, nothing more. */
  if (argc == 2 && wcscmp(argv[1], L"--noop") == 0) return 0;
  if (argc == 3 && (wcscmp(argv[1], L"--host") == 0 || wcscmp(argv[1], L"--hidden-host") == 0)) {
    size_t window_count;
    if (parse_count(argv[2], MAX_WINDOWS, &window_count) != 0)
      return usage_error("--host wants a window count", argv[2]);
    return bench_host_main(window_count, wcscmp(argv[1], L"--host") == 0);
  }
  if (argc >= 3 && wcscmp(argv[1], L"--run") == 0) return run_mode(argc, argv);
  if (argc == 3 && wcscmp(argv[1], L"--desktop") == 0) return desktop_mode(argv[2]);
  if (argc >= 3 && wcscmp(argv[1], L"--column") == 0) return column_mode(argc, argv);
  /* Out of the launcher's tree, so the hosts are Apps of their own even when the benchmark is
   * started from a console window (an App): see tests/support/test_detach.h. */
  test_detach_from_launcher();

  memset(&ctx, 0, sizeof ctx);
  ctx.nul = INVALID_HANDLE_VALUE;
  rc = parse_options(argc, argv, &options);
  if (rc != 0) return rc;
  if (options.help) {
    fputs(usage_line, stdout);
    fputs(help_text, stdout);
    return 0;
  }
  /* Our own line ends: in text mode "\n" would become "\r\n" on some runtimes only. */
  _setmode(_fileno(stdout), _O_BINARY);

  self_path = bench_module_path(NULL);
  cli_path = bench_module_path(L"listapps.exe");
  results = calloc(options.size_count, sizeof *results);
  samples = malloc(((size_t)BENCH_METHOD_COUNT + 1) * options.reps * sizeof *samples);
  if (self_path == NULL || cli_path == NULL || results == NULL || samples == NULL) {
    fputs("listapps_bench: out of memory\n", stderr);
    goto cleanup;
  }
  QueryPerformanceFrequency(&ctx.qpc_frequency);
  ctx.self_path = self_path;
  ctx.cli_path = GetFileAttributesW(cli_path) != INVALID_FILE_ATTRIBUTES ? cli_path : NULL;
  host_path = bench_host_copy(self_path);
  if (host_path == NULL) goto cleanup;
  ctx.host_path = host_path;
  ctx.nul = CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                        &sa, OPEN_EXISTING, 0, NULL);
  if (ctx.nul == INVALID_HANDLE_VALUE) {
    fprintf(stderr, "listapps_bench: cannot open NUL (%lu)\n", GetLastError());
    goto cleanup;
  }
  for (result_count = 0; result_count < options.size_count; result_count++) {
    if (measure_size(&ctx, options.sizes[result_count], options.reps, samples,
                     &results[result_count]) != 0)
      goto cleanup;
  }
  exit_code = report(&ctx, &options, results, result_count) == 0 ? 0 : 1;

cleanup:
  /* measure_size stopped its hosts, so nothing runs from the copy now. */
  if (host_path != NULL && bench_host_copy_remove(host_path) != 0) exit_code = 1;
  if (ctx.nul != INVALID_HANDLE_VALUE) CloseHandle(ctx.nul);
  free(host_path);
  free(samples);
  free(results);
  free(cli_path);
  free(self_path);
  return exit_code;
}
