//===- OnnxRecurrent.cpp - LSTM, GRU and RNN, unrolled --------------------===//
//
// With a static sequence length a recurrent layer is a fixed dataflow graph:
// one dense op projects every time step's input at once, then each step
// adds the recurrent projection of the previous hidden state and applies the
// gate equations of the ONNX spec. Weights are sliced per direction here, at
// import time, so no slicing of constants happens at run time.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontend/OnnxOpUtils.h"
#include "dialects/nn/NNOps.h"

#include <array>
#include <cstring>

using namespace mlir;
using namespace mlir::nnc;

namespace {

enum class Cell { LSTM, GRU, RNN };

int64_t gatesOf(Cell cell) {
  return cell == Cell::LSTM ? 4 : cell == Cell::GRU ? 3 : 1;
}

/// Rows [begin, begin + count) of matrix `d` of a [dirs, rows, cols] f32
/// constant, as a [count, cols] constant.
OnnxConstant rowsOf(const OnnxConstant &c, int64_t d, int64_t begin,
                    int64_t count) {
  int64_t rows = c.shape[1], cols = c.shape.size() > 2 ? c.shape[2] : 1;
  OnnxConstant out;
  out.dataType = onnx::TensorProto::FLOAT;
  out.shape = c.shape.size() > 2 ? std::vector<int64_t>{count, cols}
                                 : std::vector<int64_t>{count};
  const char *src = c.bytes.data() + ((d * rows + begin) * cols) * 4;
  out.bytes.assign(src, src + count * cols * 4);
  return out;
}

OnnxConstant zeros(std::vector<int64_t> shape) {
  OnnxConstant out;
  out.dataType = onnx::TensorProto::FLOAT;
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  out.shape = std::move(shape);
  out.bytes.assign(n * 4, 0);
  return out;
}

/// Adds two f32 constants of equal shape elementwise.
OnnxConstant sum(const OnnxConstant &a, const OnnxConstant &b) {
  OnnxConstant out = a;
  for (size_t i = 0; i < a.bytes.size(); i += 4) {
    float x, y;
    memcpy(&x, a.bytes.data() + i, 4);
    memcpy(&y, b.bytes.data() + i, 4);
    x += y;
    memcpy(out.bytes.data() + i, &x, 4);
  }
  return out;
}

/// Builds one recurrent node; `c` resolves X and the output types.
class Unroller {
public:
  Unroller(NodeContext &c, Cell cell) : c(c), cell(cell) {}

