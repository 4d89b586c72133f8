#!/bin/sh
# Kills a running sweep with SIGKILL at several points, resumes it each
# time, and checks that the final database exports exactly as an
# uninterrupted sweep's does: no run lost, none duplicated.
#   sweep_kill_and_resume.sh TIAOKUAI SWEEP_FILE
set -eu
tiaokuai=$1
sweep=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$tiaokuai" sweep "$sweep" --db "$work/whole.db" --quiet --jobs 2
interrupted=0
for delay in 0.1 0.15 0.2 0.25 0.3; do
  "$tiaokuai" sweep "$sweep" --db "$work/killed.db" --quiet --jobs 2 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -e "$work/killed.db" ]; then
    "$tiaokuai" export "$work/killed.db" --csv "$work/partial" >/dev/null
    if [ "$(wc -l < "$work/partial/runs.csv")" -lt 161 ]; then interrupted=$((interrupted + 1)); fi
  fi
done
# The test means something only if some kill landed mid-sweep.
test "$interrupted" -gt 0
"$tiaokuai" sweep "$sweep" --db "$work/killed.db" --quiet --jobs 2
"$tiaokuai" export "$work/whole.db" --csv "$work/whole" >/dev/null
"$tiaokuai" export "$work/killed.db" --csv "$work/killed" >/dev/null
diff -r "$work/whole" "$work/killed"
test "$(wc -l < "$work/killed/runs.csv")" -eq 161
echo "killed mid-sweep $interrupted times, resumed: identical to an uninterrupted sweep"
