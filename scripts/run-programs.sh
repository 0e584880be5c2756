#!/usr/bin/env bash
# The local mesh wired by hand, without nsmctl (for debugging the programs themselves; the main job is scripts/run.sh):
# builds and runs the programs on this machine (needs root): registry, nsmgr and the kernel
# forwarder in the host namespace, nse-icmp-responder in pod namespace "nsm-nse", nsc in pod namespace "nsm-nsc".
# Shows the client's nsm-1 interface and pings the endpoint (10.100.1.1), then cleans everything up (also on Ctrl+C).
# Env: CONFIGURATION (Release), SERVICE (icmp-responder), CIDR (10.100.1.0/24), PAYLOAD (ETHERNET),
# CLIENT_URL (kernel://$SERVICE/nsm-1), SKIP_BUILD=1, KEEP=1 keeps the mesh until Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
CONFIGURATION=${CONFIGURATION:-Release}
SERVICE=${SERVICE:-icmp-responder}
CIDR=${CIDR:-10.100.1.0/24}
PAYLOAD=${PAYLOAD:-ETHERNET}
CLIENT_URL=${CLIENT_URL:-kernel://$SERVICE/nsm-1}

if [ "$(id -u)" != 0 ]; then
  echo "run-programs.sh: the local mesh creates network namespaces and interfaces; run it as root" >&2
  exit 1
fi
need=()
for pair in ip:iproute2 ping:iputils-ping; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair##*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || { echo "run-programs.sh: could not install ${need[*]}" >&2; exit 1; }
fi

[ "${SKIP_BUILD:-0}" = 1 ] || for p in cmd/registry cmd/nsmgr cmd/forwarder-kernel cmd/nse-icmp-responder cmd/nsc; do
  dotnet build "$p" -c "$CONFIGURATION" -nologo -v q -clp:ErrorsOnly
done
dll() { echo "$PWD/$1/bin/$CONFIGURATION/net10.0/$2.dll"; }

WORK=$(mktemp -d /tmp/nsm-mesh.XXXXXX)
NSE_NS=nsm-nse-$$
NSC_NS=nsm-nsc-$$
PIDS=()
OK=0
cleanup() {
  trap - EXIT INT TERM
  echo "--- cleaning up"
  # The client first (it closes its connection), then the rest in reverse start order.
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do
    kill -TERM "${PIDS[$i]}" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "${PIDS[$i]}" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "${PIDS[$i]}" 2>/dev/null || true
  done
  ip netns del "$NSC_NS" 2>/dev/null || true
  ip netns del "$NSE_NS" 2>/dev/null || true
  if [ "$OK" = 1 ]; then rm -rf "$WORK"; echo "--- done"; else echo "--- failed; logs kept in $WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$NSE_NS"
ip netns add "$NSC_NS"
ip -n "$NSE_NS" link set lo up
ip -n "$NSC_NS" link set lo up

REG=unix://$WORK/registry.sock
NSMGR=unix://$WORK/nsm.io.sock
start() { # name, log, command...
  local name=$1; shift
  "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  echo "started $name (pid $!)"
}
wait_for() { # description, seconds, command...
  local what=$1 secs=$2; shift 2
  for _ in $(seq 1 $((secs * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "run-programs.sh: timed out waiting for $what" >&2
  tail -n 20 "$WORK"/*.log >&2 || true
  return 1
}

# Bare processes have no SPIFFE Workload API: they run plaintext by the explicit opt-in (nsmctl up runs them with mTLS).
export NSM_INSECURE=true
start registry env NSM_LISTEN_ON="$REG" dotnet "$(dll cmd/registry nsm-registry)"
wait_for "the registry socket" 30 test -S "$WORK/registry.sock"
start nsmgr env NSM_NAME=nsmgr NSM_LISTEN_ON="$NSMGR" NSM_REGISTRY_URL="$REG" dotnet "$(dll cmd/nsmgr nsm-nsmgr)"
wait_for "the nsmgr socket" 30 test -S "$WORK/nsm.io.sock"
start forwarder env NSM_NAME=forwarder-kernel NSM_CONNECT_TO="$NSMGR" NSM_LISTEN_ON="unix://$WORK/forwarder.sock" \
  dotnet "$(dll cmd/forwarder-kernel nsm-forwarder-kernel)"
wait_for "the forwarder registration" 30 grep -q "registered" "$WORK/forwarder.log"
start nse ip netns exec "$NSE_NS" env NSM_NAME=icmp-responder NSM_CONNECT_TO="$NSMGR" NSM_LISTEN_ON="unix://$WORK/nse.sock" \
  NSM_NETWORK_SERVICES="$SERVICE" NSM_CIDR_PREFIX="$CIDR" NSM_PAYLOAD="$PAYLOAD" NSM_REGISTER_SERVICE=true dotnet "$(dll cmd/nse-icmp-responder nsm-nse-icmp-responder)"
wait_for "the endpoint registration" 30 grep -q "registered" "$WORK/nse.log"
start nsc ip netns exec "$NSC_NS" env NSM_NAME=nsc NSM_CONNECT_TO="$NSMGR" NSM_NETWORK_SERVICES="$CLIENT_URL" \
  dotnet "$(dll cmd/nsc nsm-nsc)"
wait_for "the client's connection" 60 grep -q "connected to" "$WORK/nsc.log"

echo "--- nsc log:"; grep -E "connected to" "$WORK/nsc.log" || true
echo "--- client interface (ip netns exec $NSC_NS ip addr show nsm-1):"
ip netns exec "$NSC_NS" ip addr show nsm-1
dst=$(grep -oE 'dst [0-9.]+' "$WORK/nsc.log" | head -1 | cut -d' ' -f2 || true); dst=${dst:-10.100.1.1}
echo "--- ping $dst from the client namespace:"
ip netns exec "$NSC_NS" ping -c 3 -W 2 "$dst"
OK=1
if [ "${KEEP:-0}" = 1 ]; then
  echo "--- the mesh keeps running; logs in $WORK; Ctrl+C to stop"
  wait
fi
