// RUN: nnc-opt %s -split-input-file -nnc-vectorize-compute | FileCheck %s
// RUN: nnc-opt %s -split-input-file -nnc-vectorize-compute | FileCheck %s --check-prefix=LOADS

// The cycle model picks 8 output channels x 2 rows x 1 vector of 16
// columns: 16 accumulators carried through the channel and kernel-row
// loops, 2 input loads and 8 weight broadcasts per tap; the 3 kernel
// columns are unrolled (3 taps x 8 channels x 2 rows = 48 FMAs per kernel
// row).
// CHECK-LABEL: func.func @conv_stride1
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c2
// CHECK: scf.for %[[X:.*]] = %{{.*}} to %{{.*}} step %c16
// CHECK-COUNT-16: vector.load %{{.*}} : memref<1x8x4x32xf32>, vector<16xf32>
// CHECK: scf.for {{.*}} iter_args(
// CHECK: scf.for {{.*}} iter_args(
// CHECK-COUNT-2: vector.load %{{.*}} : memref<1x3x6x34xf32>, vector<16xf32>
// CHECK: memref.load %{{.*}} : memref<8x3x3x3xf32>
// CHECK: vector.broadcast
// CHECK-COUNT-48: vector.fma
// CHECK: scf.yield
// CHECK-COUNT-16: vector.store %{{.*}} : memref<1x8x4x32xf32>, vector<16xf32>
func.func @conv_stride1(%in: memref<1x3x6x34xf32>, %w: memref<8x3x3x3xf32>, %out: memref<1x8x4x32xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x3x6x34xf32>, memref<8x3x3x3xf32>) outs(%out : memref<1x8x4x32xf32>)
  return
}

// -----

// 7-wide output rows fill 7 of 16 lanes, so each vector packs 2 rows: row 1
// is shuffled into lanes 7-13 on the way in and back to 0-6 on the way
// out. 7 rows make 4 vectors per channel; 8 channels x 3 vectors fit the
// accumulator budget (24), the last vector (row 6 alone) is a block of its
// own.
// CHECK-LABEL: func.func @conv_packed_rows
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: vector.maskedload %{{.*}} : memref<1x8x7x7xf32>
// CHECK: vector.maskedload %{{.*}} : memref<1x8x7x7xf32>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 4, 5, 6, 16, 17, 18, 19, 20, 21, 22, 14, 15]
// CHECK: scf.for {{.*}} iter_args(
// CHECK: vector.maskedload %{{.*}} : memref<1x4x9x9xf32>
// CHECK: vector.maskedload %{{.*}} : memref<1x4x9x9xf32>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 4, 5, 6, 16, 17, 18, 19, 20, 21, 22, 14, 15]
// CHECK-COUNT-24: vector.fma
// CHECK: vector.maskedstore %{{.*}} : memref<1x8x7x7xf32>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0]
// CHECK: vector.maskedstore %{{.*}} : memref<1x8x7x7xf32>
// CHECK: scf.for {{.*}} iter_args(
// CHECK-COUNT-8: vector.fma
func.func @conv_packed_rows(%in: memref<1x4x9x9xf32>, %w: memref<8x4x3x3xf32>, %out: memref<1x8x7x7xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x4x9x9xf32>, memref<8x4x3x3xf32>) outs(%out : memref<1x8x7x7xf32>)
  return
}

// -----

// 8-wide rows fill exactly half a vector: a group of 2 rows is read as two
// plain 8-float loads joined by one shuffle (no masked full-width loads),
// for the accumulators read back from the output as for the input taps.
// CHECK-LABEL: func.func @conv_packed_rows_exact
// CHECK-NOT: vector.maskedload
// CHECK: %[[O0:.*]] = vector.load %{{.*}} : memref<1x8x8x8xf32>, vector<8xf32>
// CHECK: %[[O1:.*]] = vector.load %{{.*}} : memref<1x8x8x8xf32>, vector<8xf32>
// CHECK: vector.shuffle %[[O0]], %[[O1]] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] : vector<8xf32>, vector<8xf32>
// CHECK: scf.for {{.*}} iter_args(
// CHECK-NOT: vector.maskedload
// CHECK: %[[I0:.*]] = vector.load %{{.*}} : memref<1x2x10x10xf32>, vector<8xf32>
// CHECK: %[[I1:.*]] = vector.load %{{.*}} : memref<1x2x10x10xf32>, vector<8xf32>
// CHECK: vector.shuffle %[[I0]], %[[I1]] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
// CHECK-COUNT-2: vector.load %{{.*}} : memref<1x2x10x10xf32>, vector<8xf32>
// CHECK: vector.shuffle
// CHECK-COUNT-2: vector.load %{{.*}} : memref<1x2x10x10xf32>, vector<8xf32>
// CHECK: vector.shuffle
// CHECK-COUNT-24: vector.fma
func.func @conv_packed_rows_exact(%in: memref<1x2x10x10xf32>, %w: memref<8x2x3x3xf32>, %out: memref<1x8x8x8xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x2x10x10xf32>, memref<8x2x3x3xf32>) outs(%out : memref<1x8x8x8xf32>)
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

// Grouped (depthwise) convolution: a group loop, one channel per block, so
// the block spans 2 output rows instead (both rows' input loaded per tap).
// CHECK-LABEL: func.func @conv_depthwise
// CHECK-NOT: linalg.conv_2d_ngchw_gfchw
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c2
// CHECK-COUNT-2: vector.load %{{.*}} : memref<1x4x1x2x16xf32>, vector<16xf32>
// CHECK-COUNT-2: vector.load %{{.*}} : memref<1x4x1x4x18xf32>, vector<16xf32>
// CHECK: memref.load %{{.*}} : memref<4x1x1x3x3xf32>
// CHECK-COUNT-2: vector.fma
func.func @conv_depthwise(%in: memref<1x4x1x4x18xf32>, %w: memref<4x1x1x3x3xf32>, %out: memref<1x4x1x2x16xf32>) {
  linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x4x1x4x18xf32>, memref<4x1x1x3x3xf32>) outs(%out : memref<1x4x1x2x16xf32>)
  return
}

// -----

// Wider strides gather every third column.
// CHECK-LABEL: func.func @conv_stride3_gather
// CHECK: arith.constant dense<[0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45]> : vector<16xi32>
// CHECK: vector.gather
// CHECK: vector.fma
func.func @conv_stride3_gather(%in: memref<1x1x3x7xf32>, %w: memref<1x1x3x3xf32>, %out: memref<1x1x1x2xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<3> : vector<2xi64>}
    ins(%in, %w : memref<1x1x3x7xf32>, memref<1x1x3x3xf32>) outs(%out : memref<1x1x1x2xf32>)
  return
}

// -----

// Tensors (before bufferization) are left alone.
// CHECK-LABEL: func.func @conv_tensor_kept
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-NOT: vector.
func.func @conv_tensor_kept(%in: tensor<1x1x3x7xf32>, %w: tensor<1x1x3x3xf32>, %out: tensor<1x1x1x5xf32>) -> tensor<1x1x1x5xf32> {
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : tensor<1x1x3x7xf32>, tensor<1x1x3x3xf32>) outs(%out : tensor<1x1x1x5xf32>) -> tensor<1x1x1x5xf32>
  return %y : tensor<1x1x1x5xf32>
}

// -----

// Input channels are blocked so that a block's rows stay within 96 KB (and
// at least 32 channels): the 64 channels of 512-wide rows (2 KB each) go in
// two passes of 32 over the whole row, the accumulators through the output
// in between.
// CHECK-LABEL: func.func @conv_channel_blocks
// CHECK: scf.for %[[CB:[^ ]*]] = %{{[^ ]*}} to %c64 step %c32
// CHECK: vector.load %{{.*}} : memref<1x8x1x512xf32>
// CHECK: scf.for %[[CI:[^ ]*]] = %{{[^ ]*}} to %c32{{[_0-9]*}} step %c1{{[_0-9]*}} iter_args(
// CHECK: arith.addi %[[CB]], %[[CI]]
// CHECK: vector.fma
// CHECK: vector.store %{{.*}} : memref<1x8x1x512xf32>
func.func @conv_channel_blocks(%in: memref<1x64x1x512xf32>, %w: memref<8x64x1x1xf32>, %out: memref<1x8x1x512xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x64x1x512xf32>, memref<8x64x1x1xf32>) outs(%out : memref<1x8x1x512xf32>)
  return
}

