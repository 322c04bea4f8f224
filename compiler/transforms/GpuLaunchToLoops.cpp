//===- GpuLaunchToLoops.cpp - GPU launches as host loops ------------------===//
//
// Lets the CPU run the CUDA target's kernels (nnc compile --gpu-emulate), so
// their index arithmetic and math are checked against onnxruntime without
// a GPU.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/GpuPasses.h"

#include "mlir/IR/IRMapping.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_GPULAUNCHTOLOOPSPASS
#include "compiler/transforms/GpuPasses.h.inc"
} // namespace mlir::nnc

using namespace mlir;

namespace {

struct GpuLaunchToLoopsPass
    : nnc::impl::GpuLaunchToLoopsPassBase<GpuLaunchToLoopsPass> {
  void runOnOperation() override {
    SmallVector<gpu::LaunchOp> launches;
    getOperation().walk([&](gpu::LaunchOp l) { launches.push_back(l); });
    for (gpu::LaunchOp launch : launches) {
      if (launch.getBody().getBlocks().size() != 1 ||
          !launch.getWorkgroupAttributions().empty() ||
          !launch.getPrivateAttributions().empty()) {
        launch.emitError("nnc-gpu-launch-to-loops: only single-block launch "
                         "bodies without attributions run on the host");
        return signalPassFailure();
      }
      OpBuilder b(launch);
      Location loc = launch.getLoc();
      Value zero = arith::ConstantIndexOp::create(b, loc, 0);
      Value one = arith::ConstantIndexOp::create(b, loc, 1);
      gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
      gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
      SmallVector<Value> lbs(6, zero), steps(6, one);
      SmallVector<Value> ubs = {grid.x,  grid.y,  grid.z,
                                block.x, block.y, block.z};
      gpu::KernelDim3 ids[] = {launch.getBlockIds(), launch.getThreadIds(),
                               launch.getGridSize(), launch.getBlockSize()};
      scf::ParallelOp::create(
          b, loc, lbs, ubs, steps,
          [&](OpBuilder &nb, Location, ValueRange ivs) {
            Value values[] = {ivs[0], ivs[1], ivs[2], ivs[3],
                              ivs[4], ivs[5], grid.x, grid.y,
                              grid.z, block.x, block.y, block.z};
            IRMapping map;
            for (int i = 0; i < 4; ++i) {
              map.map(ids[i].x, values[3 * i]);
              map.map(ids[i].y, values[3 * i + 1]);
              map.map(ids[i].z, values[3 * i + 2]);
            }
            for (Operation &op : launch.getBody().front().without_terminator())
              nb.clone(op, map);
          });
      launch.erase();
    }
  }
};

} // namespace
