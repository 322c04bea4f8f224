//===- OnnxImporter.cpp - ONNX model -> nn dialect ------------------------===//
//
// Reads a model with the ONNX library (protobuf parse, checker, shape
// inference), reports every unsupported node at once, then builds the entry
// function node by node. ONNX signals errors with exceptions; this file is
// built with -fexceptions and turns them into diagnostics.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontend/OnnxGraph.h"
#include "compiler/frontend/OnnxImporter.h"
#include "dialects/nn/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "onnx/checker.h"

using namespace mlir;
using namespace mlir::nnc;

std::vector<int64_t> OnnxConstant::asInts() const {
  std::vector<int64_t> out;
  if (dataType != onnx::TensorProto::INT64 && dataType != onnx::TensorProto::INT32)
    return out;
  for (double v : asDoubles())
    out.push_back(static_cast<int64_t>(v));
  return out;
}

const OnnxConstant *OnnxGraph::constant(StringRef name) const {
  auto it = constants.find(name);
  return it == constants.end() ? nullptr : &it->second;
}

RankedTensorType OnnxGraph::typeOf(StringRef name) const {
  auto it = inferred.find(name);
  if (it != inferred.end())
    return it->second;
  if (const OnnxConstant *c = constant(name))
    if (Type elt = onnxElementType(builder, c->dataType))
      return RankedTensorType::get(c->shape, elt);
  return RankedTensorType();
}

bool OnnxGraph::isUnsigned(StringRef name) const {
  if (const OnnxConstant *c = constant(name))
    return isUnsignedOnnxType(c->dataType);
  return unsignedValues.contains(name);
}

std::optional<SmallVector<int64_t>> OnnxGraph::shapeOf(StringRef name) const {
  if (RankedTensorType t = typeOf(name))
    return SmallVector<int64_t>(t.getShape());
  if (const OnnxConstant *c = constant(name))
    return SmallVector<int64_t>(c->shape.begin(), c->shape.end());
  return std::nullopt;
}

Value OnnxGraph::lookup(StringRef name, Location loc) {
  if (Value v = values.lookup(name))
    return v;
  const OnnxConstant *c = constant(name);
  RankedTensorType type = typeOf(name);
  if (!c || !type)
    return nullptr;
  // Weights become resource-backed constants: printed IR stays small and the
  // bytes are never re-encoded as text. Booleans are bit-packed in MLIR's
  // dense attributes, so they go through bool values instead.
  ElementsAttr attr;
  if (type.getElementType().isInteger(1)) {
    SmallVector<bool> bits;
    for (char byte : c->bytes)
      bits.push_back(byte != 0);
    attr = DenseElementsAttr::get(type, bits);
  } else {
    attr = DenseResourceElementsAttr::get(
        type, name, HeapAsmResourceBlob::allocateAndCopyWithAlign(
                        ArrayRef<char>(c->bytes), alignof(int64_t)));
  }
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(builder.getInsertionBlock());
  Value v = arith::ConstantOp::create(builder, loc, type, cast<TypedAttr>(attr));
  values[name] = v;
  return v;
}

size_t nnc::onnxElementSize(int32_t type) {
  switch (type) {
  case onnx::TensorProto::DOUBLE:
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::UINT64:
    return 8;
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::UINT32:
    return 4;
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::UINT16:
    return 2;
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
    return 1;
  default:
    return 0;
  }
}

Type nnc::onnxElementType(Builder &b, int32_t type) {
  switch (type) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    if (size_t size = onnxElementSize(type))
      return b.getIntegerType(8 * size);
    return nullptr;
  }
}

bool nnc::isUnsignedOnnxType(int32_t type) {
  return type == onnx::TensorProto::UINT8 || type == onnx::TensorProto::UINT16 ||
         type == onnx::TensorProto::UINT32 || type == onnx::TensorProto::UINT64;
}

