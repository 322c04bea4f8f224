//===- Execute.cpp - `nnc run | bench | eval | inspect` -------------------===//
//
// The commands that load a bundle through the runtime's C API, exactly as an
// application would.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "Npy.h"

#include "nnc/bundle_generated.h"
#include "nnc/runtime.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <numeric>
#include <random>

using namespace nnc;

namespace {

struct ModelDeleter {
  void operator()(nnc_model *m) const { nnc_model_free(m); }
};
using ModelPtr = std::unique_ptr<nnc_model, ModelDeleter>;

struct Tensor {
  nnc_tensor_info info;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data; ///< info.num_bytes of info.dtype elements.
  int64_t count() const {
    return static_cast<int64_t>(data.size() / nnc_dtype_size(info.dtype));
  }
  std::string type() const {
    return nnc_dtype_name(info.dtype) + shapeString(shape);
  }
};

bool isFloat(nnc_dtype d) {
  return d == NNC_F32 || d == NNC_F64 || d == NNC_F16;
}

/// Loads a bundle and sets its thread count (0: one per CPU).
ModelPtr load(const std::string &path, int &rc, int threads = 1) {
  nnc_model *m = nullptr;
  nnc_error err;
  if (nnc_model_load_file(path.c_str(), &m, &err) != NNC_OK) {
    rc = reportError(err.message);
    return nullptr;
  }
  ModelPtr model(m);
  if (threads < 0) {
    rc = reportError("--threads must be >= 0 (0: one per CPU)");
    return nullptr;
  }
  if (nnc_model_set_threads(m, threads, &err) != NNC_OK) {
    rc = reportError(path + ": " + err.message);
    return nullptr;
  }
  return model;
}

std::vector<Tensor> signature(nnc_model *m, bool inputs) {
  std::vector<Tensor> out;
  size_t n = inputs ? nnc_model_num_inputs(m) : nnc_model_num_outputs(m);
  for (size_t i = 0; i < n; ++i) {
    Tensor t;
    if (inputs)
      nnc_model_input_info(m, i, &t.info);
    else
      nnc_model_output_info(m, i, &t.info);
    t.shape.assign(t.info.shape, t.info.shape + t.info.rank);
    t.data.resize(t.info.num_bytes);
    out.push_back(std::move(t));
  }
  return out;
}

/// Makes `array` (read from `file`) hold elements as input `t` takes them:
/// a float32 input takes any dtype, converted; others need their own dtype.
bool matchDtype(NpyArray &array, const std::string &file, const Tensor &t,
                int &rc) {
  if (t.info.dtype == NNC_F32)
    convertToFloat32(array);
  if (array.dtype == t.info.dtype)
    return true;
  rc = reportError("input '" + std::string(t.info.name) + "' is " +
                   nnc_dtype_name(t.info.dtype) + " but '" + file + "' holds " +
                   nnc_dtype_name(array.dtype) +
                   " (only float32 inputs convert)");
  return false;
}

/// Fills `inputs` from "-i file" (signature order) or "-i name=file".
bool bindInputs(const std::vector<std::string> &args,
                std::vector<Tensor> &inputs, int &rc) {
  if (args.size() != inputs.size()) {
    rc = reportError("the model has " + std::to_string(inputs.size()) +
                     " input(s), " + std::to_string(args.size()) + " given");
    return false;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    llvm::StringRef arg(args[i]);
    Tensor *slot = &inputs[i];
    std::string file = args[i];
    auto [nameRef, path] = arg.split('=');
    llvm::StringRef name = nameRef;
    if (!path.empty()) {
      auto it = std::find_if(inputs.begin(), inputs.end(),
                             [&](Tensor &t) { return name == t.info.name; });
      if (it == inputs.end()) {
        rc = reportError("the model has no input named '" + name.str() + "'");
        return false;
      }
      slot = &*it;
      file = path.str();
    }
    llvm::Expected<NpyArray> array = readNpy(file);
    if (!array) {
      rc = reportError(llvm::toString(array.takeError()));
      return false;
    }
    if (array->shape != slot->shape) {
      rc = reportError("'" + file + "' has shape " + shapeString(array->shape) +
                       ", input '" + slot->info.name + "' needs " +
                       shapeString(slot->shape));
      return false;
    }
    if (!matchDtype(*array, file, *slot, rc))
      return false;
    slot->data = std::move(array->data);
  }
  return true;
}

/// Floats in [-1, 1), integers in [0, 4) (small enough to be valid indices
/// and shapes in most models), bools 0 or 1.
void randomInputs(std::vector<Tensor> &inputs) {
  std::mt19937 rng(0);
  std::uniform_real_distribution<float> real(-1.0f, 1.0f);
  std::uniform_int_distribution<int> small(0, 3), coin(0, 1);
  for (Tensor &t : inputs) {
    nnc_dtype d = t.info.dtype;
    for (int64_t i = 0; i < t.count(); ++i)
      storeElement(d, t.data.data(), i,
                   isFloat(d)      ? real(rng)
                   : d == NNC_BOOL ? coin(rng)
                                   : small(rng));
  }
}

int execute(nnc_model *m, std::vector<Tensor> &in, std::vector<Tensor> &out) {
  // Zero-size tensors have no storage; the runtime still wants a pointer.
  alignas(8) static uint8_t empty[8];
  std::vector<const void *> ins;
  std::vector<void *> outs;
  for (Tensor &t : in)
    ins.push_back(t.data.empty() ? empty : t.data.data());
  for (Tensor &t : out)
    outs.push_back(t.data.empty() ? empty : t.data.data());
  nnc_status s = nnc_model_run(m, ins.data(), outs.data());
  if (s != NNC_OK)
    return reportError(std::string("run failed: ") + nnc_status_string(s) +
                       (*nnc_model_last_error(m) ? std::string(": ") +
                                                       nnc_model_last_error(m)
                                                 : ""));
  return 0;
}

/// Element `i` of `t` as text: floats to 6 significant digits, integers
/// exactly, bools as 0 or 1.
std::string formatElement(const Tensor &t, int64_t i) {
  nnc_dtype d = t.info.dtype;
  std::string text;
  llvm::raw_string_ostream os(text);
  if (isFloat(d))
    os << llvm::format("%.6g", loadElement<double>(d, t.data.data(), i));
  else if (d == NNC_U64)
    os << loadElement<uint64_t>(d, t.data.data(), i);
  else
    os << loadElement<int64_t>(d, t.data.data(), i);
  return text;
}

void printTensor(const Tensor &t) {
  llvm::outs() << t.info.name << ": " << t.type() << "\n";
  bool classifier = isFloat(t.info.dtype) && t.shape.size() == 2 &&
                    t.shape[0] == 1 && t.shape[1] > 1;
  if (classifier) {
    std::vector<int64_t> order(t.count());
    std::iota(order.begin(), order.end(), 0);
    size_t k = std::min<size_t>(5, order.size());
    auto score = [&](int64_t i) {
      return loadElement<double>(t.info.dtype, t.data.data(), i);
    };
    std::partial_sort(
        order.begin(), order.begin() + k, order.end(),
        [&](int64_t a, int64_t b) { return score(a) > score(b); });
    llvm::outs() << "  top-" << k << ":\n";
    for (size_t i = 0; i < k; ++i)
      llvm::outs() << llvm::format("    class %-6lld ",
                                   static_cast<long long>(order[i]))
                   << formatElement(t, order[i]) << "\n";
    return;
  }
  int64_t shown = std::min<int64_t>(t.count(), 32);
  llvm::outs() << " ";
  for (int64_t i = 0; i < shown; ++i)
    llvm::outs() << " " << formatElement(t, i);
  if (shown < t.count())
    llvm::outs() << " ... (" << t.count() << " values)";
  llvm::outs() << "\n";
}

double millisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

} // namespace

