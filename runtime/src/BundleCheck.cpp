//===- BundleCheck.cpp - Verify a bundle before anything uses it ----------===//
//
// Every field the runtime reads from a bundle is checked here first. The
// format version is read before full verification so that a bundle of a
// newer format reports a version error rather than corruption.
//
//===----------------------------------------------------------------------===//

#include "BundleCheck.h"

#include "ElfLoader.h"
#include "Error.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

using namespace nnc;
using namespace nnc::rt;

namespace {

// A signature's dtype is read by a cast: the schema's DType and nnc_dtype
// must number their values alike.
static_assert(int(fb::DType_F32) == NNC_F32 &&
                  int(fb::DType_Bool) == NNC_BOOL &&
                  int(fb::DType_F64) == NNC_F64 &&
                  int(fb::DType_MAX) == NNC_U64,
              "bundle.fbs DType and nnc_dtype disagree");

/// Guards against absurd ranks; ONNX models stay far below.
constexpr uint32_t kMaxRank = 16;

/// The architecture component of `triple` with LLVM's aliases folded:
/// returns its start and stores its length in `*len`.
const char *archOf(const char *triple, size_t *len) {
  *len = strcspn(triple, "-");
  if (*len == 5 && strncmp(triple, "amd64", 5) == 0)
    return *len = 6, "x86_64";
  if (*len == 5 && strncmp(triple, "arm64", 5) == 0)
    return *len = 7, "aarch64";
  return triple;
}

/// Whether two triples name the same architecture; vendor, OS and
/// environment vary harmlessly.
bool sameArch(const char *a, const char *b) {
  size_t la, lb;
  const char *pa = archOf(a, &la), *pb = archOf(b, &lb);
  return la != 0 && la == lb && strncmp(pa, pb, la) == 0;
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

/// Fills `out` from one signature list, copying shapes to `*shapes` (shape
/// data in the buffer is only 4-byte aligned) and checking every size.
nnc_status readTensors(
    const flatbuffers::Vector<flatbuffers::Offset<fb::TensorInfo>> *list,
    const char *kind, nnc_tensor_info *out, int64_t **shapes, nnc_error *err) {
  for (flatbuffers::uoffset_t i = 0; i < list->size(); ++i) {
    const fb::TensorInfo *t = list->Get(i);
    nnc_tensor_info &info = out[i];
    info.name = t->name()->c_str();
    // Range-check before the cast: an out-of-range enum value is UB in C++.
    int dtype = static_cast<int>(t->dtype());
    if (dtype < NNC_F32 || dtype > NNC_U64)
      return fail(err, NNC_ERR_INVALID_BUNDLE,
                  "%s %u ('%s') has unknown dtype %d", kind, i, info.name,
                  dtype);
    info.dtype = static_cast<nnc_dtype>(dtype);
    size_t elemSize = nnc_dtype_size(info.dtype);
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
                    "%s %u ('%s') is too large to address", kind, i, info.name);
      (*shapes)[d] = dim;
    }
    info.num_bytes = bytes;
    *shapes += info.rank;
  }
  return NNC_OK;
}

} // namespace

const char *nnc::rt::runtimeTriple() {
#if defined(__x86_64__)
  return "x86_64-unknown-linux-gnu";
#elif defined(__aarch64__)
  return "aarch64-unknown-linux-gnu";
#else
  return "unknown-unknown-unknown";
#endif
}

nnc_status nnc::rt::checkBundle(const uint8_t *bytes, size_t size,
                                nnc_error *err) {
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
  // Thread 0's scratch is the workspace's tail: it must fit and stay aligned.
  const fb::Bundle *bundle = fb::GetBundle(bytes);
  uint64_t scratch = bundle->thread_scratch_size(),
           workspace = bundle->workspace_size();
  if (scratch > workspace || (scratch && (scratch % 64 || workspace % 64)))
    return fail(err, NNC_ERR_INVALID_BUNDLE,
                "per-thread scratch of %llu bytes does not fit the %llu-byte "
                "workspace with 64-byte alignment",
                static_cast<unsigned long long>(scratch),
                static_cast<unsigned long long>(workspace));
  return NNC_OK;
}

nnc_status nnc::rt::checkTarget(const fb::Bundle *bundle, nnc_error *err) {
  const char *triple = bundle->target_triple()->c_str();
  if (!sameArch(triple, runtimeTriple()))
    return fail(err, NNC_ERR_TARGET,
                "bundle targets %s but this runtime runs %s", triple,
                runtimeTriple());
  const flatbuffers::Vector<uint8_t> *code = bundle->code();
  uint16_t machine = elfMachineOf(code->data(), code->size());
  if (machine != EM_NONE && machine != hostElfMachine())
    return fail(err, NNC_ERR_TARGET,
                "bundle targets %s but its code is an ELF object for %s "
                "(e_machine %u)",
                triple, machineName(machine), machine);
  return NNC_OK;
}

nnc_status nnc::rt::readSignature(const fb::Bundle *bundle, Signature *sig,
                                  nnc_error *err) {
  auto *inputs = bundle->inputs();
  auto *outputs = bundle->outputs();
  sig->numInputs = inputs->size();
  sig->numOutputs = outputs->size();
  size_t numTensors = sig->numInputs + sig->numOutputs, numDims = 0;
  for (auto *list : {inputs, outputs})
    for (const fb::TensorInfo *t : *list)
      numDims += t->shape()->size();
  sig->tensors = static_cast<nnc_tensor_info *>(
      calloc(numTensors ? numTensors : 1, sizeof(nnc_tensor_info)));
  sig->shapes =
      static_cast<int64_t *>(calloc(numDims ? numDims : 1, sizeof(int64_t)));
  if (!sig->tensors || !sig->shapes)
    return fail(err, NNC_ERR_NOMEM, "out of memory reading the signature");
  int64_t *shapes = sig->shapes;
  if (nnc_status s = readTensors(inputs, "input", sig->tensors, &shapes, err))
    return s;
  return readTensors(outputs, "output", sig->tensors + sig->numInputs, &shapes,
                     err);
}

void nnc::rt::freeSignature(Signature *sig) {
  free(sig->tensors);
  free(sig->shapes);
  *sig = Signature();
}
