//===- RuntimeTest.cpp - The C API on well-formed and wrong bundles -------===//
//
// Loads real compiled objects, checks the signature and the numbers, and
// checks that every kind of wrong bundle fails with its own status and a
// message that names the problem.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "nnc/bundle_generated.h"

#include <cstdio>
#include <optional>
#include <set>

using namespace nnc;
using namespace nnc::test;
using ::testing::HasSubstr;

namespace {

//===----------------------------------------------------------------------===//
// Loading and running
//===----------------------------------------------------------------------===//

/// The same model compiled three ways: PIC (GOT, PLT32), non-PIC (absolute
/// 32-bit addresses, so a low mapping) and one section per function/object.
class ToyModelTest : public ::testing::TestWithParam<const char *> {};

TEST_P(ToyModelTest, RunsAndMatchesReference) {
  ModelHolder h;
  ASSERT_EQ(h.load(toySpec(GetParam())), NNC_OK) << h.err.message;
  EXPECT_EQ(h.err.status, NNC_OK);
  // The run counter lives in .bss: zero at load, kept across runs.
  EXPECT_EQ(runToyAndCheck(h.model), 1);
  EXPECT_EQ(runToyAndCheck(h.model), 2);
}

INSTANTIATE_TEST_SUITE_P(Objects, ToyModelTest,
                         ::testing::Values("toy_pic", "toy_nopic",
                                           "toy_sections"));

TEST(RuntimeTest, TwoModelsHaveSeparateState) {
  ModelHolder a, b;
  ASSERT_EQ(a.load(toySpec()), NNC_OK) << a.err.message;
  ASSERT_EQ(b.load(toySpec()), NNC_OK) << b.err.message;
  EXPECT_EQ(runToyAndCheck(a.model), 1);
  EXPECT_EQ(runToyAndCheck(a.model), 2);
  EXPECT_EQ(runToyAndCheck(b.model), 1);
}

TEST(RuntimeTest, SignatureQueries) {
  ModelHolder h;
  ASSERT_EQ(h.load(toySpec()), NNC_OK) << h.err.message;
  ASSERT_EQ(nnc_model_num_inputs(h.model), 1u);
  ASSERT_EQ(nnc_model_num_outputs(h.model), 3u);
  nnc_tensor_info info;
  ASSERT_EQ(nnc_model_input_info(h.model, 0, &info), 0);
  EXPECT_STREQ(info.name, "x");
  EXPECT_EQ(info.dtype, NNC_F32);
  ASSERT_EQ(info.rank, 1);
  EXPECT_EQ(info.shape[0], TOY_N);
  EXPECT_EQ(info.num_bytes, TOY_N * sizeof(float));
  ASSERT_EQ(nnc_model_output_info(h.model, 1, &info), 0);
  EXPECT_STREQ(info.name, "flags");
  EXPECT_EQ(info.dtype, NNC_I32);
  EXPECT_EQ(info.num_bytes, TOY_FLAGS * sizeof(int32_t));
  EXPECT_EQ(nnc_model_input_info(h.model, 1, &info), -1);
  EXPECT_EQ(nnc_model_output_info(h.model, 3, &info), -1);
  EXPECT_EQ(nnc_model_input_info(h.model, 0, nullptr), -1);
  EXPECT_STREQ(nnc_model_target(h.model), hostTriple());
  EXPECT_STREQ(nnc_runtime_target(), hostTriple());
  EXPECT_EQ(nnc_model_workspace_size(h.model), TOY_WS_FLOATS * sizeof(float));
}

TEST(RuntimeTest, ScalarAndEmptyTensors) {
  BundleSpec spec = toySpec();
  spec.inputs.push_back({"scalar", NNC_I64, {}});
  spec.inputs.push_back({"empty", NNC_U8, {3, 0}});
  ModelHolder h;
  ASSERT_EQ(h.load(spec), NNC_OK) << h.err.message;
  nnc_tensor_info info;
  ASSERT_EQ(nnc_model_input_info(h.model, 1, &info), 0);
  EXPECT_EQ(info.rank, 0);
  EXPECT_EQ(info.num_bytes, 8u);
  ASSERT_EQ(nnc_model_input_info(h.model, 2, &info), 0);
  EXPECT_EQ(info.num_bytes, 0u);
}

TEST(RuntimeTest, LoadFromFile) {
  std::string path = ::testing::TempDir() + "nnc_runtime_test_toy.nnb";
  std::vector<uint8_t> bytes = serializeBundle(toySpec());
  FILE *f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
  std::fclose(f);
  nnc_model *model = nullptr;
  nnc_error err;
  ASSERT_EQ(nnc_model_load_file(path.c_str(), &model, &err), NNC_OK)
      << err.message;
  EXPECT_EQ(runToyAndCheck(model), 1);
  nnc_model_free(model);
  std::remove(path.c_str());
}

TEST(RuntimeTest, MissingFileNamesThePath) {
  nnc_model *model = reinterpret_cast<nnc_model *>(1);
  nnc_error err;
  const char *path = "/nonexistent/dir/model.nnb";
  EXPECT_EQ(nnc_model_load_file(path, &model, &err), NNC_ERR_IO);
  EXPECT_EQ(err.status, NNC_ERR_IO);
  EXPECT_EQ(model, nullptr);
  EXPECT_THAT(err.message, HasSubstr(path));
  EXPECT_THAT(err.message, HasSubstr("No such file"));
}

TEST(RuntimeTest, DirectoryIsNotABundle) {
  nnc_model *model = nullptr;
  nnc_error err;
  EXPECT_EQ(nnc_model_load_file("/", &model, &err), NNC_ERR_IO);
  EXPECT_THAT(err.message, HasSubstr("not a regular file"));
}

TEST(RuntimeTest, FileErrorsPastReadingNameThePath) {
  std::string path = ::testing::TempDir() + "nnc_runtime_test_bad.nnb";
  FILE *f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("definitely not a bundle", f);
  std::fclose(f);
  nnc_model *model = nullptr;
  nnc_error err;
  EXPECT_EQ(nnc_model_load_file(path.c_str(), &model, &err),
            NNC_ERR_INVALID_BUNDLE);
  EXPECT_THAT(err.message, HasSubstr(path));
  EXPECT_THAT(err.message, HasSubstr("bad magic"));
  std::remove(path.c_str());
}

TEST(RuntimeTest, RunRejectsNullBuffers) {
  ModelHolder h;
  ASSERT_EQ(h.load(toySpec()), NNC_OK) << h.err.message;
  std::vector<float> x(TOY_N), y(TOY_N), z(TOY_N);
  std::vector<int32_t> flags(TOY_FLAGS);
  const void *inputs[] = {x.data()};
  const void *nullInputs[] = {nullptr};
  void *outputs[] = {y.data(), flags.data(), z.data()};
  void *someNullOutputs[] = {y.data(), flags.data(), nullptr};
  EXPECT_EQ(nnc_model_run(h.model, nullptr, outputs), NNC_ERR_ARGUMENT);
  EXPECT_EQ(nnc_model_run(h.model, inputs, nullptr), NNC_ERR_ARGUMENT);
  EXPECT_EQ(nnc_model_run(h.model, nullInputs, outputs), NNC_ERR_ARGUMENT);
  EXPECT_EQ(nnc_model_run(h.model, inputs, someNullOutputs), NNC_ERR_ARGUMENT);
  EXPECT_EQ(nnc_model_run(nullptr, inputs, outputs), NNC_ERR_ARGUMENT);
  // Nothing ran: the run counter starts at 1 on the first real run.
  EXPECT_EQ(runToyAndCheck(h.model), 1);
}

TEST(RuntimeTest, RunRejectsOverlappingOutputs) {
  ModelHolder h;
  ASSERT_EQ(h.load(toySpec()), NNC_OK) << h.err.message;
  std::vector<float> x(2 * TOY_N), y(TOY_N), z(TOY_N);
  std::vector<int32_t> flags(TOY_FLAGS);
  const void *inputs[] = {x.data()};
  // An output on the input, an output straddling another's end, two outputs
  // on one buffer: each is refused before anything runs.
  void *onInput[] = {x.data(), flags.data(), z.data()};
  void *straddling[] = {y.data(), flags.data(), y.data() + TOY_N / 2};
  void *shared[] = {z.data(), flags.data(), z.data()};
  EXPECT_EQ(nnc_model_run(h.model, inputs, onInput), NNC_ERR_ARGUMENT);
  EXPECT_EQ(nnc_model_run(h.model, inputs, straddling), NNC_ERR_ARGUMENT);
  EXPECT_EQ(nnc_model_run(h.model, inputs, shared), NNC_ERR_ARGUMENT);
  // Adjacent but disjoint buffers are fine.
  void *adjacent[] = {x.data() + TOY_N, flags.data(), z.data()};
  EXPECT_EQ(nnc_model_run(h.model, inputs, adjacent), NNC_OK);
}

TEST(RuntimeTest, LoadRejectsNullArguments) {
  nnc_model *model = nullptr;
  nnc_error err;
  EXPECT_EQ(nnc_model_load_memory(nullptr, 16, &model, &err), NNC_ERR_ARGUMENT);
  std::vector<uint8_t> bytes = serializeBundle(toySpec());
  EXPECT_EQ(nnc_model_load_memory(bytes.data(), bytes.size(), nullptr, &err),
            NNC_ERR_ARGUMENT);
  EXPECT_EQ(nnc_model_load_file(nullptr, &model, &err), NNC_ERR_ARGUMENT);
  // A NULL error pointer is allowed, on success and on failure.
  EXPECT_EQ(nnc_model_load_memory(bytes.data(), 3, &model, nullptr),
            NNC_ERR_INVALID_BUNDLE);
  EXPECT_EQ(nnc_model_load_memory(bytes.data(), bytes.size(), &model, nullptr),
            NNC_OK);
  nnc_model_free(model);
  nnc_model_free(nullptr);
}

//===----------------------------------------------------------------------===//
// Wrong bundles
//===----------------------------------------------------------------------===//

TEST(RuntimeTest, WrongMagic) {
  std::vector<uint8_t> bytes = serializeBundle(toySpec());
  std::memcpy(bytes.data() + 4, "ONNX", 4);
  ModelHolder h;
  EXPECT_EQ(h.load(bytes), NNC_ERR_INVALID_BUNDLE);
  EXPECT_STREQ(h.err.message, "not an nnc bundle (bad magic)");
  EXPECT_EQ(h.load(std::vector<uint8_t>()), NNC_ERR_INVALID_BUNDLE);
}

TEST(RuntimeTest, WrongFormatVersion) {
  BundleSpec spec = toySpec();
  spec.formatVersion = NNC_BUNDLE_FORMAT_VERSION + 1;
  ModelHolder h;
  EXPECT_EQ(h.load(spec), NNC_ERR_VERSION);
  EXPECT_THAT(
      h.err.message,
      HasSubstr("version " + std::to_string(NNC_BUNDLE_FORMAT_VERSION + 1)));
  EXPECT_THAT(
      h.err.message,
      HasSubstr("reads version " + std::to_string(NNC_BUNDLE_FORMAT_VERSION)));
}

TEST(RuntimeTest, WrongTargetNamesBothTriples) {
  ModelHolder h;
  EXPECT_EQ(h.load(toySpec("toy_foreign", foreignTriple())), NNC_ERR_TARGET);
  EXPECT_THAT(h.err.message,
              HasSubstr(std::string("bundle targets ") + foreignTriple() +
                        " but this runtime runs " + hostTriple()));
}

TEST(RuntimeTest, VendorAndOsDoNotMatter) {
  std::string triple = hostTriple();
  triple = triple.substr(0, triple.find('-')) + "-pc-linux-elf";
  ModelHolder h;
  EXPECT_EQ(h.load(toySpec("toy_pic", triple.c_str())), NNC_OK)
      << h.err.message;
}

TEST(RuntimeTest, TripleDisagreesWithElfMachine) {
  ModelHolder h;
  EXPECT_EQ(h.load(toySpec("toy_foreign", hostTriple())), NNC_ERR_TARGET);
  EXPECT_THAT(h.err.message, HasSubstr(hostTriple()));
  EXPECT_THAT(h.err.message, HasSubstr("e_machine"));
}

TEST(RuntimeTest, MissingEntrySymbol) {
  BundleSpec spec = toySpec();
  spec.entry = "no_such_entry";
  ModelHolder h;
  EXPECT_EQ(h.load(spec), NNC_ERR_LOAD);
  EXPECT_THAT(h.err.message, HasSubstr("'no_such_entry' is not defined"));
}

TEST(RuntimeTest, EntryMustBeAFunction) {
  BundleSpec spec = toySpec();
  spec.entry = "toy_scale"; // A global float in .data.
  ModelHolder h;
  EXPECT_EQ(h.load(spec), NNC_ERR_LOAD);
  EXPECT_THAT(h.err.message, HasSubstr("'toy_scale' is not a function"));
}

TEST(RuntimeTest, UnknownImportIsNamed) {
  ModelHolder h;
  EXPECT_EQ(h.load(toySpec("bad_import")), NNC_ERR_LOAD);
  EXPECT_THAT(h.err.message, HasSubstr("'fopen'"));
}

TEST(RuntimeTest, BadShapesAreRejected) {
  struct Case {
    TensorSpec tensor;
    const char *message;
  } cases[] = {
      {{"neg", NNC_F32, {4, -1}}, "negative dimension -1"},
      {{"huge", NNC_F32, {INT64_C(1) << 40, INT64_C(1) << 40}},
       "too large to address"},
      {{"deep", NNC_F32, std::vector<int64_t>(17, 1)}, "rank 17"},
      // 12 is representable in nnc_dtype (no UB) but names no dtype.
      {{"odd", static_cast<nnc_dtype>(12), {1}}, "unknown dtype 12"},
  };
  for (const Case &c : cases) {
    BundleSpec spec = toySpec();
    spec.outputs.push_back(c.tensor);
    ModelHolder h;
    EXPECT_EQ(h.load(spec), NNC_ERR_INVALID_BUNDLE) << c.tensor.name;
    EXPECT_THAT(h.err.message, HasSubstr(c.message));
    EXPECT_THAT(h.err.message, HasSubstr("output 3 ('" + c.tensor.name));
  }
}

TEST(RuntimeTest, ImpossibleWorkspaceIsOutOfMemory) {
  BundleSpec spec = toySpec();
  spec.workspaceSize = UINT64_C(1) << 62;
  ModelHolder h;
  EXPECT_EQ(h.load(spec), NNC_ERR_NOMEM);
  EXPECT_THAT(h.err.message, HasSubstr("workspace"));
}

/// Serializes `spec` like another writer might: weights not force-aligned,
/// a producer string of `pad` bytes to shift everything around and, if
/// given, a raw DType value (one nnc_dtype need not hold) on the last output.
std::vector<uint8_t> serializeUnaligned(const BundleSpec &spec, size_t pad,
                                        std::optional<int8_t> lastDtype = {}) {
  flatbuffers::FlatBufferBuilder fbb;
  auto weights = fbb.CreateVector(spec.weights);
  auto code = fbb.CreateVector(spec.code);
  auto tensors = [&](const std::vector<TensorSpec> &list, bool isOutputs) {
    std::vector<flatbuffers::Offset<fb::TensorInfo>> infos;
    for (const TensorSpec &t : list) {
      auto dtype = static_cast<fb::DType>(t.dtype);
      if (isOutputs && lastDtype && &t == &list.back())
        dtype = static_cast<fb::DType>(*lastDtype);
      infos.push_back(
          fb::CreateTensorInfoDirect(fbb, t.name.c_str(), dtype, &t.shape));
    }
    return fbb.CreateVector(infos);
  };
  auto inputs = tensors(spec.inputs, false);
  auto outputs = tensors(spec.outputs, true);
  auto bundle = fb::CreateBundle(
      fbb, spec.formatVersion, fbb.CreateString(std::string(pad, 'p')),
      fbb.CreateString(spec.targetTriple), 0, fbb.CreateString(spec.entry),
      inputs, outputs, spec.workspaceSize, weights, code);
  fb::FinishBundleBuffer(fbb, bundle);
  return std::vector<uint8_t>(fbb.GetBufferPointer(),
                              fbb.GetBufferPointer() + fbb.GetSize());
}

/// The runtime must copy misaligned weights rather than hand the code a
/// misaligned pointer (the toy model reports the alignment it sees).
TEST(RuntimeTest, MisalignedWeightsAreRealigned) {
  BundleSpec spec = toySpec();
  int misaligned = 0;
  for (size_t pad = 0; pad < 64; pad += 4) {
    std::vector<uint8_t> bytes = serializeUnaligned(spec, pad);
    const fb::Bundle *bundle = fb::GetBundle(bytes.data());
    if ((bundle->weights()->data() - bytes.data()) % 64 == 0)
      continue;
    ++misaligned;
    ModelHolder h;
    ASSERT_EQ(h.load(bytes), NNC_OK) << h.err.message;
    EXPECT_EQ(runToyAndCheck(h.model), 1);
  }
  EXPECT_GT(misaligned, 0);
}

/// Dtype values no nnc_dtype names, as a newer or corrupt writer may store
/// them: the byte is signed in the schema, so negative ones too.
TEST(RuntimeTest, OutOfRangeDtypeIsRejected) {
  for (int8_t raw : {int8_t(12), int8_t(100), int8_t(-1)}) {
    ModelHolder h;
    EXPECT_EQ(h.load(serializeUnaligned(toySpec(), 0, raw)),
              NNC_ERR_INVALID_BUNDLE);
    EXPECT_THAT(h.err.message, HasSubstr("output 2 ('z') has unknown dtype " +
                                         std::to_string(raw)));
  }
}

/// Every dtype loads, and sizes the tensor by its element size.
TEST(RuntimeTest, EveryDtypeLoads) {
  BundleSpec spec = toySpec();
  for (int d = NNC_F32; d <= NNC_U64; ++d)
    spec.inputs.push_back({"t" + std::to_string(d), nnc_dtype(d), {2, 3}});
  ModelHolder h;
  ASSERT_EQ(h.load(spec), NNC_OK) << h.err.message;
  for (int d = NNC_F32; d <= NNC_U64; ++d) {
    nnc_tensor_info info;
    ASSERT_EQ(nnc_model_input_info(h.model, 1 + d, &info), 0);
    EXPECT_EQ(info.dtype, d);
    EXPECT_EQ(info.num_bytes, 6 * nnc_dtype_size(nnc_dtype(d)));
  }
}

TEST(RuntimeTest, StatusStrings) {
  std::set<std::string> seen;
  for (int s = NNC_OK; s <= NNC_ERR_NOMEM; ++s) {
    const char *text = nnc_status_string(static_cast<nnc_status>(s));
    ASSERT_NE(text, nullptr);
    EXPECT_TRUE(seen.insert(text).second) << text;
  }
  EXPECT_STREQ(nnc_status_string(static_cast<nnc_status>(99)),
               "unknown status");
}

TEST(RuntimeTest, DtypeSizesAndNames) {
  struct Case {
    nnc_dtype dtype;
    size_t size;
    const char *name;
  } cases[] = {
      {NNC_F32, 4, "float32"}, {NNC_F16, 2, "float16"}, {NNC_I32, 4, "int32"},
      {NNC_I64, 8, "int64"},   {NNC_I8, 1, "int8"},     {NNC_U8, 1, "uint8"},
      {NNC_BOOL, 1, "bool"},   {NNC_F64, 8, "float64"}, {NNC_I16, 2, "int16"},
      {NNC_U16, 2, "uint16"},  {NNC_U32, 4, "uint32"},  {NNC_U64, 8, "uint64"},
  };
  // Every value once, in order: the table is the whole enum.
  ASSERT_EQ(std::size(cases), size_t(NNC_U64) + 1);
  for (size_t i = 0; i < std::size(cases); ++i) {
    EXPECT_EQ(cases[i].dtype, nnc_dtype(i));
    EXPECT_EQ(nnc_dtype_size(cases[i].dtype), cases[i].size) << cases[i].name;
    EXPECT_STREQ(nnc_dtype_name(cases[i].dtype), cases[i].name);
  }
  EXPECT_EQ(nnc_dtype_size(nnc_dtype(12)), 0u);
  EXPECT_STREQ(nnc_dtype_name(nnc_dtype(12)), "unknown");
}

TEST(BundleWriterTest, WeightsAre64ByteAligned) {
  BundleSpec spec = toySpec();
  for (size_t size : {0, 1, 3, 64, 100, 4097}) {
    for (size_t nameLength : {1, 2, 5, 13}) {
      spec.weights.assign(size, 0xab);
      spec.producer.assign(nameLength, 'n');
      std::vector<uint8_t> bytes = serializeBundle(spec);
      ASSERT_TRUE(fb::BundleBufferHasIdentifier(bytes.data()));
      flatbuffers::Verifier verifier(bytes.data(), bytes.size());
      ASSERT_TRUE(fb::VerifyBundleBuffer(verifier));
      const fb::Bundle *bundle = fb::GetBundle(bytes.data());
      ASSERT_EQ(bundle->weights()->size(), size);
      if (size == 0)
        continue; // Nothing to align; the runtime passes its own pointer.
      EXPECT_EQ((bundle->weights()->data() - bytes.data()) % 64, 0)
          << "size " << size << " name " << nameLength;
      // Finish() pads to the largest alignment, so offsets from the start
      // are 64-byte aligned too, and a 64-byte aligned copy keeps them so.
      EXPECT_EQ(bytes.size() % 64, 0u);
    }
  }
}

} // namespace
