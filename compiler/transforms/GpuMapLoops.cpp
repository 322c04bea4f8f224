//===- GpuMapLoops.cpp - Top-level loop nests onto GPU grids --------------===//
//
// One thread per iteration of each linalg op's parallel loops: the simplest
// mapping that keeps every shape static, so grid and block sizes are
// constants the bundle can record.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/GpuPasses.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_GPUMAPLOOPSPASS
#include "compiler/transforms/GpuPasses.h.inc"
} // namespace mlir::nnc

using namespace mlir;

namespace {

/// `k<index>_<node>`, the node being the first name in `loc` (the ONNX node
/// the loops were lowered from), as a C identifier of at most 48 chars.
std::string kernelName(unsigned index, Location loc) {
  std::string name = "k" + std::to_string(index);
  loc->walk([&](Location l) {
    auto named = dyn_cast<NameLoc>(l);
    if (!named)
      return WalkResult::advance();
    name += "_";
    for (char c : named.getName().getValue().take_front(40))
      name += llvm::isAlnum(c) ? c : '_';
    return WalkResult::interrupt();
  });
  return name;
}

/// Ops that stay on the host: they only name memory or constants, and the
/// launch list records them as kernel arguments.
bool staysOnHost(Operation *op) {
  return op->hasTrait<OpTrait::ConstantLike>() || isa<ViewLikeOpInterface>(op) ||
         isa<func::ReturnOp>(op) ||
         (isMemoryEffectFree(op) && op->getNumRegions() == 0);
}

struct GpuMapLoopsPass : nnc::impl::GpuMapLoopsPassBase<GpuMapLoopsPass> {
  using GpuMapLoopsPassBase::GpuMapLoopsPassBase;

  /// An empty launch of grid x block threads, the builder inside its body.
  gpu::LaunchOp createLaunch(OpBuilder &b, Location loc, int64_t grid,
                             int64_t block, unsigned index) {
    MLIRContext *ctx = b.getContext();
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value g = arith::ConstantIndexOp::create(b, loc, grid);
    Value t = arith::ConstantIndexOp::create(b, loc, block);
    auto launch = gpu::LaunchOp::create(
        b, loc, g, one, one, t, one, one, /*dynamicSharedMemorySize=*/nullptr,
        /*asyncTokenType=*/nullptr, /*asyncDependencies=*/{},
        /*workgroupAttributions=*/{}, /*privateAttributions=*/{}, nullptr,
        nullptr, nullptr, FlatSymbolRefAttr::get(ctx, nnc::kGpuModuleName),
        FlatSymbolRefAttr::get(ctx, kernelName(index, loc)));
    b.setInsertionPointToEnd(&launch.getBody().front());
    gpu::TerminatorOp::create(b, loc);
    b.setInsertionPointToStart(&launch.getBody().front());
    return launch;
  }

  LogicalResult mapParallel(scf::ParallelOp loop, unsigned index) {
    if (loop.getNumReductions() != 0)
      return loop.emitError("nnc-gpu-map-loops: parallel reductions are not "
                            "supported");
    SmallVector<int64_t> lbs, steps, trips;
    int64_t total = 1;
    for (auto [lb, ub, step] : llvm::zip(loop.getLowerBound(),
                                         loop.getUpperBound(), loop.getStep())) {
      std::optional<int64_t> l = getConstantIntValue(lb),
                             u = getConstantIntValue(ub),
                             s = getConstantIntValue(step);
      if (!l || !u || !s || *s <= 0)
        return loop.emitError("nnc-gpu-map-loops: loop bounds and steps must "
                              "be constants");
      int64_t trip = *u > *l ? llvm::divideCeil(*u - *l, *s) : 0;
      lbs.push_back(*l);
      steps.push_back(*s);
      trips.push_back(trip);
      total *= trip;
    }
    OpBuilder b(loop);
    Location loc = loop.getLoc();
    if (total == 0) {
      loop.erase();
      return success();
    }
    int64_t block = std::min<int64_t>(blockSize, total);
    int64_t grid = llvm::divideCeil(total, block);
    if (grid > INT32_MAX)
      return loop.emitError("nnc-gpu-map-loops: ")
             << total << " iterations exceed the grid";
    gpu::LaunchOp launch = createLaunch(b, loc, grid, block, index);
    auto cst = [&](int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); };
    Value linear = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, launch.getBlockIds().x, cst(block)),
        launch.getThreadIds().x);
    if (total % block != 0) {
      Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                           linear, cst(total));
      auto guard = scf::IfOp::create(b, loc, inside, /*withElseRegion=*/false);
      b.setInsertionPoint(guard.thenBlock()->getTerminator());
    }
    IRMapping map;
    int64_t suffix = total;
    for (auto [d, iv] : llvm::enumerate(loop.getInductionVars())) {
      suffix /= trips[d];
      Value i = linear;
      if (suffix != 1)
        i = arith::DivUIOp::create(b, loc, i, cst(suffix));
      if (d != 0)
        i = arith::RemUIOp::create(b, loc, i, cst(trips[d]));
      if (steps[d] != 1)
        i = arith::MulIOp::create(b, loc, i, cst(steps[d]));
      if (lbs[d] != 0)
        i = arith::AddIOp::create(b, loc, i, cst(lbs[d]));
      map.map(iv, i);
    }
    for (Operation &op : loop.getBody()->without_terminator())
      b.clone(op, map);
    loop.erase();
    return success();
  }

  /// Runs `op` in a launch of one thread: the fallback for top-level loops
  /// and stores that are not a parallel nest.
  LogicalResult runSerially(Operation *op, unsigned index) {
    if (!op->use_empty())
      return op->emitError("nnc-gpu-map-loops: '")
             << op->getName() << "' computes a scalar on the host for later "
             << "kernels; the CUDA target runs no host code (only launches, "
             << "constants and views)";
    OpBuilder b(op);
    createLaunch(b, op->getLoc(), 1, 1, index);
    b.clone(*op);
    op->erase();
    return success();
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    unsigned index = 0;
    for (Operation &op :
         llvm::make_early_inc_range(func.getBody().front().getOperations())) {
      LogicalResult done = success();
      if (auto loop = dyn_cast<scf::ParallelOp>(op))
        done = mapParallel(loop, index++);
      else if (!staysOnHost(&op) && !isa<gpu::LaunchOp>(op))
        done = runSerially(&op, index++);
      if (failed(done))
        return signalPassFailure();
    }
  }
};

} // namespace
