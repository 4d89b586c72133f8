#!/bin/sh
# A sweep over 2 MPI ranks (resumed after a first call with --limit), and
# over 3 ranks of 2 threads each, gives the same database content (as
# exported) as the same sweep on one thread; and rank 0, which also writes
# the database, ran some of the runs itself (its count in the "runs per
# rank" line), the counts adding up to the runs of that call.
#   sweep_mpi_equals_serial.sh MPIEXEC TIAOKUAI SWEEP_FILE
set -eu
mpiexec=$1
tiaokuai=$2
sweep=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=$(sh "$(dirname "$0")/mpi_flags.sh")
"$tiaokuai" sweep "$sweep" --db "$work/serial.db" --quiet --jobs 1
"$tiaokuai" export "$work/serial.db" --csv "$work/serial" >/dev/null
runs=$(($(wc -l < "$work/serial/runs.csv") - 1))
limit=5
for ranks_jobs_limit in "2 1 $limit" "3 2 0"; do
  set -- $ranks_jobs_limit
  name="mpi$1x$2"
  if [ "$3" -gt 0 ]; then
    "$mpiexec" $flags -np "$1" "$tiaokuai" sweep "$sweep" --db "$work/$name.db" --jobs "$2" --limit "$3" --quiet 2> "$work/$name.txt"
    grep -q "^$3 of $runs runs in " "$work/$name.txt"
  fi
  "$mpiexec" $flags -np "$1" "$tiaokuai" sweep "$sweep" --db "$work/$name.db" --jobs "$2" --quiet 2> "$work/$name.txt"
  "$tiaokuai" export "$work/$name.db" --csv "$work/$name" >/dev/null
  diff -r "$work/$name" "$work/serial"
  per_rank=$(grep '^runs per rank: ' "$work/$name.txt")
  if ! echo "$per_rank" | grep -Eq '^runs per rank: 0: [1-9]'; then
    echo "rank 0 ran no run on $1 ranks: $per_rank"
    exit 1
  fi
  counted=$(echo "$per_rank" | sed 's/^runs per rank://' | tr ',' '\n' | awk -F': ' '{ sum += $2 } END { print sum }')
  test "$counted" -eq $((runs - $3))
done
echo "MPI (2 and 3 ranks) equals serial, rank 0 running runs too"
