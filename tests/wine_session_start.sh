#!/bin/sh
# wine_session_start.sh WINESERVER WINE KEEPER_EXE
#
# The wine_server fixture's set-up (see tests/CMakeLists.txt): a wineserver that outlives each
# test, Wine's services, and a window that keeps Wine's desktop process (explorer.exe) alive
# until wine_server_stop. It returns only once that window is up, so no test's first window
# races the desktop process's start: when two processes start it at once, one of them can fail
# to create its window. Everything started here has its output detached, or ctest would wait
# for it.
set -u
wineserver=$1
wine=$2
keeper=$3

# Fails when a server already runs, which is fine: the next command checks that one does.
"$wineserver" -p </dev/null >/dev/null 2>&1
"$wine" cmd /c exit </dev/null >/dev/null 2>&1 || {
  echo "wine_session_start: wine cmd /c exit failed" >&2
  exit 1
}

said=$(mktemp) || exit 1
trap 'rm -f "$said"' EXIT
"$wine" "$keeper" visible:keeper linger </dev/null >"$said" 2>/dev/null &
keeper_pid=$!
tries=0
while [ "$tries" -lt 600 ]; do
  if grep -q '^ready$' "$said"; then
    exit 0
  fi
  if ! kill -0 "$keeper_pid" 2>/dev/null; then
    echo "wine_session_start: the keeper window's process exited: $(cat "$said")" >&2
    exit 1
  fi
  sleep 0.1
  tries=$((tries + 1))
done
echo "wine_session_start: the keeper window was not up after 60 s: $(cat "$said")" >&2
exit 1
