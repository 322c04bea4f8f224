//===- BundleWriter.h - Serialize a .nnb model bundle -----------*- C++ -*-===//
//
// The single writer of the bundle format, shared by `nnc compile` and the
// runtime's tests so both produce byte-identical layouts.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_BUNDLEWRITER_H
#define NNC_BUNDLEWRITER_H

#include <cstdint>
#include <string>
#include <vector>

#include "nnc/runtime.h"

namespace nnc {

struct TensorSpec {
  std::string name;
  nnc_dtype dtype = NNC_F32;
  std::vector<int64_t> shape;
};

/// A kernel parameter of a GPU launch (see GpuArg in bundle.fbs).
struct GpuArgSpec {
  enum Kind : uint8_t { Input, Output, Weights, Workspace, Scalar };
  Kind kind = Scalar;
  uint32_t index = 0;
  uint64_t offset = 0, size = 0, bits = 0;
  uint8_t scalarBytes = 0;
};

struct GpuLaunchSpec {
  uint32_t kernel = 0; ///< Index into GpuProgramSpec::kernels.
  uint32_t grid[3] = {1, 1, 1}, block[3] = {1, 1, 1};
  std::vector<GpuArgSpec> args;
};

/// The device program of a GPU bundle; written only when `arch` is set.
struct GpuProgramSpec {
  std::string arch, ptx;
  std::vector<std::string> kernels;
  std::vector<GpuLaunchSpec> launches;
};

struct BundleSpec {
  uint32_t formatVersion = NNC_BUNDLE_FORMAT_VERSION;
  std::string producer = "nnc";
  std::string targetTriple;
  std::string cpu;
  std::string entry;
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;
  uint64_t workspaceSize = 0;
  std::vector<uint8_t> weights; ///< Stored 64-byte aligned in the bundle.
  std::vector<uint8_t> code;    ///< ELF64 relocatable object.
  std::string parallelEntry;    ///< Empty: single-threaded only.
  uint64_t threadScratchSize = 0;
  GpuProgramSpec gpu;
  std::vector<std::string> phases; ///< Names of parallelEntry's phases.
};

/// Serializes `spec` into FlatBuffers bytes (file identifier "NNCB").
std::vector<uint8_t> serializeBundle(const BundleSpec &spec);

} // namespace nnc

#endif // NNC_BUNDLEWRITER_H
