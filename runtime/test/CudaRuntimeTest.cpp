//===- CudaRuntimeTest.cpp - The CUDA loader against a fake driver --------===//
//
// Loads hand-built CUDA bundles through libnnc_fake_cuda.so (see
// FakeCudaDriver.h): the driver call sequence, the device buffers behind
// every launch argument, no allocation during a run, driver errors as
// messages, and every malformed GpuProgram refused before the driver opens.
//
//===----------------------------------------------------------------------===//

#include "FakeCudaDriver.h"
#include "TestUtil.h"

#include <dlfcn.h>
#include <stdlib.h>

#include <functional>

using namespace nnc;
using namespace nnc::test;
using ::testing::HasSubstr;

namespace {

const char *kPtx = R"(.version 7.8
.target sm_90
.address_size 64
.visible .entry scale(
	.param .u64 .ptr .align 1 scale_param_0,
	.param .u64 .ptr .align 1 scale_param_1,
	.param .u64 .ptr .align 1 scale_param_2,
	.param .u32 scale_param_3
)
{
	ret;
}
.visible .entry finish(
	.param .u64 .ptr .align 1 finish_param_0,
	.param .u64 .ptr .align 1 finish_param_1
)
{
	ret;
}
)";

constexpr size_t kWeightsBytes = 256, kWorkspaceBytes = 512;

GpuArgSpec pointer(GpuArgSpec::Kind kind, uint32_t index, uint64_t offset,
                   uint64_t size) {
  GpuArgSpec a;
  a.kind = kind;
  a.index = index;
  a.offset = offset;
  a.size = size;
  return a;
}

GpuArgSpec scalar(uint64_t bits, uint8_t bytes) {
  GpuArgSpec a;
  a.bits = bits;
  a.scalarBytes = bytes;
  return a;
}

GpuLaunchSpec launch(uint32_t kernel, uint32_t grid, uint32_t block,
                     std::vector<GpuArgSpec> args) {
  GpuLaunchSpec l;
  l.kernel = kernel;
  l.grid[0] = grid;
  l.block[0] = block;
  l.args = std::move(args);
  return l;
}

/// x: f32[16] -> y: f32[8], z: i32[4]; three launches of two kernels.
BundleSpec cudaSpec() {
  BundleSpec spec;
  spec.targetTriple = "nvptx64-nvidia-cuda";
  spec.cpu = "sm_90";
  spec.entry = "nnc_model";
  spec.inputs = {{"x", NNC_F32, {16}}};
  spec.outputs = {{"y", NNC_F32, {8}}, {"z", NNC_I32, {4}}};
  spec.workspaceSize = kWorkspaceBytes;
  for (size_t i = 0; i < kWeightsBytes; ++i)
    spec.weights.push_back(static_cast<uint8_t>(i * 7));
  spec.gpu.arch = "sm_90";
  spec.gpu.ptx = kPtx;
  spec.gpu.kernels = {"scale", "finish"};
  using K = GpuArgSpec;
  spec.gpu.launches = {
      launch(0, 2, 128,
             {pointer(K::Input, 0, 0, 64), pointer(K::Weights, 0, 64, 128),
              pointer(K::Workspace, 0, 128, 256), scalar(7, 4)}),
      launch(1, 1, 32,
             {pointer(K::Workspace, 0, 0, 512), pointer(K::Output, 1, 0, 16)}),
      launch(0, 1, 8,
             {pointer(K::Input, 0, 32, 32), pointer(K::Weights, 0, 0, 256),
              pointer(K::Output, 0, 0, 32), scalar(0xfffffffffull, 4)})};
  return spec;
}

