//===- ElfLoader.cpp - Load an ELF relocatable object for execution -------===//
//
// The image is one anonymous mapping in three page-aligned groups, one
// protection each: [code | import stubs] R+X, [constants | GOT] R and
// [data | bss] RW. It is filled and relocated while read-write and only then
// made executable, so no page is ever writable and executable at once.
// .eh_frame is not loaded: nothing unwinds through a model.
//
//===----------------------------------------------------------------------===//

#include "ElfLoader.h"
#include "Error.h"
#include "Relocations.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

using namespace nnc::rt;

namespace {

/// Keeps the image (and its 32-bit displacements) far inside +-2 GiB.
constexpr uint64_t kMaxImageSize = UINT64_C(1) << 30;
constexpr uint64_t kNotLoaded = ~UINT64_C(0);

enum Group { Exec, ReadOnly, Writable, NumGroups };

/// Where a symbol's address comes from once the image is mapped.
enum class SymKind : uint8_t { Absolute, InImage, Import, NotLoaded };

struct SymInfo {
  SymKind kind;
  uint32_t stub;  ///< Import: index of its stub.
  uint64_t value; ///< Absolute: the address; InImage: the image offset.
  void *target;   ///< Import: the libc/libm function.
};

uint64_t alignUp(uint64_t x, uint64_t align) {
  return (x + align - 1) & ~(align - 1);
}

/// One load: the untrusted object, what has been derived from it so far, and
/// the image. Every array it allocates is freed by the destructor.
class Loader {
public:
  Loader(const uint8_t *object, size_t size, nnc_error *err)
      : obj(object), objSize(size), err(err) {}
  ~Loader() {
    free(shdrs);
    free(sectionOffset);
    free(syms);
    if (image)
      munmap(image, imageSize);
  }

  nnc_status load(const char *entry, const char *parallelEntry,
                  LoadedCode *code);

private:
  nnc_status bad(const char *what) {
    return fail(err, NNC_ERR_LOAD, "malformed code object: %s", what);
  }
  bool inObject(uint64_t offset, uint64_t size) const {
    return offset <= objSize && size <= objSize - offset;
  }
  /// A NUL-terminated string at `index` of string table `shdr`, or null.
  const char *stringAt(const Elf64_Shdr &shdr, uint64_t index) const {
    if (shdr.sh_type != SHT_STRTAB || !inObject(shdr.sh_offset, shdr.sh_size) ||
        index >= shdr.sh_size)
      return nullptr;
    const char *s = reinterpret_cast<const char *>(obj + shdr.sh_offset);
    return memchr(s + index, 0, shdr.sh_size - index) ? s + index : nullptr;
  }
  const char *sectionName(unsigned i) const {
    const char *name = stringAt(shdrs[shstrndx], shdrs[i].sh_name);
    return name ? name : "?";
  }
  Elf64_Sym symbol(size_t i) const {
    Elf64_Sym sym;
    memcpy(&sym, obj + shdrs[symtabIndex].sh_offset + i * sizeof(sym),
           sizeof(sym));
    return sym;
  }
  const char *symbolName(const Elf64_Sym &sym) const {
    return stringAt(shdrs[shdrs[symtabIndex].sh_link], sym.st_name);
  }
  bool isLoaded(unsigned i) const { return sectionOffset[i] != kNotLoaded; }

  nnc_status readHeaders();
  nnc_status classifySections();
  nnc_status readSymbols();
  nnc_status layout();
  nnc_status scanRelocations(bool apply);
  nnc_status findEntry(const char *entry, uint64_t *offset);
  nnc_status mapImage();
  nnc_status protect();

