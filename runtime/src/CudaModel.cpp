//===- CudaModel.cpp - Load and run a CUDA bundle -------------------------===//
//
// A CUDA bundle's host side is data: a list of launches whose arguments are
// device buffers at constant offsets. Loading turns it into ready-made
// cuLaunchKernel parameter arrays; a run allocates nothing.
//
//===----------------------------------------------------------------------===//

#include "CudaModel.h"

#include "CudaDriver.h"
#include "Error.h"

#include <stdlib.h>
#include <string.h>

using namespace nnc;
using namespace nnc::rt;

namespace {

/// Bounds of one launch: CUDA's limits for every GPU since sm_30.
constexpr uint32_t kMaxThreadsPerBlock = 1024;
constexpr uint32_t kMaxGridX = 0x7fffffff, kMaxGridYZ = 65535;
constexpr uint32_t kMaxArgs = 4096;

struct Launch {
  CUfunction function;
  const char *kernel;
  unsigned grid[3], block[3];
  void **params; ///< Points into CudaModel::params.
};

} // namespace

struct nnc::rt::CudaModel {
  CudaDriver driver;
  CUdevice device = 0;
  CUcontext context = nullptr; ///< The device's retained primary context.
  CUmodule module = nullptr;
  CUdeviceptr weights = 0, workspace = 0;
  size_t numInputs = 0, numOutputs = 0;
  CUdeviceptr *io = nullptr; ///< Inputs, then outputs; 0 when empty.
  size_t *ioBytes = nullptr;
  Launch *launches = nullptr;
  size_t numLaunches = 0;
  uint64_t *slots = nullptr; ///< Each parameter's value.
  void **params = nullptr;   ///< Each parameter's address (a slot).
  char error[256] = "";
};

