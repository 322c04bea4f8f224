//===- CudaModel.h - Load and run a CUDA bundle -----------------*- C++ -*-===//
//
// The GPU half of the runtime: verifies a bundle's GpuProgram, then loads
// its PTX through the dlopen'd driver, uploads the weights and allocates
// every device buffer, so that a run only copies and launches.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_RUNTIME_CUDAMODEL_H
#define NNC_RUNTIME_CUDAMODEL_H

#include "BundleCheck.h"

namespace nnc::rt {

struct CudaModel;

/// Whether `triple` is a GPU target (nvptx64-...), run by this file.
bool isCudaTriple(const char *triple);

/// Checks every field of bundle->gpu() against the signature, the weights
/// and the workspace size, before any of it reaches the driver.
nnc_status checkGpuProgram(const fb::Bundle *bundle, const Signature &sig,
                           nnc_error *err);

/// checkGpuProgram, then everything a run needs on device 0. On failure
/// `*model` is left null and nothing is held.
nnc_status loadCudaModel(const fb::Bundle *bundle, const Signature &sig,
                         CudaModel **model, nnc_error *err);

/// Copies the inputs in, replays the launch list, copies the outputs out.
/// NNC_ERR_DEVICE on a driver error, described by cudaModelError().
nnc_status runCudaModel(CudaModel *model, const void *const *inputs,
                        void *const *outputs);

/// The last run's driver error ("" after a successful run).
const char *cudaModelError(const CudaModel *model);

void freeCudaModel(CudaModel *model);

} // namespace nnc::rt

#endif // NNC_RUNTIME_CUDAMODEL_H
