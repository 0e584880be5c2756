#!/usr/bin/env bash
# Soak: the local mesh (registry, nsmgr, forwarder-kernel, nse-icmp-responder) with NSM_MAX_TOKEN_LIFETIME=20s on
# every program and N cmd/nsc processes, each in its own namespace, each pinged once per second from inside it.
# Prints one table: reselects and restores (from the nsc logs), interface changes (nsm-1 ifindex, sampled every
# second), lost pings, and VmRSS per program after warm-up and at the end, each next to its target
# (over 30 minutes: 0 reselects, 0 interface changes, 0 lost pings, RSS within 5 MiB of its value after warm-up).
# Usage (root): scripts/soak.sh [--minutes N] [--clients N] [--svid-lifetime Ns]   (defaults: 30 minutes, 10 clients, plaintext)
# --svid-lifetime 12s: every program runs mTLS with SVIDs from a development Workload API that rotates them at half-life
# (rotation under load: 10 clients through 20 rotations in 2 minutes: scripts/soak.sh --minutes 2 --svid-lifetime 12s).
# Same build switches as scripts/bench.sh (Native AOT by default; NSMB_JIT=1, SKIP_BUILD=1, NSMB_PREFIX=x-).
# Exits by itself; everything it created is removed at the end (also on Ctrl+C).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=30
clients=10
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --svid-lifetime) extra+=(--svid-lifetime "$2"); shift 2 ;;
    *) echo "soak.sh: unknown argument $1 (--minutes N, --clients N, --svid-lifetime Ns)" >&2; exit 2 ;;
  esac
done
exec bash scripts/bench.sh --only soak --minutes "$minutes" --clients "$clients" "${extra[@]}" --json artifacts/soak.json
