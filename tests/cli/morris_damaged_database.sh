#!/bin/sh
# A morris database whose stored grid or labels were edited by hand: a
# range that no longer holds the points (or is empty) is refused as damaged
# (exit 2, naming the file), and a first point labelled as a later step
# of its trajectory is read without a crash.
#   morris_damaged_database.sh TIAOKUAI SMALL_MORRIS_SWEEP
set -u
tiaokuai=$1 sweep=$2
rm -f morris_damaged*.db*
"$tiaokuai" sweep "$sweep" --db morris_damaged.db --quiet > /dev/null || exit 1
for range in '[0.7, 0.9]' '[0.6, 0.6]'; do
  cp morris_damaged.db morris_damaged_range.db
  sqlite3 morris_damaged_range.db "UPDATE sweep SET yaml = replace(yaml, 'range: [0, 0.6]', 'range: $range')" || exit 1
  "$tiaokuai" analyze morris_damaged_range.db > morris_damaged.out 2>&1
  code=$?
  if [ "$code" -ne 2 ] || ! grep -q '^tiaokuai: error: morris_damaged_range.db: damaged results database: ' morris_damaged.out; then
    cat morris_damaged.out
    echo "FAIL: a stored range $range gave exit $code"
    exit 1
  fi
done
cp morris_damaged.db morris_damaged_label.db
sqlite3 morris_damaged_label.db "UPDATE points SET label = 'T:0:1' WHERE point = 0" || exit 1
"$tiaokuai" analyze morris_damaged_label.db > morris_damaged.out 2>&1
code=$?
if [ "$code" -ne 0 ]; then
  cat morris_damaged.out
  echo "FAIL: a relabelled first point gave exit $code"
  exit 1
fi
echo "ok: damaged morris databases refused or read without a crash"
