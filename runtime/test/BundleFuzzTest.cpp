//===- BundleFuzzTest.cpp - Truncated and corrupted bundles load safely ---===//
//
// Seeded corruption of whole bundles and of the ELF object inside them. Each
// case must either load or fail with a status and a message; it must never
// crash. Nothing loaded from corrupt bytes is ever run.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <random>

using namespace nnc;
using namespace nnc::test;

namespace {

/// Loads `bytes`; checks the outcome is a clean success or a clean failure.
/// Returns the status.
nnc_status loadCleanly(const std::vector<uint8_t> &bytes) {
  nnc_model *model = nullptr;
  nnc_error err;
  std::memset(&err, 0x5a, sizeof(err));
  nnc_status s =
      nnc_model_load_memory(bytes.data(), bytes.size(), &model, &err);
  EXPECT_EQ(err.status, s);
  if (s == NNC_OK) {
    EXPECT_NE(model, nullptr);
  } else {
    EXPECT_EQ(model, nullptr);
    EXPECT_GE(s, NNC_ERR_IO);
    EXPECT_LE(s, NNC_ERR_NOMEM);
    EXPECT_NE(err.message[0], '\0');
    EXPECT_NE(std::memchr(err.message, 0, sizeof(err.message)), nullptr);
  }
  nnc_model_free(model);
  return s;
}

/// Overwrites a few bytes of `bytes[begin, end)`: random values, all-ones or
/// zero runs, which hit sizes, offsets and counts in interesting ways.
void corrupt(std::vector<uint8_t> &bytes, size_t begin, size_t end,
             std::mt19937 &rng) {
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    size_t at = begin + rng() % (end - begin);
    size_t run = std::min<size_t>(1 + rng() % 8, end - at);
    int kind = static_cast<int>(rng() % 3);
    for (size_t k = 0; k < run; ++k)
      bytes[at + k] = kind == 0   ? static_cast<uint8_t>(rng())
                      : kind == 1 ? 0xff
                                  : 0x00;
  }
}

TEST(BundleFuzzTest, EveryTruncationFailsCleanly) {
  std::vector<uint8_t> bytes = serializeBundle(toySpec());
  size_t failures = 0;
  for (size_t len = 0; len < bytes.size(); ++len) {
    std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + len);
    nnc_status s = loadCleanly(prefix);
    // Only alignment padding at the very end may be cut harmlessly.
    if (len + 64 <= bytes.size()) {
      EXPECT_EQ(s, NNC_ERR_INVALID_BUNDLE) << "prefix of " << len;
    }
    failures += s != NNC_OK;
  }
  EXPECT_GE(failures, bytes.size() - 64);
}

TEST(BundleFuzzTest, RandomBundleCorruptionNeverCrashes) {
  std::vector<uint8_t> bytes = serializeBundle(toySpec());
  int loaded = 0;
  for (unsigned seed = 0; seed < 500; ++seed) {
    std::mt19937 rng(seed);
    std::vector<uint8_t> copy = bytes;
    corrupt(copy, 0, copy.size(), rng);
    loaded += loadCleanly(copy) == NNC_OK;
  }
  // Most flips land in the code or weights and still load; some must not.
  EXPECT_LT(loaded, 500);
}

TEST(BundleFuzzTest, RandomObjectCorruptionNeverCrashes) {
  BundleSpec spec = toySpec();
  const std::vector<uint8_t> object = spec.code;
  int failed = 0;
  for (unsigned seed = 0; seed < 1500; ++seed) {
    std::mt19937 rng(seed);
    spec.code = object;
    // Half the cases aim at the ELF header and the section header table,
    // where a single byte changes the interpretation of everything else.
    if (seed % 2 == 0)
      corrupt(spec.code, 0, 64, rng);
    else
      corrupt(spec.code, 0, spec.code.size(), rng);
    failed += loadCleanly(serializeBundle(spec)) != NNC_OK;
  }
  EXPECT_GT(failed, 0);
}

TEST(BundleFuzzTest, TruncatedObjectsFailCleanly) {
  BundleSpec spec = toySpec();
  const std::vector<uint8_t> object = spec.code;
  for (size_t len = 0; len < object.size(); len += 7) {
    spec.code.assign(object.begin(), object.begin() + len);
    EXPECT_EQ(loadCleanly(serializeBundle(spec)), NNC_ERR_LOAD)
        << "object prefix of " << len;
  }
}

} // namespace
