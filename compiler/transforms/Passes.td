//===- Passes.td - nnc passes -------------------------------*- tablegen -*-===//
//
// Every pass nnc runs: graph cleanup on nn, the conversion to linalg, the
// tiling/fusion passes on linalg and the buffer-level planning passes.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_PASSES
#define NNC_PASSES

include "mlir/Pass/PassBase.td"

def InferenceCleanupPass : Pass<"nnc-inference-cleanup", "func::FuncOp"> {
  let summary = "Removes ops that are the identity at inference time";
  let description = [{
    Folds `nn.dropout` and `nn.identity` into their inputs and erases every
    op whose result is unused (dead-node removal: nn ops are pure).

    Before:
    ```mlir
    %d = nn.dropout %x {ratio = 5.0e-01 : f32} : tensor<1x512xf32>
    %y = nn.relu %d : tensor<1x512xf32>
    ```
    After:
    ```mlir
    %y = nn.relu %x : tensor<1x512xf32>
    ```
  }];
}

def FoldBatchNormPass : Pass<"nnc-fold-batch-norm", "func::FuncOp"> {
  let summary = "Folds inference batch norm into the preceding layer's weights";
  let description = [{
    `batch_norm(conv2d(x, W, b))` with constant parameters becomes
    `conv2d(x, W', b')` with `W'[f] = W[f] * s[f]` and
    `b'[f] = (b[f] - mean[f]) * s[f] + beta[f]`, where
    `s = scale / sqrt(var + epsilon)`; likewise after `conv_transpose2d`
    (scaling filter dimension 1) and `dense` (scaling weight rows). The
    layer's result must have no other user.

    Before:
    ```mlir
    %c = nn.conv2d %x, %w : (...) -> tensor<1x16x8x8xf32>
    %y = nn.batch_norm %c, %s, %b, %m, %v : tensor<1x16x8x8xf32>, tensor<16xf32> -> ...
    ```
    After:
    ```mlir
    %y = nn.conv2d %x, %w2, %b2 : (...) -> tensor<1x16x8x8xf32>
    ```
  }];
  let dependentDialects = ["arith::ArithDialect"];
}

def FoldConstantsPass : Pass<"nnc-fold-constants", "func::FuncOp"> {
  let summary = "Evaluates nn ops whose operands are all constants";
  let description = [{
    Computes, at compile time, data movement (transpose, reshape, flatten,
    slice, concat) and broadcasting arithmetic (add, sub, mul, div) on
    constant tensors: transposed Gemm weights, reshaped biases and
    alpha/beta-scaled constants then cost nothing at run time.

    Before:
    ```mlir
    %w = arith.constant dense<...> : tensor<4x3xf32>
    %t = nn.transpose %w {perm = array<i64: 1, 0>} : tensor<4x3xf32> -> tensor<3x4xf32>
    ```
    After:
    ```mlir
    %t = arith.constant dense_resource<folded> : tensor<3x4xf32>
    ```
  }];
  let options = [
    Option<"maxElements", "nnc-max-elements", "int64_t", "1 << 26",
           "Largest result (in elements) to fold">,
  ];
  let dependentDialects = ["arith::ArithDialect"];
}

