#!/usr/bin/env bash
# Runs the whole test suite from nothing on Debian/Ubuntu: installs what the tests need and is
# missing (bootstrap-debian.sh test; see docs/setup.md), then
#   1. the Windows build (MinGW-w64), every test run under Wine with ctest, and the check of what
#      a native Windows build registers (scripts/check-windows-tests.py);
#   2. the host build of the pure parts with AddressSanitizer and UBSan, with ctest;
#   3. each libFuzzer harness for LISTAPPS_FUZZ_SECONDS (default 10) from its seed corpus.
# Exits non-zero when anything fails. Build trees: build/mingw and build/host.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
# Assigned first, so that a failing set-up stops the script (set -e).
setup="$(bash scripts/bootstrap-debian.sh test)"
eval "$setup"
# fuzz.sh builds with cJSON's source too.
export LISTAPPS_CJSON_SOURCE_DIR
jobs="$(nproc)"
logs=build/logs
mkdir -p "$logs"
status=0

# Runs a command with its output also kept in a log; a failure marks the run failed.
run_logged() {
  local log="$1" rc
  shift
  set +e
  "$@" 2>&1 | tee "$logs/$log"
  rc=${PIPESTATUS[0]}
  set -e
  ((rc == 0)) || status=1
}

echo "== Windows build (MinGW-w64), tests under Wine =="
cmake -S . -B build/mingw -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_PREFIX_PATH="$LISTAPPS_CHECK_PREFIX" \
  -DLISTAPPS_WINEPREFIX="$LISTAPPS_WINEPREFIX" -DLISTAPPS_NPM_PREFIX="$LISTAPPS_NPM_PREFIX" \
  -DLISTAPPS_PROMTOOL="$LISTAPPS_PROMTOOL" -DLISTAPPS_CACHE_DIR="$LISTAPPS_CACHE" \
  -DLISTAPPS_CJSON_SOURCE_DIR="$LISTAPPS_CJSON_SOURCE_DIR" >/dev/null
cmake --build build/mingw -j"$jobs"
run_logged mingw-ctest.log ctest --test-dir build/mingw --output-on-failure -j"$jobs"

echo "== The tests a native Windows build registers, and what each needs =="
run_logged windows-tests.log python3 scripts/check-windows-tests.py --wine-build build/mingw \
  --check-prefix "$LISTAPPS_CHECK_PREFIX" --npm-prefix "$LISTAPPS_NPM_PREFIX"

echo "== Host build of the pure parts, AddressSanitizer + UBSan =="
cmake -S . -B build/host -DCMAKE_BUILD_TYPE=Debug -DLISTAPPS_SANITIZE=ON \
  -DLISTAPPS_CJSON_SOURCE_DIR="$LISTAPPS_CJSON_SOURCE_DIR" >/dev/null
cmake --build build/host -j"$jobs"
run_logged host-ctest.log ctest --test-dir build/host --output-on-failure -j"$jobs"

echo "== Fuzzing the pure parts (libFuzzer + ASan/UBSan), ${LISTAPPS_FUZZ_SECONDS:-10} s per fuzzer =="
run_logged fuzz.log bash scripts/fuzz.sh "${LISTAPPS_FUZZ_SECONDS:-10}"

# One closing line for the whole run: ctest's tests in both trees, and each fuzzer.
read -r tests failed < <(cat "$logs/mingw-ctest.log" "$logs/host-ctest.log" |
  grep -oE '[0-9]+ tests failed out of [0-9]+' | awk '{f += $1; t += $6} END {print t + 0, f + 0}')
fuzz_ok=$(grep -cE '^fuzz_[a-z0-9_]+ +ok' "$logs/fuzz.log" || true)
fuzz_failed=$(grep -cE '^fuzz_[a-z0-9_]+ +(FAIL|fail)' "$logs/fuzz.log" || true)
if ((status != 0 && failed == 0 && fuzz_failed == 0)); then failed=1; fi
echo "summary: $((tests - failed + fuzz_ok)) passed, $((failed + fuzz_failed)) failed"
exit "$status"
