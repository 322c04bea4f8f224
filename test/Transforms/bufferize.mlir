// RUN: nnc-opt %s -split-input-file -nnc-bufferize | FileCheck %s

// The result becomes a trailing out-parameter written in place (no alloc,
// no copy); constants become globals.
// CHECK: memref.global "private" constant @[[G:.*]] : memref<4xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]>
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>)
// CHECK-NOT: -> memref
// CHECK: %[[W:.*]] = memref.get_global @[[G]] : memref<4xf32>
// CHECK: linalg.add ins(%[[X]], %[[W]] : memref<4xf32>, memref<4xf32>) outs(%[[OUT]] : memref<4xf32>)
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.copy
// CHECK: return
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %e = tensor.empty() : tensor<4xf32>
  %y = linalg.add ins(%x, %w : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Copies are linalg.copy (lowered to loops later), never memref.copy, which
// would call a runtime library routine.
// CHECK-LABEL: func.func @copies
// CHECK-SAME: (%[[X:.*]]: memref<2x4xf32>, %[[OUT:.*]]: memref<4x4xf32>)
// CHECK: linalg.fill {{.*}} outs(%[[OUT]] : memref<4x4xf32>)
// CHECK: %[[S0:.*]] = memref.subview %[[OUT]][0, 0] [2, 4] [1, 1]
// CHECK: linalg.copy ins(%[[X]] : memref<2x4xf32>) outs(%[[S0]] :
// CHECK: %[[S1:.*]] = memref.subview %[[OUT]][2, 0] [2, 4] [1, 1]
// CHECK: linalg.copy ins(%[[X]] : memref<2x4xf32>) outs(%[[S1]] :
// CHECK-NOT: memref.copy
func.func @copies(%x: tensor<2x4xf32>) -> tensor<4x4xf32> {
  %e = tensor.empty() : tensor<4x4xf32>
  %c = arith.constant 0.0 : f32
  %f = linalg.fill ins(%c : f32) outs(%e : tensor<4x4xf32>) -> tensor<4x4xf32>
  %a = tensor.insert_slice %x into %f[0, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<4x4xf32>
  %b = tensor.insert_slice %x into %a[2, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<4x4xf32>
  return %b : tensor<4x4xf32>
}

// -----

// A zero-element argument is passed as memref<0xT> and reshaped inside.
// CHECK-LABEL: func.func @empty_argument
// CHECK-SAME: (%[[X:.*]]: memref<0xi64>, %{{.*}}: memref<3xf32>)
// CHECK: memref.reinterpret_cast %[[X]] to offset: [0], sizes: [3, 0, 5], strides: [0, 5, 1]
func.func @empty_argument(%x: tensor<3x0x5xi64>, %y: tensor<3xf32>) -> tensor<3xf32> {
  return %y : tensor<3xf32>
}

// -----

// A padded tensor's producer writes straight into the interior of the
// padded buffer: no buffer of its own, no copy. Only the border is filled
// (top and bottom rows, then the left and right columns between them),
// the interior is written once.
// CHECK-LABEL: func.func @pad_written_in_place
// CHECK-SAME: (%[[X:.*]]: memref<4x4xf32>, %[[OUT:.*]]: memref<6x6xf32>)
// CHECK: %[[TOP:.*]] = memref.subview %[[OUT]][0, 0] [1, 6] [1, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[TOP]] :
// CHECK: %[[BOTTOM:.*]] = memref.subview %[[OUT]][5, 0] [1, 6] [1, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[BOTTOM]] :
// CHECK: %[[LEFT:.*]] = memref.subview %[[OUT]][1, 0] [4, 1] [1, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[LEFT]] :
// CHECK: %[[RIGHT:.*]] = memref.subview %[[OUT]][1, 5] [4, 1] [1, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[RIGHT]] :
// CHECK-NOT: linalg.fill
// CHECK: %[[IN:.*]] = memref.subview %[[OUT]][1, 1] [4, 4] [1, 1]
// CHECK: linalg.generic {{.*}} ins(%[[X]] : memref<4x4xf32>) outs(%[[IN]] :
// CHECK-NOT: linalg.copy
// CHECK-NOT: memref.alloc
// CHECK: return
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @pad_written_in_place(%x: tensor<4x4xf32>) -> tensor<6x6xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x4xf32>
  %t = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x4xf32>) outs(%e : tensor<4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %h = math.tanh %in : f32
    linalg.yield %h : f32
  } -> tensor<4x4xf32>
  %p = tensor.pad %t low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<4x4xf32> to tensor<6x6xf32>
  return %p : tensor<6x6xf32>
}

// -----

// Only the padded dimensions get border slabs (here the last one, low
// side only).
// CHECK-LABEL: func.func @pad_one_side
// CHECK: %[[S:.*]] = memref.subview %{{.*}}[0, 0, 0] [2, 3, 2] [1, 1, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[S]] :
// CHECK-NOT: linalg.fill
// CHECK: memref.subview %{{.*}}[0, 0, 2] [2, 3, 4] [1, 1, 1]
// CHECK: linalg.copy
func.func @pad_one_side(%x: tensor<2x3x4xf32>) -> tensor<2x3x6xf32> {
  %one = arith.constant 1.0 : f32
  %p = tensor.pad %x low[0, 0, 2] high[0, 0, 0] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %one : f32
  } : tensor<2x3x4xf32> to tensor<2x3x6xf32>
  return %p : tensor<2x3x6xf32>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>

// A concatenation that is then padded: its two parts are computed straight
// into the padded buffer (at the pad's offset plus their own), so no buffer
// holds the concatenation and nothing is copied.
// CHECK-LABEL: func.func @concat_into_pad
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: memref<5x4xf32>
// CHECK: %[[A:.*]] = memref.subview %[[OUT]][1, 0] [2, 3] [1, 1]
// CHECK: linalg.generic {{.*}} outs(%[[A]] :
// CHECK: math.tanh
// CHECK: %[[B:.*]] = memref.subview %[[OUT]][3, 0] [2, 3] [1, 1]
// CHECK: linalg.generic {{.*}} outs(%[[B]] :
// CHECK: math.exp
// CHECK-NOT: memref.alloc
// CHECK-NOT: linalg.copy
func.func @concat_into_pad(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x3xf32>
  %a = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<2x3xf32>) outs(%e : tensor<2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %h = math.tanh %in : f32
    linalg.yield %h : f32
  } -> tensor<2x3xf32>
  %b = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<2x3xf32>) outs(%e : tensor<2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %h = math.exp %in : f32
    linalg.yield %h : f32
  } -> tensor<2x3xf32>
  %c0 = tensor.empty() : tensor<4x3xf32>
  %c1 = tensor.insert_slice %a into %c0[0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<4x3xf32>
  %c = tensor.insert_slice %b into %c1[2, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<4x3xf32>
  %p = tensor.pad %c low[1, 0] high[0, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<4x3xf32> to tensor<5x4xf32>
  return %p : tensor<5x4xf32>
}
