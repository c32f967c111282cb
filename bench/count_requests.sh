#!/bin/sh
# count_requests.sh - what one listing costs in wineserver requests (issue 14).
#
# Under Wine nearly every Win32 call that reaches another process or the window manager is a
# request to the wineserver. This script starts a wineserver of its own, with request tracing
# (`wineserver -f -d1`: one line per request on its stderr), on a private copy of a prefix,
# starts a desktop of window hosts (listapps_bench --desktop), and counts the request lines
# each tool's run adds to the trace. The count repeats exactly from run to run, unlike a time.
#
#   bench/count_requests.sh [options] BIN_DIR
#
#   BIN_DIR          the folder with listapps_bench.exe and listapps.exe
#   --prefix DIR     the prefix to copy (default $LISTAPPS_WINEPREFIX, else $WINEPREFIX)
#   --sizes LIST     comma-separated PxK[+B] (default 10x10,20x50,20x50+100)
#   --repeat N       count each run N times and fail unless the counts agree (default 2)
#   --top N          show the N commonest requests of each listing (default 8; 0: none)
#   --columns LIST   also count what each column of LIST (comma-separated headers) adds to a
#                    listing of the table's default columns (listapps_bench --column), per
#                    process of the hosts' App groups (the first size only; none by default)
#   --check FILE     compare with the budgets in FILE and exit 1 when a count is over one:
#                    lines "SIZE METHOD MAX" (at most MAX requests) or "SIZE METHOD OTHER
#                    FACTOR" (at most FACTOR times OTHER's count); # starts a comment
#
# For each size it prints, per method, the requests of one listing and per window (the hosts'
# P*K windows):
#   library      listapps_snapshot_take with the 1.0 columns (listapps_bench --run library),
#                less the start of a process that lists nothing (listapps_bench --noop);
#   lib-2nd      a second listing in the same process (--times 2 less --times 1): no DLL
#                loading, nothing but the listing;
#   CLI          listapps.exe --format csv (the 1.0 columns), less listapps.exe --version;
#   lib-default  the 2.0 table's default columns (Status and Memory besides);
#   lib-columns  Task Manager's columns (every column through Session) but CPU;
#   lib-windows  the 1.0 columns with Foreground and the window geometry (issue 21);
#   floor        the fewest calls (bench_ways.c), less --noop;
#   baseline     the PowerShell one-liner's algorithm, less --noop.
# Exit status: 0; 1 when counts disagree between repeats, a budget is exceeded or a run fails;
# 2 for a bad command line.
#
# It touches only its own copies of the prefix (a fresh one per size) and its own wineserver
# (wineserver -k with that WINEPREFIX), and removes the copies when it ends.
set -u
. "$(dirname "$0")/private_wine.sh"

usage() {
  echo "usage: count_requests.sh [--prefix DIR] [--sizes LIST] [--repeat N] [--top N] [--check FILE] BIN_DIR" >&2
  exit 2
}

prefix=${LISTAPPS_WINEPREFIX:-${WINEPREFIX:-}}
sizes=10x10,20x50,20x50+100
repeat=2
top=8
check=
columns=
bin=
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
    --sizes) [ $# -ge 2 ] || usage; sizes=$2; shift 2 ;;
    --repeat) [ $# -ge 2 ] || usage; repeat=$2; shift 2 ;;
    --top) [ $# -ge 2 ] || usage; top=$2; shift 2 ;;
    --check) [ $# -ge 2 ] || usage; check=$2; shift 2 ;;
    --columns) [ $# -ge 2 ] || usage; columns=$2; shift 2 ;;
    -*) usage ;;
    *) [ -z "$bin" ] || usage; bin=$1; shift ;;
  esac
done
[ -n "$bin" ] && [ -n "$prefix" ] || usage
bench=$bin/listapps_bench.exe
cli=$bin/listapps.exe
[ -f "$bench" ] && [ -f "$cli" ] || { echo "count_requests: no listapps_bench.exe and listapps.exe in $bin" >&2; exit 2; }
private_wine count_requests "$prefix"
trace=$work/trace
server_pid=
desktop_pid=
status=0

