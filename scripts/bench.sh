#!/usr/bin/env bash
# Benchmark: connection setup against its physical floor, on this machine (needs root: namespaces and veths).
# Builds Release, runs tests/Nsm.Bench, prints the table and writes artifacts/bench.json.
# Measures (each bounded, all on unix sockets and nsmb-* namespaces that are deleted at the end):
#   1 floor: veth pair create+configure / delete (VethPairConfigurator) and 3 sequential gRPC unary calls;
#   2 registry: 10,000 NSEs in a memory registry over gRPC, Register / Find by name / Find by service latency;
#   3 setup: Request latency through real registry, nsmgr, forwarder-kernel and nse-icmp-responder processes,
#     and setups/s at 1, 10 and 50 concurrent clients;
#   4 memory: VmRSS of nsmgr and forwarder with 0, 100 and 1,000 live connections;
#   5 heal: a cmd/nsc pinged every 20 ms while the registry, nsmgr and forwarder restart, the NSE-side veth is cut
#     and endpoints are killed (time until pings work again, next to its target), then SIGTERM-to-exit per program;
#   6 soak (only with --only soak; scripts/soak.sh): N cmd/nsc with 20 s tokens for --minutes.
#   fuzz (only with --only fuzz; no root needed): the gRPC fuzz run of tests/Nsm.Sdk.Tests/Fuzzing, longer than CI's:
#     NSM_FUZZ_ITERATIONS (20000 inputs per method) and NSM_FUZZ_SEED (16); prints every method's answers by status.
#   7 nsmctl: the guide's Simple L3 from apply to a ping of 10.100.1.1 (cold and warm node), 50 client pods from
#     apply to Ready, get/describe answer times; a node of its own (private --state), always `down` at the end.
#   8 chain: client -> nse-firewall -> IDS hop -> nse-final against client -> endpoint, through nsmctl (a node of its
#     own, `down` at the end): client setup (apply to Ready / first TCP connect, p50) and iperf3 TCP throughput
#     between the pods' namespaces, chain / direct next to its target (iperf3 is installed with apt-get if missing).
#   9 segment: the guide's L2 section (examples/guide/l2, nse-vlan with VLAN 100) through nsmctl: iperf3 across the
#     segment and out of its VLAN uplink (BPF-tagged) against a plain veth pair (target >= 90 %), clients joining per second.
#  10 remote: two nodes (nsmctl up --nodes 2): iperf3 over VXLAN and WireGuard against the node network, remote setup
#     p50/p99, heal after the NSE node's forwarder, nsmgr and link fail and after the NSE dies.
# Args are passed on: --quick (smaller counts), --only floor,registry,mesh,memory,heal,nsmctl,chain,segment,remote,soak, --json PATH, --profile.
# The programs (and nsmctl, whose supervisor then runs them) run as Native AOT builds (artifacts/aot/, published here; clang is installed if missing);
# NSMB_JIT=1 runs `dotnet <dll>` builds instead. SKIP_BUILD=1 reuses the last build and publish.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ "${1:-}" = --only ] && [ "${2:-}" = fuzz ]; then
  export NSM_FUZZ_ITERATIONS="${NSM_FUZZ_ITERATIONS:-20000}"
  exec dotnet test tests/Nsm.Sdk.Tests -c Release --filter 'FullyQualifiedName~Nsm.Sdk.Tests.Fuzzing' --logger 'console;verbosity=detailed'
fi
if [ "$(id -u)" != 0 ]; then
  echo "bench.sh: the benchmark creates network namespaces and interfaces; run it as root" >&2
  exit 1
fi
command -v ip >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq >/dev/null 2>&1 || true; apt-get install -y -qq iproute2 >/dev/null 2>&1; }
# The chain part measures throughput with Debian's iperf3 (inside the pods' namespaces only); without it that part reports an error.
command -v iperf3 >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; { apt-get update -qq && apt-get install -y -qq iperf3; } >/dev/null 2>&1 || echo "bench.sh: could not install iperf3 (the chain part needs it)" >&2; }
command -v wireguard-go >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; { apt-get update -qq && apt-get install -y -qq wireguard-go; } >/dev/null 2>&1 || echo "bench.sh: could not install wireguard-go (the remote part's WireGuard rows need it)" >&2; }
# The programs run as they ship: compiled ahead of time (Native AOT, needs clang). NSMB_JIT=1 runs the JIT builds instead.
aot=artifacts/aot
# name:project:binary; each is published to $aot/<project folder name> (where nsmctl looks for it).
programs="registry:cmd/registry:nsm-registry nsmgr:cmd/nsmgr:nsm-nsmgr forwarder:cmd/forwarder-kernel:nsm-forwarder-kernel nse:cmd/nse-icmp-responder:nsm-nse-icmp-responder firewall:cmd/nse-firewall:nsm-nse-firewall ids:examples/IdsEndpoint:ids-endpoint nsevlan:cmd/nse-vlan:nsm-nse-vlan nsc:cmd/nsc:nsm-nsc nsmctl:cmd/nsmctl:nsmctl"
if [ "${NSMB_JIT:-0}" != 1 ] && ! command -v clang >/dev/null 2>&1 && ! command -v clang-14 >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq clang zlib1g-dev; } >/dev/null 2>&1 || true
fi
clang_name=$(command -v clang >/dev/null 2>&1 && echo clang || echo clang-14)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  for p in cmd/registry cmd/nsmgr cmd/forwarder-kernel cmd/nse-icmp-responder cmd/nse-firewall examples/IdsEndpoint cmd/nse-vlan cmd/nsc cmd/nsmctl tests/Nsm.Bench; do
    dotnet build "$p" -c Release -nologo -v q -clp:ErrorsOnly
  done
  if [ "${NSMB_JIT:-0}" != 1 ]; then
    for entry in $programs; do
      IFS=: read -r name project binary <<<"$entry"
      echo "publishing $project (Native AOT) ..." >&2
      dotnet publish "$project" -c Release -r linux-x64 -p:CppCompilerAndLinker="$clang_name" -o "$aot/$(basename "$project")" -nologo -v q -clp:ErrorsOnly
    done
  fi
fi
if [ "${NSMB_JIT:-0}" != 1 ]; then
  for entry in $programs; do
    IFS=: read -r name project binary <<<"$entry"
    if [ -x "$aot/$(basename "$project")/$binary" ]; then
      export "NSMB_EXE_$(echo "$name" | tr '[:lower:]' '[:upper:]')=$PWD/$aot/$(basename "$project")/$binary"
    fi
  done
fi
mkdir -p artifacts
ulimit -n 65536 2>/dev/null || true
exec dotnet tests/Nsm.Bench/bin/Release/net10.0/Nsm.Bench.dll --json artifacts/bench.json "$@"
