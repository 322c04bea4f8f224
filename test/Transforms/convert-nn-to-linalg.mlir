// RUN: nnc-opt %s -split-input-file -nnc-convert-nn-to-linalg | FileCheck %s

// Padding becomes tensor.pad; the bias becomes the accumulator's init.
// CHECK-LABEL: func.func @conv_bias_padded
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: } : tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<1x4x8x8xf32>)
// CHECK: %[[C:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[P]], %[[W]] : {{.*}}) outs(%[[INIT]] : tensor<1x4x8x8xf32>)
// CHECK: return %[[C]]
// CHECK-NOT: nn.
func.func @conv_bias_padded(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %y = nn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

// Groups split channels contiguously: expand to the grouped named op.
// CHECK-LABEL: func.func @conv_grouped
// CHECK: %[[IN:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 2, 8, 8]
// CHECK: %[[F:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
// CHECK: %[[G:.*]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%[[IN]], %[[F]] :
// CHECK: tensor.collapse_shape %[[G]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x3x3x3xf32> into tensor<1x6x3x3xf32>
func.func @conv_grouped(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %y = nn.conv2d %x, %w {groups = 2 : i64, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %y : tensor<1x6x3x3xf32>
}

// -----

// One channel per group (depthwise): the 4-D named op on the unexpanded
// output, with the filter's unit dimension dropped.
// CHECK-LABEL: func.func @conv_depthwise
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<4x1x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<1x4x8x8xf32>)
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[W]] {{\[\[}}0, 1], [2], [3]] : tensor<4x1x3x3xf32> into tensor<4x3x3xf32>
// CHECK: %[[C:.*]] = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[P]], %[[F]] : tensor<1x4x10x10xf32>, tensor<4x3x3xf32>) outs(%[[INIT]] : tensor<1x4x8x8xf32>)
// CHECK: return %[[C]]
// CHECK-NOT: expand_shape
func.func @conv_depthwise(%x: tensor<1x4x8x8xf32>, %w: tensor<4x1x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %y = nn.conv2d %x, %w, %b {groups = 4 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

// A channel multiplier (two outputs per group) keeps the grouped form.
// CHECK-LABEL: func.func @conv_depthwise_multiplier
// CHECK: linalg.conv_2d_ngchw_gfchw
// CHECK-NOT: linalg.depthwise_conv_2d_nchw_chw
func.func @conv_depthwise_multiplier(%x: tensor<1x4x8x8xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32> {
  %y = nn.conv2d %x, %w {groups = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}

// -----

// A strided convolution on a small image with 16 input channels: patches
// p[n, c, ky, kx, oh, ow] = x[n, c, 2 oh + ky, 2 ow + kx] (padded), then a
// pointwise convolution over the [N, C*9, OH, OW] view with the filter
// viewed as [F, C*9, 1, 1].
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-LABEL: func.func @conv_strided_im2col
// CHECK-SAME: (%[[X:.*]]: tensor<1x16x14x14xf32>, %[[W:.*]]: tensor<8x16x3x3xf32>)
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[PATCH:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[ID]]], {{.*}}} ins(%[[P]] : tensor<1x16x16x16xf32>) outs(%{{.*}} : tensor<1x16x3x3x7x7xf32>)
// CHECK: %[[M:.*]] = tensor.collapse_shape %[[PATCH]] {{\[\[}}0], [1, 2, 3], [4], [5]] : tensor<1x16x3x3x7x7xf32> into tensor<1x144x7x7xf32>
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[W]] {{\[\[}}0], [1, 2, 3]] : tensor<8x16x3x3xf32> into tensor<8x144xf32>
// CHECK: %[[F:.*]] = tensor.expand_shape %[[R]] {{\[\[}}0], [1, 2, 3]] output_shape [8, 144, 1, 1]
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[M]], %[[F]] : tensor<1x144x7x7xf32>, tensor<8x144x1x1xf32>)
func.func @conv_strided_im2col(%x: tensor<1x16x14x14xf32>, %w: tensor<8x16x3x3xf32>) -> tensor<1x8x7x7xf32> {
  %y = nn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x16x14x14xf32>, tensor<8x16x3x3xf32>) -> tensor<1x8x7x7xf32>
  return %y : tensor<1x8x7x7xf32>
}

