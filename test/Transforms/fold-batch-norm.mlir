// RUN: nnc-opt %s -split-input-file -nnc-fold-batch-norm | FileCheck %s

// s = scale / sqrt(var + eps) = [2, 0.5]; W' = W * s per output channel;
// b' = (b - mean) * s + beta.
// CHECK-LABEL: func.func @conv_bn
// CHECK-NOT: nn.batch_norm
// CHECK: %[[W:.*]] = arith.constant dense_resource<folded> : tensor<2x1x1x1xf32>
// CHECK: %[[B:.*]] = arith.constant dense_resource<folded_1> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %[[W]], %[[B]]
// CHECK: return %[[Y]]
// W' = [3 * 2, 5 * 0.5] = [6, 2.5]; b' = [(1 - 1) * 2 + 10, (2 - 4) * 0.5 + 20]
// = [10, 19], as little-endian f32 after the 4-byte alignment header.
// CHECK: folded: "0x040000000000C04000002040"
// CHECK: folded_1: "0x040000000000204100009841"
func.func @conv_bn(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[3.0]]], [[[5.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[10.0, 20.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %var = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %c = nn.conv2d %x, %w, %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nn.batch_norm %c, %scale, %beta, %mean, %var {epsilon = 0.0 : f32} : tensor<1x2x4x4xf32>, tensor<2xf32> -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A dense layer's weight rows are its output channels.
// CHECK-LABEL: func.func @dense_bn
// CHECK-NOT: nn.batch_norm
// CHECK: nn.dense %arg0, %{{.*}}, %{{.*}} : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
func.func @dense_bn(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x3xf32>
  %p = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %d = nn.dense %x, %w : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %y = nn.batch_norm %d, %p, %p, %p, %p : tensor<1x2xf32>, tensor<2xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Transposed convolution: output channels are filter dimension 1.
// CHECK-LABEL: func.func @conv_transpose_bn
// CHECK-NOT: nn.batch_norm
// CHECK: nn.conv_transpose2d %arg0, %{{.*}}, %{{.*}} : (tensor<1x3x2x2xf32>, tensor<3x2x2x2xf32>, tensor<2xf32>)
func.func @conv_transpose_bn(%x: tensor<1x3x2x2xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<3x2x2x2xf32>
  %p = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = nn.conv_transpose2d %x, %w : (tensor<1x3x2x2xf32>, tensor<3x2x2x2xf32>) -> tensor<1x2x3x3xf32>
  %y = nn.batch_norm %c, %p, %p, %p, %p : tensor<1x2x3x3xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Not folded: the conv result has another user, or a parameter is a
// run-time value.
// CHECK-LABEL: func.func @not_folded
// CHECK: %[[C:.*]] = nn.conv2d
// CHECK: nn.batch_norm %[[C]]
// CHECK: nn.batch_norm
func.func @not_folded(%x: tensor<1x1x4x4xf32>, %scale: tensor<2xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = nn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nn.batch_norm %c, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32> -> tensor<1x2x4x4xf32>
  %c2 = nn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y2 = nn.batch_norm %c2, %scale, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32> -> tensor<1x2x4x4xf32>
  return %y, %c, %y2 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
