#!/bin/sh
# Scenario discovery in a calibration database, as `analyze --discover`
# reads one: the parts of the calibration schema (docs/calibration.md) it
# reads, made with the sqlite3 command line, holding 400 evaluated
# candidates of two parameters on a 20 x 20 grid whose target mean is the
# first parameter plus a tenth of the second. 'satisfaction > 0.7' then
# holds in 142 candidates, all with levers.incentive_weight of 12/19 or
# more: the chosen box (the first of density 0.8) must restrict it from
# below, halfway between the grid's 11/19 and 12/19, and keep its top.
#   discover_calibration.sh TIAOKUAI
set -eu
tiaokuai=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sqlite3 "$work/calibration.db" <<'SQL'
-- Only the tables and columns of the calibration schema that discovery reads.
CREATE TABLE calibration_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE parameters(idx INTEGER PRIMARY KEY, path TEXT NOT NULL);
CREATE TABLE targets(idx INTEGER PRIMARY KEY, metric TEXT NOT NULL);
CREATE TABLE evaluations(stage TEXT, round INTEGER, batch INTEGER, candidate INTEGER, parameter_values TEXT, target_means TEXT);
INSERT INTO calibration_meta VALUES ('format', 'tiaokuai-calibration 1'), ('status', 'running'), ('method', 'rejection');
INSERT INTO parameters VALUES (0, 'levers.incentive_weight'), (1, 'levers.party_coordination');
INSERT INTO targets VALUES (0, 'rates.escalation'), (1, 'satisfaction');
WITH RECURSIVE grid(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM grid WHERE i < 399),
     candidates(i, a, b) AS (SELECT i, (i % 20) / 19.0, (i / 20) / 19.0 FROM grid)
INSERT INTO evaluations SELECT 'rejection', 0, 0, i, '[' || a || ',' || b || ']', '[0.1,' || (a + 0.1 * b) || ']'
FROM candidates;
SQL

"$tiaokuai" analyze "$work/calibration.db" --discover 'satisfaction > 0.7' --csv "$work/csv" > "$work/out.txt"
grep -q '400 calibration candidates, 142 of interest' "$work/out.txt"
grep -Eq 'levers\.incentive_weight +in \[0\.6053, 1\] of \[0, 1\] +quasi-p' "$work/out.txt"
test -s "$work/csv/discovery_trajectory.csv"
test -s "$work/csv/discovery_box.csv"
test ! -e "$work/csv/effects.csv"
echo "calibration candidates: the box found"
