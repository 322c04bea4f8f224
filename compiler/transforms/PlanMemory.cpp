//===- PlanMemory.cpp - Static workspace planning -------------------------===//
//
// Every buffer of the entry function gets a fixed offset in one workspace
// that the runtime allocates at load time, so a run never allocates.
// Buffers whose live ranges are disjoint share bytes.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/ByteBuffer.h"
#include "compiler/transforms/Passes.h"
#include "compiler/transforms/Spmd.h"

#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_PLANMEMORYPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;
using mlir::nnc::isThreadPartitionable;

namespace {

struct Buffer {
  memref::AllocOp alloc;
  int64_t size;
  int64_t begin, end; ///< Live range in top-level op positions, inclusive.
  int64_t offset = 0;
};

/// The top-level ops in which `root` or any alias of it is used. Aliases:
/// results of view-like ops and of any op that takes the buffer and returns
/// a memref (loops carrying it), and loop region arguments tied to it.
llvm::SetVector<Operation *> topLevelUsers(Block &body, Value root) {
  llvm::SetVector<Value> aliases;
  aliases.insert(root);
  llvm::SetVector<Operation *> tops;
  for (size_t i = 0; i < aliases.size(); ++i) {
    for (OpOperand &use : aliases[i].getUses()) {
      Operation *user = use.getOwner();
      if (isa<memref::DeallocOp>(user))
        continue; // Freeing is not reading: it must not extend the life.
      tops.insert(body.findAncestorOpInBlock(*user));
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
  return tops;
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

    // With threadPrivate, a buffer that lives inside one top-level
    // independent loop goes to the per-thread region instead.
    SmallVector<Buffer> shared, scratch;
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
      int64_t bytes = type.getNumElements() * nnc::elementBytes(type);
      Operation *top = body.findAncestorOpInBlock(*alloc);
      llvm::SetVector<Operation *> users = topLevelUsers(body, alloc);
      int64_t last = index.lookup(top);
      for (Operation *user : users)
        last = std::max(last, index.lookup(user));
      // Inside the loop, or hoisted out of it to the top level.
      bool isPrivate = threadPrivate && users.size() == 1 &&
                       (top == users.front() || top == alloc) &&
                       isThreadPartitionable(users.front());
      // A private buffer lives only while its loop runs.
      int64_t first = isPrivate ? last : index.lookup(top);
      (isPrivate ? scratch : shared)
          .push_back({alloc, std::max<int64_t>(bytes, 1), first, last});
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();

    OpBuilder b(&getContext());
    auto place = [&](MutableArrayRef<Buffer> buffers, StringRef name) {
      int64_t total = assignOffsets(buffers);
      BlockArgument arg = nnc::appendByteBufferArg(func, total, name);
      for (Buffer &buf : buffers) {
        b.setInsertionPoint(buf.alloc);
        Value view = nnc::createByteView(b, buf.alloc.getLoc(), arg,
                                         buf.offset, buf.alloc.getType());
        for (Operation *user :
             llvm::make_early_inc_range(buf.alloc->getUsers()))
          if (isa<memref::DeallocOp>(user))
            user->erase();
        buf.alloc.replaceAllUsesWith(view);
        buf.alloc.erase();
      }
      return total;
    };
    int64_t total = place(shared, "workspace");
    if (threadPrivate)
      func->setAttr(nnc::kThreadScratchSizeAttr,
                    b.getI64IntegerAttr(place(scratch, "thread_scratch")));
    func->setAttr(nnc::kWorkspaceSizeAttr, b.getI64IntegerAttr(total));
  }
};

} // namespace
