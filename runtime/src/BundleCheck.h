//===- BundleCheck.h - Verify a bundle before anything uses it --*- C++ -*-===//
//
// The checks between raw bytes and a loadable bundle: envelope (magic,
// version, FlatBuffers verification), target, and a signature whose sizes
// are all known to be sane.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_RUNTIME_BUNDLECHECK_H
#define NNC_RUNTIME_BUNDLECHECK_H

#include "nnc/bundle_generated.h"
#include "nnc/runtime.h"

namespace nnc::rt {

/// Target triple of the code this runtime executes.
const char *runtimeTriple();

/// Checks the magic, then the format version, then the whole FlatBuffer.
/// Only after this succeeds may fb::GetBundle(bytes) be used.
nnc_status checkBundle(const uint8_t *bytes, size_t size, nnc_error *err);

/// Checks that the bundle's triple and its ELF object both match the host.
nnc_status checkTarget(const fb::Bundle *bundle, nnc_error *err);

/// The inputs and outputs of a model, in one allocation each.
struct Signature {
  size_t numInputs = 0, numOutputs = 0;
  nnc_tensor_info *tensors = nullptr; ///< Inputs, then outputs.
  int64_t *shapes = nullptr;          ///< Aligned copies of every shape.
};

/// Reads and validates the signature: known dtypes, ranks up to 16,
/// non-negative dimensions and byte sizes that fit size_t. Names point into
/// the bundle. Release with freeSignature() whatever the outcome.
nnc_status readSignature(const fb::Bundle *bundle, Signature *sig,
                         nnc_error *err);
void freeSignature(Signature *sig);

} // namespace nnc::rt

#endif // NNC_RUNTIME_BUNDLECHECK_H
