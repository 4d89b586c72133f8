#!/bin/sh
# A calibration database as `analyze --discover` reads one: the parts of
# the calibration schema (docs/calibration.md) it reads, made with the
# sqlite3 command line, holding 400 evaluated candidates of two parameters
# on a 20 x 20 grid whose target mean is the first parameter plus a tenth
# of the second. Used by discover_calibration*.sh.
#   discover_calibration_db.sh DB
set -eu
sqlite3 "$1" <<'SQL'
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
