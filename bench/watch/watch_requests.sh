#!/bin/sh
# watch_requests.sh - what an idle watch costs the wineserver (issue 12).
#
# Under Wine nearly every Win32 call that reaches another process or the window manager is a
# request to the wineserver, so an idle watch's cost there is requests per second. This script
# starts a wineserver of its own, with request tracing (`wineserver -f -d1`: one line per
# request on its stderr), on a private copy of a prefix, keeps a desktop window up, runs
# `watch_bench --idle-only` (F x K windows, nothing changing, the default interval) and counts
# the request lines the trace gains between the program's "idle start" and "idle end" lines:
# all of them, those of the watching thread (the trace's first column is the thread id,
# which watch_bench prints as "watch thread 0x...."), and those of every thread of
# watch_bench's process (its "process threads" line), the watch's foreground poll among them.
# It also reads the wineserver's own CPU time (/proc) over the same window.
#
#   bench/watch/watch_requests.sh [--prefix DIR] [--idle-seconds S] [--top N] BIN_DIR
#
#   BIN_DIR           the folder with watch_bench.exe and fixture_en.exe
#   --prefix DIR      the prefix to copy (default $LISTAPPS_WINEPREFIX, else $WINEPREFIX)
#   --idle-seconds S  the idle window (default 60)
#   --top N           show the N commonest requests (default 10; 0: none)
#
# Exit status: 0; 1 when watch_bench fails or its markers never come; 2 for a bad command line.
# It touches only its own copy of the prefix and its own wineserver (wineserver -k with that
# WINEPREFIX), and removes the copy when it ends.
set -u
. "$(dirname "$0")/../private_wine.sh"

usage() {
  echo "usage: watch_requests.sh [--prefix DIR] [--idle-seconds S] [--top N] BIN_DIR" >&2
  exit 2
}

prefix=${LISTAPPS_WINEPREFIX:-${WINEPREFIX:-}}
idle=60
top=10
bin=
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
    --idle-seconds) [ $# -ge 2 ] || usage; idle=$2; shift 2 ;;
    --top) [ $# -ge 2 ] || usage; top=$2; shift 2 ;;
    -*) usage ;;
    *) [ -z "$bin" ] || usage; bin=$1; shift ;;
  esac
done
[ -n "$bin" ] && [ -n "$prefix" ] || usage
bench=$bin/watch_bench.exe
keeper=$bin/fixture_en.exe
[ -f "$bench" ] && [ -f "$keeper" ] || { echo "watch_requests: no watch_bench.exe and fixture_en.exe in $bin" >&2; exit 2; }
private_wine watch_requests "$prefix"
trace=$work/trace
out=$work/out
server_pid=
bench_pid=

cleanup() {
  if [ -n "$server_pid" ]; then
    # Our own server only: WINEPREFIX is our copy. It takes the keeper and the bench along.
    "$wineserver" -k 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

copy_prefix "$prefix" "$WINEPREFIX" || { echo "watch_requests: cannot copy the prefix $prefix" >&2; exit 1; }

lines() { wc -l <"$trace"; }
# The wineserver's user + system time so far, in milliseconds.
server_cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/$server_pid/stat"
}
# wait_line PATTERN SECONDS: waits until $out has a line matching PATTERN.
wait_line() {
  tries=0
  until grep -q "$1" "$out"; do
    if [ -n "$bench_pid" ] && ! kill -0 "$bench_pid" 2>/dev/null; then return 1; fi
    [ "$tries" -lt $(($2 * 50)) ] || return 1
    sleep 0.02
    tries=$((tries + 1))
  done
}

"$wineserver" -f -d1 2>"$trace" &
server_pid=$!
"$wine" cmd /c exit </dev/null >/dev/null 2>&1
# A window that keeps Wine's desktop process up (tests/wine_session_start.sh).
: >"$out"
"$wine" "$keeper" visible:keeper linger </dev/null >"$out" 2>/dev/null &
wait_line '^ready' 60 || { echo "watch_requests: the keeper window did not come up" >&2; exit 1; }

: >"$out"
"$wine" "$bench" --idle-only --idle-seconds "$idle" </dev/null >"$out" 2>&1 &
bench_pid=$!
wait_line '^idle start' 300 || { echo "watch_requests: no idle start:" >&2; cat "$out" >&2; exit 1; }
from=$(lines)
cpu0=$(server_cpu_ms)
t0=$(date +%s.%N)
wait_line '^idle end' $((idle + 120)) || { echo "watch_requests: no idle end:" >&2; cat "$out" >&2; exit 1; }
to=$(lines)
cpu1=$(server_cpu_ms)
t1=$(date +%s.%N)
status=0
wait "$bench_pid" || status=1
bench_pid=
cat "$out"
tid=$(sed -n 's/^watch thread 0x\([0-9a-f]*\).*/\1/p' "$out")
# Every thread of watch_bench's process: the watching thread, the watch's foreground poll,
# thread-pool waits (and the main thread, which only sleeps meanwhile).
tids=$(sed -n 's/^process threads //p' "$out" | sed 's/0x//g')

# Requests only: "0030: get_window_text( handle=... )"; replies read "0030: name() = ...".
slice=$work/slice
tail -n "+$((from + 1))" "$trace" | head -n "$((to - from))" |
  sed -n 's/^\([0-9a-f]*\): \([a-z_0-9]*\)( .*/\1 \2/p' >"$slice"
all=$(wc -l <"$slice")
mine=$(awk -v t="$tid" '$1 == t' "$slice" | wc -l)
process=$(awk -v ts="$tids" 'BEGIN { n = split(ts, a, ","); for (i = 1; i <= n; i++) want[a[i]] = 1 }
  $1 in want' "$slice" | wc -l)
echo
echo "wineserver during the idle window"
awk -v all="$all" -v mine="$mine" -v process="$process" -v c0="$cpu0" -v c1="$cpu1" -v t0="$t0" -v t1="$t1" 'BEGIN {
  s = t1 - t0
  printf "%-34s %10.1f s\n", "idle window (script clock)", s
  printf "%-34s %10d %10.1f /s\n", "requests, all processes", all, all / s
  printf "%-34s %10d %10.1f /s\n", "requests, watching thread", mine, mine / s
  printf "%-34s %10d %10.1f /s\n", "requests, the watch'"'"'s whole process", process, process / s
  printf "%-34s %10.1f ms/min %6.3f %% of one core\n", "wineserver CPU", (c1 - c0) * 60 / s, (c1 - c0) / (s * 10)
}'
if [ "$top" -gt 0 ]; then
  printf 'commonest requests:'
  awk '{print $2}' "$slice" | sort | uniq -c | sort -rn | head -n "$top" |
    awk '{printf " %s %d,", $2, $1}'
  echo
fi
exit "$status"
