// RUN: nnc-opt %s -split-input-file -nnc-vectorize-compute | FileCheck %s

// 8 output channels x 2 vectors of 16 columns: 16 accumulators carried
// through the channel, kernel-row and kernel-column loops.
// CHECK-LABEL: func.func @conv_stride1
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: scf.for %[[X:.*]] = %{{.*}} to %{{.*}} step %c32
// CHECK-COUNT-16: vector.load %{{.*}} : memref<1x8x4x32xf32>, vector<16xf32>
// CHECK: scf.for {{.*}} iter_args(
// CHECK: scf.for {{.*}} iter_args(
// CHECK: scf.for {{.*}} iter_args(
// CHECK-COUNT-2: vector.load %{{.*}} : memref<1x3x6x34xf32>, vector<16xf32>
// CHECK: memref.load %{{.*}} : memref<8x3x3x3xf32>
// CHECK: vector.broadcast
// CHECK-COUNT-2: vector.fma
// CHECK-COUNT-16: vector.store %{{.*}} : memref<1x8x4x32xf32>, vector<16xf32>
func.func @conv_stride1(%in: memref<1x3x6x34xf32>, %w: memref<8x3x3x3xf32>, %out: memref<1x8x4x32xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x3x6x34xf32>, memref<8x3x3x3xf32>) outs(%out : memref<1x8x4x32xf32>)
  return
}

// -----

// Stride 2 de-interleaves two loads; 7 columns leave a masked tail, and the
// second half-load is not needed (2 * 6 + 1 = 13 columns fit one vector).
// CHECK-LABEL: func.func @conv_stride2_tail
// CHECK: vector.constant_mask [7] : vector<16xi1>
// CHECK: vector.maskedload %{{.*}} : memref<1x4x2x7xf32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK: vector.constant_mask [13] : vector<16xi1>
// CHECK: vector.maskedload %{{.*}} : memref<1x2x7x15xf32>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]
// CHECK: vector.fma
// CHECK: vector.maskedstore %{{.*}} : memref<1x4x2x7xf32>, vector<16xi1>, vector<16xf32>
func.func @conv_stride2_tail(%in: memref<1x2x7x15xf32>, %w: memref<4x2x3x3xf32>, %out: memref<1x4x2x7xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
    ins(%in, %w : memref<1x2x7x15xf32>, memref<4x2x3x3xf32>) outs(%out : memref<1x4x2x7xf32>)
  return
}

// -----

// Grouped (depthwise) convolution: a group loop, one channel per block.
// CHECK-LABEL: func.func @conv_depthwise
// CHECK-NOT: linalg.conv_2d_ngchw_gfchw
// CHECK: vector.load %{{.*}} : memref<1x4x1x1x16xf32>, vector<16xf32>
// CHECK: memref.load %{{.*}} : memref<4x1x1x3x3xf32>
// CHECK: vector.fma
func.func @conv_depthwise(%in: memref<1x4x1x3x18xf32>, %w: memref<4x1x1x3x3xf32>, %out: memref<1x4x1x1x16xf32>) {
  linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x4x1x3x18xf32>, memref<4x1x1x3x3xf32>) outs(%out : memref<1x4x1x1x16xf32>)
  return
}

// -----

// Width stride 3 and tensors are left to the loop lowering.
// CHECK-LABEL: func.func @conv_stride3_kept
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-NOT: vector.
func.func @conv_stride3_kept(%in: memref<1x1x3x7xf32>, %w: memref<1x1x3x3xf32>, %out: memref<1x1x1x2xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<3> : vector<2xi64>}
    ins(%in, %w : memref<1x1x3x7xf32>, memref<1x1x3x3xf32>) outs(%out : memref<1x1x1x2xf32>)
  return
}

// -----

// Dense (transposed right operand): 4 dot products along K in registers,
// a masked tail of K, then a horizontal reduction into each output.
// CHECK-LABEL: func.func @dense
// CHECK-NOT: linalg.matmul
// CHECK: %[[ACC:.*]]:4 = scf.for {{.*}} step %c16 iter_args(
// CHECK: vector.load %{{.*}} : memref<2x40xf32>, vector<16xf32>
// CHECK-COUNT-4: vector.fma
// CHECK: vector.constant_mask [8]
// CHECK: vector.reduction <add>
// CHECK: arith.addf
// CHECK: memref.store
func.func @dense(%x: memref<2x40xf32>, %w: memref<8x40xf32>, %out: memref<2x8xf32>) {
  linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
    ins(%x, %w : memref<2x40xf32>, memref<8x40xf32>) outs(%out : memref<2x8xf32>)
  return
}

// -----

// Plain product: 4 rows x 2 vectors of columns accumulate broadcast(a) * b.
// CHECK-LABEL: func.func @matmul_plain
// CHECK: scf.for {{.*}} iter_args(
// CHECK-COUNT-2: vector.load %{{.*}} : memref<5x32xf32>, vector<16xf32>
// CHECK: vector.broadcast
// CHECK-COUNT-2: vector.fma
// CHECK-COUNT-8: vector.store %{{.*}} : memref<4x32xf32>, vector<16xf32>
func.func @matmul_plain(%a: memref<4x5xf32>, %b: memref<5x32xf32>, %out: memref<4x32xf32>) {
  linalg.matmul ins(%a, %b : memref<4x5xf32>, memref<5x32xf32>) outs(%out : memref<4x32xf32>)
  return
}