def ConvertNNToLinalgPass : Pass<"nnc-convert-nn-to-linalg", "func::FuncOp"> {
  let summary = "Lowers nn ops to linalg, tensor and arith";
  let description = [{
    Convolutions, pooling and matrix products become linalg named ops
    (padding as `tensor.pad`, bias as the broadcast accumulator init);
    elementwise ops, softmax and batch norm become `linalg.generic`; shape
    ops become `tensor` reshapes and slices.

    Before:
    ```mlir
    %y = nn.relu %x : tensor<4xf32>
    ```
    After:
    ```mlir
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.generic {...} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
      ^bb0(%in: f32, %out: f32):
        %m = arith.maximumf %in, %cst : f32
        linalg.yield %m : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect",
                           "arith::ArithDialect", "math::MathDialect"];
}

def FuseElementwisePass : Pass<"nnc-fuse-elementwise", "func::FuncOp"> {
  let summary = "Fuses chains of elementwise linalg ops into one";
  let description = [{
    Merges a `linalg.generic` producer into its elementwise consumer when the
    consumer is its only user, so bias, activation and scaling run in one
    loop nest without intermediate tensors.

    Before: `generic(add bias) -> generic(relu)`.
    After: one `generic` computing `max(x + b, 0)`.
  }];
  let dependentDialects = ["linalg::LinalgDialect"];
}

def TileAndFusePass : Pass<"nnc-tile-and-fuse", "func::FuncOp"> {
  let summary = "Tiles compute roots and fuses producers and epilogues";
  let description = [{
    For each convolution, pooling or matrix product, tiles the last op of
    its elementwise epilogue chain (or the root itself) along the outer
    parallel dimensions with `scf.for`, and fuses the root, its
    accumulator initialization and its padding into the tile loop. A conv
    followed by bias and activation becomes one loop nest that computes an
    output tile and applies the epilogue while it is hot in cache.

    A pointwise convolution on image rows whose input only a depthwise
    convolution's group produces (an inverted residual block's projection)
    takes that group into its own and is tiled by bands of whole rows over
    all channels (the depthwise output of a band within 128 KiB): the
    depthwise layer runs band by band inside the pointwise layer's loop.

    Other pointwise convolutions with enough output channels for two tiles
    (and 128+ input channels when the result is padded for the next
    layer) are tiled by bands of whole rows (at least 256 pixels) with as
    many output channels as 1 MB of weights holds (fewer, not under 32, to
    make 4 tiles) and marked `nnc.panels`: nnc-vectorize-compute then runs
    them as packed input panels.

    Before: `linalg.conv_2d_nchw_fchw` then `linalg.generic` (relu).
    After: `scf.for` over output tiles, each running the conv on a slice
    and the relu on its result, then `tensor.insert_slice`.
  }];
  let options = [
    Option<"channelTile", "nnc-channel-tile", "int64_t", "8",
           "Output channels (or matrix columns) per tile; convolutions "
           "for the channel-vector kernel take 32">,
    Option<"rowTile", "nnc-row-tile", "int64_t", "4",
           "Output rows per tile">,
  ];
  let dependentDialects = ["linalg::LinalgDialect", "scf::SCFDialect",
                           "tensor::TensorDialect"];
}

def VectorizeComputePass : Pass<"nnc-vectorize-compute", "ModuleOp"> {
  let summary = "Register-tiled, vectorized convolutions, matrix products and reductions";
  let description = [{
    Replaces static f32 compute ops on buffers with register-tiled loops of
    vector ops (the kernels of Kernels.h); other ops are left for the loop
    lowering. A module pass: kernels add constant globals (packed weights,
    tables).

    - `linalg.conv_2d_nchw_fchw` 3x3, stride 1, with a constant filter, at
      least 16 output channels (a multiple of the vector width), 8 input
      channels and 16 output tiles (over the whole batch): Winograd
      F(4x4, 3x3), or F(2x2, 3x3) when only 2x2 tiles reach 16 (7x7
      images). The filter is transformed at compile time into a
      `[F/fw][a*a][C][fw]` global (`winograd_filter`, a = 6 or 4); an
      `scf.parallel` over input channels gathers each a x a input tile
      (vectors of tiles, offsets from a `winograd_tiles` table, lanes
      outside the input masked to zero) and stores `B^T d B` into an
      `[a*a][C][tiles]` buffer; an `scf.parallel` over blocks of output
      channels x chunks of tiles accumulates the products over input
      channels in registers (vectors of output channels, a broadcast per
      tile), stores them in a per-block scratch, and adds `A^T M A` of each
      tile into the output (transposed to one vector of outputs per
      channel, staged, added row by row, masked at the image edges).
      With 16 or more chunks of tiles, one `scf.parallel` over chunks runs
      each end to end (input transform into a per-chunk buffer, then all
      output-channel blocks). Where that order would stream the transformed
      filter once per chunk and the transformed input once per block from
      memory (small images in a batch), the products are staged: an
      `scf.parallel` over positions x blocks writes all of them into an
      `[F/fw][a*a][tiles][fw]` buffer, then another runs the output
      transforms.
    - `linalg.conv_2d_nchw_fchw` with a constant filter (or a tile of one
      along output channels), 32k output channels and strides or rows no
      multiple of 16 wide (stems, strided 3x3, 5x5 on 27-wide rows):
      output channels in the vector lanes. The filter is packed into
      `[F/pw][C*KH*KW][pw]` panels (`conv_channel_panels`, pw = nf
      vectors); a block of nf vectors x up to vl output columns runs one
      loop over the taps that loads nf weight vectors, the tap's input
      offset (`conv_tap_offsets`) and one input element per column,
      broadcast into nf FMAs. Finished blocks are transposed to one vector
      of columns per channel and added to the output rows.
    - `linalg.depthwise_conv_2d_nchw_chw` with rows wider than half a
      vector: per channel the weights broadcast once, blocks of output rows
      x vectors of columns, each input row segment loaded once per kernel
      column for every output row it feeds.
    - `linalg.pooling_nchw_max` / `pooling_nchw_sum`: the convolution loop
      nest as a depthwise convolution without weights, combining taps with
      `arith.maximumf` / `arith.addf`.
    - A pointwise (1x1, stride 1) convolution with contiguous rows runs over
      the flattened image (`[N, C, 1, H*W]` views); one whose input or
      output is a padded buffer's interior too, each vector split at row
      ends into up to three masked accesses. Marked `nnc.panels`, each
      48-pixel chunk of each block of input channels is first copied into
      an aligned 24 KiB panel that then feeds every block of output
      channels. Otherwise its blocks of input channels
      (as many as 96 KB of the row holds, at least 32) each run over every
      block of output channels before the next; each reduction step
      prefetches its input vectors 4 or more channels ahead.
    - `linalg.matmul` with a transposed right operand that is a constant
      global (dense layers): the weights packed at compile time into column
      panels (`dense_panels`, `[N/nw][K][nw]`), an `scf.parallel` over
      panels, blocks of rows x panel vectors in registers across K.
    - `linalg.matmul` with another transposed right operand: 4
      vector dot products along K per block, reduced horizontally at the end.
    - plain `linalg.matmul`: up to 4 rows x 2 vectors of columns accumulate
      broadcast(a[m, k]) * b[k, columns] over K.

    - Elementwise `linalg.generic` (parallel loops, arith/math payload),
      `linalg.copy` and `linalg.fill` whose operands read the output's
      innermost dimension contiguously, with a constant stride (shuffled
      loads for 2, gathers beyond) or not at all: an `scf.parallel`
      over the outer dimensions and vector chunks of the innermost one,
      the payload on vectors.
    - Reductions (`linalg.generic`, parallel loops first, the innermost
      loop a reduction along the inputs' contiguous rows, a lane-wise
      payload ending in one add / mul / max / min into the output): the
      innermost loop in vector chunks into a vector accumulator the outer
      reduction loops carry, one `vector.reduction` per output element.

    The direct, channel-vector and depthwise convolution kernels take in the fill of their
    accumulator buffer (bias broadcast or constant) just before them and
    the elementwise epilogue that alone reads it just after: registers
    start from the bias, and the epilogue runs on them before the store.

    Columns or K elements that do not fill a vector use masked loads and
    stores.

    Before: `linalg.conv_2d_nchw_fchw ins(%in, %w : memref<...>) outs(%out)`.
    After: `scf.for` nests of `vector.load`, `vector.broadcast`,
    `vector.fma` and `vector.store`.
  }];
  let options = [
    Option<"vectorWidth", "nnc-vector-width", "int64_t", "16",
           "f32 lanes per vector (16 for AVX-512, 8 for AVX2, 4 for NEON)">,
  ];
  let dependentDialects = ["vector::VectorDialect", "scf::SCFDialect",
                           "memref::MemRefDialect", "arith::ArithDialect"];
}

def BufferizePass : Pass<"nnc-bufferize", "ModuleOp"> {
  let summary = "One-shot bufferization configured for ahead-of-time code";
  let description = [{
    Runs one-shot module bufferization with identity layouts at function
    boundaries, emits every copy as `linalg.copy` (so it becomes loops, never
    a call into a runtime copy routine), turns returned buffers into
    trailing out-parameters of the (public) entry function, and writes
    statically shaped results straight into those parameters. Arguments with
    no elements become `memref<0xT>` (the bare-pointer ABI cannot pass a
    `memref<3x0x5xT>`), reshaped inside by `memref.reinterpret_cast`.
    A static `tensor.pad` becomes fills of its border slabs plus its
    source inserted at the interior, so the source's producer writes the
    padded buffer's interior once (not filled first, then overwritten).
    A tensor assembled by inserts into an empty tensor (a concatenation)
    and then inserted whole elsewhere has its parts inserted there
    directly, so their producers write the final buffer and no copy
    remains.

    Before:
    ```mlir
    func.func @main(%x: tensor<4xf32>) -> tensor<4xf32>
    ```
    After:
    ```mlir
    func.func @main(%x: memref<4xf32>, %out: memref<4xf32>)
    ```
  }];
  let dependentDialects = ["bufferization::BufferizationDialect",
                           "memref::MemRefDialect", "linalg::LinalgDialect"];
}

def ExpandVectorMathPass : Pass<"nnc-expand-vector-math"> {
  let summary = "Vector transcendentals as polynomial arithmetic";
  let description = [{
    Rewrites `math` ops whose result is a vector (exp, log, tanh, erf, sin,
    cos, atan, pow, ...) into polynomial approximations with range
    reduction, and the ops that expand into others (tanh, sinh, pow) in
    terms of exp and log first. LLVM's x86 and AArch64 backends lower a
    vector `llvm.exp` into one `expf` call per lane: a sigmoid over 1024
    values took 4.7 us that way. Scalar math ops are left to libm, and so
    are the ops a vector instruction does (ceil, round, fma, rsqrt, ...),
    which expanded would each become a dozen or more.

    Before:
    ```mlir
    %e = math.exp %x : vector<16xf32>
    ```
    After: a range reduction (`math.floor`) and a polynomial of `arith`
    ops on `vector<16xf32>`. The approximations clamp their inputs: exp
    saturates at exp(88.8) ~ 3.6e38 instead of overflowing to infinity.
  }];
  let dependentDialects = ["arith::ArithDialect", "math::MathDialect",
                           "vector::VectorDialect"];
}

def RelaxMinMaxPass : Pass<"nnc-relax-min-max"> {
  let summary = "Float max/min that may ignore the sign of zero";
  let description = [{
    Sets the no-signed-zeros flag on every `arith.maximumf` and
    `arith.minimumf`. Their exact semantics (-0.0 ordered below +0.0, NaN
    propagated) have no x86 instruction: LLVM expands each into six. With
    the flag a max of two variables is three instructions (max, unordered
    compare, masked move: NaN still propagates), and a max or min with a
    constant is one: ReLU is a single `vmaxps`, ReLU6 two. Max pooling
    over 2x2 windows ran about twice as fast. Only `max(-0.0, +0.0)` (and
    the min alike) may now return either zero.

    Before:
    ```mlir
    %r = arith.maximumf %x, %zero : vector<16xf32>
    ```
    After:
    ```mlir
    %r = arith.maximumf %x, %zero fastmath<nsz> : vector<16xf32>
    ```
  }];
  let dependentDialects = ["arith::ArithDialect"];
}

def ExternalizeWeightsPass : Pass<"nnc-externalize-weights", "ModuleOp"> {
  let summary = "Moves constant globals into one weights buffer argument";
  let description = [{
    Packs every constant `memref.global` read by the entry function into
    one 64-byte-aligned blob, recorded as the module attribute
    `nnc.weights`, and rewrites each `memref.get_global` into a
    `memref.view` of a new trailing `memref<Nxi8>` argument of the entry
    function. The runtime then maps the weights from the bundle instead of
    the code carrying them.

    Before:
    ```mlir
    memref.global "private" constant @w : memref<4xf32> = dense<...>
    func.func @main(%in: memref<4xf32>, %out: memref<4xf32>) {
      %0 = memref.get_global @w : memref<4xf32>
    ```
    After:
    ```mlir
    func.func @main(%in: memref<4xf32>, %out: memref<4xf32>, %weights: memref<16xi8>) {
      %0 = memref.view %weights[%c0][] : memref<16xi8> to memref<4xf32>
    ```
  }];
  let options = [
    Option<"entry", "nnc-entry", "std::string", "\"main\"",
           "Name of the entry function">,
  ];
  let dependentDialects = ["memref::MemRefDialect", "arith::ArithDialect"];
}

def PlanMemoryPass : Pass<"nnc-plan-memory", "func::FuncOp"> {
  let summary = "Assigns every buffer a static offset in one workspace";
  let description = [{
    Computes the live range of every `memref.alloc` in the function,
    packs them into one workspace by first-fit over offsets (buffers whose
    live ranges do not overlap share memory), and rewrites each allocation
    into a `memref.view` of a new trailing `memref<Sxi8>` argument. The size
    is recorded as the `nnc.workspace_size` attribute of the function, and
    deallocations are erased: a run then allocates nothing.

    Before:
    ```mlir
    %0 = memref.alloc() : memref<1x32x30x30xf32>
    ```
    After:
    ```mlir
    %0 = memref.view %workspace[%c0][] : memref<115200xi8> to memref<1x32x30x30xf32>
    ```
  }];
  let options = [
    Option<"threadPrivate", "nnc-thread-private", "bool", "false",
           "Give buffers used only inside one top-level independent loop "
           "their own region, `thread_scratch`, which each thread gets a "
           "copy of (for nnc-parallelize)">,
  ];
  let dependentDialects = ["memref::MemRefDialect", "arith::ArithDialect"];
}

def ParallelizePass : Pass<"nnc-parallelize", "func::FuncOp"> {
  let summary = "Makes the entry function SPMD: one call per thread";
  let description = [{
    Appends `thread`, `threads` (index) and `sync` (!llvm.ptr) arguments.
    Each top-level `scf.forall` / `scf.parallel` with static bounds becomes
    an `scf.for` over this thread's contiguous chunk of its outer
    iterations (linearized until there are at least 64), with the inner
    dimensions left as a parallel loop. Every other op with side effects
    runs under `scf.if thread == 0`. Before a phase (not both it and the
    one before serial) that touches memory an earlier phase since the last
    barrier writes, or writes memory such a phase reads, all threads meet
    at a barrier: when `sync` is not null (several threads, or one whose
    run the runtime profiles), the function pointer at the start of
    `*sync` is called with `sync`. Memory is traced from each access to the
    top-level memref it views: bytes of an argument (static `memref.view`
    offsets and layouts) and, for static subviews of one view, boxes of
    indices, so the border fills of a padded buffer and the producer of its
    interior share a phase. Each thread's scratch is its own; anything
    untraceable gets a barrier.
    `nnc.parallel_work` records the leaf-op executions of the split loops,
    which the code generator uses to decide whether threads pay, and
    `nnc.phases` names each phase (the code between barriers) by the model
    nodes (`NameLoc`s) of its ops, for profiles.

    A function with a side-effecting top-level op whose results are used
    later is left whole (every loop runs on one thread).

    Before:
    ```mlir
    scf.forall (%i) = (0) to (64) step (8) { ... }
    ```
    After:
    ```mlir
    %begin = ... %thread * ceil(8 / %threads) ...
    scf.for %c = %begin to %end step %c1 { %i = %c * 8 ... }
    scf.if %has_sync { llvm.call %barrier(%sync) }
    ```
  }];
  let dependentDialects = ["scf::SCFDialect", "arith::ArithDialect",
                           "LLVM::LLVMDialect"];
}

#endif // NNC_PASSES
