// RUN: nnc-opt %s -split-input-file -allow-unregistered-dialect -nnc-plan-memory="nnc-thread-private=true" | FileCheck %s

// A tile buffer hoisted out of an independent loop and used only inside it
// goes to the per-thread scratch; the buffer that the loop fills and the
// next op reads stays in the shared workspace.
// CHECK-LABEL: func.func @tile_buffer_is_private
// CHECK-SAME: %[[WS:arg[0-9]+]]: memref<256xi8> {nnc.buffer = "workspace"}
// CHECK-SAME: %[[SCRATCH:arg[0-9]+]]: memref<64xi8> {nnc.buffer = "thread_scratch"})
// CHECK-SAME: attributes {nnc.thread_scratch_size = 64 : i64, nnc.workspace_size = 256 : i64}
// CHECK: %[[TILE:.*]] = memref.view %[[SCRATCH]][%{{.*}}][] : memref<64xi8> to memref<16xf32>
// CHECK: %[[OUT:.*]] = memref.view %[[WS]][%{{.*}}][] : memref<256xi8> to memref<64xf32>
// CHECK: scf.forall
// CHECK:   "test.producer"(%{{.*}}, %[[TILE]])
// CHECK:   "test.producer"(%[[TILE]], %{{.*}})
// CHECK: "test.consumer"(%[[OUT]])
func.func @tile_buffer_is_private(%x: memref<64xf32>) {
  %tile = memref.alloc() : memref<16xf32>
  %out = memref.alloc() : memref<64xf32>
  scf.forall (%i) = (0) to (64) step (16) {
    %in = memref.subview %x[%i] [16] [1] : memref<64xf32> to memref<16xf32, strided<[1], offset: ?>>
    "test.producer"(%in, %tile) : (memref<16xf32, strided<[1], offset: ?>>, memref<16xf32>) -> ()
    %o = memref.subview %out[%i] [16] [1] : memref<64xf32> to memref<16xf32, strided<[1], offset: ?>>
    "test.producer"(%tile, %o) : (memref<16xf32>, memref<16xf32, strided<[1], offset: ?>>) -> ()
  }
  "test.consumer"(%out) : (memref<64xf32>) -> ()
  return
}

// -----

// Buffers of two different loops may share scratch bytes: a thread runs one
// loop at a time.
// CHECK-LABEL: func.func @two_loops_share_scratch
// CHECK-SAME: memref<64xi8> {nnc.buffer = "thread_scratch"}
// CHECK-SAME: nnc.thread_scratch_size = 64 : i64
func.func @two_loops_share_scratch(%x: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %a = memref.alloc() : memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  scf.parallel (%i) = (%c0) to (%c64) step (%c16) {
    "test.producer"(%x, %a) : (memref<64xf32>, memref<16xf32>) -> ()
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c64) step (%c16) {
    "test.producer"(%x, %b) : (memref<64xf32>, memref<16xf32>) -> ()
    scf.reduce
  }
  return
}

// -----

// A sequential loop's buffer, or one used by two top-level ops, is shared.
// CHECK-LABEL: func.func @sequential_loop_is_shared
// CHECK-SAME: memref<64xi8> {nnc.buffer = "workspace"}
// CHECK-SAME: memref<0xi8> {nnc.buffer = "thread_scratch"}
// CHECK-SAME: nnc.thread_scratch_size = 0 : i64
func.func @sequential_loop_is_shared(%x: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<16xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    "test.producer"(%x, %a) : (memref<64xf32>, memref<16xf32>) -> ()
  }
  %b = memref.alloc() : memref<16xf32>
  scf.forall (%i) = (0) to (4) step (1) {
    "test.producer"(%x, %b) : (memref<64xf32>, memref<16xf32>) -> ()
  }
  "test.consumer"(%b) : (memref<16xf32>) -> ()
  return
}
