#!/usr/bin/env bash
# The main job: the users' guide's "Simple Layer 3" section, run by nsmctl from its YAML as the guide prints it
# (examples/guide/simple-l3): builds the programs and nsmctl, applies the section, shows the client's nsm-1,
# pings the endpoint (10.100.1.1), explains the connection hop by hop, then `nsmctl down` removes everything
# (also on failure and Ctrl+C). Needs root. Env: CONFIGURATION (Release), SKIP_BUILD=1, KEEP=1 keeps the mesh.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
CONFIGURATION=${CONFIGURATION:-Release}
if [ "$(id -u)" != 0 ]; then
  echo "run.sh: nsmctl creates network namespaces and interfaces; run it as root" >&2
  exit 1
fi
for pair in ip:iproute2 ping:iputils-ping wireguard-go:wireguard-go; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq >/dev/null 2>&1 || true; apt-get install -y -qq "${pair##*:}" >/dev/null 2>&1; }
done
[ "${SKIP_BUILD:-0}" = 1 ] || for p in cmd/registry cmd/nsmgr cmd/forwarder-kernel cmd/nse-icmp-responder cmd/nsc cmd/nsmctl; do
  dotnet build "$p" -c "$CONFIGURATION" -nologo -v q -clp:ErrorsOnly
done
STATE=$(mktemp -d /tmp/nsmctl-guide.XXXXXX)
nsmctl() { dotnet "cmd/nsmctl/bin/$CONFIGURATION/net10.0/nsmctl.dll" --state "$STATE" "$@"; }
cleanup() { trap - EXIT INT TERM; echo "--- nsmctl down"; nsmctl down || true; rm -rf "$STATE"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "--- nsmctl apply -f examples/guide/simple-l3"
nsmctl apply -f examples/guide/simple-l3
nsmctl wait --for=condition=ready pod client --timeout=2m
nsmctl get pods -A
echo "--- nsmctl exec client -- ip addr show nsm-1"
nsmctl exec client -- ip addr show nsm-1
echo "--- nsmctl exec client -- ping -c 3 10.100.1.1"
nsmctl exec client -- ping -c 3 -W 2 10.100.1.1
echo "--- nsmctl explain client"
nsmctl explain client
if [ "${KEEP:-0}" = 1 ]; then
  echo "--- the mesh keeps running (state $STATE: nsmctl --state $STATE …); Ctrl+C to remove it"
  sleep infinity
fi
