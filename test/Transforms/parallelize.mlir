// RUN: nnc-opt %s -split-input-file -allow-unregistered-dialect -nnc-parallelize -canonicalize | FileCheck %s

// An independent loop becomes this thread's chunk of its iterations:
// ceil(8 / threads) per thread, clamped to the 8 there are.
// CHECK-LABEL: func.func @forall_split_by_thread
// CHECK-SAME: %[[T:arg[0-9]+]]: index {nnc.spmd = "thread"}, %[[N:arg[0-9]+]]: index {nnc.spmd = "threads"}, %[[SYNC:arg[0-9]+]]: !llvm.ptr {nnc.spmd = "sync"})
// CHECK-SAME: nnc.parallel_work = 16 : i64
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C7:.*]] = arith.constant 7 : index
// CHECK: %[[SUM:.*]] = arith.addi %[[N]], %[[C7]]
// CHECK: %[[PER:.*]] = arith.divui %[[SUM]], %[[N]]
// CHECK: %[[B0:.*]] = arith.muli %[[T]], %[[PER]]
// CHECK: %[[BEGIN:.*]] = arith.minui %[[B0]], %[[C8]]
// CHECK: %[[E0:.*]] = arith.addi %[[BEGIN]], %[[PER]]
// CHECK: %[[END:.*]] = arith.minui %[[E0]], %[[C8]]
// CHECK: scf.for %[[K:.*]] = %[[BEGIN]] to %[[END]] step %[[C1]]
// CHECK:   %[[I:.*]] = arith.muli %[[K]], %[[C8]]
// CHECK:   memref.subview %{{.*}}[%[[I]]] [8] [1]
// CHECK:   "test.tile"(%{{.*}})
// CHECK-NOT: scf.forall
// CHECK-NOT: llvm.call
// CHECK: return
func.func @forall_split_by_thread(%x: memref<64xf32>) {
  scf.forall (%i) = (0) to (64) step (8) {
    %s = memref.subview %x[%i] [8] [1] : memref<64xf32> to memref<8xf32, strided<[1], offset: ?>>
    "test.tile"(%s) : (memref<8xf32, strided<[1], offset: ?>>) -> ()
  }
  return
}

// -----

// Outer dimensions are linearized until there are 64 chunks (4 x 32 here);
// the innermost stays a parallel loop inside the chunk.
// CHECK-LABEL: func.func @outer_dims_linearized
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG: %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG: %[[C100:.*]] = arith.constant 100 : index
// CHECK: %[[BEGIN:.*]] = arith.minui %{{.*}}, %[[C128]]
// CHECK: scf.for %[[K:.*]] = %[[BEGIN]] to %{{.*}} step
// CHECK:   %[[J:.*]] = arith.remui %[[K]], %[[C32]]
// CHECK:   %[[I:.*]] = arith.divui %[[K]], %[[C32]]
// CHECK:   scf.parallel (%[[L:.*]]) = (%{{.*}}) to (%[[C100]]) step
// CHECK:     memref.store %{{.*}}, %{{.*}}[%[[I]], %[[J]], %[[L]]]
func.func @outer_dims_linearized(%x: memref<4x32x100xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c32 = arith.constant 32 : index
  %c100 = arith.constant 100 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j, %l) = (%c0, %c0, %c0) to (%c4, %c32, %c100) step (%c1, %c1, %c1) {
    memref.store %zero, %x[%i, %j, %l] : memref<4x32x100xf32>
    scf.reduce
  }
  return
}

// -----

