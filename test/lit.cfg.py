# lit configuration for nnc: FileCheck tests of the dialect, importer and
# passes, plus end-to-end tests that compare against onnxruntime.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "nnc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "tools", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nnc_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.nnc_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tools_dir = os.path.join(config.nnc_src_root, "test", "tools")
# tools/install-deps.sh installs onnxruntime-node here.
ort_modules = os.path.join(config.nnc_src_root, "build", "ort", "node_modules")
config.environment["NODE_PATH"] = ort_modules
python = config.python_executable or "/usr/bin/python3"
config.substitutions.append(("%python", python))
config.substitutions.append(("%ort", "node " + os.path.join(tools_dir, "ort_run.js")))
config.substitutions.append(("%compare", python + " " + os.path.join(tools_dir, "compare.py")))
config.substitutions.append(("%make_onnx", python + " " + os.path.join(config.nnc_src_root, "test", "Inputs", "make_onnx.py")))
config.substitutions.append(("%make_models", python + " " + os.path.join(config.nnc_src_root, "test", "e2e", "make_models.py")))
config.substitutions.append(("%nnc_src", config.nnc_src_root))
config.substitutions.append(("%nnc_obj", config.nnc_obj_root))

# The CUDA target: ptxas validates emitted PTX (CUDA toolkit; no GPU needed),
# and the runtime tests' fake driver stands in for libcuda.so.1.
ptxas = os.path.join(os.environ.get("CUDA_HOME", "/usr/local/cuda"), "bin", "ptxas")
if os.path.exists(ptxas):
    config.available_features.add("ptxas")
config.substitutions.append(("%ptxas", ptxas))
config.substitutions.append(("%fake_cuda", os.path.join(config.nnc_obj_root, "lib", "libnnc_fake_cuda.so")))