namespace {

template <typename T, typename Field>
void appendField(const Field &field, std::vector<char> &bytes) {
  for (auto v : field) {
    T t = static_cast<T>(v);
    const char *p = reinterpret_cast<const char *>(&t);
    bytes.insert(bytes.end(), p, p + sizeof(T));
  }
}

/// Static tensor type of a value_info, or null if not fully known or of an
/// element type nnc does not compute with.
RankedTensorType staticType(Builder &b, const onnx::TypeProto &type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return nullptr;
  Type elt = onnxElementType(b, type.tensor_type().elem_type());
  if (!elt)
    return nullptr;
  SmallVector<int64_t> shape;
  for (const auto &dim : type.tensor_type().shape().dim()) {
    if (!dim.has_dim_value() || dim.dim_value() < 0)
      return nullptr;
    shape.push_back(dim.dim_value());
  }
  return RankedTensorType::get(shape, elt);
}

/// The tensor element types nnc computes with, for diagnostics.
constexpr const char *kTypes =
    "float32, float64, int8-64, uint8-64 and bool tensors";

std::string describeType(const onnx::TypeProto &type) {
  if (!type.has_tensor_type())
    return "a non-tensor type";
  std::string s = onnx::TensorProto_DataType_Name(
      static_cast<onnx::TensorProto_DataType>(type.tensor_type().elem_type()));
  s += "[";
  bool first = true;
  for (const auto &dim : type.tensor_type().shape().dim()) {
    s += first ? "" : "x";
    first = false;
    s += dim.has_dim_value() ? std::to_string(dim.dim_value())
                             : (dim.dim_param().empty() ? "?" : dim.dim_param());
  }
  return s + "]";
}

/// Constant's value_float(s) / value_int(s) forms (opset 12).
bool constantFromAttribute(const onnx::AttributeProto &attr, OnnxConstant &c) {
  if (attr.name() == "value_float" || attr.name() == "value_floats") {
    c.dataType = onnx::TensorProto::FLOAT;
    if (attr.name() == "value_float")
      appendField<float>(std::vector<float>{attr.f()}, c.bytes);
    else
      appendField<float>(attr.floats(), c.bytes);
  } else if (attr.name() == "value_int" || attr.name() == "value_ints") {
    c.dataType = onnx::TensorProto::INT64;
    if (attr.name() == "value_int")
      appendField<int64_t>(std::vector<int64_t>{attr.i()}, c.bytes);
    else
      appendField<int64_t>(attr.ints(), c.bytes);
  } else {
    return false;
  }
  if (attr.name() == "value_floats")
    c.shape = {attr.floats_size()};
  else if (attr.name() == "value_ints")
    c.shape = {attr.ints_size()};
  return true;
}

class Importer {
public:
  Importer(MLIRContext &ctx, StringRef path, const OnnxImportOptions &options)
      : ctx(ctx), path(path.str()), options(options),
        fileLoc(FileLineColLoc::get(&ctx, path, 0, 0)) {}

  OwningOpRef<ModuleOp> run() {
    if (failed(load()))
      return nullptr;
    OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
    OpBuilder builder(&ctx);
    OnnxGraph graph(builder, opset, path);
    if (failed(readConstants(graph)))
      return nullptr;
    foldConstantNodes(model.graph(), graph, folded);
    if (failed(reinferWithFoldedConstants(graph)))
      return nullptr;
    if (failed(checkInputs(graph)) || failed(checkSupported(graph)) ||
        options.checkOnly)
      return nullptr;
    if (failed(buildEntry(*module, graph)))
      return nullptr;
    return module;
  }

private:
  InFlightDiagnostic error() { return emitError(fileLoc); }

  LogicalResult load() {
    auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer)
      return error() << "cannot read '" << path
                     << "': " << buffer.getError().message();
    StringRef data = (*buffer)->getBuffer();
    if (data.empty())
      return error() << "'" << path << "' is empty, not an ONNX model";
    if (data.size() > INT32_MAX ||
        !model.ParseFromArray(data.data(), static_cast<int>(data.size())))
      return error() << "'" << path
                     << "' is not a valid ONNX model (protobuf parse failed: "
                        "the file is truncated, corrupt or not ONNX)";
    if (!model.has_graph() || model.ir_version() <= 0)
      return error() << "'" << path
                     << "' is not an ONNX model (no graph or IR version)";
    if (failed(applyInputShapes()) || failed(applyBindings()))
      return failure();
    try {
      onnx::checker::check_model(model);
      inferOnnxShapes(model);
      for (const auto &op : model.opset_import())
        if (op.domain().empty() || op.domain() == "ai.onnx")
          opset = op.version();
      if (opset <= 0)
        return error() << "'" << path << "' imports no default-domain opset";
      // Function ops become their bodies (shapes re-inferred).
      expandOnnxFunctions(model, opset, isNativeOnnxOp);
    } catch (const std::exception &e) {
      return error() << "'" << path << "' failed ONNX validation: "
                     << e.what();
    }
    return success();
  }

