#!/usr/bin/env python3
"""NumPy (OpenBLAS) float32 matrix products on the shapes of MatmulBenchmark, as the reference for learnedlr.

Each shape: C = A @ B with A (M, K) and B (K, N) float32, uniform in [-1, 1). After a warm-up, `--samples` timings
of a batch of calls (batch sized to take about `--sample-seconds`) are taken; the median time per call gives
GFLOPS = 2*M*N*K / t. Writes a JSON file (--json) that MatmulReport reads for the ratios.

OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE slow a current OpenBLAS down; unset both for this command only:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/python/matmul_numpy.py --json out.json
"""
import argparse
import ctypes
import glob
import json
import os
import platform
import statistics
import time

import numpy as np

SHAPES = ["128x128x128", "256x256x256", "512x512x512", "1024x1024x1024",
          "128x784x256", "784x128x256", "128x256x784"]


def openblas_info():
    """Core type and thread count the bundled OpenBLAS runs with (read through ctypes; no threadpoolctl needed)."""
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs", "*openblas*.so*"))
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        info = {"library": os.path.basename(path)}
        for prefix in ("scipy_openblas_", "openblas_"):
            for suffix in ("64_", ""):
                corename = getattr(lib, prefix + "get_corename" + suffix, None)
                threads = getattr(lib, prefix + "get_num_threads" + suffix, None)
                config = getattr(lib, prefix + "get_config" + suffix, None)
                if corename is not None and threads is not None:
                    corename.restype = ctypes.c_char_p
                    info["corename"] = corename().decode()
                    info["threads"] = threads()
                    if config is not None:
                        config.restype = ctypes.c_char_p
                        info["config"] = config().decode()
                    return info
    return {"library": "not found"}


def time_shape(m, k, n, samples, sample_seconds, rng):
    a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (k, n)).astype(np.float32)
    flops = 2.0 * m * n * k
    # Warm-up, and the batch size that makes one sample last about sample_seconds.
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            a @ b
        dt = time.perf_counter() - t0
        if dt >= sample_seconds / 4:
            break
        reps *= 2
    reps = max(1, int(reps * sample_seconds / dt))
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        for _ in range(reps):
            a @ b
        times.append((time.perf_counter() - t0) / reps)
    median = statistics.median(times)
    return {"seconds_median": median, "gflops_median": flops / median / 1e9,
            "gflops_best": flops / min(times) / 1e9, "calls_per_sample": reps, "samples": samples}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--samples", type=int, default=15)
    p.add_argument("--sample-seconds", type=float, default=0.3)
    p.add_argument("--json", help="write the results here")
    p.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated MxKxN")
    args = p.parse_args()
    rng = np.random.default_rng(0)
    env = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
                                           "OMP_NUM_THREADS")}
    meta = {"numpy": np.__version__, "python": platform.python_version(), "openblas": openblas_info(), "env": env}
    print(json.dumps(meta, indent=1))
    results = {}
    print(f"{'shape (MxKxN)':>16} {'median GFLOPS':>14} {'best':>8}")
    for shape in args.shapes.split(","):
        m, k, n = (int(x) for x in shape.split("x"))
        r = time_shape(m, k, n, args.samples, args.sample_seconds, rng)
        results[shape] = r
        print(f"{shape:>16} {r['gflops_median']:14.1f} {r['gflops_best']:8.1f}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
