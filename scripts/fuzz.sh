#!/usr/bin/env bash
# Fuzzes the core's readers of untrusted input, each for a bounded time (`make fuzz`).
#
# Targets (fuzz/fuzz_targets/, seeds in fuzz/corpus/<target>/):
#   verify_signed   sign::verify on any bytes: a signed review file from anywhere
#   template_load   Template::from_json, then every field of a template it accepts
#   canonical_json  sign::canonicalize (RFC 8785) on any JSON, and its idempotence
#   review_values   review::check_value, completeness, validate and word_count on answers
#   open_package    package::open_package on any bytes: a package from anywhere
#   markdown_pdf    pdf::render of a review whose answers are any text (Markdown, any script)
#
# Usage: scripts/fuzz.sh [TARGET...]       (no argument: every target)
#   FUZZ_SECONDS    seconds per target (default 60)
#   FUZZ_SANITIZER  address (default) or none (faster, finds panics only)
#
# cargo-fuzz needs unstable compiler flags: RUSTC_BOOTSTRAP=1 lets the stable toolchain accept
# them, so no nightly is needed. cargo-fuzz itself is installed when missing.
#
# Prints, per target, the inputs executed and whether it crashed; exits non-zero when any
# target crashed (or hit a timeout or the memory limit). A crashing input is saved in
# fuzz/artifacts/<target>/. Reproduce it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz <target> <file>
# minimise it with `cargo fuzz tmin --fuzz-dir fuzz <target> <file>`, then copy it to
# tests/vectors/fuzz/<target>/ and list the outcome it must now get in
# tests/fuzz_regressions/main.rs.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fuzz_dir="$root/fuzz"
seconds=${FUZZ_SECONDS:-60}
sanitizer=${FUZZ_SANITIZER:-address}
all_targets=(verify_signed template_load canonical_json review_values open_package markdown_pdf)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

export RUSTC_BOOTSTRAP=1
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf 'fuzz: %s\n' "$*" >&2; }

case "$seconds" in
  '' | *[!0-9]*) say "FUZZ_SECONDS must be a whole number of seconds, not '$seconds'"; exit 2 ;;
esac
for t in "${targets[@]}"; do
  [ -f "$fuzz_dir/fuzz_targets/$t.rs" ] || { say "no such target: $t (targets: ${all_targets[*]})"; exit 2; }
done

if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

say "building ${targets[*]} (sanitizer: $sanitizer)"
for t in "${targets[@]}"; do
  cargo fuzz build --fuzz-dir "$fuzz_dir" --sanitizer "$sanitizer" "$t"
done

work="$fuzz_dir/work"
declare -A execs result
failed=0
for t in "${targets[@]}"; do
  corpus="$work/corpus/$t"   # what the fuzzer learns; the seeds in fuzz/corpus stay as they are
  artifacts="$fuzz_dir/artifacts/$t"
  log="$work/$t.log"
  mkdir -p "$corpus" "$artifacts"
  before=$(find "$artifacts" -type f | sort)
  say "running $t for ${seconds}s"
  status=0
  cargo fuzz run --fuzz-dir "$fuzz_dir" --sanitizer "$sanitizer" "$t" \
    "$corpus" "$fuzz_dir/corpus/$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 -dict="$fuzz_dir/json.dict" \
    -artifact_prefix="$artifacts/" -timeout=10 -rss_limit_mb=2048 \
    >"$log" 2>&1 || status=$?
  execs[$t]=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  [ -n "${execs[$t]}" ] || execs[$t]="?"
  new=$(comm -13 <(printf '%s\n' "$before") <(find "$artifacts" -type f | sort) | sed '/^$/d')
  if [ "$status" -eq 0 ] && [ -z "$new" ]; then
    result[$t]="no crash"
  else
    failed=1
    kind=crash
    grep -qE 'ERROR: libFuzzer: timeout|Slowest unit' "$log" && kind=timeout
    grep -q 'ERROR: libFuzzer: out-of-memory' "$log" && kind="out of memory"
    result[$t]="$kind (exit $status)${new:+: $(printf '%s' "$new" | tr '\n' ' ')}"
    say "$t: $kind; the log is $log"
    grep -m1 -A3 -E 'panicked at|ERROR: (libFuzzer|AddressSanitizer)' "$log" | sed 's/^/    /' >&2 || true
  fi
done

printf '\n%-16s %14s  %s\n' target executions result
for t in "${targets[@]}"; do
  printf '%-16s %14s  %s\n' "$t" "${execs[$t]}" "${result[$t]}"
done
printf '(%s s per target)\n' "$seconds"
exit "$failed"
