//===- nnc.cpp - The nnc command-line driver ------------------------------===//
//
// `nnc compile | run | bench | eval | inspect`: option parsing only; the
// commands live in Compile.cpp and Execute.cpp.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace {

cl::SubCommand compileCmd("compile", "Compile an ONNX model to a bundle, "
                                     "object file or IR");
cl::SubCommand runCmd("run", "Run a bundle on .npy inputs");
cl::SubCommand benchCmd("bench", "Time a bundle through the runtime's C API");
cl::SubCommand evalCmd("eval", "Measure a classifier's accuracy on a data "
                               "set (first .npy axis = samples)");
cl::SubCommand inspectCmd("inspect", "Print a bundle's signature and sizes");
cl::SubCommand listOpsCmd("list-ops", "Print the supported ONNX operators as "
                                      "a Markdown table");

cl::OptionCategory cat("nnc options");

// compile
cl::opt<std::string> cModel(cl::Positional, cl::desc("<model.onnx>"),
                            cl::sub(compileCmd), cl::cat(cat));
cl::opt<std::string> cOutput("o", cl::desc("Output file (stdout for IR when "
                                           "omitted)"),
                             cl::value_desc("file"), cl::sub(compileCmd),
                             cl::cat(cat));
cl::opt<std::string> cEmit(
    "emit",
    cl::desc("What to produce: bundle (default), obj (object + .h), mlir "
             "(imported nn), linalg, llvm-dialect, llvm (LLVM IR), ptx "
             "(--target=cuda)"),
    cl::init("bundle"), cl::sub(compileCmd), cl::cat(cat));
cl::opt<std::string> cTarget("target",
                             cl::desc("Target triple (default: host), or cuda "
                                      "for NVIDIA GPUs"),
                             cl::sub(compileCmd), cl::cat(cat));
cl::opt<std::string> cGpuArch("gpu-arch",
                              cl::desc("GPU architecture for --target=cuda "
                                       "(default: sm_90)"),
                              cl::sub(compileCmd), cl::cat(cat));
cl::opt<std::string> cCpu("mcpu", cl::desc("Target CPU (default: host CPU "
                                           "for the host, else generic)"),
                          cl::sub(compileCmd), cl::cat(cat));
cl::opt<std::string> cName("name",
                           cl::desc("Entry symbol (default: nnc_<output "
                                    "stem>)"),
                           cl::sub(compileCmd), cl::cat(cat));
cl::list<std::string> cShapes(
    "shape",
    cl::desc("Fix an input's shape, e.g. --shape input=1x3x224x224 "
             "(for declared-dynamic dimensions)"),
    cl::value_desc("name=dims"), cl::sub(compileCmd), cl::cat(cat));
cl::list<std::string> cBinds(
    "bind",
    cl::desc("Fix an input's value at compile time from a .npy file, e.g. "
             "--bind shape=shape.npy (for inputs that determine shapes); "
             "the input leaves the signature"),
    cl::value_desc("name=file.npy"), cl::sub(compileCmd), cl::cat(cat));
cl::opt<bool> cGpuEmulate(
    "gpu-emulate",
    cl::desc("Compile for the host through the CUDA target's kernels, run as "
             "loops over their blocks and threads (tests the GPU lowering "
             "without a GPU)"),
    cl::Hidden, cl::sub(compileCmd));
cl::opt<bool> cVerifyEach(
    "verify-each",
    cl::desc("Verify the IR after every pass of the pipeline (finds the pass "
             "that broke it; slower)"),
    cl::Hidden, cl::sub(compileCmd));
cl::opt<bool> cCheck("check",
                     cl::desc("Only check that every op is supported"),
                     cl::sub(compileCmd), cl::cat(cat));
cl::opt<int> cOpt("O", cl::desc("LLVM optimization level (0-3)"), cl::init(3),
                  cl::Prefix, cl::sub(compileCmd), cl::cat(cat));

