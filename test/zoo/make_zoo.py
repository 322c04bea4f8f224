#!/usr/bin/python3
"""make_zoo.py - exports the model-zoo networks from PyTorch to ONNX.

The zoo: four torchvision classifiers at Nx3x224x224, a DCGAN generator, a
character-level LSTM and the five seed networks of test/e2e/make_models.py.
Each network is built after torch.manual_seed(0) (so --only gives the same
model as a full run), its BatchNorm layers get seeded non-trivial running
statistics and affine parameters, and it is exported in eval mode with
constant folding, static shapes, input "input" and output "output":

    make_zoo.py OUTDIR [--only NAME ...] [--opset 13] [--batch 1] [--dynamic-batch]

writes OUTDIR/<name>_op<opset>_b<batch>.onnx (suffix _dyn with
--dynamic-batch, which marks dim 0 of input and output as "batch") and a
seeded random input beside it, <model>.input.npy. It prints the ONNX op types
of every model.
"""

import argparse
import os
import sys
import warnings

import numpy as np
import onnx
import torch
import torchvision
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import make_models  # noqa: E402  (the seed networks)

VOCAB = 64
SEQUENCE = 32


def dcgan_generator():
    """The DCGAN generator (Radford et al.), 100-d noise to a 1x64x64 image."""
    layers = []
    channels = [100, 512, 256, 128, 64]
    for i, (cin, cout) in enumerate(zip(channels, channels[1:])):
        stride, pad = (1, 0) if i == 0 else (2, 1)
        layers += [nn.ConvTranspose2d(cin, cout, 4, stride, pad, bias=False),
                   nn.BatchNorm2d(cout), nn.ReLU()]
    layers += [nn.ConvTranspose2d(64, 1, 4, 2, 1, bias=False), nn.Tanh()]
    return nn.Sequential(*layers)


class CharLSTM(nn.Module):
    """One-hot characters -> dense "embedding" -> 2-layer LSTM -> per-step log-probabilities."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(VOCAB, 64)
        self.lstm = nn.LSTM(64, 128, num_layers=2, batch_first=True)
        self.head = nn.Linear(128, VOCAB)

    def forward(self, x):
        out, _ = self.lstm(self.embed(x))
        return torch.log_softmax(self.head(out), dim=-1)


def uniform_input(low, high):
    return lambda rng, shape: rng.uniform(low, high, size=shape)


def one_hot_tokens(rng, shape):
    tokens = rng.integers(0, VOCAB, size=shape[:-1])
    return np.eye(VOCAB)[tokens]


# name -> (builder, input shape with batch 1, input generator)
MODELS = {
    "resnet18": (torchvision.models.resnet18, (1, 3, 224, 224), uniform_input(-1.0, 1.0)),
    "mobilenet_v2": (torchvision.models.mobilenet_v2, (1, 3, 224, 224), uniform_input(-1.0, 1.0)),
    "alexnet": (torchvision.models.alexnet, (1, 3, 224, 224), uniform_input(-1.0, 1.0)),
    "squeezenet1_0": (torchvision.models.squeezenet1_0, (1, 3, 224, 224),
                      uniform_input(-1.0, 1.0)),
    "dcgan_generator": (dcgan_generator, (1, 100, 1, 1), lambda rng, shape: rng.normal(size=shape)),
    "char_lstm": (CharLSTM, (1, SEQUENCE, VOCAB), one_hot_tokens),
}
SEEDS = sorted(make_models.MODELS)
for _seed in SEEDS:
    _build, _shape, _range = make_models.MODELS[_seed]
    MODELS[_seed] = (_build, (1,) + _shape[1:], uniform_input(*_range))


def randomize_batch_norms(model):
    """Gives every BatchNorm seeded statistics far from the identity (mean 0,
    var 1, weight 1, bias 0), so that a compiler that mishandles them shows."""
    gen = torch.Generator().manual_seed(1)
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            n = module.num_features
            with torch.no_grad():
                module.running_mean.copy_(torch.rand(n, generator=gen) - 0.5)
                module.running_var.copy_(torch.rand(n, generator=gen) * 1.5 + 0.5)
                module.weight.copy_(torch.rand(n, generator=gen) + 0.5)
                module.bias.copy_(torch.rand(n, generator=gen) - 0.5)


def export(name, out_dir, opset, batch, dynamic_batch):
    """Builds, exports and checks one model; returns its file stem and op types."""
    build, shape, make_input = MODELS[name]
    torch.manual_seed(0)
    model = build().eval()
    randomize_batch_norms(model)
    rng = np.random.default_rng(0)
    x = make_input(rng, (batch,) + shape[1:]).astype(np.float32)

    stem = f"{name}_op{opset}_b{batch}" + ("_dyn" if dynamic_batch else "")
    path = os.path.join(out_dir, stem + ".onnx")
    axes = {"input": {0: "batch"}, "output": {0: "batch"}} if dynamic_batch else None
    with torch.no_grad():
        torch.onnx.export(model, torch.from_numpy(x), path, opset_version=opset,
                          do_constant_folding=True, input_names=["input"],
                          output_names=["output"], dynamic_axes=axes,
                          training=torch.onnx.TrainingMode.EVAL)
    proto = onnx.load(path)
    onnx.checker.check_model(proto, full_check=True)
    np.save(os.path.join(out_dir, stem + ".input.npy"), x)
    return stem, sorted({node.op_type for node in proto.graph.node})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--only", nargs="+", choices=list(MODELS), metavar="NAME",
                        help="export just these models (default: all of " +
                        ", ".join(MODELS) + ")")
    parser.add_argument("--opset", type=int, default=13, help="ONNX opset (default 13)")
    parser.add_argument("--batch", type=int, default=1, help="batch size (default 1)")
    parser.add_argument("--dynamic-batch", action="store_true",
                        help='mark dim 0 of input and output as dynamic "batch"')
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    torch.set_num_threads(1)
    # The exporter's notes on its own shape inference are not about the model.
    warnings.filterwarnings("ignore", category=UserWarning, module="torch.onnx")
    for name in args.only or MODELS:
        stem, ops = export(name, args.out_dir, args.opset, args.batch, args.dynamic_batch)
        print(f"{stem}: opset {args.opset}: {', '.join(ops)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
