//===- CudaDriver.h - The CUDA driver API, opened at run time ---*- C++ -*-===//
//
// The few driver entry points a CUDA bundle needs, resolved with dlsym from
// libcuda.so.1 (or $NNC_CUDA_DRIVER), so the runtime links no CUDA library.
// The types are the driver ABI's, declared here instead of including cuda.h.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_RUNTIME_CUDADRIVER_H
#define NNC_RUNTIME_CUDADRIVER_H

#include "nnc/runtime.h"

#include <stddef.h>

namespace nnc::rt {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;

/// CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR / _MINOR.
constexpr int kCuAttrCcMajor = 75, kCuAttrCcMinor = 76;

/// X(member, symbol, signature): every entry point, with the versioned
/// symbol the driver exports for the 64-bit API.
#define NNC_CUDA_ENTRY_POINTS(X)                                               \
  X(init, "cuInit", CUresult (*)(unsigned))                                    \
  X(deviceGet, "cuDeviceGet", CUresult (*)(CUdevice *, int))                   \
  X(deviceGetAttribute, "cuDeviceGetAttribute",                                \
    CUresult (*)(int *, int, CUdevice))                                        \
  X(primaryCtxRetain, "cuDevicePrimaryCtxRetain",                              \
    CUresult (*)(CUcontext *, CUdevice))                                       \
  X(primaryCtxRelease, "cuDevicePrimaryCtxRelease_v2", CUresult (*)(CUdevice)) \
  X(ctxSetCurrent, "cuCtxSetCurrent", CUresult (*)(CUcontext))                 \
  X(ctxSynchronize, "cuCtxSynchronize", CUresult (*)())                        \
  X(moduleLoadData, "cuModuleLoadData", CUresult (*)(CUmodule *, const void *)) \
  X(moduleUnload, "cuModuleUnload", CUresult (*)(CUmodule))                    \
  X(moduleGetFunction, "cuModuleGetFunction",                                  \
    CUresult (*)(CUfunction *, CUmodule, const char *))                        \
  X(memAlloc, "cuMemAlloc_v2", CUresult (*)(CUdeviceptr *, size_t))            \
  X(memFree, "cuMemFree_v2", CUresult (*)(CUdeviceptr))                        \
  X(memcpyHtoD, "cuMemcpyHtoD_v2",                                             \
    CUresult (*)(CUdeviceptr, const void *, size_t))                           \
  X(memcpyDtoH, "cuMemcpyDtoH_v2", CUresult (*)(void *, CUdeviceptr, size_t))  \
  X(launchKernel, "cuLaunchKernel",                                            \
    CUresult (*)(CUfunction, unsigned, unsigned, unsigned, unsigned,           \
                 unsigned, unsigned, unsigned, CUstream, void **, void **))    \
  X(getErrorString, "cuGetErrorString", CUresult (*)(CUresult, const char **))

template <typename T> using CudaEntry = T;

struct CudaDriver {
  void *handle = nullptr;
#define NNC_CUDA_MEMBER(member, symbol, type) CudaEntry<type> member = nullptr;
  NNC_CUDA_ENTRY_POINTS(NNC_CUDA_MEMBER)
#undef NNC_CUDA_MEMBER
};

/// Opens $NNC_CUDA_DRIVER (default libcuda.so.1) and resolves every entry
/// point; NNC_ERR_TARGET when the library is missing, NNC_ERR_LOAD when it
/// lacks a symbol. Release with closeCudaDriver() whatever the outcome.
nnc_status openCudaDriver(CudaDriver *driver, nnc_error *err);
void closeCudaDriver(CudaDriver *driver);

/// "cuFoo failed: <the driver's name for the error> (code N)" into `out`.
void describeCudaError(const CudaDriver &driver, const char *call,
                       CUresult result, char *out, size_t size);

} // namespace nnc::rt

#endif // NNC_RUNTIME_CUDADRIVER_H