/// The fake driver's state, through the same library the runtime opens.
class CudaRuntimeTest : public ::testing::Test {
protected:
  void SetUp() override {
    setenv("NNC_CUDA_DRIVER", NNC_TEST_FAKE_CUDA, 1);
    handle = dlopen(NNC_TEST_FAKE_CUDA, RTLD_NOW);
    ASSERT_NE(handle, nullptr) << dlerror();
    auto *get = reinterpret_cast<FakeCuda *(*)()>(dlsym(handle, "fake_cuda"));
    reset = reinterpret_cast<void (*)()>(dlsym(handle, "fake_cuda_reset"));
    ASSERT_TRUE(get && reset);
    reset();
    fake = get();
  }
  /// Starts over with `call` failing with `result`.
  void failNext(const char *call, int result) {
    reset();
    std::strcpy(fake->failCall, call);
    fake->failResult = result;
  }
  void TearDown() override {
    unsetenv("NNC_CUDA_DRIVER");
    if (handle)
      dlclose(handle);
  }
  /// The live fake allocation of `size` bytes (sizes are distinct here).
  uint8_t *device(size_t size) {
    for (int i = 0; i < fake->numAllocs; ++i)
      if (fake->allocs[i].size == size && !fake->allocs[i].freed)
        return reinterpret_cast<uint8_t *>(fake->allocs[i].ptr);
    ADD_FAILURE() << "no device buffer of " << size << " bytes";
    return nullptr;
  }
  uint64_t address(size_t size) {
    return reinterpret_cast<uintptr_t>(device(size));
  }
  void *handle = nullptr;
  void (*reset)() = nullptr;
  FakeCuda *fake = nullptr;
};

TEST_F(CudaRuntimeTest, LoadUploadsWeightsOnceAndAllocatesEverything) {
  ModelHolder h;
  ASSERT_EQ(h.load(cudaSpec()), NNC_OK) << h.err.message;
  EXPECT_STREQ(nnc_model_target(h.model), "nvptx64-nvidia-cuda");
  EXPECT_EQ(fake->inits, 1);
  EXPECT_EQ(fake->contextsRetained, 1);
  EXPECT_EQ(fake->modulesLoaded, 1);
  // Weights, workspace, x, y, z.
  EXPECT_EQ(fake->numAllocs, 5);
  EXPECT_EQ(fake->htod, 1);
  EXPECT_EQ(fake->htodBytes, kWeightsBytes);
  std::vector<uint8_t> weights = cudaSpec().weights;
  EXPECT_EQ(std::memcmp(device(kWeightsBytes), weights.data(), kWeightsBytes),
            0);
  EXPECT_EQ(fake->numLaunches, 0);
}