// -----

// Short rows take all their input channels in one pass (64 rows of 16 are
// 4 KB): no accumulators through the output.
// CHECK-LABEL: func.func @conv_short_rows_one_pass
// CHECK-NOT: step %c32
// CHECK: scf.for {{.*}} to %c64{{[_0-9]*}} step %c1{{[_0-9]*}} iter_args(
// CHECK-COUNT-8: vector.fma
// CHECK-NOT: vector.load %{{.*}} : memref<1x8x1x16xf32>
// CHECK: vector.store %{{.*}} : memref<1x8x1x16xf32>
func.func @conv_short_rows_one_pass(%in: memref<1x64x1x16xf32>, %w: memref<8x64x1x1xf32>, %out: memref<1x8x1x16xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x64x1x16xf32>, memref<8x64x1x1xf32>) outs(%out : memref<1x8x1x16xf32>)
  return
}

// -----

// A pointwise conv whose output is a padded buffer's interior (rows of 24
// at a stride of 26) still runs over the flattened image: each vector of
// outputs is split at its row's end, the lanes left in the row at
// (row, col) and the others through a column index that runs back from the
// next row's start, two masked accesses. The 64 input channels of 480
// pixels go in blocks of 32, each over both blocks of 8 output channels
// before the next block, so that a block's input streams from memory once.
// CHECK-LABEL: func.func @conv_pointwise_split_rows
// CHECK: memref.collapse_shape %{{.*}} : memref<1x64x20x24xf32> into memref<1x64x480xf32>
// CHECK: scf.for %[[CB:[^ ]*]] = %{{[^ ]*}} to %c64 step %c32
// CHECK-NOT: scf.for
// CHECK: scf.for %[[F:[^ ]*]] = %{{[^ ]*}} to %c16 step %c8
// CHECK: %[[ROW:.*]] = arith.divui %[[P:[^ ]*]], %c24
// CHECK: %[[COL:.*]] = arith.remui %[[P]], %c24
// CHECK: %[[COL32:.*]] = arith.index_cast %[[COL]] : index to i32
// CHECK: %[[START:.*]] = arith.subi %c0_i32{{[_0-9]*}}, %[[COL32]] : i32
// CHECK: %[[END:.*]] = arith.subi %c24_i32{{[_0-9]*}}, %[[COL32]] : i32
// CHECK: %[[ENDV:.*]] = vector.broadcast %[[END]] : i32 to vector<16xi32>
// CHECK: %[[FIRST:.*]] = arith.cmpi slt, %[[IOTA:[^ ]*]], %[[ENDV]] : vector<16xi32>
// CHECK: %[[SECONDEND:.*]] = arith.cmpi slt, %[[IOTA]], %{{[^ ]*}} : vector<16xi32>
// CHECK: %[[SECONDSTART:.*]] = arith.cmpi sge, %[[IOTA]], %[[ENDV]] : vector<16xi32>
// CHECK: %[[SECOND:.*]] = arith.andi %[[SECONDEND]], %[[SECONDSTART]]
// CHECK: %[[NEXT:.*]] = arith.minui %{{.*}}, %c19
// CHECK: %[[BACK:.*]] = arith.subi %[[COL]], %c24
// CHECK: %[[LO:.*]] = vector.maskedload %arg2[%{{[^ ]*}}, %[[F]], %[[ROW]], %[[COL]]], %[[FIRST]]
// CHECK: vector.maskedload %arg2[%{{[^ ]*}}, %[[F]], %[[NEXT]], %[[BACK]]], %[[SECOND]], %[[LO]]
// CHECK: scf.for {{.*}} to %c32{{[_0-9]*}} step %c1{{[_0-9]*}} iter_args(
// CHECK: vector.fma
// CHECK: vector.maskedstore %arg2[%{{[^ ]*}}, %[[F]], %{{[^ ]*}}, %{{[^ ]*}}], %{{[^ ]*}}, %{{[^ ]*}} : memref<1x16x20x24xf32, strided<[14872, 572, 26, 1], offset: 27>>
// CHECK-NEXT: vector.maskedstore %arg2
func.func @conv_pointwise_split_rows(%in: memref<1x64x20x24xf32>, %w: memref<16x64x1x1xf32>, %out: memref<1x16x20x24xf32, strided<[14872, 572, 26, 1], offset: 27>>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x64x20x24xf32>, memref<16x64x1x1xf32>) outs(%out : memref<1x16x20x24xf32, strided<[14872, 572, 26, 1], offset: 27>>)
  return
}

// -----

// Rows of 12 (at least half a vector): a vector of 16 flat outputs touches
// up to three rows, three masked stores.
// CHECK-LABEL: func.func @conv_pointwise_split_short_rows
// CHECK: vector.maskedstore %arg2[%{{[^ ]*}}, %{{[^ ]*}}, %[[R0:[^ ]*]], %[[C0:[^ ]*]]]
// CHECK-NEXT: vector.maskedstore %arg2[%{{[^ ]*}}, %{{[^ ]*}}, %[[R1:[^ ]*]], %[[C1:[^ ]*]]]
// CHECK-NEXT: vector.maskedstore %arg2[%{{[^ ]*}}, %{{[^ ]*}}, %[[R2:[^ ]*]], %[[C2:[^ ]*]]]
// CHECK-NOT: vector.maskedstore %arg2[%{{[^ ]*}}, %{{[^ ]*}}, %[[R2]]
func.func @conv_pointwise_split_short_rows(%in: memref<1x8x3x12xf32>, %w: memref<8x8x1x1xf32>, %out: memref<1x8x3x12xf32, strided<[560, 70, 14, 1], offset: 15>>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x8x3x12xf32>, memref<8x8x1x1xf32>) outs(%out : memref<1x8x3x12xf32, strided<[560, 70, 14, 1], offset: 15>>)
  return
}

// -----

// A 3x3 stride-1 conv with a constant filter and 2 x 4 x 3 = 24 output
// tiles runs as Winograd F(4x4, 3x3): the filter becomes a [F/16][36][C][16]
// global, an scf.parallel over input channels gathers 36 vectors of tiles
// (masked at the input's edges) and stores them transformed, and an
// scf.parallel over channel blocks x tile chunks carries all 24 tiles x 1
// vector of output channels (24 accumulators) through the input channels, then
// transposes each tile's 16 outputs per channel, stages them, and adds them,
// masked, into the output rows in a loop over rows and channels.
// CHECK: memref.global "private" constant @winograd_tiles : memref<3x32xi32>
// CHECK: memref.global "private" constant @winograd_filter : memref<1x36x8x16xf32>
// CHECK-LABEL: func.func @conv_winograd
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: %[[U:.*]] = memref.get_global @winograd_filter
// CHECK: %[[V:.*]] = memref.alloc() {alignment = 64 : i64} : memref<36x8x32xf32>
// CHECK: scf.parallel (%[[C:.*]]) = (%{{.*}}) to (%{{.*}})
// CHECK-COUNT-36: vector.gather %{{.*}}[%{{.*}}, %[[C]], %{{.*}}, %{{.*}}] [%{{.*}}], %{{.*}}, %{{.*}} : memref<2x8x15x13xf32>
// CHECK-COUNT-36: vector.store %{{.*}}, %[[V]][%{{.*}}, %[[C]], %{{.*}}] : memref<36x8x32xf32>, vector<16xf32>
// CHECK: scf.parallel (%[[FB:.*]], %{{.*}}) =
// CHECK: %[[M:.*]] = memref.alloc() {alignment = 64 : i64} : memref<36x24x16xf32>
// CHECK: %[[STAGED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<16x16xf32>
// CHECK: scf.for {{.*}} iter_args(
// CHECK: vector.load %[[U]][%[[FB]], %{{.*}}, %{{.*}}, %{{.*}}] : memref<1x36x8x16xf32>, vector<16xf32>
// CHECK-COUNT-24: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
// CHECK-COUNT-24: vector.store %{{.*}}, %[[M]]
// CHECK: scf.if
// CHECK: vector.transpose %{{.*}}, [1, 0] : vector<16x16xf32> to vector<16x16xf32>
// CHECK-COUNT-16: vector.store %{{.*}}, %[[STAGED]][%{{.*}}, %{{.*}}] : memref<16x16xf32>, vector<16xf32>
// CHECK: scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step
// CHECK: scf.for %[[CH:.*]] =
// CHECK: vector.load %[[STAGED]][%[[CH]], %{{.*}}] : memref<16x16xf32>, vector<4xf32>
// CHECK: vector.maskedload %{{.*}} : memref<2x16x13x11xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
// CHECK: arith.addf
// CHECK: vector.maskedstore %{{.*}} : memref<2x16x13x11xf32>, vector<4xi1>, vector<4xf32>
memref.global "private" constant @w : memref<16x8x3x3xf32> = dense<0.5> {alignment = 64 : i64}
func.func @conv_winograd(%in: memref<2x8x15x13xf32>, %out: memref<2x16x13x11xf32>) {
  %w = memref.get_global @w : memref<16x8x3x3xf32>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<2x8x15x13xf32>, memref<16x8x3x3xf32>) outs(%out : memref<2x16x13x11xf32>)
  return
}

