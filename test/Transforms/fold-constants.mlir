// RUN: nnc-opt %s -split-input-file -nnc-fold-constants | FileCheck %s

// CHECK-LABEL: func.func @transpose
// CHECK-NOT: nn.transpose
// CHECK: %[[C:.*]] = arith.constant dense_resource<folded> : tensor<3x2xf32>
// CHECK: return %[[C]]
// [[1, 2, 3], [4, 5, 6]]^T = [[1, 4], [2, 5], [3, 6]]
// CHECK: folded: "0x040000000000803F00008040000000400000A040000040400000C040"
func.func @transpose() -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %t = nn.transpose %w {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %t : tensor<3x2xf32>
}

// -----

// A chain folds in one pass: reshape, then broadcast multiply.
// CHECK-LABEL: func.func @chain
// CHECK-NOT: nn.reshape
// CHECK-NOT: nn.mul
// CHECK-NOT: arith.constant
// CHECK: %[[C:.*]] = arith.constant dense_resource<folded_1> : tensor<2x2xf32>
// CHECK-NOT: arith.constant
// CHECK: %[[Y:.*]] = nn.add %arg0, %[[C]]
// [1, 2, 3, 4] * 0.5 = [0.5, 1, 1.5, 2]
// CHECK: "0x040000000000003F0000803F0000C03F00000040"
func.func @chain(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %v = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %half = arith.constant dense<0.5> : tensor<1xf32>
  %r = nn.reshape %v : tensor<4xf32> -> tensor<2x2xf32>
  %m = nn.mul %r, %half : (tensor<2x2xf32>, tensor<1xf32>) -> tensor<2x2xf32>
  %y = nn.add %x, %m : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// Slices and concatenations of constants.
// CHECK-LABEL: func.func @slice_concat
// CHECK-NOT: nn.slice
// CHECK-NOT: nn.concat
// [2, 4] ++ [9] = [2, 4, 9]
// CHECK: folded_1: "0x04000000000000400000804000001041"
func.func @slice_concat() -> tensor<3xf32> {
  %v = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %n = arith.constant dense<[9.0]> : tensor<1xf32>
  %s = nn.slice %v {offsets = array<i64: 1>, sizes = array<i64: 2>, strides = array<i64: 2>} : tensor<4xf32> -> tensor<2xf32>
  %c = nn.concat %s, %n {axis = 0 : i64} : (tensor<2xf32>, tensor<1xf32>) -> tensor<3xf32>
  return %c : tensor<3xf32>
}

// -----

// Ops on run-time values stay.
// CHECK-LABEL: func.func @runtime_kept
// CHECK: nn.transpose %arg0
func.func @runtime_kept(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %t = nn.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %t : tensor<3x2xf32>
}
