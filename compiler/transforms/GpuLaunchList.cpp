//===- GpuLaunchList.cpp - The host function as a static launch list ------===//
//
// With static shapes and a static memory plan, the host side of a model is
// a fixed sequence of kernel launches whose arguments are buffers at
// constant offsets. This reads that sequence, or names the op that breaks it.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/ByteBuffer.h"
#include "compiler/transforms/GpuPasses.h"

#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_GPULAUNCHLISTPASS
#include "compiler/transforms/GpuPasses.h.inc"
} // namespace mlir::nnc

using namespace mlir;
using nnc::GpuLaunch;
using nnc::GpuLaunchArg;

namespace {

/// The buffer argument `value` views and the byte offset of its aligned
/// pointer: memref.view moves the pointer; subviews, reshapes, casts and
/// reinterpret_cast keep it and only change the layout.
FailureOr<std::pair<BlockArgument, uint64_t>> traceView(Value value,
                                                        Operation *launch) {
  uint64_t offset = 0;
  while (true) {
    if (auto arg = dyn_cast<BlockArgument>(value))
      return std::make_pair(arg, offset);
    Operation *def = value.getDefiningOp();
    if (auto view = dyn_cast<memref::ViewOp>(def)) {
      std::optional<int64_t> shift = getConstantIntValue(view.getByteShift());
      if (!shift || !view.getSizes().empty())
        return view.emitError("nnc-gpu-launch-list: memref.view at a run-time "
                              "offset or size cannot be a launch argument");
      offset += *shift;
      value = view.getSource();
    } else if (auto like = dyn_cast<ViewLikeOpInterface>(def)) {
      value = like.getViewSource();
    } else {
      return def->emitError("nnc-gpu-launch-list: '")
             << def->getName() << "' is computed on the host; a kernel "
             << "argument must be a view of an input, an output, the weights "
             << "or the workspace";
    }
  }
}

FailureOr<GpuLaunchArg> readArg(Value value, gpu::LaunchFuncOp launch,
                                func::FuncOp func, unsigned numInputs,
                                unsigned index) {
  GpuLaunchArg arg;
  if (auto type = dyn_cast<MemRefType>(value.getType())) {
    std::optional<std::pair<int64_t, int64_t>> span = nnc::addressedBytes(type);
    if (!span)
      return launch.emitError("nnc-gpu-launch-list: argument ")
             << index << " has type " << type
             << "; kernels take memrefs of static shape and layout";
    auto root = traceView(value, launch);
    if (failed(root))
      return failure();
    auto [buffer, offset] = *root;
    if (buffer.getOwner()->getParentOp() != func)
      return launch.emitError("nnc-gpu-launch-list: argument ")
             << index << " is not a buffer of the entry function";
    unsigned pos = buffer.getArgNumber();
    StringRef role = nnc::byteBufferName(func, pos);
    if (role == "weights") {
      arg.kind = GpuLaunchArg::Weights;
    } else if (role == "workspace") {
      arg.kind = GpuLaunchArg::Workspace;
    } else if (pos < numInputs) {
      arg.kind = GpuLaunchArg::Input;
      arg.index = pos;
    } else {
      arg.kind = GpuLaunchArg::Output;
      arg.index = pos - numInputs;
    }
    arg.offset = offset;
    // Bytes from the aligned pointer to one past the last element, 0 when
    // the memref is empty.
    arg.size = span->first == span->second ? 0 : span->second;
    return arg;
  }
  Type type = value.getType();
  Attribute constant;
  if (Operation *def = value.getDefiningOp();
      def && def->hasTrait<OpTrait::ConstantLike>()) {
    SmallVector<OpFoldResult> folded;
    if (succeeded(def->fold({}, folded)) && folded.size() == 1)
      constant = dyn_cast<Attribute>(folded[0]);
  }
  arg.kind = GpuLaunchArg::Scalar;
  if (auto i = dyn_cast_if_present<IntegerAttr>(constant);
      i && (type.isIndex() || type.isInteger(64) || type.isInteger(32))) {
    arg.bits = i.getValue().getZExtValue();
    arg.scalarBytes = type.isInteger(32) ? 4 : 8;
    return arg;
  }
  if (auto f = dyn_cast_if_present<FloatAttr>(constant);
      f && (type.isF32() || type.isF64())) {
    arg.bits = f.getValue().bitcastToAPInt().getZExtValue();
    arg.scalarBytes = type.isF32() ? 4 : 8;
    return arg;
  }
  return launch.emitError("nnc-gpu-launch-list: argument ")
         << index << " of type " << type
         << " is not a constant i32, i64, index, f32 or f64";
}

FailureOr<GpuLaunch> readLaunch(gpu::LaunchFuncOp launch, func::FuncOp func,
                                unsigned numInputs) {
  if (launch.getDynamicSharedMemorySize() || launch.getAsyncToken() ||
      !launch.getAsyncDependencies().empty() || launch.hasClusterSize())
    return launch.emitError("nnc-gpu-launch-list: launches take no shared "
                            "memory size, clusters or async tokens");
  GpuLaunch out;
  out.kernel = launch.getKernelName().str();
  gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
  gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
  Value sizes[6] = {grid.x, grid.y, grid.z, block.x, block.y, block.z};
  for (int i = 0; i < 6; ++i) {
    std::optional<int64_t> v = getConstantIntValue(sizes[i]);
    if (!v || *v < 1 || *v > INT32_MAX)
      return launch.emitError("nnc-gpu-launch-list: grid and block sizes "
                              "must be positive constants");
    (i < 3 ? out.grid[i] : out.block[i - 3]) = static_cast<uint32_t>(*v);
  }
  for (auto [i, operand] : llvm::enumerate(launch.getKernelOperands())) {
    FailureOr<GpuLaunchArg> arg = readArg(operand, launch, func, numInputs, i);
    if (failed(arg))
      return failure();
    out.args.push_back(*arg);
  }
  return out;
}

struct GpuLaunchListPass
    : nnc::impl::GpuLaunchListPassBase<GpuLaunchListPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() && failed(nnc::buildLaunchList(func, 0)))
        return signalPassFailure();
  }
};

} // namespace

FailureOr<std::vector<GpuLaunch>>
nnc::buildLaunchList(func::FuncOp func, unsigned numInputs) {
  std::vector<GpuLaunch> launches;
  for (Operation &op : func.getBody().front()) {
    if (auto launch = dyn_cast<gpu::LaunchFuncOp>(op)) {
      FailureOr<GpuLaunch> l = readLaunch(launch, func, numInputs);
      if (failed(l))
        return failure();
      launches.push_back(std::move(*l));
      continue;
    }
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      if (ret.getNumOperands() != 0)
        return ret.emitError("nnc-gpu-launch-list: the entry function must "
                             "write its outputs into buffers, not return "
                             "values");
      continue;
    }
    if (op.hasTrait<OpTrait::ConstantLike>() || isa<ViewLikeOpInterface>(op))
      continue;
    return op.emitError("nnc-gpu-launch-list: '")
           << op.getName() << "' is left on the host; the host side of a "
           << "CUDA model may only launch kernels on views of its buffers";
  }
  return launches;
}
