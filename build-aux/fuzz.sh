#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS seconds (default 30) on a copy of its corpus in
# tests/fuzz/corpus/, under AddressSanitizer and UndefinedBehaviorSanitizer.
# Fails when any target finds a crash, a leak or undefined behaviour.
set -uo pipefail

seconds="${1:-30}"
top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/_build-fuzz"
cd "$top"

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null || exit 1
fi

targets=$(cd tests/fuzz && ls fuzz-*.c | sed 's/\.c$//')
# shellcheck disable=SC2086
ninja -C "$build" $(for t in $targets; do echo "tests/fuzz/$t"; done) || exit 1

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
status=0
for target in $targets; do
  work="$build/tests/fuzz/corpus-$target"
  rm -rf "$work" && mkdir -p "$work"
  cp tests/fuzz/corpus/"$target"/* "$work"/
  echo "=== $target (${seconds}s)"
  if ! "$build/tests/fuzz/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -artifact_prefix="$build/tests/fuzz/$target-" "$work" 2>"$build/tests/fuzz/$target.log"; then
    echo "FAILED: $target (see $build/tests/fuzz/$target.log)"
    tail -40 "$build/tests/fuzz/$target.log"
    status=1
  else
    grep -E "^Done|stat::number_of_executed_units" "$build/tests/fuzz/$target.log" | tail -1
  fi
done

exit $status