  /// Turns each --bind input into an initializer of the given value.
  LogicalResult applyBindings() {
    for (const auto &bound : options.boundInputs) {
      auto *inputs = model.mutable_graph()->mutable_input();
      auto it = llvm::find_if(*inputs, [&](const onnx::ValueInfoProto &in) {
        return in.name() == bound.name;
      });
      if (it == inputs->end())
        return error() << "--bind: '" << path << "' has no input named '"
                       << bound.name << "'";
      int32_t declared = it->type().tensor_type().elem_type();
      if (declared != bound.onnxType)
        return error() << "--bind: input '" << bound.name << "' has type "
                       << describeType(it->type()) << ", the bound value is "
                       << onnx::TensorProto_DataType_Name(
                              static_cast<onnx::TensorProto_DataType>(
                                  bound.onnxType));
      inputs->erase(it);
      onnx::TensorProto *init = model.mutable_graph()->add_initializer();
      init->set_name(bound.name);
      init->set_data_type(bound.onnxType);
      for (int64_t d : bound.shape)
        init->add_dims(d);
      init->set_raw_data(bound.bytes.data(), bound.bytes.size());
    }
    return success();
  }

  /// Overrides graph input dims with the user's --shape values.
  LogicalResult applyInputShapes() {
    for (const auto &[name, dims] : options.inputShapes) {
      onnx::ValueInfoProto *input = nullptr;
      std::string names;
      for (auto &in : *model.mutable_graph()->mutable_input()) {
        names += (names.empty() ? "" : ", ") + in.name();
        if (in.name() == name)
          input = &in;
      }
      if (!input)
        return error() << "--shape: '" << path << "' has no input named '"
                       << name << "' (inputs: " << names << ")";
      auto *shape =
          input->mutable_type()->mutable_tensor_type()->mutable_shape();
      if (shape->dim_size() != static_cast<int>(dims.size()))
        return error() << "--shape: input '" << name << "' has rank "
                       << shape->dim_size() << ", the given shape has rank "
                       << dims.size();
      for (auto [i, d] : llvm::enumerate(dims)) {
        auto *dim = shape->mutable_dim(i);
        if (dim->has_dim_value() && dim->dim_value() != d)
          return error() << "--shape: dimension " << i << " of input '"
                         << name << "' is fixed at " << dim->dim_value()
                         << " by the model, not " << d;
        dim->set_dim_value(d);
      }
    }
    return success();
  }

  /// Records the static types shape inference found.
  void recordTypes(OnnxGraph &graph) {
    Builder b(&ctx);
    auto record = [&](const onnx::ValueInfoProto &info) {
      if (RankedTensorType t = staticType(b, info.type()))
        graph.inferred[info.name()] = t;
      if (isUnsignedOnnxType(info.type().tensor_type().elem_type()))
        graph.unsignedValues.insert(info.name());
    };
    for (const auto *infos : {&model.graph().value_info(),
                              &model.graph().output(), &model.graph().input()})
      for (const auto &info : *infos)
        record(info);
  }

  /// ONNX's inference cannot see values nnc folded (Shape of a static
  /// tensor feeding a Reshape, in expanded function bodies): when a node
  /// output still has no static type, the folded values become initializers,
  /// their nodes go, and inference runs again.
  LogicalResult reinferWithFoldedConstants(OnnxGraph &graph) {
    onnx::GraphProto *g = model.mutable_graph();
    bool missing = false;
    for (auto [i, node] : llvm::enumerate(g->node()))
      for (const std::string &out : node.output())
        missing |= !folded[i] && !out.empty() && !graph.inferred.count(out) &&
                   !graph.constant(out);
    if (!missing)
      return success();
    google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
    nodes.Swap(g->mutable_node());
    for (auto [i, node] : llvm::enumerate(nodes)) {
      if (!folded[i]) {
        *g->add_node() = node;
        continue;
      }
      for (const std::string &out : node.output()) {
        const OnnxConstant *c = graph.constant(out);
        if (!c)
          continue;
        onnx::TensorProto *init = g->add_initializer();
        init->set_name(out);
        init->set_data_type(c->dataType);
        for (int64_t d : c->shape)
          init->add_dims(d);
        init->set_raw_data(c->bytes.data(), c->bytes.size());
      }
    }
    folded.assign(g->node_size(), false);
    try {
      inferOnnxShapes(model);
    } catch (const std::exception &e) {
      return error() << "'" << path << "' failed ONNX validation: " << e.what();
    }
    recordTypes(graph);
    // Newly typed values may let more nodes fold.
    std::vector<bool> more;
    foldConstantNodes(model.graph(), graph, more);
    folded = std::move(more);
    return success();
  }

