#!/bin/sh
# A sweep over 2 and over 3 MPI ranks gives the same database content (as
# exported) as the same sweep on one thread.
#   sweep_mpi_equals_serial.sh MPIEXEC TIAOKUAI SWEEP_FILE
set -eu
mpiexec=$1
tiaokuai=$2
sweep=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Open MPI refuses to run as root without these; oversubscribe lets 2 ranks
# share a small CI machine.
flags=""
if [ "$(id -u)" = 0 ]; then flags="--allow-run-as-root --oversubscribe"; fi
"$tiaokuai" sweep "$sweep" --db "$work/serial.db" --quiet --jobs 1
"$tiaokuai" export "$work/serial.db" --csv "$work/serial" >/dev/null
for ranks in 2 3; do
  "$mpiexec" $flags -np "$ranks" "$tiaokuai" sweep "$sweep" --db "$work/mpi$ranks.db" --quiet
  "$tiaokuai" export "$work/mpi$ranks.db" --csv "$work/mpi$ranks" >/dev/null
  diff -r "$work/mpi$ranks" "$work/serial"
done
echo "MPI (2 and 3 ranks) equals serial"
