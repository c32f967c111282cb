#!/bin/sh
# record-wine.sh BUILD_DIR OUT_DIR
#
# Records the Wine desktop the integration tests see, as tests/replay/wine-*.json, with the
# output the live listing printed while it recorded (the round-trip proof: replaying each
# recording with the same options must print exactly that). Run by hand, in a Wine prefix made
# by scripts/bootstrap-debian.sh (WINEPREFIX set), from a MinGW build tree configured with
# -DLISTAPPS_CJSON_SOURCE_DIR:
#
#   eval "$(bash scripts/bootstrap-debian.sh)"
#   WINEPREFIX=$LISTAPPS_WINEPREFIX sh tests/replay/record-wine.sh build/mingw tests/replay
#
# It starts its own wineserver (stopped at the end with wineserver -k: use a prefix of your
# own), copies listapps.exe and the fixtures to C:\fixtures so that no path of this machine
# ends up in a recording, opens the fixture windows listed below, waits more than 5 s so that
# the hung one is hung, and records one listing per option set. Then check each new expected
# file by hand before committing it (tests/replay/README.md says what each case shows).
set -eu
build=$1
out=$2
: "${WINEPREFIX:?set WINEPREFIX to a Wine prefix of your own}"
export WINEPREFIX
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml,winedbg.exe=d"

bin="$build/bin"
dest="$WINEPREFIX/drive_c/fixtures"
work=$(mktemp -d)
holders=""
cleanup() {
  for pid in $holders; do kill "$pid" 2>/dev/null || true; done
  wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$dest"
for exe in listapps.exe fixture_en.exe fixture_de_first.exe fixture_none.exe fixture_blank.exe; do
  cp "$bin/$exe" "$dest/$exe"
done

wineserver -p </dev/null >/dev/null 2>&1 || true
wine cmd /c exit </dev/null >/dev/null 2>&1

# start NAME EXE ARGS...: one fixture process, its stdin a FIFO held open until the end (its
# end of file makes the fixture exit), its stdout in $work/NAME.out; waits for its "ready".
start() {
  name=$1
  exe=$2
  shift 2
  mkfifo "$work/$name.in"
  sleep 100000 >"$work/$name.in" &
  holders="$holders $!"
  wine "C:\\fixtures\\$exe" "$@" <"$work/$name.in" >"$work/$name.out" 2>/dev/null &
  tries=0
  until grep -q '^ready' "$work/$name.out" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 600 ]; then
      echo "record-wine: $name is not ready: $(cat "$work/$name.out")" >&2
      exit 1
    fi
    sleep 0.1
  done
}

# The windows the integration tests open, one kind of each, in processes of their own.
start keeper fixture_none.exe visible:keeper linger
start notes fixture_en.exe "visible:Notes - listapps fixture"
start tools fixture_de_first.exe "tool:Palette" "toolapp:Werkzeuge"
start owned fixture_en.exe "owned-popup:Popup" "owned-overlapped:Owned window"
start frame fixture_en.exe "frame:Calculator"
start core fixture_blank.exe "core-into:Calculator"
start launcher fixture_en.exe "visible:Launcher" "spawn:visible:Child app"
start hung fixture_none.exe "visible:Frozen" hang
# IsHungAppWindow says TRUE once a window's thread has not pumped for 5 s (Wine 8 too).
sleep 7

# record NAME OPTIONS...: one listing, recorded, and what it printed.
record() {
  name=$1
  shift
  wine "C:\\fixtures\\listapps.exe" "$@" --record "C:\\fixtures\\$name.json" \
    >"$out/$name.expected" 2>"$work/$name.err" </dev/null || {
    echo "record-wine: listapps $* failed: $(cat "$work/$name.err")" >&2
    exit 1
  }
  cp "$dest/$name.json" "$out/$name.json"
}

record wine-default
record wine-all --all
record wine-windows --windows
record wine-columns-all-csv --columns all --format csv
record wine-all-columns-all-json --all --columns all --format json
