#!/usr/bin/env bash
# The long pass of the property tests in tests/properties.rs: every property with
# PROPTEST_CASES cases (default 100000), in release mode, one test at a time so that each
# reports its own time. Whole-site builds (two builds per case) run SITE_CASES cases
# (default 2000), since 100,000 of them take hours on two cores.
# Usage: bench/proptest_long.sh [CASES]   (CARGO_PROFILE_FLAG="" to reuse a debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-100000}"
site_cases="${SITE_CASES:-2000}"
profile="${CARGO_PROFILE_FLAG---release}"
cargo test $profile --test properties --no-run >/dev/null
tests=(
  site_toml_never_panics_and_errors_are_located
  dev_server_answers_every_request_path_and_host_without_a_server_error
  search_queries_through_the_js_engine_never_throw
  notes_parse_and_render_without_panics_with_located_diagnostics
  sites_build_identically_and_every_diagnostic_is_inside_its_file
)
status=0
for t in "${tests[@]}"; do
  n="$cases"
  [ "$t" = sites_build_identically_and_every_diagnostic_is_inside_its_file ] && n="$site_cases"
  start=$(date +%s)
  if PROPTEST_CASES="$n" cargo test $profile --test properties -q -- --exact "$t" >/tmp/proptest_long_"$t".log 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
  fi
  printf '%-75s %8s cases  %5ss  %s\n' "$t" "$n" "$(( $(date +%s) - start ))" "$result"
  [ "$result" = ok ] || tail -30 /tmp/proptest_long_"$t".log
done
exit $status
