//===- Codegen.cpp - nn module -> native object ---------------------------===//
//
// Pipeline, LLVM IR translation, the pointer-array entry wrapper, O3 and
// object emission, all in-process.
//
//===----------------------------------------------------------------------===//

#include "compiler/codegen/Codegen.h"
#include "compiler/frontend/OnnxImporter.h"
#include "compiler/transforms/GpuPasses.h"
#include "compiler/transforms/Spmd.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <optional>

using namespace mlir;
using namespace mlir::nnc;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The bundle dtype of a signature type: float16/32/64, bool (i1) and the
/// signless integers, unsigned where the importer marked them kUnsignedAttr.
std::optional<nnc_dtype> dtypeOf(Type element, bool isUnsigned) {
  if (auto i = dyn_cast<IntegerType>(element)) {
    if (!i.isSignless() || (isUnsigned && i.getWidth() == 1))
      return std::nullopt;
    switch (i.getWidth()) {
    case 1:
      return NNC_BOOL;
    case 8:
      return isUnsigned ? NNC_U8 : NNC_I8;
    case 16:
      return isUnsigned ? NNC_U16 : NNC_I16;
    case 32:
      return isUnsigned ? NNC_U32 : NNC_I32;
    case 64:
      return isUnsigned ? NNC_U64 : NNC_I64;
    }
    return std::nullopt;
  }
  if (isUnsigned)
    return std::nullopt;
  if (element.isF32())
    return NNC_F32;
  if (element.isF16())
    return NNC_F16;
  if (element.isF64())
    return NNC_F64;
  return std::nullopt;
}

/// Signature entries from the entry function's types and nnc.name and
/// nnc.unsigned attributes.
llvm::Error readSignature(func::FuncOp func, CompiledModel &model) {
  auto spec = [](Type type, DictionaryAttr attrs, const std::string &kind,
                 unsigned index,
                 std::vector<::nnc::TensorSpec> &out) -> llvm::Error {
    auto name = attrs ? attrs.getAs<StringAttr>(kNameAttr) : StringAttr();
    bool isUnsigned = attrs && attrs.get(kUnsignedAttr);
    ::nnc::TensorSpec s;
    s.name = name ? name.str() : kind + "_" + std::to_string(index);
    auto t = dyn_cast<RankedTensorType>(type);
    std::optional<nnc_dtype> dtype =
        t ? dtypeOf(t.getElementType(), isUnsigned) : std::nullopt;
    std::string what;
    llvm::raw_string_ostream os(what);
    os << kind << " " << index << " ('" << s.name << "') has type " << type;
    if (!dtype)
      return makeError(what + (isUnsigned ? " (nnc.unsigned)" : "") +
                       "; a compiled signature takes ranked tensors of "
                       "f16/f32/f64, i1 (bool) or i8/i16/i32/i64 (signless; "
                       "nnc.unsigned marks uint)");
    if (!t.hasStaticShape())
      return makeError(what + "; a compiled signature needs static shapes");
    s.dtype = *dtype;
    s.shape.assign(t.getShape().begin(), t.getShape().end());
    out.push_back(std::move(s));
    return llvm::Error::success();
  };
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    if (llvm::Error e = spec(func.getArgumentTypes()[i], func.getArgAttrDict(i),
                             "input", i, model.inputs))
      return e;
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    if (llvm::Error e =
            spec(func.getResultTypes()[i], func.getResultAttrDict(i), "output",
                 i, model.outputs))
      return e;
  return llvm::Error::success();
}

void initializeTargets() {
  static bool done = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    return true;
  }();
  (void)done;
}

/// Work (leaf-op executions, see nnc-parallelize) below which a model runs
/// on one thread: waking a second thread and a barrier per phase cost more
/// than such a model takes. Measured on 2 threads: LeNet at batch 1 (69 K)
/// loses (7.6 -> 9.1 us), the MLP at batch 8 (119 K) gains (16.8 -> 12.7
/// us), LeNet at batch 8 (527 K) gains (54 -> 34 us).
constexpr int64_t kMinParallelWork = 96 * 1024;

