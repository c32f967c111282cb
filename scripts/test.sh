#!/usr/bin/env bash
# Runs the whole test suite from nothing on Debian/Ubuntu: installs what is missing, then
#   1. the Windows build (MinGW-w64), every test run under Wine with ctest;
#   2. the host build of the pure parts with AddressSanitizer and UBSan, with ctest;
#   3. each libFuzzer harness for LISTAPPS_FUZZ_SECONDS (default 10) from its seed corpus.
# Exits non-zero when anything fails. Build trees: build/mingw and build/host.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
# Assigned first, so that a failing set-up stops the script (set -e).
setup="$(bash scripts/bootstrap-debian.sh)"
eval "$setup"
jobs="$(nproc)"

echo "== Windows build (MinGW-w64), tests under Wine =="
cmake -S . -B build/mingw -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_PREFIX_PATH="$LISTAPPS_CHECK_PREFIX" \
  -DLISTAPPS_WINEPREFIX="$LISTAPPS_WINEPREFIX" >/dev/null
cmake --build build/mingw -j"$jobs"
status=0
ctest --test-dir build/mingw --output-on-failure -j"$jobs" || status=1

echo "== Host build of the pure parts, AddressSanitizer + UBSan =="
cmake -S . -B build/host -DCMAKE_BUILD_TYPE=Debug -DLISTAPPS_SANITIZE=ON >/dev/null
cmake --build build/host -j"$jobs"
ctest --test-dir build/host --output-on-failure -j"$jobs" || status=1

echo "== Fuzzing the pure parts (libFuzzer + ASan/UBSan), ${LISTAPPS_FUZZ_SECONDS:-10} s per fuzzer =="
bash scripts/fuzz.sh "${LISTAPPS_FUZZ_SECONDS:-10}" || status=1

exit "$status"
