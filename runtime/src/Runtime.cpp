//===- Runtime.cpp - The nnc C API ----------------------------------------===//
//
// Loading does all the checking and all the allocation: the bundle is
// verified before any field is used, and nnc_model_run only fills a
// preallocated argument array and calls the entry.
//
//===----------------------------------------------------------------------===//

#include "nnc/runtime.h"

#include "BundleCheck.h"
#include "CudaModel.h"
#include "ElfLoader.h"
#include "Error.h"
#include "ThreadPool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace nnc;
using namespace nnc::rt;

/// A loaded model. The entry sees args = [inputs..., outputs..., weights,
/// workspace]; weights and workspace are 64-byte aligned and never NULL.
struct nnc_model {
  uint8_t *bytes; ///< 64-byte aligned copy of the bundle; names point here.
  const fb::Bundle *bundle;
  Signature sig;
  void *weights;
  void *ownedWeights; ///< Set when the weights had to be realigned.
  void *workspace;    ///< Uninitialized, at least 64 bytes.
  void **args;        ///< Filled by each run; allocated at load.
  LoadedCode code;
  ThreadPool pool;    ///< Workers when more than one thread is set.
  uint64_t *profileNs; ///< nnc_model_set_profile's buffer, or null.
  CudaModel *cuda; ///< Set for a GPU bundle, which has no host code.
};

