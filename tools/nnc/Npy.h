//===- Npy.h - NumPy .npy files ---------------------------------*- C++ -*-===//
//
// Reads and writes the NumPy array format the CLI uses for tensors, in the
// runtime's dtypes, and converts elements between them.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_TOOLS_NNC_NPY_H
#define NNC_TOOLS_NNC_NPY_H

#include "nnc/runtime.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/ErrorHandling.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace nnc {

struct NpyArray {
  std::vector<int64_t> shape;
  nnc_dtype dtype = NNC_F32;
  std::vector<uint8_t> data; ///< Little-endian elements of dtype, row-major.

  int64_t count() const;
};

/// Reads a C-order little-endian .npy of a runtime dtype: float16/32/64,
/// int8/16/32/64, uint8/16/32/64 or bool.
llvm::Expected<NpyArray> readNpy(const std::string &path);

/// Writes the elements of `shape` at `data` as a version 1.0 .npy of `dtype`.
llvm::Error writeNpy(const std::string &path, const std::vector<int64_t> &shape,
                     nnc_dtype dtype, const void *data);

/// Converts `array` to float32 in place, whatever its dtype.
void convertToFloat32(NpyArray &array);

std::string shapeString(const std::vector<int64_t> &shape);

/// The value of an IEEE binary16 bit pattern.
float halfToFloat(uint16_t bits);

/// Element `i` of `data`, an array of C type C.
template <typename C> C rawElement(const void *data, int64_t i) {
  C v;
  std::memcpy(&v, static_cast<const char *>(data) + i * sizeof(C), sizeof(C));
  return v;
}

/// Element `i` of `data`, an array of `dtype`, converted to T as C converts
/// (float16 is decoded to float first, bool reads as 0 or 1).
template <typename T>
T loadElement(nnc_dtype dtype, const void *data, int64_t i) {
  switch (dtype) {
  case NNC_F32:
    return static_cast<T>(rawElement<float>(data, i));
  case NNC_F64:
    return static_cast<T>(rawElement<double>(data, i));
  case NNC_F16:
    return static_cast<T>(halfToFloat(rawElement<uint16_t>(data, i)));
  case NNC_BOOL:
    return static_cast<T>(rawElement<uint8_t>(data, i) != 0);
  case NNC_I8:
    return static_cast<T>(rawElement<int8_t>(data, i));
  case NNC_I16:
    return static_cast<T>(rawElement<int16_t>(data, i));
  case NNC_I32:
    return static_cast<T>(rawElement<int32_t>(data, i));
  case NNC_I64:
    return static_cast<T>(rawElement<int64_t>(data, i));
  case NNC_U8:
    return static_cast<T>(rawElement<uint8_t>(data, i));
  case NNC_U16:
    return static_cast<T>(rawElement<uint16_t>(data, i));
  case NNC_U32:
    return static_cast<T>(rawElement<uint32_t>(data, i));
  case NNC_U64:
    return static_cast<T>(rawElement<uint64_t>(data, i));
  }
  llvm_unreachable("the runtime admits only known dtypes");
}

/// Stores `value` as element `i` of `data`, an array of `dtype`, converted as
/// C converts (rounded to nearest for float16, nonzero is true for bool).
void storeElement(nnc_dtype dtype, void *data, int64_t i, double value);

} // namespace nnc

#endif // NNC_TOOLS_NNC_NPY_H
