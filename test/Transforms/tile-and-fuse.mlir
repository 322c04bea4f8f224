// RUN: nnc-opt %s -split-input-file -nnc-tile-and-fuse -canonicalize | FileCheck %s
// RUN: nnc-opt %s -split-input-file -nnc-tile-and-fuse="nnc-channel-tile=16 nnc-row-tile=9" -canonicalize | FileCheck %s --check-prefix=WHOLE

#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// conv + bias init + relu become one loop nest over (channel, row) tiles;
// tile sizes divide the dims (8 of 16 channels, 3 of 9 rows). The tiles are
// independent, which scf.forall says (nnc-parallelize splits it by thread).
// CHECK-LABEL: func.func @conv_bias_relu
// CHECK: scf.forall (%[[C:.*]], %[[R:.*]]) = (0, 0) to (16, 9) step (8, 3) shared_outs(%[[ACC:.*]] =
// CHECK:     tensor.extract_slice %{{.*}}[0, 0, %[[R]], 0] [1, 3, 5, 11]
// CHECK:     tensor.extract_slice %{{.*}}[%[[C]], 0, 0, 0] [8, 3, 3, 3]
// CHECK:     %[[INIT:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x8x3x9xf32>)
// CHECK:     %[[CONV:.*]] = linalg.conv_2d_nchw_fchw {{.*}} outs(%[[INIT]] : tensor<1x8x3x9xf32>)
// CHECK:     %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[CONV]] : tensor<1x8x3x9xf32>)
// CHECK:       arith.maximumf
// CHECK:     scf.forall.in_parallel
// CHECK:       tensor.parallel_insert_slice %[[RELU]] into %[[ACC]][0, %[[C]], %[[R]], 0] [1, 8, 3, 9]
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: return

// With tiles as large as the output there is nothing left to tile.
// WHOLE-LABEL: func.func @conv_bias_relu
// WHOLE-NOT: scf.forall
// WHOLE: linalg.conv_2d_nchw_fchw {{.*}} -> tensor<1x16x9x9xf32>
func.func @conv_bias_relu(%x: tensor<1x3x11x11xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x9x9xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x9x9xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x9x9xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x9x9xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x3x11x11xf32>, tensor<16x3x3x3xf32>) outs(%init : tensor<1x16x9x9xf32>) -> tensor<1x16x9x9xf32>
  %e2 = tensor.empty() : tensor<1x16x9x9xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x16x9x9xf32>) outs(%e2 : tensor<1x16x9x9xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %cst : f32
    linalg.yield %m : f32
  } -> tensor<1x16x9x9xf32>
  return %r : tensor<1x16x9x9xf32>
}

// -----

// A small image (6 x 6 = 36 pixels, at most 64) is not tiled by rows: the
// kernel packs its short rows into vectors.
// CHECK-LABEL: func.func @small_image_rows_whole
// CHECK: scf.forall (%[[C:.*]]) = (0) to (16) step (8)
// CHECK:   linalg.conv_2d_nchw_fchw {{.*}} -> tensor<1x8x6x6xf32>
func.func @small_image_rows_whole(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x6x6xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) outs(%f : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  return %c : tensor<1x16x6x6xf32>
}

// -----

// A strided convolution with 64 output channels runs with output channels
// in the vector lanes (ConvChannelKernel.cpp): its tiles take 32 channels,
// two AVX-512 vectors, whatever the channel tile option says.
// CHECK-LABEL: func.func @conv_by_channels_tile
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (64, 18) step (32, 3)
// CHECK:   linalg.conv_2d_nchw_fchw {{.*}} -> tensor<1x32x3x18xf32>
// WHOLE-LABEL: func.func @conv_by_channels_tile
// WHOLE: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (64, 18) step (32, 9)
func.func @conv_by_channels_tile(%x: tensor<1x3x37x37xf32>, %w: tensor<64x3x3x3xf32>) -> tensor<1x64x18x18xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x64x18x18xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<1x64x18x18xf32>) -> tensor<1x64x18x18xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%x, %w : tensor<1x3x37x37xf32>, tensor<64x3x3x3xf32>) outs(%f : tensor<1x64x18x18xf32>) -> tensor<1x64x18x18xf32>
  return %c : tensor<1x64x18x18xf32>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// The producer of the root's input (the previous layer) is not fused:
// recomputing it per tile would multiply its cost.
// CHECK-LABEL: func.func @previous_layer_not_fused
// CHECK: %[[PREV:.*]] = linalg.generic
// CHECK:   math.tanh
// CHECK: scf.forall
// CHECK:   linalg.conv_2d_nchw_fchw {{.*}} ins(%[[PREV]],
// CHECK-NOT: math.tanh
func.func @previous_layer_not_fused(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  %cst = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x3x8x8xf32>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x3x8x8xf32>) outs(%e0 : tensor<1x3x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %h = math.tanh %in : f32
    linalg.yield %h : f32
  } -> tensor<1x3x8x8xf32>
  %e = tensor.empty() : tensor<1x16x6x6xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%t, %w : tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) outs(%f : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  return %c : tensor<1x16x6x6xf32>
}

// -----

// A dense layer tiles its output columns (5 of 10: the largest divisor <= 8).
// CHECK-LABEL: func.func @dense_columns
// CHECK: scf.forall (%[[N:.*]]) = (0) to (10) step (5)
// CHECK:   linalg.fill {{.*}} -> tensor<1x5xf32>
// CHECK:   linalg.matmul {{.*}} outs(%{{.*}} : tensor<1x5xf32>)
// CHECK:   tensor.parallel_insert_slice %{{.*}}[0, %[[N]]] [1, 5]
func.func @dense_columns(%x: tensor<1x64xf32>, %w: tensor<64x10xf32>) -> tensor<1x10xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x10xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<1x10xf32>) -> tensor<1x10xf32>
  %m = linalg.matmul ins(%x, %w : tensor<1x64xf32>, tensor<64x10xf32>) outs(%f : tensor<1x10xf32>) -> tensor<1x10xf32>
  return %m : tensor<1x10xf32>
}

// -----

// A Winograd-sized convolution (3x3, stride 1, 16 output channels, 8 input
// channels, 4 x 4 output tiles) with a constant filter is left whole: its
// kernel transforms every input tile once for all output channels.
// CHECK-LABEL: func.func @winograd_conv_untiled
// CHECK-NOT: scf.forall (
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} -> tensor<1x16x16x16xf32>
// CHECK: linalg.generic
// CHECK:   arith.maximumf
func.func @winograd_conv_untiled(%x: tensor<1x8x18x18xf32>) -> tensor<1x16x16x16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x8x3x3xf32>
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x16x16xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x8x18x18xf32>, tensor<16x8x3x3xf32>) outs(%f : tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x16x16x16xf32>) outs(%e : tensor<1x16x16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %cst : f32
    linalg.yield %m : f32
  } -> tensor<1x16x16x16xf32>
  return %r : tensor<1x16x16x16xf32>
}

// -----

// A pointwise convolution is tiled by output channels only: its kernel
// treats each channel's whole image as one row.
// CHECK-LABEL: func.func @pointwise_rows_whole
// CHECK: scf.forall (%[[C:.*]]) = (0) to (16) step (8)
// CHECK:   linalg.conv_2d_nchw_fchw {{.*}} -> tensor<1x8x20x20xf32>
func.func @pointwise_rows_whole(%x: tensor<1x3x20x20xf32>, %w: tensor<16x3x1x1xf32>) -> tensor<1x16x20x20xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x20x20xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<1x16x20x20xf32>) -> tensor<1x16x20x20xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x3x20x20xf32>, tensor<16x3x1x1xf32>) outs(%f : tensor<1x16x20x20xf32>) -> tensor<1x16x20x20xf32>
  return %c : tensor<1x16x20x20xf32>
}

// -----

