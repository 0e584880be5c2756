#!/usr/bin/env bash
# Builds one container image per program in cmd/ (and per shipped example), from its Native AOT publish, tagged with the
# version (version.txt).
#   scripts/images.sh                      all images
#   scripts/images.sh registry-memory nsc  only these roles (a program's role, or an image name: ids-endpoint)
# Images: $NSM_IMAGE_PREFIX/cmd-<role>:<version> and $NSM_IMAGE_PREFIX/ids-endpoint:<version> (examples/IdsEndpoint)
# (prefix default nsm-sdk, e.g. NSM_IMAGE_PREFIX=ghcr.io/you/nsm),
# on top of $NSM_IMAGE_PREFIX/base:<version>: no distribution, only the loader, libc and libm the binaries link
# (ldd) and the libssl/libcrypto that .NET opens at run time for the tokens' signatures, plus /tmp and /etc/passwd.
# No image is pulled: everything comes from this machine. Needs docker (a running daemon), clang and root.
# Env: NSM_VERSION overrides version.txt; NSM_VPP_BASE is the base image of the VPP programs (cmd-forwarder-vpp,
# cmd-nse-firewall-vpp, cmd-nse-vlan-vpp: one with vpp on PATH); SKIP_PUBLISH=1 reuses artifacts/aot/<project folder> as it is.
# Prints "<image> <size in bytes>" per image on stdout (progress goes to stderr).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

version=${NSM_VERSION:-$(tr -d '[:space:]' < version.txt)}
override=()
[ -z "${NSM_VERSION:-}" ] || override=(-p:Version="$version")
prefix=${NSM_IMAGE_PREFIX:-nsm-sdk}
aot=artifacts/aot
stage=artifacts/image-context
# image:project:binary[:tools]: the image name (cmd-<role> for a program), its project folder, its binary. A program
# added to cmd/ adds its line here and deploy/images/<image>/Dockerfile. tools (comma-separated) are programs of this
# machine copied into that image with the libraries they link, under rootfs/ of its build context (its Dockerfile has
# COPY rootfs/ /): the firewall and the IDS run nft.
programs="cmd-nsmgr:cmd/nsmgr:nsm-nsmgr
cmd-registry-memory:cmd/registry:nsm-registry
cmd-registry-k8s:cmd/registry-k8s:nsm-registry-k8s
cmd-forwarder-kernel:cmd/forwarder-kernel:nsm-forwarder-kernel:wireguard-go
cmd-forwarder-vpp:cmd/forwarder-vpp:nsm-forwarder-vpp
cmd-nse-icmp-responder:cmd/nse-icmp-responder:nsm-nse-icmp-responder
cmd-nse-kernel:cmd/nse-kernel:nsm-nse-kernel
cmd-nse-firewall:cmd/nse-firewall:nsm-nse-firewall:nft
cmd-nse-vlan:cmd/nse-vlan:nsm-nse-vlan
cmd-nse-firewall-vpp:cmd/nse-firewall-vpp:nsm-nse-firewall-vpp
cmd-nse-vlan-vpp:cmd/nse-vlan-vpp:nsm-nse-vlan-vpp
cmd-nsc:cmd/nsc:nsm-nsc
cmd-nsc-init:cmd/nsc-init:nsm-nsc-init
cmd-admission-webhook-k8s:cmd/admission-webhook-k8s:nsm-admission-webhook-k8s
cmd-nsmgr-proxy:cmd/nsmgr-proxy:nsm-nsmgr-proxy
cmd-registry-proxy-dns:cmd/registry-proxy-dns:nsm-registry-proxy-dns
cmd-site-gateway:cmd/site-gateway:nsm-site-gateway:wireguard-go
ids-endpoint:examples/IdsEndpoint:ids-endpoint:nft"

