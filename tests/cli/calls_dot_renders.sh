#!/bin/sh
# calls.dot as a user renders it: `tiaokuai run --out` on a small scenario,
# then `dot -Tsvg`. The render must succeed without a warning, the SVG must
# be well-formed, and every arrow must run from a township (t<i>) to a
# department (d<j>), the direction of a call; GraphViz titles each edge of
# the SVG "tail->head".
#   calls_dot_renders.sh TIAOKUAI SCENARIO
set -u
tiaokuai=$1 scenario=$2
if ! command -v dot > /dev/null; then
  echo "FAIL: graphviz not installed: this test renders calls.dot with dot (Debian: apt-get install graphviz)"
  exit 1
fi
work=calls_dot_render
rm -rf "$work"
mkdir "$work"
"$tiaokuai" run "$scenario" --out "$work/run" > "$work/run.txt" 2>&1 || { cat "$work/run.txt"; echo "FAIL: tiaokuai run"; exit 1; }
dot -Tsvg "$work/run/calls.dot" > "$work/calls.svg" 2> "$work/dot.err"
code=$?
cat "$work/dot.err"
[ "$code" -eq 0 ] || { echo "FAIL: dot -Tsvg exited $code"; exit 1; }
[ ! -s "$work/dot.err" ] || { echo "FAIL: dot warned"; exit 1; }
python3 - "$work/calls.svg" <<'PY' || exit 1
import re, sys, xml.etree.ElementTree as tree
svg = "{http://www.w3.org/2000/svg}"
try:
    root = tree.parse(sys.argv[1]).getroot()
except tree.ParseError as error:
    sys.exit(f"FAIL: calls.svg is not well-formed: {error}")
edges = [group.find(svg + "title").text for group in root.iter(svg + "g") if group.get("class") == "edge"]
wrong = [title for title in edges if not re.fullmatch(r"t\d+->d\d+", title)]
if not edges or wrong:
    sys.exit(f"FAIL: {len(edges)} edges, not township -> department: {wrong[:5]}")
print(f"calls.svg: {len(edges)} edges, each township -> department")
PY
