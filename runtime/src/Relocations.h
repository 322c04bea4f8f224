//===- Relocations.h - Per-architecture relocation encoding -----*- C++ -*-===//
//
// The machine-specific half of the ELF loader: how each supported relocation
// type patches its place, and how an import stub jumps to libc. The loader
// resolves symbols and bounds; these functions only encode and range-check.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_RUNTIME_RELOCATIONS_H
#define NNC_RUNTIME_RELOCATIONS_H

#include "nnc/runtime.h"

#include <stddef.h>
#include <stdint.h>

namespace nnc::rt {

/// One RELA entry with everything resolved. The place P is `loc` itself: the
/// image is relocated where it will run.
struct Relocation {
  uint32_t type;
  uint8_t *loc;        ///< Place to patch.
  size_t room;         ///< Bytes from loc to the end of its section.
  uint64_t sym;        ///< S. For an import, its stub, so branches stay near.
  uint64_t got;        ///< Address of the GOT slot holding the real target.
  int64_t addend;      ///< A.
  const char *section; ///< Name of the patched section, for messages.
  uint64_t offset;     ///< Offset of loc in that section, for messages.
};

/// Bytes reserved for each import stub, on every machine.
constexpr size_t kStubSize = 16;

/// Writes an import stub at `stub` that jumps to `target`, whose address is
/// also stored in the GOT slot at `gotSlot` (x86-64 jumps through the slot,
/// AArch64 embeds the address). The slot must be within 2 GiB of the stub.
void writeStub(uint16_t machine, uint8_t *stub, uint64_t gotSlot,
               uint64_t target);

/// True for absolute 32-bit relocations (non-PIC code), which only work when
/// the image is mapped in the low 2 GiB of the address space.
bool needsLowAddress(uint16_t machine, uint32_t type);

/// Patches one relocation. Fails with NNC_ERR_LOAD on an unsupported type, a
/// place too close to the end of its section, or a value that does not fit.
nnc_status applyRelocation(uint16_t machine, const Relocation &rel,
                           nnc_error *err);

} // namespace nnc::rt

#endif // NNC_RUNTIME_RELOCATIONS_H