roles=("$@")
if [ ${#roles[@]} -eq 0 ]; then
  mapfile -t roles < <(cut -d: -f1 <<<"$programs")
fi
selected=()
for role in "${roles[@]}"; do
  line=$(grep -e "^$role:" -e "^cmd-$role:" <<<"$programs" || true)
  [ -n "$line" ] || { echo "images.sh: unknown role '$role' (known: $(cut -d: -f1 <<<"$programs" | sed 's/^cmd-//' | tr '\n' ' '))" >&2; exit 2; }
  selected+=("$line")
done

command -v docker >/dev/null 2>&1 || { echo "images.sh: docker is not installed (scripts/docker.sh installs and starts it)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "images.sh: the docker daemon is not running (scripts/docker.sh starts it)" >&2; exit 1; }

# 1. Native AOT publish (incremental: an unchanged program relinks in seconds).
if [ "${SKIP_PUBLISH:-0}" != 1 ]; then
  if ! command -v clang >/dev/null 2>&1 && ! command -v clang-14 >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq clang zlib1g-dev; } >/dev/null 2>&1 || true
  fi
  clang_name=$(command -v clang >/dev/null 2>&1 && echo clang || echo clang-14)
  for line in "${selected[@]}"; do
    IFS=: read -r name project binary _ <<<"$line"
    echo "images.sh: publishing $project (Native AOT) ..." >&2
    dotnet publish "$project" -c Release -r linux-x64 -p:CppCompilerAndLinker="$clang_name" "${override[@]}" \
      -o "$aot/$(basename "$project")" -nologo -v q -clp:ErrorsOnly >&2
  done
fi

# 2. The base: a root file system of the files the binaries need, copied from this machine.
root=$stage/base/rootfs
rm -rf "$stage/base"
mkdir -p "$root/tmp" "$root/etc" "$root/root" "$root/var/lib/networkservicemesh"
chmod 1777 "$root/tmp"
libs=()
for line in "${selected[@]}"; do
  IFS=: read -r name project binary _ <<<"$line"
  exe=$aot/$(basename "$project")/$binary
  [ -x "$exe" ] || { echo "images.sh: $exe is missing (run without SKIP_PUBLISH)" >&2; exit 1; }
  mapfile -t -O "${#libs[@]}" libs < <(ldd "$exe" | grep -o '/[^ ]*' || true)
done
# Opened with dlopen by System.Security.Cryptography (token signatures): ldd does not list them.
for so in libssl.so.3 libcrypto.so.3; do
  path=$(ldconfig -p | awk -v so="$so" '$1 == so && /x86-64/ && !found { print $NF; found = 1 }')
  [ -n "$path" ] || { echo "images.sh: $so not found on this machine (apt-get install libssl3)" >&2; exit 1; }
  libs+=("$path")
done
for lib in $(printf '%s\n' "${libs[@]}" | sort -u); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
printf 'root:x:0:0:root:/root:/nonexistent\nnobody:x:65534:65534:nobody:/nonexistent:/nonexistent\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
find "$root" -exec touch -h -d @0 {} +  # fixed times: an unchanged base is the same layer
cp deploy/images/base/Dockerfile "$stage/base/Dockerfile"
# The legacy builder is enough for COPY-only Dockerfiles (no buildx needed); its output is shown only on failure.
build() {
  local out
  out=$(DOCKER_BUILDKIT=0 docker build -q "$@" 2>&1) || { echo "$out" >&2; exit 1; }
}
labels=(--label "org.opencontainers.image.version=$version")
base=$prefix/base:$version
echo "images.sh: building $base ..." >&2
build -t "$base" "${labels[@]}" "$stage/base"

# 3. One image per program: the base plus the binary (no .dbg symbols, no .pdb).
for line in "${selected[@]}"; do
  IFS=: read -r name project binary tools <<<"$line"
  ctx=$stage/$name
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp "$aot/$(basename "$project")/$binary" "$ctx/$binary"
  touch -d @0 "$ctx/$binary"
  for tool in ${tools//,/ }; do
    path=$(command -v "$tool") || { echo "images.sh: $name needs $tool on this machine (apt-get install nftables wireguard-go)" >&2; exit 1; }
    for file in "$path" $(ldd "$path" | grep -o '/[^ ]*' || true); do
      mkdir -p "$ctx/rootfs$(dirname "$file")"
      cp -L "$file" "$ctx/rootfs$file"
    done
  done
  [ ! -d "$ctx/rootfs" ] || find "$ctx/rootfs" -exec touch -h -d @0 {} +
  cp "deploy/images/$name/Dockerfile" "$ctx/Dockerfile"
  image=$prefix/$name:$version
  echo "images.sh: building $image ..." >&2
  # The VPP programs' images take VPP from a base image (NSM_VPP_BASE, e.g. an image with vpp on PATH); without one it
  # is the NSM base and they use an external VPP (NSM_VPP_API_SOCKET).
  vpp_base=()
  case "$name" in cmd-forwarder-vpp|cmd-nse-firewall-vpp|cmd-nse-vlan-vpp) vpp_base=(--build-arg "VPP_BASE=${NSM_VPP_BASE:-$base}") ;; esac
  build -t "$image" --build-arg "BASE=$base" "${vpp_base[@]}" "${labels[@]}" --label "org.opencontainers.image.title=$name" "$ctx"
  echo "$image $(docker image inspect -f '{{.Size}}' "$image")"
done
