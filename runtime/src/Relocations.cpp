//===- Relocations.cpp - Per-architecture relocation encoding -------------===//
//
// x86-64 (psABI) and AArch64 (AAELF64) relocations that LLVM emits for the
// small code model, PIC or not. Values are computed in uint64_t (wrapping is
// defined) and range-checked as signed or unsigned before they are written.
//
//===----------------------------------------------------------------------===//

#include "Relocations.h"
#include "Error.h"

#include <elf.h>
#include <string.h>

using namespace nnc::rt;

namespace {

enum class Range { Signed, Unsigned, Either };

uint32_t read32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, sizeof(v));
  return v;
}

/// Whether `v` fits in `bits` bits as the given kind of integer.
bool fits(uint64_t v, unsigned bits, Range range) {
  int64_t s = static_cast<int64_t>(v);
  bool asSigned =
      s >= -(INT64_C(1) << (bits - 1)) && s < (INT64_C(1) << (bits - 1));
  bool asUnsigned = v < (UINT64_C(1) << bits);
  switch (range) {
  case Range::Signed:
    return asSigned;
  case Range::Unsigned:
    return asUnsigned;
  case Range::Either:
    return asSigned || asUnsigned;
  }
  return false;
}

nnc_status tooShort(const Relocation &r, nnc_error *err) {
  return fail(err, NNC_ERR_LOAD,
              "relocation type %u at %s+0x%llx runs past the end of the "
              "section",
              r.type, r.section, static_cast<unsigned long long>(r.offset));
}

nnc_status outOfRange(const Relocation &r, uint64_t value, nnc_error *err) {
  return fail(err, NNC_ERR_LOAD,
              "relocation type %u at %s+0x%llx: value 0x%llx does not fit its "
              "field (is the code too large, or not built for the small code "
              "model?)",
              r.type, r.section, static_cast<unsigned long long>(r.offset),
              static_cast<unsigned long long>(value));
}

nnc_status put64(const Relocation &r, uint64_t value, nnc_error *err) {
  if (r.room < 8)
    return tooShort(r, err);
  memcpy(r.loc, &value, 8);
  return NNC_OK;
}

nnc_status put32(const Relocation &r, uint64_t value, Range range,
                 nnc_error *err) {
  if (r.room < 4)
    return tooShort(r, err);
  if (!fits(value, 32, range))
    return outOfRange(r, value, err);
  uint32_t v = static_cast<uint32_t>(value);
  memcpy(r.loc, &v, 4);
  return NNC_OK;
}

nnc_status applyX86_64(const Relocation &r, nnc_error *err) {
  uint64_t p = reinterpret_cast<uintptr_t>(r.loc);
  uint64_t a = static_cast<uint64_t>(r.addend);
  switch (r.type) {
  case R_X86_64_NONE:
    return NNC_OK;
  case R_X86_64_64:
    return put64(r, r.sym + a, err);
  case R_X86_64_PC64:
    return put64(r, r.sym + a - p, err);
  case R_X86_64_PC32:
  case R_X86_64_PLT32:
    return put32(r, r.sym + a - p, Range::Signed, err);
  case R_X86_64_GOTPCREL:
  case R_X86_64_GOTPCRELX:
  case R_X86_64_REX_GOTPCRELX:
    // Keep the GOT load as is rather than relaxing it to an lea: the slot
    // holds the same address the relaxation would produce.
    return put32(r, r.got + a - p, Range::Signed, err);
  case R_X86_64_32:
    return put32(r, r.sym + a, Range::Unsigned, err);
  case R_X86_64_32S:
    return put32(r, r.sym + a, Range::Signed, err);
  default:
    return fail(err, NNC_ERR_LOAD,
                "unsupported x86-64 relocation type %u at %s+0x%llx", r.type,
                r.section, static_cast<unsigned long long>(r.offset));
  }
}

/// Replaces the bits of `mask` in the instruction at r.loc with `bits`.
nnc_status patchInsn(const Relocation &r, uint32_t mask, uint32_t bits,
                     nnc_error *err) {
  if (r.room < 4)
    return tooShort(r, err);
  uint32_t insn = (read32(r.loc) & ~mask) | (bits & mask);
  memcpy(r.loc, &insn, 4);
  return NNC_OK;
}

/// Encodes a 21-bit signed ADR/ADRP immediate (immlo in 29-30, immhi 5-23).
nnc_status patchAdr(const Relocation &r, uint64_t imm, bool check,
                    nnc_error *err) {
  if (check && !fits(imm, 21, Range::Signed))
    return outOfRange(r, imm, err);
  uint32_t bits =
      static_cast<uint32_t>(((imm & 3) << 29) | (((imm >> 2) & 0x7ffff) << 5));
  return patchInsn(r, (3u << 29) | (0x7ffffu << 5), bits, err);
}

/// Encodes a PC-relative branch offset of `bits` bits (after >> 2) at `shift`.
nnc_status patchBranch(const Relocation &r, uint64_t offset, unsigned bits,
                       unsigned shift, nnc_error *err) {
  if ((offset & 3) != 0 || !fits(offset, bits + 2, Range::Signed))
    return outOfRange(r, offset, err);
  uint32_t mask = ((1u << bits) - 1) << shift;
  return patchInsn(r, mask, static_cast<uint32_t>(offset >> 2) << shift, err);
}

