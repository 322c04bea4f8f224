// RUN: nnc-opt %s | nnc-opt | FileCheck %s
// Every nn op parses, verifies and prints back in its declarative form.

// CHECK-LABEL: func.func @conv2d
func.func @conv2d(%x: tensor<1x3x32x32xf32>, %w: tensor<32x3x3x3xf32>, %b: tensor<32xf32>) -> tensor<1x32x32x32xf32> {
  // CHECK: nn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x32x32xf32>, tensor<32x3x3x3xf32>, tensor<32xf32>) -> tensor<1x32x32x32xf32>
  %y = nn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x32x32xf32>, tensor<32x3x3x3xf32>, tensor<32xf32>) -> tensor<1x32x32x32xf32>
  return %y : tensor<1x32x32x32xf32>
}

// CHECK-LABEL: func.func @conv2d_grouped_strided
func.func @conv2d_grouped_strided(%x: tensor<1x8x15x15xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // CHECK: nn.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 2, 2>, groups = 8 : i64, strides = array<i64: 2, 2>}
  %y = nn.conv2d %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 2, 2>, groups = 8 : i64} : (tensor<1x8x15x15xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}

// CHECK-LABEL: func.func @pools
func.func @pools(%x: tensor<1x6x24x24xf32>) -> (tensor<1x6x12x12xf32>, tensor<1x6x13x13xf32>, tensor<1x6x1x1xf32>) {
  // CHECK: nn.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x6x24x24xf32> -> tensor<1x6x12x12xf32>
  %m = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x6x24x24xf32> -> tensor<1x6x12x12xf32>
  // CHECK: nn.avg_pool2d %{{.*}} {ceil_mode = true, count_include_pad = true, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
  %a = nn.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = true} : tensor<1x6x24x24xf32> -> tensor<1x6x13x13xf32>
  // CHECK: nn.global_avg_pool2d %{{.*}} : tensor<1x6x24x24xf32> -> tensor<1x6x1x1xf32>
  %g = nn.global_avg_pool2d %x : tensor<1x6x24x24xf32> -> tensor<1x6x1x1xf32>
  return %m, %a, %g : tensor<1x6x12x12xf32>, tensor<1x6x13x13xf32>, tensor<1x6x1x1xf32>
}

// CHECK-LABEL: func.func @dense_matmul
func.func @dense_matmul(%x: tensor<1x784xf32>, %w: tensor<10x784xf32>, %b: tensor<10xf32>, %p: tensor<2x3x4xf32>, %q: tensor<2x4x5xf32>) -> (tensor<1x10xf32>, tensor<2x3x5xf32>) {
  // CHECK: nn.dense %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x784xf32>, tensor<10x784xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %d = nn.dense %x, %w, %b : (tensor<1x784xf32>, tensor<10x784xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  // CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  %m = nn.matmul %p, %q : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  return %d, %m : tensor<1x10xf32>, tensor<2x3x5xf32>
}

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%a: tensor<2x3x4xf32>, %b: tensor<4xf32>, %c: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  // CHECK: nn.add %{{.*}}, %{{.*}} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %0 = nn.add %a, %b : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  // CHECK: nn.sub
  %1 = nn.sub %0, %c : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  // CHECK: nn.mul
  %2 = nn.mul %1, %b : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  // CHECK: nn.div
  %3 = nn.div %2, %a : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // CHECK: nn.relu %{{.*}} : tensor<2x3x4xf32>
  %4 = nn.relu %3 : tensor<2x3x4xf32>
  // CHECK: nn.sigmoid
  %5 = nn.sigmoid %4 : tensor<2x3x4xf32>
  // CHECK: nn.tanh
  %6 = nn.tanh %5 : tensor<2x3x4xf32>
  // CHECK: nn.clip %{{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<2x3x4xf32>
  %7 = nn.clip %6 {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x3x4xf32>
  // CHECK: nn.softmax %{{.*}} {axis = 2 : i64} : tensor<2x3x4xf32>
  %8 = nn.softmax %7 {axis = 2 : i64} : tensor<2x3x4xf32>
  // CHECK: nn.dropout %{{.*}} {ratio = 2.500000e-01 : f32} : tensor<2x3x4xf32>
  %9 = nn.dropout %8 {ratio = 0.25 : f32} : tensor<2x3x4xf32>
  // CHECK: nn.identity %{{.*}} : tensor<2x3x4xf32>
  %10 = nn.identity %9 : tensor<2x3x4xf32>
  return %10 : tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<1x16x8x8xf32>, %s: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) -> tensor<1x16x8x8xf32> {
  // CHECK: nn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32} : tensor<1x16x8x8xf32>, tensor<16xf32> -> tensor<1x16x8x8xf32>
  %y = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : tensor<1x16x8x8xf32>, tensor<16xf32> -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<1x16x4x4xf32>, %a: tensor<1x2x4xf32>, %b: tensor<1x3x4xf32>) -> (tensor<1x256xf32>, tensor<16x16xf32>, tensor<1x4x4x16xf32>, tensor<1x5x4xf32>) {
  // CHECK: nn.flatten %{{.*}} : tensor<1x16x4x4xf32> -> tensor<1x256xf32>
  %f = nn.flatten %x : tensor<1x16x4x4xf32> -> tensor<1x256xf32>
  // CHECK: nn.reshape %{{.*}} : tensor<1x256xf32> -> tensor<16x16xf32>
  %r = nn.reshape %f : tensor<1x256xf32> -> tensor<16x16xf32>
  // CHECK: nn.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>} : tensor<1x16x4x4xf32> -> tensor<1x4x4x16xf32>
  %t = nn.transpose %x {perm = array<i64: 0, 2, 3, 1>} : tensor<1x16x4x4xf32> -> tensor<1x4x4x16xf32>
  // CHECK: nn.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
  %c = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
  return %f, %r, %t, %c : tensor<1x256xf32>, tensor<16x16xf32>, tensor<1x4x4x16xf32>, tensor<1x5x4xf32>
}

