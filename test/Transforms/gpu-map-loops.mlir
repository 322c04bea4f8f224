// RUN: nnc-opt %s -split-input-file -nnc-gpu-map-loops | FileCheck %s

// A 2-D nest of 4 x 300 iterations: 5 blocks of 256 threads, a guard for
// the partial last block, and the indices by division and remainder.
// CHECK-LABEL: func.func @parallel_partial_block
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK: gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C5]], {{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C256]], {{.*}}) module(@nnc_kernels) function(@k0)
// CHECK: %[[MUL:.*]] = arith.muli %[[BX]], %{{.*}} : index
// CHECK: %[[LIN:.*]] = arith.addi %[[MUL]], %[[TX]] : index
// CHECK: %[[C1200:.*]] = arith.constant 1200 : index
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[LIN]], %[[C1200]] : index
// CHECK: scf.if %[[IN]] {
// CHECK: %[[I:.*]] = arith.divui %[[LIN]], %{{.*}} : index
// CHECK: %[[J:.*]] = arith.remui %[[LIN]], %{{.*}} : index
// CHECK: %[[V:.*]] = memref.load %{{.*}}[%[[I]], %[[J]]]
// CHECK: memref.store %[[V]], %{{.*}}[%[[I]], %[[J]]]
// CHECK: gpu.terminator
// CHECK-NOT: scf.parallel
func.func @parallel_partial_block(%a: memref<4x300xf32>, %b: memref<4x300xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c300 = arith.constant 300 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c300) step (%c1, %c1) {
    %v = memref.load %a[%i, %j] : memref<4x300xf32>
    memref.store %v, %b[%i, %j] : memref<4x300xf32>
    scf.reduce
  }
  return
}

// -----

// 8 iterations fill one block of 8 exactly (no guard); bounds and steps
// other than 0 and 1 scale and shift the index.
// CHECK-LABEL: func.func @parallel_exact_strided
// CHECK: gpu.launch
// CHECK-NOT: scf.if
// CHECK: %[[LIN:.*]] = arith.addi
// CHECK: %[[S:.*]] = arith.muli %[[LIN]], %{{.*}} : index
// CHECK: %[[I:.*]] = arith.addi %[[S]], %{{.*}} : index
// CHECK: memref.store %{{.*}}, %{{.*}}[%[[I]]]
func.func @parallel_exact_strided(%b: memref<20xf32>) {
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c18 = arith.constant 18 : index
  %f = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c3) to (%c18) step (%c2) {
    memref.store %f, %b[%i] : memref<20xf32>
    scf.reduce
  }
  return
}

// -----

// A loop that is not parallel runs in a launch of one thread; views and
// constants stay on the host.
// CHECK-LABEL: func.func @serial_loop
// CHECK: %[[V:.*]] = memref.subview
// CHECK: %[[ONE:.*]] = arith.constant 1 : index
// CHECK: %[[G:.*]] = arith.constant 1 : index
// CHECK: %[[T:.*]] = arith.constant 1 : index
// CHECK: gpu.launch blocks({{.*}}) in (%{{.*}} = %[[G]], %{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]]) threads({{.*}}) in (%{{.*}} = %[[T]], %{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]])
// CHECK-NEXT: scf.for
// CHECK: memref.store %{{.*}}, %[[V]]
// CHECK: gpu.terminator
func.func @serial_loop(%b: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %v = memref.subview %b[4] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
  scf.for %i = %c1 to %c4 step %c1 {
    %p = arith.subi %i, %c1 : index
    %x = memref.load %v[%p] : memref<4xf32, strided<[1], offset: 4>>
    memref.store %x, %v[%i] : memref<4xf32, strided<[1], offset: 4>>
  }
  return
}

// -----

// Kernels are named after the ONNX node in the location, in one module.
// CHECK-LABEL: func.func @kernel_names
// CHECK: gpu.launch {{.*}} module(@nnc_kernels) function(@k0__conv_1)
// CHECK: gpu.launch {{.*}} module(@nnc_kernels) function(@k1)
func.func @kernel_names(%b: memref<2xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %f = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
    memref.store %f, %b[%i] : memref<2xf32>
    scf.reduce
  } loc(fused["/conv.1"("model.onnx":1:1)])
  scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
    memref.store %f, %b[%i] : memref<2xf32>
    scf.reduce
  }
  return
}
