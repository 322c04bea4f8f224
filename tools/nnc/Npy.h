//===- Npy.h - NumPy .npy files ---------------------------------*- C++ -*-===//
//
// Reads and writes the NumPy array format the CLI uses for tensors.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_TOOLS_NNC_NPY_H
#define NNC_TOOLS_NNC_NPY_H

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nnc {

struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<float> data; ///< Converted to float32, row-major.
  std::string dtype;       ///< The file's descr, e.g. "<f4".

  int64_t count() const;
};

/// Reads a C-order .npy of float32/float64/int64/int32/uint8/bool.
llvm::Expected<NpyArray> readNpy(const std::string &path);

/// Writes float32 data as a version 1.0 .npy file.
llvm::Error writeNpy(const std::string &path, const std::vector<int64_t> &shape,
                     const float *data);

std::string shapeString(const std::vector<int64_t> &shape);

} // namespace nnc

#endif // NNC_TOOLS_NNC_NPY_H
