#!/bin/sh
# A small city through `tiaokuai run --out`: units.csv has every unit in
# every period, the summary has the hotline, a second run writes the same
# files (and --without-issues the same but issues.csv), and the manifest's expanded scenario (the explicit city form) runs
# to the same summary as the compact form it came from.
#   city_run.sh TIAOKUAI SCENARIO
set -eu
tiaokuai=$1
scenario=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$tiaokuai" run "$scenario" --out "$work/a" >"$work/a.txt" 2>/dev/null
"$tiaokuai" run "$scenario" --out "$work/b" >/dev/null 2>&1
for file in units.csv issues.csv summary.json; do cmp "$work/a/$file" "$work/b/$file"; done
# Without issue rows: no issues.csv, everything else the same.
"$tiaokuai" run "$scenario" --out "$work/c" --without-issues >/dev/null 2>&1
test ! -e "$work/c/issues.csv"
for file in units.csv summary.json calls.csv; do cmp "$work/a/$file" "$work/c/$file"; done
header=$(head -n 1 "$work/a/units.csv")
test "$header" = "period,day,unit,kind,district,closed,response_rate,resolution_rate,satisfaction,score,rank"
# 4 assessments x (6 streets + 13 departments).
test "$(tail -n +2 "$work/a/units.csv" | wc -l)" -eq 76
grep -q '^4,120.00,west/S04,township,west,' "$work/a/units.csv"
grep -q '"abandoned_share"' "$work/a/summary.json"
grep -q '^hotline ' "$work/a.txt"
# The manifest's scenario is JSON, which YAML reads.
python3 -c 'import json, sys; json.dump(json.load(open(sys.argv[1]))["scenario"], open(sys.argv[2], "w"))' \
  "$work/a/manifest.json" "$work/explicit.yaml"
grep -q '"districts": \[' "$work/a/manifest.json"
"$tiaokuai" run "$work/explicit.yaml" >"$work/explicit.txt" 2>/dev/null
# Past the title (it names the file), the same text but for where --out wrote.
tail -n +2 "$work/a.txt" | sed -e '/^outputs in /d' -e '/^$/d' >"$work/a.body"
tail -n +2 "$work/explicit.txt" | sed -e '/^$/d' >"$work/explicit.body"
diff "$work/a.body" "$work/explicit.body"
echo "city run: units.csv complete, repeatable, explicit form equals compact form"
