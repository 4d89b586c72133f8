#!/bin/sh
# Every option of every subcommand, as `--help` lists it, appears in that
# subcommand's entry of the README's command list, so the list a user
# reads first cannot fall behind the program.
#   options_documented.sh TIAOKUAI README
set -u
tiaokuai=$1
readme=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The command list: the code block under "## The command line".
awk '/^## The command line/{f=1} f&&/^```$/{c++; if(c==2) exit} f' "$readme" > "$work/list"
missing=0
subcommands=$("$tiaokuai" --help | sed -n '/^Subcommands:/,$p' | awk 'NR>1 && NF {print $1}')
[ -n "$subcommands" ] || { echo "no subcommands in --help"; exit 1; }
for sub in $subcommands; do
  # The entry: its "tiaokuai SUB" line and the indented lines under it.
  awk -v name="$sub" '/^tiaokuai /{on=($2==name)} on' "$work/list" > "$work/entry"
  [ -s "$work/entry" ] || { echo "README's command list has no entry for '$sub'"; missing=1; continue; }
  # Option names as --help declares them at the start of a line.
  for option in $("$tiaokuai" "$sub" --help | sed -n 's/^ *\(-[a-zA-Z],\)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' | sort -u); do
    [ "$option" = "--help" ] && continue
    grep -qF -- "$option" "$work/entry" || { echo "README's entry for '$sub' lacks $option"; missing=1; }
  done
done
[ "$missing" -eq 0 ] && echo "every subcommand option is in the README's command list"
exit "$missing"
