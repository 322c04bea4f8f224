//===- GpuPasses.td - nnc passes of the CUDA target ---------*- tablegen -*-===//
//
// The passes between planned buffers and NVVM: loops onto a grid, f32 math
// that needs no libdevice, and the check that the host is a launch list.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_GPU_PASSES
#define NNC_GPU_PASSES

include "mlir/Pass/PassBase.td"

def GpuMapLoopsPass : Pass<"nnc-gpu-map-loops", "func::FuncOp"> {
  let summary = "Maps each top-level loop nest onto a 1-D grid of GPU threads";
  let description = [{
    Every top-level `scf.parallel` (one per linalg op after
    `convert-linalg-to-parallel-loops`) becomes a `gpu.launch` with one
    thread per iteration: the iteration space is linearized, cut into blocks
    of `nnc-block-size` threads, and each thread recovers its indices by
    division and remainder. Threads past the end of a partial last block do
    nothing. Reduction dimensions stay sequential `scf.for` loops inside the
    thread. Any other top-level op with memory effects (a lone `scf.for`, a
    store) runs in a launch of one thread. Constants and views stay on the
    host. Each launch names its kernel `k<N>_<node>` after the ONNX node it
    came from, in one `gpu.module @nnc_kernels`.

    Before:
    ```mlir
    scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c300) step (%c1, %c1) {
      ...
    }
    ```
    After:
    ```mlir
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c5, ...) threads(%tx, ...)
        in (%nx = %c256, ...) {
      // %lin = %bx * 256 + %tx; %i = %lin / 300; %j = %lin % 300
      ...
    }
    ```
  }];
  let options = [
    Option<"blockSize", "nnc-block-size", "int64_t", "256",
           "Threads per block">,
  ];
  let dependentDialects = ["gpu::GPUDialect", "arith::ArithDialect",
                           "scf::SCFDialect"];
}

def GpuExpandMathPass : Pass<"nnc-gpu-expand-math"> {
  let summary = "Expands math ops into arithmetic so kernels need no libdevice";
  let description = [{
    `convert-gpu-to-nvvm` turns every `math` op into a call to CUDA's
    libdevice (`__nv_expf`, ...), which nnc does not link. This pass
    rewrites the transcendental f32 ops (exp, log, tanh, erf, sin, cos,
    atan, pow, ...) into polynomial approximations and other ops into
    simpler ones (tanh, sinh and pow in terms of exp and log). The ops that
    remain (sqrt, abs, floor, ceil, fma, ...) are single NVPTX instructions,
    which the CUDA code generator provides for the libdevice names.

    Before:
    ```mlir
    %e = math.exp %x : f32
    ```
    After: a range reduction and a polynomial of `arith` ops, with
    `math.fma`/`math.floor`.
  }];
  let dependentDialects = ["arith::ArithDialect", "math::MathDialect",
                           "vector::VectorDialect"];
}

def GpuLaunchListPass : Pass<"nnc-gpu-launch-list", "ModuleOp"> {
  let summary = "Checks that the entry function is a static list of launches";
  let description = [{
    After kernel outlining the entry function must be a list the runtime
    can replay without host code: `gpu.launch_func` ops with constant grid
    and block sizes, whose arguments are constants or views at constant
    byte offsets of an input, an output, the weights or the workspace
    (`memref.view`, `memref.subview`, reshapes, casts). Anything else left
    on the host (a loop, a load, a view at a run-time offset) is an error
    naming the op. The pass changes nothing; `nnc compile --target=cuda`
    records the list in the bundle.
  }];
}

def GpuLaunchToLoopsPass : Pass<"nnc-gpu-launch-to-loops", "func::FuncOp"> {
  let summary = "Runs each gpu.launch as host loops over its blocks and threads";
  let description = [{
    For testing the CUDA target without a GPU: a `gpu.launch` becomes an
    `scf.parallel` over grid x block with the block and thread ids as its
    induction variables, so the CPU pipeline runs exactly the kernels'
    index arithmetic, guards and expanded math (`nnc compile
    --gpu-emulate`). Kernels use no shared memory or barriers, so running
    the threads one after another is exact.

    Before:
    ```mlir
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c5, ...) threads(%tx, ...)
        in (%nx = %c256, ...) { ... gpu.terminator }
    ```
    After:
    ```mlir
    scf.parallel (%bx, %by, %bz, %tx, %ty, %tz) = (%c0, ...) to (%c5, ...,
        %c256, ...) step (%c1, ...) { ... }
    ```
  }];
  let dependentDialects = ["scf::SCFDialect", "arith::ArithDialect"];
}

#endif // NNC_GPU_PASSES
