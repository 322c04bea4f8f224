// RUN: nnc-opt %s -split-input-file -nnc-expand-vector-math | FileCheck %s

// A vector exp becomes a range reduction and a polynomial on vectors.
// CHECK-LABEL: func.func @exp_vector
// CHECK-NOT: math.exp
// CHECK: math.floor %{{.*}} : vector<16xf32>
// CHECK-NOT: math.exp
// CHECK: return %{{.*}} : vector<16xf32>
func.func @exp_vector(%x: vector<16xf32>) -> vector<16xf32> {
  %e = math.exp %x : vector<16xf32>
  return %e : vector<16xf32>
}

// -----

// tanh on vectors is expanded, and what it expands into is approximated
// too: no transcendental op is left.
// CHECK-LABEL: func.func @tanh_vector
// CHECK-NOT: math.tanh
// CHECK-NOT: math.exp
// CHECK: return %{{.*}} : vector<8xf32>
func.func @tanh_vector(%x: vector<8xf32>) -> vector<8xf32> {
  %t = math.tanh %x : vector<8xf32>
  return %t : vector<8xf32>
}

// -----

// Scalar math keeps its libm call.
// CHECK-LABEL: func.func @exp_scalar_kept
// CHECK: %[[E:.*]] = math.exp %{{.*}} : f32
// CHECK: return %[[E]]
func.func @exp_scalar_kept(%x: f32) -> f32 {
  %e = math.exp %x : f32
  return %e : f32
}