namespace {

constexpr size_t kAlign = 64;
/// What an entry gets for absent weights: aligned, non-null, empty.
alignas(kAlign) const uint8_t kNoWeights[kAlign] = {};

/// Buffers this large (bundles, weights, workspaces) start on a 2 MiB
/// boundary and ask the kernel for transparent huge pages.
constexpr size_t kHugePage = size_t(2) << 20;

void *allocAligned(size_t size) {
  void *p = nullptr;
  if (size < kHugePage)
    return posix_memalign(&p, kAlign, size ? size : 1) == 0 ? p : nullptr;
  if (posix_memalign(&p, kHugePage, size) != 0)
    return nullptr;
#ifdef MADV_HUGEPAGE
  // Advice only: where THP is off, the buffer keeps its small pages.
  madvise(p, size / kHugePage * kHugePage, MADV_HUGEPAGE);
#endif
  return p;
}

/// Allocates the argument array and points it at 64-byte aligned weights
/// and workspace.
nnc_status placeBuffers(nnc_model *m, nnc_error *err) {
  size_t n = m->sig.numInputs + m->sig.numOutputs;
  if (!(m->args = static_cast<void **>(calloc(n + 2, sizeof(void *)))))
    return fail(err, NNC_ERR_NOMEM, "out of memory loading the bundle");
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
    if (isCudaTriple(m->bundle->target_triple()->c_str())) {
      if (!(s = readSignature(m->bundle, &m->sig, err)))
        s = loadCudaModel(m->bundle, m->sig, &m->cuda, err);
    } else if (!(s = checkTarget(m->bundle, err)) &&
        !(s = readSignature(m->bundle, &m->sig, err)) &&
        !(s = placeBuffers(m, err)))
      s = loadElfObject(code->data(), code->size(), m->bundle->entry()->c_str(),
                        m->bundle->parallel_entry()
                            ? m->bundle->parallel_entry()->c_str()
                            : nullptr,
                        &m->code, err);
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
    return fail(err, NNC_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
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
  case NNC_ERR_DEVICE:
    return "GPU error";
  }
  return "unknown status";
}

size_t nnc_dtype_size(nnc_dtype dtype) {
  switch (dtype) {
  case NNC_F64:
  case NNC_I64:
  case NNC_U64:
    return 8;
  case NNC_F32:
  case NNC_I32:
  case NNC_U32:
    return 4;
  case NNC_F16:
  case NNC_I16:
  case NNC_U16:
    return 2;
  case NNC_I8:
  case NNC_U8:
  case NNC_BOOL:
    return 1;
  }
  return 0;
}

const char *nnc_dtype_name(nnc_dtype dtype) {
  switch (dtype) {
  case NNC_F32:
    return "float32";
  case NNC_F16:
    return "float16";
  case NNC_F64:
    return "float64";
  case NNC_I8:
    return "int8";
  case NNC_I16:
    return "int16";
  case NNC_I32:
    return "int32";
  case NNC_I64:
    return "int64";
  case NNC_U8:
    return "uint8";
  case NNC_U16:
    return "uint16";
  case NNC_U32:
    return "uint32";
  case NNC_U64:
    return "uint64";
  case NNC_BOOL:
    return "bool";
  }
  return "unknown";
}

nnc_status nnc_model_load_file(const char *path, nnc_model **model,
                               nnc_error *err) {
  if (!path || !model)
    return fail(err, NNC_ERR_ARGUMENT,
                "nnc_model_load_file needs a path and a model pointer");
  *model = nullptr;
  uint8_t *bytes = nullptr;
  size_t size = 0;
  if (nnc_status s = readFile(path, &bytes, &size, err))
    return s;
  nnc_status s = loadBundle(bytes, size, model, err);
  if (s && err) {
    // Name the file in errors found past reading it, truncating the reason.
    char reason[sizeof(err->message)];
    memcpy(reason, err->message, sizeof(reason));
    snprintf(err->message, sizeof(err->message), "%s: ", path);
    size_t used = strlen(err->message);
    size_t n = strnlen(reason, sizeof(err->message) - 1 - used);
    memcpy(err->message + used, reason, n);
    err->message[used + n] = '\0';
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
  stopPool(&model->pool);
  freeCudaModel(model->cuda);
  unloadElfObject(&model->code);
  free(model->args);
  free(model->workspace);
  free(model->ownedWeights);
  freeSignature(&model->sig);
  free(model->bytes);
  free(model);
}

size_t nnc_model_num_inputs(const nnc_model *model) {
  return model ? model->sig.numInputs : 0;
}

size_t nnc_model_num_outputs(const nnc_model *model) {
  return model ? model->sig.numOutputs : 0;
}

int nnc_model_input_info(const nnc_model *model, size_t index,
                         nnc_tensor_info *info) {
  if (!model || !info || index >= model->sig.numInputs)
    return -1;
  *info = model->sig.tensors[index];
  return 0;
}

int nnc_model_output_info(const nnc_model *model, size_t index,
                          nnc_tensor_info *info) {
  if (!model || !info || index >= model->sig.numOutputs)
    return -1;
  *info = model->sig.tensors[model->sig.numInputs + index];
  return 0;
}

const char *nnc_model_target(const nnc_model *model) {
  return model ? model->bundle->target_triple()->c_str() : "";
}

uint64_t nnc_model_workspace_size(const nnc_model *model) {
  return model ? model->bundle->workspace_size() : 0;
}

const char *nnc_runtime_target(void) { return runtimeTriple(); }

nnc_status nnc_model_set_threads(nnc_model *model, int threads,
                                 nnc_error *err) {
  if (!model || threads < 0)
    return fail(err, NNC_ERR_ARGUMENT,
                "nnc_model_set_threads needs a model and a count >= 0");
  uint32_t n = threads ? static_cast<uint32_t>(threads) : onlineCpus();
  if (!model->code.parallelEntry)
    n = 1; // Compiled single-threaded: too small for threads to pay.
  if (n == model->pool.threads)
    return succeed(err);
  stopPool(&model->pool);
  return startPool(&model->pool, n, model->code.parallelEntry,
                   model->bundle->thread_scratch_size(), err);
}

int nnc_model_parallel(const nnc_model *model) {
  return model && model->code.parallelEntry ? 1 : 0;
}

uint64_t nnc_model_thread_scratch_size(const nnc_model *model) {
  return model ? model->bundle->thread_scratch_size() : 0;
}

int nnc_model_threads(const nnc_model *model) {
  return model && model->pool.threads > 1 ? model->pool.threads : 1;
}

int nnc_model_num_phases(const nnc_model *model) {
  if (!model || !model->code.parallelEntry || !model->bundle->phases())
    return 0;
  return static_cast<int>(model->bundle->phases()->size());
}

const char *nnc_model_phase_name(const nnc_model *model, int phase) {
  if (phase < 0 || phase >= nnc_model_num_phases(model))
    return "";
  return model->bundle->phases()->Get(static_cast<uint32_t>(phase))->c_str();
}

nnc_status nnc_model_set_profile(nnc_model *model, uint64_t *phase_ns,
                                 nnc_error *err) {
  if (!model)
    return fail(err, NNC_ERR_ARGUMENT, "nnc_model_set_profile needs a model");
  if (phase_ns && nnc_model_num_phases(model) == 0)
    return fail(err, NNC_ERR_ARGUMENT,
                "the model has no phases to profile (compiled without a "
                "parallel entry, or by a compiler that names none)");
  model->profileNs = phase_ns;
  return succeed(err);
}

const char *nnc_model_last_error(const nnc_model *model) {
  return model && model->cuda ? cudaModelError(model->cuda) : "";
}

nnc_status nnc_model_run(nnc_model *model, const void *const *inputs,
                         void *const *outputs) {
  if (!model)
    return NNC_ERR_ARGUMENT;
  size_t numInputs = model->sig.numInputs, numOutputs = model->sig.numOutputs;
  if ((numInputs && !inputs) || (numOutputs && !outputs))
    return NNC_ERR_ARGUMENT;
  if (model->cuda)
    return runCudaModel(model->cuda, inputs, outputs);
  for (size_t i = 0; i < numInputs; ++i) {
    if (!inputs[i])
      return NNC_ERR_ARGUMENT;
    // The ABI passes inputs as void *; compiled code never writes them.
    model->args[i] = const_cast<void *>(inputs[i]);
  }
  for (size_t i = 0; i < numOutputs; ++i) {
    if (!outputs[i])
      return NNC_ERR_ARGUMENT;
    model->args[numInputs + i] = outputs[i];
  }
  // Outputs are written while other buffers are read: none may overlap.
  const Signature &sig = model->sig;
  auto overlap = [&](size_t a, size_t b) {
    auto lo = [&](size_t i) { return reinterpret_cast<uintptr_t>(model->args[i]); };
    return lo(a) < lo(b) + sig.tensors[b].num_bytes &&
           lo(b) < lo(a) + sig.tensors[a].num_bytes;
  };
  for (size_t o = numInputs; o < numInputs + numOutputs; ++o)
    for (size_t j = 0; j < numInputs + numOutputs; ++j)
      if (j != o && sig.tensors[o].num_bytes && sig.tensors[j].num_bytes &&
          overlap(o, j))
        return NNC_ERR_ARGUMENT;
  // Thread 0's scratch is the end of the workspace.
  void *scratch = static_cast<uint8_t *>(model->workspace) +
                  (model->bundle->workspace_size() -
                   model->bundle->thread_scratch_size());
  Profile &profile = model->pool.sync.profile;
  profile.phaseNs = model->profileNs;
  if (profile.phaseNs) {
    profile.phases = static_cast<uint32_t>(nnc_model_num_phases(model));
    startProfile(&profile);
  }
  if (model->pool.threads > 1)
    runPool(&model->pool, model->args, scratch);
  else if (profile.phaseNs) // The parallel entry times its phases.
    runAlone(&model->pool, model->code.parallelEntry, model->args, scratch);
  else
    model->code.entry(model->args);
  if (profile.phaseNs)
    endPhase(&profile);
  return NNC_OK;
}
