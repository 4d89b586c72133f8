#!/bin/sh
# Every bundled file refers to its base scenario, parent sweep and
# posterior files relative to itself: the scenarios folder copied anywhere
# validates whole, from any working folder, and no file names an absolute
# path (which would still reach the originals and hide a broken copy).
#   scenarios_relocatable.sh TIAOKUAI SCENARIOS_DIR
set -eu
tiaokuai=$1 scenarios=$2
moved=$(pwd)/relocated_scenarios
rm -rf "$moved"
cp -r "$scenarios" "$moved"
if grep -rEn '^[[:space:]-]*(base|extends|file|files|posterior):[[:space:]]*\[?[[:space:]]*/' "$moved"; then
  echo "FAIL: a bundled file names an absolute path"
  exit 1
fi
files=$(find "$moved" -name '*.yaml' | sort)
count=$(printf '%s\n' "$files" | wc -l)
# shellcheck disable=SC2086
validated=$(cd / && "$tiaokuai" validate $files | grep -c ': ok (')
if [ "$validated" -ne "$count" ]; then
  echo "FAIL: $validated of $count copied files validate"
  exit 1
fi
echo "ok: all $count bundled files validate from a copy"