TEST_F(CudaRuntimeTest, RunCopiesLaunchesAndAllocatesNothing) {
  ModelHolder h;
  ASSERT_EQ(h.load(cudaSpec()), NNC_OK) << h.err.message;
  std::vector<float> x(16), y(8, -1.0f);
  for (int i = 0; i < 16; ++i)
    x[i] = 0.5f * i - 3.0f;
  std::vector<int32_t> z(4, -1);
  // What the kernels would have written: the run must copy it out.
  const float yDevice[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  const int32_t zDevice[4] = {10, 20, 30, 40};
  std::memcpy(device(32), yDevice, sizeof(yDevice));
  std::memcpy(device(16), zDevice, sizeof(zDevice));
  const void *inputs[] = {x.data()};
  void *outputs[] = {y.data(), z.data()};
  for (int run = 1; run <= 2; ++run) {
    ASSERT_EQ(nnc_model_run(h.model, inputs, outputs), NNC_OK)
        << nnc_model_last_error(h.model);
    EXPECT_STREQ(nnc_model_last_error(h.model), "");
    EXPECT_EQ(fake->numAllocs, 5) << "run " << run << " allocated";
    EXPECT_EQ(fake->htod, 1 + run) << "only the input is copied in";
    EXPECT_EQ(fake->dtoh, 2 * run);
    EXPECT_EQ(fake->syncs, run);
    EXPECT_EQ(fake->numLaunches, 3 * run);
  }
  EXPECT_EQ(std::memcmp(device(64), x.data(), 64), 0);
  EXPECT_EQ(std::vector<float>(yDevice, yDevice + 8), y);
  EXPECT_EQ(std::vector<int32_t>(zDevice, zDevice + 4), z);

  uint64_t xBase = address(64), yBase = address(32), zBase = address(16);
  uint64_t wBase = address(kWeightsBytes), wsBase = address(kWorkspaceBytes);
  const FakeCudaLaunch &a = fake->launches[3], &b = fake->launches[4],
                       &c = fake->launches[5];
  EXPECT_STREQ(a.kernel, "scale");
  EXPECT_EQ(a.grid[0], 2u);
  EXPECT_EQ(a.grid[1], 1u);
  EXPECT_EQ(a.block[0], 128u);
  EXPECT_EQ(a.block[2], 1u);
  ASSERT_EQ(a.numParams, 4u);
  EXPECT_EQ(a.params[0], xBase);
  EXPECT_EQ(a.params[1], wBase + 64);
  EXPECT_EQ(a.params[2], wsBase + 128);
  EXPECT_EQ(static_cast<uint32_t>(a.params[3]), 7u);
  EXPECT_STREQ(b.kernel, "finish");
  ASSERT_EQ(b.numParams, 2u);
  EXPECT_EQ(b.params[0], wsBase);
  EXPECT_EQ(b.params[1], zBase);
  ASSERT_EQ(c.numParams, 4u);
  EXPECT_EQ(c.params[0], xBase + 32);
  EXPECT_EQ(c.params[1], wBase);
  EXPECT_EQ(c.params[2], yBase);
  EXPECT_EQ(c.params[3], 0xffffffffull) << "a 4-byte scalar keeps 4 bytes";

  nnc_model_free(h.model);
  h.model = nullptr;
  for (int i = 0; i < fake->numAllocs; ++i)
    EXPECT_TRUE(fake->allocs[i].freed) << "allocation " << i;
  EXPECT_EQ(fake->modulesUnloaded, 1);
  EXPECT_EQ(fake->contextsReleased, 1);
}

TEST_F(CudaRuntimeTest, MissingDriverIsATargetError) {
  setenv("NNC_CUDA_DRIVER", "/nonexistent/libcuda.so.1", 1);
  ModelHolder h;
  EXPECT_EQ(h.load(cudaSpec()), NNC_ERR_TARGET);
  EXPECT_THAT(h.err.message,
              HasSubstr("CUDA driver /nonexistent/libcuda.so.1 not found"));
  EXPECT_EQ(h.model, nullptr);
}

TEST_F(CudaRuntimeTest, DriverErrorsAtLoadBecomeMessages) {
  struct Case {
    const char *call;
    int result;
    nnc_status status;
    const char *message;
  } cases[] = {
      {"cuDeviceGet", 100, NNC_ERR_TARGET,
       "no CUDA device: cuDeviceGet failed: CUDA_ERROR_NO_DEVICE (code 100)"},
      {"cuModuleLoadData", 218, NNC_ERR_LOAD,
       "cannot load the bundle's PTX: cuModuleLoadData failed: "
       "CUDA_ERROR_INVALID_PTX (code 218)"},
      {"cuMemAlloc", 2, NNC_ERR_NOMEM,
       "cannot allocate GPU memory: cuMemAlloc failed: unknown error (code 2)"},
      {"cuInit", 3, NNC_ERR_TARGET, "cannot initialize the CUDA driver"},
  };
  for (const Case &c : cases) {
    failNext(c.call, c.result);
    ModelHolder h;
    EXPECT_EQ(h.load(cudaSpec()), c.status) << c.call;
    EXPECT_THAT(h.err.message, HasSubstr(c.message));
    EXPECT_EQ(h.model, nullptr);
    for (int i = 0; i < fake->numAllocs; ++i)
      EXPECT_TRUE(fake->allocs[i].freed) << c.call << ": allocation " << i;
    EXPECT_EQ(fake->contextsReleased, fake->contextsRetained) << c.call;
  }
}

TEST_F(CudaRuntimeTest, DriverErrorsInARunNameTheKernel) {
  ModelHolder h;
  ASSERT_EQ(h.load(cudaSpec()), NNC_OK) << h.err.message;
  std::vector<float> x(16), y(8);
  std::vector<int32_t> z(4);
  const void *inputs[] = {x.data()};
  void *outputs[] = {y.data(), z.data()};
  std::strcpy(fake->failCall, "cuLaunchKernel");
  fake->failResult = 700;
  EXPECT_EQ(nnc_model_run(h.model, inputs, outputs), NNC_ERR_DEVICE);
  EXPECT_STREQ(nnc_model_last_error(h.model),
               "scale: cuLaunchKernel failed: CUDA_ERROR_ILLEGAL_ADDRESS "
               "(code 700)");
  EXPECT_STREQ(nnc_status_string(NNC_ERR_DEVICE), "GPU error");
  fake->failCall[0] = '\0';
  EXPECT_EQ(nnc_model_run(h.model, inputs, outputs), NNC_OK);
  EXPECT_STREQ(nnc_model_last_error(h.model), "");
  const void *missing[] = {nullptr};
  EXPECT_EQ(nnc_model_run(h.model, missing, outputs), NNC_ERR_ARGUMENT);
}

TEST_F(CudaRuntimeTest, OlderDeviceIsRefused) {
  fake->ccMajor = 8;
  fake->ccMinor = 6;
  ModelHolder h;
  EXPECT_EQ(h.load(cudaSpec()), NNC_ERR_TARGET);
  EXPECT_THAT(h.err.message,
              HasSubstr("bundle's PTX targets sm_90 but CUDA device 0 is "
                        "sm_86"));
}

TEST_F(CudaRuntimeTest, CpuBundlesNeverOpenTheDriver) {
  ModelHolder h;
  ASSERT_EQ(h.load(toySpec()), NNC_OK) << h.err.message;
  EXPECT_EQ(runToyAndCheck(h.model), 1);
  EXPECT_EQ(fake->inits, 0);
}

/// Every malformed program is refused before the driver is touched.
TEST_F(CudaRuntimeTest, MalformedProgramsAreInvalid) {
  using K = GpuArgSpec;
  struct Case {
    const char *message;
    std::function<void(BundleSpec &)> mutate;
  } cases[] = {
      {"launch 0 names kernel 5 of 2",
       [](BundleSpec &s) { s.gpu.launches[0].kernel = 5; }},
      {"launch 0 (kernel 'scale') argument 1: bytes [200, +128) lie outside "
       "the weights (256 bytes)",
       [](BundleSpec &s) { s.gpu.launches[0].args[1].offset = 200; }},
      {"argument 2: bytes [18446744073709551615, +256) lie outside the "
       "workspace (512 bytes)",
       [](BundleSpec &s) { s.gpu.launches[0].args[2].offset = ~0ull; }},
      {"launch 1 (kernel 'finish') argument 1 names output 2 of 2",
       [](BundleSpec &s) { s.gpu.launches[1].args[1].index = 2; }},
      {"argument 0 names input 1 of 1",
       [](BundleSpec &s) { s.gpu.launches[2].args[0].index = 1; }},
      {"kernel 1 ('missing') is not an entry of the bundle's PTX",
       [](BundleSpec &s) { s.gpu.kernels[1] = "missing"; }},
      {"kernel 0 ('scal') is not an entry",
       [](BundleSpec &s) { s.gpu.kernels[0] = "scal"; }},
      {"has 2048 threads per block; CUDA allows 1024",
       [](BundleSpec &s) { s.gpu.launches[1].block[0] = 2048; }},
      {"has grid or block size 0 in dimension 1",
       [](BundleSpec &s) { s.gpu.launches[0].grid[1] = 0; }},
      {"argument 3: a scalar of 2 bytes; 4 or 8 expected",
       [](BundleSpec &s) { s.gpu.launches[0].args[3].scalarBytes = 2; }},
      {"launch 2 passes 3 arguments but kernel 'scale' takes 4",
       [](BundleSpec &s) { s.gpu.launches[2].args.pop_back(); }},
      {"argument 0 has unknown kind 9",
       [](BundleSpec &s) {
         s.gpu.launches[0].args[0].kind = static_cast<K::Kind>(9);
       }},
      {"GPU architecture 'gfx90a' is not of the form sm_<number>",
       [](BundleSpec &s) { s.gpu.arch = "gfx90a"; }},
      {"bundle targets nvptx64-nvidia-cuda but holds no GPU program",
       [](BundleSpec &s) { s.gpu = GpuProgramSpec(); }},
  };
  for (const Case &c : cases) {
    BundleSpec spec = cudaSpec();
    c.mutate(spec);
    ModelHolder h;
    EXPECT_EQ(h.load(spec), NNC_ERR_INVALID_BUNDLE) << c.message;
    EXPECT_THAT(h.err.message, HasSubstr(c.message));
  }
  EXPECT_EQ(fake->inits, 0);
}

} // namespace
