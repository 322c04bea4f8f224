#!/usr/bin/env bash
# cross-aarch64.sh: builds the runtime for AArch64 and runs its whole test
# suite under qemu-aarch64, which exercises the AArch64 relocations and stubs.
# Needs g++-aarch64-linux-gnu, libc6-dev-arm64-cross, qemu-user, googletest
# (sources) and clang. Not part of `ctest`: it takes minutes on two cores.
# Usage: runtime/test/cross-aarch64.sh [BUILD_DIR]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-/tmp/nnc-runtime-aarch64}

# The cross compiler does not search /usr/include. FlatBuffers is header-only
# and architecture-neutral, so expose just that directory.
inc="$build/flatbuffers-include"
mkdir -p "$inc"
ln -sfn /usr/include/flatbuffers "$inc/flatbuffers"

cmake -S "$root" -B "$build" -G Ninja -DNNC_BUILD_COMPILER=OFF \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_TOOLCHAIN_FILE="$root/runtime/cmake/aarch64-linux-gnu.cmake" \
  -DCMAKE_CXX_FLAGS="-isystem $inc"
cmake --build "$build" -j "${JOBS:-1}"
cd "$build" && ctest --output-on-failure
