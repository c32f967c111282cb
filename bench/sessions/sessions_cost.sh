#!/bin/sh
# sessions_cost.sh BIN_DIR [RUNS]: what --sessions costs, under Wine (ctest bench_sessions).
# With a fixture window open it times RUNS runs (default 9) of:
#   plain          listapps on the interactive desktop (the caller's own session, read directly);
#   own session    listapps --sessions all there (the own session is still read directly);
#   helper         listapps --sessions all from a window station that is not interactive, as a
#                  SYSTEM task lists: the session's windows come from a helper started in it;
# and prints the median and the slowest of each, in milliseconds. It fails (exit 1) only when a
# run fails or does not list the fixture, never on a time: the figures are for people
# (docs/performance.md). Needs WINEPREFIX with a running wineserver (the ctest wine fixture).
set -eu
bin=$1
runs=${2:-9}
title="listapps sessions benchmark"
fixture_in=$(mktemp -u)
mkfifo "$fixture_in"
wine "$bin/fixture_en.exe" "visible:$title" <"$fixture_in" >/dev/null 2>&1 &
fixture=$!
exec 3>"$fixture_in"
trap 'exec 3>&-; wait "$fixture" 2>/dev/null || true; rm -f "$fixture_in"' EXIT
sleep 2

ms() { date +%s%3N; }

# time_runs NAME COMMAND...: RUNS runs, each must list the fixture.
time_runs() {
  name=$1
  shift
  times=""
  i=0
  while [ "$i" -lt "$runs" ]; do
    start=$(ms)
    out=$("$@" --format csv </dev/null 2>/dev/null) || { echo "sessions_cost: $name failed" >&2; exit 1; }
    end=$(ms)
    case $out in
      *"$title"*) ;;
      *) echo "sessions_cost: $name did not list the fixture" >&2; exit 1 ;;
    esac
    times="$times $((end - start))"
    i=$((i + 1))
  done
  echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk -v name="$name" -v n="$runs" '
    { t[NR] = $1 } END { printf "%-13s median %5d ms, slowest %5d ms over %d runs\n", name, t[int((n + 1) / 2)], t[n], n }'
}

echo "sessions_cost: wall time of one listapps run under Wine (process start included)"
time_runs "plain" wine "$bin/listapps.exe"
time_runs "own session" wine "$bin/listapps.exe" --sessions all
time_runs "helper" wine "$bin/run_on_station.exe" "$(winepath -w "$bin/listapps.exe" 2>/dev/null)" \
  --sessions all
