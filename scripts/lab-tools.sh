#!/usr/bin/env bash
# Installs the Debian packages the lab (`vigil lab`) needs, only those missing. Idempotent: a second run
# does nothing. Needs root. Packages come from Debian's archive only (no downloads from elsewhere).
# Debian starts no service at install on these machines (no systemd), and the lab starts its own daemons
# inside its namespaces, so installing nginx/openssh-server does not open anything on the host.
set -euo pipefail

packages=(
  iproute2        # ip netns, veth, bridge
  nmap            # SYN scan
  hping3          # SYN flood
  hydra           # SSH brute force
  slowhttptest    # slowloris
  curl            # benign HTTP and the HTTP flood
  openssh-client  # benign SSH
  openssh-server  # the victim's sshd
  sshpass         # password logins for benign SSH
  tcpdump         # victim-side capture
  nftables        # firewall inside the victim namespace (--defend)
  nginx           # the victims' web servers
  python3         # the second HTTP service (python3 -m http.server)
)

need=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done

if [ ${#need[@]} -eq 0 ]; then
  echo "lab-tools: all ${#packages[@]} packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "lab-tools: missing Debian packages: ${need[*]}; run as root to install them" >&2
  exit 1
fi
echo "lab-tools: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
# Other installs may be running on a shared machine: wait for the dpkg lock rather than fail.
# Try without refreshing the index first (offline machines); refresh only if that fails.
if ! apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${need[@]}" >/dev/null; then
  apt-get update -qq || true
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${need[@]}" >/dev/null
fi
echo "lab-tools: done"
