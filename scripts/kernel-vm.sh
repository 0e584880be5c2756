#!/usr/bin/env bash
# A real Debian kernel (bookworm's linux-image-amd64, 6.1, WireGuard as a module) in a qemu virtual machine, to run a
# command under it: the host's kernel may lack modules our kernel code needs (wireguard). See docs/kernel-vm.md.
#
#   scripts/kernel-vm.sh                      prepare (idempotent, quiet): installs qemu-system-x86, downloads the
#                                             kernel and busybox-static packages (apt-get download, never installed)
#                                             into the cache, builds the initramfs; prints the cache path
#   scripts/kernel-vm.sh run [--timeout S] [--rw DIR] [--env NAME=VALUE] -- CMD ARGS...
#                                             boots the VM (prepares first), runs CMD in it, prints CMD's output
#                                             (stdout and stderr together) and exits with CMD's exit code
#
# The VM: 1 GiB, 2 vCPUs, no network device; KVM (-cpu host) where /dev/kvm runs an ordinary kernel, else software
# emulation (TCG; see choose_accel). Its root is the host's root filesystem, shared read-only over virtio-9p (so dotnet, ip, ping and the repository's build output are all there); /tmp, /run (and so
# /var/run, /run/netns), /var/tmp, /dev/shm are fresh tmpfs; HOME and DOTNET_CLI_HOME are /tmp/home; the kernel's
# modules are at /lib/modules/$(uname -r) (modprobe and autoloading work; wireguard and veth are loaded at boot).
# The command runs in the caller's working directory, stdin /dev/null. --rw DIR shares a host folder writable at
# the same path. --timeout (default 120 s) bounds the whole VM: qemu is killed and the exit code is 124.
# Other exit codes of this script's own: 125 the VM could not run or ended without the command's exit code,
# 126 something is missing (one line says what). Nothing is left behind but the cache (NSM_KERNEL_VM_CACHE,
# default /var/cache/nsm-kernel-vm): each run's folder in it is removed at the end.
set -uo pipefail

CACHE=${NSM_KERNEL_VM_CACHE:-/var/cache/nsm-kernel-vm}
# Bumped whenever the initramfs (its init or its module list) changes, so a cache built by an older script is rebuilt.
LAYOUT=5
BOOT_MODULES="virtio_pci virtio_rng 9pnet_virtio 9p wireguard veth"

die() { echo "kernel-vm: $*" >&2; exit 126; }

need_root() { [ "$(id -u)" = 0 ] || die "needs root (installs packages, uses /dev/kvm and $CACHE)"; }

# KVM (-cpu host; the architectural-capabilities MSR left out: nested hypervisors refuse it) where /dev/kvm runs an
# ordinary kernel at speed; TCG (software emulation on all host threads) where it does not: a PVM hypervisor
# (kvm_pvm) runs only kernels built as PVM guests, and an ordinary kernel crawls there (minutes before init), and
# without /dev/kvm. NSM_KERNEL_VM_ACCEL (kvm, tcg) overrides the choice.
choose_accel() {
  ACCEL=${NSM_KERNEL_VM_ACCEL:-}
  if [ -z "$ACCEL" ]; then
    if [ -c /dev/kvm ] && [ ! -d /sys/module/kvm_pvm ]; then ACCEL=kvm; else ACCEL=tcg; fi
  fi
  case $ACCEL in
    kvm)
      [ -c /dev/kvm ] || die "no /dev/kvm on this machine (NSM_KERNEL_VM_ACCEL=kvm)"
      [ -r /dev/kvm ] && [ -w /dev/kvm ] || die "/dev/kvm is not usable by $(id -un)"
      ACCEL_ARGS=(-enable-kvm -cpu host,-arch-capabilities) ;;
    tcg) ACCEL_ARGS=(-accel tcg,thread=multi -cpu max) ;;
    *) die "NSM_KERNEL_VM_ACCEL=$ACCEL: kvm or tcg" ;;
  esac
}

