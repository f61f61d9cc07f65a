package org.learnedlr.tensor.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel: a tile of {@value #MR} rows x {@link #NR} columns (two vectors of the
 * preferred species) of C held in 12 vector registers while k runs over packed panels of A and B. With AVX2 that is
 * 12 of the 16 ymm registers for C, two for the B row and one for the broadcast A element.
 *
 * <p>Loaded only when {@link SimdSupport#enabled()}: this class is the one that references the Vector API.
 */
final class MicroKernel {
    /** The widest float species the CPU supports (8 lanes on AVX2, 16 on AVX-512), chosen when the JVM starts. */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = S.length();
    /** Rows of the micro-tile. */
    static final int MR = 6;
    /** Columns of the micro-tile: two vectors. */
    static final int NR = 2 * L;

    private MicroKernel() {
    }

    static String describe() {
        return S.vectorBitSize() + "-bit float species, " + MR + "x" + NR + " micro-tile";
    }

    /**
     * {@code C[r][j] = (load ? C[r][j] : 0) + sum_p A[p][r] * B[p][j]} for r &lt; MR, j &lt; NR, p &lt; kc,
     * accumulated in increasing p with one fused multiply-add per term.
     *
     * @param a  packed A micro-panel: element (p, r) at {@code a[ai + p*MR + r]}
     * @param b  packed B micro-panel: element (p, j) at {@code b[bi + p*NR + j]}
     * @param c  C tile: element (r, j) at {@code c[ci + r*ldc + j]}
     */
    static void run(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc, boolean load) {
        FloatVector c00;
        FloatVector c01;
        FloatVector c10;
        FloatVector c11;
        FloatVector c20;
        FloatVector c21;
        FloatVector c30;
        FloatVector c31;
        FloatVector c40;
        FloatVector c41;
        FloatVector c50;
        FloatVector c51;
        if (load) {
            c00 = FloatVector.fromArray(S, c, ci);
            c01 = FloatVector.fromArray(S, c, ci + L);
            c10 = FloatVector.fromArray(S, c, ci + ldc);
            c11 = FloatVector.fromArray(S, c, ci + ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z;
            c01 = z;
            c10 = z;
            c11 = z;
            c20 = z;
            c21 = z;
            c30 = z;
            c31 = z;
            c40 = z;
            c41 = z;
            c50 = z;
            c51 = z;
        }
        // The packed-A index is the loop variable: this form lets C2 drop the bounds checks on A (those on B stay).
        for (int ao = ai, bo = bi, end = ai + kc * MR; ao < end; ao += MR, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
    }

    /** Copies {@code NR} contiguous floats (one packed row of a full B micro-panel). */
    static void copyRow(float[] src, int si, float[] dst, int di) {
        FloatVector.fromArray(S, src, si).intoArray(dst, di);
        FloatVector.fromArray(S, src, si + L).intoArray(dst, di + L);
    }
}
