#!/usr/bin/env bash
# install-deps.sh: installs everything nnc needs on a fresh Debian 12 machine (root).
# Idempotent: a stamp file records a finished install, so `make` re-runs cost nothing.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
stamp="$here/build/.deps-installed-v1"
[ -f "$stamp" ] && exit 0

pkgs=(
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  cmake ninja-build make
  flatbuffers-compiler libflatbuffers-dev
  libonnx-dev libprotobuf-dev protobuf-compiler
  libgtest-dev
  python3 python3-numpy python3-onnx python3-torch python3-torchvision python3-sklearn
  gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm: Debian's package conflicts with a nodesource nodejs that bundles npm.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# onnxruntime is the numerical reference for the end-to-end tests (CPU build
# inside the npm package; --ignore-scripts skips its network post-install).
if [ ! -d "$here/build/ort/node_modules/onnxruntime-node" ]; then
  mkdir -p "$here/build/ort"
  (cd "$here/build/ort" && npm install --silent --no-audit --no-fund --ignore-scripts onnxruntime-node@1.30.0)
fi

mkdir -p "$(dirname "$stamp")"
touch "$stamp"
