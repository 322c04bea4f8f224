//===- Parallelize.cpp - One entry run by every thread of the pool --------===//
//
// Rewrites the planned entry function into SPMD form: every thread of the
// runtime's pool runs it at once with its own index, takes a contiguous
// chunk of each top-level independent loop, leaves the other side effects
// to thread 0, and meets the others at a barrier between phases. Compared
// with outlining each loop into a task, this keeps the function whole, so
// one call per thread runs the model and a phase costs one barrier.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/ByteBuffer.h"
#include "compiler/transforms/Passes.h"
#include "compiler/transforms/Spmd.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::nnc {
#define GEN_PASS_DEF_PARALLELIZEPASS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::nnc

using namespace mlir;
using mlir::nnc::isThreadPartitionable;

namespace {

/// Iterations to split at least: enough that any thread count up to a few
/// dozen gets balanced chunks, few enough to keep the index arithmetic off
/// the inner loops.
constexpr int64_t kMinChunks = 64;

int64_t saturatingMul(int64_t a, int64_t b) {
  int64_t r;
  return __builtin_mul_overflow(a, b, &r) ? INT64_MAX : r;
}

int64_t tripCount(int64_t lb, int64_t ub, int64_t step) {
  return ub > lb && step > 0 ? (ub - lb + step - 1) / step : 0;
}

/// Static trip count of a loop; 1 for anything else (or a dynamic bound).
int64_t tripsOf(Operation *op) {
  auto trips = [](ArrayRef<OpFoldResult> lbs, ArrayRef<OpFoldResult> ubs,
                  ArrayRef<OpFoldResult> steps) {
    int64_t n = 1;
    for (auto [lb, ub, st] : llvm::zip(lbs, ubs, steps)) {
      auto l = getConstantIntValue(lb), u = getConstantIntValue(ub),
           s = getConstantIntValue(st);
      n = saturatingMul(n, l && u && s ? tripCount(*l, *u, *s) : 1);
    }
    return n;
  };
  if (auto f = dyn_cast<scf::ForOp>(op)) {
    // A loop over a run-time window of constant length (a kernel's chunk
    // of taps): ub = lb + len.
    if (auto sum = f.getUpperBound().getDefiningOp<arith::AddIOp>()) {
      std::optional<int64_t> len = getConstantIntValue(sum.getRhs()),
                             step = getConstantIntValue(f.getStep());
      if (sum.getLhs() == f.getLowerBound() && len && step)
        return tripCount(0, *len, *step);
    }
    return trips({f.getLowerBound()}, {f.getUpperBound()}, {f.getStep()});
  }
  if (auto p = dyn_cast<scf::ParallelOp>(op))
    return trips(getAsOpFoldResult(p.getLowerBound()),
                 getAsOpFoldResult(p.getUpperBound()),
                 getAsOpFoldResult(p.getStep()));
  if (auto f = dyn_cast<scf::ForallOp>(op))
    return trips(f.getMixedLowerBound(), f.getMixedUpperBound(),
                 f.getMixedStep());
  return 1;
}

/// Executions of the leaf ops under `root`: the work a split shares out.
int64_t estimateWork(Operation *root) {
  int64_t total = 0;
  root->walk([&](Operation *op) {
    if (op->getNumRegions() != 0)
      return;
    int64_t n = 1;
    for (Operation *p = op->getParentOp(); p != root->getParentOp();
         p = p->getParentOp())
      n = saturatingMul(n, tripsOf(p));
    total = total > INT64_MAX - n ? INT64_MAX : total + n;
  });
  return total;
}

/// Where a top-level memref lives: bytes [lo, hi) of `root` (a function
/// argument or a top-level allocation), and, for static subviews, the box of
/// indices it covers in `view`. A null root is unknown memory.
struct MemRegion {
  Value root;
  int64_t base = 0; ///< Byte offset of the memref's base pointer in root.
  int64_t lo = 0, hi = INT64_MAX;
  Value view;
  SmallVector<int64_t> offsets, sizes, strides;
};

/// Bytes of `root` that a memref of `type` with base byte `r.base` can touch.
void setHull(MemRegion &r, MemRefType type) {
  if (std::optional<std::pair<int64_t, int64_t>> span = nnc::addressedBytes(type)) {
    r.lo = r.base + span->first;
    r.hi = r.base + span->second;
  }
}

/// The box of a whole static memref (its own index space).
void setWholeBox(MemRegion &r, Value v) {
  auto type = cast<MemRefType>(v.getType());
  r.view = v;
  r.offsets.assign(type.getRank(), 0);
  r.sizes.assign(type.getShape().begin(), type.getShape().end());
  r.strides.assign(type.getRank(), 1);
  if (!type.hasStaticShape())
    r.view = {};
}

/// All of `root`, without a box.
MemRegion unknownIn(Value root) {
  MemRegion r;
  r.root = root;
  return r;
}

MemRegion regionOf(Value v) {
  MemRegion r;
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    if (isa<func::FuncOp>(arg.getOwner()->getParentOp())) {
      r.root = v;
      setWholeBox(r, v);
    }
    return r;
  }
  Operation *def = v.getDefiningOp();
  if (isa<memref::AllocOp, memref::AllocaOp>(def)) {
    r.root = v;
    setWholeBox(r, v);
    return r;
  }
  if (auto view = dyn_cast<memref::ViewOp>(def)) {
    r = regionOf(view.getSource());
    std::optional<int64_t> shift = getConstantIntValue(view.getByteShift());
    if (!shift)
      return unknownIn(r.root);
    r.base += *shift;
    setHull(r, view.getType());
    setWholeBox(r, v);
    return r;
  }
  // A base buffer and what is cast from it span their whole allocation.
  if (auto meta = dyn_cast<memref::ExtractStridedMetadataOp>(def))
    return unknownIn(regionOf(meta.getSource()).root);
  if (auto cast = dyn_cast<memref::ReinterpretCastOp>(def))
    return unknownIn(regionOf(cast.getSource()).root);
  auto viewLike = dyn_cast<ViewLikeOpInterface>(def);
  if (!viewLike)
    return r;
  MemRegion src = regionOf(viewLike.getViewSource());
  r.root = src.root;
  r.base = src.base;
  r.lo = src.lo;
  r.hi = src.hi;
  setHull(r, cast<MemRefType>(v.getType()));
  // A static, rank-preserving subview of a boxed view narrows its box.
  auto sub = dyn_cast<memref::SubViewOp>(def);
  if (!sub || !src.view ||
      sub.getType().getRank() != sub.getSourceType().getRank() ||
      ShapedType::isDynamicShape(sub.getStaticOffsets()) ||
      ShapedType::isDynamicShape(sub.getStaticSizes()) ||
      ShapedType::isDynamicShape(sub.getStaticStrides()))
    return r;
  r.view = src.view;
  for (auto [o, size, st, so, sst] :
       llvm::zip(sub.getStaticOffsets(), sub.getStaticSizes(),
                 sub.getStaticStrides(), src.offsets, src.strides)) {
    r.offsets.push_back(so + o * sst);
    r.sizes.push_back(size);
    r.strides.push_back(sst * st);
  }
  return r;
}

