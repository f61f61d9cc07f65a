/**
 * The CPU backend's Vector API fast path: a float32 GEMM built like GotoBLAS/BLIS — operands packed into
 * micro-panels, cache blocks around them, and a register-blocked micro-kernel of 6 rows x 2 vectors — written on
 * {@code jdk.incubator.vector}.
 *
 * <p>Why an incubator module: plain Java loops reach 3-7 GFLOPS on a matrix product, while the Vector API lets C2
 * emit the fused multiply-adds on full-width registers (about 15x more). The module must be named at launch
 * ({@code --add-modules jdk.incubator.vector}); {@link org.learnedlr.tensor.cpu.simd.SimdSupport} finds out at run
 * time whether it is there, and only then are the classes that reference it loaded. Without it, or with
 * {@code -Dlearnedlr.simd=false}, the CPU backend runs its plain path.
 *
 * <p>Reproducibility: every output element is one chain of fused multiply-adds over k in increasing order, starting
 * from zero — whatever the vector width, the cache blocking or the way rows are split across threads — so the result
 * is bit for bit that of {@code acc = Math.fma(a[i][k], b[k][j], acc)}, and the same for any thread count.
 */
package org.learnedlr.tensor.cpu.simd;
