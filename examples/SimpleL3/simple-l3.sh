#!/usr/bin/env bash
# The guide's "Simple Layer 3" network service on one machine, without Kubernetes: network service
# isolated-network (payload IP), an ICMP responder handing out 10.100.1.0/24 (endpoint .1, clients .2, .3, …),
# and a client pod (a network namespace) labelled app=client that gets nsm-1 and pings 10.100.1.1.
# Needs root. Everything is removed at the end or on Ctrl+C. KEEP=1 keeps it running until Ctrl+C.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export SERVICE=isolated-network CIDR=10.100.1.0/24 PAYLOAD=IP
export CLIENT_URL="kernel://isolated-network/nsm-1?app=client"
exec "$here/../../scripts/run-programs.sh"
