//===- Compile.cpp - `nnc compile` ----------------------------------------===//
//
// Import, lower and package a model; or stop early and print IR.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "Npy.h"

#include "compiler/codegen/Codegen.h"
#include "compiler/frontend/OnnxImporter.h"
#include "compiler/transforms/GpuPasses.h"
#include "compiler/transforms/Passes.h"
#include "dialects/nn/NNOps.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using mlir::nnc::CodegenOptions;
using mlir::nnc::CompiledModel;
using mlir::nnc::OnnxImportOptions;
using mlir::nnc::PipelineOptions;

namespace {

/// "nnc: error: <file>: node 'x': <message>" for every error diagnostic.
LogicalResult printDiagnostic(Diagnostic &diag) {
  llvm::raw_ostream &os = llvm::errs();
  os << "nnc: " << (diag.getSeverity() == DiagnosticSeverity::Error ? "error"
                    : diag.getSeverity() == DiagnosticSeverity::Warning
                        ? "warning"
                        : "note")
     << ": ";
  Location loc = diag.getLocation();
  if (auto name = dyn_cast<NameLoc>(loc)) {
    if (auto file = dyn_cast<FileLineColLoc>(name.getChildLoc()))
      os << file.getFilename().getValue() << ": ";
    os << "node '" << name.getName().getValue() << "': ";
  }
  os << diag << "\n";
  for (Diagnostic &note : diag.getNotes())
    os << "nnc: note: " << note << "\n";
  return success();
}

/// The ONNX TensorProto data type of a runtime dtype (0 if none).
int32_t onnxTypeOf(nnc_dtype dtype) {
  switch (dtype) {
  case NNC_F32: return 1;   // FLOAT
  case NNC_U8: return 2;    // UINT8
  case NNC_I8: return 3;    // INT8
  case NNC_U16: return 4;   // UINT16
  case NNC_I16: return 5;   // INT16
  case NNC_I32: return 6;   // INT32
  case NNC_I64: return 7;   // INT64
  case NNC_BOOL: return 9;  // BOOL
  case NNC_F16: return 10;  // FLOAT16
  case NNC_F64: return 11;  // DOUBLE
  case NNC_U32: return 12;  // UINT32
  case NNC_U64: return 13;  // UINT64
  }
  return 0;
}

/// Symbol derived from the output file: "out/digits.o" -> "nnc_digits".
std::string defaultSymbol(const std::string &output) {
  std::string stem = llvm::sys::path::stem(output).str();
  std::string sym = "nnc_";
  for (char c : stem)
    sym += llvm::isAlnum(c) ? c : '_';
  return stem.empty() ? "nnc_model" : sym;
}

int writeFile(const std::string &path, llvm::StringRef data) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return ::nnc::reportError("cannot write '" + path + "': " + ec.message());
  os << data;
  return 0;
}

/// Prints `module` to the output file or stdout, weights elided.
int printModule(ModuleOp module, const std::string &output) {
  // Weights are elided on a terminal but written to files, so that a file
  // from --emit=mlir/linalg reloads in nnc-opt.
  OpPrintingFlags flags;
  bool toStdout = output.empty() || output == "-";
  if (toStdout)
    flags.elideLargeResourceString(64);
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os, flags);
  if (toStdout) {
    llvm::outs() << text;
    return 0;
  }
  return writeFile(output, text);
}

} // namespace

