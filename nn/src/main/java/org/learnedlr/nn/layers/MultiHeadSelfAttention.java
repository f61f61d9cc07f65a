package org.learnedlr.nn.layers;

import java.util.Arrays;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.nn.init.Init;
import org.learnedlr.tensor.Backends;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * Multi-head scaled dot-product self-attention over batch-first sequences, laid out as PyTorch's
 * {@code nn.MultiheadAttention(d, heads, batch_first=True)} with query = key = value (fused input projection,
 * no attention dropout):
 * <pre>
 *   [q, k, v] = x W_in^T + b_in                 W_in [3d, d], split into three [d, d] blocks in that order
 *   head h:   A_h = softmax(q_h k_h^T / sqrt(d / heads) + M)     over the keys
 *   y = concat_h(A_h v_h) W_out^T + b_out
 * </pre>
 * The mask M is the sum of an optional additive attention mask [T, T] (added as is; -inf forbids a pair) and an
 * optional key-padding mask [B, T] (nonzero = that key is padding, ignored by every query: PyTorch's True).
 *
 * <p><b>Fully masked rows.</b> A query that may attend to no key at all (every entry of its row of M is -inf)
 * would give softmax(-inf, ..., -inf) = 0/0 = NaN. Here such a row gets attention weights of exactly zero instead,
 * so its output is out_proj.bias, and no gradient flows through it. (PyTorch gives NaN on its plain path.) Finite
 * large negative mask values are not treated specially.
 *
 * <p>Initialisation as PyTorch: in_proj_weight Xavier-uniform, in_proj_bias 0, out_proj.weight Linear's default,
 * out_proj.bias 0.
 *
 * <p>Parameters: {@code in_proj_weight}, {@code in_proj_bias}, {@code out_proj.weight}, {@code out_proj.bias}.
 */
public final class MultiHeadSelfAttention extends Layer {
    private final int dModel;
    private final int heads;
    private final Var inProjWeight;
    private final Var inProjBias;
    private final Linear outProj;

    /** Float32. */
    public MultiHeadSelfAttention(int dModel, int heads, Rng rng) {
        this(dModel, heads, DType.FLOAT32, rng);
    }

    public MultiHeadSelfAttention(int dModel, int heads, DType dtype, Rng rng) {
        if (dModel < 1 || heads < 1 || dModel % heads != 0) {
            throw new IllegalArgumentException("MultiHeadSelfAttention: dModel (" + dModel
                    + ") must be a positive multiple of heads (" + heads + ")");
        }
        this.dModel = dModel;
        this.heads = heads;
        this.inProjWeight = param("in_proj_weight", Init.xavierUniform(rng, 1.0, dtype, 3 * dModel, dModel));
        this.inProjBias = param("in_proj_bias", Init.zeros(dtype, 3 * dModel));
        this.outProj = child("out_proj", new Linear(dModel, dModel, true, dtype, rng));
        outProj.bias().value().fill(0.0);
    }

    /** Unmasked self-attention: x (B, T, d) -> (B, T, d). */
    @Override
    public Var forward(Var x) {
        return forward(x, null, null);
    }

    /**
     * Self-attention with optional masks (either may be null).
     *
     * @param x              (B, T, d)
     * @param keyPaddingMask (B, T), any dtype: nonzero marks a key to ignore
     * @param attnMask       (T, T) additive, in x's floating dtype: entry (i, j) is added to query i's score for key j
     * @return (B, T, d)
     */
    public Var forward(Var x, Tensor keyPaddingMask, Tensor attnMask) {
        if (x.dim() != 3 || x.size(2) != dModel) {
            throw new IllegalArgumentException("MultiHeadSelfAttention: input must be [B, T, " + dModel + "], got "
                    + Arrays.toString(x.shape()));
        }
        int b = x.size(0);
        int t = x.size(1);
        int hd = dModel / heads;
        Var qkv = x.reshape(b * t, dModel).matmul(inProjWeight.transpose(0, 1)).add(inProjBias); // (B*T, 3d)
        Var q = splitHeads(qkv.narrow(1, 0, dModel), b, t, hd);                // (B, H, T, hd)
        Var k = splitHeads(qkv.narrow(1, dModel, dModel), b, t, hd);           // (B, H, T, hd)
        Var v = splitHeads(qkv.narrow(1, 2 * dModel, dModel), b, t, hd);       // (B, H, T, hd)
        Var scores = q.matmul(k.transpose(2, 3)).mul(1.0 / Math.sqrt(hd));     // (B, H, T, T)
        Tensor mask = combinedMask(x, keyPaddingMask, attnMask, b, t);         // (B|1, 1, T, T) or null
        Var weights;
        if (mask == null) {
            weights = scores.softmax(3);                                       // (B, H, T, T)
        } else {
            Tensor ninf = Tensor.full(mask.backend(), Double.NEGATIVE_INFINITY, mask.dtype());
            Tensor dead = mask.max(new int[]{3}, true).eq(ninf);               // (B|1, 1, T, 1): row fully masked
            Tensor safe = Tensor.where(dead, Tensor.zeros(mask.backend(), mask.dtype()), mask);
            weights = scores.add(Var.constant(safe)).softmax(3)                // (B, H, T, T)
                    .mul(Var.constant(dead.neg().add(1.0)));                   // dead rows -> 0
        }
        Var context = weights.matmul(v);                                       // (B, H, T, hd)
        Var merged = context.permute(0, 2, 1, 3).reshape(b, t, dModel);          // (B, T, d)
        return outProj.forward(merged);                                        // (B, T, d)
    }

    private Var splitHeads(Var part, int b, int t, int hd) {
        return part.reshape(b, t, heads, hd).permute(0, 2, 1, 3);             // (B, H, T, hd)
    }

    /** The sum of both masks as an additive (B|1, 1, T, T) tensor in x's dtype; null when neither is given. */
    private static Tensor combinedMask(Var x, Tensor keyPaddingMask, Tensor attnMask, int b, int t) {
        Tensor mask = null;
        DType dtype = x.dtype();
        if (attnMask != null) {
            if (!Arrays.equals(attnMask.shape(), new int[]{t, t}) || attnMask.dtype() != dtype) {
                throw new IllegalArgumentException("MultiHeadSelfAttention: attnMask must be [" + t + ", " + t + "] of "
                        + dtype + ", got " + Arrays.toString(attnMask.shape()) + " of " + attnMask.dtype());
            }
            mask = attnMask.reshape(1, 1, t, t);
        }
        if (keyPaddingMask != null) {
            if (!Arrays.equals(keyPaddingMask.shape(), new int[]{b, t})) {
                throw new IllegalArgumentException("MultiHeadSelfAttention: keyPaddingMask must be [" + b + ", " + t
                        + "], got " + Arrays.toString(keyPaddingMask.shape()));
            }
            Tensor flags = keyPaddingMask.cast(dtype).reshape(b, 1, 1, t);
            Tensor zero = Tensor.zeros(flags.backend(), dtype);
            Tensor additive = Tensor.where(flags.ne(zero),
                    Tensor.full(flags.backend(), Double.NEGATIVE_INFINITY, dtype), zero);  // (B, 1, 1, T)
            mask = mask == null ? additive.expand(b, 1, t, t) : mask.add(additive);        // (B, 1, T, T)
        }
        return mask;
    }

    /** An additive causal mask [T, T]: 0 on and below the diagonal, -inf above (query i sees keys 0..i). */
    public static Tensor causalMask(int t, DType dtype) {
        double[] m = new double[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                m[i * t + j] = Double.NEGATIVE_INFINITY;
            }
        }
        return Tensor.of(Backends.defaultBackend(), dtype, m, t, t);
    }

    public Var inProjWeight() {
        return inProjWeight;
    }

    public Var inProjBias() {
        return inProjBias;
    }

    public Linear outProj() {
        return outProj;
    }

    public int dModel() {
        return dModel;
    }

    public int heads() {
        return heads;
    }
}