// -----

// A 7x7 output has only 4 tiles of 4x4 but 16 of 2x2: Winograd F(2x2, 3x3),
// 16 positions per 4x4 input tile, 4 outputs per tile and channel.
// CHECK: memref.global "private" constant @winograd_filter : memref<1x16x8x16xf32>
// CHECK-LABEL: func.func @conv_winograd_f2
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<16x8x16xf32>
// CHECK-COUNT-16: vector.gather
// CHECK-NOT: vector.gather
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<16x16x16xf32>
// CHECK-COUNT-16: vector.fma
// CHECK: vector.transpose %{{.*}}, [1, 0] : vector<4x16xf32> to vector<16x4xf32>
// CHECK: vector.maskedload %{{.*}} : memref<1x16x7x7xf32>, vector<2xi1>, vector<2xf32> into vector<2xf32>
memref.global "private" constant @w2 : memref<16x8x3x3xf32> = dense<0.5> {alignment = 64 : i64}
func.func @conv_winograd_f2(%in: memref<1x8x9x9xf32>, %out: memref<1x16x7x7xf32>) {
  %w = memref.get_global @w2 : memref<16x8x3x3xf32>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x8x9x9xf32>, memref<16x8x3x3xf32>) outs(%out : memref<1x16x7x7xf32>)
  return
}

// -----

// The same convolution with a filter that is not a constant cannot be
// transformed at compile time: it stays a direct convolution.
// CHECK-LABEL: func.func @conv_winograd_runtime_filter
// CHECK-NOT: vector.gather
// CHECK-NOT: vector.transpose
// CHECK: vector.fma
func.func @conv_winograd_runtime_filter(%in: memref<2x8x15x13xf32>, %w: memref<16x8x3x3xf32>, %out: memref<2x16x13x11xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<2x8x15x13xf32>, memref<16x8x3x3xf32>) outs(%out : memref<2x16x13x11xf32>)
  return
}

// -----

// Max pooling is a depthwise loop nest without weights: 3x3 stride 2 over
// 56-wide rows (3.5 vectors) de-interleaves double-width loads and combines
// the taps with arith.maximumf; no scalar pooling loop is left.
// CHECK-LABEL: func.func @maxpool_stride2
// CHECK-NOT: linalg.pooling_nchw_max
// CHECK: scf.for {{.*}} iter_args(
// CHECK: vector.load %{{.*}} : memref<1x8x9x113xf32>, vector<16xf32>
// CHECK: vector.shuffle
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
// CHECK: vector.store %{{.*}} : memref<1x8x4x56xf32>, vector<16xf32>
func.func @maxpool_stride2(%in: memref<1x8x9x113xf32>, %out: memref<1x8x4x56xf32>) {
  %win = memref.alloc() : memref<3x3xf32>
  linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
    ins(%in, %win : memref<1x8x9x113xf32>, memref<3x3xf32>) outs(%out : memref<1x8x4x56xf32>)
  return
}

// -----

// Sum pooling (the numerator of average pooling) adds the taps; its 8-wide
// rows are read as plain half vectors, two per packed register.
// CHECK-LABEL: func.func @sumpool
// CHECK-NOT: linalg.pooling_nchw_sum
// CHECK: vector.load %{{.*}} : memref<2x3x10x10xf32>, vector<8xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: vector.maskedstore %{{.*}} : memref<2x3x8x8xf32>
func.func @sumpool(%in: memref<2x3x10x10xf32>, %out: memref<2x3x8x8xf32>) {
  %win = memref.alloc() : memref<3x3xf32>
  linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %win : memref<2x3x10x10xf32>, memref<3x3xf32>) outs(%out : memref<2x3x8x8xf32>)
  return
}

// -----

// A dense layer whose weights are a constant global ([N, K] = [40, 8]) gets
// them packed at compile time into 2 panels of [K][32] (zero past N = 40);
// an scf.parallel over panels keeps 2 rows x 2 vectors in registers across
// K with one broadcast per row, and the last panel masks its 8 live lanes.
// CHECK: memref.global "private" constant @dense_panels : memref<2x8x32xf32>
// CHECK-LABEL: func.func @dense_packed
// CHECK-NOT: linalg.matmul
// CHECK: %[[P:.*]] = memref.get_global @dense_panels
// CHECK: scf.parallel (%[[J:.*]]) =
// CHECK: scf.if
// CHECK: vector.maskedload %{{.*}} : memref<2x40xf32>, vector<16xi1>, vector<16xf32>
// CHECK: scf.for {{.*}} iter_args(
// CHECK: vector.load %[[P]][%[[J]], %{{.*}}, %{{.*}}] : memref<2x8x32xf32>, vector<16xf32>
// CHECK: vector.broadcast
// CHECK-COUNT-2: vector.fma
// CHECK: vector.broadcast
// CHECK-COUNT-2: vector.fma
// CHECK: scf.yield
// CHECK: vector.maskedstore %{{.*}} : memref<2x40xf32>, vector<16xi1>, vector<16xf32>
// CHECK: } else {
// CHECK: vector.store %{{.*}} : memref<2x40xf32>, vector<16xf32>
memref.global "private" constant @dw : memref<40x8xf32> = dense<0.25> {alignment = 64 : i64}
func.func @dense_packed(%a: memref<2x8xf32>, %out: memref<2x40xf32>) {
  %w = memref.get_global @dw : memref<40x8xf32>
  linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
    ins(%a, %w : memref<2x8xf32>, memref<40x8xf32>) outs(%out : memref<2x40xf32>)
  return
}

// -----

// A pointwise convolution over contiguous 13-wide rows (13 is prime, so no
// row block fits) runs over the flattened 169-pixel image: 8 channels x 3
// vectors per block instead of 8 x 1. Each step of the reduction
// prefetches its 3 vectors' input 4 channels ahead (clamped to the last).
// CHECK-LABEL: func.func @conv_pointwise_flat
// CHECK: memref.collapse_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] : memref<1x32x13x13xf32> into memref<1x32x169xf32>
// CHECK: memref.expand_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] output_shape [1, 32, 1, 169]
// CHECK: memref.collapse_shape %{{.*}} : memref<1x8x13x13xf32> into memref<1x8x169xf32>
// CHECK: scf.for {{.*}} iter_args(
// CHECK: %[[AHEAD:.*]] = arith.addi %{{.*}}, %c4{{.*}} : index
// CHECK: %[[NEXT:.*]] = arith.minui %[[AHEAD]], %c31 : index
// CHECK-COUNT-3: memref.prefetch %{{.*}}[%{{.*}}, %[[NEXT]], %{{.*}}, %{{.*}}], read, locality<3>, data : memref<1x32x1x169xf32>
// CHECK-COUNT-24: vector.fma
// CHECK: vector.store %{{.*}} : memref<1x8x1x169xf32>, vector<16xf32>
func.func @conv_pointwise_flat(%in: memref<1x32x13x13xf32>, %w: memref<8x32x1x1xf32>, %out: memref<1x8x13x13xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x32x13x13xf32>, memref<8x32x1x1xf32>) outs(%out : memref<1x8x13x13xf32>)
  return
}

// -----

