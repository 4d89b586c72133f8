#!/bin/sh
# A sweep's runs record what repeats them: `tiaokuai run` of the base with
# the point's factor values (and the sweep's own `set:`), --seed SEED and
# --run-index REPLICATION from the run's row, gives the same run (the same
# event count and issue counts) as the sweep did.
#   sweep_run_repeatable.sh TIAOKUAI SWEEP BASE [--set KEY=VALUE ...]
# (the --set arguments are the sweep file's own `set:` block)
set -eu
tiaokuai=$1 sweep=$2 base=$3
shift 3
rm -rf repeat_run.db repeat_run_csv
"$tiaokuai" sweep "$sweep" --db repeat_run.db --quiet > /dev/null
"$tiaokuai" export repeat_run.db --csv repeat_run_csv > /dev/null
runs=repeat_run_csv/runs.csv
# The last run: its point and replication are both past the first.
row=$(tail -n 1 "$runs")
column() { # the value of column $1 in $row
  index=$(head -n 1 "$runs" | tr ',' '\n' | grep -nx -- "$1" | cut -d: -f1)
  [ -n "$index" ] || { echo "FAIL: runs.csv has no column $1"; exit 1; }
  printf '%s\n' "$row" | cut -d, -f"$index"
}
seed=$(column seed)
replication=$(column replication)
[ "$replication" -gt 0 ] || { echo "FAIL: the last run is replication 0"; exit 1; }
# The factor columns sit between `events` and the first metric (issues.arisen).
header=$(head -n 1 "$runs")
factors=$(printf '%s\n' "$header" | tr ',' '\n' | sed -n '/^events$/,/^issues\.arisen$/p' | sed '1d;$d')
for factor in $factors; do set -- "$@" --set "$factor=$(column "$factor")"; done
"$tiaokuai" run "$base" "$@" --seed "$seed" --run-index "$replication" --json > repeat_run.json
for key in events arisen resolved escalated; do
  swept=$(column "$( [ $key = events ] && echo events || echo issues.$key)")
  repeated=$(grep -m1 "\"$key\":" repeat_run.json | tr -dc '0-9')
  if [ "$swept" != "$repeated" ]; then
    echo "FAIL: $key is $swept in the sweep's run but $repeated in tiaokuai run $* --seed $seed --run-index $replication"
    exit 1
  fi
done
echo "ok: the sweep's last run (seed $seed, replication $replication) repeats with tiaokuai run"