install_qemu() {
  command -v qemu-system-x86_64 >/dev/null 2>&1 && return 0
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || die "apt-get update failed (no network to the Debian archive?)"
  apt-get install -y -qq --no-install-recommends qemu-system-x86 >/dev/null 2>&1 \
    || die "could not install qemu-system-x86"
  command -v qemu-system-x86_64 >/dev/null 2>&1 || die "qemu-system-x86_64 is missing after installing qemu-system-x86"
}

# Downloads a package's .deb into $CACHE/debs and unpacks it into $2 (never installed on the host).
fetch_deb() {
  local pkg=$1 dest=$2 deb
  mkdir -p "$CACHE/debs"
  deb=$(ls "$CACHE"/debs/"${pkg}"_*.deb 2>/dev/null | head -1)
  if [ -z "$deb" ]; then
    (cd "$CACHE/debs" && apt-get download -qq "$pkg" >/dev/null 2>&1) || {
      apt-get update -qq >/dev/null 2>&1
      (cd "$CACHE/debs" && apt-get download -qq "$pkg" >/dev/null 2>&1)
    } || die "apt-get download $pkg failed (no network to the Debian archive?)"
    deb=$(ls "$CACHE"/debs/"${pkg}"_*.deb 2>/dev/null | head -1)
    [ -n "$deb" ] || die "apt-get download $pkg left no .deb"
  fi
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp" && dpkg-deb -x "$deb" "$dest.tmp" || die "dpkg-deb -x $deb failed"
  rm -rf "$dest" && mv "$dest.tmp" "$dest"
}

# The kernel image package linux-image-amd64 points at (e.g. linux-image-6.1.0-57-amd64).
kernel_package() {
  local p
  p=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -1)
  if [ -z "$p" ]; then
    apt-get update -qq >/dev/null 2>&1
    p=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -1)
  fi
  [ -n "$p" ] || die "apt knows no linux-image-amd64 (no Debian archive in the sources, or no network)"
  echo "$p"
}

# Appends module $1 and (first) its dependencies to $ORDER, each once, from modules.dep.
declare -A DEPS=() SEEN=()
resolve() {
  local path=$1 dep
  [ -n "${SEEN[$path]:-}" ] && return 0
  SEEN[$path]=1
  for dep in ${DEPS[$path]}; do resolve "$dep"; done
  ORDER+=("$path")
}