int nnc::runRun(const ExecOptions &opts) {
  int rc = 0;
  ModelPtr m = load(opts.bundle, rc, opts.threads);
  if (!m)
    return rc;
  std::vector<Tensor> in = signature(m.get(), true),
                      out = signature(m.get(), false);
  if (!bindInputs(opts.inputs, in, rc))
    return rc;
  if (!opts.outputs.empty() && opts.outputs.size() != out.size())
    return reportError("the model has " + std::to_string(out.size()) +
                       " output(s), " + std::to_string(opts.outputs.size()) +
                       " -o given");
  if ((rc = execute(m.get(), in, out)))
    return rc;
  for (size_t i = 0; i < out.size(); ++i) {
    if (opts.outputs.empty()) {
      printTensor(out[i]);
      continue;
    }
    if (llvm::Error e = writeNpy(opts.outputs[i], out[i].shape,
                                 out[i].info.dtype, out[i].data.data()))
      return reportError(llvm::toString(std::move(e)));
  }
  return 0;
}

/// Runs the model `runs` more times with the runtime's profile on and
/// lists its phases, slowest first, with their mean time.
static int printPhases(nnc_model *m, std::vector<Tensor> &in,
                       std::vector<Tensor> &out, int runs) {
  int phases = nnc_model_num_phases(m);
  std::vector<uint64_t> ns(std::max(phases, 1));
  nnc_error err;
  if (nnc_model_set_profile(m, ns.data(), &err) != NNC_OK)
    return reportError(std::string("--phases: ") + err.message);
  for (int i = 0; i < runs; ++i)
    if (int rc = execute(m, in, out))
      return rc;
  nnc_model_set_profile(m, nullptr, nullptr);
  std::vector<int> order(phases);
  for (int i = 0; i < phases; ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return ns[a] > ns[b]; });
  double total = 0;
  for (uint64_t t : ns)
    total += t;
  llvm::outs() << "  " << phases << " phases, mean of " << runs
               << " profiled runs, slowest first:\n"
               << "      #        ms       %  nodes\n";
  for (int i : order)
    llvm::outs() << llvm::format("  %5d  %8.4f  %5.1f%%  ", i, ns[i] / 1e6 / runs,
                                 total ? 100.0 * ns[i] / total : 0.0)
                 << nnc_model_phase_name(m, i) << "\n";
  llvm::outs() << llvm::format("  total  %8.4f ms\n", total / 1e6 / runs);
  return 0;
}

