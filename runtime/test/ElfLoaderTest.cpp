//===- ElfLoaderTest.cpp - Malformed and unsupported ELF objects ----------===//
//
// Targeted edits of a real compiled object, each of which the loader must
// reject with NNC_ERR_LOAD and a message saying what is wrong.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <elf.h>

using namespace nnc;
using namespace nnc::test;
using ::testing::HasSubstr;

namespace {

/// Typed access to the fields of an object being edited.
class ObjectEditor {
public:
  explicit ObjectEditor(std::vector<uint8_t> &bytes) : bytes(bytes) {}

  template <typename T> T read(size_t offset) const {
    T value;
    std::memcpy(&value, bytes.data() + offset, sizeof(T));
    return value;
  }
  template <typename T> void write(size_t offset, const T &value) {
    std::memcpy(bytes.data() + offset, &value, sizeof(T));
  }

  Elf64_Ehdr header() const { return read<Elf64_Ehdr>(0); }
  size_t sectionHeaderOffset(unsigned i) const {
    return header().e_shoff + i * sizeof(Elf64_Shdr);
  }
  Elf64_Shdr section(unsigned i) const {
    return read<Elf64_Shdr>(sectionHeaderOffset(i));
  }

  /// Offset of the first RELA entry applying to a loaded section whose type
  /// is `type` (or any type if 0).
  size_t firstRela(uint32_t type = 0) const {
    for (unsigned i = 0; i < header().e_shnum; ++i) {
      Elf64_Shdr sh = section(i);
      if (sh.sh_type != SHT_RELA ||
          !(section(sh.sh_info).sh_flags & SHF_EXECINSTR))
        continue;
      for (size_t k = 0; k < sh.sh_size / sizeof(Elf64_Rela); ++k) {
        size_t at = sh.sh_offset + k * sizeof(Elf64_Rela);
        if (!type || ELF64_R_TYPE(read<Elf64_Rela>(at).r_info) == type)
          return at;
      }
    }
    ADD_FAILURE() << "no such relocation";
    return 0;
  }

private:
  std::vector<uint8_t> &bytes;
};

/// Loads the toy model after `edit` changed its object; expects `status`
/// and a message containing `message`.
template <typename Edit>
void expectLoadError(Edit edit, const char *message,
                     nnc_status status = NNC_ERR_LOAD) {
  BundleSpec spec = toySpec();
  ObjectEditor editor(spec.code);
  edit(editor);
  ModelHolder h;
  EXPECT_EQ(h.load(spec), status);
  EXPECT_THAT(h.err.message, HasSubstr(message));
}

TEST(ElfLoaderTest, NotAnElfObject) {
  BundleSpec spec = toySpec();
  spec.code.assign({'n', 'o', 't', ' ', 'e', 'l', 'f'});
  ModelHolder h;
  EXPECT_EQ(h.load(spec), NNC_ERR_LOAD);
  EXPECT_THAT(h.err.message, HasSubstr("not an ELF object"));
}

TEST(ElfLoaderTest, RejectsNonRelocatableFiles) {
  expectLoadError([](ObjectEditor &e) { e.write<uint16_t>(16, ET_DYN); },
                  "relocatable object");
}

TEST(ElfLoaderTest, RejectsElf32) {
  expectLoadError(
      [](ObjectEditor &e) { e.write<uint8_t>(EI_CLASS, ELFCLASS32); },
      "little-endian ELF64");
}

TEST(ElfLoaderTest, SectionTableOutOfBounds) {
  expectLoadError(
      [](ObjectEditor &e) {
        e.write<uint64_t>(offsetof(Elf64_Ehdr, e_shoff), UINT64_C(1) << 62);
      },
      "section header table out of bounds");
}

TEST(ElfLoaderTest, SectionContentsOutOfBounds) {
  expectLoadError(
      [](ObjectEditor &e) {
        for (unsigned i = 0; i < e.header().e_shnum; ++i)
          if (e.section(i).sh_flags & SHF_EXECINSTR)
            e.write<uint64_t>(e.sectionHeaderOffset(i) +
                                  offsetof(Elf64_Shdr, sh_size),
                              UINT64_MAX - 8);
      },
      "section contents out of bounds");
}

TEST(ElfLoaderTest, UnknownRelocationTypeIsNamed) {
  expectLoadError(
      [](ObjectEditor &e) {
        size_t at = e.firstRela();
        Elf64_Rela rela = e.read<Elf64_Rela>(at);
        rela.r_info = ELF64_R_INFO(ELF64_R_SYM(rela.r_info), 238);
        e.write(at, rela);
      },
      "relocation type 238");
}

TEST(ElfLoaderTest, RelocationOutsideItsSection) {
  expectLoadError(
      [](ObjectEditor &e) {
        e.write<uint64_t>(e.firstRela() + offsetof(Elf64_Rela, r_offset),
                          UINT64_C(1) << 40);
      },
      "relocation out of bounds");
}

TEST(ElfLoaderTest, RelocationSymbolOutOfBounds) {
  expectLoadError(
      [](ObjectEditor &e) {
        size_t at = e.firstRela();
        Elf64_Rela rela = e.read<Elf64_Rela>(at);
        rela.r_info = ELF64_R_INFO(0xffffff, ELF64_R_TYPE(rela.r_info));
        e.write(at, rela);
      },
      "relocation out of bounds");
}

TEST(ElfLoaderTest, PcRelativeOverflowIsReported) {
#if defined(__x86_64__)
  const uint32_t pcRelative = R_X86_64_PLT32;
#else
  const uint32_t pcRelative = R_AARCH64_CALL26;
#endif
  expectLoadError(
      [&](ObjectEditor &e) {
        e.write<int64_t>(e.firstRela(pcRelative) +
                             offsetof(Elf64_Rela, r_addend),
                         INT64_C(1) << 40);
      },
      "does not fit");
}

TEST(ElfLoaderTest, SymbolNameOutOfBounds) {
  expectLoadError(
      [](ObjectEditor &e) {
        for (unsigned i = 0; i < e.header().e_shnum; ++i) {
          Elf64_Shdr sh = e.section(i);
          if (sh.sh_type == SHT_SYMTAB)
            e.write<uint32_t>(sh.sh_offset + sizeof(Elf64_Sym) +
                                  offsetof(Elf64_Sym, st_name),
                              0xfffffff0u);
        }
      },
      "symbol name out of bounds");
}

} // namespace
