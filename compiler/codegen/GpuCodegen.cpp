//===- GpuCodegen.cpp - nn module -> PTX and a launch list ----------------===//
//
// The CUDA target: runs the GPU pipeline, reads the host function as a
// launch list, translates the gpu.module to LLVM IR and emits PTX through
// LLVM's NVPTX backend, all in-process.
//
//===----------------------------------------------------------------------===//

#include "compiler/codegen/Codegen.h"
#include "compiler/transforms/GpuPasses.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;
using namespace mlir::nnc;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createNvptxMachine(const TargetSpec &spec) {
  LLVMInitializeNVPTXTargetInfo();
  LLVMInitializeNVPTXTarget();
  LLVMInitializeNVPTXTargetMC();
  LLVMInitializeNVPTXAsmPrinter();
  llvm::Triple triple(spec.triple);
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return makeError("the NVPTX backend is not available: " + error);
  std::unique_ptr<llvm::MCSubtargetInfo> sti(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!sti || !sti->isCPUStringValid(spec.cpu))
    return makeError("unknown GPU architecture '" + spec.cpu +
                     "' for --target=cuda (LLVM's NVPTX backend takes "
                     "sm_<major><minor>[a], e.g. sm_80, sm_89, sm_90)");
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, spec.cpu, spec.features, llvm::TargetOptions(), std::nullopt,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!tm)
    return makeError("cannot create an NVPTX target machine for " + spec.cpu);
  return tm;
}

/// The libdevice functions convert-gpu-to-nvvm calls for the math ops that
/// nnc-gpu-expand-math leaves, each one LLVM intrinsic.
std::optional<llvm::Intrinsic::ID> libdeviceIntrinsic(llvm::StringRef name) {
  name.consume_back("f"); // __nv_floorf and __nv_floor take f32 and f64
  return llvm::StringSwitch<std::optional<llvm::Intrinsic::ID>>(name)
      .Case("__nv_fabs", llvm::Intrinsic::fabs)
      .Case("__nv_floor", llvm::Intrinsic::floor)
      .Case("__nv_ceil", llvm::Intrinsic::ceil)
      .Case("__nv_sqrt", llvm::Intrinsic::sqrt)
      .Case("__nv_rsqrt", llvm::Intrinsic::sqrt) // 1 / sqrt, below
      .Case("__nv_trunc", llvm::Intrinsic::trunc)
      .Case("__nv_round", llvm::Intrinsic::round)
      .Case("__nv_rint", llvm::Intrinsic::rint)
      .Case("__nv_nearbyint", llvm::Intrinsic::nearbyint)
      .Case("__nv_fma", llvm::Intrinsic::fma)
      .Case("__nv_copysign", llvm::Intrinsic::copysign)
      .Case("__nv_fmin", llvm::Intrinsic::minnum)
      .Case("__nv_fmax", llvm::Intrinsic::maxnum)
      .Default(std::nullopt);
}

/// Gives every `__nv_*` declaration a body of one intrinsic, so the PTX has
/// no external calls; any other external function is an error naming it.
llvm::Error defineLibdevice(llvm::Module &mod) {
  for (llvm::Function &f : mod) {
    if (!f.isDeclaration() || f.isIntrinsic())
      continue;
    std::optional<llvm::Intrinsic::ID> id = libdeviceIntrinsic(f.getName());
    if (!id)
      return makeError("a GPU kernel calls '" + f.getName() +
                       "', which the CUDA target does not provide (it links "
                       "no libdevice; f64 transcendental math is not "
                       "supported on GPUs yet)");
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(mod.getContext(), "", &f));
    llvm::SmallVector<llvm::Value *> args;
    for (llvm::Argument &a : f.args())
      args.push_back(&a);
    llvm::Value *r = b.CreateIntrinsic(*id, {f.getReturnType()}, args);
    if (f.getName().starts_with("__nv_rsqrt"))
      r = b.CreateFDiv(llvm::ConstantFP::get(f.getReturnType(), 1.0), r);
    b.CreateRet(r);
    f.setLinkage(llvm::GlobalValue::InternalLinkage);
    f.addFnAttr(llvm::Attribute::AlwaysInline);
  }
  return llvm::Error::success();
}

