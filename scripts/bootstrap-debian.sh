#!/usr/bin/env bash
# Installs what one of listapps' commands needs on a Debian or Ubuntu machine, once. PURPOSE:
#   demo  (scripts/run-demo.sh) the MinGW-w64 cross compiler, Wine, CMake and make; a private
#         Wine prefix with the null graphics driver (headless windows) and no crash dialog, in
#         the cache folder.
#   test  (scripts/test.sh; the default) all of that, and
#         - gcc and Debian's Check for the host build, clang with its sanitizer runtimes for
#           scripts/fuzz.sh, the MinGW pkg-config wrapper;
#         - Check for the Windows target, built from Debian's own source package with MinGW
#           (Debian does not package it) into the cache folder, which may add a deb-src entry
#           (/etc/apt/sources.list.d/listapps-deb-src.sources, or .list);
#         - cJSON's source from Debian's source package, patched, into the cache folder
#           (cjson-source/): listapps compiles it in to read and write recordings;
#         - Node.js and npm (Debian's, when there is no node or npm command yet), and the npm
#           packages that validate the winget and Scoop manifests (yaml, ajv-cli, ajv-formats)
#           in the cache folder;
#         - the Prometheus readers: Python's prometheus_client (a library), and promtool taken
#           out of Debian's prometheus package into the cache folder. That package is
#           downloaded and unpacked, never installed: no Prometheus server, service or user.
# No package either purpose installs ships a service (tests/setup_packages_check.py checks it).
# docs/setup.md says what each purpose installs and how to remove all of it.
#
# Later runs find everything in place and take a second. Prints nothing on stdout but the
# shell assignments for the caller to eval: LISTAPPS_CACHE, LISTAPPS_CHECK_PREFIX,
# LISTAPPS_WINEPREFIX, LISTAPPS_NPM_PREFIX, LISTAPPS_PROMTOOL and LISTAPPS_CJSON_SOURCE_DIR
# (the parts that the purpose does not set up may not exist).
#
# Usage: eval "$(bash scripts/bootstrap-debian.sh [demo|test])"
#        bash scripts/bootstrap-debian.sh [demo|test] --print-packages
# --print-packages prints the purpose's Debian packages, one a line, and does nothing else.
# --no-check is the old name of demo. Exit status: 0 done, 2 usage, other: a step failed.
# Environment: LISTAPPS_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/listapps).
set -euo pipefail

usage() {
  echo "usage: bash scripts/bootstrap-debian.sh [demo|test] [--print-packages]" >&2
  exit 2
}
purpose="test"
print_packages=0
for arg in "$@"; do
  case "$arg" in
    demo | --no-check) purpose=demo ;;
    test) purpose="test" ;;
    --print-packages) print_packages=1 ;;
    *) usage ;;
  esac
done

# The Debian packages, installed with --no-install-recommends. The demo builds listapps.exe and
# its demo window with the cross compiler and runs them under Wine.
demo_packages=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 wine wine64 cmake make)
# What only the tests use: mingw-w64-tools (x86_64-w64-mingw32-pkg-config, for a Check found
# by pkg-config); gcc, libc6-dev, pkg-config and check (the host build); clang and
# libclang-rt-dev (scripts/fuzz.sh, which also installs them itself when run alone); dpkg-dev
# and xz-utils (apt-get source check); python3 and python3-prometheus-client (the Python
# readers); nodejs and npm (the manifest validators).
test_only_packages=(mingw-w64-tools gcc libc6-dev pkg-config check clang libclang-rt-dev
                    dpkg-dev xz-utils python3 python3-prometheus-client nodejs npm)
packages=("${demo_packages[@]}")
if [[ $purpose == test ]]; then packages+=("${test_only_packages[@]}"); fi
if ((print_packages)); then
  printf '%s\n' "${packages[@]}"
  exit 0
fi
want_check=0
if [[ $purpose == test ]]; then want_check=1; fi