/// Calls the SPMD model function `impl`, whose arguments are [inputs...,
/// outputs..., weights, workspace, scratch, thread, threads, sync], with
/// `buffers` (the first four groups but scratch) as one thread of `threads`.
/// A lone thread's scratch is the workspace's last `scratchSize` bytes.
void callImpl(llvm::IRBuilder<> &b, llvm::Function *impl,
              llvm::ArrayRef<llvm::Value *> buffers, llvm::Value *scratch,
              llvm::Value *thread, llvm::Value *threads, llvm::Value *sync,
              uint64_t workspaceSize, uint64_t scratchSize) {
  llvm::SmallVector<llvm::Value *> args(buffers);
  if (!scratch)
    scratch = b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), buffers.back(),
                                           workspaceSize - scratchSize);
  args.append({scratch, thread, threads, sync});
  b.CreateCall(impl, args);
}

/// `void symbol(void *const *args)` running the model on the calling thread
/// with args[0..n) = [inputs..., outputs..., weights, workspace]: the ABI the
/// runtime and the static header share. With `parallel`, also
/// `symbol_mt(args, scratch, thread, threads, sync)` for the runtime's pool.
void addEntryWrappers(llvm::Module &mod, llvm::Function *impl,
                      const CompiledModel &model, bool parallel) {
  llvm::LLVMContext &ctx = mod.getContext();
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  unsigned numBuffers = impl->arg_size() - 4;
  auto define = [&](llvm::StringRef name, llvm::ArrayRef<llvm::Type *> params,
                    auto body) {
    auto *fnTy =
        llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), params, false);
    auto *fn = llvm::Function::Create(fnTy, llvm::GlobalValue::ExternalLinkage,
                                      name, mod);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
    llvm::SmallVector<llvm::Value *> buffers;
    for (unsigned i = 0; i < numBuffers; ++i)
      buffers.push_back(
          b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_64(ptr, fn->getArg(0), i)));
    body(b, fn, buffers);
    b.CreateRetVoid();
  };
  define(model.symbol, {ptr}, [&](llvm::IRBuilder<> &b, llvm::Function *,
                                  llvm::ArrayRef<llvm::Value *> buffers) {
    callImpl(b, impl, buffers, nullptr, b.getInt64(0), b.getInt64(1),
             llvm::ConstantPointerNull::get(llvm::PointerType::getUnqual(ctx)),
             model.workspaceSize, model.threadScratchSize);
  });
  if (!parallel)
    return;
  define(model.parallelSymbol, {ptr, ptr, i64, i64, ptr},
         [&](llvm::IRBuilder<> &b, llvm::Function *fn,
             llvm::ArrayRef<llvm::Value *> buffers) {
           callImpl(b, impl, buffers, fn->getArg(1), fn->getArg(2),
                    fn->getArg(3), fn->getArg(4), model.workspaceSize,
                    model.threadScratchSize);
         });
}

/// The static-link extras: the weights as a 64-byte-aligned constant and a
/// typed `symbol_run(inputs..., outputs..., workspace)`.
void addStaticForm(llvm::Module &mod, llvm::Function *impl,
                   const CompiledModel &model, llvm::StringRef symbol) {
  llvm::LLVMContext &ctx = mod.getContext();
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  auto *data = llvm::ConstantDataArray::get(
      ctx, llvm::ArrayRef<uint8_t>(model.weights.data(), model.weights.size()));
  auto *weights = new llvm::GlobalVariable(
      mod, data->getType(), /*isConstant=*/true,
      llvm::GlobalValue::ExternalLinkage, data, (symbol + "_weights").str());
  weights->setAlignment(llvm::Align(kBufferAlignment));
  size_t io = model.inputs.size() + model.outputs.size();
  llvm::SmallVector<llvm::Type *> params(io + 1, ptr);
  auto *fnTy =
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), params, false);
  auto *run = llvm::Function::Create(fnTy, llvm::GlobalValue::ExternalLinkage,
                                     (symbol + "_run").str(), mod);
  run->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", run));
  llvm::SmallVector<llvm::Value *> args;
  for (size_t i = 0; i < io; ++i)
    args.push_back(run->getArg(i));
  args.push_back(weights);
  args.push_back(run->getArg(io));
  callImpl(b, impl, args, nullptr, b.getInt64(0), b.getInt64(1),
           llvm::ConstantPointerNull::get(llvm::PointerType::getUnqual(ctx)),
           model.workspaceSize, model.threadScratchSize);
  b.CreateRetVoid();
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetSpec &spec) {
  initializeTargets();
  llvm::Triple triple(spec.triple);
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return makeError("unknown target '" + spec.triple + "': " + error);
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, spec.cpu, spec.features, options, llvm::Reloc::PIC_,
      llvm::CodeModel::Small, llvm::CodeGenOptLevel::Aggressive));
  if (!tm)
    return makeError("cannot create a target machine for '" + spec.triple +
                     "' (cpu '" + spec.cpu + "')");
  if (!spec.cpu.empty() &&
      !tm->getMCSubtargetInfo()->isCPUStringValid(spec.cpu))
    return makeError("unknown CPU '" + spec.cpu + "' for target '" +
                     spec.triple + "'");
  return tm;
}

