#!/bin/sh
# Variants crossed with posterior draws, as a researcher runs them:
# tests/data/sweeps/posterior-variants.yaml (2 variants x 3 draws from
# tests/data/posterior-small.csv, 2 replications) on 1 and 2 threads must
# export byte-identical files, with the draw varying slowest and the
# variant's staff winning over the drawn one; then the file that extends it
# (posterior-variants-falsified.yaml) runs the same points with its own
# setting, and a resume of the first database with the second file is
# refused.
#   posterior_variants_sweep.sh TIAOKUAI TEST_DATA_DIR
set -eu
tiaokuai=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sweep="$data/sweeps/posterior-variants.yaml"
"$tiaokuai" sweep "$sweep" --db "$work/one.db" --jobs 1 --quiet
"$tiaokuai" sweep "$sweep" --db "$work/two.db" --jobs 2 --quiet
"$tiaokuai" export "$work/one.db" --csv "$work/one" >/dev/null
"$tiaokuai" export "$work/two.db" --csv "$work/two" >/dev/null
diff -r "$work/one" "$work/two"

runs="$work/one/runs.csv"
# 3 draws x 2 variants x 2 replications, and a header.
test "$(wc -l < "$runs")" -eq 13
head -n 1 "$runs" | grep -q '^run,point,label,replication,seed,status,message,events,levers.incentive_weight,departments.0.staff,levers.reward,'
grep -q '^0,0,draw:0 status_quo,0,5,ok,' "$runs"
grep -q '^3,1,draw:0 rewarded,1,5,ok,' "$runs"
grep -q '^11,5,draw:2 rewarded,1,5,ok,' "$runs"
# The variant's staff (7) wins over the draw's; the status quo's staff is
# a drawn particle's, rounded.
grep 'draw:[0-9] rewarded' "$runs" | cut -d, -f10 | sort -u | grep -qx 7
grep 'draw:[0-9] status_quo' "$runs" | cut -d, -f9,10 | sort -u > "$work/drawn"
grep -vxE '0\.125,2|0\.25,4|0\.75,5' "$work/drawn" && exit 1

falsified="$data/sweeps/posterior-variants-falsified.yaml"
"$tiaokuai" sweep "$falsified" --db "$work/falsified.db" --jobs 2 --quiet
"$tiaokuai" export "$work/falsified.db" --csv "$work/falsified" >/dev/null
cut -d, -f1-4 "$runs" > "$work/points"
cut -d, -f1-4 "$work/falsified/runs.csv" | diff "$work/points" -
code=0
"$tiaokuai" sweep "$falsified" --db "$work/one.db" --quiet 2> "$work/refused.txt" || code=$?
test "$code" -eq 2
grep -q "this database holds a different sweep" "$work/refused.txt"
echo "variants crossed with posterior draws: 1 and 2 threads identical; the extending file runs the same points and cannot resume the other's database"