int nnc::runBench(const ExecOptions &opts) {
  if (opts.runs < 1 || opts.warmup < 0)
    return reportError("--runs must be >= 1 and --warmup >= 0");
  int rc = 0;
  ModelPtr m = load(opts.bundle, rc, opts.threads);
  if (!m)
    return rc;
  std::vector<Tensor> in = signature(m.get(), true),
                      out = signature(m.get(), false);
  if (opts.inputs.empty())
    randomInputs(in);
  else if (!bindInputs(opts.inputs, in, rc))
    return rc;
  for (int i = 0; i < opts.warmup; ++i)
    if ((rc = execute(m.get(), in, out)))
      return rc;
  std::vector<double> times;
  for (int i = 0; i < opts.runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    if ((rc = execute(m.get(), in, out)))
      return rc;
    times.push_back(millisSince(start));
  }
  std::sort(times.begin(), times.end());
  double median =
      times.size() % 2
          ? times[times.size() / 2]
          : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
  int threads = nnc_model_threads(m.get());
  llvm::outs() << opts.bundle << ": " << opts.runs << " runs, " << threads
               << " thread(s)"
               << (threads == 1 && opts.threads != 1
                       ? " (compiled single-threaded: too small for threads "
                         "to pay)"
                       : "")
               << "\n";
  llvm::outs() << llvm::format("  median %.4f ms   min %.4f ms   max %.4f ms\n",
                               median, times.front(), times.back());
  return opts.phases ? printPhases(m.get(), in, out, opts.runs) : 0;
}

int nnc::runEval(const ExecOptions &opts) {
  if (opts.images.empty() || opts.labels.empty())
    return reportError("eval needs --images X.npy and --labels Y.npy");
  int rc = 0;
  ModelPtr m = load(opts.bundle, rc, opts.threads);
  if (!m)
    return rc;
  std::vector<Tensor> in = signature(m.get(), true),
                      out = signature(m.get(), false);
  if (in.size() != 1 || out.empty())
    return reportError("eval needs a model with one input");
  if (out[0].info.dtype != NNC_F32)
    return reportError("eval needs class scores in float32; output '" +
                       std::string(out[0].info.name) + "' is " + out[0].type());
  llvm::Expected<NpyArray> images = readNpy(opts.images);
  if (!images)
    return reportError(llvm::toString(images.takeError()));
  if (!matchDtype(*images, opts.images, in[0], rc))
    return rc;
  llvm::Expected<NpyArray> labels = readNpy(opts.labels);
  if (!labels)
    return reportError(llvm::toString(labels.takeError()));
  int64_t n = images->shape.empty() ? 0 : images->shape[0];
  int64_t per = in[0].count();
  if (n == 0 || images->count() != n * per)
    return reportError(
        "'" + opts.images + "' has shape " + shapeString(images->shape) +
        "; each of its samples must hold the " + std::to_string(per) +
        " values of input " + shapeString(in[0].shape));
  if (labels->count() != n)
    return reportError("'" + opts.labels + "' has " +
                       std::to_string(labels->count()) + " labels for " +
                       std::to_string(n) + " samples");
  int64_t correct = 0;
  double total = 0;
  for (int64_t s = 0; s < n; ++s) {
    size_t bytes = in[0].data.size();
    std::copy_n(images->data.begin() + s * bytes, bytes, in[0].data.begin());
    auto start = std::chrono::steady_clock::now();
    if ((rc = execute(m.get(), in, out)))
      return rc;
    total += millisSince(start);
    int64_t best = 0;
    for (int64_t i = 1; i < out[0].count(); ++i)
      if (rawElement<float>(out[0].data.data(), i) >
          rawElement<float>(out[0].data.data(), best))
        best = i;
    correct +=
        best == loadElement<int64_t>(labels->dtype, labels->data.data(), s);
  }
  llvm::outs() << llvm::format("accuracy: %.6f (%lld/%lld)\n",
                               double(correct) / n, (long long)correct,
                               (long long)n);
  llvm::outs() << llvm::format("mean latency: %.4f ms per image\n", total / n);
  return 0;
}