// A pointwise tile marked `nnc.panels` (nnc-tile-and-fuse): for each chunk
// of 48 pixels of the flattened 14x28 band, the 128 input channels' chunk
// is copied into one aligned 128 x 48 panel (24 KiB), which then feeds
// both blocks of 8 output channels: 3 panel loads and 8 broadcasts per
// step, 24 FMAs. The last 8 pixels (392 = 8 x 48 + 8) are a masked chunk.
// CHECK-LABEL: func.func @conv_pointwise_panels
// CHECK: %[[PANEL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128x48xf32>
// CHECK: scf.for %[[X:.*]] = %{{.*}} to %c384 step %c48
// CHECK: scf.for %[[C:.*]] = %{{.*}} to %c128{{.*}} step %c1{{(_[0-9]+)?}} {
// CHECK: %[[V:.*]] = vector.load %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[X]]] : memref<1x128x1x392xf32>, vector<16xf32>
// CHECK: vector.store %[[V]], %[[PANEL]][%[[C]], %{{.*}}] : memref<128x48xf32>, vector<16xf32>
// CHECK-COUNT-2: vector.store %{{.*}}, %[[PANEL]]
// CHECK: scf.for %{{.*}} = %{{.*}} to %c32 step %c8
// CHECK: scf.for {{.*}} iter_args(
// CHECK-COUNT-3: vector.load %[[PANEL]][%{{.*}}, %{{.*}}] : memref<128x48xf32>, vector<16xf32>
// CHECK-COUNT-24: vector.fma
// CHECK: vector.maskedload %{{.*}} : memref<1x128x1x392xf32>
// CHECK: vector.store %{{.*}}, %[[PANEL]]
func.func @conv_pointwise_panels(%in: memref<1x128x14x28xf32>, %w: memref<32x128x1x1xf32>, %out: memref<1x32x14x28xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, nnc.panels, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x128x14x28xf32>, memref<32x128x1x1xf32>) outs(%out : memref<1x32x14x28xf32>)
  return
}

// -----

// Panels whose output is a padded buffer's interior: the stores split each
// vector at the 28-wide rows' ends (masked stores, as the column kernel's).
// CHECK-LABEL: func.func @conv_pointwise_panels_padded_out
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<128x48xf32>
// CHECK: vector.fma
// CHECK: vector.maskedstore %{{.*}} : memref<1x32x14x28xf32, strided<[15360, 480, 30, 1], offset: 31>>
func.func @conv_pointwise_panels_padded_out(%in: memref<1x128x14x28xf32>, %w: memref<32x128x1x1xf32>, %out: memref<1x32x14x28xf32, strided<[15360, 480, 30, 1], offset: 31>>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, nnc.panels, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x128x14x28xf32>, memref<32x128x1x1xf32>) outs(%out : memref<1x32x14x28xf32, strided<[15360, 480, 30, 1], offset: 31>>)
  return
}

// -----

// 729 pixels (27x27) model within 0.1% for 8 x 3 and 8 x 2 accumulators;
// near-ties go to the larger block (each broadcast weight feeds 3 vectors).
// CHECK-LABEL: func.func @conv_pointwise_near_tie_larger_block
// CHECK: scf.for {{.*}} iter_args(
// CHECK-COUNT-24: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
func.func @conv_pointwise_near_tie_larger_block(%in: memref<1x32x27x27xf32>, %w: memref<64x32x1x1xf32>, %out: memref<1x64x27x27xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x32x27x27xf32>, memref<64x32x1x1xf32>) outs(%out : memref<1x64x27x27xf32>)
  return
}

// -----

// Depthwise: the channel's 9 weights are broadcast once; 4 rows x 2 vectors
// accumulate, and each of the 6 input rows is loaded once per kernel column
// (6 x 3 x 2 = 36 loads) for every output row it reaches (72 FMAs).
// CHECK-LABEL: func.func @depthwise_rows_shared
// CHECK-NOT: linalg.depthwise_conv_2d_nchw_chw
// CHECK-COUNT-9: memref.load %{{.*}} : memref<2x3x3xf32>
// CHECK-COUNT-8: vector.load %{{.*}} : memref<1x2x4x32xf32>, vector<16xf32>
// CHECK-COUNT-72: vector.fma
// CHECK-NOT: vector.fma
// CHECK-COUNT-8: vector.store %{{.*}} : memref<1x2x4x32xf32>, vector<16xf32>
// LOADS-LABEL: func.func @depthwise_rows_shared
// LOADS-COUNT-36: vector.load %{{.*}} : memref<1x2x6x34xf32>, vector<16xf32>
// LOADS-NOT: memref<1x2x6x34xf32>
// LOADS: return
func.func @depthwise_rows_shared(%in: memref<1x2x6x34xf32>, %w: memref<2x3x3xf32>, %out: memref<1x2x4x32xf32>) {
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x2x6x34xf32>, memref<2x3x3xf32>) outs(%out : memref<1x2x4x32xf32>)
  return
}

// -----

// Stride 2: every input row segment is two loads de-interleaved by one
// shuffle; the 17-column rows end in a one-lane masked vector.
// CHECK-LABEL: func.func @depthwise_stride2
// CHECK-NOT: linalg.depthwise_conv_2d_nchw_chw
// CHECK: vector.maskedload %{{.*}} : memref<1x1x4x17xf32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK: vector.load %{{.*}} : memref<1x1x9x35xf32>, vector<16xf32>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]
// CHECK: vector.fma
// CHECK: vector.maskedstore %{{.*}} : memref<1x1x4x17xf32>, vector<16xi1>, vector<16xf32>
func.func @depthwise_stride2(%in: memref<1x1x9x35xf32>, %w: memref<1x3x3xf32>, %out: memref<1x1x4x17xf32>) {
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
    ins(%in, %w : memref<1x1x9x35xf32>, memref<1x3x3xf32>) outs(%out : memref<1x1x4x17xf32>)
  return
}

// -----

#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// A bias fill: a parallel loop over (n, c, h, chunks of w); the bias is a
// scalar load and broadcast per point, the 20-wide rows end in a masked
// chunk of min(16, 20 - x) lanes.
// CHECK-LABEL: func.func @elementwise_bias_fill
// CHECK: scf.parallel (%{{.*}}, %[[C:.*]], %[[H:.*]], %[[J:.*]]) = ({{.*}}) to (%c1, %c8, %c4, %c2)
// CHECK:   %[[X:.*]] = arith.muli %[[J]], %c16
// CHECK:   %[[LEFT:.*]] = arith.subi %c20{{.*}}, %[[X]]
// CHECK:   %[[LANES:.*]] = arith.minsi %[[LEFT]], %c16
// CHECK:   %[[M:.*]] = vector.create_mask %[[LANES]] : vector<16xi1>
// CHECK:   %[[B:.*]] = memref.load %{{.*}}[%[[C]]] : memref<8xf32>
// CHECK:   %[[V:.*]] = vector.broadcast %[[B]] : f32 to vector<16xf32>
// CHECK:   vector.maskedstore %{{.*}}[%{{.*}}, %[[C]], %[[H]], %[[X]]], %[[M]], %[[V]]
// CHECK-NOT: linalg.generic
func.func @elementwise_bias_fill(%b: memref<8xf32>, %out: memref<1x8x4x20xf32>) {
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : memref<8xf32>) outs(%out : memref<1x8x4x20xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  return
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>

// A clip of a strided view into another: vector loads, the payload on
// vectors (its captured bounds broadcast), vector stores; 32 columns are
// whole chunks, so no masks.
// CHECK-LABEL: func.func @elementwise_clip
// CHECK-DAG: %[[LO:.*]] = vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK-DAG: %[[HI:.*]] = vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK: scf.parallel
// CHECK:   %[[X:.*]] = vector.load %{{.*}} : memref<4x32xf32, strided<[40, 1]>>, vector<16xf32>
// CHECK:   %[[A:.*]] = arith.maximumf %[[X]], %[[LO]] : vector<16xf32>
// CHECK:   %[[B:.*]] = arith.minimumf %[[A]], %[[HI]] : vector<16xf32>
// CHECK:   vector.store %[[B]], %{{.*}} : memref<4x32xf32>, vector<16xf32>
// CHECK-NOT: vector.create_mask
func.func @elementwise_clip(%in: memref<4x32xf32, strided<[40, 1]>>, %out: memref<4x32xf32>) {
  %lo = arith.constant 0.0 : f32
  %hi = arith.constant 6.0 : f32
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%in : memref<4x32xf32, strided<[40, 1]>>) outs(%out : memref<4x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %a = arith.maximumf %x, %lo : f32
    %c = arith.minimumf %a, %hi : f32
    linalg.yield %c : f32
  }
  return
}

