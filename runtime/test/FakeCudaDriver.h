//===- FakeCudaDriver.h - A CUDA driver on host memory, for tests -*- C++ -*-===//
//
// libnnc_fake_cuda.so implements the driver entry points the runtime
// resolves, on host memory: "device" pointers are malloc'd blocks the test
// can read, kernels do nothing, and every call is counted or recorded.
// Tests reach its state through fake_cuda() (dlopen the same library).
//
//===----------------------------------------------------------------------===//
#ifndef NNC_RUNTIME_TEST_FAKECUDADRIVER_H
#define NNC_RUNTIME_TEST_FAKECUDADRIVER_H

#include <stddef.h>
#include <stdint.h>

struct FakeCudaLaunch {
  char kernel[64];
  unsigned grid[3], block[3];
  unsigned numParams;   ///< `.param`s of the kernel's PTX entry.
  uint64_t params[16];  ///< The 8 bytes behind each parameter pointer.
};

struct FakeCudaAlloc {
  uint64_t ptr;
  size_t size;
  bool freed;
};

struct FakeCuda {
  /// Calls to fail: the entry point's name and the result to return.
  char failCall[64];
  int failResult;
  int ccMajor, ccMinor; ///< Compute capability of device 0.
  bool noDevice;
  int inits, contextsRetained, contextsReleased, modulesLoaded,
      modulesUnloaded, htod, dtoh, syncs;
  size_t htodBytes;
  FakeCudaAlloc allocs[64];
  int numAllocs;
  FakeCudaLaunch launches[256];
  int numLaunches;
};

extern "C" FakeCuda *fake_cuda();
/// Zeroes the counters and the failure, frees nothing (leaks are the test's).
extern "C" void fake_cuda_reset();

#endif // NNC_RUNTIME_TEST_FAKECUDADRIVER_H
