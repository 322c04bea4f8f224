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

// -----

// Ops a vector instruction does stay single ops: ceil, round, fma and
// rsqrt are not expanded into arithmetic.
// CHECK-LABEL: func.func @instructions_kept
// CHECK: %[[C:.*]] = math.ceil %{{.*}} : vector<16xf32>
// CHECK: %[[R:.*]] = math.roundeven %{{.*}} : vector<16xf32>
// CHECK: %[[F:.*]] = math.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: %[[S:.*]] = math.rsqrt %{{.*}} : vector<16xf32>
// CHECK: return %[[C]], %[[R]], %[[F]], %[[S]]
func.func @instructions_kept(%x: vector<16xf32>, %y: vector<16xf32>) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
  %c = math.ceil %x : vector<16xf32>
  %r = math.roundeven %x : vector<16xf32>
  %f = math.fma %x, %y, %x : vector<16xf32>
  %s = math.rsqrt %x : vector<16xf32>
  return %c, %r, %f, %s : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
}
