#!/bin/sh
# The options of a sweep's analysis (--metric, --base, --precision,
# --all-pairs, --allow-incomplete) mean nothing for a calibration
# database: each is refused (exit 2, naming the option), not ignored, and
# nothing is written; without them the same call succeeds.
#   discover_calibration_sweep_options.sh TIAOKUAI
set -u
tiaokuai=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$(dirname "$0")/discover_calibration_db.sh" "$work/calibration.db" || exit 1

for option in "--metric nonsense" "--base base" "--precision 0.1" --all-pairs --allow-incomplete; do
  name=${option%% *}
  # $option unquoted: the option and its value as two words.
  "$tiaokuai" analyze "$work/calibration.db" --discover 'satisfaction > 0.7' $option --csv "$work/csv" > "$work/out.txt" 2>&1
  code=$?
  if [ "$code" -ne 2 ] || ! grep -q -- "^tiaokuai: error: $name: applies to sweep databases, and .* is a calibration database" "$work/out.txt" ||
    [ -e "$work/csv" ]; then
    cat "$work/out.txt"
    echo "FAIL: $option with a calibration database: want exit 2 naming $name, nothing written; got exit $code"
    exit 1
  fi
done
"$tiaokuai" analyze "$work/calibration.db" --discover 'satisfaction > 0.7' > /dev/null || exit 1
echo "calibration database: the sweep-only options refused"
