#!/usr/bin/env bash
# Runs a command and prints its resident memory every 0.25 s ("seconds MiB" per line),
# so a build's peak can be matched to its stage timings (its stderr goes to $ERR,
# default /tmp/rss_timeline.err):
#
#   bench/rss_timeline.sh target/release/atlas build --timings --root CORPUS -o OUT > rss.txt
#   sort -k2 -n rss.txt | tail -1     # the peak
set -u
err=${ERR:-/tmp/rss_timeline.err}
"$@" 2>"$err" &
pid=$!
t0=$(date +%s.%N)
while kill -0 "$pid" 2>/dev/null; do
  r=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$pid/status" 2>/dev/null)
  echo "$(echo "$(date +%s.%N) - $t0" | bc) ${r:-0}"
  sleep 0.25
done
wait "$pid"