/// Whether two regions may share a byte.
bool mayOverlap(const MemRegion &a, const MemRegion &b) {
  if (!a.root || !b.root)
    return true;
  if (a.root != b.root || a.hi <= b.lo || b.hi <= a.lo)
    return false;
  if (!a.view || a.view != b.view)
    return true;
  for (size_t d = 0; d < a.offsets.size(); ++d) {
    int64_t aEnd = a.offsets[d] + (a.sizes[d] - 1) * a.strides[d];
    int64_t bEnd = b.offsets[d] + (b.sizes[d] - 1) * b.strides[d];
    if (a.sizes[d] == 0 || b.sizes[d] == 0 || aEnd < b.offsets[d] ||
        bEnd < a.offsets[d])
      return false;
  }
  return true;
}

/// The memory one phase touches, by the top-level memref it goes through.
struct PhaseAccesses {
  llvm::MapVector<Value, bool> writes; ///< value -> also written
  bool unknown = false;
};

/// The top-level memref that `v`, used inside `phase`, is a view of; null
/// for memory private to an iteration (an allocation inside the phase) or
/// constant globals, and `unknown` when it cannot be traced.
Value topLevelSource(Value v, Operation *phase, bool &unknown) {
  while (true) {
    Operation *def = v.getDefiningOp();
    if (isa_and_present<memref::GetGlobalOp>(def))
      return {};
    if (!phase->isAncestor(v.getParentRegion()->getParentOp()))
      return v;
    if (isa_and_present<memref::AllocOp, memref::AllocaOp>(def))
      return {};
    // Views, casts and extract_strided_metadata's base buffer alike.
    auto viewLike = dyn_cast_if_present<ViewLikeOpInterface>(def);
    if (!viewLike) {
      unknown = true;
      return {};
    }
    v = viewLike.getViewSource();
  }
}

