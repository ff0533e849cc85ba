#!/usr/bin/env bash
# Fuzz smoke test: builds every target in fuzz/ with cargo-fuzz (nightly),
# then runs each one for a bounded time on a copy of its committed corpus
# (fuzz/corpus/TARGET) plus its regression inputs (tests/data/fuzz/TARGET).
# Fails if any target crashes; the crashing input is kept in
# fuzz/artifacts/TARGET/ — copy it to tests/data/fuzz/TARGET/ once fixed.
#
# Usage: scripts/fuzz-smoke.sh            (FUZZ_SECONDS=20 per target)
#        FUZZ_SECONDS=60 scripts/fuzz-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${FUZZ_SECONDS:-20}

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz-smoke: the nightly toolchain is missing (rustup toolchain list)" >&2
    exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

# The submit target keeps its store in a temp dir; libFuzzer exits without
# dropping it, so every temp file goes under one folder removed at the end.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work"

cd fuzz
# Safe Rust gains little from AddressSanitizer; without it the build and the
# runs are faster. 16 codegen units halve the build on two cores.
build_flags=(--sanitizer none --codegen-units 16)

echo "== building the fuzz targets"
start=$(date +%s)
cargo +nightly fuzz build "${build_flags[@]}"
echo "built in $(($(date +%s) - start)) s"

failed=()
for target in $(cargo +nightly fuzz list); do
    corpus="$work/corpus/$target"
    mkdir -p "$corpus" "artifacts/$target"
    for seeds in "corpus/$target" "$root/tests/data/fuzz/$target"; do
        if [ -d "$seeds" ]; then
            cp -R "$seeds/." "$corpus/"
        fi
    done
    echo "== fuzzing $target for $seconds s"
    if ! cargo +nightly fuzz run "${build_flags[@]}" "$target" "$corpus" -- \
        -max_total_time="$seconds" -timeout=20 -print_final_stats=1 \
        >"$work/$target.log" 2>&1; then
        tail -n 40 "$work/$target.log"
        failed+=("$target")
    else
        grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' "$work/$target.log" || true
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz-smoke: crashes in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz-smoke: every target ran $seconds s without a crash"