/// Encodes the low 12 bits of an address into an ADD or a load/store
/// immediate, scaled by the access size 1 << scale.
nnc_status patchLo12(const Relocation &r, uint64_t value, unsigned scale,
                     nnc_error *err) {
  uint64_t lo12 = value & 0xfff;
  if ((lo12 & ((1u << scale) - 1)) != 0)
    return outOfRange(r, value, err);
  return patchInsn(r, 0xfffu << 10, static_cast<uint32_t>(lo12 >> scale) << 10,
                   err);
}

uint64_t page(uint64_t address) { return address & ~UINT64_C(0xfff); }

nnc_status applyAArch64(const Relocation &r, nnc_error *err) {
  uint64_t p = reinterpret_cast<uintptr_t>(r.loc);
  uint64_t sa = r.sym + static_cast<uint64_t>(r.addend);
  // Page deltas are shifted arithmetically: ADRP reaches +-4 GiB.
  auto pageDelta = [&](uint64_t target) {
    return static_cast<uint64_t>(static_cast<int64_t>(page(target) - page(p)) >>
                                 12);
  };
  switch (r.type) {
  case R_AARCH64_NONE:
  case 256: // R_AARCH64_NONE's alternative encoding in the ELF64 range.
    return NNC_OK;
  case R_AARCH64_ABS64:
    return put64(r, sa, err);
  case R_AARCH64_ABS32:
    return put32(r, sa, Range::Either, err);
  case R_AARCH64_PREL64:
    return put64(r, sa - p, err);
  case R_AARCH64_PREL32:
    return put32(r, sa - p, Range::Signed, err);
  case R_AARCH64_ADR_PREL_LO21:
    return patchAdr(r, sa - p, /*check=*/true, err);
  case R_AARCH64_ADR_PREL_PG_HI21:
    return patchAdr(r, pageDelta(sa), /*check=*/true, err);
  case R_AARCH64_ADR_PREL_PG_HI21_NC:
    return patchAdr(r, pageDelta(sa), /*check=*/false, err);
  case R_AARCH64_ADR_GOT_PAGE:
    return patchAdr(r, pageDelta(r.got), /*check=*/true, err);
  case R_AARCH64_ADD_ABS_LO12_NC:
  case R_AARCH64_LDST8_ABS_LO12_NC:
    return patchLo12(r, sa, 0, err);
  case R_AARCH64_LDST16_ABS_LO12_NC:
    return patchLo12(r, sa, 1, err);
  case R_AARCH64_LDST32_ABS_LO12_NC:
    return patchLo12(r, sa, 2, err);
  case R_AARCH64_LDST64_ABS_LO12_NC:
    return patchLo12(r, sa, 3, err);
  case R_AARCH64_LDST128_ABS_LO12_NC:
    return patchLo12(r, sa, 4, err);
  case R_AARCH64_LD64_GOT_LO12_NC:
    return patchLo12(r, r.got, 3, err);
  case R_AARCH64_CALL26:
  case R_AARCH64_JUMP26:
    return patchBranch(r, sa - p, 26, 0, err);
  case R_AARCH64_CONDBR19:
    return patchBranch(r, sa - p, 19, 5, err);
  case R_AARCH64_TSTBR14:
    return patchBranch(r, sa - p, 14, 5, err);
  default:
    return fail(err, NNC_ERR_LOAD,
                "unsupported AArch64 relocation type %u at %s+0x%llx", r.type,
                r.section, static_cast<unsigned long long>(r.offset));
  }
}

} // namespace

void nnc::rt::writeStub(uint16_t machine, uint8_t *stub, uint64_t gotSlot,
                        uint64_t target) {
  memset(stub, 0, kStubSize);
  if (machine == EM_X86_64) {
    // jmp *disp32(%rip), padded with int3. The loader keeps the image under
    // 1 GiB, so the displacement always fits.
    int32_t disp =
        static_cast<int32_t>(gotSlot - (reinterpret_cast<uintptr_t>(stub) + 6));
    const uint8_t jmp[2] = {0xff, 0x25};
    memset(stub, 0xcc, kStubSize);
    memcpy(stub, jmp, 2);
    memcpy(stub + 2, &disp, 4);
  } else if (machine == EM_AARCH64) {
    // ldr x16, #8; br x16; .quad target. x16 (IP0) is the register the
    // AAPCS64 reserves for veneers.
    const uint32_t insns[2] = {0x58000050u, 0xd61f0200u};
    memcpy(stub, insns, 8);
    memcpy(stub + 8, &target, 8);
  }
}

bool nnc::rt::needsLowAddress(uint16_t machine, uint32_t type) {
  return machine == EM_X86_64 && (type == R_X86_64_32 || type == R_X86_64_32S);
}

nnc_status nnc::rt::applyRelocation(uint16_t machine, const Relocation &rel,
                                    nnc_error *err) {
  if (machine == EM_X86_64)
    return applyX86_64(rel, err);
  if (machine == EM_AARCH64)
    return applyAArch64(rel, err);
  return fail(err, NNC_ERR_LOAD, "no relocation support for ELF machine %u",
              machine);
}
