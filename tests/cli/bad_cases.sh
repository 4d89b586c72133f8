#!/usr/bin/env bash
# Runs the bad-input cases of tests/bad_inputs/cases/*.cases: command lines,
# damaged databases, full disks, signals and budgets. Each case says how it
# sets up its work folder, what it runs, the exit code it must give and the
# fragments its one-line message must contain. Besides those, every case must
# leave its work folder exactly as its setup left it: no new file, no empty
# folder, no changed byte (a refused database is never modified).
#
#   bad_cases.sh TIAOKUAI REPO_DIR [CASES_FILE...]   (default: every *.cases)
#
# Case file format (blank lines and lines starting with # are ignored):
#   case: a-unique-name
#   setup: shell commands run in the case's fresh work folder (optional, repeatable)
#   run: the command under test, run by bash in the work folder
#   exit: the exit code it must give (default 2)
#   expect: a fragment its stderr must contain (repeatable; all must appear)
#   stderr-lines: how many lines stderr must have (default 1)
#   disk: unchanged (default) | any   (whether the work folder must be as setup left it)
#   sanitized: skip   (the case limits address space with `ulimit -v`, under
#                      which AddressSanitizer cannot reserve its shadow memory:
#                      skipped when TIAOKUAI_SANITIZED=1; the Release build runs it)
# The commands see: $TK the program, $REPO the repository, $DATA tests/data,
# $SCEN scenarios/, $GOOD_DB a complete results database of
# tests/data/sweeps/small-factorial.yaml, $FAILED_DB one of small-failing.yaml
# (some runs failed), $PARTIAL_DB small-many.yaml with 5 of its runs done.
set -u
export TK=$(realpath "$1")
export REPO=$2
shift 2
export DATA="$REPO/tests/data" SCEN="$REPO/scenarios"
files=("$@")
((${#files[@]})) || files=("$REPO"/tests/bad_inputs/cases/*.cases)
root=$(mktemp -d)
trap 'chmod -R u+w "$root" 2>/dev/null; rm -rf "$root"' EXIT

# Fixtures, made once; cases copy them before damaging them.
export GOOD_DB="$root/fixtures/good.db" FAILED_DB="$root/fixtures/failed.db" PARTIAL_DB="$root/fixtures/partial.db"
mkdir -p "$root/fixtures"
"$TK" sweep "$DATA/sweeps/small-factorial.yaml" --db "$GOOD_DB" --quiet 2>/dev/null || { echo "fixture: good.db failed"; exit 1; }
"$TK" sweep "$DATA/sweeps/small-failing.yaml" --db "$FAILED_DB" --quiet 2>/dev/null
[ $? -eq 3 ] || { echo "fixture: failed.db did not exit 3"; exit 1; }
"$TK" sweep "$DATA/sweeps/small-many.yaml" --db "$PARTIAL_DB" --limit 5 --quiet 2>/dev/null || { echo "fixture: partial.db failed"; exit 1; }
chmod a-w "$root/fixtures"/*

# The state of a folder: every path with its type and, for files, a hash.
snapshot() { (cd "$1" && find . -mindepth 1 -printf '%y %p\n' | sort && find . -type f -exec md5sum {} + 2>/dev/null | sort -k2); }

count=0
failures=0
skipped=0
names=" "
run_case() {
  local name=$1
  [ -n "$name" ] || return 0
  if [ "$sanitized" = skip ] && [ "${TIAOKUAI_SANITIZED:-0}" = 1 ]; then
    skipped=$((skipped + 1))
    return 0
  fi
  local work="$root/work/$name"
  local problem=""
  case "$names" in *" $name "*) problem="; the name is used twice" ;; esac
  names="$names$name "
  mkdir -p "$work"
  if ! (cd "$work" && bash -c "$setup") >"$root/setup.log" 2>&1; then
    problem="$problem; setup failed: $(tr '\n' ' ' <"$root/setup.log")"
  fi
  local before after code lines
  before=$(snapshot "$work")
  (cd "$work" && timeout 120 bash -c "$command") >"$root/stdout" 2>"$root/stderr"
  code=$?
  after=$(snapshot "$work")
  [ "$code" -eq "$want_exit" ] || problem="$problem; exit code $code, not $want_exit"
  lines=$(wc -l <"$root/stderr")
  [ "$lines" -eq "$want_lines" ] || problem="$problem; $lines lines on stderr, not $want_lines"
  local fragment
  while IFS= read -r fragment; do
    [ -z "$fragment" ] || grep -qF -- "$fragment" "$root/stderr" || problem="$problem; the message lacks '$fragment'"
  done <<<"$expects"
  if [ "$disk" = unchanged ] && [ "$before" != "$after" ]; then
    problem="$problem; the work folder changed: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | head -3 | tr '\n' ' ')"
  fi
  count=$((count + 1))
  if [ -n "$problem" ]; then
    failures=$((failures + 1))
    echo "FAIL $name$problem"
    sed 's/^/    stderr: /' "$root/stderr" | head -5
  fi
  chmod -R u+w "$work" 2>/dev/null
  rm -rf "$work"
}

for file in "${files[@]}"; do
  name="" setup="true" command="" want_exit=2 want_lines=1 expects="" disk=unchanged sanitized=run
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      "" | "#"*) continue ;;
      "case: "*) run_case "$name"; name=${line#case: } setup="true" command="" want_exit=2 want_lines=1 expects="" disk=unchanged sanitized=run ;;
      "setup: "*) setup="$setup && ${line#setup: }" ;;
      "run: "*) command=${line#run: } ;;
      "exit: "*) want_exit=${line#exit: } ;;
      "expect: "*) expects="$expects${line#expect: }"$'\n' ;;
      "stderr-lines: "*) want_lines=${line#stderr-lines: } ;;
      "disk: "*) disk=${line#disk: } ;;
      "sanitized: "*) sanitized=${line#sanitized: } ;;
      *) echo "$file: cannot read line: $line"; exit 1 ;;
    esac
  done <"$file"
  run_case "$name"
done
echo "$count bad-input cases, $failures failed$([ "$skipped" -eq 0 ] || echo ", $skipped skipped under sanitizers")"
[ "$failures" -eq 0 ] && [ "$count" -gt 0 ]
