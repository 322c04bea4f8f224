//===- Runtime.cpp - The nnc C API ----------------------------------------===//
//
// Loading does all the checking and all the allocation: the bundle is
// verified before any field is used, and nnc_model_run only fills a
// preallocated argument array and calls the entry.
//
//===----------------------------------------------------------------------===//

#include "nnc/runtime.h"

#include "ElfLoader.h"
#include "Error.h"
#include "nnc/bundle_generated.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace nnc;

/// A loaded model. The entry sees args = [inputs..., outputs..., weights,
/// workspace]; weights and workspace are 64-byte aligned and never NULL.
struct nnc_model {
  uint8_t *bytes; ///< 64-byte aligned copy of the bundle; names point here.
  const fb::Bundle *bundle;
  size_t numInputs, numOutputs;
  nnc_tensor_info *tensors; ///< Inputs, then outputs.
  int64_t *shapes;          ///< Aligned copies of every shape.
  void *weights;
  void *ownedWeights; ///< Set when the weights had to be realigned.
  void *workspace;    ///< Uninitialized, at least 64 bytes.
  void **args;
  LoadedCode code;
};

namespace {

/// Guards against absurd ranks; ONNX models stay far below.
constexpr uint32_t kMaxRank = 16;
constexpr size_t kAlign = 64;
/// What an entry gets for absent weights: aligned, non-null, empty.
alignas(kAlign) const uint8_t kNoWeights[kAlign] = {};

#if defined(__x86_64__)
const char kRuntimeTriple[] = "x86_64-unknown-linux-gnu";
#elif defined(__aarch64__)
const char kRuntimeTriple[] = "aarch64-unknown-linux-gnu";
#else
const char kRuntimeTriple[] = "unknown-unknown-unknown";
#endif

void *allocAligned(size_t size) {
  void *p = nullptr;
  return posix_memalign(&p, kAlign, size ? size : 1) == 0 ? p : nullptr;
}

/// Whether two triples name the same architecture: only the first component
/// counts, with LLVM's aliases folded (vendor and OS vary harmlessly).
bool sameArch(const char *a, const char *b) {
  auto canonical = [](const char *triple, size_t *len) {
    *len = strcspn(triple, "-");
    if (*len == 5 && strncmp(triple, "amd64", 5) == 0)
      return "x86_64";
    if (*len == 5 && strncmp(triple, "arm64", 5) == 0)
      return "aarch64";
    return triple;
  };
  size_t la, lb;
  const char *ca = canonical(a, &la), *cb = canonical(b, &lb);
  if (ca != a)
    la = strlen(ca);
  if (cb != b)
    lb = strlen(cb);
  return la == lb && la != 0 && strncmp(ca, cb, la) == 0;
}

const char *machineName(uint16_t machine) {
  switch (machine) {
  case EM_X86_64:
    return "x86_64";
  case EM_AARCH64:
    return "aarch64";
  default:
    return "another machine";
  }
}

/// Reads format_version verifying only the root table header, so a bundle
/// from a newer format reports a version error rather than corruption.
bool peekFormatVersion(const uint8_t *bytes, size_t size, uint32_t *version) {
  flatbuffers::Verifier verifier(bytes, size);
  if (!verifier.VerifyOffset(0))
    return false;
  auto *root = flatbuffers::GetRoot<flatbuffers::Table>(bytes);
  if (!root->VerifyTableStart(verifier) ||
      !root->VerifyField<uint32_t>(verifier, fb::Bundle::VT_FORMAT_VERSION, 4))
    return false;
  *version = root->GetField<uint32_t>(fb::Bundle::VT_FORMAT_VERSION, 0);
  return true;
}

/// Magic, format version and full FlatBuffers verification, in that order.
nnc_status checkBundle(const uint8_t *bytes, size_t size, nnc_error *err) {
  if (size < 8 || !fb::BundleBufferHasIdentifier(bytes))
    return fail(err, NNC_ERR_INVALID_BUNDLE, "not an nnc bundle (bad magic)");
  if (size >= FLATBUFFERS_MAX_BUFFER_SIZE)
    return fail(err, NNC_ERR_INVALID_BUNDLE,
                "bundle of %zu bytes exceeds the 2 GiB format limit", size);
  uint32_t version = 0;
  if (peekFormatVersion(bytes, size, &version) &&
      version != NNC_BUNDLE_FORMAT_VERSION)
    return fail(err, NNC_ERR_VERSION,
                "bundle format version %u is not supported; this runtime "
                "reads version %u",
                version, NNC_BUNDLE_FORMAT_VERSION);
  flatbuffers::Verifier verifier(bytes, size);
  if (!fb::VerifyBundleBuffer(verifier))
    return fail(err, NNC_ERR_INVALID_BUNDLE, "corrupt or truncated bundle");
  return NNC_OK;
}

nnc_status checkTarget(const fb::Bundle *bundle, nnc_error *err) {
  const char *triple = bundle->target_triple()->c_str();
  if (!sameArch(triple, kRuntimeTriple))
    return fail(err, NNC_ERR_TARGET, "bundle targets %s but this runtime runs %s",
                triple, kRuntimeTriple);
  const flatbuffers::Vector<uint8_t> *code = bundle->code();
  uint16_t machine = elfMachineOf(code->data(), code->size());
  if (machine != EM_NONE && machine != hostElfMachine())
    return fail(err, NNC_ERR_TARGET,
                "bundle targets %s but its code is an ELF object for %s "
                "(e_machine %u)",
                triple, machineName(machine), machine);
  return NNC_OK;
}

/// Fills `out` from one signature list, copying shapes to `*shapes` (shape
/// data in the buffer is only 4-byte aligned) and checking every size.
nnc_status
readTensors(const flatbuffers::Vector<flatbuffers::Offset<fb::TensorInfo>> *list,
            const char *kind, nnc_tensor_info *out, int64_t **shapes,
            nnc_error *err) {
  for (flatbuffers::uoffset_t i = 0; i < list->size(); ++i) {
    const fb::TensorInfo *t = list->Get(i);
    nnc_tensor_info &info = out[i];
    info.name = t->name()->c_str();
    int dtype = static_cast<int>(t->dtype());
    size_t elemSize = nnc_dtype_size(static_cast<nnc_dtype>(dtype));
    if (elemSize == 0)
      return fail(err, NNC_ERR_INVALID_BUNDLE,
                  "%s %u ('%s') has unknown dtype %d", kind, i, info.name,
                  dtype);
    info.dtype = static_cast<nnc_dtype>(dtype);
    const flatbuffers::Vector<int64_t> *shape = t->shape();
    if (shape->size() > kMaxRank)
      return fail(err, NNC_ERR_INVALID_BUNDLE,
                  "%s %u ('%s') has rank %u; at most %u is supported", kind, i,
                  info.name, shape->size(), kMaxRank);
    info.rank = static_cast<int32_t>(shape->size());
    info.shape = *shapes;
    size_t bytes = elemSize;
    for (int32_t d = 0; d < info.rank; ++d) {
      int64_t dim;
      memcpy(&dim, shape->Data() + d * sizeof(int64_t), sizeof(dim));
      if (dim < 0)
        return fail(err, NNC_ERR_INVALID_BUNDLE,
                    "%s %u ('%s') has negative dimension %lld", kind, i,
                    info.name, static_cast<long long>(dim));
      if (__builtin_mul_overflow(bytes, static_cast<uint64_t>(dim), &bytes))
        return fail(err, NNC_ERR_INVALID_BUNDLE,
                    "%s %u ('%s') is too large to address", kind, i,
                    info.name);
      (*shapes)[d] = dim;
    }
    info.num_bytes = bytes;
    *shapes += info.rank;
  }
  return NNC_OK;
}

nnc_status readSignature(nnc_model *m, nnc_error *err) {
  auto *inputs = m->bundle->inputs();
  auto *outputs = m->bundle->outputs();
  m->numInputs = inputs->size();
  m->numOutputs = outputs->size();
  size_t numTensors = m->numInputs + m->numOutputs, numDims = 0;
  for (auto *list : {inputs, outputs})
    for (const fb::TensorInfo *t : *list)
      numDims += t->shape()->size();
  m->tensors = static_cast<nnc_tensor_info *>(
      calloc(numTensors ? numTensors : 1, sizeof(nnc_tensor_info)));
  m->shapes = static_cast<int64_t *>(
      calloc(numDims ? numDims : 1, sizeof(int64_t)));
  m->args = static_cast<void **>(calloc(numTensors + 2, sizeof(void *)));
  if (!m->tensors || !m->shapes || !m->args)
    return fail(err, NNC_ERR_NOMEM, "out of memory reading the signature");
  int64_t *shapes = m->shapes;
  if (nnc_status s = readTensors(inputs, "input", m->tensors, &shapes, err))
    return s;
  return readTensors(outputs, "output", m->tensors + m->numInputs, &shapes,
                     err);
}

/// Points the model at 64-byte aligned weights and a workspace.
nnc_status placeBuffers(nnc_model *m, nnc_error *err) {
  const flatbuffers::Vector<uint8_t> *w = m->bundle->weights();
  if (!w || w->size() == 0) {
    m->weights = const_cast<uint8_t *>(kNoWeights);
  } else if (reinterpret_cast<uintptr_t>(w->data()) % kAlign == 0) {
    m->weights = const_cast<uint8_t *>(w->data());
  } else {
    // Only bundles from another writer get here; ours aligns the vector.
    if (!(m->ownedWeights = allocAligned(w->size())))
      return fail(err, NNC_ERR_NOMEM, "cannot allocate %u bytes of weights",
                  w->size());
    memcpy(m->ownedWeights, w->data(), w->size());
    m->weights = m->ownedWeights;
  }
  uint64_t size = m->bundle->workspace_size();
  if (size > SIZE_MAX - kAlign ||
      !(m->workspace = allocAligned(size < kAlign ? kAlign : size)))
    return fail(err, NNC_ERR_NOMEM, "cannot allocate %llu bytes of workspace",
                static_cast<unsigned long long>(size));
  size_t n = m->numInputs + m->numOutputs;
  m->args[n] = m->weights;
  m->args[n + 1] = m->workspace;
  return NNC_OK;
}

/// Loads the bundle in `bytes` (64-byte aligned, ownership taken).
nnc_status loadBundle(uint8_t *bytes, size_t size, nnc_model **model,
                      nnc_error *err) {
  nnc_model *m = static_cast<nnc_model *>(calloc(1, sizeof(nnc_model)));
  if (!m) {
    free(bytes);
    return fail(err, NNC_ERR_NOMEM, "out of memory loading the bundle");
  }
  m->bytes = bytes;
  nnc_status s = checkBundle(bytes, size, err);
  if (!s) {
    m->bundle = fb::GetBundle(bytes);
    const flatbuffers::Vector<uint8_t> *code = m->bundle->code();
    if (!(s = checkTarget(m->bundle, err)) && !(s = readSignature(m, err)) &&
        !(s = placeBuffers(m, err)))
      s = loadElfObject(code->data(), code->size(),
                        m->bundle->entry()->c_str(), &m->code, err);
  }
  if (s) {
    nnc_model_free(m);
    return s;
  }
  *model = m;
  return succeed(err);
}

/// Reads a whole regular file into a 64-byte aligned buffer.
nnc_status readFile(const char *path, uint8_t **data, size_t *size,
                    nnc_error *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fail(err, NNC_ERR_IO, "cannot open '%s': %s", path,
                strerror(errno));
  struct stat st;
  nnc_status s = NNC_OK;
  uint8_t *buf = nullptr;
  if (fstat(fd, &st) != 0)
    s = fail(err, NNC_ERR_IO, "cannot stat '%s': %s", path, strerror(errno));
  else if (!S_ISREG(st.st_mode))
    s = fail(err, NNC_ERR_IO, "cannot read '%s': not a regular file", path);
  else if (static_cast<uint64_t>(st.st_size) >= FLATBUFFERS_MAX_BUFFER_SIZE)
    s = fail(err, NNC_ERR_INVALID_BUNDLE,
             "'%s' is too large to be a bundle (%lld bytes)", path,
             static_cast<long long>(st.st_size));
  else if (!(buf = static_cast<uint8_t *>(allocAligned(st.st_size))))
    s = fail(err, NNC_ERR_NOMEM, "out of memory reading '%s'", path);
  size_t done = 0, total = s ? 0 : static_cast<size_t>(st.st_size);
  while (!s && done < total) {
    ssize_t n = read(fd, buf + done, total - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      s = fail(err, NNC_ERR_IO, "cannot read '%s': %s", path,
               n == 0 ? "file shrank while reading" : strerror(errno));
    else
      done += static_cast<size_t>(n);
  }
  close(fd);
  if (s) {
    free(buf);
    return s;
  }
  *data = buf;
  *size = total;
  return NNC_OK;
}

} // namespace

const char *nnc_status_string(nnc_status status) {
  switch (status) {
  case NNC_OK:
    return "ok";
  case NNC_ERR_IO:
    return "I/O error";
  case NNC_ERR_INVALID_BUNDLE:
    return "invalid bundle";
  case NNC_ERR_VERSION:
    return "unsupported bundle version";
  case NNC_ERR_TARGET:
    return "bundle built for another target";
  case NNC_ERR_LOAD:
    return "cannot load native code";
  case NNC_ERR_ARGUMENT:
    return "invalid argument";
  case NNC_ERR_NOMEM:
    return "out of memory";
  }
  return "unknown status";
}

size_t nnc_dtype_size(nnc_dtype dtype) {
  switch (dtype) {
  case NNC_F32:
  case NNC_I32:
    return 4;
  case NNC_F16:
    return 2;
  case NNC_I64:
    return 8;
  case NNC_I8:
  case NNC_U8:
  case NNC_BOOL:
    return 1;
  }
  return 0;
}

nnc_status nnc_model_load_file(const char *path, nnc_model **model,
                               nnc_error *err) {
  if (!path || !model)
    return fail(err, NNC_ERR_ARGUMENT,
                "nnc_model_load_file needs a path and a model pointer");
  *model = nullptr;
  uint8_t *bytes;
  size_t size;
  if (nnc_status s = readFile(path, &bytes, &size, err))
    return s;
  nnc_status s = loadBundle(bytes, size, model, err);
  if (s && err) {
    // Name the file in errors found past reading it.
    char reason[sizeof(err->message)];
    memcpy(reason, err->message, sizeof(reason));
    snprintf(err->message, sizeof(err->message), "%s: %s", path, reason);
  }
  return s;
}

nnc_status nnc_model_load_memory(const void *data, size_t size,
                                 nnc_model **model, nnc_error *err) {
  if ((!data && size) || !model)
    return fail(err, NNC_ERR_ARGUMENT,
                "nnc_model_load_memory needs data and a model pointer");
  *model = nullptr;
  uint8_t *bytes = static_cast<uint8_t *>(allocAligned(size));
  if (!bytes)
    return fail(err, NNC_ERR_NOMEM, "cannot allocate %zu bytes for the bundle",
                size);
  if (size)
    memcpy(bytes, data, size);
  return loadBundle(bytes, size, model, err);
}

void nnc_model_free(nnc_model *model) {
  if (!model)
    return;
  unloadElfObject(&model->code);
  free(model->args);
  free(model->workspace);
  free(model->ownedWeights);
  free(model->shapes);
  free(model->tensors);
  free(model->bytes);
  free(model);
}

size_t nnc_model_num_inputs(const nnc_model *model) {
  return model ? model->numInputs : 0;
}

size_t nnc_model_num_outputs(const nnc_model *model) {
  return model ? model->numOutputs : 0;
}

int nnc_model_input_info(const nnc_model *model, size_t index,
                         nnc_tensor_info *info) {
  if (!model || !info || index >= model->numInputs)
    return -1;
  *info = model->tensors[index];
  return 0;
}

int nnc_model_output_info(const nnc_model *model, size_t index,
                          nnc_tensor_info *info) {
  if (!model || !info || index >= model->numOutputs)
    return -1;
  *info = model->tensors[model->numInputs + index];
  return 0;
}

const char *nnc_model_target(const nnc_model *model) {
  return model ? model->bundle->target_triple()->c_str() : "";
}

uint64_t nnc_model_workspace_size(const nnc_model *model) {
  return model ? model->bundle->workspace_size() : 0;
}

const char *nnc_runtime_target(void) { return kRuntimeTriple; }

nnc_status nnc_model_run(nnc_model *model, const void *const *inputs,
                         void *const *outputs) {
  if (!model || (model->numInputs && !inputs) ||
      (model->numOutputs && !outputs))
    return NNC_ERR_ARGUMENT;
  for (size_t i = 0; i < model->numInputs; ++i) {
    if (!inputs[i])
      return NNC_ERR_ARGUMENT;
    // The ABI passes inputs as void *; compiled code never writes them.
    model->args[i] = const_cast<void *>(inputs[i]);
  }
  for (size_t i = 0; i < model->numOutputs; ++i) {
    if (!outputs[i])
      return NNC_ERR_ARGUMENT;
    model->args[model->numInputs + i] = outputs[i];
  }
  model->code.entry(model->args);
  return NNC_OK;
}
