package org.learnedlr.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.MemoryScope;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.SgdStep;
import org.learnedlr.tensor.Tensor;

/**
 * A training step on the device copies only its mini-batch in and a few scalars out (DESIGN.md section 2). The
 * step is a 2-layer MLP written with Tensor ops only — matmul, bias add, ReLU, log-softmax, gather, sum, the
 * backward pass with matmuls, SGD with momentum — since autograd and nn are not dependencies of kernels/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransferCountTest {
    private static final int BATCH = 16;
    private static final int IN = 20;
    private static final int HIDDEN = 24;
    private static final int CLASSES = 10;

    private OpenClBackend be;

    @BeforeAll
    void device() {
        be = OpenClTestSupport.backendOrSkip();
    }

    /** Parameters and their momentum buffers, PyTorch's Linear layout: weight [out, in]. */
    private final class Mlp {
        final Tensor w1;
        final Tensor b1;
        final Tensor w2;
        final Tensor b2;
        final Tensor[] params;
        final Tensor[] buffers;

        Mlp(Rng rng) {
            w1 = Tensor.uniform(be, rng, -0.3, 0.3, DType.FLOAT32, HIDDEN, IN);
            b1 = Tensor.zeros(be, DType.FLOAT32, HIDDEN);
            w2 = Tensor.uniform(be, rng, -0.3, 0.3, DType.FLOAT32, CLASSES, HIDDEN);
            b2 = Tensor.zeros(be, DType.FLOAT32, CLASSES);
            params = new Tensor[]{w1, b1, w2, b2};
            buffers = new Tensor[4];
            for (int i = 0; i < 4; i++) {
                buffers[i] = Tensor.zeros(be, DType.FLOAT32, params[i].shape());
            }
        }

        /** One SGD step on (x, labels); returns the loss before the update, still on the device. */
        Tensor step(Tensor x, Tensor labels, boolean first) {
            Tensor z1 = x.matmul(w1.transpose(0, 1)).add(b1);                       // (B, H)
            Tensor a1 = z1.relu();                                                   // (B, H)
            Tensor logits = a1.matmul(w2.transpose(0, 1)).add(b2);                   // (B, C)
            Tensor logp = logits.logSoftmax(1);                                      // (B, C)
            Tensor idx = labels.unsqueeze(1);                                        // (B, 1)
            Tensor loss = logp.gather(1, idx).sum().neg().div(BATCH);                // ()
            // Backward of mean cross-entropy: dlogits = (softmax - onehot) / B.
            Tensor onehot = Tensor.scatterAdd(new int[]{BATCH, CLASSES}, 1, idx,
                    Tensor.full(be, 1.0, DType.FLOAT32, BATCH, 1));                  // (B, C)
            Tensor dlogits = logp.exp().sub(onehot).div(BATCH);                      // (B, C)
            Tensor dw2 = dlogits.transpose(0, 1).matmul(a1);                         // (C, H)
            Tensor db2 = dlogits.sum(0, false);                                      // (C)
            Tensor da1 = dlogits.matmul(w2);                                         // (B, H)
            Tensor dz1 = Tensor.where(z1.gt(0.0), da1, Tensor.scalar(be, DType.FLOAT32, 0.0));
            Tensor dw1 = dz1.transpose(0, 1).matmul(x);                              // (H, IN)
            Tensor db1 = dz1.sum(0, false);                                          // (H)
            Tensor[] grads = {dw1, db1, dw2, db2};
            SgdStep s = new SgdStep(0.5, 0.9, 0, 0, false, first);
            for (int i = 0; i < 4; i++) {
                be.sgdUpdate(params[i], grads[i], buffers[i], s);
            }
            return loss;
        }
    }

    @Test
    void aStepCopiesTheBatchInAndOnlyScalarsOut() {
        Rng rng = new Rng(7);
        Mlp mlp = new Mlp(rng);
        float[] x = new float[BATCH * IN];
        int[] labels = new int[BATCH];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
        long batchBytes = 4L * x.length + 4L * labels.length;
        float first = Float.NaN;
        float last = Float.NaN;
        for (int step = 0; step < 5; step++) {
            long live = OpenClBackend.liveBuffers();
            TransferCounter.Snapshot before = be.transfers().snapshot();
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor xb = Tensor.of(be, x, BATCH, IN);
                Tensor yb = Tensor.ofInts(be, labels, BATCH);
                float loss = mlp.step(xb, yb, step == 0).toFloatArray()[0];
                if (step == 0) {
                    first = loss;
                }
                last = loss;
            }
            TransferCounter.Snapshot d = be.transfers().snapshot().minus(before);
            assertEquals(2, d.hostToDeviceCalls(), "uploads per step: the inputs and the labels, nothing else");
            assertEquals(batchBytes, d.hostToDeviceBytes(), "bytes uploaded per step: exactly the batch");
            // Out: the loss (4 bytes), plus the range check of the INT32 index, which reduces the index on the
            // device and reads back its greatest and least values (2 floats), not the index itself: the bytes do
            // not grow with the batch. Once: scatterAdd in the backward pass finds the labels already checked by
            // gather in the forward pass (nothing has written into them since).
            assertEquals(2, d.deviceToHostCalls(), () -> "reads per step: " + d);
            assertEquals(4 + 8, d.deviceToHostBytes(), () -> "bytes read per step: " + d);
            assertEquals(live, OpenClBackend.liveBuffers(), "the scope frees every temporary of the step");
        }
        assertTrue(last < first, "the loss falls on a repeated batch: " + first + " -> " + last);
    }
}
