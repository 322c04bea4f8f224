//===- OnnxFunctions.cpp - Inlining of ONNX function ops ------------------===//
//
// Many ONNX operators (SoftmaxCrossEntropyLoss, NegativeLogLikelihoodLoss,
// MeanVarianceNormalization, ...) are defined by the standard as functions
// of simpler ones. nnc imports those it has no converter for by inlining the
// body the ONNX library builds for the node's opset and input types.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontend/OnnxGraph.h"

#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

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

/// Expands in rounds, re-running shape inference after each, so nested
/// function ops see typed inputs; may throw onnx's inference errors.
void nnc::inferOnnxShapes(onnx::ModelProto &model) {
  onnx::ShapeInferenceOptions options(/*check_type=*/false, /*strict_mode=*/0,
                                      /*data_prop=*/true);
  onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                     options);
}

/// Appends `body`'s nodes, instantiated for `node`, to `g`: formal inputs
/// and outputs become the node's, other values get `prefix`, and attribute
/// references take the node's attribute, else the op schema's default, else
/// are dropped (onnx's FunctionExpandHelper would keep an empty attribute,
/// turning NLL's absent ignore_index into 0).
static void inlineBody(const onnx::NodeProto &node, const onnx::OpSchema &schema,
                       const onnx::FunctionProto &body, onnx::GraphProto &g,
                       const std::string &prefix) {
  std::map<std::string, std::string> names;
  for (int i = 0; i < body.input_size(); ++i)
    names[body.input(i)] = i < node.input_size() ? node.input(i) : "";
  for (int i = 0; i < body.output_size(); ++i)
    names[body.output(i)] = i < node.output_size() ? node.output(i) : "";
  auto rename = [&](const std::string &name) {
    if (name.empty())
      return name;
    auto it = names.find(name);
    return it != names.end() ? it->second : prefix + name;
  };
  for (const onnx::NodeProto &inner : body.node()) {
    onnx::NodeProto *n = g.add_node();
    *n = inner;
    n->set_name(prefix + inner.name());
    for (int i = 0; i < n->input_size(); ++i)
      n->set_input(i, rename(inner.input(i)));
    for (int i = 0; i < n->output_size(); ++i)
      n->set_output(i, rename(inner.output(i)));
    n->clear_attribute();
    for (const onnx::AttributeProto &attr : inner.attribute()) {
      if (!attr.has_ref_attr_name()) {
        *n->add_attribute() = attr;
        continue;
      }
      const onnx::AttributeProto *value = nullptr;
      for (const onnx::AttributeProto &outer : node.attribute())
        if (outer.name() == attr.ref_attr_name())
          value = &outer;
      auto dflt = schema.attributes().find(attr.ref_attr_name());
      if (!value && dflt != schema.attributes().end() &&
          dflt->second.default_value.type() != onnx::AttributeProto::UNDEFINED)
        value = &dflt->second.default_value;
      if (value) {
        onnx::AttributeProto *copy = n->add_attribute();
        *copy = *value;
        copy->set_name(attr.name());
      }
    }
  }
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
      inlineBody(node, *schema, *body, *g, prefix);
      ++expanded;
    }
    if (expanded == before)
      break;
    // The next round's context-dependent bodies need the new values' types.
    inferOnnxShapes(model);
  }
  return expanded;
}