// Ops that cannot be split run on thread 0 alone; a barrier (whenever a
// sync is given: several threads, or a profiled run) separates phases that
// are not both serial, so two serial ops share one `if` (once
// canonicalized) and no barrier. Each phase is named by its ops' nodes.
// CHECK-LABEL: func.func @serial_ops_and_barriers
// CHECK-SAME: %[[T:arg[0-9]+]]: index {nnc.spmd = "thread"}, %[[N:arg[0-9]+]]: index {nnc.spmd = "threads"}, %[[SYNC:arg[0-9]+]]: !llvm.ptr {nnc.spmd = "sync"})
// CHECK-SAME: nnc.phases = ["node_a, node_b", "(unnamed)", "node_c, node_a"]
// CHECK-DAG: %[[FIRST:.*]] = arith.cmpi eq, %[[T]], %{{.*}}
// CHECK-DAG: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-DAG: %[[SHARED:.*]] = llvm.icmp "ne" %[[SYNC]], %[[NULL]]
// CHECK: scf.if %[[FIRST]] {
// CHECK-NEXT: "test.serial_a"
// CHECK-NEXT: "test.serial_b"
// CHECK-NEXT: }
// CHECK-NEXT: scf.if %[[SHARED]] {
// CHECK-NEXT:   %[[FN:.*]] = llvm.load %[[SYNC]] : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:   llvm.call %[[FN]](%[[SYNC]]) : !llvm.ptr, (!llvm.ptr) -> ()
// CHECK-NEXT: }
// CHECK: scf.for
// CHECK:   "test.tile"
// CHECK: scf.if %[[SHARED]] {
// CHECK-NEXT:   llvm.load %[[SYNC]]
// CHECK-NEXT:   llvm.call
// CHECK-NEXT: }
// CHECK-NEXT: scf.if %[[FIRST]] {
// CHECK-NEXT: "test.serial_c"
func.func @serial_ops_and_barriers(%x: memref<64xf32>) {
  "test.serial_a"(%x) : (memref<64xf32>) -> () loc("node_a")
  "test.serial_b"(%x) : (memref<64xf32>) -> () loc("node_b")
  scf.forall (%i) = (0) to (64) step (8) {
    "test.tile"(%x, %i) : (memref<64xf32>, index) -> ()
  }
  "test.serial_c"(%x) : (memref<64xf32>) -> () loc(fused["node_c", "node_a"])
  return
}

// -----

// A side effect whose result is used later cannot move under `thread == 0`:
// the function is left whole (and gets no nnc.parallel_work, so the code
// generator emits no multithreaded entry).
// CHECK-LABEL: func.func @result_used_later_stays_whole
// CHECK-NOT: nnc.parallel_work
// CHECK: %[[V:.*]] = "test.effect"
// CHECK-NEXT: scf.forall
// CHECK-NOT: scf.if
func.func @result_used_later_stays_whole(%x: memref<64xf32>) {
  %v = "test.effect"(%x) : (memref<64xf32>) -> index
  scf.forall (%i) = (0) to (64) step (8) {
    "test.tile"(%x, %v) : (memref<64xf32>, index) -> ()
  }
  return
}

// -----

// A loop over a run-time window of constant length (ub = lb + 36, a
// kernel's chunk of taps) counts 36 iterations in the work estimate, not 1:
// 8 tiles x 4 chunks x 36 x (the tap and the inner yield) = 2304, plus
// 8 x 4 x (muli, addi, yield) = 96.
// CHECK-LABEL: func.func @work_of_windowed_loop
// CHECK-SAME: nnc.parallel_work = 2400 : i64
func.func @work_of_windowed_loop(%x: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c36 = arith.constant 36 : index
  scf.forall (%i) = (0) to (64) step (8) {
    scf.for %k = %c0 to %c4 step %c1 {
      %lb = arith.muli %k, %c36 : index
      %ub = arith.addi %lb, %c36 : index
      scf.for %t = %lb to %ub step %c1 {
        "test.tap"() : () -> ()
      }
    }
  }
  return
}

// -----

// Phases that touch disjoint memory need no barrier between them: the
// border fills of a padded buffer (static slabs of one view) and the loop
// that writes its interior run on; the loop that then reads the whole
// buffer waits for all of them.
// CHECK-LABEL: func.func @disjoint_phases_share_a_barrier
// CHECK-COUNT-3: scf.for
// CHECK-NOT: llvm.call
// CHECK: llvm.call
// CHECK-NOT: llvm.call
// CHECK: scf.for
// CHECK-NOT: llvm.call
// CHECK: return
func.func @disjoint_phases_share_a_barrier(%src: memref<4x8xf32>, %ws: memref<640xi8>, %out: memref<4x10xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c10 = arith.constant 10 : index
  %zero = arith.constant 0.0 : f32
  %pad = memref.view %ws[%c0][] : memref<640xi8> to memref<4x10xf32>
  %left = memref.subview %pad[0, 0] [4, 1] [1, 1] : memref<4x10xf32> to memref<4x1xf32, strided<[10, 1]>>
  %right = memref.subview %pad[0, 9] [4, 1] [1, 1] : memref<4x10xf32> to memref<4x1xf32, strided<[10, 1], offset: 9>>
  %inner = memref.subview %pad[0, 1] [4, 8] [1, 1] : memref<4x10xf32> to memref<4x8xf32, strided<[10, 1], offset: 1>>
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    memref.store %zero, %left[%i, %c0] : memref<4x1xf32, strided<[10, 1]>>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    memref.store %zero, %right[%i, %c0] : memref<4x1xf32, strided<[10, 1], offset: 9>>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
    %v = memref.load %src[%i, %j] : memref<4x8xf32>
    memref.store %v, %inner[%i, %j] : memref<4x8xf32, strided<[10, 1], offset: 1>>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c10) step (%c1, %c1) {
    %v = memref.load %pad[%i, %j] : memref<4x10xf32>
    memref.store %v, %out[%i, %j] : memref<4x10xf32>
    scf.reduce
  }
  return
}

