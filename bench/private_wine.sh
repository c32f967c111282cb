# Sourced by the request-counting scripts (count_requests.sh, watch/watch_requests.sh): each
# runs Wine on a private copy of a prefix, with a wineserver of its own.

# private_wine NAME PREFIX: checks that PREFIX is a folder and that wine and wineserver are
# installed (else a line naming NAME, and exit 2); sets $wine and $wineserver; makes a work
# folder ($work) and exports WINEPREFIX (the copy's place in it, for copy_prefix to fill) and a
# quiet Wine's settings.
private_wine() {
  [ -d "$2" ] || { echo "$1: no prefix at $2" >&2; exit 2; }
  wine=$(command -v wine || command -v wine64) || { echo "$1: no wine" >&2; exit 2; }
  wineserver=$(command -v wineserver) || { echo "$1: no wineserver" >&2; exit 2; }
  work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 1
  export WINEPREFIX="$work/prefix"
  export WINEDEBUG=-all
  export WINEDLLOVERRIDES="mscoree,mshtml=;winedbg.exe=d"
}

# copy_prefix FROM TO copies a Wine prefix that other programs may be using at that moment
# (ctest runs tests in it in parallel). Their temporary files come and go while the copy runs,
# so the users' Temp folders are left out and a file that vanishes mid-copy is no error; the
# copy must still hold the registry and drive C.
copy_prefix() {
  rm -rf "$2" && mkdir -p "$2" || return 1
  tar -C "$1" --exclude='./drive_c/users/*/Temp/*' --ignore-failed-read \
    --warning=no-file-changed --warning=no-file-removed -cf - . 2>/dev/null |
    tar -C "$2" -xf - || return 1
  [ -f "$2/system.reg" ] && [ -f "$2/user.reg" ] && [ -d "$2/drive_c/windows" ]
}
