// RUN: nnc-opt %s -split-input-file -allow-unregistered-dialect -nnc-externalize-weights -verify-diagnostics

// A mutable global cannot be shared by every run: rejected.
memref.global "private" @state : memref<4xf32> = dense<0.0>
func.func @main(%out: memref<4xf32>) {
  // expected-error @+1 {{nnc-externalize-weights: global 'state' is not a constant with an initial value}}
  %0 = memref.get_global @state : memref<4xf32>
  "test.use"(%0) : (memref<4xf32>) -> ()
  return
}

// -----

// expected-error @+1 {{nnc-externalize-weights: no entry function 'main'}}
module {
  func.func @other() {
    return
  }
}
