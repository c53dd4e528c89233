#!/usr/bin/env bash
# Builds Trove and runs everything CI checks: a --werror build with the whole test suite,
# the unit suite again under valgrind memcheck, a sanitizer build with the unit, server,
# integration and ui suites, the fuzzers for a bounded time, and the formatting check. Ends
# with one line: "N passed, N failed".
# On a fresh Debian 12 machine this installs the build dependencies first.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

./build-aux/install-deps.sh || exit 1

passed=0
failed=0
failures=()

# Runs `meson test` in build dir $1 with the remaining arguments and adds each test's result
# (from meson's JSON log) to the totals. A run that fails without a log counts as one failure.
# With `--setup NAME` meson writes its log as testlog-NAME.json.
run_meson_test() {
  local dir="$1"
  shift
  local log="$dir/meson-logs/testlog.json"
  local status counts arg previous=""
  for arg in "$@"; do
    if [ "$previous" = "--setup" ]; then
      log="$dir/meson-logs/testlog-${arg//:/_}.json"
    fi
    previous="$arg"
  done
  rm -f "$log"
  meson test -C "$dir" --print-errorlogs --num-processes 2 "$@"
  status=$?
  if [ ! -f "$log" ]; then
    if [ "$status" -ne 0 ]; then
      failed=$((failed + 1))
      failures+=("$dir: meson test $* (no log)")
    fi
    return
  fi
  # First line: the counts; then one line per test that did not pass, or per line of the log
  # that could not be read.
  local report
  report=$(python3 - "$log" <<'PY'
import json, sys
ok = 0
bad = []
for number, line in enumerate(open(sys.argv[1]), 1):
    try:
        test = json.loads(line)
        name, result, duration = test["name"], test["result"], float(test["duration"])
    except (ValueError, KeyError, TypeError) as error:
        bad.append(f"line {number} of {sys.argv[1]} is not a test result ({error})")
        continue
    if result in ("OK", "EXPECTEDFAIL"):
        ok += 1
    else:
        bad.append(f"{name} ({result}, {duration:.1f} s)")
print(ok, len(bad))
for name in bad:
    print(name)
PY
)
  if [ -z "$report" ]; then
    report="0 1
$log could not be read"
  fi
  counts=$(head -n 1 <<<"$report")
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
  while IFS= read -r line; do
    [ -n "$line" ] && failures+=("$dir: $line")
  done < <(tail -n +2 <<<"$report")
  # Every test in the log passed, yet meson failed (a setup or build step, a test it never logged).
  if [ "$status" -ne 0 ] && [ "${counts#* }" = "0" ]; then
    failed=$((failed + 1))
    failures+=("$dir: meson test $* exited $status")
  fi
}

check() {
  local name="$1"
  shift
  echo "=== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "FAILED: $name"
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

# Configures build dir $1 with the options given, also when it exists already: a folder made
# by hand (README's `meson setup _build -Dprofile=development`) must not run without them.
setup() {
  local dir="$1"
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" || return 1
  else
    meson setup "$dir" "$@" || return 1
  fi
}

# 1. The release build, warnings as errors, and the whole suite.
if check "build (--werror)" bash -c "$(declare -f setup); setup _build --werror -Dstrict_tests=true -Db_sanitize=none && ninja -C _build"; then
  echo "=== meson test"
  run_meson_test _build
  # The unit suite again under valgrind memcheck (the "valgrind" test setup in meson.build):
  # any memcheck error or definite leak fails the test. The same build: no sanitizers.
  echo "=== meson test (valgrind)"
  run_meson_test _build --setup valgrind --suite unit
fi

# 2. AddressSanitizer and UndefinedBehaviorSanitizer over the unit, integration, server and ui
# suites (the ui suite on both renderers; tests/ui/meson.build says which ui tests run without
# the leak check, and why). The ui suite adds about 2.5 minutes on 2 processes.
if check "build (sanitizers)" bash -c "$(declare -f setup); setup _build-sanitize --werror -Dstrict_tests=true -Db_sanitize=address,undefined -Db_lundef=false && ninja -C _build-sanitize"; then
  echo "=== meson test (sanitizers)"
  run_meson_test _build-sanitize --suite unit --suite integration --suite server --suite ui
fi

# 3. Fuzzers, a bounded time each.
check "fuzzing" bash build-aux/fuzz.sh 30

# 4. Formatting.
check "clang-format" bash -c 'git ls-files -z -- "src/*.[ch]" "tests/*.[ch]" | xargs -0 -r clang-format --dry-run --Werror'

# What failed, once more at the end: CI keeps only the tail of this output.
for line in "${failures[@]}"; do
  echo "FAILED: $line"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