namespace {

bool isIdentifierChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/// The number of parameters of the PTX entry `name` (its `.param`s up to
/// the closing parenthesis), or -1 when the PTX defines no such entry.
int ptxEntryParams(const char *ptx, const char *name) {
  size_t len = strlen(name);
  for (const char *p = strstr(ptx, ".entry "); p; p = strstr(p + 1, ".entry ")) {
    const char *n = p + 7;
    while (*n == ' ' || *n == '\t')
      ++n;
    if (strncmp(n, name, len) != 0 || isIdentifierChar(n[len]))
      continue;
    const char *open = n + len;
    while (*open == ' ' || *open == '\t' || *open == '\n')
      ++open;
    if (*open != '(')
      return 0; // an entry without parameters
    const char *close = strchr(open, ')');
    if (!close)
      return -1;
    int count = 0;
    for (const char *q = strstr(open, ".param"); q && q < close;
         q = strstr(q + 1, ".param"))
      ++count;
    return count;
  }
  return -1;
}

/// The SM number of "sm_90" / "sm_90a" (90), or -1.
int smNumber(const char *arch) {
  if (arch[0] != 's' || arch[1] != 'm' || arch[2] != '_' ||
      !(arch[3] >= '0' && arch[3] <= '9'))
    return -1;
  return atoi(arch + 3);
}

/// Size of the buffer a pointer argument addresses; 0 and `*what` set.
uint64_t bufferBytes(const fb::GpuArg *arg, const fb::Bundle *bundle,
                     const Signature &sig, const char **what) {
  switch (arg->kind()) {
  case fb::GpuArgKind_Input:
    *what = "input";
    return sig.tensors[arg->index()].num_bytes;
  case fb::GpuArgKind_Output:
    *what = "output";
    return sig.tensors[sig.numInputs + arg->index()].num_bytes;
  case fb::GpuArgKind_Weights:
    *what = "weights";
    return bundle->weights() ? bundle->weights()->size() : 0;
  default:
    *what = "workspace";
    return bundle->workspace_size();
  }
}

nnc_status checkArg(const fb::GpuArg *arg, const fb::Bundle *bundle,
                    const Signature &sig, unsigned launch, const char *kernel,
                    unsigned index, nnc_error *err) {
  int kind = static_cast<int>(arg->kind());
  if (kind == fb::GpuArgKind_Scalar) {
    if (arg->scalar_bytes() != 4 && arg->scalar_bytes() != 8)
      return fail(err, NNC_ERR_INVALID_BUNDLE,
                  "launch %u (kernel '%s') argument %u: a scalar of %u bytes; "
                  "4 or 8 expected",
                  launch, kernel, index, arg->scalar_bytes());
    return NNC_OK;
  }
  if (kind < fb::GpuArgKind_Input || kind > fb::GpuArgKind_Workspace)
    return fail(err, NNC_ERR_INVALID_BUNDLE,
                "launch %u (kernel '%s') argument %u has unknown kind %d",
                launch, kernel, index, kind);
  if ((kind == fb::GpuArgKind_Input && arg->index() >= sig.numInputs) ||
      (kind == fb::GpuArgKind_Output && arg->index() >= sig.numOutputs))
    return fail(err, NNC_ERR_INVALID_BUNDLE,
                "launch %u (kernel '%s') argument %u names %s %u of %zu",
                launch, kernel, index,
                kind == fb::GpuArgKind_Input ? "input" : "output",
                arg->index(),
                kind == fb::GpuArgKind_Input ? sig.numInputs : sig.numOutputs);
  const char *what;
  uint64_t bytes = bufferBytes(arg, bundle, sig, &what);
  if (arg->offset() > bytes || arg->size() > bytes - arg->offset())
    return fail(err, NNC_ERR_INVALID_BUNDLE,
                "launch %u (kernel '%s') argument %u: bytes [%llu, +%llu) lie "
                "outside the %s (%llu bytes)",
                launch, kernel, index,
                static_cast<unsigned long long>(arg->offset()),
                static_cast<unsigned long long>(arg->size()), what,
                static_cast<unsigned long long>(bytes));
  return NNC_OK;
}

nnc_status checkLaunch(const fb::GpuLaunch *l, const fb::GpuProgram *gpu,
                       const fb::Bundle *bundle, const Signature &sig,
                       unsigned index, nnc_error *err) {
  if (l->kernel() >= gpu->kernels()->size())
    return fail(err, NNC_ERR_INVALID_BUNDLE,
                "launch %u names kernel %u of %u", index, l->kernel(),
                gpu->kernels()->size());
  const char *kernel = gpu->kernels()->Get(l->kernel())->c_str();
  if (l->grid()->size() != 3 || l->block()->size() != 3)
    return fail(err, NNC_ERR_INVALID_BUNDLE,
                "launch %u (kernel '%s') needs 3 grid and 3 block sizes",
                index, kernel);
  uint64_t threads = 1;
  for (unsigned d = 0; d < 3; ++d) {
    uint32_t g = l->grid()->Get(d), b = l->block()->Get(d);
    if (g == 0 || b == 0 || g > (d == 0 ? kMaxGridX : kMaxGridYZ))
      return fail(err, NNC_ERR_INVALID_BUNDLE,
                  "launch %u (kernel '%s') has grid or block size %u in "
                  "dimension %u",
                  index, kernel, g == 0 || b != 0 ? g : b, d);
    threads *= b;
  }
  if (threads > kMaxThreadsPerBlock)
    return fail(err, NNC_ERR_INVALID_BUNDLE,
                "launch %u (kernel '%s') has %llu threads per block; CUDA "
                "allows %u",
                index, kernel, static_cast<unsigned long long>(threads),
                kMaxThreadsPerBlock);
  int params = ptxEntryParams(gpu->ptx()->c_str(), kernel);
  if (params != static_cast<int>(l->args()->size()))
    return fail(err, NNC_ERR_INVALID_BUNDLE,
                "launch %u passes %u arguments but kernel '%s' takes %d",
                index, l->args()->size(), kernel, params);
  for (unsigned a = 0; a < l->args()->size(); ++a)
    if (nnc_status s =
            checkArg(l->args()->Get(a), bundle, sig, index, kernel, a, err))
      return s;
  return NNC_OK;
}

/// Records "<what>: <driver error>" in `err` with `status`.
nnc_status driverFail(const CudaDriver &driver, nnc_error *err,
                      nnc_status status, const char *what, const char *call,
                      CUresult result) {
  char detail[160];
  describeCudaError(driver, call, result, detail, sizeof(detail));
  return fail(err, status, "%s: %s", what, detail);
}

/// Allocates `bytes` of device memory (none for 0 bytes).
nnc_status deviceAlloc(CudaModel *m, CUdeviceptr *ptr, uint64_t bytes,
                       nnc_error *err) {
  *ptr = 0;
  if (bytes == 0)
    return NNC_OK;
  if (CUresult r = m->driver.memAlloc(ptr, bytes)) {
    *ptr = 0;
    return driverFail(m->driver, err, NNC_ERR_NOMEM,
                      "cannot allocate GPU memory", "cuMemAlloc", r);
  }
  return NNC_OK;
}

/// Resolves the kernels, allocates and fills every device buffer, and
/// builds each launch's parameter array.
nnc_status prepare(CudaModel *m, const fb::Bundle *bundle, const Signature &sig,
                   nnc_error *err) {
  CudaDriver &d = m->driver;
  const fb::GpuProgram *gpu = bundle->gpu();
  if (CUresult r = d.init(0))
    return driverFail(d, err, NNC_ERR_TARGET,
                      "cannot initialize the CUDA driver", "cuInit", r);
  if (CUresult r = d.deviceGet(&m->device, 0))
    return driverFail(d, err, NNC_ERR_TARGET, "no CUDA device", "cuDeviceGet",
                      r);
  int major = 0, minor = 0;
  if (CUresult r = d.deviceGetAttribute(&major, kCuAttrCcMajor, m->device))
    return driverFail(d, err, NNC_ERR_TARGET, "cannot query CUDA device 0",
                      "cuDeviceGetAttribute", r);
  if (CUresult r = d.deviceGetAttribute(&minor, kCuAttrCcMinor, m->device))
    return driverFail(d, err, NNC_ERR_TARGET, "cannot query CUDA device 0",
                      "cuDeviceGetAttribute", r);
  const char *arch = gpu->arch()->c_str();
  if (major * 10 + minor < smNumber(arch))
    return fail(err, NNC_ERR_TARGET,
                "bundle's PTX targets %s but CUDA device 0 is sm_%d%d", arch,
                major, minor);
  if (CUresult r = d.primaryCtxRetain(&m->context, m->device)) {
    m->context = nullptr;
    return driverFail(d, err, NNC_ERR_TARGET, "cannot open CUDA device 0",
                      "cuDevicePrimaryCtxRetain", r);
  }
  if (CUresult r = d.ctxSetCurrent(m->context))
    return driverFail(d, err, NNC_ERR_TARGET, "cannot open CUDA device 0",
                      "cuCtxSetCurrent", r);
  if (CUresult r = d.moduleLoadData(&m->module, gpu->ptx()->c_str())) {
    m->module = nullptr;
    return driverFail(d, err, NNC_ERR_LOAD, "cannot load the bundle's PTX",
                      "cuModuleLoadData", r);
  }

  const flatbuffers::Vector<uint8_t> *w = bundle->weights();
  if (nnc_status s = deviceAlloc(m, &m->weights, w ? w->size() : 0, err))
    return s;
  if (m->weights)
    if (CUresult r = d.memcpyHtoD(m->weights, w->data(), w->size()))
      return driverFail(d, err, NNC_ERR_LOAD, "cannot upload the weights",
                        "cuMemcpyHtoD", r);
  if (nnc_status s = deviceAlloc(m, &m->workspace, bundle->workspace_size(), err))
    return s;
  m->numInputs = sig.numInputs;
  m->numOutputs = sig.numOutputs;
  size_t numIo = sig.numInputs + sig.numOutputs;
  m->io = static_cast<CUdeviceptr *>(calloc(numIo + 1, sizeof(CUdeviceptr)));
  m->ioBytes = static_cast<size_t *>(calloc(numIo + 1, sizeof(size_t)));
  if (!m->io || !m->ioBytes)
    return fail(err, NNC_ERR_NOMEM, "out of memory loading the bundle");
  for (size_t i = 0; i < numIo; ++i) {
    m->ioBytes[i] = sig.tensors[i].num_bytes;
    if (nnc_status s = deviceAlloc(m, &m->io[i], m->ioBytes[i], err))
      return s;
  }

  auto *launches = gpu->launches();
  size_t numArgs = 0;
  for (const fb::GpuLaunch *l : *launches)
    numArgs += l->args()->size();
  m->numLaunches = launches->size();
  m->launches = static_cast<Launch *>(calloc(m->numLaunches + 1, sizeof(Launch)));
  m->slots = static_cast<uint64_t *>(calloc(numArgs + 1, sizeof(uint64_t)));
  m->params = static_cast<void **>(calloc(numArgs + 1, sizeof(void *)));
  if (!m->launches || !m->slots || !m->params)
    return fail(err, NNC_ERR_NOMEM, "out of memory loading the bundle");
  size_t slot = 0;
  for (size_t i = 0; i < m->numLaunches; ++i) {
    const fb::GpuLaunch *l = launches->Get(i);
    Launch &out = m->launches[i];
    out.kernel = gpu->kernels()->Get(l->kernel())->c_str();
    if (CUresult r = d.moduleGetFunction(&out.function, m->module, out.kernel)) {
      char what[128];
      snprintf(what, sizeof(what), "cannot find kernel '%s' in the PTX",
               out.kernel);
      return driverFail(d, err, NNC_ERR_LOAD, what, "cuModuleGetFunction", r);
    }
    for (unsigned k = 0; k < 3; ++k) {
      out.grid[k] = l->grid()->Get(k);
      out.block[k] = l->block()->Get(k);
    }
    out.params = m->params + slot;
    for (const fb::GpuArg *a : *l->args()) {
      switch (a->kind()) {
      case fb::GpuArgKind_Input:
        m->slots[slot] = m->io[a->index()] + a->offset();
        break;
      case fb::GpuArgKind_Output:
        m->slots[slot] = m->io[sig.numInputs + a->index()] + a->offset();
        break;
      case fb::GpuArgKind_Weights:
        m->slots[slot] = m->weights + a->offset();
        break;
      case fb::GpuArgKind_Workspace:
        m->slots[slot] = m->workspace + a->offset();
        break;
      default: // the low bytes of a little-endian slot are the 4-byte value
        m->slots[slot] = a->scalar_bytes() == 4 ? a->bits() & 0xffffffffu
                                                : a->bits();
        break;
      }
      m->params[slot] = &m->slots[slot];
      ++slot;
    }
  }
  return NNC_OK;
}

/// Records a run's driver error on the model.
nnc_status runFail(CudaModel *m, const char *what, const char *call,
                   CUresult result) {
  char detail[160];
  describeCudaError(m->driver, call, result, detail, sizeof(detail));
  snprintf(m->error, sizeof(m->error), "%s: %s", what, detail);
  return NNC_ERR_DEVICE;
}

} // namespace