void optimize(llvm::Module &mod, llvm::TargetMachine &tm, int level) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel opt = level >= 3   ? llvm::OptimizationLevel::O3
                                : level == 2 ? llvm::OptimizationLevel::O2
                                : level == 1 ? llvm::OptimizationLevel::O1
                                             : llvm::OptimizationLevel::O0;
  llvm::ModulePassManager mpm = level == 0
                                    ? pb.buildO0DefaultPipeline(opt)
                                    : pb.buildPerModuleDefaultPipeline(opt);
  mpm.run(mod, mam);
}

} // namespace

llvm::Error mlir::nnc::readModelSignature(func::FuncOp func,
                                          CompiledModel &model) {
  return readSignature(func, model);
}

llvm::Error mlir::nnc::emitModule(llvm::Module &mod, llvm::TargetMachine &tm,
                                  int optLevel, std::string *ir,
                                  llvm::CodeGenFileType type,
                                  llvm::StringRef what,
                                  llvm::SmallVectorImpl<char> &out) {
  std::string verifyErrors;
  llvm::raw_string_ostream verifyOs(verifyErrors);
  if (llvm::verifyModule(mod, &verifyOs))
    return makeError("internal error: invalid " + what + ": " + verifyErrors);
  optimize(mod, tm, optLevel);
  if (ir) {
    llvm::raw_string_ostream os(*ir);
    mod.print(os, nullptr);
  }
  llvm::raw_svector_ostream os(out);
  llvm::legacy::PassManager codegen;
  if (tm.addPassesToEmitFile(codegen, os, nullptr, type))
    return makeError("target '" + tm.getTargetTriple().str() +
                     "' cannot emit " +
                     (type == llvm::CodeGenFileType::ObjectFile ? "objects"
                                                                : "assembly"));
  codegen.run(mod);
  return llvm::Error::success();
}

TargetSpec mlir::nnc::resolveTarget(const TargetSpec &spec) {
  TargetSpec out = spec;
  if (isCudaTarget(out.triple)) {
    out.triple = "nvptx64-nvidia-cuda";
    if (out.cpu.empty())
      out.cpu = "sm_90";
    return out;
  }
  std::string host = llvm::sys::getDefaultTargetTriple();
  if (out.triple.empty() || out.triple == "host")
    out.triple = host;
  out.triple = llvm::Triple::normalize(out.triple);
  bool isHost = llvm::Triple(out.triple).getArch() == llvm::Triple(host).getArch();
  if (out.cpu.empty() || out.cpu == "native" || out.cpu == "host") {
    if (isHost) {
      out.cpu = llvm::sys::getHostCPUName().str();
      if (out.features.empty()) {
        llvm::SmallVector<std::string> feats;
        for (auto &f : llvm::sys::getHostCPUFeatures())
          feats.push_back((f.second ? "+" : "-") + f.first().str());
        out.features = llvm::join(feats, ",");
      }
    } else {
      out.cpu = "generic";
    }
  }
  return out;
}

/// f32 lanes of the widest vector registers the target CPU has: 16 with
/// AVX-512, 8 with AVX, 4 otherwise (SSE, NEON).
static int64_t vectorWidthOf(const llvm::TargetMachine &tm) {
  if (!tm.getTargetTriple().isX86()) // feature names are per target
    return 4;
  const llvm::MCSubtargetInfo *sti = tm.getMCSubtargetInfo();
  if (sti->checkFeatures("+avx512f"))
    return 16;
  if (sti->checkFeatures("+avx"))
    return 8;
  return 4;
}

