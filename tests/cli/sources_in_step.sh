#!/bin/sh
# The repository carries the facts its defaults rest on (docs/sources.md,
# rows S<n>) and the arguments for the rest (docs/odd.md, rows A<n>), and
# refers to nothing outside itself. Fails, naming each problem, if
#   (a) a file of the repository cites the design notes kept outside it;
#   (b) a docs/sources.md S<n> or docs/odd.md A<n> cited by `tiaokuai
#       describe --markdown`, a bundled scenario or the model's sources has
#       no such row, or a row id appears twice;
#   (c) a parameter's source names neither a sources.md row nor an odd.md
#       argument (only required names, which have no default, may be blank);
#   (d) a bundled targets file (scenarios/calibration/) gives a target a
#       source that is not a docs/sources.md row.
# The exit code is the verdict.
#   sources_in_step.sh TIAOKUAI REPOSITORY_ROOT
set -u
tiaokuai=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# (a) The files of the repository: tracked and new ones in a git checkout,
# else everything outside build folders. The pattern is spelt so that it
# does not match this script.
outside='CALIBRATIO[N]|MODEL[.]md|share[d]/'
if git -C "$root" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  (cd "$root" && git ls-files -z --cached --others --exclude-standard) > "$work/files"
else
  (cd "$root" && find . -path ./.git -prune -o -path './build*' -prune -o -type f -print0) > "$work/files"
fi
hits=$(cd "$root" && xargs -0 grep -sInE "$outside" -- < "$work/files" || true)
if [ -n "$hits" ]; then
  fail "files refer to design notes outside the repository (cite docs/sources.md or docs/odd.md instead):"
  echo "$hits"
fi

# (b) The row ids that exist.
sed -n 's/^| \(S[0-9][0-9]*\) |.*/\1/p' "$root/docs/sources.md" > "$work/s_ids"
sed -n 's/^| \(A[0-9][0-9]*\) |.*/\1/p' "$root/docs/odd.md" > "$work/a_ids"
[ -s "$work/s_ids" ] || fail "docs/sources.md has no rows '| S<n> |'"
[ -s "$work/a_ids" ] || fail "docs/odd.md has no rows '| A<n> |'"
for dup in $(sort "$work/s_ids" "$work/a_ids" | uniq -d); do fail "row id $dup appears twice"; done

# The citing text: the parameter table, the scenarios and the model's sources.
if ! "$tiaokuai" describe --markdown > "$work/describe.md"; then
  fail "tiaokuai describe --markdown failed"
fi
{
  cat "$work/describe.md"
  find "$root/scenarios" -name '*.yaml' -exec cat {} +
  find "$root/models" \( -name '*.hpp' -o -name '*.cpp' \) -exec cat {} +
} > "$work/citing"
# In a line that names sources.md every S<n> must be a row there; in a line
# that names odd.md every A<n> must be a row there.
grep 'sources\.md' "$work/citing" | grep -oE '\bS[0-9]+\b' | sort -u > "$work/s_cited"
grep 'odd\.md' "$work/citing" | grep -oE '\bA[0-9]+\b' | sort -u > "$work/a_cited"
for id in $(sort -u "$work/s_ids" | comm -13 - "$work/s_cited"); do
  fail "docs/sources.md $id is cited but docs/sources.md has no row $id"
done
for id in $(sort -u "$work/a_ids" | comm -13 - "$work/a_cited"); do
  fail "docs/odd.md $id is cited but docs/odd.md has no row $id"
done

# (c) Every parameter's source (the last column of the table).
grep '^| `' "$work/describe.md" | while IFS= read -r row; do
  source=$(printf '%s\n' "$row" | sed 's/ |$//; s/.* | //; s/^| *//')
  default=$(printf '%s\n' "$row" | cut -d'|' -f5 | sed 's/^ *//; s/ *$//')
  case "$source" in
    "docs/sources.md S"[0-9]* | "argument: docs/odd.md A"[0-9]*) ;;
    "") [ "$default" = "(required)" ] || echo "$row" ;;
    *) echo "$row" ;;
  esac
done > "$work/unsourced"
if [ -s "$work/unsourced" ]; then
  fail "parameters whose source is neither 'docs/sources.md S<n>' nor 'argument: docs/odd.md A<n>':"
  cat "$work/unsourced"
fi

# (d) The targets of the bundled calibrations.
find "$root/scenarios/calibration" -name '*.yaml' -exec sed -n 's/.*source: *\([^ ,}]*\).*/\1/p' {} + | sort -u > "$work/target_sources"
[ -s "$work/target_sources" ] || fail "no target sources found in scenarios/calibration/"
for id in $(sort -u "$work/s_ids" | comm -13 - "$work/target_sources"); do
  fail "a bundled targets file cites source $id, which is not a docs/sources.md row"
done

if [ "$failures" -ne 0 ]; then
  echo "$failures problem(s)"
  exit 1
fi
echo "sources in step: $(wc -l < "$work/s_cited") sources.md rows and $(wc -l < "$work/a_cited") odd.md arguments cited, all present; nothing refers outside the repository"