bool nnc::rt::isCudaTriple(const char *triple) {
  return strncmp(triple, "nvptx64-", 8) == 0;
}

nnc_status nnc::rt::checkGpuProgram(const fb::Bundle *bundle,
                                    const Signature &sig, nnc_error *err) {
  const fb::GpuProgram *gpu = bundle->gpu();
  const char *triple = bundle->target_triple()->c_str();
  if (!gpu)
    return fail(err, NNC_ERR_INVALID_BUNDLE,
                "bundle targets %s but holds no GPU program", triple);
  if (smNumber(gpu->arch()->c_str()) < 0)
    return fail(err, NNC_ERR_INVALID_BUNDLE,
                "GPU architecture '%s' is not of the form sm_<number>",
                gpu->arch()->c_str());
  const char *ptx = gpu->ptx()->c_str();
  if (gpu->ptx()->size() == 0 || strlen(ptx) != gpu->ptx()->size())
    return fail(err, NNC_ERR_INVALID_BUNDLE,
                "the GPU program's PTX is empty or holds a NUL byte");
  for (unsigned k = 0; k < gpu->kernels()->size(); ++k) {
    const char *name = gpu->kernels()->Get(k)->c_str();
    bool valid = *name != '\0';
    for (const char *c = name; *c; ++c)
      valid &= isIdentifierChar(*c);
    if (!valid || ptxEntryParams(ptx, name) < 0)
      return fail(err, NNC_ERR_INVALID_BUNDLE,
                  "kernel %u ('%s') is not an entry of the bundle's PTX", k,
                  name);
  }
  for (unsigned i = 0; i < gpu->launches()->size(); ++i) {
    const fb::GpuLaunch *l = gpu->launches()->Get(i);
    if (l->args()->size() > kMaxArgs)
      return fail(err, NNC_ERR_INVALID_BUNDLE,
                  "launch %u has %u arguments; at most %u are supported", i,
                  l->args()->size(), kMaxArgs);
    if (nnc_status s = checkLaunch(l, gpu, bundle, sig, i, err))
      return s;
  }
  return NNC_OK;
}

