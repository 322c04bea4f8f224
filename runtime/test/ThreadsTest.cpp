//===- ThreadsTest.cpp - Models run by the runtime's thread pool ----------===//
//
// A model with a parallel entry (data/spmd_model.c) whose second phase reads
// what every thread wrote in the first: a broken barrier, a thread that does
// not run, or scratch shared between threads shows up as a wrong number.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

using namespace nnc;
using namespace nnc::test;
using ::testing::HasSubstr;

namespace {

constexpr int kN = 4096, kFlags = 8;
constexpr uint64_t kScratch = 128; ///< 16 longs, 64-byte aligned.

BundleSpec spmdSpec(bool parallel = true) {
  BundleSpec spec;
  spec.producer = "nnc runtime tests";
  spec.targetTriple = hostTriple();
  spec.entry = "spmd_entry";
  if (parallel)
    spec.parallelEntry = "spmd_mt";
  spec.inputs = {{"x", NNC_F32, {kN}}};
  spec.outputs = {{"out", NNC_F32, {kN}}, {"flags", NNC_I32, {kFlags}}};
  spec.workspaceSize = kN * sizeof(float) + kScratch;
  spec.threadScratchSize = kScratch;
  spec.code = readObject("spmd");
  if (parallel)
    spec.phases = {"double x", "sum"};
  return spec;
}

/// Runs the model and checks every output; `threads` must have run.
void runAndCheck(nnc_model *model, int threads) {
  std::vector<float> x(kN), out(kN, -1.0f);
  float sum = 0.0f;
  for (int i = 0; i < kN; ++i) {
    x[i] = static_cast<float>(i % 7) - 3.0f; // Sums are exact in float.
    sum += 2.0f * x[i];
  }
  std::vector<int32_t> flags(kFlags, 0);
  const void *inputs[] = {x.data()};
  void *outputs[] = {out.data(), flags.data()};
  ASSERT_EQ(nnc_model_run(model, inputs, outputs), NNC_OK);
  for (int i = 0; i < kN; ++i)
    ASSERT_EQ(out[i], sum + x[i]) << "out[" << i << "], " << threads
                                  << " threads";
  for (int t = 0; t < kFlags; ++t)
    EXPECT_EQ(flags[t], t < threads ? t + 1 : 0) << "thread " << t;
}

TEST(ThreadsTest, DefaultIsOneThread) {
  ModelHolder h;
  ASSERT_EQ(h.load(spmdSpec()), NNC_OK) << h.err.message;
  EXPECT_EQ(nnc_model_parallel(h.model), 1);
  EXPECT_EQ(nnc_model_threads(h.model), 1);
  EXPECT_EQ(nnc_model_thread_scratch_size(h.model), kScratch);
  runAndCheck(h.model, 1);
}

TEST(ThreadsTest, EveryThreadRunsAndMeetsAtTheBarrier) {
  ModelHolder h;
  ASSERT_EQ(h.load(spmdSpec()), NNC_OK) << h.err.message;
  // More threads than cores too: the waits must fall back to sleeping.
  for (int threads : {2, 3, 5, 1, 4}) {
    ASSERT_EQ(nnc_model_set_threads(h.model, threads, &h.err), NNC_OK)
        << h.err.message;
    EXPECT_EQ(nnc_model_threads(h.model), threads);
    for (int run = 0; run < 200; ++run)
      runAndCheck(h.model, threads);
  }
}

TEST(ThreadsTest, ZeroMeansOnePerCpu) {
  ModelHolder h;
  ASSERT_EQ(h.load(spmdSpec()), NNC_OK) << h.err.message;
  ASSERT_EQ(nnc_model_set_threads(h.model, 0, &h.err), NNC_OK);
  EXPECT_GE(nnc_model_threads(h.model), 1);
  runAndCheck(h.model, nnc_model_threads(h.model));
}

TEST(ThreadsTest, SingleThreadedModelIgnoresTheCount) {
  ModelHolder h;
  ASSERT_EQ(h.load(spmdSpec(/*parallel=*/false)), NNC_OK) << h.err.message;
  EXPECT_EQ(nnc_model_parallel(h.model), 0);
  ASSERT_EQ(nnc_model_set_threads(h.model, 4, &h.err), NNC_OK);
  EXPECT_EQ(nnc_model_threads(h.model), 1);
  runAndCheck(h.model, 1);
}

TEST(ThreadsTest, NegativeCountIsAnArgumentError) {
  ModelHolder h;
  ASSERT_EQ(h.load(spmdSpec()), NNC_OK) << h.err.message;
  EXPECT_EQ(nnc_model_set_threads(h.model, -2, &h.err), NNC_ERR_ARGUMENT);
  EXPECT_THAT(h.err.message, HasSubstr("count >= 0"));
  EXPECT_EQ(nnc_model_set_threads(nullptr, 2, nullptr), NNC_ERR_ARGUMENT);
  EXPECT_EQ(nnc_model_threads(h.model), 1);
}

TEST(ThreadsTest, MissingParallelEntryIsNamed) {
  BundleSpec spec = spmdSpec();
  spec.parallelEntry = "spmd_nowhere";
  ModelHolder h;
  EXPECT_EQ(h.load(spec), NNC_ERR_LOAD);
  EXPECT_THAT(h.err.message, HasSubstr("spmd_nowhere"));
}

TEST(ThreadsTest, PhasesAreNamedAndProfiled) {
  ModelHolder h;
  ASSERT_EQ(h.load(spmdSpec()), NNC_OK) << h.err.message;
  ASSERT_EQ(nnc_model_num_phases(h.model), 2);
  EXPECT_STREQ(nnc_model_phase_name(h.model, 0), "double x");
  EXPECT_STREQ(nnc_model_phase_name(h.model, 1), "sum");
  EXPECT_STREQ(nnc_model_phase_name(h.model, 2), "");
  EXPECT_STREQ(nnc_model_phase_name(h.model, -1), "");
  // At one thread a profiled run goes through the parallel entry alone.
  for (int threads : {1, 2, 3}) {
    ASSERT_EQ(nnc_model_set_threads(h.model, threads, &h.err), NNC_OK);
    uint64_t ns[2] = {0, 0};
    ASSERT_EQ(nnc_model_set_profile(h.model, ns, &h.err), NNC_OK)
        << h.err.message;
    for (int run = 0; run < 20; ++run)
      runAndCheck(h.model, threads);
    EXPECT_GT(ns[0], 0u) << threads << " threads";
    EXPECT_GT(ns[1], 0u) << threads << " threads";
    // The second phase sums all 4096 values on every thread; the first
    // touches a chunk of them.
    EXPECT_LT(ns[0] + ns[1], uint64_t(20) * 1000000000u);
    ASSERT_EQ(nnc_model_set_profile(h.model, nullptr, &h.err), NNC_OK);
    uint64_t before[2] = {ns[0], ns[1]};
    runAndCheck(h.model, threads);
    EXPECT_EQ(ns[0], before[0]);
    EXPECT_EQ(ns[1], before[1]);
  }
}

TEST(ThreadsTest, ModelWithoutPhasesCannotBeProfiled) {
  ModelHolder h;
  ASSERT_EQ(h.load(spmdSpec(/*parallel=*/false)), NNC_OK) << h.err.message;
  EXPECT_EQ(nnc_model_num_phases(h.model), 0);
  uint64_t ns[1] = {0};
  EXPECT_EQ(nnc_model_set_profile(h.model, ns, &h.err), NNC_ERR_ARGUMENT);
  EXPECT_THAT(h.err.message, HasSubstr("no phases to profile"));
  EXPECT_EQ(nnc_model_set_profile(nullptr, ns, nullptr), NNC_ERR_ARGUMENT);
  runAndCheck(h.model, 1);
  EXPECT_EQ(ns[0], 0u);
}

TEST(ThreadsTest, ScratchLargerThanWorkspaceIsRejected) {
  BundleSpec spec = spmdSpec();
  spec.threadScratchSize = spec.workspaceSize + 64;
  ModelHolder h;
  EXPECT_EQ(h.load(spec), NNC_ERR_INVALID_BUNDLE);
  EXPECT_THAT(h.err.message, HasSubstr("per-thread scratch"));
}

TEST(ThreadsTest, MisalignedScratchIsRejected) {
  BundleSpec spec = spmdSpec();
  spec.threadScratchSize = 100;
  ModelHolder h;
  EXPECT_EQ(h.load(spec), NNC_ERR_INVALID_BUNDLE);
  EXPECT_THAT(h.err.message, HasSubstr("64-byte alignment"));
}

} // namespace