build_initramfs() {
  local kver=$1 moddir=$CACHE/kernel/lib/modules/$1 work line name path m
  depmod -b "$CACHE/kernel" "$kver" || die "depmod failed for $kver"
  declare -A BYNAME=()
  while IFS= read -r line; do
    path=${line%%:*}
    DEPS[$path]=${line#*:}
    name=${path##*/}; name=${name%%.ko*}
    BYNAME[$name]=$path
    BYNAME[${name//-/_}]=$path
  done <"$moddir/modules.dep"
  ORDER=()
  for m in $BOOT_MODULES; do
    [ -n "${BYNAME[$m]:-}" ] || die "kernel $kver has no module $m"
    resolve "${BYNAME[$m]}"
  done
  work=$(mktemp -d "$CACHE/initramfs.XXXXXX")
  mkdir -p "$work"/{bin,dev,proc,sys,newroot,modules}
  cp "$CACHE/busybox/bin/busybox" "$work/bin/busybox"
  ln -s busybox "$work/bin/sh"
  for path in "${ORDER[@]}"; do
    cp "$moddir/$path" "$work/modules/"
    echo "${path##*/}" >>"$work/modules/order"
  done
  cat >"$work/init" <<'INIT'
#!/bin/sh
# PID 1 of the kernel-vm (scripts/kernel-vm.sh): modules, the host's root over 9p, tmpfs for what must be writable,
# then the command in a chroot; its exit code as a marker line; power off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo 1 >/proc/sys/kernel/printk
for m in $(cat /modules/order); do
  insmod "/modules/$m" 2>/dev/null || echo "kernel-vm: insmod $m failed"
done
run=$(sed -n 's/.* nsm\.run=\([^ ]*\).*/\1/p' /proc/cmdline)
kver=$(uname -r)
die() { echo "kernel-vm: $*"; echo "NSM-KERNEL-VM-EXIT=125"; poweroff -f; }
o=trans=virtio,version=9p2000.L,msize=512000
mount -t 9p -o "$o,ro,cache=loose" hostroot /newroot || die "mounting the host's root over 9p failed"
R=/newroot
mount -t proc proc $R/proc && mount -t sysfs sysfs $R/sys && mount -t devtmpfs devtmpfs $R/dev || die "proc/sys/dev"
mkdir -p $R/dev/pts $R/dev/shm $R/dev/mqueue
mount -t devpts devpts $R/dev/pts
mount -t tmpfs -o mode=1777 shm $R/dev/shm
mount -t tmpfs -o mode=1777 tmp $R/tmp || die "tmpfs on /tmp"
mount -t tmpfs -o mode=755 run $R/run || die "tmpfs on /run"
mount -t tmpfs -o mode=1777 vartmp $R/var/tmp
mkdir -p $R/run/netns $R/run/lock $R/tmp/home
# The kernel's modules where modprobe (the host's kmod, in the chroot) looks for them.
mount -t tmpfs -o mode=755 modules $R/lib/modules && mkdir -p $R/lib/modules/$kver \
  && mount --bind "$R$(cat /cache-path)/kernel/lib/modules/$kver" $R/lib/modules/$kver || die "modules"
mount -t 9p -o "$o" run "$R$run" || die "mounting the run folder failed"
i=0
while read -r dir; do
  mkdir -p "$R$dir" 2>/dev/null # a folder under /tmp: its mount point on the VM's tmpfs
  mount -t 9p -o "$o" "rw$i" "$R$dir" || die "mounting $dir writable failed"
  i=$((i + 1))
done <"$R$run/rw"
hostname nsm-kernel-vm
ip link set lo up
printf '\nNSM-KERNEL-VM-BEGIN\n'
chroot $R /bin/bash "$run/cmd.sh" </dev/null
rc=$?
printf 'NSM-KERNEL-VM-EXIT=%d\n' "$rc"
sync
poweroff -f
INIT
  chmod +x "$work/init"
  # The kernel asks for modules (ip link add ... type vxlan, nft) by running /sbin/modprobe from its own root, this
  # initramfs: that runs the host's modprobe over the VM's module folder in the chroot.
  mkdir -p "$work/sbin"
  printf '#!/bin/sh\nexec /bin/chroot /newroot /sbin/modprobe "$@"\n' >"$work/sbin/modprobe"
  chmod +x "$work/sbin/modprobe"
  echo "$CACHE" >"$work/cache-path"
  (cd "$work" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) >"$CACHE/initramfs.cpio.gz.tmp" \
    || die "building the initramfs failed"
  rm -rf "$work"
  mv "$CACHE/initramfs.cpio.gz.tmp" "$CACHE/initramfs.cpio.gz"
}

# The uncompressed kernel (an ELF with a PVH entry point) out of the bzImage $1 into $2: qemu starts it directly, with
# no firmware and no decompression (5 s less per boot under emulation). Returns non-zero when it cannot.
extract_vmlinux() {
  local image=$1 out=$2 setup offset length magic
  u32() { od -An -tu4 -j "$1" -N4 "$image" | tr -d ' '; }
  setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$image" | tr -d ' ')
  offset=$(( (setup + 1) * 512 + $(u32 $((0x248))) ))
  length=$(u32 $((0x24c)))
  magic=$(od -An -tx1 -j "$offset" -N4 "$image" | tr -d ' ')
  case $magic in
    fd377a58) tail -c +$((offset + 1)) "$image" | head -c "$length" | xz -dc >"$out.tmp" 2>/dev/null ;;
    28b52ffd) tail -c +$((offset + 1)) "$image" | head -c "$length" | zstd -dcq >"$out.tmp" 2>/dev/null ;;
    1f8b*) tail -c +$((offset + 1)) "$image" | head -c "$length" | gzip -dc >"$out.tmp" 2>/dev/null ;;
    *) return 1 ;;
  esac
  [ "$(od -An -tx1 -N4 "$out.tmp" 2>/dev/null | tr -d ' ')" = 7f454c46 ] || { rm -f "$out.tmp"; return 1; }
  mv "$out.tmp" "$out"
}

