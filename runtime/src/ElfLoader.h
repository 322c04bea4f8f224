//===- ElfLoader.h - Load an ELF object for execution -----------*- C++ -*-===//
//
// A minimal static linker for the one object inside a bundle: lays out its
// allocatable sections, binds imports to the runtime's libc/libm, applies the
// relocations and maps the result executable. The object is untrusted input.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_RUNTIME_ELFLOADER_H
#define NNC_RUNTIME_ELFLOADER_H

#include "nnc/runtime.h"

#include <stddef.h>
#include <stdint.h>

namespace nnc::rt {

/// The model entry point: void entry(void *const *args).
using EntryFn = void (*)(void *const *);
/// The multithreaded entry: every thread of a run calls it (see bundle.fbs).
using ParallelEntryFn = void (*)(void *const *args, void *scratch,
                                 int64_t thread, int64_t threads, void *sync);

/// A loaded object: one mapping holding code, constants, data and the import
/// stubs. Owned by the model; released with unloadElfObject().
struct LoadedCode {
  void *base = nullptr;
  size_t size = 0;
  EntryFn entry = nullptr;
  ParallelEntryFn parallelEntry = nullptr; ///< Null when not asked for.
};

/// ELF e_machine of the code this runtime executes (EM_X86_64, EM_AARCH64).
uint16_t hostElfMachine();

/// Reads e_machine from an object without validating anything else; returns
/// 0 (EM_NONE) if the bytes do not start with an ELF header.
uint16_t elfMachineOf(const uint8_t *object, size_t size);

/// Loads `object` (an ELF64 ET_REL for the host machine) and resolves the
/// global functions `entry` and, unless null, `parallelEntry`. Never reads
/// outside [object, object + size).
/// Fails with NNC_ERR_LOAD (malformed or unsupported object), NNC_ERR_TARGET
/// (object for another machine) or NNC_ERR_NOMEM.
nnc_status loadElfObject(const uint8_t *object, size_t size, const char *entry,
                         const char *parallelEntry, LoadedCode *code,
                         nnc_error *err);

/// The runtime function an object may import as `name`, or null if `name`
/// is outside the model ABI's import set (the table is in Imports.cpp).
void *findImport(const char *name);

/// Unmaps what loadElfObject() mapped; a zeroed LoadedCode is allowed.
void unloadElfObject(LoadedCode *code);

} // namespace nnc::rt

#endif // NNC_RUNTIME_ELFLOADER_H
