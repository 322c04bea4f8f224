//===- Npy.cpp - NumPy .npy files -----------------------------------------===//
//
// The .npy format: magic, version, a little header dict (descr, fortran_order,
// shape), then raw row-major data.
//
//===----------------------------------------------------------------------===//

#include "Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace nnc;

int64_t NpyArray::count() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string nnc::shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s + "]";
}

static llvm::Error fail(const std::string &path, const llvm::Twine &why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "'" + path + "': " + why);
}

/// Value text of `key` in the header dict, up to the next top-level comma.
static llvm::StringRef dictValue(llvm::StringRef header, llvm::StringRef key) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == llvm::StringRef::npos)
    return {};
  llvm::StringRef rest = header.drop_front(at + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return {};
  rest = rest.ltrim();
  if (rest.starts_with("("))
    return rest.take_until([](char c) { return c == ')'; }).drop_front();
  return rest.take_until([](char c) { return c == ',' || c == '}'; }).trim();
}

llvm::Expected<NpyArray> nnc::readNpy(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, false, false);
  if (!buffer)
    return fail(path, "cannot read: " + buffer.getError().message());
  llvm::StringRef file = (*buffer)->getBuffer();
  if (file.size() < 10 || !file.starts_with("\x93NUMPY"))
    return fail(path, "not a NumPy .npy file (bad magic)");
  uint8_t major = file[6];
  size_t lenBytes = major == 1 ? 2 : 4;
  if (major < 1 || major > 3 || file.size() < 8 + lenBytes)
    return fail(path, "unsupported .npy version " + llvm::Twine(major));
  uint32_t headerLen = 0;
  memcpy(&headerLen, file.data() + 8, lenBytes);
  size_t dataStart = 8 + lenBytes + headerLen;
  if (dataStart > file.size())
    return fail(path, "truncated header");
  llvm::StringRef header = file.slice(8 + lenBytes, dataStart);

  NpyArray array;
  array.dtype = dictValue(header, "descr").trim("'\"").str();
  if (dictValue(header, "fortran_order") == "True")
    return fail(path, "Fortran-order arrays are not supported");
  llvm::SmallVector<llvm::StringRef> dims;
  dictValue(header, "shape").split(dims, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef d : dims) {
    int64_t v;
    if (d.trim().getAsInteger(10, v) || v < 0)
      return fail(path, "bad shape in header");
    array.shape.push_back(v);
  }
  size_t elt;
  const std::string &t = array.dtype;
  if (t == "<f4" || t == "<i4")
    elt = 4;
  else if (t == "<f8" || t == "<i8")
    elt = 8;
  else if (t == "|u1" || t == "|b1" || t == "|i1")
    elt = 1;
  else
    return fail(path, "unsupported dtype '" + t +
                          "' (float32, float64, int64, int32, uint8, bool)");
  int64_t n = array.count();
  if (file.size() - dataStart < static_cast<size_t>(n) * elt)
    return fail(path, "truncated data: " + llvm::Twine(n) + " elements of " +
                          llvm::Twine(elt) + " bytes expected");
  const char *p = file.data() + dataStart;
  array.data.resize(n);
  for (int64_t i = 0; i < n; ++i, p += elt) {
    if (t == "<f4")
      memcpy(&array.data[i], p, 4);
    else if (t == "<f8") {
      double d;
      memcpy(&d, p, 8);
      array.data[i] = static_cast<float>(d);
    } else if (t == "<i8") {
      int64_t v;
      memcpy(&v, p, 8);
      array.data[i] = static_cast<float>(v);
    } else if (t == "<i4") {
      int32_t v;
      memcpy(&v, p, 4);
      array.data[i] = static_cast<float>(v);
    } else if (t == "|i1") {
      array.data[i] = static_cast<int8_t>(*p);
    } else {
      array.data[i] = static_cast<uint8_t>(*p);
    }
  }
  return array;
}

llvm::Error nnc::writeNpy(const std::string &path,
                          const std::vector<int64_t> &shape, const float *data) {
  std::string dims;
  int64_t n = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    dims += (i ? ", " : "") + std::to_string(shape[i]);
    n *= shape[i];
  }
  if (shape.size() == 1)
    dims += ","; // NumPy's one-element tuple: (4,)
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                       dims + "), }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return fail(path, "cannot write: " + ec.message());
  uint16_t len = header.size();
  os << "\x93NUMPY" << char(1) << char(0);
  os.write(reinterpret_cast<const char *>(&len), 2);
  os << header;
  os.write(reinterpret_cast<const char *>(data), n * sizeof(float));
  return llvm::Error::success();
}