  LogicalResult run() {
    if (failed(c.resolve(1)))
      return failure();
    f32 = c.b().getF32Type();
    // layout=1 is batch-major: [batch, seq, input] in, [batch, seq, dirs,
    // hidden] and [batch, dirs, hidden] out; the unrolling is seq-major.
    batchMajor = intAttr(c.node, "layout", 0) != 0;
    if (batchMajor)
      c.in[0] = transpose(c.in[0], {1, 0, 2});
    auto xTy = cast<RankedTensorType>(c.in[0].getType());
    seq = xTy.getDimSize(0);
    batch = xTy.getDimSize(1);
    input = xTy.getDimSize(2);
    hidden = intAttr(c.node, "hidden_size", 0);
    const OnnxConstant *w = c.g.constant(c.node.input(1));
    const OnnxConstant *r = c.g.constant(c.node.input(2));
    const OnnxConstant *b =
        hasInput(c.node, 3) ? c.g.constant(c.node.input(3)) : nullptr;
    const OnnxConstant *p =
        hasInput(c.node, 7) ? c.g.constant(c.node.input(7)) : nullptr;
    std::string direction = stringAttr(c.node, "direction", "forward");
    int64_t dirs = direction == "bidirectional" ? 2 : 1;

    // hs[d][t]: hidden state of direction d after processing time step t.
    std::vector<std::vector<Value>> hs(dirs, std::vector<Value>(seq));
    SmallVector<Value> lastH, lastC;
    for (int64_t d = 0; d < dirs; ++d) {
      bool reverse = direction == "reverse" || d == 1;
      Value h = initialState(4, d), cState = initialState(5, d);
      Value xw = projectInputs(*w, b, d);
      Value rw = constant(rowsOf(*r, d, 0, gatesOf(cell) * hidden));
      Value rb = recurrentBias(b, d);
      peepholes = {};
      if (p) // P [dirs, 3 * hidden]: input, output, forget gates
        for (int64_t k = 0; k < 3; ++k)
          peepholes[k] = constant(rowsOf(*p, d, k * hidden, hidden));
      for (int64_t k = 0; k < seq; ++k) {
        int64_t t = reverse ? seq - 1 - k : k;
        Value xt = slice(xw, {t * batch, 0}, {batch, gatesOf(cell) * hidden});
        Value hOld = h, cOld = cState;
        step(xt, rw, rb, *r, d, h, cState);
        hs[d][t] = h;
        if (Value done = finished(t)) {
          // Past its length a sequence keeps its state and outputs zeros.
          h = select(done, hOld, h);
          if (cState)
            cState = select(done, cOld, cState);
          hs[d][t] = select(done, constant(zeros({batch, hidden})), hs[d][t]);
        }
      }
      lastH.push_back(h);
      lastC.push_back(cState);
    }
    // Y [seq, dirs, batch, hidden]; Y_h and Y_c [dirs, batch, hidden].
    if (usesOutput(c.node, 0)) {
      SmallVector<Value> steps;
      for (int64_t t = 0; t < seq; ++t) {
        SmallVector<Value> perDir;
        for (int64_t d = 0; d < dirs; ++d)
          perDir.push_back(reshape(hs[d][t], {1, 1, batch, hidden}));
        steps.push_back(concat(perDir, 1));
      }
      Value y = concat(steps, 0);
      define(0, batchMajor ? transpose(y, {2, 0, 1, 3}) : y);
    }
    auto stack = [&](ArrayRef<Value> states) {
      SmallVector<Value> parts;
      for (Value s : states)
        parts.push_back(reshape(s, {1, batch, hidden}));
      Value all = concat(parts, 0);
      return batchMajor ? transpose(all, {1, 0, 2}) : all;
    };
    if (usesOutput(c.node, 1))
      define(1, stack(lastH));
    if (cell == Cell::LSTM && usesOutput(c.node, 2))
      define(2, stack(lastC));
    return success();
  }

private:
  RankedTensorType type(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, f32);
  }

  Value constant(OnnxConstant value) {
    std::string name = c.node.output(0) + "#const" + std::to_string(counter++);
    c.g.constants[name] = std::move(value);
    return c.g.lookup(name, c.loc);
  }

  Value slice(Value v, ArrayRef<int64_t> offsets, ArrayRef<int64_t> sizes) {
    SmallVector<int64_t> strides(sizes.size(), 1);
    return nn::SliceOp::create(c.b(), c.loc, type(sizes), v, c.i64s(offsets),
                               c.i64s(sizes), c.i64s(strides));
  }

  /// [batch, 1] true where step t lies past the sequence's length (forward
  /// direction), or null without sequence_lens.
  Value finished(int64_t t) {
    if (!hasInput(c.node, 4))
      return nullptr;
    Value lens = c.g.lookup(c.node.input(4), c.loc);
    auto lensTy = cast<RankedTensorType>(lens.getType());
    OnnxConstant step;
    step.dataType = onnx::TensorProto::INT32;
    step.shape = {1};
    int32_t value = static_cast<int32_t>(t);
    step.bytes.assign(reinterpret_cast<char *>(&value),
                      reinterpret_cast<char *>(&value) + 4);
    Value past = nn::CompareOp::create(
        c.b(), c.loc, lensTy.clone(c.b().getI1Type()), "le", lens,
        constant(step));
    return nn::ReshapeOp::create(
        c.b(), c.loc, RankedTensorType::get({batch, 1}, c.b().getI1Type()), past);
  }

  Value select(Value cond, Value a, Value b) {
    return nn::SelectOp::create(c.b(), c.loc, a.getType(), cond, a, b);
  }

  Value transpose(Value v, ArrayRef<int64_t> perm) {
    auto ty = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> shape;
    for (int64_t p : perm)
      shape.push_back(ty.getDimSize(p));
    return nn::TransposeOp::create(c.b(), c.loc, type(shape), v, c.i64s(perm));
  }

