// RUN: nnc-opt %s -split-input-file -nnc-plan-memory -verify-diagnostics

func.func @dynamic(%n: index) {
  // expected-error @+1 {{nnc-plan-memory: only statically shaped, identity-layout heap buffers can be planned}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}

// -----

func.func @stack() {
  // expected-error @+1 {{nnc-plan-memory: only statically shaped, identity-layout heap buffers can be planned}}
  %a = memref.alloca() : memref<4xf32>
  return
}
