#!/usr/bin/python3.11
"""The peer: one training step of the MNIST MLP (784-256-10) and of ResNet-18 (torchvision's, ImageNet stem, one
input channel, 10 classes) in PyTorch on the CPU, timed as learnedlr's TrainStepTiming / TrainStepBenchmark time it.

A step is: zero_grad, forward, cross-entropy, backward, the per-module gradient norms (one sum of squares per module
that owns parameters, read back once), SGD with momentum 0.9. Batches are synthetic MNIST-shaped tensors (the time
of a step does not depend on the pixel values). Prints the median and quartiles of ms/step after a warm-up.

    /usr/bin/python3.11 bench/python/train_step_torch.py [--threads 2] [--mlp-steps 500] [--resnet-steps 10]
        [--batch 128] [--json out.json]

Run it with Debian's python3-torch (PyTorch 1.13): /usr/bin/python3.11, not the python3 on PATH.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Mlp(nn.Module):
    def __init__(self, d_in=784, hidden=256, classes=10):
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden)
        self.fc2 = nn.Linear(hidden, classes)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(torch.flatten(x, 1))))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        h = torch.relu(self.bn1(self.conv1(x)))
        h = self.bn2(self.conv2(h))
        return torch.relu(h + (x if self.downsample is None else self.downsample(x)))


class ResNet18(nn.Module):
    """torchvision's resnet18(num_classes=10) with conv1 taking one channel (written out: no torchvision needed)."""

    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        widths = [(64, 64, 1), (64, 128, 2), (128, 256, 2), (256, 512, 2)]
        self.layer1, self.layer2, self.layer3, self.layer4 = (
            nn.Sequential(BasicBlock(i, o, s), BasicBlock(o, o, 1)) for i, o, s in widths)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        h = self.maxpool(torch.relu(self.bn1(self.conv1(x))))
        h = self.layer4(self.layer3(self.layer2(self.layer1(h))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(h, 1), 1))


def owners(model):
    return [m for m in model.modules() if any(True for _ in m.parameters(recurse=False))]


def time_steps(model, batch, steps, warmup):
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    mods = owners(model)
    g = torch.Generator().manual_seed(0)
    xs = [torch.randn(batch, 1, 28, 28, generator=g) for _ in range(4)]
    ys = [torch.randint(0, 10, (batch,), generator=g) for _ in range(4)]
    times = []
    for s in range(warmup + steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(xs[s % 4]), ys[s % 4])
        loss.backward()
        norms = torch.stack([sum(p.grad.pow(2).sum() for p in m.parameters(recurse=False)) for m in mods]).sqrt()
        norms.tolist()
        opt.step()
        loss.item()
        t1 = time.perf_counter()
        if s >= warmup:
            times.append((t1 - t0) * 1e3)
    q = statistics.quantiles(times, n=4)
    return {"median_ms": statistics.median(times), "q1_ms": q[0], "q3_ms": q[2], "steps": steps}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--mlp-steps", type=int, default=500)
    ap.add_argument("--resnet-steps", type=int, default=10)
    ap.add_argument("--json")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "batch": a.batch}
    if a.mlp_steps > 0:
        out["mlp"] = time_steps(Mlp(), a.batch, a.mlp_steps, 100)
        print(f"mlp      batch {a.batch}: median {out['mlp']['median_ms']:.3f} ms/step "
              f"(q1 {out['mlp']['q1_ms']:.3f}, q3 {out['mlp']['q3_ms']:.3f})", flush=True)
    if a.resnet_steps > 0:
        out["resnet18"] = time_steps(ResNet18(), a.batch, a.resnet_steps, 3)
        print(f"resnet18 batch {a.batch}: median {out['resnet18']['median_ms']:.1f} ms/step "
              f"(q1 {out['resnet18']['q1_ms']:.1f}, q3 {out['resnet18']['q3_ms']:.1f})", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
