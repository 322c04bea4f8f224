// RUN: nnc-opt %s -split-input-file -allow-unregistered-dialect -nnc-externalize-weights | FileCheck %s

// Each constant global becomes a 64-byte-aligned view of one trailing
// weights argument; the globals are gone and the blob is a module attribute.
// CHECK: module attributes {nnc.weights = dense_resource<nnc_weights> : tensor<128xi8>}
// CHECK-NOT: memref.global
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:arg[0-9]+]]: memref<4xf32>, %[[OUT:arg[0-9]+]]: memref<4xf32>, %[[W:arg[0-9]+]]: memref<128xi8> {nnc.buffer = "weights"})
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[A:.*]] = memref.view %[[W]][%[[C0]]][] : memref<128xi8> to memref<4xf32>
// CHECK: %[[C64:.*]] = arith.constant 64 : index
// CHECK: %[[B:.*]] = memref.view %[[W]][%[[C64]]][] : memref<128xi8> to memref<2x2xf32>
// CHECK-NOT: memref.get_global
// CHECK: %[[A2:.*]] = memref.view %[[W]][%{{.*}}][] : memref<128xi8> to memref<4xf32>
// CHECK: "test.use"(%[[A]], %[[B]], %[[A2]])
// The blob holds the values, the second one at offset 64 (hex, little endian).
// CHECK: nnc_weights: "0x400000000000803F0000004000004040000080400000
// CHECK-SAME: 0000000000A0400000C0400000E04000000041
memref.global "private" constant @a : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
memref.global "private" constant @b : memref<2x2xf32> = dense<[[5.0, 6.0], [7.0, 8.0]]>
func.func @main(%x: memref<4xf32>, %out: memref<4xf32>) {
  %0 = memref.get_global @a : memref<4xf32>
  %1 = memref.get_global @b : memref<2x2xf32>
  %2 = memref.get_global @a : memref<4xf32>
  "test.use"(%0, %1, %2) : (memref<4xf32>, memref<2x2xf32>, memref<4xf32>) -> ()
  return
}

// -----

// Splat constants are expanded into the blob.
// CHECK-LABEL: func.func @main
// CHECK-SAME: %{{.*}}: memref<64xi8> {nnc.buffer = "weights"}
// CHECK: nnc_weights: "0x400000000000003F0000003F0000003F0000003F
memref.global "private" constant @half : memref<4xf32> = dense<0.5>
func.func @main(%out: memref<4xf32>) {
  %0 = memref.get_global @half : memref<4xf32>
  "test.use"(%0) : (memref<4xf32>) -> ()
  return
}