/// The bundle's form of a launch, kernels named by index into `kernels`.
::nnc::GpuLaunchSpec toSpec(const GpuLaunch &launch,
                            std::vector<std::string> &kernels) {
  ::nnc::GpuLaunchSpec spec;
  auto it = llvm::find(kernels, launch.kernel);
  spec.kernel = it - kernels.begin();
  if (it == kernels.end())
    kernels.push_back(launch.kernel);
  std::copy(launch.grid, launch.grid + 3, spec.grid);
  std::copy(launch.block, launch.block + 3, spec.block);
  for (const GpuLaunchArg &a : launch.args) {
    ::nnc::GpuArgSpec arg;
    arg.kind = static_cast<::nnc::GpuArgSpec::Kind>(a.kind);
    arg.index = a.index;
    arg.offset = a.offset;
    arg.size = a.size;
    arg.bits = a.bits;
    arg.scalarBytes = a.scalarBytes;
    spec.args.push_back(arg);
  }
  return spec;
}

} // namespace

bool mlir::nnc::isCudaTarget(llvm::StringRef triple) {
  return triple == "cuda" || triple.starts_with("nvptx64");
}

llvm::Expected<CompiledModel>
mlir::nnc::compileCudaModule(ModuleOp module, const CodegenOptions &opts) {
  MLIRContext *ctx = module.getContext();
  TargetSpec target = resolveTarget(opts.target);
  auto tmOr = createNvptxMachine(target);
  if (!tmOr)
    return tmOr.takeError();
  std::unique_ptr<llvm::TargetMachine> tm = std::move(*tmOr);
  CompiledModel model;
  model.symbol = opts.symbol;
  model.triple = target.triple;
  model.cpu = target.cpu;
  model.gpu.arch = target.cpu;

  auto func = module.lookupSymbol<func::FuncOp>(opts.pipeline.entry);
  if (!func)
    return makeError("no entry function '" + opts.pipeline.entry + "'");
  if (llvm::Error e = readModelSignature(func, model))
    return std::move(e);

  PassManager pm(ctx);
  GpuPipelineOptions gpuOpts;
  gpuOpts.entry = opts.pipeline.entry;
  buildGpuPipeline(pm, gpuOpts);
  if (failed(pm.run(module)))
    return makeError("lowering to GPU kernels failed (see the diagnostics "
                     "above)");

  if (auto blob = module->getAttrOfType<DenseResourceElementsAttr>(kWeightsAttr)) {
    if (AsmResourceBlob *data = blob.getRawHandle().getBlob())
      model.weights.assign(data->getData().begin(), data->getData().end());
    module->removeAttr(kWeightsAttr);
  }
  if (auto ws = func->getAttrOfType<IntegerAttr>(kWorkspaceSizeAttr))
    model.workspaceSize = ws.getInt();
  size_t numBuffers = model.inputs.size() + model.outputs.size() + 2;
  if (func.getNumArguments() != numBuffers)
    return makeError("internal error: the lowered entry takes " +
                     llvm::Twine(func.getNumArguments()) + " buffers, not " +
                     llvm::Twine(numBuffers));
  FailureOr<std::vector<GpuLaunch>> launches =
      buildLaunchList(func, model.inputs.size());
  if (failed(launches))
    return makeError("the host side is not a launch list (see the "
                     "diagnostics above)");
  for (const GpuLaunch &l : *launches)
    model.gpu.launches.push_back(toSpec(l, model.gpu.kernels));

  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
  ctx->appendDialectRegistry(registry);
  llvm::LLVMContext llvmCtx;
  std::unique_ptr<llvm::Module> mod;
  if (auto kernels = module.lookupSymbol<gpu::GPUModuleOp>(kGpuModuleName))
    mod = translateModuleToLLVMIR(kernels, llvmCtx, "nnc_kernels");
  else // a model without launches (its outputs are all empty)
    mod = std::make_unique<llvm::Module>("nnc_kernels", llvmCtx);
  if (!mod)
    return makeError("translation of the GPU kernels to LLVM IR failed");
  mod->setTargetTriple(tm->getTargetTriple());
  mod->setDataLayout(tm->createDataLayout());
  if (llvm::Error e = defineLibdevice(*mod))
    return std::move(e);
  for (const std::string &name : model.gpu.kernels)
    if (!mod->getFunction(name))
      return makeError("internal error: no kernel '" + name + "'");
  llvm::SmallVector<char, 0> buffer;
  if (llvm::Error e = emitModule(*mod, *tm, opts.optLevel,
                                 opts.keepLLVMIR ? &model.llvmIR : nullptr,
                                 llvm::CodeGenFileType::AssemblyFile,
                                 "kernel LLVM IR", buffer))
    return std::move(e);
  model.gpu.ptx.assign(buffer.begin(), buffer.end());
  return model;
}