// -----

// Few input channels (an RGB stem) or a large output image: direct.
// CHECK-LABEL: func.func @conv_strided_direct
// CHECK-NOT: linalg.generic
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
func.func @conv_strided_direct(%x: tensor<1x3x14x14xf32>, %w: tensor<8x3x3x3xf32>, %x2: tensor<1x16x40x40xf32>, %w2: tensor<8x16x3x3xf32>) -> (tensor<1x8x6x6xf32>, tensor<1x8x19x19xf32>) {
  %y = nn.conv2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x3x14x14xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  %y2 = nn.conv2d %x2, %w2 {strides = array<i64: 2, 2>} : (tensor<1x16x40x40xf32>, tensor<8x16x3x3xf32>) -> tensor<1x8x19x19xf32>
  return %y, %y2 : tensor<1x8x6x6xf32>, tensor<1x8x19x19xf32>
}

// -----

// With output channels a multiple of 32 the channel-vector kernel takes
// the strided taps directly: no patch matrix.
// CHECK-LABEL: func.func @conv_strided_by_channels
// CHECK-NOT: linalg.generic
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} {{.*}} -> tensor<1x32x7x7xf32>
func.func @conv_strided_by_channels(%x: tensor<1x16x14x14xf32>, %w: tensor<32x16x3x3xf32>) -> tensor<1x32x7x7xf32> {
  %y = nn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x16x14x14xf32>, tensor<32x16x3x3xf32>) -> tensor<1x32x7x7xf32>
  return %y : tensor<1x32x7x7xf32>
}

// -----