// -----

// A fill (its value broadcast before the loop; 18-wide rows, so two
// chunks, the second masked) and a copy into the padded buffer's interior,
// a strided view.
// CHECK-LABEL: func.func @elementwise_copy_fill
// CHECK: %[[ZERO:.*]] = vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK: scf.parallel
// CHECK:   vector.maskedstore %{{.*}}, %{{.*}}, %[[ZERO]] : memref<2x18x18xf32>, vector<16xi1>, vector<16xf32>
// CHECK: scf.parallel
// CHECK:   vector.load %{{.*}} : memref<2x16x16xf32>, vector<16xf32>
// CHECK:   vector.store %{{.*}} : memref<2x16x16xf32, strided<[324, 18, 1], offset: 19>>, vector<16xf32>
// CHECK-NOT: linalg.
func.func @elementwise_copy_fill(%in: memref<2x16x16xf32>, %out: memref<2x18x18xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<2x18x18xf32>)
  %view = memref.subview %out[0, 1, 1] [2, 16, 16] [1, 1, 1] : memref<2x18x18xf32> to memref<2x16x16xf32, strided<[324, 18, 1], offset: 19>>
  linalg.copy ins(%in : memref<2x16x16xf32>) outs(%view : memref<2x16x16xf32, strided<[324, 18, 1], offset: 19>>)
  return
}

// -----

#t = affine_map<(d0, d1) -> (d1, d0)>
#i = affine_map<(d0, d1) -> (d0, d1)>

// A transposing read cannot load vectors along the output's rows: left to
// the loop lowering.
// CHECK-LABEL: func.func @elementwise_transpose_kept
// CHECK: linalg.generic
// CHECK-NOT: vector.
func.func @elementwise_transpose_kept(%in: memref<32x32xf32>, %out: memref<32x32xf32>) {
  linalg.generic {indexing_maps = [#t, #i], iterator_types = ["parallel", "parallel"]} ins(%in : memref<32x32xf32>) outs(%out : memref<32x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  return
}

// -----

#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// The tile's bias fill and its add + relu epilogue run in registers: each
// accumulator starts as the broadcast bias of its channel, and before its
// one store the residual is loaded, added and clamped; the accumulator
// buffer, fill and epilogue are gone.
// CHECK-LABEL: func.func @conv_fused_bias_add_relu
// CHECK-SAME: (%{{.*}}: memref<1x3x6x18xf32>, %{{.*}}: memref<8x3x3x3xf32>, %[[B:.*]]: memref<8xf32>, %[[RES:.*]]: memref<1x8x4x16xf32>, %[[OUT:.*]]: memref<1x8x4x16xf32>)
// CHECK-NOT: memref.alloc
// CHECK-NOT: linalg.
// CHECK: %[[B0:.*]] = memref.load %[[B]][%{{.*}}] : memref<8xf32>
// CHECK: vector.broadcast %[[B0]] : f32 to vector<16xf32>
// CHECK: vector.fma
// CHECK: %[[R:.*]] = vector.load %[[RES]]
// CHECK: %[[S:.*]] = arith.addf %{{.*}}, %[[R]] : vector<16xf32>
// CHECK: %[[M:.*]] = arith.maximumf %[[S]], %{{.*}} : vector<16xf32>
// CHECK: vector.store %[[M]], %[[OUT]]
// CHECK-NOT: linalg.
func.func @conv_fused_bias_add_relu(%in: memref<1x3x6x18xf32>, %w: memref<8x3x3x3xf32>, %b: memref<8xf32>, %res: memref<1x8x4x16xf32>, %out: memref<1x8x4x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<1x8x4x16xf32>
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : memref<8xf32>) outs(%acc : memref<1x8x4x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x3x6x18xf32>, memref<8x3x3x3xf32>) outs(%acc : memref<1x8x4x16xf32>)
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc, %res : memref<1x8x4x16xf32>, memref<1x8x4x16xf32>) outs(%out : memref<1x8x4x16xf32>) {
  ^bb0(%x: f32, %r: f32, %o: f32):
    %s = arith.addf %x, %r : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  }
  return
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// 64 input channels of 512-wide rows run as two blocks of 32 through the
// accumulator buffer: the first block starts from the fill's value, later
// ones reload; the last block stores through the epilogue, earlier ones
// store back.
// CHECK-LABEL: func.func @conv_fused_channel_blocks
// CHECK-SAME: %[[OUT:[a-z0-9]*]]: memref<1x8x1x512xf32>)
// CHECK: %[[ACC:.*]] = memref.alloc() : memref<1x8x1x512xf32>
// CHECK: scf.for %[[C0:.*]] = %{{.*}} to %{{.*}} step %c32
// CHECK:   %[[FIRST:.*]] = arith.cmpi eq, %[[C0]], %c0
// CHECK:   scf.if %[[FIRST]] -> (vector<16xf32>)
// CHECK:   } else {
// CHECK:     vector.load %[[ACC]]
// CHECK:   %[[LAST:.*]] = arith.cmpi eq, %[[C0]], %c32
// CHECK:   scf.if %[[LAST]] {
// CHECK:     arith.maximumf
// CHECK:     vector.store %{{.*}}, %[[OUT]]
// CHECK:   } else {
// CHECK:     vector.store %{{.*}}, %[[ACC]]
// CHECK-NOT: linalg.
func.func @conv_fused_channel_blocks(%in: memref<1x64x1x512xf32>, %w: memref<8x64x1x1xf32>, %out: memref<1x8x1x512xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<1x8x1x512xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<1x8x1x512xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x64x1x512xf32>, memref<8x64x1x1xf32>) outs(%acc : memref<1x8x1x512xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc : memref<1x8x1x512xf32>) outs(%out : memref<1x8x1x512xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.maximumf %x, %zero : f32
    linalg.yield %m : f32
  }
  return
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// The accumulator buffer is read again after the epilogue: nothing is
// fused; the fill, the kernel and the epilogue each pass over the buffer.
// CHECK-LABEL: func.func @conv_not_fused_second_reader
// CHECK: %[[ACC:.*]] = memref.alloc()
// CHECK: scf.parallel
// CHECK:   vector.store %{{.*}}, %[[ACC]]
// CHECK: vector.load %[[ACC]]
// CHECK: vector.fma
// CHECK: vector.store %{{.*}}, %[[ACC]]
// CHECK: scf.parallel
// CHECK:   vector.load %[[ACC]]
// CHECK:   arith.maximumf
// CHECK: memref.copy %[[ACC]]
func.func @conv_not_fused_second_reader(%in: memref<1x3x3x18xf32>, %w: memref<8x3x3x3xf32>, %out: memref<1x8x1x16xf32>, %out2: memref<1x8x1x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<1x8x1x16xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<1x8x1x16xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x3x3x18xf32>, memref<8x3x3x3xf32>) outs(%acc : memref<1x8x1x16xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc : memref<1x8x1x16xf32>) outs(%out : memref<1x8x1x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.maximumf %x, %zero : f32
    linalg.yield %m : f32
  }
  memref.copy %acc, %out2 : memref<1x8x1x16xf32> to memref<1x8x1x16xf32>
  return
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// An epilogue writing every other column (a transposed convolution's
// zero-upsampled input) cannot take vector stores: not fused.
// CHECK-LABEL: func.func @conv_not_fused_strided_result
// CHECK: vector.fma
// CHECK: linalg.generic
func.func @conv_not_fused_strided_result(%in: memref<1x3x3x18xf32>, %w: memref<8x3x3x3xf32>, %out: memref<1x8x1x16xf32, strided<[256, 32, 32, 2]>>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<1x8x1x16xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<1x8x1x16xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x3x3x18xf32>, memref<8x3x3x3xf32>) outs(%acc : memref<1x8x1x16xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc : memref<1x8x1x16xf32>) outs(%out : memref<1x8x1x16xf32, strided<[256, 32, 32, 2]>>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.maximumf %x, %zero : f32
    linalg.yield %m : f32
  }
  return
}

// -----