int ::nnc::runCompile(const ::nnc::CompileOptions &opts) {
  static const char *kinds[] = {"bundle",       "obj",  "mlir", "linalg",
                                "llvm-dialect", "llvm", "ptx"};
  if (!llvm::is_contained(kinds, opts.emit))
    return reportError("unknown --emit=" + opts.emit +
                       " (bundle, obj, mlir, linalg, llvm-dialect, llvm, ptx)");
  bool cuda = mlir::nnc::isCudaTarget(opts.target);
  if (!opts.gpuArch.empty() && !cuda)
    return reportError("--gpu-arch applies to --target=cuda only");
  if (cuda && opts.emit == "obj")
    return reportError("--emit=obj has no CUDA form; write a bundle or "
                       "--emit=ptx");
  if (!cuda && opts.emit == "ptx")
    return reportError("--emit=ptx needs --target=cuda");
  if ((opts.emit == "bundle" || opts.emit == "obj") && opts.output.empty() &&
      !opts.check)
    return reportError("compile: -o <file> is required for --emit=" +
                       opts.emit);

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<mlir::nnc::nn::NNDialect>();
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  bool sawError = false;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
    sawError |= diag.getSeverity() == DiagnosticSeverity::Error;
    return printDiagnostic(diag);
  });

  OnnxImportOptions importOpts;
  importOpts.checkOnly = opts.check;
  for (const std::string &spec : opts.shapes) {
    auto [name, dimsText] = llvm::StringRef(spec).rsplit('=');
    llvm::SmallVector<llvm::StringRef> parts;
    dimsText.split(parts, 'x');
    std::vector<int64_t> dims;
    for (llvm::StringRef p : parts) {
      int64_t d;
      if (p.getAsInteger(10, d) || d <= 0)
        return ::nnc::reportError("--shape " + spec +
                                  ": expected name=<d0>x<d1>x... with "
                                  "positive sizes");
      dims.push_back(d);
    }
    if (name.empty() || dimsText.empty())
      return ::nnc::reportError("--shape " + spec +
                                ": expected name=<d0>x<d1>x...");
    importOpts.inputShapes.push_back({name.str(), dims});
  }
  for (const std::string &spec : opts.binds) {
    auto [name, file] = llvm::StringRef(spec).split('=');
    if (name.empty() || file.empty())
      return ::nnc::reportError("--bind " + spec + ": expected name=file.npy");
    llvm::Expected<::nnc::NpyArray> array = ::nnc::readNpy(file.str());
    if (!array)
      return ::nnc::reportError("--bind " + spec + ": " +
                                llvm::toString(array.takeError()));
    int32_t onnxType = onnxTypeOf(array->dtype);
    if (!onnxType)
      return ::nnc::reportError("--bind " + spec + ": dtype " +
                                nnc_dtype_name(array->dtype) +
                                " cannot be bound");
    importOpts.boundInputs.push_back(
        {name.str(), onnxType, array->shape,
         std::vector<char>(array->data.begin(), array->data.end())});
  }
  OwningOpRef<ModuleOp> module = mlir::nnc::importOnnxFile(ctx, opts.input, importOpts);
  if (opts.check) {
    if (sawError)
      return 1;
    llvm::outs() << opts.input << ": every node is supported\n";
    return 0;
  }
  if (!module)
    return 1;

  if (opts.emit == "mlir")
    return printModule(*module, opts.output);
  if (opts.emit == "linalg" || opts.emit == "llvm-dialect") {
    PassManager pm(&ctx);
    PipelineOptions pipeline;
    pipeline.tileAndFuse = !cuda;
    if (opts.emit == "linalg")
      mlir::nnc::buildNNToLinalgPipeline(pm, pipeline);
    else if (cuda)
      mlir::nnc::buildGpuPipeline(pm, {});
    else
      mlir::nnc::buildFullPipeline(pm, pipeline);
    if (failed(pm.run(*module)))
      return 1;
    return printModule(*module, opts.output);
  }

  CodegenOptions cg;
  cg.target.triple = opts.target;
  cg.target.cpu = cuda && !opts.gpuArch.empty() ? opts.gpuArch : opts.mcpu;
  cg.symbol = opts.name.empty() ? defaultSymbol(opts.output) : opts.name;
  cg.embedWeights = opts.emit == "obj";
  cg.keepLLVMIR = opts.emit == "llvm";
  cg.gpuEmulation = opts.gpuEmulate;
  cg.verifyEachPass = opts.verifyEach;
  if (opts.gpuEmulate && cuda)
    return reportError("--gpu-emulate compiles for the host; drop "
                       "--target=cuda");
  cg.optLevel = opts.optLevel;
  llvm::Expected<CompiledModel> model = mlir::nnc::compileModule(*module, cg);
  if (!model)
    return reportError(opts.input + ": " + llvm::toString(model.takeError()));

  if (opts.emit == "ptx") {
    if (opts.output.empty() || opts.output == "-") {
      llvm::outs() << model->gpu.ptx;
      return 0;
    }
    return writeFile(opts.output, model->gpu.ptx);
  }
  if (opts.emit == "llvm") {
    if (opts.output.empty() || opts.output == "-") {
      llvm::outs() << model->llvmIR;
      return 0;
    }
    return writeFile(opts.output, model->llvmIR);
  }
  if (opts.emit == "obj") {
    llvm::StringRef code(reinterpret_cast<const char *>(model->object.data()),
                         model->object.size());
    llvm::SmallString<256> header(opts.output);
    llvm::sys::path::replace_extension(header, "h");
    if (int rc = writeFile(opts.output, code))
      return rc;
    return writeFile(std::string(header), mlir::nnc::emitStaticHeader(*model));
  }
  std::vector<uint8_t> bundle = mlir::nnc::packageBundle(*model);
  return writeFile(opts.output,
                   llvm::StringRef(reinterpret_cast<const char *>(bundle.data()),
                                   bundle.size()));
}

int ::nnc::reportError(const std::string &message) {
  llvm::errs() << "nnc: error: " << message << "\n";
  return 1;
}

int ::nnc::runListOps() {
  llvm::raw_ostream &os = llvm::outs();
  os << "# Supported ONNX operators\n\n"
        "Generated by `nnc list-ops`; do not edit (a test compares this file "
        "with the\ncompiler's table). Every operator is checked against "
        "onnxruntime by\n`test/e2e/op_models.test`. Tensors are float32 with "
        "static shapes.\n\n"
        "| ONNX operator | nn ops | supported forms |\n|---|---|---|\n";
  for (const auto &op : mlir::nnc::supportedOnnxOps())
    os << "| " << op.onnxOp << " | `" << op.nnOps << "` | " << op.notes
       << " |\n";
  return 0;
}
