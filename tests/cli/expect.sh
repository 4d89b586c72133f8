#!/bin/sh
# Runs a command and checks both its exit code and its output, so a test
# fails when either is wrong (CTest's PASS_REGULAR_EXPRESSION would ignore
# the exit code).
#   expect.sh EXIT_CODE EXTENDED_REGEX COMMAND [ARG...]
set -u
want=$1
pattern=$2
shift 2
output=$("$@" 2>&1)
code=$?
if [ "$code" -ne "$want" ]; then
  printf '%s\n' "$output" | tail -n 20
  echo "FAIL: exit code $code, not $want: $*"
  exit 1
fi
if ! printf '%s\n' "$output" | grep -Eq -- "$pattern"; then
  printf '%s\n' "$output" | tail -n 20
  echo "FAIL: the output lacks /$pattern/: $*"
  exit 1
fi
echo "ok: exit $code and /$pattern/"
