package org.learnedlr.nn.loss;

import java.util.Arrays;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/** Loss functions on {@link Var}, each reduced to a 0-d mean as PyTorch's default reduction does. */
public final class Losses {
    private Losses() {
    }

    /**
     * Cross-entropy from logits (PyTorch's F.cross_entropy): -mean_i log softmax(logits_i)[label_i], as one fused
     * op ({@link Var#crossEntropy}) whose composed form is logSoftmax, a gather and a mean; stable for logits of any
     * size (the row maximum is subtracted first).
     *
     * @param logits (N, K)
     * @param labels (N), INT32 class indices in [0, K)
     * @return 0-d
     */
    public static Var crossEntropy(Var logits, Tensor labels) {
        if (logits.dim() != 2) {
            throw new IllegalArgumentException("crossEntropy: logits must be [N, K], got "
                    + Arrays.toString(logits.shape()));
        }
        int n = logits.size(0);
        if (labels.dtype() != DType.INT32 || !Arrays.equals(labels.shape(), new int[]{n})) {
            throw new IllegalArgumentException("crossEntropy: labels must be INT32 [" + n + "], got "
                    + labels.dtype() + " " + Arrays.toString(labels.shape()));
        }
        return logits.crossEntropy(labels);                                   // ()
    }

    /**
     * Mean squared error: mean((prediction - target)^2) over all elements (shapes broadcast).
     *
     * @return 0-d
     */
    public static Var mse(Var prediction, Var target) {
        return prediction.sub(target).square().mean();
    }
}
