// RUN: nnc-opt %s -split-input-file -allow-unregistered-dialect -nnc-plan-memory | FileCheck %s

// a -> b -> c: a is dead once b is written, so c takes a's bytes.
// CHECK-LABEL: func.func @chain_reuses_dead_buffer
// CHECK-SAME: %[[WS:arg[0-9]+]]: memref<2048xi8> {nnc.buffer = "workspace"}) attributes {nnc.workspace_size = 2048 : i64}
// CHECK-NOT: memref.alloc
// CHECK: %[[A:.*]] = memref.view %[[WS]][%[[OA:.*]]][] : memref<2048xi8> to memref<256xf32>
// CHECK: %[[B:.*]] = memref.view %[[WS]][%[[OB:.*]]][] : memref<2048xi8> to memref<256xf32>
// CHECK: "test.producer"(%[[A]], %[[B]])
// CHECK: %[[C:.*]] = memref.view %[[WS]][%[[OC:.*]]][] : memref<2048xi8> to memref<256xf32>
// CHECK: "test.producer"(%[[B]], %[[C]])
// CHECK-NOT: memref.dealloc
func.func @chain_reuses_dead_buffer(%x: memref<256xf32>, %out: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  "test.producer"(%x, %a) : (memref<256xf32>, memref<256xf32>) -> ()
  %b = memref.alloc() : memref<256xf32>
  "test.producer"(%a, %b) : (memref<256xf32>, memref<256xf32>) -> ()
  %c = memref.alloc() : memref<256xf32>
  "test.producer"(%b, %c) : (memref<256xf32>, memref<256xf32>) -> ()
  "test.producer"(%c, %out) : (memref<256xf32>, memref<256xf32>) -> ()
  memref.dealloc %a : memref<256xf32>
  return
}

// -----

// A buffer read through a subview inside a loop lives until the loop ends,
// and is read again after it, so it overlaps the buffer allocated after the
// loop. The larger buffer is placed first, at offset 0.
// CHECK-LABEL: func.func @alias_in_loop_extends_life
// CHECK-SAME: %[[WS:arg[0-9]+]]: memref<192xi8> {nnc.buffer = "workspace"}) attributes {nnc.workspace_size = 192 : i64}
// CHECK: %[[C128:.*]] = arith.constant 128 : index
// CHECK: memref.view %[[WS]][%[[C128]]][] : memref<192xi8> to memref<16xf32>
// CHECK: scf.for
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: memref.view %[[WS]][%[[C0]]][] : memref<192xi8> to memref<32xf32>
func.func @alias_in_loop_extends_life(%x: memref<16xf32>, %out: memref<32xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c1 = arith.constant 1 : index
  %a = memref.alloc() : memref<16xf32>
  "test.producer"(%x, %a) : (memref<16xf32>, memref<16xf32>) -> ()
  scf.for %i = %c0 to %c2 step %c1 {
    %s = memref.subview %a[0] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1]>>
    "test.consumer"(%s) : (memref<8xf32, strided<[1]>>) -> ()
  }
  %b = memref.alloc() : memref<32xf32>
  "test.producer"(%a, %b) : (memref<16xf32>, memref<32xf32>) -> ()
  "test.producer"(%b, %out) : (memref<32xf32>, memref<32xf32>) -> ()
  return
}

// -----

// A per-iteration scratch buffer inside a loop gets one fixed slot.
// CHECK-LABEL: func.func @scratch_in_loop
// CHECK-SAME: %[[WS:arg[0-9]+]]: memref<64xi8> {nnc.buffer = "workspace"})
// CHECK: scf.for
// CHECK:   memref.view %[[WS]][%{{.*}}][] : memref<64xi8> to memref<4xf32>
// CHECK-NOT: memref.alloc
func.func @scratch_in_loop(%x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %t = memref.alloc() : memref<4xf32>
    "test.producer"(%x, %t) : (memref<4xf32>, memref<4xf32>) -> ()
  }
  return
}

// -----

// No buffers: an empty workspace.
// CHECK-LABEL: func.func @no_buffers
// CHECK-SAME: memref<0xi8> {nnc.buffer = "workspace"}) attributes {nnc.workspace_size = 0 : i64}
func.func @no_buffers(%x: memref<4xf32>) {
  return
}
