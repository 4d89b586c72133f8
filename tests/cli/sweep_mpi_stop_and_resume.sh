#!/bin/sh
# A stop request (SIGINT) to rank 0 of a sweep over 2 MPI ranks: the runs
# in flight on both ranks finish and are written, rank 0 says how to resume
# and the job exits non-zero; the same command then finishes the sweep, and
# the database exports exactly as a serial sweep's.
#   sweep_mpi_stop_and_resume.sh MPIEXEC TIAOKUAI SWEEP_FILE
set -eu
mpiexec=$1
tiaokuai=$2
sweep=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=$(sh "$(dirname "$0")/mpi_flags.sh")

# The process of rank 0 among the launcher's children (Open MPI, MPICH).
rank_0_of() {
  for child in $(pgrep -P "$1"); do
    if tr '\0' '\n' < "/proc/$child/environ" 2>/dev/null | grep -Eqx 'OMPI_COMM_WORLD_RANK=0|PMI_RANK=0'; then
      echo "$child"
      return
    fi
  done
}

"$tiaokuai" sweep "$sweep" --db "$work/serial.db" --quiet --jobs 1
"$tiaokuai" export "$work/serial.db" --csv "$work/serial" >/dev/null
total=$(wc -l < "$work/serial/runs.csv")
stopped=0
for delay in 0.2 0.4; do
  "$mpiexec" $flags -np 2 "$tiaokuai" sweep "$sweep" --db "$work/mpi.db" --quiet > "$work/stop.txt" 2>&1 &
  launcher=$!
  # Signalled once the sweep runs: before, Ctrl-C ends the process at once.
  while ! grep -q 'runs over 2 MPI ranks' "$work/stop.txt" && kill -0 "$launcher" 2>/dev/null; do sleep 0.05; done
  rank_0=$(rank_0_of "$launcher")
  sleep "$delay"
  [ -n "$rank_0" ] && kill -INT "$rank_0" 2>/dev/null || true
  code=0
  wait "$launcher" || code=$?
  "$tiaokuai" export "$work/mpi.db" --csv "$work/partial" >/dev/null
  # A stop that came after the last run means nothing here.
  if [ "$(wc -l < "$work/partial/runs.csv")" -lt "$total" ]; then
    test "$code" -ne 0
    grep -q '^interrupted: run the same command again to resume$' "$work/stop.txt"
    stopped=$((stopped + 1))
  fi
done
test "$stopped" -gt 0
"$mpiexec" $flags -np 2 "$tiaokuai" sweep "$sweep" --db "$work/mpi.db" --quiet
"$tiaokuai" export "$work/mpi.db" --csv "$work/mpi" >/dev/null
diff -r "$work/mpi" "$work/serial"
echo "stopped over MPI $stopped times, resumed: identical to a serial sweep"
