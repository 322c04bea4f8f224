//===- Imports.cpp - The libc/libm functions a model may call -------------===//
//
// The import set of the model ABI, bound to the runtime's own libc and libm.
// A code object may leave only these symbols undefined; the compiler must
// lower everything else inline.
//
//===----------------------------------------------------------------------===//

#include "ElfLoader.h"

#include <math.h>
#include <string.h>

namespace {

struct Import {
  const char *name;
  void *address;
};

// clang-format off
#define NNC_IMPORT(fn) {#fn, reinterpret_cast<void *>(&fn)}
/// Beyond the ABI's list: truncf, rintf, fmodf, ldexpf and sincosf, which
/// LLVM emits by itself for llvm.trunc/llvm.rint (without SSE4.1), frem,
/// llvm.ldexp and sin/cos pairs of one operand; roundevenf for
/// llvm.roundeven on targets without a rounding instruction.
const Import kImports[] = {
    NNC_IMPORT(memcpy), NNC_IMPORT(memmove),    NNC_IMPORT(memset),
    NNC_IMPORT(expf),   NNC_IMPORT(logf),       NNC_IMPORT(tanhf),
    NNC_IMPORT(sqrtf),  NNC_IMPORT(powf),       NNC_IMPORT(erff),
    NNC_IMPORT(fmaf),   NNC_IMPORT(floorf),     NNC_IMPORT(ceilf),
    NNC_IMPORT(roundf), NNC_IMPORT(nearbyintf), NNC_IMPORT(fabsf),
    NNC_IMPORT(fmaxf),  NNC_IMPORT(fminf),      NNC_IMPORT(sinf),
    NNC_IMPORT(cosf),   NNC_IMPORT(exp2f),      NNC_IMPORT(log2f),
    NNC_IMPORT(log1pf), NNC_IMPORT(expm1f),     NNC_IMPORT(truncf),
    NNC_IMPORT(rintf),  NNC_IMPORT(fmodf),      NNC_IMPORT(ldexpf),
    NNC_IMPORT(sincosf),
    // Trigonometric and hyperbolic functions of the nn dialect's math ops.
    NNC_IMPORT(tanf),   NNC_IMPORT(asinf),      NNC_IMPORT(acosf),
    NNC_IMPORT(atanf),  NNC_IMPORT(sinhf),      NNC_IMPORT(coshf),
    NNC_IMPORT(asinhf), NNC_IMPORT(acoshf),     NNC_IMPORT(atanhf),
    NNC_IMPORT(roundevenf),
};
#undef NNC_IMPORT
// clang-format on

} // namespace

void *nnc::rt::findImport(const char *name) {
  for (const Import &import : kImports)
    if (strcmp(import.name, name) == 0)
      return import.address;
  return nullptr;
}