cache="${LISTAPPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/listapps}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$cache"
log() { printf 'bootstrap: %s\n' "$*" >&2; }

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  # Node.js by command rather than by package: a node from elsewhere (NodeSource, CI images)
  # will do.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 || missing+=(nodejs) ;;
    npm) command -v npm >/dev/null 2>&1 || missing+=(npm) ;;
    *) dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
         missing+=("$p") ;;
  esac
done
apt_updated=0
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq >&2
  apt_updated=1
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
fi

# Debian's source packages (Check, cJSON) come through a deb-src entry: the distribution's own
# entries again, as source entries, added once.
sources_ready=0
ensure_sources() {
  ((sources_ready)) && return 0
  if ! apt-cache showsrc check 2>/dev/null | grep -q '^Package: check'; then
    log "adding a deb-src entry for Debian's sources"
    src_list=/etc/apt/sources.list.d/listapps-deb-src.sources
    if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
      # deb822 files: the distribution's own entries again, as source entries.
      for f in /etc/apt/sources.list.d/*.sources; do cat "$f"; echo; done |
        awk 'BEGIN { RS = ""; ORS = "\n\n" }
             /URIs:[^\n]*(debian|ubuntu)/ { sub(/Types:[^\n]*/, "Types: deb-src"); print }' |
        "${sudo_cmd[@]}" tee "$src_list" >/dev/null
    else
      grep -hE '^deb .*(debian|ubuntu)' /etc/apt/sources.list | sed 's/^deb /deb-src /' |
        "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/listapps-deb-src.list >/dev/null
    fi
    apt_updated=0
  fi
  ((apt_updated)) || "${sudo_cmd[@]}" apt-get update -qq >&2
  apt_updated=1
  sources_ready=1
}

# Check for the Windows target, from Debian's source package.
check_prefix="$cache/check-mingw"
toolchain="$repo/cmake/mingw-w64-x86_64.cmake"
if ((want_check)) && [[ ! -f "$check_prefix/lib/cmake/check/check-config.cmake" ]]; then
  ensure_sources
  src="$cache/source"
  rm -rf "$src" "$cache/check-build"
  mkdir -p "$src"
  log "fetching Debian's check source package"
  (cd "$src" && apt-get source -qq check >&2 2>/dev/null)
  check_dir="$(find "$src" -mindepth 1 -maxdepth 1 -type d -name 'check-*' | head -n 1)"
  log "building Check for MinGW-w64 from $check_dir"
  # GCC >= 14 rejects alarm() in lib/timer_*.c (implicit declaration); keep it a warning.
  cmake -S "$check_dir" -B "$cache/check-build" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DCMAKE_INSTALL_PREFIX="$check_prefix" \
    -DCMAKE_C_FLAGS=-Wno-error=implicit-function-declaration >/dev/null
  cmake --build "$cache/check-build" -j"$(nproc)" >/dev/null
  cmake --install "$cache/check-build" >/dev/null
  rm -rf "$src" "$cache/check-build"
fi

# cJSON, which reads and writes recordings (--record, --replay), from Debian's source package
# with Debian's patches applied (its security fixes among them). listapps compiles its one
# source file, cJSON.c, into itself, for every target, so no cJSON DLL travels with it.
cjson_dir="$cache/cjson-source"
if ((want_check)) && [[ ! -f "$cjson_dir/.listapps-ready" ]]; then
  ensure_sources
  rm -rf "$cjson_dir"
  mkdir -p "$cjson_dir/fetch"
  log "fetching Debian's cjson source package"
  (cd "$cjson_dir/fetch" && apt-get source -qq cjson >&2 2>/dev/null)
  fetched="$(find "$cjson_dir/fetch" -mindepth 1 -maxdepth 1 -type d -name 'cjson-*' | head -n 1)"
  cp "$fetched/cJSON.c" "$fetched/cJSON.h" "$fetched/LICENSE" "$cjson_dir/"
  basename "$(find "$cjson_dir/fetch" -maxdepth 1 -name '*.dsc' | head -n 1)" .dsc \
    >"$cjson_dir/.listapps-ready"
  rm -rf "$cjson_dir/fetch"
fi