  LogicalResult readConstants(OnnxGraph &graph) {
    std::string dir = llvm::sys::path::parent_path(path).str();
    Builder b(&ctx);
    for (const auto &init : model.graph().initializer()) {
      std::string err;
      OnnxConstant c;
      if (!readTensorProto(init, dir, c, err))
        return error() << "initializer '" << init.name() << "': " << err;
      graph.constants[init.name()] = std::move(c);
    }
    for (const auto &node : model.graph().node()) {
      if (node.op_type() != "Constant" || !node.domain().empty())
        continue;
      for (const auto &attr : node.attribute()) {
        OnnxConstant c;
        if (attr.name() == "value" && attr.has_t()) {
          std::string err;
          if (!readTensorProto(attr.t(), dir, c, err))
            return error() << "Constant node '" << node.name() << "': " << err;
        } else if (!constantFromAttribute(attr, c)) {
          continue;
        }
        graph.constants[node.output(0)] = std::move(c);
      }
    }
    recordTypes(graph);
    for (const auto &info : model.graph().input())
      if (!graph.constants.count(info.name()))
        graph.graphInputs.insert(info.name());
    return success();
  }

  /// Every graph input must have a supported type with all dimensions fixed; a
  /// dynamic one names the input and the flag that fixes it.
  LogicalResult checkInputs(const OnnxGraph &graph) {
    Builder b(&ctx);
    for (const auto &in : model.graph().input()) {
      if (graph.constants.count(in.name()) || staticType(b, in.type()))
        continue;
      if (onnxElementType(b, in.type().tensor_type().elem_type()))
        return error() << "graph input '" << in.name() << "' has type "
                       << describeType(in.type())
                       << ": fix its dynamic dimensions with --shape "
                       << in.name() << "=<d0>x<d1>x...";
      return error() << "graph input '" << in.name() << "' has type "
                     << describeType(in.type()) << "; nnc supports " << kTypes;
    }
    return success();
  }

  /// One diagnostic listing every node nnc cannot import.
  LogicalResult checkSupported(const OnnxGraph &graph) {
    std::vector<std::string> problems;
    for (auto [i, node] : llvm::enumerate(model.graph().node())) {
      if (folded[i])
        continue;
      if (std::optional<std::string> why = unsupportedReason(node, graph)) {
        std::string domain = node.domain().empty() ? "" : node.domain() + ".";
        problems.push_back(domain + node.op_type() + " (opset " +
                           std::to_string(opset) + ") node '" + node.name() +
                           "': " + *why);
      }
    }
    if (problems.empty())
      return success();
    InFlightDiagnostic diag = error();
    diag << "'" << path << "': " << problems.size()
         << " unsupported node" << (problems.size() == 1 ? "" : "s") << ":";
    for (const std::string &p : problems)
      diag << "\n  " << p;
    return failure();
  }

  LogicalResult buildEntry(ModuleOp module, OnnxGraph &graph) {
    const onnx::GraphProto &g = model.graph();
    Builder b(&ctx);
    SmallVector<Type> argTypes;
    SmallVector<std::string> argNames;
    for (const auto &in : g.input()) {
      if (graph.constants.count(in.name()))
        continue; // An initializer listed as input (older exporters).
      RankedTensorType t = staticType(b, in.type()); // checkInputs passed
      argTypes.push_back(t);
      argNames.push_back(in.name());
    }
    OpBuilder &builder = graph.builder;
    builder.setInsertionPointToEnd(module.getBody());
    auto func = func::FuncOp::create(
        builder, fileLoc, options.entry,
        builder.getFunctionType(argTypes, {}));
    Block *body = func.addEntryBlock();
    builder.setInsertionPointToEnd(body);
    for (auto [i, name] : llvm::enumerate(argNames)) {
      graph.values[name] = body->getArgument(i);
      func.setArgAttr(i, kNameAttr, builder.getStringAttr(name));
      if (graph.isUnsigned(name))
        func.setArgAttr(i, kUnsignedAttr, builder.getUnitAttr());
    }
    for (auto [i, node] : llvm::enumerate(g.node())) {
      if (folded[i])
        continue;
      if (failed(importNode(node, graph)))
        return failure();
    }
    SmallVector<Value> results;
    for (const auto &out : g.output()) {
      Value v = graph.lookup(out.name(), fileLoc);
      if (!v || !staticType(b, out.type()))
        return error() << "graph output '" << out.name() << "' has type "
                       << describeType(out.type()) << "; nnc supports "
                       << kTypes << " with every dimension fixed";
      results.push_back(v);
    }
    func::ReturnOp::create(builder, fileLoc, results);
    func.setType(builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
    for (auto [i, out] : llvm::enumerate(g.output())) {
      func.setResultAttr(i, kNameAttr, builder.getStringAttr(out.name()));
      if (isUnsignedOnnxType(out.type().tensor_type().elem_type()))
        func.setResultAttr(i, kUnsignedAttr, builder.getUnitAttr());
    }
    return success();
  }

  MLIRContext &ctx;
  std::string path;
  OnnxImportOptions options;
  Location fileLoc;
  onnx::ModelProto model;
  int64_t opset = 0;
  std::vector<bool> folded; ///< Nodes evaluated at import time.
};

} // namespace