/// Prints a GPU bundle from its FlatBuffer, without loading it: that needs
/// the CUDA driver and a device. Returns false for any other bundle.
static bool inspectGpuBundle(const std::string &path) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false,
                                          /*IsVolatile=*/false, llvm::Align(64));
  if (!file)
    return false;
  auto *bytes = reinterpret_cast<const uint8_t *>((*file)->getBufferStart());
  flatbuffers::Verifier verifier(bytes, (*file)->getBufferSize());
  if (!fb::BundleBufferHasIdentifier(bytes) || !fb::VerifyBundleBuffer(verifier))
    return false;
  const fb::Bundle *b = fb::GetBundle(bytes);
  const fb::GpuProgram *gpu = b->gpu();
  if (!gpu || b->format_version() != NNC_BUNDLE_FORMAT_VERSION)
    return false;
  llvm::raw_ostream &os = llvm::outs();
  os << path << "\n  target:    " << b->target_triple()->str()
     << "\n  gpu arch:  " << gpu->arch()->str()
     << "\n  workspace: " << b->workspace_size() << " bytes"
     << "\n  weights:   " << (b->weights() ? b->weights()->size() : 0)
     << " bytes\n  ptx:       " << gpu->ptx()->size() << " bytes"
     << "\n  kernels:   " << gpu->kernels()->size()
     << "\n  launches:  " << gpu->launches()->size() << "\n";
  for (bool inputs : {true, false})
    for (const fb::TensorInfo *t : *(inputs ? b->inputs() : b->outputs())) {
      std::vector<int64_t> shape(t->shape()->begin(), t->shape()->end());
      os << (inputs ? "  input:     " : "  output:    ") << t->name()->str()
         << " " << nnc_dtype_name(static_cast<nnc_dtype>(t->dtype()))
         << shapeString(shape) << "\n";
    }
  for (const fb::GpuLaunch *l : *gpu->launches()) {
    auto dims = [](const flatbuffers::Vector<uint32_t> *v) {
      std::string s;
      for (uint32_t d : *v)
        s += (s.empty() ? "" : "x") + std::to_string(d);
      return s;
    };
    llvm::StringRef kernel = l->kernel() < gpu->kernels()->size()
                                 ? gpu->kernels()->Get(l->kernel())->c_str()
                                 : "?";
    os << "  launch:    " << kernel << " grid " << dims(l->grid()) << " block "
       << dims(l->block()) << " args " << l->args()->size() << "\n";
  }
  return true;
}

int nnc::runInspect(const ExecOptions &opts) {
  if (inspectGpuBundle(opts.bundle))
    return 0;
  int rc = 0;
  ModelPtr m = load(opts.bundle, rc);
  if (!m)
    return rc;
  llvm::outs() << opts.bundle << "\n  target:    " << nnc_model_target(m.get())
               << "\n  workspace: " << nnc_model_workspace_size(m.get())
               << " bytes\n  threads:   "
               << (nnc_model_parallel(m.get())
                       ? "any (--threads N; each extra thread takes " +
                             std::to_string(
                                 nnc_model_thread_scratch_size(m.get())) +
                             " bytes of scratch)"
                       : std::string("1 (too small for threads to pay)"))
               << "\n";
  if (int phases = nnc_model_num_phases(m.get()))
    llvm::outs() << "  phases:    " << phases
                 << " (nnc bench --phases times each)\n";
  for (bool inputs : {true, false})
    for (const Tensor &t : signature(m.get(), inputs))
      llvm::outs() << (inputs ? "  input:     " : "  output:    ")
                   << t.info.name << " " << t.type() << "\n";
  return 0;
}