# The Wine prefix: created, its first session ended, then the null driver set (set within the
# wineboot session, window creation fails), and Wine's crash dialog turned off so a crashing
# test ends instead of hanging. winemenubuilder is off: it would add menu and file-type folders
# to ~/.config and ~/.local/share, outside the cache folder.
prefix="$cache/wine-prefix"
if [[ ! -f "$prefix/.listapps-ready" ]]; then
  log "creating the Wine prefix $prefix"
  rm -rf "$prefix"
  export WINEPREFIX="$prefix" WINEDEBUG=-all
  export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
  wineboot -i >/dev/null 2>&1 </dev/null
  wineserver -w
  wine reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d null /f >/dev/null 2>&1 </dev/null
  wine reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f \
    >/dev/null 2>&1 </dev/null
  wineserver -w
  touch "$prefix/.listapps-ready"
fi

# The manifest validators, from the npm registry, at pinned major versions. The list of what was
# installed is kept beside it, so a changed list installs again.
npm_prefix="$cache/npm"
npm_packages=(yaml@2 ajv-cli@5 ajv-formats@3)
npm_installed="$(cat "$npm_prefix/.listapps-packages" 2>/dev/null || true)"
if ((want_check)) && [[ "$npm_installed" != "${npm_packages[*]}" ]]; then
  log "installing ${npm_packages[*]} from npm into $npm_prefix"
  rm -rf "$npm_prefix"
  mkdir -p "$npm_prefix"
  npm install --prefix "$npm_prefix" --no-audit --no-fund --no-update-notifier --loglevel=error \
    "${npm_packages[@]}" >&2 </dev/null
  printf '%s\n' "${npm_packages[*]}" >"$npm_prefix/.listapps-packages"
fi

# promtool, out of Debian's prometheus package without installing it: the .deb is downloaded
# into the cache folder and only promtool (and its copyright file) unpacked from it, so no
# maintainer script runs and nothing is enabled, started or added as a user. Debian builds
# promtool as a Go binary that needs only libc, so it runs from there.
promtool_dir="$cache/promtool"
promtool="$promtool_dir/usr/bin/promtool"
if ((want_check)) && [[ ! -f "$promtool_dir/.listapps-ready" ]]; then
  log "unpacking promtool from Debian's prometheus package into $promtool_dir (not installing it)"
  rm -rf "$promtool_dir"
  mkdir -p "$promtool_dir/deb"
  download=(apt-get download -qq)
  # As root, apt fetches as the _apt user, who cannot write here (under /root): it would warn
  # and fetch as root anyway.
  if [[ $(id -u) -eq 0 ]]; then download+=(-o APT::Sandbox::User=root); fi
  if ! (cd "$promtool_dir/deb" && "${download[@]}" prometheus >&2 2>/dev/null); then
    # The package lists may be older than the archive (a version since replaced).
    ((apt_updated)) || "${sudo_cmd[@]}" apt-get update -qq >&2
    (cd "$promtool_dir/deb" && "${download[@]}" prometheus >&2)
  fi
  deb="$(find "$promtool_dir/deb" -name 'prometheus_*.deb' | head -n 1)"
  dpkg-deb --fsys-tarfile "$deb" |
    tar -x -C "$promtool_dir" ./usr/bin/promtool ./usr/share/doc/prometheus/copyright
  if ! "$promtool" --version >/dev/null 2>&1; then
    log "$promtool from $deb does not run"
    exit 1
  fi
  dpkg-deb -f "$deb" Version >"$promtool_dir/.listapps-ready"
  rm -rf "$promtool_dir/deb"
fi

printf 'LISTAPPS_CACHE=%q\nLISTAPPS_CHECK_PREFIX=%q\nLISTAPPS_WINEPREFIX=%q\n' \
  "$cache" "$check_prefix" "$prefix"
printf 'LISTAPPS_NPM_PREFIX=%q\nLISTAPPS_PROMTOOL=%q\n' "$npm_prefix" "$promtool"
printf 'LISTAPPS_CJSON_SOURCE_DIR=%q\n' "$cjson_dir"
