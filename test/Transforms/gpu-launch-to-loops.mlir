// RUN: nnc-opt %s -split-input-file -nnc-gpu-launch-to-loops | FileCheck %s

// A launch becomes a 6-D scf.parallel over grid x block; block and thread
// ids are its induction variables and the sizes the launch's operands.
// CHECK-LABEL: func.func @launch_as_loops
// CHECK: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[C3:.*]] = arith.constant 3 : index
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: scf.parallel (%[[BX:.*]], %{{.*}}, %{{.*}}, %[[TX:.*]], %{{.*}}, %{{.*}}) = (%[[C0]], %[[C0]], %[[C0]], %[[C0]], %[[C0]], %[[C0]]) to (%[[C3]], %[[C1]], %[[C1]], %[[C4]], %[[C1]], %[[C1]]) step (%[[S:.*]], %[[S]], %[[S]], %[[S]], %[[S]], %[[S]])
// CHECK: %[[M:.*]] = arith.muli %[[BX]], %[[C4]] : index
// CHECK: %[[I:.*]] = arith.addi %[[M]], %[[TX]] : index
// CHECK: memref.store %{{.*}}, %{{.*}}[%[[I]]]
// CHECK: scf.reduce
// CHECK-NOT: gpu.launch
func.func @launch_as_loops(%b: memref<12xf32>) {
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %f = arith.constant 2.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c3, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%nx = %c4, %ny = %c1, %nz = %c1) {
    %m = arith.muli %bx, %nx : index
    %i = arith.addi %m, %tx : index
    memref.store %f, %b[%i] : memref<12xf32>
    gpu.terminator
  }
  return
}