prepare() {
  need_root
  choose_accel
  install_qemu
  mkdir -p "$CACHE" || die "cannot create $CACHE"
  exec 9>"$CACHE/.lock"
  flock 9
  local want="layout=$LAYOUT cache=$CACHE" kpkg kver
  if [ -f "$CACHE/ready" ] && [ "$(head -1 "$CACHE/ready")" = "$want" ] && [ -f "$CACHE/initramfs.cpio.gz" ] && [ -e "$CACHE/boot-kernel" ]; then
    flock -u 9; exec 9>&-
    return 0
  fi
  kpkg=$(kernel_package)
  [ -d "$CACHE/kernel/boot" ] && ls "$CACHE/debs/${kpkg}"_*.deb >/dev/null 2>&1 || fetch_deb "$kpkg" "$CACHE/kernel"
  [ -x "$CACHE/busybox/bin/busybox" ] || fetch_deb busybox-static "$CACHE/busybox"
  kver=${kpkg#linux-image-}
  [ -f "$CACHE/kernel/boot/vmlinuz-$kver" ] || die "the package $kpkg has no /boot/vmlinuz-$kver"
  build_initramfs "$kver"
  rm -f "$CACHE/vmlinuz"
  if extract_vmlinux "$CACHE/kernel/boot/vmlinuz-$kver" "$CACHE/vmlinux"; then
    ln -sfn vmlinux "$CACHE/boot-kernel"
  else
    ln -sfn "kernel/boot/vmlinuz-$kver" "$CACHE/boot-kernel"
  fi
  printf '%s\nkernel=%s\n' "$want" "$kver" >"$CACHE/ready"
  flock -u 9; exec 9>&-
}

run_vm() {
  local timeout=120 rw=() envs=() a
  while [ $# -gt 0 ]; do
    case $1 in
      --timeout) timeout=$2; shift 2 ;;
      --rw) rw+=("$(readlink -f "$2")"); shift 2 ;;
      --env) envs+=("$2"); shift 2 ;;
      --) shift; break ;;
      *) die "unknown option $1 (usage: run [--timeout S] [--rw DIR] [--env NAME=VALUE] -- CMD ARGS...)" ;;
    esac
  done
  [ $# -gt 0 ] || die "run needs a command after --"
  [[ $timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout $timeout: whole seconds, at least 1"
  prepare
  mkdir -p "$CACHE/runs"
  # Run folders of runs that were killed (SIGKILL leaves no trap to run) go now.
  local old
  # A folder without its pid file yet may be another run's that is just starting: left alone for a minute.
  for old in "$CACHE"/runs/*/; do
    [ -d "$old" ] || continue
    if [ -f "$old/pid" ]; then
      kill -0 "$(cat "$old/pid")" 2>/dev/null && continue
    elif [ -n "$(find "$old" -maxdepth 0 -mmin -1)" ]; then
      continue
    fi
    rm -rf "$old"
  done
  RUN=$(mktemp -d "$CACHE/runs/XXXXXXXX")
  echo $$ >"$RUN/pid"
  QEMU_PID=
  trap 'cleanup; exit 130' INT TERM
  trap 'cleanup' EXIT
  {
    echo "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    echo "export HOME=/tmp/home DOTNET_CLI_HOME=/tmp/home TERM=dumb"
    echo "export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1"
    echo "export NSM_KERNEL_VM=1"
    for a in ${DOTNET_ROOT:+DOTNET_ROOT=$DOTNET_ROOT} "${envs[@]}"; do printf 'export %q\n' "$a"; done
    printf 'cd %q 2>/dev/null || cd /\n' "$PWD"
    printf 'exec'; printf ' %q' "$@"; printf ' 2>&1\n'
  } >"$RUN/cmd.sh"
  printf '%s\n' "${rw[@]}" | sed '/^$/d' >"$RUN/rw"
  local verbosity="quiet loglevel=1"
  [ -n "${NSM_KERNEL_VM_DEBUG:-}" ] && verbosity=debug
  local args=("${ACCEL_ARGS[@]}" -m 1024 -smp 2 -nographic -nodefaults -no-user-config -no-reboot
    -kernel "$CACHE/boot-kernel" -initrd "$CACHE/initramfs.cpio.gz"
    -append "console=ttyS0 $verbosity panic=-1 nsm.run=$RUN"
    -serial "file:$RUN/console.log" -monitor none -device virtio-rng-pci
    -fsdev "local,id=hostroot,path=/,security_model=passthrough,readonly=on,multidevs=remap"
    -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
    -fsdev "local,id=run,path=$RUN,security_model=passthrough,multidevs=remap"
    -device virtio-9p-pci,fsdev=run,mount_tag=run)
  local i=0 d
  for d in "${rw[@]}"; do
    [ -d "$d" ] || die "--rw $d is not a folder"
    args+=(-fsdev "local,id=rw$i,path=$d,security_model=passthrough,multidevs=remap"
      -device "virtio-9p-pci,fsdev=rw$i,mount_tag=rw$i")
    i=$((i + 1))
  done
  qemu-system-x86_64 "${args[@]}" </dev/null >"$RUN/qemu.log" 2>&1 &
  QEMU_PID=$!
  local deadline=$((SECONDS + timeout)) timed_out=0
  while kill -0 "$QEMU_PID" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      timed_out=1
      kill -9 "$QEMU_PID" 2>/dev/null
      break
    fi
    sleep 0.1
  done
  wait "$QEMU_PID" 2>/dev/null
  QEMU_PID=
  if [ -n "${NSM_KERNEL_VM_DEBUG:-}" ]; then
    { echo "--- console"; tr -d '\r' <"$RUN/console.log"; echo "--- qemu"; cat "$RUN/qemu.log"; } >&2
  fi
  # The command's output is what the console shows between the markers (the exit marker may end a last line
  # that had no newline of its own).
  local rc
  tr -d '\r' <"$RUN/console.log" 2>/dev/null | awk -v rcfile="$RUN/rc" '
    !on && /NSM-KERNEL-VM-BEGIN$/ { on = 1; next }
    on && match($0, /NSM-KERNEL-VM-EXIT=[0-9]+$/) {
      if (RSTART > 1) print substr($0, 1, RSTART - 1)
      print substr($0, RSTART + 19) > rcfile
      exit
    }
    on { print }'
  rc=$(cat "$RUN/rc" 2>/dev/null)
  if [ "$timed_out" = 1 ]; then
    echo "kernel-vm: timed out after ${timeout} s; qemu killed" >&2
    return 124
  fi
  if [ -z "$rc" ]; then
    echo "kernel-vm: the VM ended without the command's exit code; its console and qemu's output end with:" >&2
    tr -d '\r' <"$RUN/console.log" 2>/dev/null | tail -n 20 >&2
    tail -n 5 "$RUN/qemu.log" >&2
    return 125
  fi
  return "$rc"
}

cleanup() {
  if [ -n "${QEMU_PID:-}" ]; then
    kill -9 "$QEMU_PID" 2>/dev/null
    wait "$QEMU_PID" 2>/dev/null
    QEMU_PID=
  fi
  [ -n "${RUN:-}" ] && rm -rf "$RUN"
  RUN=
}

case ${1:-prepare} in
  prepare) prepare; echo "$CACHE" ;;
  run) shift; run_vm "$@"; exit $? ;;
  *) die "usage: $0 [prepare] | run [--timeout S] [--rw DIR] [--env NAME=VALUE] -- CMD ARGS..." ;;
esac
