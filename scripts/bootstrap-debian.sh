#!/usr/bin/env bash
# Installs what listapps needs on a Debian or Ubuntu machine, once:
#   - the MinGW-w64 cross toolchain, Wine, CMake, Debian's Check (for the host build), and
#     promtool with Python's prometheus_client (the Prometheus output's tests);
#   - Check for the Windows target, built from Debian's own source package with MinGW
#     (Debian does not package it), into the cache folder;
#   - a private Wine prefix with the null graphics driver (headless windows) and no crash
#     dialog, in the cache folder;
#   - Node.js and npm (Debian's, when there is no node or npm yet), and the npm packages that
#     validate the winget and Scoop manifests (yaml, ajv-cli, ajv-formats), into the cache folder.
# Later runs find everything in place and take a second. Prints nothing on stdout but the
# shell assignments for the caller to eval: LISTAPPS_CHECK_PREFIX, LISTAPPS_WINEPREFIX and
# LISTAPPS_NPM_PREFIX. --no-check leaves out what only the tests need: Check and the npm tools.
#
# Usage: eval "$(bash scripts/bootstrap-debian.sh [--no-check])"
# Environment: LISTAPPS_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/listapps).
set -euo pipefail

want_check=1
[[ "${1:-}" == "--no-check" ]] && want_check=0

cache="${LISTAPPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/listapps}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$cache"
log() { printf 'bootstrap: %s\n' "$*" >&2; }

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi

packages=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 mingw-w64-tools wine wine64 cmake make
          pkg-config check dpkg-dev xz-utils python3 prometheus python3-prometheus-client)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
# Node.js by command rather than by package: a node from elsewhere (NodeSource, CI images) will do.
if ((want_check)); then
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi
apt_updated=0
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq >&2
  apt_updated=1
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
fi

# Check for the Windows target, from Debian's source package.
check_prefix="$cache/check-mingw"
toolchain="$repo/cmake/mingw-w64-x86_64.cmake"
if ((want_check)) && [[ ! -f "$check_prefix/lib/cmake/check/check-config.cmake" ]]; then
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

# The Wine prefix: created, its first session ended, then the null driver set (set within the
# wineboot session, window creation fails), and Wine's crash dialog turned off so a crashing
# test ends instead of hanging.
prefix="$cache/wine-prefix"
if [[ ! -f "$prefix/.listapps-ready" ]]; then
  log "creating the Wine prefix $prefix"
  rm -rf "$prefix"
  export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
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

printf 'LISTAPPS_CHECK_PREFIX=%q\nLISTAPPS_WINEPREFIX=%q\nLISTAPPS_NPM_PREFIX=%q\n' \
  "$check_prefix" "$prefix" "$npm_prefix"
