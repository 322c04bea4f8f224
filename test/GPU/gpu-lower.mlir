// RUN: nnc-opt %s -split-input-file -nnc-gpu-lower | FileCheck %s

// Dense + relu + softmax: the host is a launch list on the inputs, the
// outputs and views of the weights and workspace; each kernel is an NVVM
// function taking bare pointers.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: memref<2x8xf32> {nnc.name = "x"}, %[[Y:.*]]: memref<2x3xf32> {nnc.name = "y"}, %[[W:.*]]: memref<192xi8> {nnc.buffer = "weights"}, %[[WS:.*]]: memref<64xi8> {nnc.buffer = "workspace"})
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG: %[[WV:.*]] = memref.view %[[W]][%{{.*}}][] : memref<192xi8> to memref<3x8xf32>
// CHECK-DAG: %[[BV:.*]] = memref.view %[[W]][%[[C128]]][] : memref<192xi8> to memref<3xf32>
// CHECK: gpu.launch_func @nnc_kernels::@k0 blocks in ({{.*}}) threads in ({{.*}}) args(%[[BV]] : memref<3xf32>, %[[Y]] : memref<2x3xf32>)
// CHECK: gpu.launch_func @nnc_kernels::@k1 {{.*}} args(%[[X]] : memref<2x8xf32>, %[[WV]] : memref<3x8xf32>, %[[Y]] : memref<2x3xf32>)
// CHECK: %[[MAX:.*]] = memref.view %[[WS]]
// CHECK: gpu.launch_func @nnc_kernels::@k8
// CHECK-NOT: gpu.launch_func
// CHECK: return
// CHECK: gpu.module @nnc_kernels
// CHECK: llvm.func @k0(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {gpu.kernel, {{.*}}nvvm.kernel
// CHECK: nvvm.read.ptx.sreg.ctaid.x
// CHECK: nvvm.read.ptx.sreg.tid.x
// CHECK-NOT: math.
// CHECK-NOT: scf.
func.func @main(%x: tensor<2x8xf32> {nnc.name = "x"}) -> (tensor<2x3xf32> {nnc.name = "y"}) {
  %w = arith.constant dense<0.5> : tensor<3x8xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %d = nn.dense %x, %w, %b : (tensor<2x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %r = nn.relu %d : tensor<2x3xf32>
  %s = nn.softmax %r {axis = 1 : i64} : tensor<2x3xf32>
  return %s : tensor<2x3xf32>
}

// -----

// A padded convolution: the padded input lands in the workspace (k0-k3
// fill its border rows and columns, k4 copies the interior), the bias
// initializes the output (k5), the convolution reads the padded input (k6)
// with one thread per output element and the reduction as loops in the
// thread.
// CHECK-LABEL: func.func @main
// CHECK: gpu.launch_func @nnc_kernels::@k0
// CHECK: gpu.launch_func @nnc_kernels::@k4 {{.*}} threads in (%c192, %c1, %c1) args(%arg0 : memref<1x3x8x8xf32>
// CHECK: gpu.launch_func @nnc_kernels::@k6 blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%[[T:.*]], %{{.*}}, %{{.*}})
// CHECK-NOT: gpu.launch_func
// CHECK: llvm.func @k6
// CHECK-SAME: nvvm.maxntid = array<i32: 256, 1, 1>
// CHECK: llvm.cond_br
// CHECK: llvm.fmul
// CHECK: llvm.fadd
func.func @main(%x: tensor<1x3x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w = arith.constant dense<0.25> : tensor<4x3x3x3xf32>
  %b = arith.constant dense<1.0> : tensor<4xf32>
  %y = nn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

// Max pooling: a -inf fill and the pooling window as loops in each thread.
// CHECK-LABEL: func.func @main
// CHECK: gpu.launch_func
// CHECK: llvm.func
// CHECK: llvm.intr.maximum
func.func @main(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32> {
  %y = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x8x8xf32> -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Broadcasting add then relu fuse into one elementwise kernel of 24 threads.
// CHECK-LABEL: func.func @main
// CHECK-DAG: %[[C24:.*]] = arith.constant 24 : index
// CHECK: gpu.launch_func @nnc_kernels::@k0 blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%[[C24]], %{{.*}}, %{{.*}})
// CHECK-NOT: gpu.launch_func
// CHECK: llvm.func @k0
// CHECK: llvm.fadd
// CHECK: llvm.intr.maximum
func.func @main(%a: tensor<2x3x4xf32>, %b: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %s = nn.add %a, %b : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %r = nn.relu %s : tensor<2x3x4xf32>
  return %r : tensor<2x3x4xf32>
}
