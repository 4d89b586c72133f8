#!/bin/sh
# Runs every broken scenario and sweep file of tests/bad_inputs/ and checks
# that each gives exit code 2, exactly one line on stderr naming the file
# and containing the file's "# expect:" fragment (the key or the problem),
# and leaves no output behind. Scenario files go through `tiaokuai run
# --out`, sweep files (sweep-*.yaml) through `tiaokuai sweep --db`, targets
# files (targets-*.yaml) through `tiaokuai calibrate --db --out`,
# optimisation specs (optimise-*.yaml) through `tiaokuai optimise --db --out`.
#   bad_inputs.sh TIAOKUAI CORPUS_DIR
set -u
tiaokuai=$1
corpus=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count=0
failures=0
for file in "$corpus"/*.yaml; do
  name=$(basename "$file")
  case "$name" in base.yaml | extends-cycle-partner.yaml) continue ;; esac
  expect=$(sed -n 's/^# expect: //p' "$file" | head -n 1)
  [ -s "$file" ] || expect="the file is empty"
  rm -rf "$work/out" "$work/results.db"
  case "$name" in
    sweep-*)
      "$tiaokuai" sweep "$file" --db "$work/results.db" --quiet >"$work/stdout" 2>"$work/stderr"
      code=$?
      left="$work/results.db" ;;
    optimise-*)
      "$tiaokuai" optimise "$file" --db "$work/results.db" --out "$work/out" --quiet >"$work/stdout" 2>"$work/stderr"
      code=$?
      left="$work/results.db $work/out" ;;
    targets-*)
      "$tiaokuai" calibrate "$file" --db "$work/results.db" --out "$work/out" --quiet >"$work/stdout" 2>"$work/stderr"
      code=$?
      left="$work/results.db $work/out" ;;
    *)
      "$tiaokuai" run "$file" --out "$work/out" >"$work/stdout" 2>"$work/stderr"
      code=$?
      left="$work/out" ;;
  esac
  problem=""
  [ "$code" -eq 2 ] || problem="$problem; exit code $code, not 2"
  [ "$(wc -l <"$work/stderr")" -eq 1 ] || problem="$problem; not exactly one line on stderr"
  grep -qF "$name" "$work/stderr" || problem="$problem; the message does not name the file"
  grep -qF -- "$expect" "$work/stderr" || problem="$problem; the message lacks '$expect'"
  for path in $left; do
    [ ! -e "$path" ] || problem="$problem; output left behind"
  done
  count=$((count + 1))
  if [ -n "$problem" ]; then
    failures=$((failures + 1))
    echo "FAIL $name$problem"
    sed 's/^/    /' "$work/stderr"
  fi
done
echo "$count bad inputs, $failures failed"
[ "$failures" -eq 0 ] && [ "$count" -ge 50 ]
