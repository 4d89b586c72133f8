#!/bin/sh
# The calibration's report: report.html with the four figures' captions
# (the rounds figure as the method has it), every id in the page unique
# (gnuplot repeats its own in every plot and panel), and each figure also
# as a standalone SVG and CSV.
#   calibrate_report.sh TIAOKUAI TARGETS METHOD ROUNDS_CAPTION
set -u
tiaokuai=$1 targets=$2 method=$3 rounds_caption=$4
out=cal_report_$method
rm -rf "$out" "$out.db"*
"$tiaokuai" calibrate "$targets" --method "$method" --db "$out.db" --out "$out" -q > /dev/null || exit 1
for caption in "weighted histogram over the prior" "for one pair of parameters" "$rounds_caption" "its +/- 2 sd band"; do
  grep -q "$caption" "$out/report.html" || { echo "report.html lacks the caption: $caption"; exit 1; }
done
repeated=$(grep -o 'id="[^"]*"' "$out/report.html" | sort | uniq -d)
[ -z "$repeated" ] || { echo "repeated ids in report.html: $repeated"; exit 1; }
for figure in marginals pairs rounds predictive; do
  for file in "$out/figures/$figure.svg" "$out/figures/$figure.csv"; do
    test -s "$file" || { echo "missing or empty: $file"; exit 1; }
  done
done
echo "ok: $method report"
