//===- PlanMemory.cpp - Static workspace planning -------------------------===//
//
// Every buffer of the entry function gets a fixed offset in one workspace
// that the runtime allocates at load time, so a run never allocates.
// Buffers whose live ranges are disjoint share bytes.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/ByteBuffer.h"
#include "compiler/transforms/Passes.h"

#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_PLANMEMORYPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;

namespace {

struct Buffer {
  memref::AllocOp alloc;
  int64_t size;
  int64_t begin, end; ///< Live range in top-level op positions, inclusive.
  int64_t offset = 0;
};

/// Position of the op in `body` that contains `op`.
int64_t topLevelIndex(Block &body, Operation *op,
                      const llvm::DenseMap<Operation *, int64_t> &index) {
  Operation *top = body.findAncestorOpInBlock(*op);
  return index.lookup(top);
}

/// The last top-level position at which `root` or any alias of it is used.
/// Aliases: results of view-like ops and of any op that takes the buffer and
/// returns a memref (loops carrying it), and loop region arguments tied to it.
int64_t lastUse(Block &body, Value root,
                const llvm::DenseMap<Operation *, int64_t> &index) {
  llvm::SetVector<Value> aliases;
  aliases.insert(root);
  int64_t last = 0;
  for (size_t i = 0; i < aliases.size(); ++i) {
    for (OpOperand &use : aliases[i].getUses()) {
      Operation *user = use.getOwner();
      if (isa<memref::DeallocOp>(user))
        continue; // Freeing is not reading: it must not extend the life.
      last = std::max(last, topLevelIndex(body, user, index));
      for (Value result : user->getResults())
        if (isa<MemRefType>(result.getType()))
          aliases.insert(result);
      for (Region &region : user->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            if (isa<MemRefType>(arg.getType()))
              aliases.insert(arg);
    }
  }
  return last;
}

/// First fit by decreasing size: each buffer takes the lowest aligned offset
/// that does not overlap a placed buffer with an overlapping live range.
int64_t assignOffsets(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &b : buffers)
    order.push_back(&b);
  // Largest first; ties in program order, so the plan is deterministic.
  llvm::sort(order, [](Buffer *a, Buffer *b) {
    return a->size != b->size ? a->size > b->size : a->begin < b->begin;
  });
  SmallVector<Buffer *> placed;
  int64_t total = 0;
  for (Buffer *buf : order) {
    SmallVector<Buffer *> live;
    for (Buffer *p : placed)
      if (p->begin <= buf->end && buf->begin <= p->end)
        live.push_back(p);
    llvm::sort(live, [](Buffer *a, Buffer *b) { return a->offset < b->offset; });
    int64_t offset = 0;
    for (Buffer *p : live) {
      if (offset + buf->size <= p->offset)
        break;
      offset = std::max(offset, nnc::alignTo(p->offset + p->size,
                                             nnc::kBufferAlignment));
    }
    buf->offset = offset;
    placed.push_back(buf);
    total = std::max(total, offset + buf->size);
  }
  return nnc::alignTo(total, nnc::kBufferAlignment);
}

struct PlanMemoryPass : nnc::impl::PlanMemoryPassBase<PlanMemoryPass> {
  using PlanMemoryPassBase::PlanMemoryPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    llvm::DenseMap<Operation *, int64_t> index;
    for (auto [i, op] : llvm::enumerate(body))
      index[&op] = i;

    SmallVector<Buffer> buffers;
    WalkResult walk = func.walk([&](Operation *op) {
      if (isa<memref::AllocaOp>(op) ||
          (isa<memref::AllocOp>(op) &&
           !cast<memref::AllocOp>(op).getType().hasStaticShape()) ||
          (isa<memref::AllocOp>(op) &&
           !cast<memref::AllocOp>(op).getType().getLayout().isIdentity())) {
        op->emitError("nnc-plan-memory: only statically shaped, identity-"
                      "layout heap buffers can be planned");
        return WalkResult::interrupt();
      }
      auto alloc = dyn_cast<memref::AllocOp>(op);
      if (!alloc)
        return WalkResult::advance();
      MemRefType type = alloc.getType();
      int64_t bytes = type.getNumElements() *
                      ((type.getElementTypeBitWidth() + 7) / 8);
      buffers.push_back({alloc, std::max<int64_t>(bytes, 1),
                         topLevelIndex(body, alloc, index),
                         lastUse(body, alloc.getResult(), index)});
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();

    int64_t total = assignOffsets(buffers);
    BlockArgument workspace =
        nnc::appendByteBufferArg(func, total, "workspace");
    OpBuilder b(&getContext());
    for (Buffer &buf : buffers) {
      b.setInsertionPoint(buf.alloc);
      Value view = nnc::createByteView(b, buf.alloc.getLoc(), workspace,
                                       buf.offset, buf.alloc.getType());
      for (Operation *user :
           llvm::make_early_inc_range(buf.alloc->getUsers()))
        if (isa<memref::DeallocOp>(user))
          user->erase();
      buf.alloc.replaceAllUsesWith(view);
      buf.alloc.erase();
    }
    func->setAttr(nnc::kWorkspaceSizeAttr, b.getI64IntegerAttr(total));
  }
};

} // namespace
