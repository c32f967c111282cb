#!/usr/bin/env bash
# Fuzzes the pure parts with libFuzzer, AddressSanitizer and UBSan, for a bounded time:
#   1. installs Debian's clang and its runtimes (libFuzzer, ASan, UBSan) when they are missing;
#   2. builds the harnesses in fuzz/ into build/fuzz (clang, LISTAPPS_FUZZ=ON);
#   3. runs each fuzzer for SECONDS_PER_TARGET seconds (default 20) on a copy of its seed corpus
#      from tests/fuzz-corpus/<fuzzer>, kept in build/fuzz/corpus/<fuzzer> (seeds, the
#      regression inputs among them, run first; tests/fuzz-corpus is only read).
# Prints one line per fuzzer (runs, speed, coverage); exits 1 when any fuzzer found a crash or a
# broken property, leaving the input in build/fuzz/artifacts/<fuzzer>/ and the log in
# build/fuzz/logs/<fuzzer>.log. Replay one with: build/fuzz/bin/<fuzzer> <input>
#
# Usage: bash scripts/fuzz.sh [SECONDS_PER_TARGET]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
seconds="${1:-20}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: bash scripts/fuzz.sh [SECONDS_PER_TARGET]" >&2
  exit 2
fi
build="$repo/build/fuzz"
fuzzers=(fuzz_utf16 fuzz_csv_json fuzz_table fuzz_rules fuzz_manifest fuzz_session_answer fuzz_recording)
log() { printf 'fuzz: %s\n' "$*" >&2; }

# 1. Tools. libFuzzer and the sanitizer runtimes come with clang's compiler-rt, which Debian
# ships in libclang-rt-<version>-dev (libclang-rt-dev is the default version's); clang only
# recommends it, so it is asked for by name.
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
can_fuzz() {
  local dir
  dir="$(mktemp -d)"
  printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
    >"$dir/probe.c"
  clang -fsanitize=fuzzer,address,undefined "$dir/probe.c" -o "$dir/probe" >/dev/null 2>&1
  local rc=$?
  rm -rf "$dir"
  return "$rc"
}
if ! command -v clang >/dev/null || ! command -v cmake >/dev/null || ! can_fuzz; then
  packages=(clang cmake make)
  log "installing clang and its runtimes"
  "${sudo_cmd[@]}" apt-get update -qq >&2
  if apt-cache show libclang-rt-dev >/dev/null 2>&1; then packages+=(libclang-rt-dev); fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${packages[@]}" >&2
  if ! can_fuzz; then
    log "clang cannot link -fsanitize=fuzzer,address,undefined; is compiler-rt installed?"
    exit 1
  fi
fi

# 2. Build.
jobs="$(nproc)"
cmake -S . -B "$build" -DCMAKE_C_COMPILER="$(command -v clang)" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLISTAPPS_FUZZ=ON -DLISTAPPS_BUILD_TESTS=OFF \
  -DLISTAPPS_CJSON_SOURCE_DIR="${LISTAPPS_CJSON_SOURCE_DIR:-}" >/dev/null
cmake --build "$build" -j"$jobs" >/dev/null
for f in "${fuzzers[@]}"; do
  if [[ ! -x "$build/bin/$f" ]]; then
    log "$build/bin/$f was not built: does CMakeLists.txt add fuzz/ when LISTAPPS_FUZZ is ON?"
    exit 1
  fi
done

# 3. Fuzz. Each run is bounded by -max_total_time, and by timeout(1) in case a run hangs in a
# way libFuzzer cannot stop (its own -timeout catches a single slow input).
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p "$build/logs"
status=0
for f in "${fuzzers[@]}"; do
  corpus="$build/corpus/$f"
  artifacts="$build/artifacts/$f"
  logfile="$build/logs/$f.log"
  mkdir -p "$corpus" "$artifacts"
  # The seeds are copied in every time (earlier finds stay), so a new regression input runs.
  if [[ -d "tests/fuzz-corpus/$f" ]]; then cp -f "tests/fuzz-corpus/$f"/* "$corpus"/ 2>/dev/null || true; fi
  rc=0
  timeout --kill-after=10 "$((seconds + 60))" "$build/bin/$f" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" >"$logfile" 2>&1 || rc=$?
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$logfile" | tail -n 1)"
  speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logfile" | tail -n 1)"
  cov="$(grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*' "$logfile" | tail -n 1 || true)"
  if ((rc == 0)); then
    printf '%-14s ok      %s runs, %s/s, %s, %ss\n' "$f" "${runs:-?}" "${speed:-?}" \
      "${cov:-cov: ?}" "$seconds"
  else
    status=1
    printf '%-14s FAILED  (exit %s) after %s runs, %s; log %s\n' "$f" "$rc" "${runs:-?}" \
      "${cov:-cov: ?}" "${logfile#"$repo"/}"
    # The broken property or the sanitizer's report, and where the input was saved.
    { grep -A1 'property failed' "$logfile" || true
      grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|Test unit written' \
        "$logfile" || true; } | head -n 8 | sed 's/^/    /'
  fi
done
exit "$status"
