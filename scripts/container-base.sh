#!/usr/bin/env bash
# Builds a Node.js 20 base image for the Dockerfile where node:20-slim cannot be pulled (a machine
# that reaches Debian's archive and the npm registry but no container registry): Debian bookworm
# (debootstrap --variant=minbase, from Debian's archive) with this machine's Node.js 20 and npm laid
# out as in node:20-slim (/usr/local/bin/node, /usr/local/lib/node_modules/npm). Needs root,
# debootstrap and podman. Usage: scripts/container-base.sh [image] (default
# localhost/sweeplab-node20-base:latest); then podman build --build-arg BASE=<image> ...
# DEBIAN_MIRROR overrides debootstrap's default mirror.
set -euo pipefail
image=${1:-localhost/sweeplab-node20-base:latest}
version=$(node --version)
if [[ $version != v20.* ]]; then
  echo "container-base: needs Node.js 20 on this machine, found $version" >&2
  exit 1
fi
for tool in debootstrap podman; do
  command -v "$tool" >/dev/null || {
    echo "container-base: $tool is missing: apt-get install -y $tool" >&2
    exit 1
  }
done
node_bin=$(readlink -f "$(command -v node)")
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")") # …/node_modules/npm
root=$(mktemp -d /tmp/sweeplab-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" ${DEBIAN_MIRROR:+"$DEBIAN_MIRROR"} >"$root.log" 2>&1 || {
  tail -20 "$root.log" >&2
  exit 1
}
rm -f "$root.log"
install -D -m 755 "$node_bin" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | podman import --change 'CMD ["node"]' - "$image" >/dev/null
echo "container-base: built $image (Debian bookworm, Node.js $version)"
