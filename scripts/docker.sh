#!/usr/bin/env bash
# Makes docker usable on this machine (root, Debian): installs Debian's docker.io when dockerd is missing and starts
# the daemon when none answers. Exits 0 when `docker info` works, 1 otherwise (with the reason on stderr).
# The daemon started here leaves the host's networking alone: no iptables rules, no docker0 bridge, no ip_forward
# change (the images run with --network host; the tests' namespaces and nft tables must not see docker).
# Its log: /var/log/nsm-dockerd.log.
set -uo pipefail

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "docker.sh: dockerd is not installed and installing it needs root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  # policy-rc.d may forbid starting the service at install time: the daemon is started below.
  apt-get install -y -qq docker.io >/dev/null 2>&1 || { echo "docker.sh: could not install docker.io" >&2; exit 1; }
fi
if [ "$(id -u)" != 0 ]; then
  echo "docker.sh: the docker daemon is not running and starting it needs root" >&2
  exit 1
fi
if ! pgrep -x dockerd >/dev/null 2>&1; then
  mkdir -p /var/log
  nohup dockerd --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false --bridge=none \
    >/var/log/nsm-dockerd.log 2>&1 </dev/null &
fi
for _ in $(seq 1 60); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 0.5
done
echo "docker.sh: dockerd did not answer within 30 s; its log (/var/log/nsm-dockerd.log) ends with:" >&2
tail -n 20 /var/log/nsm-dockerd.log >&2 2>/dev/null || true
exit 1
