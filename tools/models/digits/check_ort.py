#!/usr/bin/python3
"""check_ort.py - checks digits.onnx under onnxruntime against PyTorch's accuracy.

Runs every test image through test/tools/ort_run.js (batch 1, as nnc runs it)
and exits 1 unless onnxruntime's argmax gets exactly the count of correct
predictions recorded in pytorch_accuracy.txt. About 0.2 s per image.

    /usr/bin/python3 tools/models/digits/check_ort.py
"""

import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
ORT_RUN = os.path.join(ROOT, "test", "tools", "ort_run.js")


def main():
    images = np.load(os.path.join(HERE, "test_images.npy"))
    labels = np.load(os.path.join(HERE, "test_labels.npy"))
    with open(os.path.join(HERE, "pytorch_accuracy.txt")) as f:
        expected = int(f.read().split()[1])
    env = dict(os.environ)
    env.setdefault("NODE_PATH", os.path.join(ROOT, "build", "ort", "node_modules"))

    correct = 0
    with tempfile.TemporaryDirectory() as tmp:
        image_path = os.path.join(tmp, "image.npy")
        for image, label in zip(images, labels):
            np.save(image_path, image[None])  # 1 x 1 x 8 x 8
            subprocess.run(["node", ORT_RUN, os.path.join(HERE, "digits.onnx"), tmp, image_path],
                           check=True, env=env, stdout=subprocess.DEVNULL)
            correct += int(np.argmax(np.load(os.path.join(tmp, "0.npy"))) == label)

    total = len(labels)
    print(f"onnxruntime: correct {correct} total {total} accuracy {correct / total:.6f}; "
          f"pytorch: correct {expected}")
    return 0 if correct == expected else 1


if __name__ == "__main__":
    sys.exit(main())
