//===- FakeCudaDriver.cpp - A CUDA driver on host memory, for tests -------===//
//
// Implements the entry points of runtime/src/CudaDriver.h with the driver's
// C ABI, so the runtime's CUDA loader can be tested without a GPU: memory
// is calloc'd, kernels only record their launch, and any call can be made
// to fail with a chosen result.
//
//===----------------------------------------------------------------------===//

#include "FakeCudaDriver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;

/// A loaded module: the PTX text it was given.
struct FakeModule {
  char *ptx;
};
/// A kernel: its name and its parameter count from the PTX.
struct FakeFunction {
  char name[64];
  unsigned numParams;
};

FakeCuda state = [] {
  FakeCuda s;
  memset(&s, 0, sizeof(s));
  s.ccMajor = 9;
  return s;
}();

constexpr CUresult kInvalidValue = 1, kNoDevice = 100, kInvalidPtx = 218,
                   kNotFound = 500, kOutOfMemory = 2;

bool failing(const char *call) { return strcmp(state.failCall, call) == 0; }

/// `.param`s between `.entry name(` and `)`, or -1 without that entry.
int entryParams(const char *ptx, const char *name) {
  size_t len = strlen(name);
  for (const char *p = strstr(ptx, ".entry "); p; p = strstr(p + 1, ".entry ")) {
    if (strncmp(p + 7, name, len) != 0 || p[7 + len] != '(')
      continue;
    const char *close = strchr(p, ')');
    int n = 0;
    for (const char *q = strstr(p, ".param"); q && close && q < close;
         q = strstr(q + 1, ".param"))
      ++n;
    return n;
  }
  return -1;
}

} // namespace

extern "C" {

FakeCuda *fake_cuda() { return &state; }

void fake_cuda_reset() {
  memset(&state, 0, sizeof(state));
  state.ccMajor = 9;
}

CUresult cuInit(unsigned) {
  ++state.inits;
  return failing("cuInit") ? state.failResult : 0;
}

CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  if (failing("cuDeviceGet") || state.noDevice || ordinal != 0)
    return failing("cuDeviceGet") ? state.failResult : kNoDevice;
  *device = 0;
  return 0;
}

CUresult cuDeviceGetAttribute(int *value, int attribute, CUdevice) {
  if (attribute != 75 && attribute != 76)
    return kInvalidValue;
  *value = attribute == 75 ? state.ccMajor : state.ccMinor;
  return 0;
}

CUresult cuDevicePrimaryCtxRetain(void **context, CUdevice) {
  if (failing("cuDevicePrimaryCtxRetain"))
    return state.failResult;
  ++state.contextsRetained;
  *context = &state;
  return 0;
}

CUresult cuDevicePrimaryCtxRelease_v2(CUdevice) {
  ++state.contextsReleased;
  return 0;
}

CUresult cuCtxSetCurrent(void *context) {
  return context == &state ? 0 : kInvalidValue;
}

CUresult cuCtxSynchronize() {
  ++state.syncs;
  return failing("cuCtxSynchronize") ? state.failResult : 0;
}

CUresult cuModuleLoadData(FakeModule **module, const void *image) {
  const char *ptx = static_cast<const char *>(image);
  if (failing("cuModuleLoadData"))
    return state.failResult;
  if (!strstr(ptx, ".version") || !strstr(ptx, ".target"))
    return kInvalidPtx;
  *module = static_cast<FakeModule *>(calloc(1, sizeof(FakeModule)));
  (*module)->ptx = strdup(ptx);
  ++state.modulesLoaded;
  return 0;
}

CUresult cuModuleUnload(FakeModule *module) {
  free(module->ptx);
  free(module);
  ++state.modulesUnloaded;
  return 0;
}

CUresult cuModuleGetFunction(FakeFunction **function, FakeModule *module,
                             const char *name) {
  int params = entryParams(module->ptx, name);
  if (params < 0 || strlen(name) >= sizeof(FakeFunction::name))
    return kNotFound;
  // Functions live as long as the process; tests load few.
  *function = static_cast<FakeFunction *>(calloc(1, sizeof(FakeFunction)));
  strcpy((*function)->name, name);
  (*function)->numParams = params;
  return 0;
}

CUresult cuMemAlloc_v2(CUdeviceptr *ptr, size_t size) {
  if (failing("cuMemAlloc") || size == 0 || state.numAllocs == 64)
    return failing("cuMemAlloc") ? state.failResult : kOutOfMemory;
  void *p = calloc(1, size);
  *ptr = reinterpret_cast<uintptr_t>(p);
  state.allocs[state.numAllocs++] = {*ptr, size, false};
  return 0;
}

CUresult cuMemFree_v2(CUdeviceptr ptr) {
  for (int i = 0; i < state.numAllocs; ++i)
    if (state.allocs[i].ptr == ptr && !state.allocs[i].freed) {
      state.allocs[i].freed = true;
      free(reinterpret_cast<void *>(ptr));
      return 0;
    }
  return kInvalidValue;
}

CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void *src, size_t size) {
  if (failing("cuMemcpyHtoD"))
    return state.failResult;
  memcpy(reinterpret_cast<void *>(dst), src, size);
  ++state.htod;
  state.htodBytes += size;
  return 0;
}

CUresult cuMemcpyDtoH_v2(void *dst, CUdeviceptr src, size_t size) {
  if (failing("cuMemcpyDtoH"))
    return state.failResult;
  memcpy(dst, reinterpret_cast<const void *>(src), size);
  ++state.dtoh;
  return 0;
}

CUresult cuLaunchKernel(FakeFunction *f, unsigned gx, unsigned gy, unsigned gz,
                        unsigned bx, unsigned by, unsigned bz, unsigned shared,
                        void *stream, void **params, void **extra) {
  if (failing("cuLaunchKernel"))
    return state.failResult;
  if (shared || stream || extra || state.numLaunches == 256 ||
      f->numParams > 16)
    return kInvalidValue;
  FakeCudaLaunch &l = state.launches[state.numLaunches++];
  strcpy(l.kernel, f->name);
  unsigned dims[6] = {gx, gy, gz, bx, by, bz};
  memcpy(l.grid, dims, sizeof(l.grid));
  memcpy(l.block, dims + 3, sizeof(l.block));
  l.numParams = f->numParams;
  for (unsigned i = 0; i < f->numParams; ++i)
    memcpy(&l.params[i], params[i], sizeof(uint64_t));
  return 0;
}

CUresult cuGetErrorString(CUresult result, const char **name) {
  switch (result) {
  case kInvalidPtx:
    *name = "CUDA_ERROR_INVALID_PTX";
    return 0;
  case kNoDevice:
    *name = "CUDA_ERROR_NO_DEVICE";
    return 0;
  case kNotFound:
    *name = "CUDA_ERROR_NOT_FOUND";
    return 0;
  case 700:
    *name = "CUDA_ERROR_ILLEGAL_ADDRESS";
    return 0;
  default:
    return kInvalidValue;
  }
}

} // extern "C"
