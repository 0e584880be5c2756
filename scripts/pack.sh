#!/usr/bin/env bash
# Packs every NuGet package of the repository into one folder (default artifacts/packages): the libraries
# (sdk*/*/, protos/: .nupkg with README, XML docs and SourceLink, plus .snupkg symbols) and the dotnet new templates
# (examples/templates). One version for all: <Version> in Directory.Build.props (or -p:Version=... as extra args).
# Deterministic (ContinuousIntegrationBuild: source paths as /_/, which SourceLink maps to NsmRepositoryUrl at the
# built commit; see Directory.Build.props), so the same commit packs the same libraries.
#   scripts/pack.sh [OUT_DIR] [extra dotnet pack args...]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out=$(realpath -m "${1:-artifacts/packages}")
shift || true
mkdir -p "$out"

# One build of just the packable projects: a solution filter of them.
mapfile -t projects < <(ls sdk*/*/*.csproj protos/*.csproj examples/templates/*.csproj 2>/dev/null)
filter=$(mktemp -p . .pack-XXXX.slnf)
trap 'rm -f "$filter"' EXIT
{
  echo '{ "solution": { "path": "Nsm.Sdk.sln", "projects": ['
  printf '  "%s",\n' "${projects[@]}" | sed '$ s/,$//'
  echo '] } }'
} > "$filter"
nice -n 15 dotnet pack "$filter" -c Release -nologo -v q -p:ContinuousIntegrationBuild=true -o "$out" "$@"
ls "$out"