nnc_status nnc::rt::loadCudaModel(const fb::Bundle *bundle,
                                  const Signature &sig, CudaModel **model,
                                  nnc_error *err) {
  *model = nullptr;
  if (nnc_status s = checkGpuProgram(bundle, sig, err))
    return s;
  CudaModel *m = static_cast<CudaModel *>(calloc(1, sizeof(CudaModel)));
  if (!m)
    return fail(err, NNC_ERR_NOMEM, "out of memory loading the bundle");
  nnc_status s = openCudaDriver(&m->driver, err);
  if (!s)
    s = prepare(m, bundle, sig, err);
  if (s) {
    freeCudaModel(m);
    return s;
  }
  *model = m;
  return NNC_OK;
}

nnc_status nnc::rt::runCudaModel(CudaModel *m, const void *const *inputs,
                                 void *const *outputs) {
  if ((m->numInputs && !inputs) || (m->numOutputs && !outputs))
    return NNC_ERR_ARGUMENT;
  for (size_t i = 0; i < m->numInputs; ++i)
    if (!inputs[i])
      return NNC_ERR_ARGUMENT;
  for (size_t i = 0; i < m->numOutputs; ++i)
    if (!outputs[i])
      return NNC_ERR_ARGUMENT;
  CudaDriver &d = m->driver;
  m->error[0] = '\0';
  if (CUresult r = d.ctxSetCurrent(m->context))
    return runFail(m, "cannot make the model's GPU context current",
                   "cuCtxSetCurrent", r);
  for (size_t i = 0; i < m->numInputs; ++i)
    if (m->ioBytes[i])
      if (CUresult r = d.memcpyHtoD(m->io[i], inputs[i], m->ioBytes[i]))
        return runFail(m, "cannot copy an input to the GPU", "cuMemcpyHtoD",
                       r);
  for (size_t i = 0; i < m->numLaunches; ++i) {
    const Launch &l = m->launches[i];
    if (CUresult r = d.launchKernel(l.function, l.grid[0], l.grid[1],
                                    l.grid[2], l.block[0], l.block[1],
                                    l.block[2], 0, nullptr, l.params, nullptr))
      return runFail(m, l.kernel, "cuLaunchKernel", r);
  }
  if (CUresult r = d.ctxSynchronize())
    return runFail(m, "the model's kernels failed", "cuCtxSynchronize", r);
  for (size_t i = 0; i < m->numOutputs; ++i) {
    size_t k = m->numInputs + i;
    if (m->ioBytes[k])
      if (CUresult r = d.memcpyDtoH(outputs[i], m->io[k], m->ioBytes[k]))
        return runFail(m, "cannot copy an output from the GPU",
                       "cuMemcpyDtoH", r);
  }
  return NNC_OK;
}

const char *nnc::rt::cudaModelError(const CudaModel *model) {
  return model->error;
}

void nnc::rt::freeCudaModel(CudaModel *m) {
  if (!m)
    return;
  CudaDriver &d = m->driver;
  if (d.handle) {
    if (m->context)
      d.ctxSetCurrent(m->context);
    for (size_t i = 0; m->io && i < m->numInputs + m->numOutputs; ++i)
      if (m->io[i])
        d.memFree(m->io[i]);
    if (m->workspace)
      d.memFree(m->workspace);
    if (m->weights)
      d.memFree(m->weights);
    if (m->module)
      d.moduleUnload(m->module);
    if (m->context)
      d.primaryCtxRelease(m->device);
  }
  closeCudaDriver(&d);
  free(m->io);
  free(m->ioBytes);
  free(m->launches);
  free(m->slots);
  free(m->params);
  free(m);
}