// Excluded padding: the divisor counts in-bounds window positions per output.
// CHECK-LABEL: func.func @avg_pool_exclude_pad
// CHECK: %[[S:.*]] = linalg.pooling_nchw_sum
// CHECK: linalg.generic {{.*}} ins(%[[S]] :
// CHECK: linalg.index 2
// CHECK: arith.minsi
// CHECK: arith.maxsi
// CHECK: linalg.index 3
// CHECK: arith.sitofp
// CHECK: arith.divf
func.func @avg_pool_exclude_pad(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %y = nn.avg_pool2d %x {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Ceil mode pads the bottom/right edge with -inf so the last window fits.
// CHECK-LABEL: func.func @max_pool_ceil
// CHECK: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEG]]
// CHECK: linalg.fill ins(%[[NEG]] : f32)
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
func.func @max_pool_ceil(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %y = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

// The weight is read transposed through the indexing map, never copied.
// CHECK-DAG: #[[MA:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[MB:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[MC:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @dense_bias
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<3xf32>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: linalg.matmul indexing_maps = [#[[MA]], #[[MB]], #[[MC]]] ins(%{{.*}}, %{{.*}} : tensor<2x8xf32>, tensor<3x8xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
func.func @dense_bias(%x: tensor<2x8xf32>, %w: tensor<3x8xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %y = nn.dense %x, %w, %b : (tensor<2x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Max-subtracted softmax: reduce max, exp, reduce sum, divide.
// CHECK-LABEL: func.func @softmax_axis1
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x1xf32>)
// CHECK: iterator_types = ["parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: iterator_types = ["parallel", "reduction"]
// CHECK: arith.addf
// CHECK: arith.divf
func.func @softmax_axis1(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %y = nn.softmax %x {axis = 1 : i64} : tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

// NumPy broadcasting: [3, 1] aligns right against [2, 3, 4].
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[BC:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[BC]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK: arith.addf
func.func @add_broadcast(%a: tensor<2x3x4xf32>, %b: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %y = nn.add %a, %b : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

// Batch dims collapse into one batch_matmul and expand back.
// CHECK-LABEL: func.func @batched_matmul4
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] : tensor<2x3x4x5xf32> into tensor<6x4x5xf32>
// CHECK: linalg.batch_matmul
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] output_shape [2, 3, 4, 6]
func.func @batched_matmul4(%a: tensor<2x3x4x5xf32>, %b: tensor<2x3x5x6xf32>) -> tensor<2x3x4x6xf32> {
  %y = nn.matmul %a, %b : (tensor<2x3x4x5xf32>, tensor<2x3x5x6xf32>) -> tensor<2x3x4x6xf32>
  return %y : tensor<2x3x4x6xf32>
}

// -----

// CHECK-LABEL: func.func @flatten_concat
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : tensor<1x2x2x2xf32> into tensor<8xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [1, 8]
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x11xf32>
// CHECK: %[[S0:.*]] = tensor.insert_slice %{{.*}} into %[[E]][0, 0] [1, 8] [1, 1]
// CHECK: tensor.insert_slice %{{.*}} into %[[S0]][0, 8] [1, 3] [1, 1]
func.func @flatten_concat(%a: tensor<1x2x2x2xf32>, %b: tensor<1x3xf32>) -> tensor<1x11xf32> {
  %f = nn.flatten %a : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %c = nn.concat %f, %b {axis = 1 : i64} : (tensor<1x8xf32>, tensor<1x3xf32>) -> tensor<1x11xf32>
  return %c : tensor<1x11xf32>
}

// -----

// Parameters are indexed by the channel dimension.
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
// CHECK: %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[CH]], #[[CH]], #[[CH]], #[[CH]], #{{.*}}]
// CHECK: %[[V:.*]] = arith.addf %{{.*}}, %[[EPS]] : f32
// CHECK: math.sqrt %[[V]]
func.func @batch_norm(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %y = nn.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-3 : f32} : tensor<1x2x3x3xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @activations
// CHECK-DAG: %[[SIX:.*]] = arith.constant 6.000000e+00 : f32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf %{{.*}}, %[[ZERO]]
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: math.tanh
// CHECK: arith.minimumf %{{.*}}, %[[SIX]]
func.func @activations(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = nn.relu %x : tensor<4xf32>
  %b = nn.sigmoid %a : tensor<4xf32>
  %c = nn.tanh %b : tensor<4xf32>
  %d = nn.clip %c {min = 0.0 : f32, max = 6.0 : f32} : tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

// Transposed conv: zero-upsample by the stride (strided insert_slice), pad
// by K-1-pad, convolve with the flipped, channel-swapped filter.
// CHECK-DAG: #[[FLIP:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, -d2 + 3, -d3 + 3)>
// CHECK-LABEL: func.func @conv_transpose_stride2
// CHECK: %[[Z:.*]] = linalg.fill {{.*}} -> tensor<1x3x7x7xf32>
// CHECK: %[[UP:.*]] = tensor.insert_slice %{{.*}} into %[[Z]][0, 0, 0, 0] [1, 3, 4, 4] [1, 1, 2, 2]
// CHECK: %[[P:.*]] = tensor.pad %[[UP]] low[0, 0, 2, 2] high[0, 0, 2, 2]
// CHECK: %[[F:.*]] = linalg.generic {indexing_maps = [#[[FLIP]], #{{.*}}]{{.*}} ins(%{{.*}} : tensor<3x2x4x4xf32>) outs(%{{.*}} : tensor<2x3x4x4xf32>)
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[P]], %[[F]] : tensor<1x3x11x11xf32>, tensor<2x3x4x4xf32>)
func.func @conv_transpose_stride2(%x: tensor<1x3x4x4xf32>, %w: tensor<3x2x4x4xf32>) -> tensor<1x2x8x8xf32> {
  %y = nn.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x4x4xf32>, tensor<3x2x4x4xf32>) -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}

// -----

// Padding beyond the kernel's reach becomes a crop.
// CHECK-LABEL: func.func @conv_transpose_crop
// CHECK-NOT: tensor.pad
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 1, 1] [1, 2, 3, 3] [1, 1, 1, 1] : tensor<1x2x5x5xf32> to tensor<1x2x3x3xf32>
// CHECK: linalg.conv_2d_nchw_fchw
func.func @conv_transpose_crop(%x: tensor<1x2x5x5xf32>, %w: tensor<2x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %y = nn.conv_transpose2d %x, %w {padding = array<i64: 2, 2, 2, 2>} : (tensor<1x2x5x5xf32>, tensor<2x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @log_softmax
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: %[[S:.*]] = arith.subf
// CHECK: %[[L:.*]] = math.log
// CHECK: arith.subf %[[S]], %[[L]]
func.func @log_softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %y = nn.log_softmax %x {axis = 1 : i64} : tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func.func @slice
// CHECK: tensor.extract_slice %{{.*}}[1, 0] [2, 3] [1, 2] : tensor<4x6xf32> to tensor<2x3xf32>
func.func @slice(%x: tensor<4x6xf32>) -> tensor<2x3xf32> {
  %y = nn.slice %x {offsets = array<i64: 1, 0>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 2>} : tensor<4x6xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Activations with attributes use them; stable forms for elu and softplus.
// CHECK-LABEL: func.func @activation_family
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 2.000000e-01 : f32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[GE:.*]] = arith.cmpf oge, %{{.*}}, %[[ZERO]] : f32
// CHECK: %[[MUL:.*]] = arith.mulf %{{.*}}, %[[ALPHA]] : f32
// CHECK: arith.select %[[GE]], %{{.*}}, %[[MUL]] : f32
// CHECK: math.expm1
// CHECK: math.log1p
// CHECK: %[[PGE:.*]] = arith.cmpf oge
// CHECK: %[[SLOPE:.*]] = arith.mulf
// CHECK: arith.select %[[PGE]], %{{.*}}, %[[SLOPE]] : f32
func.func @activation_family(%x: tensor<2x3xf32>, %slope: tensor<3xf32>) -> tensor<2x3xf32> {
  %a = nn.leaky_relu %x {alpha = 0.2 : f32} : tensor<2x3xf32>
  %b = nn.elu %a : tensor<2x3xf32>
  %c = nn.softplus %b : tensor<2x3xf32>
  %d = nn.prelu %c, %slope : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// -----

// A mean over two axes: one reduction generic, a division by 12, and the
// keepdims=false reshape (through 1-D).
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (0, d1, 0)>
// CHECK-LABEL: func.func @reduce_mean
// CHECK: %[[TWELVE:.*]] = arith.constant 1.200000e+01 : f32
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["reduction", "parallel", "reduction"]}
// CHECK: arith.addf
// CHECK: arith.divf %{{.*}}, %[[TWELVE]]
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2]] : tensor<1x3x1xf32> into tensor<3xf32>
func.func @reduce_mean(%x: tensor<2x3x6xf32>) -> tensor<3xf32> {
  %y = nn.reduce_mean %x {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x6xf32> -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

// Reshapes to and from rank 0 go through a 1-element 1-D tensor.
// CHECK-LABEL: func.func @reshape_scalar
// CHECK: %[[E:.*]] = tensor.expand_shape %arg0 [] output_shape [1] : tensor<f32> into tensor<1xf32>
// CHECK: tensor.expand_shape %[[E]] {{\[\[}}0, 1]] output_shape [1, 1] : tensor<1xf32> into tensor<1x1xf32>
func.func @reshape_scalar(%x: tensor<f32>) -> tensor<1x1xf32> {
  %y = nn.reshape %x : tensor<f32> -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}

// -----

// Reflect padding reads input[min(|i - low|, 2 * (dim - 1) - |i - low|)].
// CHECK-LABEL: func.func @pad_reflect
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<8xf32>)
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[J:.*]] = arith.subi %[[I]], %{{.*}} : index
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract %arg0[%{{.*}}] : tensor<4xf32>
func.func @pad_reflect(%x: tensor<4xf32>) -> tensor<8xf32> {
  %y = nn.pad %x {low = array<i64: 2>, high = array<i64: 2>, mode = "reflect"} : tensor<4xf32> -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @pad_constant
// CHECK: %[[V:.*]] = arith.constant 1.500000e+00 : f32
// CHECK: tensor.pad %arg0 low[1] high[2]
// CHECK: tensor.yield %[[V]]
func.func @pad_constant(%x: tensor<4xf32>) -> tensor<7xf32> {
  %y = nn.pad %x {low = array<i64: 1>, high = array<i64: 2>, value = 1.5 : f32} : tensor<4xf32> -> tensor<7xf32>
  return %y : tensor<7xf32>
}

// -----

// Bilinear: per resized dim two taps (floor, floor + 1) with weights; the
// kept dims read their own index. 2 x 2 = 4 extracts.
// CHECK-LABEL: func.func @resize_linear
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x4x4xf32>)
// CHECK: math.floor
// CHECK: math.floor
// CHECK-COUNT-4: tensor.extract %arg0
func.func @resize_linear(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %y = nn.resize %x {mode = "linear", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : tensor<1x1x2x2xf32> -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// Nearest, round_prefer_floor: ceil(x - 0.5) of the half-pixel coordinate.
// CHECK-LABEL: func.func @resize_nearest
// CHECK: arith.subf
// CHECK: math.ceil
// CHECK: tensor.extract %arg0
// CHECK-NOT: tensor.extract
func.func @resize_nearest(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x4xf32> {
  %y = nn.resize %x {scales = array<f32: 1.0, 1.0, 1.0, 2.0>} : tensor<1x1x2x2xf32> -> tensor<1x1x2x4xf32>
  return %y : tensor<1x1x2x4xf32>
}

// -----

// Integer elementwise ops pick integer arith ops; division never traps.
// CHECK-LABEL: func.func @int_add_div
// CHECK: linalg.generic
// CHECK: arith.addi
// CHECK: linalg.generic
// CHECK: arith.cmpi eq
// CHECK: arith.select
// CHECK: arith.divsi
// CHECK-NOT: arith.divf
func.func @int_add_div(%a: tensor<3x4xi32>, %b: tensor<4xi32>) -> (tensor<3x4xi32>, tensor<3x4xi32>) {
  %s = nn.add %a, %b : (tensor<3x4xi32>, tensor<4xi32>) -> tensor<3x4xi32>
  %d = nn.div %a, %b : (tensor<3x4xi32>, tensor<4xi32>) -> tensor<3x4xi32>
  return %s, %d : tensor<3x4xi32>, tensor<3x4xi32>
}

// -----

// is_unsigned selects the unsigned forms.
// CHECK-LABEL: func.func @unsigned_ops
// CHECK: arith.divui
// CHECK: arith.maxui
// CHECK: arith.cmpi ult
func.func @unsigned_ops(%a: tensor<4xi8>, %b: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi1>) {
  %d = nn.div %a, %b {is_unsigned} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  %m = nn.max %a, %b {is_unsigned} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  %c = nn.compare "lt", %a, %b {is_unsigned} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi1>
  return %d, %m, %c : tensor<4xi8>, tensor<4xi8>, tensor<4xi1>
}

// -----

// Python-style remainder: remsi, then a fix-up by the divisor when the signs
// differ.
// CHECK-LABEL: func.func @mod_python
// CHECK: arith.remsi
// CHECK: arith.xori
// CHECK: arith.addi
func.func @mod_python(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %m = nn.mod %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %m : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @compare_select
// CHECK: %[[C:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<3x4xi1>)
// CHECK: arith.cmpf ogt
// CHECK: linalg.generic {{.*}} ins(%[[C]], %{{.*}}, %{{.*}} : tensor<3x4xi1>, tensor<3x4xf32>, tensor<4xf32>)
// CHECK: arith.select
// CHECK-NOT: nn.
func.func @compare_select(%a: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<3x4xf32> {
  %c = nn.compare "gt", %a, %b : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xi1>
  %s = nn.select %c, %a, %b : (tensor<3x4xi1>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %s : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func.func @casts
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.fptosi %{{.*}} : f32 to i64
// CHECK: arith.cmpf une
func.func @casts(%x: tensor<4xi8>, %f: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi64>, tensor<4xi1>) {
  %a = nn.cast %x {input_unsigned} : tensor<4xi8> -> tensor<4xf32>
  %b = nn.cast %f : tensor<4xf32> -> tensor<4xi64>
  %c = nn.cast %f : tensor<4xf32> -> tensor<4xi1>
  return %a, %b, %c : tensor<4xf32>, tensor<4xi64>, tensor<4xi1>
}

// -----

// Logic: not is xor with all ones; shifts past the width give zero; is_nan
// is an unordered self-comparison.
// CHECK-LABEL: func.func @logic_ops
// CHECK: arith.constant true
// CHECK: arith.xori
// CHECK: arith.cmpi uge
// CHECK: arith.shli
// CHECK: arith.cmpf uno
func.func @logic_ops(%p: tensor<4xi1>, %n: tensor<4xi32>, %f: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi32>, tensor<4xi1>) {
  %a = nn.not %p : tensor<4xi1>
  %b = nn.shift_left %n, %n : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %c = nn.is_nan %f : tensor<4xf32> -> tensor<4xi1>
  return %a, %b, %c : tensor<4xi1>, tensor<4xi32>, tensor<4xi1>
}

// -----

// arg_max: one reduction generic carrying the best value and its index.
// CHECK-LABEL: func.func @arg_max
// CHECK: %[[R:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK-SAME: outs(%{{.*}}, %{{.*}} : tensor<4x1xf32>, tensor<4x1xi64>)
// CHECK: arith.cmpf ogt
// CHECK: linalg.index 1
// CHECK: tensor.collapse_shape %[[R]]#1
func.func @arg_max(%x: tensor<4x10xf32>) -> tensor<4xi64> {
  %i = nn.arg_max %x {axis = 1 : i64, keepdims = false} : tensor<4x10xf32> -> tensor<4xi64>
  return %i : tensor<4xi64>
}

// -----

// gather: the indices are an input of the generic; negative indices wrap and
// the result is clamped before the tensor.extract.
// CHECK-LABEL: func.func @gather
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<2x3xi64>) outs(%{{.*}} : tensor<2x3x5xf32>)
// CHECK: arith.index_cast
// CHECK: arith.addi
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<6x5xf32>
func.func @gather(%t: tensor<6x5xf32>, %i: tensor<2x3xi64>) -> tensor<2x3x5xf32> {
  %y = nn.gather %t, %i {axis = 0 : i64} : (tensor<6x5xf32>, tensor<2x3xi64>) -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}

// -----

// CHECK-LABEL: func.func @gather_elements
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<3x2xi32>) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK: linalg.index 0
// CHECK: tensor.extract
func.func @gather_elements(%x: tensor<3x4xf32>, %i: tensor<3x2xi32>) -> tensor<3x2xf32> {
  %y = nn.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// trilu: k is read once, then each element compares j - i with it.
// CHECK-LABEL: func.func @trilu
// CHECK: %[[K:.*]] = tensor.extract %{{.*}}[] : tensor<i64>
// CHECK: linalg.generic
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: arith.cmpi sle
func.func @trilu(%x: tensor<4x5xi64>, %k: tensor<i64>) -> tensor<4x5xi64> {
  %y = nn.trilu %x, %k {upper = false} : tensor<4x5xi64>, tensor<i64>
  return %y : tensor<4x5xi64>
}

// -----

// CHECK-LABEL: func.func @hardmax
// CHECK: %[[R:.*]]:2 = linalg.generic
// CHECK: linalg.generic {{.*}} ins(%[[R]]#1 : tensor<2x1xi64>)
// CHECK: arith.cmpi eq
// CHECK: arith.uitofp
func.func @hardmax(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %y = nn.hardmax %x {axis = 1 : i64} : tensor<2x10xf32>
  return %y : tensor<2x10xf32>
}

// -----

// Pool indices: padded with -inf, one generic over (n, c, oh, ow, kh, kw)
// whose window operand only sizes the reduction loops; the flat index uses
// the unpadded coordinates.
// CHECK-LABEL: func.func @max_pool_indices
// CHECK: %[[P:.*]] = tensor.pad
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: %[[R:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK-SAME: ins(%[[P]], %[[WIN]] : tensor<1x2x7x7xf32>, tensor<3x3xf32>)
// CHECK: arith.subi
// CHECK: arith.cmpf ogt
// CHECK: return %[[R]]#1
func.func @max_pool_indices(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xi64> {
  %i = nn.max_pool2d_indices %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xi64>
  return %i : tensor<1x2x3x3xi64>
}
