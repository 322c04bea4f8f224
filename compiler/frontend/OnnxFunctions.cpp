//===- OnnxFunctions.cpp - Inlining of ONNX function ops ------------------===//
//
// Many ONNX operators (SoftmaxCrossEntropyLoss, NegativeLogLikelihoodLoss,
// MeanVarianceNormalization, ...) are defined by the standard as functions
// of simpler ones. nnc imports those it has no converter for by inlining the
// body the ONNX library builds for the node's opset and input types.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontend/OnnxGraph.h"

#include "onnx/defs/function.h"
#include "onnx/defs/schema.h"

#include <map>

using namespace mlir;
using namespace mlir::nnc;

/// The types of the graph's values by name, for context-dependent bodies.
static std::map<std::string, onnx::TypeProto>
knownTypes(const onnx::GraphProto &g) {
  std::map<std::string, onnx::TypeProto> types;
  for (const auto *infos : {&g.input(), &g.value_info(), &g.output()})
    for (const auto &info : *infos)
      types[info.name()] = info.type();
  for (const auto &init : g.initializer()) {
    onnx::TypeProto t;
    auto *tensor = t.mutable_tensor_type();
    tensor->set_elem_type(init.data_type());
    for (int64_t d : init.dims())
      tensor->mutable_shape()->add_dim()->set_dim_value(d);
    types[init.name()] = t;
  }
  return types;
}

int64_t nnc::expandOnnxFunctions(onnx::ModelProto &model, int64_t opset,
                                 llvm::function_ref<bool(StringRef)> native) {
  int64_t expanded = 0;
  // Bodies may themselves use function ops; a few rounds reach the leaves.
  for (int round = 0; round < 4; ++round) {
    onnx::GraphProto *g = model.mutable_graph();
    std::map<std::string, onnx::TypeProto> types = knownTypes(*g);
    google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
    nodes.Swap(g->mutable_node());
    int64_t before = expanded;
    for (auto [i, node] : llvm::enumerate(nodes)) {
      const onnx::OpSchema *schema =
          native(node.op_type()) || !(node.domain().empty() || node.domain() == "ai.onnx")
              ? nullptr
              : onnx::OpSchemaRegistry::Schema(node.op_type(), opset, "");
      onnx::FunctionProto built;
      const onnx::FunctionProto *body = nullptr;
      if (schema && schema->HasContextDependentFunction()) {
        std::vector<onnx::TypeProto> inputTypes;
        for (const std::string &in : node.input())
          inputTypes.push_back(types.count(in) ? types[in] : onnx::TypeProto());
        onnx::FunctionBodyBuildContextImpl ctx(node, inputTypes);
        if (schema->BuildContextDependentFunction(ctx, built))
          body = &built;
      } else if (schema && schema->HasFunction()) {
        body = schema->GetFunction();
      }
      if (!body) {
        *g->add_node() = node;
        continue;
      }
      std::string prefix = (node.name().empty() ? node.op_type() : node.name()) +
                           "_fn" + std::to_string(round) + "_" + std::to_string(i);
      onnx::FunctionExpandHelper(node, *body, *g, prefix);
      ++expanded;
    }
    if (expanded == before)
      break;
  }
  return expanded;
}