// A dense layer with constant weights is left whole: its kernel reads each
// packed weight panel once for every row of the batch.
// CHECK-LABEL: func.func @dense_untiled
// CHECK-NOT: scf.forall (
// CHECK: linalg.matmul
func.func @dense_untiled(%a: tensor<8x64xf32>) -> tensor<8x32xf32> {
  %w = arith.constant dense<0.5> : tensor<32x64xf32>
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %m = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
    ins(%a, %w : tensor<8x64xf32>, tensor<32x64xf32>) outs(%f : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %m : tensor<8x32xf32>
}

// -----

// A depthwise convolution iterates (n, oh, ow, c): the channel and row tile
// sizes land on its channel and row loops, and the bias init and the
// activation are fused into each (8 channels x 4 rows) tile.
// CHECK-LABEL: func.func @depthwise_bias_clip
// CHECK: scf.forall (%[[C:.*]], %[[R:.*]]) = (0, 0) to (16, 12) step (8, 4)
// CHECK:   tensor.extract_slice %{{.*}}[0, %[[C]], %[[R]], 0] [1, 8, 6, 14]
// CHECK:   %[[INIT:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x8x4x12xf32>)
// CHECK:   %[[DW:.*]] = linalg.depthwise_conv_2d_nchw_chw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x8x6x14xf32>, tensor<8x3x3xf32>) outs(%[[INIT]] : tensor<1x8x4x12xf32>)
// CHECK:   linalg.generic {{.*}} ins(%[[DW]] : tensor<1x8x4x12xf32>)
// CHECK:     arith.minimumf
// CHECK: return
func.func @depthwise_bias_clip(%x: tensor<1x16x14x14xf32>, %w: tensor<16x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x12x12xf32> {
  %lo = arith.constant 0.0 : f32
  %hi = arith.constant 6.0 : f32
  %e = tensor.empty() : tensor<1x16x12x12xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x12x12xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x12x12xf32>
  %c = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x16x14x14xf32>, tensor<16x3x3xf32>) outs(%init : tensor<1x16x12x12xf32>) -> tensor<1x16x12x12xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x16x12x12xf32>) outs(%e : tensor<1x16x12x12xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %lo : f32
    %n = arith.minimumf %m, %hi : f32
    linalg.yield %n : f32
  } -> tensor<1x16x12x12xf32>
  return %r : tensor<1x16x12x12xf32>
}

// -----

// Without an epilogue the depthwise op itself is tiled: its sizes follow its
// loop order (n, oh, ow, c), not the output's.
// CHECK-LABEL: func.func @depthwise_alone
// CHECK: scf.forall (%[[R:.*]], %[[C:.*]]) = (0, 0) to (12, 16) step (4, 8)
// CHECK:   tensor.extract_slice %{{.*}}[0, %[[C]], %[[R]], 0] [1, 8, 6, 14]
// CHECK:   linalg.depthwise_conv_2d_nchw_chw {{.*}} -> tensor<1x8x4x12xf32>
func.func @depthwise_alone(%x: tensor<1x16x14x14xf32>, %w: tensor<16x3x3xf32>) -> tensor<1x16x12x12xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x12x12xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x12x12xf32>) -> tensor<1x16x12x12xf32>
  %c = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x16x14x14xf32>, tensor<16x3x3xf32>) outs(%f : tensor<1x16x12x12xf32>) -> tensor<1x16x12x12xf32>
  return %c : tensor<1x16x12x12xf32>
}

// -----

// A pointwise convolution that alone reads a depthwise convolution's output
// (an inverted residual block's projection) shares its tiles: bands of whole
// rows (8 here: a band of the 144-channel depthwise output within 128 KiB)
// over all channels, the depthwise layer, its bias and clip computed per
// band inside the pointwise layer's loop.
// CHECK-LABEL: func.func @depthwise_into_pointwise_bands
// CHECK: scf.forall (%[[R:.*]]) = (0) to (16) step (8)
// CHECK:   tensor.extract_slice %{{.*}}[0, 0, %[[R]], 0] [1, 144, 10, 18]
// CHECK:   %[[DW:.*]] = linalg.depthwise_conv_2d_nchw_chw {{.*}} -> tensor<1x144x8x16xf32>
// CHECK:   %[[CLIP:.*]] = linalg.generic {{.*}} ins(%[[DW]] : tensor<1x144x8x16xf32>)
// CHECK:   linalg.conv_2d_nchw_fchw {{.*}} ins(%[[CLIP]], %{{.*}} : tensor<1x144x8x16xf32>, tensor<24x144x1x1xf32>) {{.*}} -> tensor<1x24x8x16xf32>
// CHECK-NOT: scf.forall (
// CHECK: return
func.func @depthwise_into_pointwise_bands(%x: tensor<1x144x18x18xf32>, %w: tensor<144x3x3xf32>, %b: tensor<144xf32>, %pw: tensor<24x144x1x1xf32>) -> tensor<1x24x16x16xf32> {
  %lo = arith.constant 0.0 : f32
  %hi = arith.constant 6.0 : f32
  %e = tensor.empty() : tensor<1x144x16x16xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<144xf32>) outs(%e : tensor<1x144x16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x144x16x16xf32>
  %c = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x144x18x18xf32>, tensor<144x3x3xf32>) outs(%init : tensor<1x144x16x16xf32>) -> tensor<1x144x16x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x144x16x16xf32>) outs(%e : tensor<1x144x16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %lo : f32
    %n = arith.minimumf %m, %hi : f32
    linalg.yield %n : f32
  } -> tensor<1x144x16x16xf32>
  %zero = arith.constant 0.0 : f32
  %e2 = tensor.empty() : tensor<1x24x16x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x24x16x16xf32>) -> tensor<1x24x16x16xf32>
  %p = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%r, %pw : tensor<1x144x16x16xf32>, tensor<24x144x1x1xf32>) outs(%f : tensor<1x24x16x16xf32>) -> tensor<1x24x16x16xf32>
  return %p : tensor<1x24x16x16xf32>
}

