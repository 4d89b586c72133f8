#!/bin/sh
# MPI sweep benchmark: one sweep of W county with runs of about a second
# (a 50-year horizon; 2 levels of one lever x REPLICATIONS, default 20),
# run with `tiaokuai sweep FILE --jobs 1` and with `mpirun -np 2 tiaokuai
# sweep FILE`, alternately for ROUNDS rounds (default 2), each into a fresh
# database and timed from outside (start-up, MPI's included). Prints each
# wall time, the speed-up of 2 ranks over 1 thread, a run's mean time in
# each, the load average before and after (the machine is shared: quote
# figures from quiet rounds), and checks that the two databases export the
# same. docs/performance.md records the figures.
#   bench/mpi_sweep.sh TIAOKUAI [SCENARIO] [REPLICATIONS] [ROUNDS]
# MPIEXEC (default mpirun) names the launcher; the sqlite3 shell reads the
# run times.
set -eu
tiaokuai=$1
scenario=$(realpath "${2:-scenarios/w-county.yaml}")
replications=${3:-20}
rounds=${4:-2}
mpiexec=${MPIEXEC:-mpirun}
flags=$(sh "$(dirname "$0")/../tests/cli/mpi_flags.sh")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/sweep.yaml" <<YAML
base: $scenario
design: full_factorial
replications: $replications
master_seed: 1
set:
  run.horizon_days: 18250
factors:
  - path: levers.incentive_weight
    values: [0.15, 0.35]
YAML

# A run's own wall time, which shows whether the simulations slowed down
# beside each other (a shared machine, memory) rather than the sweep.
mean_run_seconds() { sqlite3 "$1" 'SELECT avg(wall_seconds) FROM runs'; }

# Seconds since `start`, with nanoseconds.
seconds_since() { awk -v now="$(date +%s.%N)" -v start="$1" 'BEGIN { print now - start }'; }

echo "$((2 * replications)) runs of $scenario, 50 simulated years each; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
round=1
while [ "$round" -le "$rounds" ]; do
  rm -f "$work"/serial.db* "$work"/mpi.db*
  start=$(date +%s.%N)
  "$tiaokuai" sweep "$work/sweep.yaml" --db "$work/serial.db" --jobs 1 --quiet 2> /dev/null
  serial=$(seconds_since "$start")
  start=$(date +%s.%N)
  "$mpiexec" $flags -np 2 "$tiaokuai" sweep "$work/sweep.yaml" --db "$work/mpi.db" --quiet 2> "$work/mpi.txt"
  mpi=$(seconds_since "$start")
  "$tiaokuai" export "$work/serial.db" --csv "$work/serial" > /dev/null
  "$tiaokuai" export "$work/mpi.db" --csv "$work/mpi" > /dev/null
  diff -r "$work/serial" "$work/mpi" > /dev/null
  printf 'round %d: --jobs 1 %.2f s, mpirun -np 2 %.2f s, speed-up %.2fx; mean run %.3f s / %.3f s (%s)\n' "$round" "$serial" "$mpi" \
    "$(awk -v serial="$serial" -v mpi="$mpi" 'BEGIN { print serial / mpi }')" "$(mean_run_seconds "$work/serial.db")" \
    "$(mean_run_seconds "$work/mpi.db")" "$(grep '^runs per rank' "$work/mpi.txt")"
  round=$((round + 1))
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (goal: speed-up at least 1.85x)"
