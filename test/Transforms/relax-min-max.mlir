// RUN: nnc-opt %s -split-input-file -nnc-relax-min-max | FileCheck %s
// RUN: nnc-opt %s -split-input-file -nnc-relax-min-max -convert-arith-to-llvm | FileCheck %s --check-prefix=LLVM

// ReLU and a max pooling step: both maxima may now ignore the sign of zero;
// the flag reaches the LLVM intrinsic.
// CHECK-LABEL: func.func @relu_and_pool
// CHECK: arith.maximumf %{{.*}}, %{{.*}} fastmath<nsz> : vector<16xf32>
// CHECK: arith.maximumf %{{.*}}, %{{.*}} fastmath<nsz> : vector<16xf32>
// LLVM-LABEL: func.func @relu_and_pool
// LLVM-COUNT-2: llvm.intr.maximum(%{{.*}}, %{{.*}}) {fastmathFlags = #llvm.fastmath<nsz>}
func.func @relu_and_pool(%x: vector<16xf32>, %y: vector<16xf32>) -> vector<16xf32> {
  %zero = arith.constant dense<0.0> : vector<16xf32>
  %r = arith.maximumf %x, %zero : vector<16xf32>
  %m = arith.maximumf %r, %y : vector<16xf32>
  return %m : vector<16xf32>
}

// -----

// A clip (ReLU6) on a scalar keeps its other flags and gains nsz on both ops;
// other float ops are untouched.
// CHECK-LABEL: func.func @clip_scalar
// CHECK: arith.maximumf %{{.*}}, %{{.*}} fastmath<nnan,nsz> : f32
// CHECK: arith.minimumf %{{.*}}, %{{.*}} fastmath<nsz> : f32
// CHECK: arith.addf %{{.*}}, %{{.*}} : f32
func.func @clip_scalar(%x: f32) -> f32 {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %a = arith.maximumf %x, %zero fastmath<nnan> : f32
  %b = arith.minimumf %a, %six : f32
  %c = arith.addf %b, %b : f32
  return %c : f32
}
