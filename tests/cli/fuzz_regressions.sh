#!/bin/sh
# Runs every input of tests/fuzz_regressions/ (inputs that once crashed, hung
# or exhausted memory in a loader) through `tiaokuai validate`: each must
# exit 0 or 2 within 30 s and 4 GB of address space, never crash. An empty
# folder fails, so the test cannot pass by checking nothing. Under
# AddressSanitizer (TIAOKUAI_SANITIZED=1), whose shadow memory needs far more
# address space, the limit is left out.
#   fuzz_regressions.sh TIAOKUAI FOLDER
set -u
tiaokuai=$1
folder=$2
count=0
failures=0
for input in "$folder"/*.yaml; do
  [ -e "$input" ] || continue
  count=$((count + 1))
  if [ "${TIAOKUAI_SANITIZED:-0}" = 1 ]; then
    timeout 30 "$tiaokuai" validate "$input" >/dev/null 2>&1
  else
    (ulimit -v 4000000; timeout 30 "$tiaokuai" validate "$input") >/dev/null 2>&1
  fi
  code=$?
  if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then
    failures=$((failures + 1))
    echo "FAIL $(basename "$input"): exit $code"
  fi
done
echo "$count fuzz regressions, $failures failed"
[ "$count" -gt 0 ] && [ "$failures" -eq 0 ]
