#!/usr/bin/env bash
# Regenerates the public API files of the library packages (sdk*/*/ and protos/) from PublicApiAnalyzers' own
# diagnostics: one build of the libraries with RS0016/RS0017 as warnings, then
#   RS0016 (public symbol not declared)       -> the symbol is added to PublicAPI.Unshipped.txt
#   RS0017 (declared symbol no longer exists) -> removed from Unshipped, or `*REMOVED*symbol` when it had shipped.
# Run it after adding, changing or moving public types (e.g. into another project), review the diff, commit.
#   scripts/public-api.sh            every library
#   scripts/public-api.sh --ship     afterwards move every Unshipped line into Shipped (at a release)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

ship=false
[ "${1:-}" = "--ship" ] && ship=true
mapfile -t projects < <(ls sdk*/*/*.csproj protos/*.csproj 2>/dev/null)
header='#nullable enable'

normalize() { # header first, then the sorted unique lines
  { echo "$header"; grep -v -x -F "$header" "$1" | grep -v '^$' | LC_ALL=C sort -u; } > "$1.tmp" || true
  mv "$1.tmp" "$1"
}

for proj in "${projects[@]}"; do
  dir=$(dirname "$proj")
  for f in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [ -s "$dir/$f" ] || echo "$header" > "$dir/$f"
  done
done

# One build of every library (a solution filter of them), the analyzer's findings kept as warnings.
filter=$(mktemp -p . .public-api-XXXX.slnf)
log=$(mktemp)
trap 'rm -f "$filter" "$log"' EXIT
{
  echo '{ "solution": { "path": "Nsm.Sdk.sln", "projects": ['
  printf '  "%s",\n' "${projects[@]}" | sed '$ s/,$//'
  echo '] } }'
} > "$filter"
nice -n 15 dotnet build "$filter" -c Release -nologo --no-incremental -v q \
  -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= > "$log" 2>&1 || { cat "$log"; echo "build failed"; exit 1; }

for proj in "${projects[@]}"; do
  dir=$(dirname "$proj")
  abs=$(cd "$dir" && pwd)/$(basename "$proj")
  unshipped="$dir/PublicAPI.Unshipped.txt"; shipped="$dir/PublicAPI.Shipped.txt"
  grep -F "[$abs]" "$log" | sed -n "s/.*warning RS0016: Symbol '\(.*\)' is not part of the declared public API.*/\1/p" \
    | LC_ALL=C sort -u >> "$unshipped" || true
  grep -F "[$abs]" "$log" | sed -n "s/.*warning RS0017: Symbol '\(.*\)' is part of the declared API, but is either not public or could not be found.*/\1/p" \
    | LC_ALL=C sort -u | while IFS= read -r gone; do
      if grep -q -x -F "$gone" "$unshipped"; then
        grep -v -x -F "$gone" "$unshipped" > "$unshipped.tmp" || true; mv "$unshipped.tmp" "$unshipped"
      else
        echo "*REMOVED*$gone" >> "$unshipped"
      fi
    done || true
  if $ship; then
    grep -v -x -F "$header" "$unshipped" | grep -v '^\*REMOVED\*' >> "$shipped" || true
    grep '^\*REMOVED\*' "$unshipped" | sed 's/^\*REMOVED\*//' | while IFS= read -r gone; do
      grep -v -x -F "$gone" "$shipped" > "$shipped.tmp" || true; mv "$shipped.tmp" "$shipped"
    done || true
    echo "$header" > "$unshipped"
  fi
  normalize "$shipped"; normalize "$unshipped"
  echo "$proj: $(($(wc -l < "$shipped") - 1)) shipped, $(($(wc -l < "$unshipped") - 1)) unshipped"
done
left=$(grep -c -E 'warning RS00(16|17|26|27|36|37|41)' "$log" || true)
echo "(the build reported $left public API findings; a normal build now checks the files)"