#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// Around an (untiled) Winograd layer, the bias fill and the relu run in the
// output transform: the bias is broadcast where the output used to be
// loaded, the relu applied before the masked store into the relu's output.
// The original filter, repacked into `winograd_filter`, is dropped.
// CHECK-NOT: memref.global "private" constant @w3
// CHECK-LABEL: func.func @conv_winograd_fused
// CHECK-SAME: (%{{.*}}: memref<1x8x9x9xf32>, %[[B:.*]]: memref<16xf32>, %[[OUT:.*]]: memref<1x16x7x7xf32>)
// CHECK-NOT: memref.alloc() {{.*}} : memref<1x16x7x7xf32>
// CHECK: vector.transpose
// CHECK: %[[BC:.*]] = memref.load %[[B]]
// CHECK: %[[BV:.*]] = vector.broadcast %[[BC]] : f32 to vector<2xf32>
// CHECK: %[[S:.*]] = arith.addf %[[BV]], %{{.*}} : vector<2xf32>
// CHECK: %[[R:.*]] = arith.maximumf %[[S]], %{{.*}} : vector<2xf32>
// CHECK: vector.maskedstore %[[OUT]][{{.*}}], %{{.*}}, %[[R]]
// CHECK-NOT: linalg.
memref.global "private" constant @w3 : memref<16x8x3x3xf32> = dense<0.5> {alignment = 64 : i64}
func.func @conv_winograd_fused(%in: memref<1x8x9x9xf32>, %b: memref<16xf32>, %out: memref<1x16x7x7xf32>) {
  %zero = arith.constant 0.0 : f32
  %w = memref.get_global @w3 : memref<16x8x3x3xf32>
  %acc = memref.alloc() : memref<1x16x7x7xf32>
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : memref<16xf32>) outs(%acc : memref<1x16x7x7xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x8x9x9xf32>, memref<16x8x3x3xf32>) outs(%acc : memref<1x16x7x7xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc : memref<1x16x7x7xf32>) outs(%out : memref<1x16x7x7xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.maximumf %x, %zero : f32
    linalg.yield %m : f32
  }
  return
}

// -----

#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// A relu bufferized in place (over the convolution's own buffer) is fused
// too: the output transform stores bias + relu into that buffer, which the
// next layer (the copy) then reads.
// CHECK-LABEL: func.func @conv_winograd_fused_in_place
// CHECK: %[[ACC:.*]] = memref.alloc(){{.*}}: memref<1x16x7x7xf32>
// CHECK-NOT: linalg.generic
// CHECK: vector.transpose
// CHECK: %[[S:.*]] = arith.addf %{{.*}}, %{{.*}} : vector<2xf32>
// CHECK: %[[R:.*]] = arith.maximumf %[[S]], %{{.*}} : vector<2xf32>
// CHECK: vector.maskedstore %[[ACC]][{{.*}}], %{{.*}}, %[[R]]
// CHECK-NOT: linalg.generic
// CHECK: memref.copy %[[ACC]]
memref.global "private" constant @w3 : memref<16x8x3x3xf32> = dense<0.5> {alignment = 64 : i64}
func.func @conv_winograd_fused_in_place(%in: memref<1x8x9x9xf32>, %b: memref<16xf32>, %out: memref<1x16x7x7xf32>) {
  %zero = arith.constant 0.0 : f32
  %w = memref.get_global @w3 : memref<16x8x3x3xf32>
  %acc = memref.alloc() : memref<1x16x7x7xf32>
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : memref<16xf32>) outs(%acc : memref<1x16x7x7xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x8x9x9xf32>, memref<16x8x3x3xf32>) outs(%acc : memref<1x16x7x7xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc : memref<1x16x7x7xf32>) outs(%acc : memref<1x16x7x7xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.maximumf %x, %zero : f32
    linalg.yield %m : f32
  }
  memref.copy %acc, %out : memref<1x16x7x7xf32> to memref<1x16x7x7xf32>
  return
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// An in-place epilogue whose payload reads the old output value cannot run
// before the store that would produce it: not fused.
// CHECK-LABEL: func.func @conv_winograd_in_place_reads_output
// CHECK: %[[ACC:.*]] = memref.alloc(){{.*}}: memref<1x16x7x7xf32>
// CHECK: vector.transpose
// CHECK-NOT: arith.maximumf
// CHECK: vector.maskedstore %[[ACC]]{{.*}} vector<2xf32>
// CHECK: vector.maskedload %[[ACC]]
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: memref.copy %[[ACC]]
memref.global "private" constant @w3 : memref<16x8x3x3xf32> = dense<0.5> {alignment = 64 : i64}
func.func @conv_winograd_in_place_reads_output(%in: memref<1x8x9x9xf32>, %out: memref<1x16x7x7xf32>) {
  %zero = arith.constant 0.0 : f32
  %w = memref.get_global @w3 : memref<16x8x3x3xf32>
  %acc = memref.alloc() : memref<1x16x7x7xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<1x16x7x7xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x8x9x9xf32>, memref<16x8x3x3xf32>) outs(%acc : memref<1x16x7x7xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc : memref<1x16x7x7xf32>) outs(%acc : memref<1x16x7x7xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.maximumf %x, %o : f32
    linalg.yield %m : f32
  }
  memref.copy %acc, %out : memref<1x16x7x7xf32> to memref<1x16x7x7xf32>
  return
}

// -----

// Patches of a stride-2 im2col: the input's last index is 2 * ow + kx, so
// each vector is two consecutive (masked) loads and a shuffle of the even
// elements; 7-wide rows are one masked chunk.
// CHECK-LABEL: func.func @elementwise_stride2_patches
// CHECK: scf.parallel
// CHECK:   %[[LO:.*]] = vector.maskedload %{{.*}} : memref<1x2x16x16xf32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK:   %[[HI:.*]] = vector.maskedload %{{.*}} : memref<1x2x16x16xf32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK:   %[[EVEN:.*]] = vector.shuffle %[[LO]], %[[HI]] [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]
// CHECK:   vector.maskedstore %{{.*}}, %{{.*}}, %[[EVEN]] : memref<1x2x3x3x7x7xf32>
// CHECK-NOT: linalg.generic
func.func @elementwise_stride2_patches(%in: memref<1x2x16x16xf32>, %out: memref<1x2x3x3x7x7xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%in : memref<1x2x16x16xf32>) outs(%out : memref<1x2x3x3x7x7xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  return
}

// -----

// A stride of 3 gathers every third element.
// CHECK-LABEL: func.func @elementwise_stride3_gather
// CHECK: arith.constant dense<[0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45]> : vector<16xi32>
// CHECK: vector.gather
// CHECK: vector.store %{{.*}} : memref<4x16xf32>, vector<16xf32>
func.func @elementwise_stride3_gather(%in: memref<4x48xf32>, %out: memref<4x16xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1 * 3)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%in : memref<4x48xf32>) outs(%out : memref<4x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  return
}

// -----

// Small images in a batch (8 x 4 tiles) with many channels: two chunks of
// tiles would each read the whole transformed filter (2.4 M floats) and
// every block of output channels the whole transformed input, so the
// products are staged: one scf.parallel over positions x blocks of 32
// output channels writes all products M [8 blocks][36][44 tiles][32] (11
// tiles x 2 vectors of channels = 22 accumulators per block, by the cycle
// model), then another runs each block x tile's output transform on its
// block of M.
// CHECK-LABEL: func.func @conv_winograd_staged
// CHECK: %[[V:.*]] = memref.alloc() {alignment = 64 : i64} : memref<36x256x48xf32>
// CHECK: scf.parallel
// CHECK: %[[M:.*]] = memref.alloc() {alignment = 64 : i64} : memref<8x36x44x32xf32>
// CHECK: scf.parallel (%[[P:.*]], %[[FB:.*]]) = (%{{.*}}, %{{.*}}) to (%c36, %c8)
// CHECK:   scf.for %[[T:.*]] = %{{.*}} to %c44 step %c11
// CHECK:     scf.for %{{.*}} = %{{.*}} to %c256{{[_0-9]*}} step %c1{{[_0-9]*}} iter_args(
// CHECK-COUNT-22: vector.fma
// CHECK:     vector.store %{{.*}}, %[[M]][%[[FB]], %[[P]], %[[T]], %{{.*}}] : memref<8x36x44x32xf32>, vector<16xf32>
// CHECK: scf.parallel (%[[B:.*]], %[[TILE:.*]]) = (%{{.*}}, %{{.*}}) to (%{{.*}}, %c32)
// CHECK:   memref.subview %[[M]][%[[B]], 0, 0, 0] [1, 36, 44, 32] [1, 1, 1, 1] : memref<8x36x44x32xf32> to memref<36x44x32xf32, strided<[1408, 32, 1], offset: ?>>
// CHECK:   vector.transpose
// CHECK-NOT: scf.parallel
// CHECK: return
memref.global "private" constant @w256 : memref<256x256x3x3xf32> = dense<0.5> {alignment = 64 : i64}
func.func @conv_winograd_staged(%in: memref<8x256x9x9xf32>, %out: memref<8x256x7x7xf32>) {
  %w = memref.get_global @w256 : memref<256x256x3x3xf32>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<8x256x9x9xf32>, memref<256x256x3x3xf32>) outs(%out : memref<8x256x7x7xf32>)
  return
}

