// RUN: nnc-opt %s -split-input-file -pass-pipeline='builtin.module(gpu.module(nnc-gpu-expand-math))' | FileCheck %s

// Transcendental f32 math becomes arithmetic: no exp, log, tanh, erf or pow
// is left for convert-gpu-to-nvvm to turn into libdevice calls; what stays
// is one NVPTX instruction each (floor for the range reduction).
// CHECK-LABEL: gpu.func @transcendental
// CHECK-NOT: math.exp
// CHECK-NOT: math.log
// CHECK-NOT: math.tanh
// CHECK-NOT: math.erf
// CHECK-NOT: math.powf
// CHECK: math.floor
// CHECK: arith.bitcast
// CHECK-NOT: math.exp
// CHECK: gpu.return
gpu.module @kernels {
  gpu.func @transcendental(%a: memref<4xf32>) kernel {
    %t = gpu.thread_id x
    %v = memref.load %a[%t] : memref<4xf32>
    %e = math.exp %v : f32
    %l = math.log %e : f32
    %h = math.tanh %l : f32
    %r = math.erf %h : f32
    %p = math.powf %r, %v : f32
    memref.store %p, %a[%t] : memref<4xf32>
    gpu.return
  }
}

// -----

// Single-instruction math stays as it is.
// CHECK-LABEL: gpu.func @native
// CHECK: %[[S:.*]] = math.sqrt
// CHECK: %[[F:.*]] = math.floor %[[S]]
// CHECK: math.absf %[[F]]
gpu.module @kernels {
  gpu.func @native(%a: memref<4xf32>) kernel {
    %t = gpu.thread_id x
    %v = memref.load %a[%t] : memref<4xf32>
    %s = math.sqrt %v : f32
    %f = math.floor %s : f32
    %b = math.absf %f : f32
    memref.store %b, %a[%t] : memref<4xf32>
    gpu.return
  }
}
