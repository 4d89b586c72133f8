#!/bin/sh
# Scenario discovery in a calibration database (discover_calibration_db.sh:
# 400 candidates on a 20 x 20 grid, the target mean the first parameter
# plus a tenth of the second). 'satisfaction > 0.7' then holds in 142
# candidates, all with levers.incentive_weight of 12/19 or more: the chosen
# box (the first of density 0.8) must restrict it from below, halfway
# between the grid's 11/19 and 12/19, and keep its top.
#   discover_calibration.sh TIAOKUAI
set -eu
tiaokuai=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$(dirname "$0")/discover_calibration_db.sh" "$work/calibration.db"

"$tiaokuai" analyze "$work/calibration.db" --discover 'satisfaction > 0.7' --csv "$work/csv" --report "$work/report" > "$work/out.txt"
grep -q '400 calibration candidates, 142 of interest' "$work/out.txt"
grep -Eq 'levers\.incentive_weight +in \[0\.6053, 1\] of \[0, 1\] +quasi-p' "$work/out.txt"
test -s "$work/csv/discovery_trajectory.csv"
test -s "$work/csv/discovery_box.csv"
test ! -e "$work/csv/effects.csv"
# The report holds the discovery alone, its two figures also standalone.
grep -q '<h2>The chosen box</h2>' "$work/report/index.html"
grep -q '^0,.*,levers.incentive_weight,' "$work/report/figures/discovery_box.csv"
test -s "$work/report/figures/discovery_trajectory.svg"
echo "calibration candidates: the box found"
