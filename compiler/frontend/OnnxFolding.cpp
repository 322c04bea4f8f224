//===- OnnxFolding.cpp - Evaluate constant subgraphs at import ------------===//
//
// Exporters compute shapes at run time (Shape -> Gather -> Unsqueeze ->
// Concat -> Expand, ConstantOfShape, ...). With static shapes these are
// constants: evaluating them here, on the host, leaves only real tensor
// computations for the compiler. Every node whose inputs are all known
// constants (or whose output depends only on static shapes) and whose op
// is listed below is evaluated; its outputs become OnnxConstants.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontend/OnnxGraph.h"

#include "llvm/ADT/STLExtras.h"

#include <cstring>
#include <functional>

using namespace mlir;
using namespace mlir::nnc;

namespace {

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// Element i as double (exact for shape-sized integers).
double get(const OnnxConstant &c, int64_t i) {
  auto read = [&](auto v) {
    memcpy(&v, c.bytes.data() + sizeof(v) * i, sizeof(v));
    return static_cast<double>(v);
  };
  switch (c.dataType) {
  case onnx::TensorProto::FLOAT:
    return read(float());
  case onnx::TensorProto::DOUBLE:
    return read(double());
  case onnx::TensorProto::INT64:
    return read(int64_t());
  case onnx::TensorProto::UINT64:
    return read(uint64_t());
  case onnx::TensorProto::INT32:
    return read(int32_t());
  case onnx::TensorProto::UINT32:
    return read(uint32_t());
  case onnx::TensorProto::INT16:
    return read(int16_t());
  case onnx::TensorProto::UINT16:
    return read(uint16_t());
  case onnx::TensorProto::INT8:
    return read(int8_t());
  default: // UINT8, BOOL
    return read(uint8_t());
  }
}

void put(OnnxConstant &c, int64_t i, double value) {
  auto write = [&](auto v) { memcpy(c.bytes.data() + sizeof(v) * i, &v, sizeof(v)); };
  switch (c.dataType) {
  case onnx::TensorProto::FLOAT:
    return write(static_cast<float>(value));
  case onnx::TensorProto::DOUBLE:
    return write(value);
  case onnx::TensorProto::INT64:
    return write(static_cast<int64_t>(value));
  case onnx::TensorProto::UINT64:
    return write(static_cast<uint64_t>(value));
  case onnx::TensorProto::INT32:
    return write(static_cast<int32_t>(value));
  case onnx::TensorProto::UINT32:
    return write(static_cast<uint32_t>(value));
  case onnx::TensorProto::INT16:
    return write(static_cast<int16_t>(value));
  case onnx::TensorProto::UINT16:
    return write(static_cast<uint16_t>(value));
  case onnx::TensorProto::INT8:
    return write(static_cast<int8_t>(value));
  case onnx::TensorProto::BOOL:
    return write(static_cast<uint8_t>(value != 0.0));
  default:
    return write(static_cast<uint8_t>(value));
  }
}

OnnxConstant make(int32_t type, std::vector<int64_t> shape) {
  OnnxConstant c;
  c.dataType = type;
  c.shape = std::move(shape);
  c.bytes.assign(numElements(c.shape) * onnxElementSize(type), 0);
  return c;
}

const onnx::AttributeProto *attr(const onnx::NodeProto &n, llvm::StringRef name) {
  for (const auto &a : n.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

/// Row-major strides of `shape`.
std::vector<int64_t> stridesOf(const std::vector<int64_t> &shape) {
  std::vector<int64_t> s(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/// NumPy broadcast of `c` to `shape` (right-aligned), or nullopt.
std::optional<OnnxConstant> broadcastTo(const OnnxConstant &c,
                                        const std::vector<int64_t> &shape) {
  if (c.shape.size() > shape.size())
    return std::nullopt;
  size_t lead = shape.size() - c.shape.size();
  for (size_t i = 0; i < c.shape.size(); ++i)
    if (c.shape[i] != 1 && c.shape[i] != shape[lead + i])
      return std::nullopt;
  OnnxConstant out = make(c.dataType, shape);
  std::vector<int64_t> outStrides = stridesOf(shape), inStrides = stridesOf(c.shape);
  size_t elt = onnxElementSize(c.dataType);
  for (int64_t i = 0, e = numElements(shape); i < e; ++i) {
    int64_t src = 0, rem = i;
    for (size_t d = 0; d < shape.size(); ++d) {
      int64_t idx = rem / outStrides[d];
      rem %= outStrides[d];
      if (d >= lead && c.shape[d - lead] != 1)
        src += idx * inStrides[d - lead];
    }
    memcpy(out.bytes.data() + i * elt, c.bytes.data() + src * elt, elt);
  }
  return out;
}

std::vector<int64_t> broadcastShape(const std::vector<int64_t> &a,
                                    const std::vector<int64_t> &b) {
  std::vector<int64_t> out(std::max(a.size(), b.size()), 1);
  for (size_t i = 0; i < out.size(); ++i) {
    int64_t da = i < out.size() - a.size() ? 1 : a[i - (out.size() - a.size())];
    int64_t db = i < out.size() - b.size() ? 1 : b[i - (out.size() - b.size())];
    out[i] = da == 1 ? db : da;
  }
  return out;
}

using Inputs = std::vector<const OnnxConstant *>;

/// Evaluates one node on constant inputs; nullopt when it cannot.
std::optional<std::vector<OnnxConstant>>
evaluate(const onnx::NodeProto &n, const Inputs &in, const OnnxGraph &g) {
  const std::string &op = n.op_type();
  auto ints = [&](size_t i) { return in[i]->asInts(); };
  if (op == "Identity")
    return std::vector<OnnxConstant>{*in[0]};
  if (op == "Cast") {
    const auto *to = attr(n, "to");
    int32_t type = to ? static_cast<int32_t>(to->i()) : 0;
    if (!onnxElementSize(type))
      return std::nullopt;
    OnnxConstant out = make(type, in[0]->shape);
    for (int64_t i = 0, e = numElements(out.shape); i < e; ++i)
      put(out, i, get(*in[0], i));
    return std::vector<OnnxConstant>{out};
  }
  if (op == "Unsqueeze" || op == "Squeeze" || op == "Reshape" ||
      op == "Flatten") {
    RankedTensorType t = g.typeOf(n.output(0));
    std::vector<int64_t> shape;
    // Axes: the second input from opset 13, an attribute before.
    std::vector<int64_t> axes;
    if (in.size() > 1)
      axes = ints(1);
    else if (const auto *a = attr(n, "axes"))
      axes.assign(a->ints().begin(), a->ints().end());
    if (t) {
      shape.assign(t.getShape().begin(), t.getShape().end());
    } else if (op == "Unsqueeze") {
      int64_t rank = in[0]->shape.size() + axes.size();
      std::vector<bool> inserted(rank, false);
      for (int64_t a : axes) {
        a = a < 0 ? a + rank : a;
        if (a < 0 || a >= rank)
          return std::nullopt;
        inserted[a] = true;
      }
      size_t k = 0;
      for (int64_t i = 0; i < rank; ++i)
        shape.push_back(inserted[i] ? 1 : in[0]->shape[k++]);
    } else if (op == "Squeeze") {
      int64_t rank = in[0]->shape.size();
      std::vector<bool> drop(rank, axes.empty());
      for (int64_t a : axes)
        drop[a < 0 ? a + rank : a] = true;
      for (int64_t i = 0; i < rank; ++i)
        if (!drop[i] || in[0]->shape[i] != 1)
          shape.push_back(in[0]->shape[i]);
    } else if (op == "Reshape") {
      shape = ints(1);
      int64_t known = 1, infer = -1;
      for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 0 && i < in[0]->shape.size())
          shape[i] = in[0]->shape[i];
        if (shape[i] == -1)
          infer = i;
        else
          known *= shape[i];
      }
      if (infer >= 0 && known)
        shape[infer] = numElements(in[0]->shape) / known;
    } else {
      return std::nullopt;
    }
    if (numElements(shape) != numElements(in[0]->shape))
      return std::nullopt;
    OnnxConstant out = *in[0];
    out.shape = shape;
    return std::vector<OnnxConstant>{out};
  }
  if (op == "Concat") {
    int64_t rank = in[0]->shape.size();
    int64_t axis = attr(n, "axis") ? attr(n, "axis")->i() : 0;
    axis = axis < 0 ? axis + rank : axis;
    if (axis < 0 || axis >= rank)
      return std::nullopt;
    std::vector<int64_t> shape = in[0]->shape;
    shape[axis] = 0;
    for (const OnnxConstant *c : in) {
      if (c->dataType != in[0]->dataType ||
          static_cast<int64_t>(c->shape.size()) != rank)
        return std::nullopt;
      shape[axis] += c->shape[axis];
    }
    OnnxConstant out = make(in[0]->dataType, shape);
    int64_t outer = numElements(std::vector<int64_t>(shape.begin(), shape.begin() + axis));
    size_t pos = 0;
    for (int64_t o = 0; o < outer; ++o)
      for (const OnnxConstant *c : in) {
        size_t chunk = c->bytes.size() / std::max<int64_t>(outer, 1);
        memcpy(out.bytes.data() + pos, c->bytes.data() + o * chunk, chunk);
        pos += chunk;
      }
    return std::vector<OnnxConstant>{out};
  }
  if (op == "Gather") {
    int64_t rank = in[0]->shape.size();
    int64_t axis = attr(n, "axis") ? attr(n, "axis")->i() : 0;
    axis = axis < 0 ? axis + rank : axis;
    if (axis < 0 || axis >= rank)
      return std::nullopt;
    std::vector<int64_t> idx = ints(1);
    std::vector<int64_t> shape(in[0]->shape.begin(), in[0]->shape.begin() + axis);
    shape.insert(shape.end(), in[1]->shape.begin(), in[1]->shape.end());
    shape.insert(shape.end(), in[0]->shape.begin() + axis + 1, in[0]->shape.end());
    OnnxConstant out = make(in[0]->dataType, shape);
    int64_t outer = numElements(std::vector<int64_t>(in[0]->shape.begin(), in[0]->shape.begin() + axis));
    int64_t inner = numElements(std::vector<int64_t>(in[0]->shape.begin() + axis + 1, in[0]->shape.end()));
    int64_t dim = in[0]->shape[axis];
    size_t elt = onnxElementSize(out.dataType), pos = 0;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i : idx) {
        int64_t k = i < 0 ? i + dim : i;
        if (k < 0 || k >= dim)
          return std::nullopt;
        memcpy(out.bytes.data() + pos,
               in[0]->bytes.data() + ((o * dim + k) * inner) * elt, inner * elt);
        pos += inner * elt;
      }
    return std::vector<OnnxConstant>{out};
  }
  if (op == "Expand") {
    std::vector<int64_t> shape = broadcastShape(in[0]->shape, ints(1));
    auto out = broadcastTo(*in[0], shape);
    if (!out)
      return std::nullopt;
    return std::vector<OnnxConstant>{*out};
  }
  if (op == "ConstantOfShape") {
    const auto *value = attr(n, "value");
    int32_t type = value ? value->t().data_type() : onnx::TensorProto::FLOAT;
    OnnxConstant fill;
    std::string err;
    double v = 0.0;
    if (value && readTensorProto(value->t(), "", fill, err) && !fill.bytes.empty())
      v = get(fill, 0);
    if (!onnxElementSize(type))
      return std::nullopt;
    OnnxConstant out = make(type, ints(0));
    for (int64_t i = 0, e = numElements(out.shape); i < e; ++i)
      put(out, i, v);
    return std::vector<OnnxConstant>{out};
  }
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") {
    if (in[0]->dataType != in[1]->dataType)
      return std::nullopt;
    std::vector<int64_t> shape = broadcastShape(in[0]->shape, in[1]->shape);
    auto a = broadcastTo(*in[0], shape), b = broadcastTo(*in[1], shape);
    if (!a || !b)
      return std::nullopt;
    bool integer = in[0]->dataType != onnx::TensorProto::FLOAT &&
                   in[0]->dataType != onnx::TensorProto::DOUBLE;
    OnnxConstant out = make(in[0]->dataType, shape);
    for (int64_t i = 0, e = numElements(shape); i < e; ++i) {
      double x = get(*a, i), y = get(*b, i), r;
      if (op == "Add")
        r = x + y;
      else if (op == "Sub")
        r = x - y;
      else if (op == "Mul")
        r = x * y;
      else if (y == 0.0 && integer)
        return std::nullopt;
      else
        r = integer ? std::trunc(x / y) : x / y;
      put(out, i, r);
    }
    return std::vector<OnnxConstant>{out};
  }
  return std::nullopt;
}

/// Shape of a value known statically (inferred type or constant).
std::optional<std::vector<int64_t>> staticShape(const OnnxGraph &g,
                                                const std::string &name) {
  if (auto s = g.shapeOf(name))
    return std::vector<int64_t>(s->begin(), s->end());
  return std::nullopt;
}

} // namespace