PhaseAccesses accessesOf(Operation *phase) {
  PhaseAccesses acc;
  phase->walk([&](Operation *op) {
    if (op->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
      return;
    auto iface = dyn_cast<MemoryEffectOpInterface>(op);
    if (!iface) {
      acc.unknown = true;
      return;
    }
    SmallVector<MemoryEffects::EffectInstance> effects;
    iface.getEffects(effects);
    for (const MemoryEffects::EffectInstance &e : effects) {
      if (isa<MemoryEffects::Allocate, MemoryEffects::Free>(e.getEffect()))
        continue;
      Value v = e.getValue();
      if (!v || !isa<MemRefType>(v.getType())) {
        acc.unknown = true;
        continue;
      }
      Value top = topLevelSource(v, phase, acc.unknown);
      if (!top)
        continue;
      acc.writes[top] |= isa<MemoryEffects::Write>(e.getEffect());
    }
  });
  return acc;
}

struct ParallelizePass : nnc::impl::ParallelizePassBase<ParallelizePass> {
  using ParallelizePassBase::ParallelizePassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    MLIRContext *ctx = &getContext();
    Location loc = func.getLoc();
    auto spmdArg = [&](Type type, StringRef role) {
      unsigned index = func.getNumArguments();
      auto attrs = DictionaryAttr::get(
          ctx, {NamedAttribute(StringAttr::get(ctx, "nnc.spmd"),
                               StringAttr::get(ctx, role))});
      (void)func.insertArgument(index, type, attrs, loc);
      return func.getArgument(index);
    };
    Value tid = spmdArg(IndexType::get(ctx), "thread");
    Value threads = spmdArg(IndexType::get(ctx), "threads");
    sync = spmdArg(LLVM::LLVMPointerType::get(ctx), "sync");

    // A side effect whose results are used later cannot move under
    // `if thread == 0`; such a function stays single-threaded.
    if (!func.getBody().hasOneBlock())
      return;
    Block &body = func.getBody().front();
    SmallVector<Operation *> ops;
    for (Operation &op : body.without_terminator()) {
      if (isMemoryEffectFree(&op))
        continue;
      if (!isThreadPartitionable(&op) && !op.use_empty())
        return;
      ops.push_back(&op);
    }

    IRRewriter rw(ctx);
    rw.setInsertionPointToStart(&body);
    zero = arith::ConstantIndexOp::create(rw, loc, 0);
    one = arith::ConstantIndexOp::create(rw, loc, 1);
    isFirst = arith::CmpIOp::create(rw, loc, arith::CmpIPredicate::eq, tid, zero);
    // Barriers run whenever a sync is given: with several threads, or with
    // one that the runtime profiles phase by phase.
    Value null = LLVM::ZeroOp::create(rw, loc, sync.getType());
    hasSync = LLVM::ICmpOp::create(rw, loc, LLVM::ICmpPredicate::ne, sync, null);
    int64_t work = 0;
    bool prevSerial = false, first = true;
    SmallVector<llvm::SetVector<StringAttr>> phases(1);
    // What the phases since the last barrier touch: a phase that touches
    // none of what they write, and writes none of what they read, runs on
    // without a barrier (e.g. the border fills of a padded buffer beside the
    // producer of its interior).
    SmallVector<std::pair<MemRegion, bool>> pending;
    bool pendingUnknown = false;
    for (Operation *op : ops) {
      bool serial = !isThreadPartitionable(op);
      PhaseAccesses acc = accessesOf(op);
      SmallVector<std::pair<MemRegion, bool>> touched;
      for (auto [value, written] : acc.writes) {
        MemRegion r = regionOf(value);
        if (isThreadScratch(r.root))
          continue;
        touched.push_back({std::move(r), written});
      }
      bool conflict = pendingUnknown || acc.unknown;
      for (auto &[p, pw] : pending)
        for (auto &[t, tw] : touched)
          conflict |= (pw || tw) && mayOverlap(p, t);
      if (!first && !(prevSerial && serial) && conflict) {
        barrier(rw, op);
        pending.clear();
        pendingUnknown = false;
        phases.emplace_back();
      }
      addNodeNames(op, phases.back());
      llvm::append_range(pending, touched);
      pendingUnknown |= acc.unknown;
      first = false;
      prevSerial = serial;
      if (serial) {
        rw.setInsertionPoint(op);
        auto ifOp = scf::IfOp::create(rw, op->getLoc(), isFirst);
        rw.moveOpBefore(op, ifOp.thenBlock()->getTerminator());
        continue;
      }
      int64_t w = estimateWork(op);
      work = work > INT64_MAX - w ? INT64_MAX : work + w;
      if (failed(partition(rw, op, tid, threads)))
        return signalPassFailure();
    }
    func->setAttr(nnc::kParallelWorkAttr, rw.getI64IntegerAttr(work));
    SmallVector<Attribute> labels;
    for (const llvm::SetVector<StringAttr> &names : phases)
      labels.push_back(rw.getStringAttr(phaseName(names)));
    func->setAttr(nnc::kPhasesAttr, rw.getArrayAttr(labels));
  }

  /// Adds the names of the model nodes `op` and its ops come from (NameLoc
  /// locations, e.g. ONNX node names) to `names`.
  static void addNodeNames(Operation *op, llvm::SetVector<StringAttr> &names) {
    op->walk([&](Operation *inner) {
      inner->getLoc()->walk([&](Location loc) {
        if (auto named = dyn_cast<NameLoc>(loc))
          names.insert(named.getName());
        return WalkResult::advance();
      });
    });
  }

  /// A phase's label: its first few node names.
  static std::string phaseName(const llvm::SetVector<StringAttr> &names) {
    constexpr size_t kShown = 3;
    std::string label;
    for (auto [i, name] : llvm::enumerate(names)) {
      if (i == kShown) {
        label += " (+" + std::to_string(names.size() - kShown) + " more)";
        break;
      }
      label += (i ? ", " : "") + name.str();
    }
    return label.empty() ? "(unnamed)" : label;
  }

  /// Each thread has its own scratch buffer: no other thread touches it.
  static bool isThreadScratch(Value root) {
    auto arg = dyn_cast_or_null<BlockArgument>(root);
    if (!arg)
      return false;
    return nnc::byteBufferName(cast<func::FuncOp>(arg.getOwner()->getParentOp()),
                               arg.getArgNumber()) == "thread_scratch";
  }

  /// `if (sync) sync->barrier(sync)` before `op`.
  void barrier(RewriterBase &rw, Operation *op) {
    Location loc = op->getLoc();
    rw.setInsertionPoint(op);
    auto ifOp = scf::IfOp::create(rw, loc, hasSync);
    rw.setInsertionPoint(ifOp.thenBlock()->getTerminator());
    auto ptr = LLVM::LLVMPointerType::get(rw.getContext());
    Value fn = LLVM::LoadOp::create(rw, loc, ptr, sync);
    auto fnTy = LLVM::LLVMFunctionType::get(
        LLVM::LLVMVoidType::get(rw.getContext()), {ptr});
    LLVM::CallOp::create(rw, loc, fnTy, ValueRange{fn, sync});
  }

  /// Replaces the loop `op` by this thread's contiguous chunk of its outer
  /// iterations: the outer dimensions (enough for kMinChunks chunks) are
  /// linearized and split, the inner ones stay a parallel loop inside.
  LogicalResult partition(RewriterBase &rw, Operation *op, Value tid,
                          Value threads) {
    auto par = dyn_cast<scf::ParallelOp>(op);
    if (auto forall = dyn_cast<scf::ForallOp>(op)) {
      rw.setInsertionPoint(forall);
      if (failed(scf::forallToParallelLoop(rw, forall, &par)))
        return forall.emitError("nnc-parallelize: cannot split this loop");
    }
    Location loc = par.getLoc();
    auto constants = [](ValueRange values) {
      return llvm::map_to_vector(values, [](Value v) {
        return *getConstantIntValue(v);
      });
    };
    SmallVector<int64_t> lbs = constants(par.getLowerBound()),
                         ubs = constants(par.getUpperBound()),
                         steps = constants(par.getStep());
    unsigned rank = lbs.size(), outer = 0;
    SmallVector<int64_t> trips;
    int64_t chunks = 1;
    for (unsigned i = 0; i < rank; ++i)
      trips.push_back(tripCount(lbs[i], ubs[i], steps[i]));
    while (outer < rank && chunks < kMinChunks)
      chunks = saturatingMul(chunks, trips[outer++]);

    rw.setInsertionPoint(par);
    auto c = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(rw, loc, v);
    };
    Value total = c(chunks);
    // per = ceil(total / threads); [begin, end) = this thread's chunk.
    Value per = arith::DivUIOp::create(
        rw, loc,
        arith::AddIOp::create(
            rw, loc, total, arith::SubIOp::create(rw, loc, threads, one)),
        threads);
    Value begin = arith::MinUIOp::create(
        rw, loc, arith::MulIOp::create(rw, loc, tid, per), total);
    Value end = arith::MinUIOp::create(
        rw, loc, arith::AddIOp::create(rw, loc, begin, per), total);
    auto chunk = scf::ForOp::create(rw, loc, begin, end, one);
    rw.setInsertionPointToStart(chunk.getBody());

    SmallVector<Value> ivs(rank);
    Value rest = chunk.getInductionVar();
    for (int j = outer - 1; j >= 0; --j) {
      Value digit = rest;
      if (j > 0) {
        digit = arith::RemUIOp::create(rw, loc, rest, c(trips[j]));
        rest = arith::DivUIOp::create(rw, loc, rest, c(trips[j]));
      }
      ivs[j] = arith::AddIOp::create(
          rw, loc, c(lbs[j]), arith::MulIOp::create(rw, loc, digit, c(steps[j])));
    }
    Block *dest = chunk.getBody();
    if (outer < rank) {
      auto inner = scf::ParallelOp::create(
          rw, loc, par.getLowerBound().drop_front(outer),
          par.getUpperBound().drop_front(outer),
          par.getStep().drop_front(outer));
      for (unsigned j = outer; j < rank; ++j)
        ivs[j] = inner.getInductionVars()[j - outer];
      dest = inner.getBody();
    }
    Operation *terminator = dest->getTerminator();
    rw.inlineBlockBefore(par.getBody(), terminator, ivs);
    rw.eraseOp(terminator->getPrevNode()); // The moved scf.reduce.
    rw.eraseOp(par);
    return success();
  }

  Value sync, zero, one, isFirst, hasSync;
};

} // namespace
