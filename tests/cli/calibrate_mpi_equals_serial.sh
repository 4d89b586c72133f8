#!/bin/sh
# A calibration over 3 MPI ranks gives the same posterior, rounds and
# predictive check as the same calibration on one thread.
#   calibrate_mpi_equals_serial.sh MPIEXEC TIAOKUAI TARGETS_FILE
set -eu
mpiexec=$1
tiaokuai=$2
targets=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=$(sh "$(dirname "$0")/mpi_flags.sh")
"$tiaokuai" calibrate "$targets" --db "$work/serial.db" --out "$work/serial" --quiet --jobs 1 >/dev/null
"$mpiexec" $flags -np 3 "$tiaokuai" calibrate "$targets" --db "$work/mpi.db" --out "$work/mpi" --quiet >/dev/null
for file in posterior.csv parameters.csv correlation.csv rounds.csv predictive.csv summary.txt; do
  diff "$work/mpi/$file" "$work/serial/$file"
done
echo "calibration over MPI (3 ranks) equals serial"