// CHECK-LABEL: func.func @new_ops
func.func @new_ops(%x: tensor<1x512x4x4xf32>, %w: tensor<512x256x4x4xf32>, %s: tensor<1x32x64xf32>) -> (tensor<1x256x8x8xf32>, tensor<1x32x64xf32>, tensor<1x16x32xf32>) {
  // CHECK: nn.conv_transpose2d %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x512x4x4xf32>, tensor<512x256x4x4xf32>) -> tensor<1x256x8x8xf32>
  %t = nn.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x512x4x4xf32>, tensor<512x256x4x4xf32>) -> tensor<1x256x8x8xf32>
  // CHECK: nn.log_softmax %{{.*}} {axis = 2 : i64} : tensor<1x32x64xf32>
  %l = nn.log_softmax %s {axis = 2 : i64} : tensor<1x32x64xf32>
  // CHECK: nn.slice %{{.*}} {offsets = array<i64: 0, 0, 32>, sizes = array<i64: 1, 16, 32>, strides = array<i64: 1, 2, 1>} : tensor<1x32x64xf32> -> tensor<1x16x32xf32>
  %p = nn.slice %s {offsets = array<i64: 0, 0, 32>, sizes = array<i64: 1, 16, 32>, strides = array<i64: 1, 2, 1>} : tensor<1x32x64xf32> -> tensor<1x16x32xf32>
  return %t, %l, %p : tensor<1x256x8x8xf32>, tensor<1x32x64xf32>, tensor<1x16x32xf32>
}

