// RUN: nnc-opt %s -split-input-file -nnc-linalg-to-loops | FileCheck %s

// The pipeline from linalg on tensors to loops: a static pad becomes border
// slabs (nnc-bufferize), and loops of one shape with no dependence between
// them are fused (scf-parallel-loop-fusion): the left and right border
// columns and the copy of the interior rows run in one loop nest, one pass
// over the buffer instead of three.
// The two phases (rows above and below; columns and interior) write
// disjoint slabs, so no barrier separates them.
// CHECK-LABEL: func.func @main
// CHECK: scf.for
// CHECK-COUNT-2: vector.maskedstore %{{.*}} : memref<1x4x1x8xf32
// CHECK-NOT: llvm.call
// CHECK: scf.for
// CHECK: memref.store %{{.*}} : memref<1x4x6x1xf32, strided<[256, 64, 8, 1], offset: 8>>
// CHECK-NEXT: memref.store %{{.*}} : memref<1x4x6x1xf32, strided<[256, 64, 8, 1], offset: 15>>
// CHECK: vector.maskedload
// CHECK: vector.maskedstore
// CHECK-NOT: scf.for
// CHECK-NOT: llvm.call
// CHECK: return
func.func @main(%x: tensor<1x4x6x6xf32>) -> tensor<1x4x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x4x6x6xf32> to tensor<1x4x8x8xf32>
  return %p : tensor<1x4x8x8xf32>
}
