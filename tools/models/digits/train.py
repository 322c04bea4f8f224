#!/usr/bin/python3
"""train.py - trains and exports nnc's bundled handwritten-digits classifier.

A small CNN on scikit-learn's 8x8 digits (1797 images, UCI optdigits test
set), trained deterministically on CPU in well under a minute. Writes, next
to this script: digits.onnx, test_images.npy, test_labels.npy and
pytorch_accuracy.txt (batch-1 accuracy of the exported eval-mode model).

    /usr/bin/python3 tools/models/digits/train.py
"""

import os
import sys
import time

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 0
EPOCHS = 60
BATCH = 32


def make_model():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 4 * 4, 64), nn.ReLU(), nn.Dropout(0.25),
        nn.Linear(64, 10))


def load_split():
    """The fixed stratified 75/25 split, images scaled from 0..16 to [0, 1]."""
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None, :, :]  # N x 1 x 8 x 8
    labels = digits.target.astype(np.int64)
    return train_test_split(images, labels, test_size=0.25, random_state=SEED, stratify=labels)


def train(model, x_train, y_train):
    generator = torch.Generator().manual_seed(SEED)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x, y = torch.from_numpy(x_train), torch.from_numpy(y_train)
    model.train()
    for epoch in range(EPOCHS):
        order = torch.randperm(len(x), generator=generator)
        total = 0.0
        for start in range(0, len(x), BATCH):
            batch = order[start:start + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        if epoch % 10 == 9 or epoch == EPOCHS - 1:
            print(f"epoch {epoch + 1}: loss {total / len(x):.4f}")


def count_correct(model, images, labels):
    """Batch-1 predictions, as the compiled model will be run."""
    model.eval()
    with torch.no_grad():
        predictions = [int(model(torch.from_numpy(image[None])).argmax()) for image in images]
    return int(np.sum(np.array(predictions) == labels))


def main():
    start = time.time()
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    x_train, x_test, y_train, y_test = load_split()

    model = make_model()
    train(model, x_train, y_train)
    model.eval()
    correct = count_correct(model, x_test, y_test)
    total = len(y_test)

    with torch.no_grad():
        torch.onnx.export(model, torch.from_numpy(x_test[:1]), os.path.join(HERE, "digits.onnx"),
                          opset_version=13, do_constant_folding=True, input_names=["image"],
                          output_names=["logits"], training=torch.onnx.TrainingMode.EVAL)
    np.save(os.path.join(HERE, "test_images.npy"), np.ascontiguousarray(x_test))
    np.save(os.path.join(HERE, "test_labels.npy"), y_test)
    summary = f"correct {correct} total {total} accuracy {correct / total:.6f}"
    with open(os.path.join(HERE, "pytorch_accuracy.txt"), "w") as f:
        f.write(summary + "\n")
    print(f"{summary} ({time.time() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