// -----

// A phase that writes bytes an unfinished phase still reads (a buffer the
// memory plan reuses) waits for it; one that writes other bytes of the same
// workspace does not.
// CHECK-LABEL: func.func @reuse_after_read_waits
// CHECK: scf.for
// CHECK-NOT: llvm.call
// CHECK: scf.for
// CHECK: llvm.call
// CHECK: scf.for
// CHECK-NOT: llvm.call
// CHECK: return
func.func @reuse_after_read_waits(%ws: memref<128xi8>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  %a = memref.view %ws[%c0][] : memref<128xi8> to memref<16xf32>
  %b = memref.view %ws[%c64][] : memref<128xi8> to memref<16xf32>
  %c = memref.view %ws[%c0][] : memref<128xi8> to memref<8xf32>
  scf.parallel (%i) = (%c0) to (%c16) step (%c1) {
    %v = memref.load %a[%i] : memref<16xf32>
    memref.store %v, %out[%i] : memref<16xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c16) step (%c1) {
    memref.store %zero, %b[%i] : memref<16xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    memref.store %zero, %c[%i] : memref<8xf32>
    scf.reduce
  }
  return
}

// -----

// Memory the phase cannot trace (an op without declared effects) always
// gets a barrier.
// CHECK-LABEL: func.func @unknown_effects_wait
// CHECK: scf.for
// CHECK: llvm.call
// CHECK: scf.for
func.func @unknown_effects_wait(%x: memref<64xf32>, %y: memref<64xf32>) {
  scf.forall (%i) = (0) to (64) step (8) {
    "test.tile"(%x, %i) : (memref<64xf32>, index) -> ()
  }
  scf.forall (%i) = (0) to (64) step (8) {
    %s = memref.subview %y[%i] [8] [1] : memref<64xf32> to memref<8xf32, strided<[1], offset: ?>>
    %zero = arith.constant 0.0 : f32
    linalg.fill ins(%zero : f32) outs(%s : memref<8xf32, strided<[1], offset: ?>>)
  }
  return
}

// -----

// A view cast from a buffer's base inside a loop (the channel kernel's
// input windows) spans the whole argument the base comes from, whatever the
// base's own type says.
// CHECK-LABEL: func.func @reinterpreted_base_spans_its_buffer
// CHECK: scf.for
// CHECK: llvm.call
// CHECK: scf.for
func.func @reinterpreted_base_spans_its_buffer(%ws: memref<256xi8>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  %a = memref.view %ws[%c64][] : memref<256xi8> to memref<16xf32>
  %b = memref.view %ws[%c0][] : memref<256xi8> to memref<4xf32>
  %base, %off, %size, %stride = memref.extract_strided_metadata %b : memref<4xf32> -> memref<f32>, index, index, index
  scf.parallel (%i) = (%c0) to (%c16) step (%c1) {
    memref.store %zero, %a[%i] : memref<16xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c16) step (%c1) {
    %w = memref.reinterpret_cast %base to offset: [%i], sizes: [1], strides: [1] : memref<f32> to memref<1xf32, strided<[1], offset: ?>>
    %v = memref.load %w[%c0] : memref<1xf32, strided<[1], offset: ?>>
    memref.store %v, %out[%i] : memref<16xf32>
    scf.reduce
  }
  return
}

// -----

// An i1 buffer takes a byte per element: a phase reading the flags another
// phase wrote through a different view of the same bytes waits for it.
// CHECK-LABEL: func.func @i1_buffers_have_bytes
// CHECK: memref.store %{{.*}} : memref<64xi1>
// CHECK: llvm.call
// CHECK: memref.load %{{.*}} : memref<8x8xi1>
func.func @i1_buffers_have_bytes(%ws: memref<64xi8>, %out: memref<8x8xi1>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c64 = arith.constant 64 : index
  %true = arith.constant true
  %flags = memref.view %ws[%c0][] : memref<64xi8> to memref<64xi1>
  %grid = memref.view %ws[%c0][] : memref<64xi8> to memref<8x8xi1>
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    memref.store %true, %flags[%i] : memref<64xi1>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c8) step (%c1, %c1) {
    %v = memref.load %grid[%i, %j] : memref<8x8xi1>
    memref.store %v, %out[%i, %j] : memref<8x8xi1>
    scf.reduce
  }
  return
}
