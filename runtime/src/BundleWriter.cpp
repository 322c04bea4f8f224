//===- BundleWriter.cpp - Serialize a .nnb model bundle -------------------===//
//
// The one place that builds bundle FlatBuffers, through the flatc-generated
// builder API; the weights vector is forced to 64-byte alignment.
//
//===----------------------------------------------------------------------===//

#include "nnc/BundleWriter.h"

#include "nnc/bundle_generated.h"

using namespace nnc;

namespace {

flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::TensorInfo>>>
writeTensors(flatbuffers::FlatBufferBuilder &fbb,
             const std::vector<TensorSpec> &tensors) {
  std::vector<flatbuffers::Offset<fb::TensorInfo>> infos;
  infos.reserve(tensors.size());
  for (const TensorSpec &t : tensors)
    infos.push_back(fb::CreateTensorInfoDirect(
        fbb, t.name.c_str(), static_cast<fb::DType>(t.dtype), &t.shape));
  return fbb.CreateVector(infos);
}

flatbuffers::Offset<fb::GpuProgram>
writeGpuProgram(flatbuffers::FlatBufferBuilder &fbb, const GpuProgramSpec &gpu) {
  std::vector<flatbuffers::Offset<fb::GpuLaunch>> launches;
  for (const GpuLaunchSpec &l : gpu.launches) {
    std::vector<flatbuffers::Offset<fb::GpuArg>> args;
    for (const GpuArgSpec &a : l.args)
      args.push_back(fb::CreateGpuArg(fbb, static_cast<fb::GpuArgKind>(a.kind),
                                      a.index, a.offset, a.size, a.bits,
                                      a.scalarBytes));
    std::vector<uint32_t> grid(l.grid, l.grid + 3), block(l.block, l.block + 3);
    launches.push_back(
        fb::CreateGpuLaunchDirect(fbb, l.kernel, &grid, &block, &args));
  }
  std::vector<flatbuffers::Offset<flatbuffers::String>> kernels;
  for (const std::string &k : gpu.kernels)
    kernels.push_back(fbb.CreateString(k));
  return fb::CreateGpuProgramDirect(fbb, gpu.arch.c_str(), gpu.ptx.c_str(),
                                    &kernels, &launches);
}

} // namespace

std::vector<uint8_t> nnc::serializeBundle(const BundleSpec &spec) {
  flatbuffers::FlatBufferBuilder fbb(1024 + spec.weights.size() +
                                     spec.code.size() + spec.gpu.ptx.size());
  // Vectors first (the builder writes back to front); alignment is relative
  // to the end of the buffer, which Finish() pads to the largest alignment,
  // so it holds from the start too. The code gets 16 so that ELF headers
  // read in place are naturally aligned.
  fbb.ForceVectorAlignment(spec.weights.size(), 1, 64);
  auto weights = fbb.CreateVector(spec.weights);
  fbb.ForceVectorAlignment(spec.code.size(), 1, 16);
  auto code = fbb.CreateVector(spec.code);
  auto inputs = writeTensors(fbb, spec.inputs);
  auto outputs = writeTensors(fbb, spec.outputs);
  flatbuffers::Offset<fb::GpuProgram> gpu;
  if (!spec.gpu.arch.empty())
    gpu = writeGpuProgram(fbb, spec.gpu);
  auto phases = spec.phases.empty() ? 0 : fbb.CreateVectorOfStrings(spec.phases);
  auto bundle =
      fb::CreateBundle(fbb, spec.formatVersion, fbb.CreateString(spec.producer),
                       fbb.CreateString(spec.targetTriple),
                       fbb.CreateString(spec.cpu), fbb.CreateString(spec.entry),
                       inputs, outputs, spec.workspaceSize, weights, code,
                       spec.parallelEntry.empty()
                           ? 0
                           : fbb.CreateString(spec.parallelEntry),
                       spec.threadScratchSize, gpu, phases);
  fb::FinishBundleBuffer(fbb, bundle);
  return std::vector<uint8_t>(fbb.GetBufferPointer(),
                              fbb.GetBufferPointer() + fbb.GetSize());
}
