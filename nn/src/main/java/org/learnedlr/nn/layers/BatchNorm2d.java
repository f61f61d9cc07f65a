package org.learnedlr.nn.layers;

import java.util.Arrays;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.Backends;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/**
 * Batch normalisation over [N, C, H, W] per channel (PyTorch's nn.BatchNorm2d with affine and tracked running
 * statistics):
 * <pre>
 *   y = (x - mu) / sqrt(sigma^2 + eps) * weight + bias
 * </pre>
 * In train mode mu and sigma^2 are the batch's mean and biased variance over (N, H, W), and the running statistics
 * move toward the batch's: running_mean = (1 - momentum) running_mean + momentum mu, running_var = (1 - momentum)
 * running_var + momentum sigma^2 n / (n - 1) (the unbiased variance, n = N H W), num_batches_tracked += 1. The
 * update is made on tensors, outside the graph. In eval mode mu and sigma^2 are the running statistics.
 *
 * <p>Parameters: {@code weight} (ones), {@code bias} (zeros). Buffers: {@code running_mean} (zeros),
 * {@code running_var} (ones), {@code num_batches_tracked} (0-d INT32; PyTorch's is int64 and converts on load).
 */
public final class BatchNorm2d extends Layer {
    public static final double DEFAULT_EPS = 1e-5;
    public static final double DEFAULT_MOMENTUM = 0.1;

    private static final int[] STAT_AXES = {0, 2, 3};
    private static final Backend CPU = Backends.find("cpu").orElseThrow();

    private final int channels;
    private final double eps;
    private final double momentum;
    private final Var weight;
    private final Var bias;

    /** Float32, eps 1e-5, momentum 0.1. */
    public BatchNorm2d(int channels) {
        this(channels, DEFAULT_EPS, DEFAULT_MOMENTUM, DType.FLOAT32);
    }

    public BatchNorm2d(int channels, double eps, double momentum, DType dtype) {
        if (channels < 1) {
            throw new IllegalArgumentException("BatchNorm2d: channels must be >= 1, got " + channels);
        }
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm2d: need eps > 0 and momentum in [0, 1], got " + eps + " and "
                    + momentum);
        }
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = param("weight", Tensor.ones(dtype, channels));
        this.bias = param("bias", Tensor.zeros(dtype, channels));
        buffer("running_mean", Tensor.zeros(dtype, channels));
        buffer("running_var", Tensor.ones(dtype, channels));
        buffer("num_batches_tracked", counter(0));
    }

    /** x (N, C, H, W) -> (N, C, H, W). */
    @Override
    public Var forward(Var x) {
        if (x.dim() != 4 || x.size(1) != channels) {
            throw new IllegalArgumentException("BatchNorm2d: input must be [N, " + channels + ", H, W], got "
                    + Arrays.toString(x.shape()));
        }
        Var w = weight.reshape(1, channels, 1, 1);                           // (1, C, 1, 1)
        Var b = bias.reshape(1, channels, 1, 1);                             // (1, C, 1, 1)
        if (!isTraining()) {
            Tensor mean = buffer("running_mean").reshape(1, channels, 1, 1);
            Tensor var = buffer("running_var").reshape(1, channels, 1, 1);
            Var scale = w.div(Var.constant(var.add(eps).sqrt()));             // (1, C, 1, 1)
            Var shift = b.sub(scale.mul(Var.constant(mean)));                 // (1, C, 1, 1)
            return x.mul(scale).add(shift);                                  // (N, C, H, W)
        }
        long n = (long) x.size(0) * x.size(2) * x.size(3);
        if (n < 2) {
            throw new IllegalArgumentException("BatchNorm2d: train mode needs more than one value per channel, got "
                    + "input " + Arrays.toString(x.shape()));
        }
        Var mean = x.mean(STAT_AXES, true);                                  // (1, C, 1, 1)
        Var centred = x.sub(mean);                                           // (N, C, H, W)
        Var var = centred.square().mean(STAT_AXES, true);                    // (1, C, 1, 1), biased
        // weight / sqrt(var + eps) is folded into one per-channel scale first, so that the full-size tensor sees
        // one product instead of a quotient and a product (forward and backward: 5 fewer passes over it).
        Var scale = w.div(var.add(eps).sqrt());                              // (1, C, 1, 1)
        Var y = centred.mul(scale).add(b);                                   // (N, C, H, W)
        updateRunningStats(mean.value().reshape(channels), var.value().reshape(channels), n);
        return y;
    }

    private void updateRunningStats(Tensor batchMean, Tensor batchVar, long n) {
        Tensor unbiased = batchVar.mul((double) n / (n - 1));
        setBuffer("running_mean", buffer("running_mean").mul(1 - momentum).add(batchMean.mul(momentum)));
        setBuffer("running_var", buffer("running_var").mul(1 - momentum).add(unbiased.mul(momentum)));
        int tracked = buffer("num_batches_tracked").toIntArray()[0];
        setBuffer("num_batches_tracked", counter(tracked + 1));
    }

    /** The step counter lives on the CPU: reading it each step must not cost a device round trip. */
    private static Tensor counter(int value) {
        return Tensor.ofInts(CPU, new int[]{value});
    }

    public Var weight() {
        return weight;
    }

    public Var bias() {
        return bias;
    }

    public Tensor runningMean() {
        return buffer("running_mean");
    }

    public Tensor runningVar() {
        return buffer("running_var");
    }

    public int numBatchesTracked() {
        return buffer("num_batches_tracked").toIntArray()[0];
    }

    public int channels() {
        return channels;
    }
}
