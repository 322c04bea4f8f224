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
#define NNC_IMPORT_AS(fn, type) {#fn, reinterpret_cast<void *>(static_cast<type>(&fn))}
#define NNC_IMPORT_D1(fn) NNC_IMPORT_AS(fn, double (*)(double))
#define NNC_IMPORT_D2(fn) NNC_IMPORT_AS(fn, double (*)(double, double))
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
    // The same functions in double precision, for float64 tensors (cast to
    // pick the C overload out of C++'s <cmath> set).
    NNC_IMPORT_D1(exp), NNC_IMPORT_D1(log), NNC_IMPORT_D1(tanh),
    NNC_IMPORT_D1(sqrt), NNC_IMPORT_D1(erf), NNC_IMPORT_D1(floor),
    NNC_IMPORT_D1(ceil), NNC_IMPORT_D1(round), NNC_IMPORT_D1(nearbyint),
    NNC_IMPORT_D1(fabs), NNC_IMPORT_D1(sin), NNC_IMPORT_D1(cos),
    NNC_IMPORT_D1(exp2), NNC_IMPORT_D1(log2), NNC_IMPORT_D1(log1p),
    NNC_IMPORT_D1(expm1), NNC_IMPORT_D1(trunc), NNC_IMPORT_D1(rint),
    NNC_IMPORT_D1(tan), NNC_IMPORT_D1(asin), NNC_IMPORT_D1(acos),
    NNC_IMPORT_D1(atan), NNC_IMPORT_D1(sinh), NNC_IMPORT_D1(cosh),
    NNC_IMPORT_D1(asinh), NNC_IMPORT_D1(acosh), NNC_IMPORT_D1(atanh),
    NNC_IMPORT_D1(roundeven), NNC_IMPORT_D2(pow), NNC_IMPORT_D2(fmax),
    NNC_IMPORT_D2(fmin), NNC_IMPORT_D2(fmod), NNC_IMPORT_AS(fma, double (*)(double, double, double)),
    NNC_IMPORT_AS(ldexp, double (*)(double, int)), NNC_IMPORT(sincos),
};
#undef NNC_IMPORT_D2
#undef NNC_IMPORT_D1
#undef NNC_IMPORT_AS
#undef NNC_IMPORT
// clang-format on

} // namespace

void *nnc::rt::findImport(const char *name) {
  for (const Import &import : kImports)
    if (strcmp(import.name, name) == 0)
      return import.address;
  return nullptr;
}
