#!/usr/bin/env bash
# Checks against a real VPP (never in CI: no registry we reach packages VPP, and none is built here).
# Usage: scripts/real-vpp.sh --vpp /path/to/bin/vpp [--plugins /path/to/vpp_plugins] [--filter EXPR]
# Runs tests/Nsm.RealVpp.Checks as root: each check starts its own VPP(s) with a generated startup.conf in a temp folder
# (no hugepages needed), makes its own namespaces, and removes everything at the end. The VPP needs the af_packet, memif,
# vxlan, wireguard, acl, ping and l3xc plugins (crypto engines load from their default folder beside the binary).
set -euo pipefail
cd "$(dirname "$0")/.."
vpp="" plugins="" filter=""
while [ $# -gt 0 ]; do
  case "$1" in
    --vpp) vpp="$2"; shift 2 ;;
    --plugins) plugins="$2"; shift 2 ;;
    --filter) filter="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$vpp" ] || vpp="$(command -v vpp || true)"
if [ -z "$vpp" ] || [ ! -x "$vpp" ]; then
  echo "no vpp binary: pass --vpp /path/to/bin/vpp or put vpp on PATH" >&2
  exit 2
fi
export NSM_REAL_VPP="$vpp" NSM_REAL_VPP_PLUGINS="$plugins"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
args=(test tests/Nsm.RealVpp.Checks -c Release -nologo --logger "console;verbosity=normal")
[ -n "$filter" ] && args+=(--filter "$filter")
dotnet "${args[@]}"