bool nnc::readTensorProto(const onnx::TensorProto &t, StringRef dir,
                          OnnxConstant &out, std::string &error) {
  out.dataType = t.data_type();
  out.shape.assign(t.dims().begin(), t.dims().end());
  size_t elt = onnxElementSize(out.dataType);
  if (elt == 0) {
    error = "data type " +
            onnx::TensorProto_DataType_Name(
                static_cast<onnx::TensorProto_DataType>(out.dataType)) +
            " is not supported";
    return false;
  }
  int64_t count = 1;
  for (int64_t d : out.shape) {
    if (d < 0 || (d > 0 && count > INT64_MAX / d)) {
      error = "invalid dimensions";
      return false;
    }
    count *= d;
  }
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    std::string location;
    int64_t offset = 0, length = -1;
    for (const auto &kv : t.external_data()) {
      if (kv.key() == "location")
        location = kv.value();
      else if (kv.key() == "offset")
        offset = std::atoll(kv.value().c_str());
      else if (kv.key() == "length")
        length = std::atoll(kv.value().c_str());
    }
    SmallString<256> file(dir);
    llvm::sys::path::append(file, location);
    auto buffer = llvm::MemoryBuffer::getFile(file, false, false);
    if (!buffer) {
      error = "cannot read external data '" + std::string(file) +
              "': " + buffer.getError().message();
      return false;
    }
    StringRef data = (*buffer)->getBuffer();
    if (length < 0)
      length = static_cast<int64_t>(data.size()) - offset;
    if (offset < 0 || offset + length > static_cast<int64_t>(data.size())) {
      error = "external data range is outside '" + std::string(file) + "'";
      return false;
    }
    out.bytes.assign(data.begin() + offset, data.begin() + offset + length);
  } else if (t.has_raw_data()) {
    out.bytes.assign(t.raw_data().begin(), t.raw_data().end());
  } else if (out.dataType == onnx::TensorProto::FLOAT) {
    appendField<float>(t.float_data(), out.bytes);
  } else if (out.dataType == onnx::TensorProto::INT64) {
    appendField<int64_t>(t.int64_data(), out.bytes);
  } else if (out.dataType == onnx::TensorProto::DOUBLE) {
    appendField<double>(t.double_data(), out.bytes);
  } else if (out.dataType == onnx::TensorProto::UINT64) {
    appendField<uint64_t>(t.uint64_data(), out.bytes);
  } else if (out.dataType == onnx::TensorProto::UINT32) {
    appendField<uint32_t>(t.uint64_data(), out.bytes);
  } else {
    // int32_data holds one value per entry for INT32 and narrower types;
    // the low bytes are the little-endian value.
    appendField<int32_t>(t.int32_data(), out.bytes);
    if (elt < 4) {
      std::vector<char> packed;
      for (size_t i = 0; i < out.bytes.size(); i += 4)
        packed.insert(packed.end(), out.bytes.begin() + i,
                      out.bytes.begin() + i + elt);
      out.bytes = std::move(packed);
    }
  }
  if (out.bytes.size() != static_cast<size_t>(count) * elt) {
    error = "holds " + std::to_string(out.bytes.size()) + " bytes, expected " +
            std::to_string(count * elt);
    return false;
  }
  return true;
}

OwningOpRef<ModuleOp> nnc::importOnnxFile(MLIRContext &ctx, StringRef path,
                                          const OnnxImportOptions &options) {
  ctx.loadDialect<nn::NNDialect, func::FuncDialect, arith::ArithDialect>();
  return Importer(ctx, path, options).run();
}