// -----

// 784 tiles make 28 chunks of 28, enough to run each chunk end to end in
// one scf.parallel: its input transform into a per-chunk [36][8][32]
// buffer (a loop over input channels, not a parallel one), then the
// products and output of every block of output channels, so the
// transformed input stays in cache.
// CHECK-LABEL: func.func @conv_winograd_by_chunk
// CHECK: scf.parallel (%[[Q:.*]]) = (%{{.*}}) to (%c28) step
// CHECK:   memref.alloc() {alignment = 64 : i64} : memref<36x8x32xf32>
// CHECK:   scf.for %{{.*}} = %{{.*}} to %c8 step
// CHECK-COUNT-36: vector.gather
// CHECK:   memref.alloc() {alignment = 64 : i64} : memref<36x28x16xf32>
// CHECK:   scf.for
// CHECK:     vector.fma
// CHECK:     vector.transpose
// CHECK-NOT: scf.parallel
// CHECK: return
memref.global "private" constant @w4 : memref<16x8x3x3xf32> = dense<0.5> {alignment = 64 : i64}
func.func @conv_winograd_by_chunk(%in: memref<4x8x58x58xf32>, %out: memref<4x16x56x56xf32>) {
  %w = memref.get_global @w4 : memref<16x8x3x3xf32>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<4x8x58x58xf32>, memref<16x8x3x3xf32>) outs(%out : memref<4x16x56x56xf32>)
  return
}

// -----

// A stride-2 convolution with 64 output channels (a multiple of 32) and a
// constant filter runs with output channels in the lanes: the filter is
// packed into panels of 32 channels ([2][taps][32]), each tile (32
// channels from %f) starts at panel %f / 32. One loop over the 36 taps
// loads the tap's input offset, 2 weight vectors and 14 input elements (one
// per output column, 2 apart), each broadcast into 2 FMAs: 28 accumulators.
// The block is then transposed (one vector of 14 columns per channel) and
// added to the output rows, masked to 14 lanes.
// CHECK-LABEL: func.func @conv_by_channels_stride2
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: %[[P:.*]] = memref.get_global @conv_channel_panels : memref<2x36x32xf32>
// CHECK: arith.divui %{{.*}}, %c32
// CHECK: %[[FLAT:.*]] = memref.reinterpret_cast %{{.*}} to offset: [%{{.*}}], sizes: [1044], strides: [1]
// CHECK: %[[TAPS:.*]] = memref.get_global @conv_tap_offsets : memref<36xi32>
// CHECK: scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(
// CHECK-COUNT-2: vector.load %[[P]][%{{.*}}, %[[T]], %{{.*}}] : memref<2x36x32xf32>, vector<16xf32>
// CHECK: memref.load %[[TAPS]][%[[T]]] : memref<36xi32>
// CHECK: memref.load %[[FLAT]]
// CHECK: vector.broadcast
// CHECK-COUNT-28: vector.fma
// CHECK: scf.yield
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]
// CHECK-COUNT-16: vector.maskedstore
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]
// CHECK-COUNT-16: vector.maskedstore
// CHECK-NOT: vector.maskedstore
memref.global "private" constant @wc : memref<64x4x3x3xf32> = dense<0.25> {alignment = 64 : i64}
func.func @conv_by_channels_stride2(%in: memref<1x4x9x29xf32>, %out: memref<1x64x4x14xf32>) {
  %w = memref.get_global @wc : memref<64x4x3x3xf32>
  scf.forall (%f) = (0) to (64) step (32) {
    %ws = memref.subview %w[%f, 0, 0, 0] [32, 4, 3, 3] [1, 1, 1, 1] : memref<64x4x3x3xf32> to memref<32x4x3x3xf32, strided<[36, 9, 3, 1], offset: ?>>
    %os = memref.subview %out[0, %f, 0, 0] [1, 32, 4, 14] [1, 1, 1, 1] : memref<1x64x4x14xf32> to memref<1x32x4x14xf32, strided<[3584, 56, 14, 1], offset: ?>>
    linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
      ins(%in, %ws : memref<1x4x9x29xf32>, memref<32x4x3x3xf32, strided<[36, 9, 3, 1], offset: ?>>) outs(%os : memref<1x32x4x14xf32, strided<[3584, 56, 14, 1], offset: ?>>)
  }
  return
}

// -----

#bias = affine_map<(n, c, h, w) -> (c)>
#id = affine_map<(n, c, h, w) -> (n, c, h, w)>
// The fused bias starts each channel's row and the relu ends it: after the
// transpose, the channel's bias is broadcast, added to its sums, clamped
// and stored into the epilogue's output; the accumulator buffer goes away.
// Blocks of 2 rows x 7 columns (2 vectors of 32 channels, 28 accumulators),
// 2 x 6 at the right edge of the 20 columns; the second row of each
// channel's vector is shuffled down to lanes 0-6 before its store.
// CHECK-LABEL: func.func @conv_by_channels_fused
// CHECK-SAME: (%{{.*}}: memref<1x3x5x41xf32>, %[[B:.*]]: memref<32xf32>, %[[OUT:.*]]: memref<1x32x2x20xf32>)
// CHECK-NOT: memref.alloc
// CHECK-NOT: linalg.
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c14{{.*}} step %c7
// CHECK: scf.for {{.*}} iter_args(
// CHECK-COUNT-28: vector.fma
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]
// CHECK: %[[B0:.*]] = memref.load %[[B]][%{{.*}}] : memref<32xf32>
// CHECK: %[[BV:.*]] = vector.broadcast %[[B0]] : f32 to vector<16xf32>
// CHECK: %[[S:.*]] = arith.addf %[[BV]], %{{.*}} : vector<16xf32>
// CHECK: %[[M:.*]] = arith.maximumf %[[S]], %{{.*}} : vector<16xf32>
// CHECK: vector.maskedstore %[[OUT]][{{.*}}], %{{.*}}, %[[M]]
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0]
// CHECK: scf.for {{.*}} iter_args(
// CHECK-COUNT-24: vector.fma
// CHECK-NOT: linalg.
memref.global "private" constant @wf : memref<32x3x3x3xf32> = dense<0.5> {alignment = 64 : i64}
func.func @conv_by_channels_fused(%in: memref<1x3x5x41xf32>, %b: memref<32xf32>, %out: memref<1x32x2x20xf32>) {
  %zero = arith.constant 0.0 : f32
  %w = memref.get_global @wf : memref<32x3x3x3xf32>
  %acc = memref.alloc() : memref<1x32x2x20xf32>
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : memref<32xf32>) outs(%acc : memref<1x32x2x20xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
    ins(%in, %w : memref<1x3x5x41xf32>, memref<32x3x3x3xf32>) outs(%acc : memref<1x32x2x20xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc : memref<1x32x2x20xf32>) outs(%out : memref<1x32x2x20xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.maximumf %x, %zero : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// 64 input channels x 9 taps make a 72 KiB panel: the taps run in 8 chunks
// of 8 channels (9 KiB, L1-resident while every block uses it). Partial
// sums wait in a per-tile scratch ([outputs][32]) between chunks: the
// first chunk starts from zero, the others from the scratch; the last one
// transposes and writes the block, the others store back to the scratch.
// CHECK-LABEL: func.func @conv_by_channels_chunks
// CHECK: %[[SCRATCH:.*]] = memref.alloc() {alignment = 64 : i64} : memref<9x32xf32>
// CHECK: scf.for %[[CHUNK:.*]] = %{{.*}} to %c8{{.*}} step
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[CHUNK]], %c0
// CHECK: scf.if %[[FIRST]]
// CHECK: } else {
// CHECK-COUNT-18: vector.load %[[SCRATCH]]
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(
// CHECK-COUNT-18: vector.fma
// CHECK: %[[LAST:.*]] = arith.cmpi eq, %[[CHUNK]], %c7
// CHECK: scf.if %[[LAST]] {
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]
// CHECK: } else {
// CHECK-COUNT-18: vector.store %{{.*}}, %[[SCRATCH]]
memref.global "private" constant @wk : memref<32x64x3x3xf32> = dense<0.125> {alignment = 64 : i64}
func.func @conv_by_channels_chunks(%in: memref<1x64x7x7xf32>, %out: memref<1x32x3x3xf32>) {
  %w = memref.get_global @wk : memref<32x64x3x3xf32>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
    ins(%in, %w : memref<1x64x7x7xf32>, memref<32x64x3x3xf32>) outs(%out : memref<1x32x3x3xf32>)
  return
}

// -----

// One 7x7 image: a 3x3 stride-1 convolution with 32 output channels runs
// on the channel-vector kernel, not Winograd F(2x2) (whose transformed
// filter one image reuses for only 16 tiles); so does a pointwise one,
// whose 49-pixel image would fill 49 of 64 lanes in the column kernel.
// CHECK-LABEL: func.func @small_image_by_channels
// CHECK-NOT: winograd_filter
// CHECK: memref.get_global @conv_channel_panels{{.*}} : memref<1x72x32xf32>
// CHECK: memref.get_global @conv_channel_panels{{.*}} : memref<1x8x32xf32>
// CHECK-NOT: linalg.conv_2d_nchw_fchw
memref.global "private" constant @w3 : memref<32x8x3x3xf32> = dense<0.5> {alignment = 64 : i64}
memref.global "private" constant @w1 : memref<32x8x1x1xf32> = dense<0.5> {alignment = 64 : i64}
func.func @small_image_by_channels(%in: memref<1x8x9x9xf32>, %out: memref<1x32x7x7xf32>, %in1: memref<1x8x7x7xf32>, %out1: memref<1x32x7x7xf32>) {
  %w = memref.get_global @w3 : memref<32x8x3x3xf32>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in, %w : memref<1x8x9x9xf32>, memref<32x8x3x3xf32>) outs(%out : memref<1x32x7x7xf32>)
  %w1 = memref.get_global @w1 : memref<32x8x1x1xf32>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%in1, %w1 : memref<1x8x7x7xf32>, memref<32x8x1x1xf32>) outs(%out1 : memref<1x32x7x7xf32>)
  return
}