// run / bench / eval / inspect
cl::opt<std::string> eBundle(cl::Positional, cl::desc("<model.nnb>"),
                             cl::sub(runCmd), cl::sub(benchCmd),
                             cl::sub(evalCmd), cl::sub(inspectCmd),
                             cl::cat(cat));
cl::list<std::string> eInputs("i",
                              cl::desc("Input .npy, in signature order, or "
                                       "name=file.npy"),
                              cl::value_desc("file"), cl::sub(runCmd),
                              cl::sub(benchCmd), cl::cat(cat));
cl::list<std::string> eOutputs("o", cl::desc("Output .npy, in signature order"),
                               cl::value_desc("file"), cl::sub(runCmd),
                               cl::cat(cat));
cl::opt<int> eRuns("runs", cl::desc("Timed runs"), cl::init(100),
                   cl::sub(benchCmd), cl::cat(cat));
cl::opt<int> eWarmup("warmup", cl::desc("Untimed warm-up runs"), cl::init(10),
                     cl::sub(benchCmd), cl::cat(cat));
cl::opt<int> eThreads("threads",
                      cl::desc("Threads that run the model, the caller's "
                               "included (0: one per CPU)"),
                      cl::init(1), cl::sub(runCmd), cl::sub(benchCmd),
                      cl::sub(evalCmd), cl::cat(cat));
cl::opt<bool> ePhases("phases",
                      cl::desc("Also profile the runs phase by phase (the "
                               "code between barriers, named by model node) "
                               "and list the phases, slowest first"),
                      cl::sub(benchCmd), cl::cat(cat));
cl::opt<std::string> eImages("images", cl::desc("Samples .npy [N, ...]"),
                             cl::sub(evalCmd), cl::cat(cat));
cl::opt<std::string> eLabels("labels", cl::desc("Labels .npy [N] (integers)"),
                             cl::sub(evalCmd), cl::cat(cat));

nnc::ExecOptions execOptions() {
  nnc::ExecOptions o;
  o.bundle = eBundle;
  o.inputs.assign(eInputs.begin(), eInputs.end());
  o.outputs.assign(eOutputs.begin(), eOutputs.end());
  o.runs = eRuns;
  o.warmup = eWarmup;
  o.threads = eThreads;
  o.phases = ePhases;
  o.images = eImages;
  o.labels = eLabels;
  return o;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(cat);
  cl::ParseCommandLineOptions(
      argc, argv,
      "nnc: ahead-of-time compiler for neural networks\n\n"
      "  nnc compile model.onnx -o model.nnb\n"
      "  nnc run model.nnb -i input.npy\n"
      "  nnc bench model.nnb --runs 100\n\n"
      "Run 'nnc <command> --help' for a command's options.\n");
  if (compileCmd) {
    if (cModel.empty())
      return nnc::reportError("compile: no model given (nnc compile "
                              "model.onnx -o model.nnb)");
    nnc::CompileOptions o;
    o.input = cModel;
    o.output = cOutput;
    o.emit = cEmit;
    o.target = cTarget;
    o.mcpu = cCpu;
    o.gpuArch = cGpuArch;
    o.gpuEmulate = cGpuEmulate;
    o.verifyEach = cVerifyEach;
    o.name = cName;
    o.check = cCheck;
    o.shapes.assign(cShapes.begin(), cShapes.end());
    o.binds.assign(cBinds.begin(), cBinds.end());
    o.optLevel = cOpt;
    return nnc::runCompile(o);
  }
  bool exec = runCmd || benchCmd || evalCmd || inspectCmd;
  if (exec && eBundle.empty())
    return nnc::reportError("no bundle given");
  if (runCmd)
    return nnc::runRun(execOptions());
  if (benchCmd)
    return nnc::runBench(execOptions());
  if (evalCmd)
    return nnc::runEval(execOptions());
  if (inspectCmd)
    return nnc::runInspect(execOptions());
  if (listOpsCmd)
    return nnc::runListOps();
  cl::PrintHelpMessage();
  return 1;
}
