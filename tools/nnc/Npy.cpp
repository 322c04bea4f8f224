//===- Npy.cpp - NumPy .npy files -----------------------------------------===//
//
// The .npy format: magic, version, a little header dict (descr, fortran_order,
// shape), then raw row-major data.
//
//===----------------------------------------------------------------------===//

#include "Npy.h"

#include "llvm/ADT/APFloat.h"
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

namespace {

/// Each dtype's .npy descr as NumPy writes it: '|' for one-byte types, '<'
/// (little-endian) for the others.
const struct {
  const char *descr;
  nnc_dtype dtype;
} kDescrs[] = {
    {"<f4", NNC_F32}, {"<f2", NNC_F16}, {"<f8", NNC_F64}, {"|b1", NNC_BOOL},
    {"|i1", NNC_I8},  {"<i2", NNC_I16}, {"<i4", NNC_I32}, {"<i8", NNC_I64},
    {"|u1", NNC_U8},  {"<u2", NNC_U16}, {"<u4", NNC_U32}, {"<u8", NNC_U64},
};

const char *descrOf(nnc_dtype dtype) {
  for (const auto &d : kDescrs)
    if (d.dtype == dtype)
      return d.descr;
  llvm_unreachable("every dtype has a descr");
}

/// The dtype a descr names. The byte order may be '<', '|', '=' (this tool
/// runs little-endian only) or absent, and '>' for one-byte types; '?' is
/// NumPy's other spelling of bool.
llvm::Expected<nnc_dtype> parseDescr(const std::string &path,
                                     llvm::StringRef descr) {
  llvm::StringRef code = descr;
  char order = '=';
  if (!code.empty() && llvm::StringRef("<>|=").contains(code.front())) {
    order = code.front();
    code = code.drop_front();
  }
  if (code == "?")
    code = "b1";
  for (const auto &d : kDescrs) {
    if (code != llvm::StringRef(d.descr).drop_front())
      continue;
    if (order == '>' && nnc_dtype_size(d.dtype) > 1)
      return fail(path, "big-endian dtype '" + descr +
                            "' is not supported; save it little-endian, "
                            "e.g. a.astype('" +
                            d.descr + "')");
    return d.dtype;
  }
  return fail(path, "unsupported dtype '" + descr +
                        "' (float16/32/64, int8/16/32/64, uint8/16/32/64, "
                        "bool)");
}

} // namespace

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
  std::string descr = dictValue(header, "descr").trim("'\"").str();
  llvm::Expected<nnc_dtype> dtype = parseDescr(path, descr);
  if (!dtype)
    return dtype.takeError();
  array.dtype = *dtype;
  if (dictValue(header, "fortran_order") == "True")
    return fail(path, "Fortran-order arrays are not supported");
  llvm::SmallVector<llvm::StringRef> dims;
  dictValue(header, "shape").split(dims, ',', -1, /*KeepEmpty=*/false);
  size_t bytes = nnc_dtype_size(array.dtype);
  for (llvm::StringRef d : dims) {
    int64_t v;
    if (d.trim().getAsInteger(10, v) || v < 0 ||
        __builtin_mul_overflow(bytes, static_cast<uint64_t>(v), &bytes))
      return fail(path, "bad shape in header");
    array.shape.push_back(v);
  }
  if (file.size() - dataStart < bytes)
    return fail(path, "truncated data: " + llvm::Twine(array.count()) +
                          " elements of " +
                          llvm::Twine(nnc_dtype_size(array.dtype)) +
                          " bytes expected");
  const uint8_t *p = file.bytes_begin() + dataStart;
  array.data.assign(p, p + bytes);
  return array;
}

void nnc::convertToFloat32(NpyArray &array) {
  if (array.dtype == NNC_F32)
    return;
  int64_t n = array.count();
  std::vector<uint8_t> out(n * sizeof(float));
  for (int64_t i = 0; i < n; ++i) {
    float v = loadElement<float>(array.dtype, array.data.data(), i);
    std::memcpy(out.data() + i * sizeof(float), &v, sizeof(float));
  }
  array.dtype = NNC_F32;
  array.data = std::move(out);
}

float nnc::halfToFloat(uint16_t bits) {
  llvm::APFloat f(llvm::APFloat::IEEEhalf(), llvm::APInt(16, bits));
  bool lost;
  f.convert(llvm::APFloat::IEEEsingle(), llvm::APFloat::rmNearestTiesToEven,
            &lost);
  return f.convertToFloat();
}

void nnc::storeElement(nnc_dtype dtype, void *data, int64_t i, double value) {
  auto put = [&](auto v) {
    std::memcpy(static_cast<char *>(data) + i * sizeof(v), &v, sizeof(v));
  };
  switch (dtype) {
  case NNC_F32:
    return put(static_cast<float>(value));
  case NNC_F64:
    return put(value);
  case NNC_F16: {
    llvm::APFloat f(value);
    bool lost;
    f.convert(llvm::APFloat::IEEEhalf(), llvm::APFloat::rmNearestTiesToEven,
              &lost);
    return put(static_cast<uint16_t>(f.bitcastToAPInt().getZExtValue()));
  }
  case NNC_BOOL:
    return put(static_cast<uint8_t>(value != 0));
  case NNC_I8:
    return put(static_cast<int8_t>(value));
  case NNC_I16:
    return put(static_cast<int16_t>(value));
  case NNC_I32:
    return put(static_cast<int32_t>(value));
  case NNC_I64:
    return put(static_cast<int64_t>(value));
  case NNC_U8:
    return put(static_cast<uint8_t>(value));
  case NNC_U16:
    return put(static_cast<uint16_t>(value));
  case NNC_U32:
    return put(static_cast<uint32_t>(value));
  case NNC_U64:
    return put(static_cast<uint64_t>(value));
  }
  llvm_unreachable("the runtime admits only known dtypes");
}

llvm::Error nnc::writeNpy(const std::string &path,
                          const std::vector<int64_t> &shape, nnc_dtype dtype,
                          const void *data) {
  std::string dims;
  int64_t n = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    dims += (i ? ", " : "") + std::to_string(shape[i]);
    n *= shape[i];
  }
  if (shape.size() == 1)
    dims += ","; // NumPy's one-element tuple: (4,)
  std::string header = std::string("{'descr': '") + descrOf(dtype) +
                       "', 'fortran_order': False, 'shape': (" + dims + "), }";
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
  os.write(static_cast<const char *>(data), n * nnc_dtype_size(dtype));
  return llvm::Error::success();
}