llvm::Expected<CompiledModel> mlir::nnc::compileModule(ModuleOp module,
                                                 const CodegenOptions &opts) {
  if (isCudaTarget(opts.target.triple))
    return compileCudaModule(module, opts);
  MLIRContext *ctx = module.getContext();
  CompiledModel model;
  model.symbol = opts.symbol;
  TargetSpec target = resolveTarget(opts.target);
  model.triple = target.triple;
  model.cpu = target.cpu;
  auto tmOr = createTargetMachine(target);
  if (!tmOr)
    return tmOr.takeError();
  std::unique_ptr<llvm::TargetMachine> tm = std::move(*tmOr);

  auto func = module.lookupSymbol<func::FuncOp>(opts.pipeline.entry);
  if (!func)
    return makeError("no entry function '" + opts.pipeline.entry + "'");
  if (llvm::Error e = readSignature(func, model))
    return std::move(e);

  PassManager pm(ctx);
  // The IR is verified once after the pipeline rather than after each of
  // its passes (a tenth of resnet18's compile time); nnc-opt and the lit
  // tests verify after every pass.
  pm.enableVerifier(opts.verifyEachPass);
  PipelineOptions pipeline = opts.pipeline;
  pipeline.vectorWidth = vectorWidthOf(*tm);
  if (opts.gpuEmulation)
    buildGpuEmulationPipeline(pm, {opts.pipeline.entry});
  else
    buildFullPipeline(pm, pipeline);
  if (failed(pm.run(module)))
    return makeError("lowering to LLVM failed (see the diagnostics above)");
  if (!opts.verifyEachPass && failed(mlir::verify(module)))
    return makeError("internal error: the lowered module does not verify "
                     "(rerun with --verify-each to find the pass)");

  if (auto blob = module->getAttrOfType<DenseResourceElementsAttr>(kWeightsAttr)) {
    if (AsmResourceBlob *data = blob.getRawHandle().getBlob())
      model.weights.assign(data->getData().begin(), data->getData().end());
    module->removeAttr(kWeightsAttr);
  }
  auto llvmFunc = module.lookupSymbol<LLVM::LLVMFuncOp>(opts.pipeline.entry);
  if (!llvmFunc)
    return makeError("the lowered module has no entry function");
  auto intAttr = [&](llvm::StringRef name) -> int64_t {
    auto attr = llvmFunc->getAttrOfType<IntegerAttr>(name);
    return attr ? attr.getInt() : 0;
  };
  model.threadScratchSize = intAttr(kThreadScratchSizeAttr);
  model.workspaceSize =
      intAttr(kWorkspaceSizeAttr) + model.threadScratchSize;
  bool parallel = intAttr(kParallelWorkAttr) >= kMinParallelWork;
  if (parallel) {
    model.parallelSymbol = opts.symbol + "_mt";
    if (auto phases = llvmFunc->getAttrOfType<ArrayAttr>(kPhasesAttr))
      for (auto name : phases.getAsValueRange<StringAttr>())
        model.phases.push_back(name.str());
  }

  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  ctx->appendDialectRegistry(registry);
  llvm::LLVMContext llvmCtx;
  std::unique_ptr<llvm::Module> mod =
      translateModuleToLLVMIR(module, llvmCtx, "nnc_model");
  if (!mod)
    return makeError("translation to LLVM IR failed");
  mod->setTargetTriple(llvm::Triple(target.triple));
  mod->setDataLayout(tm->createDataLayout());

  llvm::Function *impl = mod->getFunction(opts.pipeline.entry);
  impl->setName(opts.symbol + "_impl");
  impl->setLinkage(llvm::GlobalValue::InternalLinkage);
  if (impl->arg_size() !=
      model.inputs.size() + model.outputs.size() + 6)
    return makeError("internal error: the lowered entry does not have the "
                     "SPMD signature of nnc-parallelize");
  addEntryWrappers(*mod, impl, model, parallel);
  if (opts.embedWeights)
    addStaticForm(*mod, impl, model, opts.symbol);
  for (llvm::Function &f : *mod)
    if (!f.isDeclaration()) {
      f.addFnAttr(llvm::Attribute::NoUnwind);
      f.addFnAttr("target-cpu", target.cpu);
      if (!target.features.empty())
        f.addFnAttr("target-features", target.features);
    }
  llvm::SmallVector<char, 0> buffer;
  if (llvm::Error e = emitModule(*mod, *tm, opts.optLevel,
                                 opts.keepLLVMIR ? &model.llvmIR : nullptr,
                                 llvm::CodeGenFileType::ObjectFile, "LLVM IR",
                                 buffer))
    return std::move(e);
  model.object.assign(buffer.begin(), buffer.end());
  return model;
}
