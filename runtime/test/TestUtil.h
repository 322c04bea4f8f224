//===- TestUtil.h - Helpers shared by the runtime tests ---------*- C++ -*-===//
//
// Builds bundles around the toy model objects (see data/toy_model.c) and
// computes the toy model's expected outputs.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_RUNTIME_TEST_TESTUTIL_H
#define NNC_RUNTIME_TEST_TESTUTIL_H

#include "nnc/BundleWriter.h"
#include "nnc/runtime.h"
#include "toy_model.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nnc::test {

inline const char *hostTriple() { return NNC_TEST_HOST_TRIPLE; }
inline const char *foreignTriple() { return NNC_TEST_FOREIGN_TRIPLE; }

/// Bytes of data/<name>.o, compiled by the test CMakeLists.
inline std::vector<uint8_t> readObject(const std::string &name) {
  std::string path = std::string(NNC_TEST_DATA_DIR) + "/" + name + ".o";
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing test object " << path;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

inline std::vector<float> toyWeights() {
  std::vector<float> w(TOY_N);
  for (int i = 0; i < TOY_N; ++i)
    w[i] = 0.25f * static_cast<float>(i) - 1.5f;
  return w;
}

inline std::vector<float> toyInput() {
  std::vector<float> x(TOY_N);
  for (int i = 0; i < TOY_N; ++i)
    x[i] = 0.125f * static_cast<float>(i) - 0.75f;
  return x;
}

/// The toy model's outputs y and z, evaluated on the host.
inline void toyReference(const std::vector<float> &x, std::vector<float> &y,
                         std::vector<float> &z) {
  const float bias[TOY_N] = TOY_BIAS;
  std::vector<float> w = toyWeights();
  y.resize(TOY_N);
  z.resize(TOY_N);
  for (int i = 0; i < TOY_N; ++i) {
    y[i] = (x[i] * w[i] + std::exp(x[i])) * TOY_SCALE + bias[i];
    const float shaped[6] = {x[i] + 1.0f, x[i] * x[i], std::exp(x[i]),
                             -x[i],       x[i] * 0.5f, x[i] - 2.0f};
    float s = shaped[i % 6];
    const float op[3] = {s + s, -s, std::exp(s)};
    z[i] = op[i % 3];
  }
}

/// A bundle spec around data/<object>.o with the toy model's signature.
inline BundleSpec toySpec(const std::string &object = "toy_pic",
                          const char *triple = hostTriple()) {
  BundleSpec spec;
  spec.producer = "nnc runtime tests";
  spec.targetTriple = triple;
  spec.cpu = "generic";
  spec.entry = object == "bad_import" ? "bad_entry" : "toy_entry";
  spec.inputs = {{"x", NNC_F32, {TOY_N}}};
  spec.outputs = {{"y", NNC_F32, {TOY_N}},
                  {"flags", NNC_I32, {TOY_FLAGS}},
                  {"z", NNC_F32, {TOY_N}}};
  spec.workspaceSize = TOY_WS_FLOATS * sizeof(float);
  std::vector<float> w = toyWeights();
  spec.weights.resize(w.size() * sizeof(float));
  std::memcpy(spec.weights.data(), w.data(), spec.weights.size());
  spec.code = readObject(object);
  return spec;
}

/// Owns a model for the length of a test.
struct ModelHolder {
  nnc_model *model = nullptr;
  nnc_error err = {};
  ~ModelHolder() { nnc_model_free(model); }
  nnc_status load(const std::vector<uint8_t> &bytes) {
    nnc_model_free(model);
    model = nullptr;
    return nnc_model_load_memory(bytes.data(), bytes.size(), &model, &err);
  }
  nnc_status load(const BundleSpec &spec) {
    return load(serializeBundle(spec));
  }
};

/// Runs the toy model once and checks its outputs; returns its run counter.
inline int runToyAndCheck(nnc_model *model) {
  std::vector<float> x = toyInput(), y(TOY_N, -1.0f), z(TOY_N, -1.0f);
  std::vector<int32_t> flags(TOY_FLAGS, -1);
  const void *inputs[] = {x.data()};
  void *outputs[] = {y.data(), flags.data(), z.data()};
  EXPECT_EQ(nnc_model_run(model, inputs, outputs), NNC_OK);
  std::vector<float> refY, refZ;
  toyReference(x, refY, refZ);
  for (int i = 0; i < TOY_N; ++i) {
    EXPECT_NEAR(y[i], refY[i], 1e-5f * (1.0f + std::fabs(refY[i])))
        << "y[" << i << "]";
    EXPECT_NEAR(z[i], refZ[i], 1e-5f * (1.0f + std::fabs(refZ[i])))
        << "z[" << i << "]";
  }
  EXPECT_EQ(flags[0], 0) << "weights are not 64-byte aligned";
  EXPECT_EQ(flags[1], 0) << "workspace is not 64-byte aligned";
  return flags[2];
}

} // namespace nnc::test

#endif // NNC_RUNTIME_TEST_TESTUTIL_H
