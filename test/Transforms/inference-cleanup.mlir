// RUN: nnc-opt %s -split-input-file -nnc-inference-cleanup | FileCheck %s

// CHECK-LABEL: func.func @dropout_removed
// CHECK-SAME: (%[[X:.*]]: tensor<1x512xf32>)
// CHECK-NOT: nn.dropout
// CHECK: %[[R:.*]] = nn.relu %[[X]] : tensor<1x512xf32>
// CHECK: return %[[R]]
func.func @dropout_removed(%x: tensor<1x512xf32>) -> tensor<1x512xf32> {
  %d = nn.dropout %x {ratio = 0.5 : f32} : tensor<1x512xf32>
  %y = nn.relu %d : tensor<1x512xf32>
  return %y : tensor<1x512xf32>
}

// -----

// CHECK-LABEL: func.func @identity_chain_removed
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: nn.identity
// CHECK-NOT: nn.dropout
// CHECK: return %[[X]] : tensor<4xf32>
func.func @identity_chain_removed(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = nn.identity %x : tensor<4xf32>
  %b = nn.dropout %a : tensor<4xf32>
  %c = nn.identity %b : tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// Ops that compute something stay.
// CHECK-LABEL: func.func @others_kept
// CHECK: nn.sigmoid
// CHECK: nn.softmax
func.func @others_kept(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  %a = nn.sigmoid %x : tensor<1x10xf32>
  %b = nn.softmax %a {axis = 1 : i64} : tensor<1x10xf32>
  return %b : tensor<1x10xf32>
}

// -----

// Dead nodes go: nothing reads the sigmoid or the conv feeding it.
// CHECK-LABEL: func.func @dead_nodes_removed
// CHECK-NOT: nn.conv2d
// CHECK-NOT: nn.sigmoid
// CHECK: %[[R:.*]] = nn.relu %arg0
// CHECK: return %[[R]]
func.func @dead_nodes_removed(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32> {
  %c = nn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %s = nn.sigmoid %c : tensor<1x1x4x4xf32>
  %r = nn.relu %x : tensor<1x1x4x4xf32>
  return %r : tensor<1x1x4x4xf32>
}
