# nnc: the two entry points of the README. Each does all the set-up it needs.
BUILD ?= build
PY    ?= /usr/bin/python3
JOBS  ?= $(shell nproc)

.PHONY: all deps build demo test clean

all: build

deps:
	@bash tools/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja \
	  -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
	  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
	  -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
	  -DPython3_EXECUTABLE=$(PY)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

DIGITS := tools/models/digits

# Compile the bundled digits classifier, then classify its held-back split
# through the runtime: accuracy and mean latency per image.
demo: build
	@mkdir -p $(BUILD)/demo
	$(BUILD)/bin/nnc compile $(DIGITS)/digits.onnx -o $(BUILD)/demo/digits.nnb
	@$(BUILD)/bin/nnc inspect $(BUILD)/demo/digits.nnb
	@$(BUILD)/bin/nnc eval $(BUILD)/demo/digits.nnb \
	  --images $(DIGITS)/test_images.npy --labels $(DIGITS)/test_labels.npy
	@echo "PyTorch on the same split: $$(cat $(DIGITS)/pytorch_accuracy.txt)"

test: build
	cd $(BUILD) && ctest --output-on-failure -j 1

clean:
	rm -rf $(BUILD)