  const uint8_t *obj;
  size_t objSize;
  nnc_error *err;
  uint16_t machine = 0;
  Elf64_Shdr *shdrs = nullptr;
  unsigned numSections = 0, shstrndx = 0, symtabIndex = 0;
  uint64_t *sectionOffset = nullptr; ///< Image offset, or kNotLoaded.
  uint8_t *sectionGroup = nullptr;   ///< Group of each loaded section.
  SymInfo *syms = nullptr;
  size_t numSyms = 0, numStubs = 0;
  uint64_t groupBegin[NumGroups] = {}, groupEnd[NumGroups] = {};
  uint64_t stubsOffset = 0, gotOffset = 0, imageSize = 0;
  bool needsLow = false;
  uint8_t *image = nullptr;
};

nnc_status Loader::readHeaders() {
  Elf64_Ehdr eh;
  if (objSize < sizeof(eh) || memcmp(obj, ELFMAG, SELFMAG) != 0)
    return fail(err, NNC_ERR_LOAD, "the bundle's code is not an ELF object");
  memcpy(&eh, obj, sizeof(eh));
  if (eh.e_ident[EI_CLASS] != ELFCLASS64 ||
      eh.e_ident[EI_DATA] != ELFDATA2LSB ||
      eh.e_ident[EI_VERSION] != EV_CURRENT)
    return fail(err, NNC_ERR_LOAD,
                "the bundle's code is not a little-endian ELF64 object");
  if (eh.e_type != ET_REL)
    return fail(err, NNC_ERR_LOAD,
                "the bundle's code is an ELF file of type %u; expected a "
                "relocatable object (ET_REL)",
                eh.e_type);
  machine = eh.e_machine;
  if (machine != hostElfMachine())
    return fail(err, NNC_ERR_TARGET,
                "the bundle's code is for ELF machine %u; this runtime "
                "executes machine %u (%s)",
                machine, hostElfMachine(), nnc_runtime_target());
  if (eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0 ||
      eh.e_shstrndx >= eh.e_shnum ||
      !inObject(eh.e_shoff, uint64_t(eh.e_shnum) * sizeof(Elf64_Shdr)))
    return bad("section header table out of bounds");
  numSections = eh.e_shnum;
  shstrndx = eh.e_shstrndx;
  shdrs = static_cast<Elf64_Shdr *>(calloc(numSections, sizeof(Elf64_Shdr)));
  // Section offsets and groups share one allocation.
  sectionOffset = static_cast<uint64_t *>(
      calloc(numSections, sizeof(uint64_t) + sizeof(uint8_t)));
  if (!shdrs || !sectionOffset)
    return fail(err, NNC_ERR_NOMEM, "out of memory reading the code object");
  sectionGroup = reinterpret_cast<uint8_t *>(sectionOffset + numSections);
  memcpy(shdrs, obj + eh.e_shoff, numSections * sizeof(Elf64_Shdr));
  if (shdrs[shstrndx].sh_type != SHT_STRTAB ||
      !inObject(shdrs[shstrndx].sh_offset, shdrs[shstrndx].sh_size))
    return bad("bad section name table");
  return NNC_OK;
}

/// Decides which sections are loaded, and into which group; finds .symtab.
nnc_status Loader::classifySections() {
  for (unsigned i = 0; i < numSections; ++i) {
    const Elf64_Shdr &sh = shdrs[i];
    sectionOffset[i] = kNotLoaded;
    if (sh.sh_type == SHT_SYMTAB) {
      if (symtabIndex != 0)
        return bad("more than one symbol table");
      symtabIndex = i;
      continue;
    }
    if (!(sh.sh_flags & SHF_ALLOC))
      continue;
    if (sh.sh_flags & SHF_TLS)
      return fail(err, NNC_ERR_LOAD,
                  "the code object uses thread-local storage (section '%s')",
                  sectionName(i));
    if (sh.sh_type == SHT_INIT_ARRAY || sh.sh_type == SHT_FINI_ARRAY ||
        sh.sh_type == SHT_PREINIT_ARRAY)
      return fail(err, NNC_ERR_LOAD,
                  "the code object has static constructors or destructors "
                  "(section '%s'), which the runtime does not run",
                  sectionName(i));
    // Notes, unwind tables and other metadata are not needed to run.
    if ((sh.sh_type != SHT_PROGBITS && sh.sh_type != SHT_NOBITS) ||
        strcmp(sectionName(i), ".eh_frame") == 0)
      continue;
    if (sh.sh_type == SHT_PROGBITS && !inObject(sh.sh_offset, sh.sh_size))
      return bad("section contents out of bounds");
    if (sh.sh_size > kMaxImageSize)
      return fail(err, NNC_ERR_LOAD, "section '%s' is too large",
                  sectionName(i));
    uint64_t align = sh.sh_addralign ? sh.sh_addralign : 1;
    if ((align & (align - 1)) != 0 || align > 4096)
      return bad("unsupported section alignment");
    sectionOffset[i] = 0;
    sectionGroup[i] = (sh.sh_flags & SHF_EXECINSTR) ? Exec
                      : (sh.sh_flags & SHF_WRITE)   ? Writable
                                                    : ReadOnly;
  }
  if (symtabIndex == 0)
    return bad("no symbol table");
  const Elf64_Shdr &st = shdrs[symtabIndex];
  if (st.sh_entsize != sizeof(Elf64_Sym) || st.sh_size % sizeof(Elf64_Sym) ||
      !inObject(st.sh_offset, st.sh_size) || st.sh_link >= numSections ||
      shdrs[st.sh_link].sh_type != SHT_STRTAB ||
      !inObject(shdrs[st.sh_link].sh_offset, shdrs[st.sh_link].sh_size))
    return bad("bad symbol table");
  numSyms = st.sh_size / sizeof(Elf64_Sym);
  return NNC_OK;
}

/// Classifies every symbol and binds imports; addresses come after mapping.
nnc_status Loader::readSymbols() {
  syms = static_cast<SymInfo *>(calloc(numSyms ? numSyms : 1, sizeof(SymInfo)));
  if (!syms)
    return fail(err, NNC_ERR_NOMEM, "out of memory reading the code object");
  for (size_t i = 1; i < numSyms; ++i) {
    Elf64_Sym sym = symbol(i);
    SymInfo &info = syms[i];
    const char *name = symbolName(sym);
    if (!name)
      return bad("symbol name out of bounds");
    if (sym.st_shndx == SHN_UNDEF) {
      info.target = findImport(name);
      if (info.target) {
        info.kind = SymKind::Import;
        info.stub = static_cast<uint32_t>(numStubs++);
      } else if (ELF64_ST_BIND(sym.st_info) == STB_WEAK) {
        info.kind = SymKind::Absolute; // An unresolved weak symbol is 0.
      } else {
        return fail(err, NNC_ERR_LOAD,
                    "the code object imports '%s', which is not in the "
                    "runtime's import table",
                    name);
      }
    } else if (sym.st_shndx == SHN_ABS) {
      info.kind = SymKind::Absolute;
      info.value = sym.st_value;
    } else if (sym.st_shndx == SHN_COMMON) {
      return fail(err, NNC_ERR_LOAD,
                  "common symbol '%s' is not supported (compile with "
                  "-fno-common)",
                  name);
    } else if (sym.st_shndx >= SHN_LORESERVE || sym.st_shndx >= numSections) {
      return bad("symbol in an invalid section");
    } else if (!isLoaded(sym.st_shndx)) {
      info.kind = SymKind::NotLoaded;
    } else {
      if (sym.st_value > shdrs[sym.st_shndx].sh_size)
        return bad("symbol outside its section");
      info.kind = SymKind::InImage;
      info.value = sym.st_value; // Made an image offset by layout().
    }
  }
  return NNC_OK;
}

/// Assigns image offsets: each group page-aligned, sections at their
/// alignment, stubs after the code and one GOT slot per symbol after the
/// constants.
nnc_status Loader::layout() {
  uint64_t pageSize = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  uint64_t offset = 0;
  for (int g = 0; g < NumGroups; ++g) {
    offset = alignUp(offset, pageSize);
    groupBegin[g] = offset;
    for (unsigned i = 0; i < numSections; ++i) {
      if (!isLoaded(i) || sectionGroup[i] != g)
        continue;
      uint64_t align = shdrs[i].sh_addralign ? shdrs[i].sh_addralign : 1;
      sectionOffset[i] = alignUp(offset, align);
      offset = sectionOffset[i] + shdrs[i].sh_size;
      if (offset > kMaxImageSize)
        return fail(err, NNC_ERR_LOAD, "the code object is larger than 1 GiB");
    }
    if (g == Exec) {
      stubsOffset = alignUp(offset, 16);
      offset = stubsOffset + numStubs * kStubSize;
    } else if (g == ReadOnly) {
      gotOffset = alignUp(offset, 8);
      offset = gotOffset + numSyms * sizeof(uint64_t);
    }
    if (offset > kMaxImageSize)
      return fail(err, NNC_ERR_LOAD, "the code object is larger than 1 GiB");
    groupEnd[g] = offset;
  }
  imageSize = alignUp(offset, pageSize);
  for (size_t i = 1; i < numSyms; ++i) {
    if (syms[i].kind == SymKind::InImage)
      syms[i].value += sectionOffset[symbol(i).st_shndx];
  }
  return NNC_OK;
}

/// Walks the RELA sections of loaded sections: first to validate them and
/// learn whether the image must be mapped low, then to apply them.
nnc_status Loader::scanRelocations(bool apply) {
  for (unsigned j = 0; j < numSections; ++j) {
    const Elf64_Shdr &rs = shdrs[j];
    if (rs.sh_type != SHT_RELA && rs.sh_type != SHT_REL)
      continue;
    if (rs.sh_info >= numSections || !isLoaded(rs.sh_info))
      continue; // Relocates something not loaded (.eh_frame, debug info).
    unsigned target = rs.sh_info;
    if (rs.sh_type == SHT_REL)
      return fail(err, NNC_ERR_LOAD,
                  "section '%s' holds REL relocations; only RELA is supported",
                  sectionName(j));
    if (rs.sh_link != symtabIndex || rs.sh_entsize != sizeof(Elf64_Rela) ||
        rs.sh_size % sizeof(Elf64_Rela) || !inObject(rs.sh_offset, rs.sh_size))
      return bad("bad relocation section");
    if (shdrs[target].sh_type == SHT_NOBITS)
      return bad("relocations against a section without contents");
    for (uint64_t k = 0; k < rs.sh_size / sizeof(Elf64_Rela); ++k) {
      Elf64_Rela rela;
      memcpy(&rela, obj + rs.sh_offset + k * sizeof(rela), sizeof(rela));
      uint32_t type = ELF64_R_TYPE(rela.r_info);
      uint64_t symIndex = ELF64_R_SYM(rela.r_info);
      if (symIndex >= numSyms || rela.r_offset >= shdrs[target].sh_size)
        return bad("relocation out of bounds");
      if (!apply) {
        needsLow |= needsLowAddress(machine, type);
        continue;
      }
      const SymInfo &info = syms[symIndex];
      uint64_t base = reinterpret_cast<uintptr_t>(image);
      Relocation rel;
      rel.type = type;
      rel.loc = image + sectionOffset[target] + rela.r_offset;
      rel.room = shdrs[target].sh_size - rela.r_offset;
      rel.got = base + gotOffset + symIndex * sizeof(uint64_t);
      rel.addend = rela.r_addend;
      rel.section = sectionName(target);
      rel.offset = rela.r_offset;
      switch (info.kind) {
      case SymKind::Absolute:
        rel.sym = info.value;
        break;
      case SymKind::InImage:
        rel.sym = base + info.value;
        break;
      case SymKind::Import:
        rel.sym = base + stubsOffset + info.stub * kStubSize;
        break;
      case SymKind::NotLoaded: {
        const char *name = symbolName(symbol(symIndex));
        return fail(err, NNC_ERR_LOAD,
                    "relocation in '%s' refers to '%s', which is in a section "
                    "the runtime does not load",
                    rel.section, name && *name ? name : "a section symbol");
      }
      }
      if (nnc_status s = applyRelocation(machine, rel, err))
        return s;
    }
  }
  return NNC_OK;
}

/// Finds the global function `entry` and returns its image offset.
nnc_status Loader::findEntry(const char *entry, uint64_t *offset) {
  for (size_t i = 1; i < numSyms; ++i) {
    Elf64_Sym sym = symbol(i);
    const char *name = symbolName(sym);
    if (!name || strcmp(name, entry) != 0 || sym.st_shndx == SHN_UNDEF)
      continue;
    unsigned bind = ELF64_ST_BIND(sym.st_info);
    unsigned type = ELF64_ST_TYPE(sym.st_info);
    if (bind != STB_GLOBAL && bind != STB_WEAK)
      continue; // A local of the same name does not count.
    if ((type != STT_FUNC && type != STT_NOTYPE) ||
        syms[i].kind != SymKind::InImage || sectionGroup[sym.st_shndx] != Exec)
      return fail(err, NNC_ERR_LOAD,
                  "entry symbol '%s' is not a function in the code", entry);
    *offset = syms[i].value;
    return NNC_OK;
  }
  return fail(err, NNC_ERR_LOAD,
              "entry symbol '%s' is not defined by the code object", entry);
}

/// Maps the image read-write, copies the sections, writes stubs and GOT.
nnc_status Loader::mapImage() {
  int flags = MAP_PRIVATE | MAP_ANONYMOUS;
#ifdef MAP_32BIT
  // Non-PIC code holds absolute 32-bit addresses; keep it under 2 GiB.
  if (needsLow)
    flags |= MAP_32BIT;
#endif
  void *p = mmap(nullptr, imageSize, PROT_READ | PROT_WRITE, flags, -1, 0);
  if (p == MAP_FAILED)
    return fail(err, NNC_ERR_NOMEM, "cannot map %llu bytes for the code: %s",
                static_cast<unsigned long long>(imageSize), strerror(errno));
  image = static_cast<uint8_t *>(p);
  for (unsigned i = 0; i < numSections; ++i)
    if (isLoaded(i) && shdrs[i].sh_type == SHT_PROGBITS)
      memcpy(image + sectionOffset[i], obj + shdrs[i].sh_offset,
             shdrs[i].sh_size);
  uint64_t base = reinterpret_cast<uintptr_t>(image);
  for (size_t i = 1; i < numSyms; ++i) {
    const SymInfo &info = syms[i];
    uint64_t slot = gotOffset + i * sizeof(uint64_t);
    uint64_t value = info.kind == SymKind::InImage ? base + info.value
                     : info.kind == SymKind::Import
                         ? reinterpret_cast<uintptr_t>(info.target)
                         : info.value;
    memcpy(image + slot, &value, sizeof(value));
    if (info.kind == SymKind::Import)
      writeStub(machine, image + stubsOffset + info.stub * kStubSize,
                base + slot, value);
  }
  return NNC_OK;
}

nnc_status Loader::protect() {
  const int prot[NumGroups] = {PROT_READ | PROT_EXEC, PROT_READ,
                               PROT_READ | PROT_WRITE};
  for (int g = 0; g < NumGroups; ++g) {
    if (groupEnd[g] == groupBegin[g])
      continue;
    uint64_t end = g + 1 < NumGroups ? groupBegin[g + 1] : imageSize;
    if (mprotect(image + groupBegin[g], end - groupBegin[g], prot[g]) != 0)
      return fail(err, NNC_ERR_LOAD, "cannot protect the loaded code: %s",
                  strerror(errno));
  }
#if defined(__aarch64__)
  __builtin___clear_cache(reinterpret_cast<char *>(image + groupBegin[Exec]),
                          reinterpret_cast<char *>(image + groupEnd[Exec]));
#endif
  return NNC_OK;
}

nnc_status Loader::load(const char *entry, const char *parallelEntry,
                        LoadedCode *code) {
  uint64_t entryOffset = 0, parallelOffset = 0;
  nnc_status s;
  if ((s = readHeaders()) || (s = classifySections()) || (s = readSymbols()) ||
      (s = layout()) || (s = findEntry(entry, &entryOffset)) ||
      (parallelEntry && (s = findEntry(parallelEntry, &parallelOffset))) ||
      (s = scanRelocations(/*apply=*/false)) || (s = mapImage()) ||
      (s = scanRelocations(/*apply=*/true)) || (s = protect()))
    return s;
  code->base = image;
  code->size = imageSize;
  code->entry = reinterpret_cast<EntryFn>(image + entryOffset);
  if (parallelEntry)
    code->parallelEntry =
        reinterpret_cast<ParallelEntryFn>(image + parallelOffset);
  image = nullptr; // Now owned by `code`.
  return NNC_OK;
}

} // namespace

uint16_t nnc::rt::hostElfMachine() {
#if defined(__x86_64__)
  return EM_X86_64;
#elif defined(__aarch64__)
  return EM_AARCH64;
#else
  return EM_NONE; // Builds anywhere, loads nothing.
#endif
}

uint16_t nnc::rt::elfMachineOf(const uint8_t *object, size_t size) {
  uint16_t machine = 0;
  if (size >= sizeof(Elf64_Ehdr) && memcmp(object, ELFMAG, SELFMAG) == 0)
    memcpy(&machine, object + offsetof(Elf64_Ehdr, e_machine), sizeof(machine));
  return machine;
}

nnc_status nnc::rt::loadElfObject(const uint8_t *object, size_t size,
                                  const char *entry, const char *parallelEntry,
                                  LoadedCode *code, nnc_error *err) {
  Loader loader(object, size, err);
  return loader.load(entry, parallelEntry, code);
}

void nnc::rt::unloadElfObject(LoadedCode *code) {
  if (code->base)
    munmap(code->base, code->size);
  *code = LoadedCode();
}
