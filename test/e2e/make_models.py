#!/usr/bin/python3
"""make_models.py - exports the end-to-end test networks from PyTorch to ONNX.

Each network gets seeded random weights (torch.manual_seed(0) before it is
built, so --only gives the same model as a full run) and is exported in eval
mode at opset 13 with static shapes, input "input" and output "output":

    make_models.py OUTDIR [--only NAME]

writes OUTDIR/<name>.onnx and a seeded random input OUTDIR/<name>.input.npy.
"""

import argparse
import os
import sys

import numpy as np
import onnx
import torch
from torch import nn


def softmax_regression():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 10), nn.Softmax(dim=1))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.Sigmoid(),
                         nn.Linear(128, 10), nn.Softmax(dim=1))


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 4 * 4, 120), nn.ReLU(),
        nn.Linear(120, 10), nn.Softmax(dim=1))


def cifar_bird():
    # 32x32 -> pool 16 -> conv 14 -> conv 12 -> pool 6.
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(),
        nn.Conv2d(64, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 6 * 6, 512), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(512, 2), nn.Softmax(dim=1))


def autoencoder():
    return nn.Sequential(nn.Linear(10, 2), nn.Sigmoid(), nn.Linear(2, 10), nn.Sigmoid())


# name -> (builder, input shape, input value range)
MODELS = {
    "softmax_regression": (softmax_regression, (1, 1, 28, 28), (0.0, 1.0)),
    "mlp": (mlp, (1, 1, 28, 28), (0.0, 1.0)),
    "lenet": (lenet, (1, 1, 28, 28), (0.0, 1.0)),
    "cifar_bird": (cifar_bird, (1, 3, 32, 32), (-1.0, 1.0)),
    "autoencoder": (autoencoder, (4, 10), (0.0, 1.0)),
}


def export(name, out_dir):
    """Builds, exports and checks one model; returns the ONNX op types it uses."""
    build, shape, (low, high) = MODELS[name]
    torch.manual_seed(0)
    model = build().eval()
    rng = np.random.default_rng(0)
    x = rng.uniform(low, high, size=shape).astype(np.float32)

    path = os.path.join(out_dir, f"{name}.onnx")
    with torch.no_grad():
        torch.onnx.export(model, torch.from_numpy(x), path, opset_version=13,
                          do_constant_folding=True, input_names=["input"],
                          output_names=["output"], training=torch.onnx.TrainingMode.EVAL)
    proto = onnx.load(path)
    onnx.checker.check_model(proto, full_check=True)
    np.save(os.path.join(out_dir, f"{name}.input.npy"), x)
    return sorted({node.op_type for node in proto.graph.node})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--only", choices=sorted(MODELS), help="build just this model")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    torch.set_num_threads(1)
    for name in [args.only] if args.only else MODELS:
        ops = export(name, args.out_dir)
        print(f"{name}: {', '.join(ops)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