  Value reshape(Value v, ArrayRef<int64_t> shape) {
    return nn::ReshapeOp::create(c.b(), c.loc, type(shape), v);
  }

  Value concat(ArrayRef<Value> parts, int64_t axis) {
    if (parts.size() == 1)
      return parts[0];
    auto first = cast<RankedTensorType>(parts[0].getType());
    SmallVector<int64_t> shape(first.getShape());
    shape[axis] = 0;
    for (Value p : parts)
      shape[axis] += cast<RankedTensorType>(p.getType()).getDimSize(axis);
    return nn::ConcatOp::create(c.b(), c.loc, type(shape), parts,
                                c.b().getI64IntegerAttr(axis));
  }

  Value dense(Value x, Value w, Value bias, int64_t n) {
    auto xTy = cast<RankedTensorType>(x.getType());
    return nn::DenseOp::create(c.b(), c.loc, type({xTy.getDimSize(0), n}), x,
                               w, bias);
  }

  template <typename Op> Value binary(Value a, Value b) {
    return Op::create(c.b(), c.loc, a.getType(), a, b);
  }
  template <typename Op> Value unary(Value a) {
    return Op::create(c.b(), c.loc, a.getType(), a);
  }

  /// Initial hidden (input 5) or cell (input 6) state of direction d, as
  /// [batch, hidden]; zeros when absent. `which` is 4 for h, 5 for c.
  Value initialState(int which, int64_t d) {
    int index = which + 1;
    if (!hasInput(c.node, index))
      return constant(zeros({batch, hidden}));
    Value all = c.g.lookup(c.node.input(index), c.loc);
    if (batchMajor)
      all = transpose(all, {1, 0, 2});
    return reshape(slice(all, {d, 0, 0}, {1, batch, hidden}), {batch, hidden});
  }

  /// X [seq, batch, input] x W_d^T + input-side bias for every step at once:
  /// [seq * batch, gates * hidden]. Recurrence biases that sit outside the
  /// gates' nonlinear inner terms are folded in here too.
  Value projectInputs(const OnnxConstant &w, const OnnxConstant *b, int64_t d) {
    int64_t g = gatesOf(cell);
    Value x = reshape(c.in[0], {seq * batch, input});
    Value wd = constant(rowsOf(w, d, 0, g * hidden));
    Value bias;
    if (b) {
      OnnxConstant wb = rowsOf(*b, d, 0, g * hidden);
      OnnxConstant rb = rowsOf(*b, d, g * hidden, g * hidden);
      if (cell == Cell::GRU && linearBeforeReset())
        // The candidate's recurrence bias is multiplied by r: keep it apart.
        memset(rb.bytes.data() + 2 * hidden * 4, 0, hidden * 4);
      bias = constant(sum(wb, rb));
    }
    return dense(x, wd, bias, g * hidden);
  }

  /// Bias added to h x R^T inside the step (GRU with linear_before_reset).
  Value recurrentBias(const OnnxConstant *b, int64_t d) {
    if (!b || cell != Cell::GRU || !linearBeforeReset())
      return nullptr;
    OnnxConstant rb = rowsOf(*b, d, 3 * hidden, 3 * hidden);
    memset(rb.bytes.data(), 0, 2 * hidden * 4);
    return constant(rb);
  }

  bool linearBeforeReset() {
    return intAttr(c.node, "linear_before_reset", 0) != 0;
  }

  Value gate(Value v, int64_t k) { return slice(v, {0, k * hidden}, {batch, hidden}); }

