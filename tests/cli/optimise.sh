#!/bin/sh
# tiaokuai optimise as an analyst runs it, on a small spec:
# - it writes the front, its designs as valid scenarios, and front.json
#   with a version;
# - one thread and two give the same files;
# - a database that lost its last generations (a kill) is resumed: the
#   stored batches are taken, the rest simulated, and every output equals
#   the uninterrupted run's;
# - a re-run into the same folder leaves no stale design files, and an
#   --out that cannot be a folder is refused before the search;
# - under MPI (if MPIEXEC is given), 2 ranks give the same files.
#   optimise.sh TIAOKUAI SPEC [MPIEXEC]
set -eu
tiaokuai=$1
spec=$2
mpiexec=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
outputs="front.csv dropped.csv generations.csv summary.txt"

"$tiaokuai" optimise "$spec" --db "$work/one.db" --out "$work/one" --jobs 1 --quiet > "$work/one.txt"
grep -q '^Pareto front: [1-9]' "$work/one.txt"
grep -q '"version": 1' "$work/one/front.json"
test -s "$work/one/report.html"
test -s "$work/one/figures/pareto_front.svg"
"$tiaokuai" validate "$work"/one/designs/design-*.yaml > /dev/null

"$tiaokuai" optimise "$spec" --db "$work/two.db" --out "$work/two" --jobs 2 --quiet > /dev/null
for file in $outputs; do
  sed "s|$work/two.db|DB|" "$work/two/$file" > "$work/two.cmp"
  sed "s|$work/one.db|DB|" "$work/one/$file" | diff - "$work/two.cmp"
done

# A kill after generation 1: the later batches never reached the file.
cp "$work/one.db" "$work/killed.db"
sqlite3 "$work/killed.db" "DELETE FROM evaluations WHERE stage = 'reevaluate' OR (stage = 'generation' AND round >= 2);
                           DELETE FROM batches WHERE stage = 'reevaluate' OR (stage = 'generation' AND round >= 2);"
"$tiaokuai" optimise "$spec" --db "$work/killed.db" --out "$work/resumed" --quiet > "$work/resumed.txt"
grep -q ' 2 batches taken from ' "$work/resumed.txt"
for file in front.csv dropped.csv generations.csv; do diff "$work/one/$file" "$work/resumed/$file"; done

if [ -n "$mpiexec" ]; then
  flags=$(sh "$(dirname "$0")/mpi_flags.sh")
  "$mpiexec" $flags -np 2 "$tiaokuai" optimise "$spec" --db "$work/mpi.db" --out "$work/mpi" --quiet > /dev/null
  for file in front.csv dropped.csv generations.csv; do diff "$work/one/$file" "$work/mpi/$file"; done
  echo "optimise over MPI (2 ranks) equals serial"
fi
# A re-run into the same folder with a shorter front (a spec nothing can
# meet: one design, exit 1) leaves no design of the old front behind.
set +e
"$tiaokuai" optimise "$(dirname "$spec")/small-county-infeasible.yaml" --db "$work/short.db" --out "$work/one" --quiet > /dev/null 2>&1
code=$?
set -e
test "$code" -eq 1
test -s "$work/one/designs/design-1.yaml"
test ! -e "$work/one/designs/design-2.yaml"

# An --out that can never be a folder is refused before the search: exit 2,
# no database.
touch "$work/a-file"
set +e
"$tiaokuai" optimise "$spec" --db "$work/never.db" --out "$work/a-file/sub" --quiet > /dev/null 2>&1
code=$?
set -e
test "$code" -eq 2
test ! -e "$work/never.db"

echo "optimise: front written, 1 and 2 threads identical, resumed after a kill identical, no stale designs"
