//===- Commands.h - nnc subcommands -----------------------------*- C++ -*-===//
//
// Each subcommand takes a plain options struct (filled by nnc.cpp from the
// command line) and returns the process exit code.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_TOOLS_NNC_COMMANDS_H
#define NNC_TOOLS_NNC_COMMANDS_H

#include <string>
#include <vector>

namespace nnc {

struct CompileOptions {
  std::string input, output, emit = "bundle", target, mcpu, name;
  std::string gpuArch; ///< --gpu-arch, for --target=cuda
  std::vector<std::string> shapes; ///< "name=1x3x224x224"
  std::vector<std::string> binds;  ///< "name=file.npy"
  bool check = false;
  bool gpuEmulate = false; ///< --gpu-emulate (testing)
  bool verifyEach = false; ///< --verify-each (debugging)
  int optLevel = 3;
};

struct ExecOptions {
  std::string bundle;
  std::vector<std::string> inputs, outputs;
  int runs = 100, warmup = 10, threads = 1;
  bool phases = false; ///< bench: also profile phase by phase
  std::string images, labels;
};

int runCompile(const CompileOptions &opts);
int runRun(const ExecOptions &opts);
int runBench(const ExecOptions &opts);
int runEval(const ExecOptions &opts);
int runInspect(const ExecOptions &opts);
int runListOps();

/// Prints "nnc: error: <message>" to stderr and returns 1.
int reportError(const std::string &message);

} // namespace nnc

#endif // NNC_TOOLS_NNC_COMMANDS_H