int64_t nnc::foldConstantNodes(const onnx::GraphProto &graph, OnnxGraph &g,
                               std::vector<bool> &folded) {
  folded.assign(graph.node_size(), false);
  int64_t count = 0;
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &n = graph.node(i);
    if (!n.domain().empty() && n.domain() != "ai.onnx")
      continue;
    if (n.op_type() == "Constant") {
      folded[i] = g.constant(n.output(0)) != nullptr;
      continue;
    }
    std::optional<std::vector<OnnxConstant>> result;
    if (n.op_type() == "Shape") {
      // Shape of any statically shaped value: no need for its data.
      auto shape = staticShape(g, n.input(0));
      // A graph value's shape is only static if inference fixed it.
      if (!shape)
        continue;
      int64_t rank = shape->size();
      int64_t start = attr(n, "start") ? attr(n, "start")->i() : 0;
      int64_t end = attr(n, "end") ? attr(n, "end")->i() : rank;
      start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
      end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
      OnnxConstant out = make(onnx::TensorProto::INT64, {std::max<int64_t>(end - start, 0)});
      for (int64_t k = start; k < end; ++k)
        put(out, k - start, (*shape)[k]);
      result = std::vector<OnnxConstant>{out};
    } else if (n.op_type() == "Size") {
      auto shape = staticShape(g, n.input(0));
      if (!shape)
        continue;
      OnnxConstant out = make(onnx::TensorProto::INT64, {});
      put(out, 0, numElements(*shape));
      result = std::vector<OnnxConstant>{out};
    } else {
      Inputs in;
      bool allConstant = n.input_size() > 0;
      for (const std::string &name : n.input()) {
        const OnnxConstant *c = name.empty() ? nullptr : g.constant(name);
        if (!c || !onnxElementSize(c->dataType)) {
          allConstant = false;
          break;
        }
        in.push_back(c);
      }
      if (!allConstant)
        continue;
      result = evaluate(n, in, g);
    }
    if (!result || static_cast<int>(result->size()) > n.output_size())
      continue;
    for (size_t k = 0; k < result->size(); ++k)
      g.constants[n.output(k)] = std::move((*result)[k]);
    folded[i] = true;
    ++count;
  }
  return count;
}

std::vector<double> OnnxConstant::asDoubles() const {
  std::vector<double> out;
  size_t elt = onnxElementSize(dataType);
  for (size_t i = 0; elt && (i + 1) * elt <= bytes.size(); ++i)
    out.push_back(get(*this, i));
  return out;
}
