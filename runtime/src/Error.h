//===- Error.h - Record a runtime failure in an nnc_error -------*- C++ -*-===//
//
// Every failing path of the runtime goes through fail(), so each error carries
// a status and one precise sentence.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_RUNTIME_ERROR_H
#define NNC_RUNTIME_ERROR_H

#include "nnc/runtime.h"

#include <stdarg.h>
#include <stdio.h>

namespace nnc::rt {

/// Stores `status` and the printf-style message in `err` (which may be NULL)
/// and returns `status`, so callers can write `return fail(err, ...)`.
__attribute__((format(printf, 3, 4))) inline nnc_status
fail(nnc_error *err, nnc_status status, const char *fmt, ...) {
  if (err) {
    err->status = status;
    va_list args;
    va_start(args, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, args);
    va_end(args);
    // Names from a corrupt bundle may hold control characters.
    for (char *c = err->message; *c; ++c)
      if (static_cast<unsigned char>(*c) < 0x20 || *c == 0x7f)
        *c = '?';
  }
  return status;
}

/// Marks `err` (which may be NULL) as a success.
inline nnc_status succeed(nnc_error *err) {
  if (err) {
    err->status = NNC_OK;
    err->message[0] = '\0';
  }
  return NNC_OK;
}

} // namespace nnc::rt

#endif // NNC_RUNTIME_ERROR_H