cleanup() {
  if [ -n "$desktop_pid" ]; then
    exec 9>&- 2>/dev/null
    wait "$desktop_pid" 2>/dev/null
  fi
  if [ -n "$server_pid" ]; then
    # Our own server only: WINEPREFIX is our copy.
    "$wineserver" -k 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM


# Requests only: "0030: get_window_text( handle=... )", "name( )" without arguments. Replies
# read "0030: name() = ...", and events "0030: *name* ...".
lines() { wc -l <"$trace"; }

# Waits until the trace has not grown for a while: everything a run set off has finished.
settle() {
  last=-1
  quiet=0
  while [ "$quiet" -lt 5 ]; do
    now=$(lines)
    if [ "$now" = "$last" ]; then quiet=$((quiet + 1)); else quiet=0; fi
    last=$now
    sleep 0.1
  done
}

# count_run NAME EXE ARGS...: runs the program and writes the histogram of the requests it
# added to $work/h.NAME ("count name" lines).
count_run() {
  name=$1
  shift
  settle
  from=$(lines)
  "$wine" "$@" </dev/null >/dev/null 2>&1 || { echo "count_requests: $name failed" >&2; return 1; }
  settle
  to=$(lines)
  # Only the threads that started during the run (the tool's, and any helper its start needs)
  # count: whatever the hosts or explorer.exe do meanwhile is not the tool's doing.
  tail -n "+$((from + 1))" "$trace" | head -n "$((to - from))" |
    awk '{ id = $1 }
         $2 ~ /^(init_first_thread|init_thread)\(/ { mine[id] = 1 }
         (id in mine) && $0 ~ /^[0-9a-f]+: [a-z_0-9]+\( / { name = $2; sub(/\(.*/, "", name); print name }' |
    sort | uniq -c | awk '{print $1, $2}' >"$work/h.$name"
  if [ ! -s "$work/h.$name" ]; then
    echo "count_requests: $name added no request to the trace: is the server ours?" >&2
    return 1
  fi
}

# total FILE: its requests.
total() { awk '{s += $1} END {print s + 0}' "$1"; }

# diff_hist A B: the requests of A less those of B, by name, commonest first.
diff_hist() {
  awk 'NR == FNR {b[$2] = $1; next} {d = $1 - b[$2]; if (d != 0) print d, $2}' "$2" "$1" |
    sort -rn
}

# A fresh copy of the prefix and a fresh server for each size: no size inherits what another
# left behind (exiting hosts, a host copy being deleted).
start_server() {
  copy_prefix "$prefix" "$WINEPREFIX" || { echo "count_requests: cannot copy the prefix $prefix" >&2; exit 1; }
  : >"$trace"
  "$wineserver" -f -d1 2>"$trace" &
  server_pid=$!
  # A wine started before the server listens would start a server of its own, untraced.
  tries=0
  until grep -q 'wineserver: starting' "$trace"; do
    if ! kill -0 "$server_pid" 2>/dev/null || [ "$tries" -ge 300 ]; then
      echo "count_requests: the wineserver did not start: $(head -n 3 "$trace")" >&2
      exit 1
    fi
    sleep 0.1
    tries=$((tries + 1))
  done
  sleep 0.5
  # The first process boots the session (explorer.exe, services); then the trace is quiet.
  "$wine" cmd /c exit </dev/null >/dev/null 2>&1
  kill -0 "$server_pid" 2>/dev/null || { echo "count_requests: the traced wineserver exited" >&2; exit 1; }
}

stop_server() {
  "$wineserver" -k 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=
}

windows_of() {
  # PxK[+B] -> P*K
  echo "$1" | awk -F'[x+]' '{print $1 * $2}'
}

results=$work/results
: >"$results"
old_ifs=$IFS
IFS=,
set -- $sizes
IFS=$old_ifs
for size in "$@"; do
  start_server
  said=$work/said
  : >"$said"
  mkfifo "$work/stdin" || exit 1
  "$wine" "$bench" --desktop "$size" <"$work/stdin" >"$said" 2>"$work/desktop.err" &
  desktop_pid=$!
  exec 9>"$work/stdin"
  tries=0
  until grep -q '^ready' "$said"; do
    if ! kill -0 "$desktop_pid" 2>/dev/null || [ "$tries" -ge 1800 ]; then
      echo "count_requests: the desktop $size did not come up: $(cat "$work/desktop.err")" >&2
      exit 1
    fi
    sleep 0.1
    tries=$((tries + 1))
  done
  windows=$(windows_of "$size")
  round=1
  while [ "$round" -le "$repeat" ]; do
    count_run noop "$bench" --noop || exit 1
    count_run cli0 "$cli" --version || exit 1
    count_run cli "$cli" --format csv || exit 1
    count_run library "$bench" --run library || exit 1
    count_run library2 "$bench" --run library --times 2 || exit 1
    count_run lib-default "$bench" --run lib-default || exit 1
    count_run lib-columns "$bench" --run lib-columns || exit 1
    count_run lib-windows "$bench" --run lib-windows || exit 1
    count_run floor "$bench" --run floor || exit 1
    count_run baseline "$bench" --run baseline || exit 1
    for m in library lib-default lib-columns lib-windows floor baseline; do
      echo "$size $round $m $(($(total "$work/h.$m") - $(total "$work/h.noop")))" >>"$results"
      diff_hist "$work/h.$m" "$work/h.noop" >"$work/top.$size.$m"
    done
    echo "$size $round lib-2nd $(($(total "$work/h.library2") - $(total "$work/h.library")))" >>"$results"
    diff_hist "$work/h.library2" "$work/h.library" >"$work/top.$size.lib-2nd"
    echo "$size $round CLI $(($(total "$work/h.cli") - $(total "$work/h.cli0")))" >>"$results"
    diff_hist "$work/h.cli" "$work/h.cli0" >"$work/top.$size.CLI"
    round=$((round + 1))
  done
  # Each column's own cost: a --column run lists twice (the defaults, then with the column);
  # one with a default column (Name) lists the defaults twice, which is subtracted.
  if [ -n "$columns" ] && [ ! -s "$work/columns" ]; then
    count_run column-none "$bench" --column Name || exit 1
    hosts=$(echo "$size" | awk -F'[x+]' '{print $1}')
    for c in $(echo "$columns" | tr ',' ' '); do
      count_run "column-$c" "$bench" --column "$c" || exit 1
      n=$(($(total "$work/h.column-$c") - $(total "$work/h.column-none")))
      echo "$size $c $n $(awk -v n="$n" -v p="$hosts" 'BEGIN {printf "%.2f", n / p}')" >>"$work/columns"
      diff_hist "$work/h.column-$c" "$work/h.column-none" >"$work/top.column-$c"
    done
  fi
  exec 9>&-
  wait "$desktop_pid" || { echo "count_requests: the desktop $size did not stop cleanly" >&2; status=1; }
  desktop_pid=
  rm -f "$work/stdin"
  stop_server
  echo "$size $windows" >>"$work/sizes"
done

echo "wineserver requests per listing (net of process start), and per host window"
printf '%-10s %7s' size windows
for m in library lib-2nd CLI floor baseline lib-default lib-columns lib-windows; do printf ' | %19s' "$m"; done
printf ' | %9s | %9s | %9s\n' lib/floor base/lib cols/def
while read -r size windows; do
  printf '%-10s %7s' "$size" "$windows"
  for m in library lib-2nd CLI floor baseline lib-default lib-columns lib-windows; do
    n=$(awk -v s="$size" -v m="$m" '$1 == s && $2 == 1 && $3 == m {print $4}' "$results")
    printf ' | %8s %10s' "$n" "$(awk -v n="$n" -v w="$windows" 'BEGIN {printf "(%.2f/w)", n / w}')"
    eval "n_$(echo "$m" | tr -c 'a-z0-9\n' _)=$n"
  done
  printf ' | %9s | %9s | %9s\n' \
    "$(awk -v a="$n_library" -v b="$n_floor" 'BEGIN {printf "%.3f", a / b}')" \
    "$(awk -v a="$n_baseline" -v b="$n_library" 'BEGIN {printf "%.1f", a / b}')" \
    "$(awk -v a="$n_lib_columns" -v b="$n_lib_default" 'BEGIN {printf "%.3f", a / b}')"
done <"$work/sizes"

if [ -s "$work/columns" ]; then
  echo "what one column adds to the table's default listing, in requests, and per App process"
  while read -r size c n per; do
    printf '%-10s %-20s %6s  (%s per process):' "$size" "$c" "$n" "$per"
    head -n 4 "$work/top.column-$c" | awk '{printf " %s %d,", $2, $1}'
    echo
  done <"$work/columns"
fi

# Every repeat must give the same counts.
if [ "$repeat" -gt 1 ]; then
  differing=$(awk '{k = $1 " " $3; if (k in v && v[k] != $4) print k ": " v[k] " then " $4; v[k] = $4}' "$results")
  if [ -n "$differing" ]; then
    echo "counts differ between repeats:"
    echo "$differing"
    status=1
  else
    echo "each count was the same in all $repeat repeats"
  fi
fi

if [ "$top" -gt 0 ]; then
  while read -r size windows; do
    for m in library lib-2nd CLI floor baseline; do
      printf '%s %s, commonest requests:' "$size" "$m"
      head -n "$top" "$work/top.$size.$m" | awk '{printf " %s %d,", $2, $1}'
      echo
    done
  done <"$work/sizes"
fi

if [ -n "$check" ]; then
  # "SIZE METHOD MAX": at most MAX requests; "SIZE METHOD OTHER FACTOR": at most FACTOR times
  # OTHER's count. Every repeat is checked.
  count_of() { awk -v s="$1" -v m="$2" -v r="$3" '$1 == s && $2 == r && $3 == m {print $4; exit}' "$results"; }
  while read -r size method bound factor; do
    case $size in ''|'#'*) continue ;; esac
    round=1
    while [ "$round" -le "$repeat" ]; do
      n=$(count_of "$size" "$method" "$round")
      if [ -z "$factor" ]; then
        max=$bound
        what="$bound"
      else
        other=$(count_of "$size" "$bound" "$round")
        [ -n "$other" ] || other=-1
        max=$(awk -v o="$other" -v f="$factor" 'BEGIN {printf "%d", o * f}')
        what="$factor x $bound ($other) = $max"
      fi
      if [ -z "$n" ] || [ "$max" -lt 0 ]; then
        echo "budget: $size $method or $bound was not counted"
        status=1
      elif [ "$n" -gt "$max" ]; then
        echo "REGRESSION: $size $method costs $n requests, over its budget of $what"
        status=1
      elif [ "$round" -eq 1 ]; then
        echo "budget: $size $method $n <= $what"
      fi
      round=$((round + 1))
    done
  done <"$check"
fi
exit "$status"
