#!/bin/sh
# A falsification variant of the study's experiment must turn a claim's
# verdict: runs `tiaokuai reproduce --quick --sweep FILE` once and checks
# that each named claim's row in the printed table ends with the expected
# verdict.
#   falsification.sh TIAOKUAI SWEEP_FILE OUT_DIR CLAIM_ID VERDICT [CLAIM_ID VERDICT ...]
set -u
tiaokuai=$1 sweep=$2 out=$3
shift 3
rm -rf "$out"
if ! "$tiaokuai" reproduce --quick --sweep "$sweep" --out "$out" > "$out.txt" 2> "$out.err"; then
  tail -n 20 "$out.err"
  echo "FAIL: reproduce --quick --sweep $sweep exited non-zero"
  exit 1
fi
while [ $# -ge 2 ]; do
  claim=$1 verdict=$2
  shift 2
  # The table prints a claim's id on one line and its effect, Holm p,
  # robustness, split and verdict on the next, the verdict last.
  found=$(awk -v id="$claim" 'take { print; exit } $1 == id { take = 1 }' "$out.txt")
  case "$found" in
    *" not supported") found="not supported" ;;
    *" supported") found=supported ;;
    *" negligible") found=negligible ;;
    *" mixed") found=mixed ;;
  esac
  if [ "$found" != "$verdict" ]; then
    cat "$out.txt"
    echo "FAIL: claim $claim is '$found' under $sweep, not '$verdict'"
    exit 1
  fi
  echo "claim $claim: $found under $sweep"
done