  /// One time step: updates h (and the LSTM cell state).
  void step(Value xt, Value rw, Value rb, const OnnxConstant &r, int64_t d,
            Value &h, Value &cState) {
    int64_t g = gatesOf(cell);
    switch (cell) {
    case Cell::RNN:
      h = unary<nn::TanhOp>(binary<nn::AddOp>(xt, dense(h, rw, nullptr, hidden)));
      return;
    case Cell::LSTM: { // gates i, o, f, c; peepholes see the cell state
      Value pre = binary<nn::AddOp>(xt, dense(h, rw, nullptr, g * hidden));
      auto peep = [&](Value v, int k, Value cell) {
        return peepholes[k] ? binary<nn::AddOp>(
                                  v, binary<nn::MulOp>(cell, peepholes[k]))
                            : v;
      };
      Value i = unary<nn::SigmoidOp>(peep(gate(pre, 0), 0, cState));
      Value f = unary<nn::SigmoidOp>(peep(gate(pre, 2), 2, cState));
      Value cand = unary<nn::TanhOp>(gate(pre, 3));
      cState = binary<nn::AddOp>(binary<nn::MulOp>(f, cState),
                                 binary<nn::MulOp>(i, cand));
      Value o = unary<nn::SigmoidOp>(peep(gate(pre, 1), 1, cState));
      h = binary<nn::MulOp>(o, unary<nn::TanhOp>(cState));
      return;
    }
    case Cell::GRU: { // gates z, r, h
      Value hr = dense(h, rw, rb, g * hidden);
      Value z = unary<nn::SigmoidOp>(binary<nn::AddOp>(gate(xt, 0), gate(hr, 0)));
      Value reset = unary<nn::SigmoidOp>(binary<nn::AddOp>(gate(xt, 1), gate(hr, 1)));
      Value inner;
      if (linearBeforeReset()) {
        inner = binary<nn::MulOp>(reset, gate(hr, 2));
      } else {
        Value rh = constant(rowsOf(r, d, 2 * hidden, hidden));
        inner = dense(binary<nn::MulOp>(reset, h), rh, nullptr, hidden);
      }
      Value cand = unary<nn::TanhOp>(binary<nn::AddOp>(gate(xt, 2), inner));
      // h' = (1 - z) * cand + z * h = cand + z * (h - cand)
      h = binary<nn::AddOp>(
          cand, binary<nn::MulOp>(z, binary<nn::SubOp>(h, cand)));
      return;
    }
    }
  }

  void define(int i, Value v) { c.g.values[c.node.output(i)] = v; }

  NodeContext &c;
  Cell cell;
  Type f32;
  bool batchMajor = false;
  std::array<Value, 3> peepholes; ///< LSTM P_i, P_o, P_f of one direction
  int64_t seq = 0, batch = 0, input = 0, hidden = 0;
  int counter = 0;
};

} // namespace

Reason nnc::checkRecurrent(const onnx::NodeProto &n, const OnnxGraph &g) {
  const std::string &op = n.op_type();
  std::string direction = stringAttr(n, "direction", "forward");
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return "direction '" + direction + "' is not supported";
  if (findAttr(n, "clip"))
    return std::string("clip is not supported");
  if (findAttr(n, "activations"))
    return std::string("non-default activations are not supported");
  if (op == "LSTM" && intAttr(n, "input_forget", 0) != 0)
    return std::string("input_forget is not supported");
  if (hasInput(n, 4) && direction != "forward")
    return std::string("sequence_lens is supported in the forward direction only");
  if (intAttr(n, "hidden_size", 0) <= 0)
    return std::string("hidden_size must be given");
  // Weights are packed at compile time: W, R, B and P must be constants.
  for (int i : {1, 2, 3, 7}) {
    if (!hasInput(n, i) || (i == 7 && op != "LSTM"))
      continue;
    std::string what = "input " + std::to_string(i) + " (weights)";
    if (Reason r = checkConstInput(n, g, i, what))
      return r;
    if (g.constant(n.input(i))->dataType != onnx::TensorProto::FLOAT)
      return what + " must be float32";
  }
  auto x = g.shapeOf(n.input(0));
  if (!x || x->size() != 3)
    return std::string("X must have a static 3-D shape");
  return std::nullopt;
}

LogicalResult nnc::importLSTM(NodeContext &c) { return Unroller(c, Cell::LSTM).run(); }
LogicalResult nnc::importGRU(NodeContext &c) { return Unroller(c, Cell::GRU).run(); }
LogicalResult nnc::importRNN(NodeContext &c) { return Unroller(c, Cell::RNN).run(); }
