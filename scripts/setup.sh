#!/usr/bin/env bash
# Idempotent machine setup for the tests: installs the Debian packages they use, only when missing.
# Safe to run again; does nothing when everything is present. Needs root (or sudo) to install.
set -euo pipefail

need=()
want() { dpkg -s "$1" >/dev/null 2>&1 || need+=("$1"); }

# (packages are added here by the stages that need them)
# lab (src/lab, root-only test): the same list as scripts/lab-tools.sh
for p in iproute2 nmap hping3 hydra slowhttptest curl openssh-client openssh-server sshpass tcpdump nftables nginx python3; do want "$p"; done
# acquisition (src/acquisition): libpcap headers for the optional `cap` live-capture binding; tshark/capinfos
# and argus to cross-check packet and flow counts
want libpcap-dev
want tshark
want argus-client
want argus-server
want iputils-ping
want softflowd
want libxml2-utils  # xmllint: the eval report test validates its SVG plots
# response (src/response): nftables backend and tests (also in the lab list above); iptables+ipset fallback
want nftables
want iptables
want ipset

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${need[*]}; run as root to install them (tests that need them will skip)" >&2
    exit 0
  fi
  echo "setup: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
