// RUN: nnc-opt %s -split-input-file -nnc-gpu-launch-list -verify-diagnostics

module attributes {gpu.container_module} {
  gpu.module @nnc_kernels {
    gpu.func @k(%a: memref<4xf32>) kernel { gpu.return }
  }
  func.func @main(%x: memref<4xf32>, %y: memref<4xf32>) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{nnc-gpu-launch-list: 'memref.load' is left on the host; the host side of a CUDA model may only launch kernels on views of its buffers}}
    %v = memref.load %x[%c0] : memref<4xf32>
    return
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @nnc_kernels {
    gpu.func @k(%a: memref<4xf32>) kernel { gpu.return }
  }
  func.func @main(%ws: memref<64xi8> {nnc.buffer = "workspace"}, %off: index) {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{nnc-gpu-launch-list: memref.view at a run-time offset or size cannot be a launch argument}}
    %v = memref.view %ws[%off][] : memref<64xi8> to memref<4xf32>
    gpu.launch_func @nnc_kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%v : memref<4xf32>)
    return
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @nnc_kernels {
    gpu.func @k(%a: memref<4xf32>) kernel { gpu.return }
  }
  func.func @main(%x: memref<4xf32>, %n: index) {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{nnc-gpu-launch-list: grid and block sizes must be positive constants}}
    gpu.launch_func @nnc_kernels::@k blocks in (%n, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<4xf32>)
    return
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @nnc_kernels {
    gpu.func @k(%a: memref<4xf32>, %s: f32) kernel { gpu.return }
  }
  func.func @main(%x: memref<4xf32>, %s: f32) {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{nnc-gpu-launch-list: argument 1 of type 'f32' is not a constant i32, i64, index, f32 or f64}}
    gpu.launch_func @nnc_kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<4xf32>, %s : f32)
    return
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @nnc_kernels {
    gpu.func @k(%a: memref<?xf32>) kernel { gpu.return }
  }
  func.func @main(%x: memref<?xf32>) {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{nnc-gpu-launch-list: argument 0 has type 'memref<?xf32>'; kernels take memrefs of static shape and layout}}
    gpu.launch_func @nnc_kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @nnc_kernels {
    gpu.func @k(%a: memref<4xf32>) kernel { gpu.return }
  }
  func.func @main(%x: memref<4xf32>) {
    %c1 = arith.constant 1 : index
    // expected-error @+1 {{nnc-gpu-launch-list: 'memref.alloc' is left on the host}}
    %a = memref.alloc() : memref<4xf32>
    gpu.launch_func @nnc_kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
    return
  }
}
