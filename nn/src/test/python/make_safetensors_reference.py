"""Writes the reference safetensors files that SafeTensorsReferenceTest reads.

The files are written by the reference implementation (the `safetensors` package, Hugging Face's Rust code behind a
Python API) from NumPy arrays, so the Java reader is checked against real output rather than against our own idea
of the format. The values are simple closed forms that the Java test writes out again.

Run (the package's wheel, NumPy on the system):
    python3 -m venv --system-site-packages /tmp/stvenv
    /tmp/stvenv/bin/pip install --no-index safetensors-0.8.0-*.whl
    /tmp/stvenv/bin/python nn/src/test/python/make_safetensors_reference.py
"""
import math
import os

import numpy as np
import safetensors
from safetensors.numpy import save_file, load_file

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "safetensors")


def tensors():
    return {
        # Inserted in an order the writer does not keep: it lays data out by dtype alignment, then by name.
        "weight": (np.arange(6, dtype=np.float32) / 4 - 0.5).reshape(2, 3),
        "bias": np.array([0.1, -1e-300, math.pi], dtype=np.float64),
        "index": np.array([[-2**31, -1], [0, 2**31 - 1]], dtype=np.int32),
        "scalar": np.array(2.5, dtype=np.float32),
        "empty": np.zeros((0,), dtype=np.float32),
        "zero_rows": np.zeros((0, 4), dtype=np.float64),
        "layer1.0.conv1.weight": np.linspace(-1, 1, 2 * 1 * 3 * 3, dtype=np.float32).reshape(2, 1, 3, 3),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "reference.safetensors")
    t = tensors()
    save_file(t, path, metadata={"format": "np", "producer": "safetensors " + safetensors.__version__})
    back = load_file(path)
    for k, v in t.items():
        assert back[k].dtype == v.dtype and back[k].shape == v.shape and np.array_equal(back[k], v), k
    print("wrote", os.path.normpath(path), os.path.getsize(path), "bytes")

    # A header whose JSON is not a multiple of 8 bytes long, so that the writer pads it with spaces.
    padded = os.path.join(OUT, "padded.safetensors")
    save_file({"a": np.array([1.0, -2.0, 0.5], dtype=np.float32)}, padded, metadata={"format": "np"})
    print("wrote", os.path.normpath(padded), os.path.getsize(padded), "bytes")


if __name__ == "__main__":
    main()