// -----

// A filter that is not a constant global cannot be packed: the column
// kernel runs it (two loads and an even shuffle per input vector).
// CHECK-LABEL: func.func @conv_by_channels_needs_constant
// CHECK-NOT: conv_channel_panels
// CHECK: vector.shuffle
func.func @conv_by_channels_needs_constant(%in: memref<1x4x9x29xf32>, %w: memref<32x4x3x3xf32>, %out: memref<1x32x4x14xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
    ins(%in, %w : memref<1x4x9x29xf32>, memref<32x4x3x3xf32>) outs(%out : memref<1x32x4x14xf32>)
  return
}

// -----

// Global average pooling's sum (with the ReLU fused into it): the 13-wide
// rows run as masked vectors into one accumulator that the row loop
// carries; the masked-off lanes keep the accumulator (the payload of a
// zero lane need not be neutral), and one horizontal add per channel is
// combined with the output's old value.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#gap = affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, 0)>
// CHECK-LABEL: func.func @reduce_relu_sum
// CHECK-NOT: linalg.generic
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (vector<16xf32>)
// CHECK: %[[M:.*]] = vector.constant_mask [13] : vector<16xi1>
// CHECK: %[[X:.*]] = vector.maskedload %{{.*}}, %[[M]]
// CHECK: %[[R:.*]] = arith.maximumf %[[X]], %{{.*}} : vector<16xf32>
// CHECK: %[[A:.*]] = arith.addf %[[ACC]], %[[R]] : vector<16xf32>
// CHECK: %[[S:.*]] = arith.select %[[M]], %[[A]], %[[ACC]]
// CHECK: scf.yield %[[S]]
// CHECK: %[[H:.*]] = vector.reduction <add>, %[[SUM]] : vector<16xf32> into f32
// CHECK: %[[OLD:.*]] = memref.load %{{.*}} : memref<1x8x1x1xf32>
// CHECK: %[[NEW:.*]] = arith.addf %[[OLD]], %[[H]] : f32
// CHECK: memref.store %[[NEW]], %{{.*}} : memref<1x8x1x1xf32>
func.func @reduce_relu_sum(%in: memref<1x8x13x13xf32>, %out: memref<1x8x1x1xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id, #gap], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%in : memref<1x8x13x13xf32>) outs(%out : memref<1x8x1x1xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.maximumf %x, %zero : f32
    %s = arith.addf %acc, %r : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A row maximum (softmax's first pass): 2 full vectors in a loop, the
// 8 lanes left masked, the accumulator starting at -inf.
#rows = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @reduce_max_rows
// CHECK: %[[NEG:.*]] = arith.constant dense<0xFF800000> : vector<16xf32>
// CHECK: scf.for {{.*}} step %c16 iter_args(%{{.*}} = %[[NEG]])
// CHECK: vector.load %{{.*}} : memref<4x40xf32>, vector<16xf32>
// CHECK: arith.maximumf
// CHECK: vector.constant_mask [8]
// CHECK: vector.maskedload
// CHECK: vector.reduction <maximumf>
func.func @reduce_max_rows(%in: memref<4x40xf32>, %out: memref<4xf32>) {
  linalg.generic {indexing_maps = [#rows, #row], iterator_types = ["parallel", "reduction"]}
      ins(%in : memref<4x40xf32>) outs(%out : memref<4xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %m = arith.maximumf %acc, %x : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// A reduction across rows (the input's innermost dimension is parallel)
// is left to the loop lowering.
#t = affine_map<(d0, d1) -> (d1, d0)>
#o = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @reduce_across_rows_kept
// CHECK: linalg.generic
// CHECK-NOT: vector.reduction
func.func @reduce_across_rows_kept(%in: memref<40x4xf32>, %out: memref<4xf32>) {
  linalg.generic {indexing_maps = [#t, #o], iterator_types = ["parallel", "reduction"]}
      ins(%in : memref<40x4xf32>) outs(%out : memref<4xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A sum of squared deviations (a variance's numerator): the per-row mean
// does not vary along the vectors and is broadcast; the masked tail's
// zero lanes would add mean^2, so the select keeps the accumulator there.
#x = affine_map<(d0, d1) -> (d0, d1)>
#m = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @reduce_centered_squares
// CHECK: scf.for {{.*}} step %c16{{.*}} iter_args(
// CHECK: %[[MU:.*]] = memref.load %{{.*}} : memref<4xf32>
// CHECK: vector.broadcast %[[MU]] : f32 to vector<16xf32>
// CHECK: %[[M:.*]] = vector.constant_mask [4] : vector<16xi1>
// CHECK: %[[T:.*]] = vector.maskedload %{{.*}}, %[[M]]
// CHECK: %[[D:.*]] = arith.subf %[[T]], %{{.*}} : vector<16xf32>
// CHECK: %[[SQ:.*]] = arith.mulf %[[D]], %[[D]] : vector<16xf32>
// CHECK: %[[A:.*]] = arith.addf %[[ACC:.*]], %[[SQ]] : vector<16xf32>
// CHECK: arith.select %[[M]], %[[A]], %[[ACC]]
// CHECK: vector.reduction <add>
func.func @reduce_centered_squares(%in: memref<4x20xf32>, %mean: memref<4xf32>, %out: memref<4xf32>) {
  linalg.generic {indexing_maps = [#x, #m, #m], iterator_types = ["parallel", "reduction"]}
      ins(%in, %mean : memref<4x20xf32>, memref<4xf32>) outs(%out : memref<4xf32>) {
  ^bb0(%v: f32, %mu: f32, %acc: f32):
    %d = arith.subf %v, %mu : f32
    %sq = arith.mulf %d, %d : f32
    %s = arith.addf %acc, %sq : f32
    linalg.yield %s : f32
  }
  return
}
