#!/usr/bin/env bash
# Installs what the demo needs and is missing (bootstrap-debian.sh demo: the MinGW-w64 cross
# compiler, Wine, CMake and make; docs/setup.md), builds listapps for Windows, opens a demo
# window under Wine (with the null display driver, so no screen is needed) and runs listapps:
# the table, then CSV.
# Extra arguments go to listapps, e.g. bash scripts/run-demo.sh --format json
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
setup="$(bash scripts/bootstrap-debian.sh demo)"
eval "$setup"

cmake -S . -B build/demo -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
  -DCMAKE_BUILD_TYPE=Release -DLISTAPPS_BUILD_TESTS=OFF >/dev/null
cmake --build build/demo -j"$(nproc)" --target listapps_cli demo_window >/dev/null

# winemenubuilder off, as when the prefix was made: nothing written outside the cache folder.
export WINEPREFIX="$LISTAPPS_WINEPREFIX" WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
# Start Wine's server and services with their output detached: they outlive this script's
# commands and would otherwise hold its pipes open.
{ wineserver -p 5 && wine cmd /c exit; } </dev/null >/dev/null 2>&1
wine build/demo/bin/demo_window.exe 30 </dev/null >/dev/null 2>&1 &
demo=$!
trap 'kill "$demo" 2>/dev/null || true' EXIT

# Wait until the demo window is up (listapps itself tells us), at most ~10 s.
for _ in $(seq 50); do
  wine build/demo/bin/listapps.exe --format csv --no-header </dev/null 2>/dev/null |
    grep -q 'listapps demo window' && break
  sleep 0.2
done

if (($#)); then
  wine build/demo/bin/listapps.exe "$@" </dev/null
else
  wine build/demo/bin/listapps.exe </dev/null
  echo
  wine build/demo/bin/listapps.exe --format csv </dev/null
fi
