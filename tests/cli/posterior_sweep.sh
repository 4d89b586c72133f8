#!/bin/sh
# A sweep over a calibration's posterior, as a researcher runs one: a small
# finished calibration (tests/data/calibration-posterior.sql) made with the
# sqlite3 command line, a posterior sweep of tests/data/small-county.yaml
# crossed with one lever, then export, analyze and report. Checks the
# exported points (draws crossed with the lever, the draw slowest, the
# calibrated parameters as columns) and that the same sweep on 1 and 2
# threads exports byte-identical files.
#   posterior_sweep.sh TIAOKUAI TEST_DATA_DIR
set -eu
tiaokuai=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sqlite3 "$work/posterior.db" < "$data/calibration-posterior.sql"
cat > "$work/posterior-sweep.yaml" <<YAML
base: $data/small-county.yaml
design: posterior
posterior: posterior.db
samples: 4
replications: 2
master_seed: 5
set:
  run.horizon_days: 60
factors:
  - {path: levers.reward, values: [1, 2]}
YAML
"$tiaokuai" sweep "$work/posterior-sweep.yaml" --db "$work/one.db" --jobs 1 --quiet
"$tiaokuai" sweep "$work/posterior-sweep.yaml" --db "$work/two.db" --jobs 2 --quiet
"$tiaokuai" export "$work/one.db" --csv "$work/one" >/dev/null
"$tiaokuai" export "$work/two.db" --csv "$work/two" >/dev/null
diff -r "$work/one" "$work/two"

runs="$work/one/runs.csv"
# 4 draws x 2 levels x 2 replications, and a header.
test "$(wc -l < "$runs")" -eq 17
head -n 1 "$runs" | grep -q '^run,point,label,replication,seed,status,message,events,levers.incentive_weight,departments.0.staff,levers.reward,'
# Points 0 and 1 are draw 0 at both levels; point 7 is draw 3 at the second.
grep -q '^0,0,draw:0 levers.reward=1,0,5,ok,' "$runs"
grep -q '^3,1,draw:0 levers.reward=2,1,5,ok,' "$runs"
grep -q '^15,7,draw:3 levers.reward=2,1,5,ok,' "$runs"
# Every run's calibrated values are one of the posterior's particles, the
# staff rounded to a whole number.
cut -d, -f9,10 "$runs" | tail -n +2 | sort -u > "$work/drawn"
grep -vxE '0\.125,2|0\.25,4|0\.75,5' "$work/drawn" && exit 1

"$tiaokuai" analyze "$work/one.db" --csv "$work/analysis" --report "$work/report" > "$work/analysis.txt"
grep -q 'posterior design, 8 points x 2 replications' "$work/analysis.txt"
test -s "$work/report/index.html"
echo "posterior sweep: draws crossed with the lever, exported, analysed and reported; 1 and 2 threads identical"
