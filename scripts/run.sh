#!/usr/bin/env bash
# The main job: builds and runs the local mesh demo (for now: an endpoint served on a unix socket and called by a client).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build examples/MinimalEndpoint -c Release -nologo -v q
dotnet run --project examples/MinimalEndpoint -c Release --no-build
