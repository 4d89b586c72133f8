-- A finished calibration of two parameters of tests/data/small-county.yaml
-- (one of them whole numbers) with three weighted particles, in the schema
-- `tiaokuai calibrate` writes: the fixture of posterior sweeps
-- (tests/experiments/posterior_design_test.cpp, tests/cli/posterior_sweep.sh,
-- tests/bad_inputs/cases/posterior.cases). Make it with
--   sqlite3 posterior.db < calibration-posterior.sql
CREATE TABLE calibration_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE parameters(idx INTEGER PRIMARY KEY, path TEXT NOT NULL, integer INTEGER NOT NULL, prior TEXT NOT NULL, low REAL NOT NULL, high REAL NOT NULL);
CREATE TABLE posterior(particle INTEGER PRIMARY KEY, weight REAL NOT NULL, distance REAL);
CREATE TABLE posterior_values(particle INTEGER NOT NULL, parameter INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY(particle, parameter));
INSERT INTO calibration_meta VALUES ('format', 'tiaokuai-calibration 1'), ('status', 'complete'), ('method', 'abc-smc'), ('targets_file', 'w-targets.yaml');
INSERT INTO parameters VALUES (0, 'levers.incentive_weight', 0, 'uniform', 0, 1), (1, 'departments.0.staff', 1, 'uniform', 1, 9);
INSERT INTO posterior VALUES (0, 0.5, 0.1), (1, 0.3, 0.2), (2, 0.2, 0.3);
INSERT INTO posterior_values VALUES (0, 0, 0.125), (0, 1, 2.4), (1, 0, 0.25), (1, 1, 3.6), (2, 0, 0.75), (2, 1, 5);
