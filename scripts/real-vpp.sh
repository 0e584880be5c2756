#!/usr/bin/env bash
# Checks against a real VPP (never in CI: no registry we reach packages VPP, and none is built here).
# Usage: scripts/real-vpp.sh --vpp /path/to/bin/vpp [--plugins /path/to/vpp_plugins] [--filter EXPR] [--record] [--bench]
# --bench runs only the throughput bench (iperf3 through the VPP forwarder against the kernel forwarder's veth pair)
# and prints its rows (artifacts/real-vpp-bench.json).
# --record writes the exchanges of the kernel-to-kernel checks into tests/Nsm.Sdk.Vpp.Mechanisms.Tests/Recordings/, the test
# data CI replays with FakeVpp.
# Runs tests/Nsm.RealVpp.Checks as root: each check starts its own VPP(s) with a generated startup.conf in a temp folder
# (no hugepages needed), makes its own namespaces, and removes everything at the end. The VPP needs the af_packet, memif,
# vxlan, wireguard, acl, ping and l3xc plugins (crypto engines load from their default folder beside the binary).
set -euo pipefail
cd "$(dirname "$0")/.."
vpp="" plugins="" filter="" record=""
while [ $# -gt 0 ]; do
  case "$1" in
    --vpp) vpp="$2"; shift 2 ;;
    --plugins) plugins="$2"; shift 2 ;;
    --filter) filter="$2"; shift 2 ;;
    --bench) filter="FullyQualifiedName~ThroughputBench"; mkdir -p artifacts; export NSM_REAL_VPP_BENCH_JSON="$PWD/artifacts/real-vpp-bench.json"; shift ;;
    --record) record="$PWD/tests/Nsm.Sdk.Vpp.Mechanisms.Tests/Recordings"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$vpp" ] || vpp="$(command -v vpp || true)"
if [ -z "$vpp" ] || [ ! -x "$vpp" ]; then
  echo "no vpp binary: pass --vpp /path/to/bin/vpp or put vpp on PATH" >&2
  exit 2
fi
export NSM_REAL_VPP="$vpp" NSM_REAL_VPP_PLUGINS="$plugins" NSM_VPP_RECORD_DIR="$record"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
args=(test tests/Nsm.RealVpp.Checks -c Release -nologo --logger "console;verbosity=normal")
if [ -n "$filter" ]; then args+=(--filter "$filter"); else args+=(--filter "FullyQualifiedName!~ThroughputBench"); fi
dotnet "${args[@]}" || exit $?
if [ -n "${NSM_REAL_VPP_BENCH_JSON:-}" ] && [ -f "$NSM_REAL_VPP_BENCH_JSON" ]; then
  python3 - "$NSM_REAL_VPP_BENCH_JSON" <<'PY'
import json, sys
for row in json.load(open(sys.argv[1])):
    print(f"{row['path']:<45} {row['gbps']:>8.2f} Gbit/s")
PY
fi