// -----

// A depthwise output that something else reads too is not recomputed per
// band: both layers keep their own tiles.
// CHECK-LABEL: func.func @depthwise_second_reader_not_fused
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (16, 144) step (4, 8)
// CHECK:   linalg.depthwise_conv_2d_nchw_chw {{.*}} -> tensor<1x8x4x16xf32>
// CHECK: scf.forall (%{{.*}}) = (0) to (24) step (8)
// CHECK:   linalg.conv_2d_nchw_fchw {{.*}} -> tensor<1x8x16x16xf32>
func.func @depthwise_second_reader_not_fused(%x: tensor<1x144x18x18xf32>, %w: tensor<144x3x3xf32>, %pw: tensor<24x144x1x1xf32>) -> (tensor<1x24x16x16xf32>, tensor<1x144x16x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x144x16x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x144x16x16xf32>) -> tensor<1x144x16x16xf32>
  %c = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x144x18x18xf32>, tensor<144x3x3xf32>) outs(%f : tensor<1x144x16x16xf32>) -> tensor<1x144x16x16xf32>
  %e2 = tensor.empty() : tensor<1x24x16x16xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x24x16x16xf32>) -> tensor<1x24x16x16xf32>
  %p = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%c, %pw : tensor<1x144x16x16xf32>, tensor<24x144x1x1xf32>) outs(%f2 : tensor<1x24x16x16xf32>) -> tensor<1x24x16x16xf32>
  return %p, %c : tensor<1x24x16x16xf32>, tensor<1x144x16x16xf32>
}

// -----

// A pointwise layer with many input channels is tiled for packed panels:
// bands of whole rows (2 of 14 rows: the first divisor reaching 256
// pixels) and halves of its 64 output channels (4 tiles in all), marked
// for the kernel with `nnc.panels`.
#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @pointwise_panels
// CHECK: scf.forall (%[[C:.*]], %[[R:.*]]) = (0, 0) to (64, 28) step (32, 14)
// CHECK:   tensor.extract_slice %{{.*}}[0, 0, %[[R]], 0] [1, 128, 14, 28]
// CHECK:   linalg.conv_2d_nchw_fchw {{.*}}nnc.panels{{.*}} -> tensor<1x32x14x28xf32>
// CHECK:   arith.maximumf
func.func @pointwise_panels(%x: tensor<1x128x28x28xf32>, %w: tensor<64x128x1x1xf32>, %b: tensor<64xf32>) -> tensor<1x64x28x28xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x64x28x28xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<64xf32>) outs(%e : tensor<1x64x28x28xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x64x28x28xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x128x28x28xf32>, tensor<64x128x1x1xf32>) outs(%init : tensor<1x64x28x28xf32>) -> tensor<1x64x28x28xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x64x28x28xf32>) outs(%e : tensor<1x64x28x28xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %cst : f32
    linalg.yield %m : f32
  } -> tensor<1x64x28x28xf32>
  return %r : tensor<1x64x28x28xf32>
}

// -----

// A layer with few input channels (64) feeding a padding (the next layer's
// input) keeps tiles of 8 output channels over whole images, unmarked.
#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @pointwise_padded_no_panels
// CHECK: scf.forall (%{{.*}}) = (0) to (64) step (8)
// CHECK-NOT: nnc.panels
// CHECK: tensor.pad
func.func @pointwise_padded_no_panels(%x: tensor<1x64x28x28xf32>, %w: tensor<64x64x1x1xf32>, %b: tensor<64xf32>) -> tensor<1x64x30x30xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x64x28x28xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<64xf32>) outs(%e : tensor<1x64x28x28xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x64x28x28xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x64x28x28xf32>, tensor<64x64x1x1xf32>) outs(%init : tensor<1x64x28x28xf32>) -> tensor<1x64x28x28xf32>
  %p = tensor.pad %c low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %cst : f32
  } : tensor<1x64x28x28xf32> to tensor<1x64x30x30xf32>
  return %p : tensor<1x64x30x30xf32>
}
