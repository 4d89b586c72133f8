#!/bin/sh
# A sweep over 2 MPI ranks gives the same database content (as exported) as
# the same sweep on one thread.
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
"$mpiexec" $flags -np 2 "$tiaokuai" sweep "$sweep" --db "$work/mpi.db" --quiet
"$tiaokuai" sweep "$sweep" --db "$work/serial.db" --quiet --jobs 1
"$tiaokuai" export "$work/mpi.db" --csv "$work/mpi" >/dev/null
"$tiaokuai" export "$work/serial.db" --csv "$work/serial" >/dev/null
diff -r "$work/mpi" "$work/serial"
echo "MPI (2 ranks) equals serial"
