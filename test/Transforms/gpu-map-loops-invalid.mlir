// RUN: nnc-opt %s -split-input-file -nnc-gpu-map-loops -verify-diagnostics

func.func @dynamic_bounds(%b: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = arith.constant 1.0 : f32
  // expected-error @+1 {{nnc-gpu-map-loops: loop bounds and steps must be constants}}
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %f, %b[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// -----

func.func @host_scalar(%a: memref<f32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  // expected-error @+1 {{nnc-gpu-map-loops: 'memref.load' computes a scalar on the host for later kernels; the CUDA target runs no host code (only launches, constants and views)}}
  %s = memref.load %a[] : memref<f32>
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    memref.store %s, %b[%i] : memref<4xf32>
    scf.reduce
  }
  return
}