// CHECK-LABEL: func.func @math_and_activations
func.func @math_and_activations(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<2x3xf32> {
  // CHECK: nn.exp %{{.*}} : tensor<2x3xf32>
  %u0 = nn.exp %x : tensor<2x3xf32>
  // CHECK: nn.log %{{.*}} : tensor<2x3xf32>
  %u1 = nn.log %u0 : tensor<2x3xf32>
  // CHECK: nn.sqrt %{{.*}} : tensor<2x3xf32>
  %u2 = nn.sqrt %u1 : tensor<2x3xf32>
  // CHECK: nn.neg %{{.*}} : tensor<2x3xf32>
  %u3 = nn.neg %u2 : tensor<2x3xf32>
  // CHECK: nn.abs %{{.*}} : tensor<2x3xf32>
  %u4 = nn.abs %u3 : tensor<2x3xf32>
  // CHECK: nn.reciprocal %{{.*}} : tensor<2x3xf32>
  %u5 = nn.reciprocal %u4 : tensor<2x3xf32>
  // CHECK: nn.floor %{{.*}} : tensor<2x3xf32>
  %u6 = nn.floor %u5 : tensor<2x3xf32>
  // CHECK: nn.ceil %{{.*}} : tensor<2x3xf32>
  %u7 = nn.ceil %u6 : tensor<2x3xf32>
  // CHECK: nn.round %{{.*}} : tensor<2x3xf32>
  %u8 = nn.round %u7 : tensor<2x3xf32>
  // CHECK: nn.erf %{{.*}} : tensor<2x3xf32>
  %u9 = nn.erf %u8 : tensor<2x3xf32>
  // CHECK: nn.sin %{{.*}} : tensor<2x3xf32>
  %u10 = nn.sin %u9 : tensor<2x3xf32>
  // CHECK: nn.cos %{{.*}} : tensor<2x3xf32>
  %u11 = nn.cos %u10 : tensor<2x3xf32>
  // CHECK: nn.sign %{{.*}} : tensor<2x3xf32>
  %u12 = nn.sign %u11 : tensor<2x3xf32>
  // CHECK: nn.softsign %{{.*}} : tensor<2x3xf32>
  %u13 = nn.softsign %u12 : tensor<2x3xf32>
  // CHECK: nn.softplus %{{.*}} : tensor<2x3xf32>
  %u14 = nn.softplus %u13 : tensor<2x3xf32>
  // CHECK: nn.hard_swish %{{.*}} : tensor<2x3xf32>
  %u15 = nn.hard_swish %u14 : tensor<2x3xf32>
  // CHECK: nn.leaky_relu %{{.*}} {alpha = 2.000000e-01 : f32} : tensor<2x3xf32>
  %a0 = nn.leaky_relu %u15 {alpha = 2.000000e-01 : f32} : tensor<2x3xf32>
  // CHECK: nn.elu %{{.*}} {alpha = 5.000000e-01 : f32} : tensor<2x3xf32>
  %a1 = nn.elu %a0 {alpha = 5.000000e-01 : f32} : tensor<2x3xf32>
  // CHECK: nn.selu %{{.*}} {alpha = 1.500000e+00 : f32, gamma = 2.000000e+00 : f32} : tensor<2x3xf32>
  %a2 = nn.selu %a1 {alpha = 1.500000e+00 : f32, gamma = 2.000000e+00 : f32} : tensor<2x3xf32>
  // CHECK: nn.celu %{{.*}} {alpha = 2.000000e+00 : f32} : tensor<2x3xf32>
  %a3 = nn.celu %a2 {alpha = 2.000000e+00 : f32} : tensor<2x3xf32>
  // CHECK: nn.hard_sigmoid %{{.*}} {alpha = 3.000000e-01 : f32, beta = 4.000000e-01 : f32} : tensor<2x3xf32>
  %a4 = nn.hard_sigmoid %a3 {alpha = 3.000000e-01 : f32, beta = 4.000000e-01 : f32} : tensor<2x3xf32>
  // CHECK: nn.thresholded_relu %{{.*}} {alpha = 2.500000e-01 : f32} : tensor<2x3xf32>
  %a5 = nn.thresholded_relu %a4 {alpha = 2.500000e-01 : f32} : tensor<2x3xf32>
  // CHECK: nn.pow %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %b0 = nn.pow %a5, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.max %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %b1 = nn.max %b0, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.min %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %b2 = nn.min %b1, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.prelu %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %b3 = nn.prelu %b2, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %b3 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<1x8x4x4xf32>) -> (tensor<1x8x1x1xf32>, tensor<8xf32>, tensor<f32>) {
  // CHECK: nn.reduce_mean %{{.*}} {axes = array<i64: 2, 3>} : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %m = nn.reduce_mean %x {axes = array<i64: 2, 3>} : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  // CHECK: nn.reduce_max %{{.*}} {axes = array<i64: 0, 2, 3>, keepdims = false} : tensor<1x8x4x4xf32> -> tensor<8xf32>
  %a = nn.reduce_max %x {axes = array<i64: 0, 2, 3>, keepdims = false} : tensor<1x8x4x4xf32> -> tensor<8xf32>
  // CHECK: nn.reduce_sum %{{.*}} {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x8x4x4xf32> -> tensor<f32>
  %s = nn.reduce_sum %x {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x8x4x4xf32> -> tensor<f32>
  %n = nn.reduce_min %x {axes = array<i64: 1>} : tensor<1x8x4x4xf32> -> tensor<1x1x4x4xf32>
  %p = nn.reduce_prod %x {axes = array<i64: 1>} : tensor<1x8x4x4xf32> -> tensor<1x1x4x4xf32>
  return %m, %a, %s : tensor<1x8x1x1xf32>, tensor<8xf32>, tensor<f32>
}

// CHECK-LABEL: func.func @pad
func.func @pad(%x: tensor<1x3x8x8xf32>) -> (tensor<1x3x10x10xf32>, tensor<1x3x9x9xf32>) {
  // CHECK: nn.pad %{{.*}} {high = array<i64: 0, 0, 1, 1>, low = array<i64: 0, 0, 1, 1>, mode = "reflect"} : tensor<1x3x8x8xf32> -> tensor<1x3x10x10xf32>
  %r = nn.pad %x {low = array<i64: 0, 0, 1, 1>, high = array<i64: 0, 0, 1, 1>, mode = "reflect"} : tensor<1x3x8x8xf32> -> tensor<1x3x10x10xf32>
  // CHECK: nn.pad %{{.*}} {high = array<i64: 0, 0, 1, 1>, low = array<i64: 0, 0, 0, 0>, value = 2.500000e+00 : f32}
  %c = nn.pad %x {low = array<i64: 0, 0, 0, 0>, high = array<i64: 0, 0, 1, 1>, value = 2.5 : f32} : tensor<1x3x8x8xf32> -> tensor<1x3x9x9xf32>
  return %r, %c : tensor<1x3x10x10xf32>, tensor<1x3x9x9xf32>
}

// CHECK-LABEL: func.func @trigonometry
func.func @trigonometry(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: nn.tan %{{.*}} : tensor<4xf32>
  %t0 = nn.tan %x : tensor<4xf32>
  // CHECK: nn.asin %{{.*}} : tensor<4xf32>
  %t1 = nn.asin %t0 : tensor<4xf32>
  // CHECK: nn.acos %{{.*}} : tensor<4xf32>
  %t2 = nn.acos %t1 : tensor<4xf32>
  // CHECK: nn.atan %{{.*}} : tensor<4xf32>
  %t3 = nn.atan %t2 : tensor<4xf32>
  // CHECK: nn.sinh %{{.*}} : tensor<4xf32>
  %t4 = nn.sinh %t3 : tensor<4xf32>
  // CHECK: nn.cosh %{{.*}} : tensor<4xf32>
  %t5 = nn.cosh %t4 : tensor<4xf32>
  // CHECK: nn.asinh %{{.*}} : tensor<4xf32>
  %t6 = nn.asinh %t5 : tensor<4xf32>
  // CHECK: nn.acosh %{{.*}} : tensor<4xf32>
  %t7 = nn.acosh %t6 : tensor<4xf32>
  // CHECK: nn.atanh %{{.*}} : tensor<4xf32>
  %t8 = nn.atanh %t7 : tensor<4xf32>
  return %t8 : tensor<4xf32>
}

// CHECK-LABEL: func.func @resize
func.func @resize(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x16x16xf32> {
  // CHECK: nn.resize %{{.*}} {mode = "linear", scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : tensor<1x3x8x8xf32> -> tensor<1x3x16x16xf32>
  %y = nn.resize %x {mode = "linear", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : tensor<1x3x8x8xf32> -> tensor<1x3x16x16xf32>
  return %y : tensor<1x3x16x16xf32>
}

// CHECK-LABEL: func.func @integer_arithmetic
func.func @integer_arithmetic(%a: tensor<3x4xi32>, %b: tensor<4xi32>) -> (tensor<3x4xi32>, tensor<3x4xi32>, tensor<3x4xi32>) {
  // CHECK: nn.add %{{.*}}, %{{.*}} : (tensor<3x4xi32>, tensor<4xi32>) -> tensor<3x4xi32>
  %s = nn.add %a, %b : (tensor<3x4xi32>, tensor<4xi32>) -> tensor<3x4xi32>
  // CHECK: nn.div %{{.*}}, %{{.*}} {is_unsigned} : (tensor<3x4xi32>, tensor<4xi32>) -> tensor<3x4xi32>
  %d = nn.div %a, %b {is_unsigned} : (tensor<3x4xi32>, tensor<4xi32>) -> tensor<3x4xi32>
  // CHECK: nn.mod %{{.*}}, %{{.*}} {fmod} : (tensor<3x4xi32>, tensor<4xi32>) -> tensor<3x4xi32>
  %m = nn.mod %a, %b {fmod} : (tensor<3x4xi32>, tensor<4xi32>) -> tensor<3x4xi32>
  return %s, %d, %m : tensor<3x4xi32>, tensor<3x4xi32>, tensor<3x4xi32>
}

// CHECK-LABEL: func.func @logic
func.func @logic(%a: tensor<3x4xf32>, %b: tensor<4xf32>, %p: tensor<3x4xi1>, %n: tensor<4xi64>) -> (tensor<3x4xf32>, tensor<3x4xi1>, tensor<4xi64>) {
  // CHECK: nn.compare "gt", %{{.*}}, %{{.*}} : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xi1>
  %c = nn.compare "gt", %a, %b : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xi1>
  // CHECK: nn.and %{{.*}}, %{{.*}} : (tensor<3x4xi1>, tensor<3x4xi1>) -> tensor<3x4xi1>
  %and = nn.and %c, %p : (tensor<3x4xi1>, tensor<3x4xi1>) -> tensor<3x4xi1>
  // CHECK: nn.or
  %or = nn.or %and, %p : (tensor<3x4xi1>, tensor<3x4xi1>) -> tensor<3x4xi1>
  // CHECK: nn.xor
  %xor = nn.xor %or, %p : (tensor<3x4xi1>, tensor<3x4xi1>) -> tensor<3x4xi1>
  // CHECK: nn.not %{{.*}} : tensor<3x4xi1>
  %not = nn.not %xor : tensor<3x4xi1>
  // CHECK: nn.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<3x4xi1>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %s = nn.select %not, %a, %b : (tensor<3x4xi1>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  // CHECK: nn.shift_left
  %l = nn.shift_left %n, %n : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  // CHECK: nn.shift_right
  %r = nn.shift_right %l, %n : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %s, %not, %r : tensor<3x4xf32>, tensor<3x4xi1>, tensor<4xi64>
}

// CHECK-LABEL: func.func @casts_and_tests
func.func @casts_and_tests(%x: tensor<8xf64>) -> (tensor<8xi32>, tensor<8xi1>, tensor<8xi1>) {
  // CHECK: nn.cast %{{.*}} {output_unsigned} : tensor<8xf64> -> tensor<8xi32>
  %c = nn.cast %x {output_unsigned} : tensor<8xf64> -> tensor<8xi32>
  // CHECK: nn.is_nan %{{.*}} : tensor<8xf64> -> tensor<8xi1>
  %n = nn.is_nan %x : tensor<8xf64> -> tensor<8xi1>
  // CHECK: nn.is_inf %{{.*}} {detect_negative = false} : tensor<8xf64> -> tensor<8xi1>
  %i = nn.is_inf %x {detect_negative = false} : tensor<8xf64> -> tensor<8xi1>
  return %c, %n, %i : tensor<8xi32>, tensor<8xi1>, tensor<8xi1>
}

// CHECK-LABEL: func.func @indexing
func.func @indexing(%x: tensor<5x4xf32>, %i: tensor<3xi64>, %j: tensor<5x2xi32>, %k: tensor<i64>) -> (tensor<3x4xf32>, tensor<5x2xf32>, tensor<5xi64>, tensor<1x4xi64>, tensor<5x4xf32>, tensor<5x4xf32>) {
  // CHECK: nn.gather %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  %g = nn.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  // CHECK: nn.gather_elements %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<5x4xf32>, tensor<5x2xi32>) -> tensor<5x2xf32>
  %e = nn.gather_elements %x, %j {axis = 1 : i64} : (tensor<5x4xf32>, tensor<5x2xi32>) -> tensor<5x2xf32>
  // CHECK: nn.arg_max %{{.*}} {axis = 1 : i64, keepdims = false} : tensor<5x4xf32> -> tensor<5xi64>
  %am = nn.arg_max %x {axis = 1 : i64, keepdims = false} : tensor<5x4xf32> -> tensor<5xi64>
  // CHECK: nn.arg_min %{{.*}} {axis = 0 : i64, select_last_index = true} : tensor<5x4xf32> -> tensor<1x4xi64>
  %an = nn.arg_min %x {axis = 0 : i64, select_last_index = true} : tensor<5x4xf32> -> tensor<1x4xi64>
  // CHECK: nn.trilu %{{.*}}, %{{.*}} {upper = false} : tensor<5x4xf32>, tensor<i64>
  %t = nn.trilu %x, %k {upper = false} : tensor<5x4xf32>, tensor<i64>
  // CHECK: nn.hardmax %{{.*}} {axis = 1 : i64} : tensor<5x4xf32>
  %h = nn.hardmax %x {axis = 1 : i64} : tensor<5x4xf32>
  return %g, %e, %am, %an, %t, %h : tensor<3x4xf32>, tensor<5x2xf32>, tensor<5xi64>, tensor<1x4xi64>, tensor<5x4xf32>, tensor<5x4xf32>
}

// CHECK-LABEL: func.func @pool_indices_and_integers
func.func @pool_indices_and_integers(%x: tensor<1x2x5x5xf32>, %q: tensor<1x2x4x4xi64>) -> (tensor<1x2x3x3xi64>, tensor<1x2x2x2xi64>) {
  // CHECK: nn.max_pool2d_indices %{{.*}} {column_major = true, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xi64>
  %i = nn.max_pool2d_indices %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, column_major = true} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xi64>
  // CHECK: nn.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xi64> -> tensor<1x2x2x2xi64>
  %m = nn.max_pool2d %q {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xi64> -> tensor<1x2x2x2xi64>
  return %i, %m : tensor<1x2x3x3xi64>, tensor<1x2x2x2xi64>
}
