//===- CudaDriver.cpp - Open the CUDA driver with dlopen ------------------===//
//
// CPU-only users never reach this file's code: the driver is opened only
// when a CUDA bundle is loaded.
//
//===----------------------------------------------------------------------===//

#include "CudaDriver.h"

#include "Error.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

using namespace nnc::rt;

nnc_status nnc::rt::openCudaDriver(CudaDriver *driver, nnc_error *err) {
  const char *path = getenv("NNC_CUDA_DRIVER");
  if (!path || !*path)
    path = "libcuda.so.1";
  driver->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!driver->handle) {
    const char *why = dlerror();
    return fail(err, NNC_ERR_TARGET,
                "CUDA driver %s not found: %s (a CUDA bundle needs an NVIDIA "
                "GPU and its driver; NNC_CUDA_DRIVER names another library)",
                path, why ? why : "unknown reason");
  }
#define NNC_CUDA_RESOLVE(member, symbol, type)                                 \
  driver->member = reinterpret_cast<type>(dlsym(driver->handle, symbol));      \
  if (!driver->member)                                                         \
    return fail(err, NNC_ERR_LOAD, "CUDA driver %s lacks %s", path, symbol);
  NNC_CUDA_ENTRY_POINTS(NNC_CUDA_RESOLVE)
#undef NNC_CUDA_RESOLVE
  return NNC_OK;
}

void nnc::rt::closeCudaDriver(CudaDriver *driver) {
  if (driver->handle)
    dlclose(driver->handle);
  *driver = CudaDriver();
}

void nnc::rt::describeCudaError(const CudaDriver &driver, const char *call,
                                CUresult result, char *out, size_t size) {
  const char *name = nullptr;
  if (!driver.getErrorString || driver.getErrorString(result, &name) != 0 ||
      !name)
    name = "unknown error";
  snprintf(out, size, "%s failed: %s (code %d)", call, name, result);
}
