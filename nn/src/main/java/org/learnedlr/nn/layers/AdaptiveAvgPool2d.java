package org.learnedlr.nn.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;

/**
 * Average pooling to a fixed output size (PyTorch's nn.AdaptiveAvgPool2d): output cell (i, j) averages input rows
 * floor(i H / OH) .. ceil((i + 1) H / OH) - 1 and the same for columns. Output 1x1 is a mean over (H, W); when OH
 * divides H and OW divides W it is a reshape and a mean over the windows; otherwise each cell is a slice and a mean
 * (fine for the small outputs this is used with). No parameters.
 */
public final class AdaptiveAvgPool2d extends Layer {
    private final int outH;
    private final int outW;

    /** Square output size (1 gives global average pooling). */
    public AdaptiveAvgPool2d(int outSize) {
        this(outSize, outSize);
    }

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be >= 1, got " + outH + "x" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    /** x (N, C, H, W) -> (N, C, OH, OW). */
    @Override
    public Var forward(Var x) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: input must be [N, C, H, W], got "
                    + Arrays.toString(x.shape()));
        }
        int n = x.size(0);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        if (outH == 1 && outW == 1) {
            return x.mean(new int[]{2, 3}, true);                              // (N, C, 1, 1)
        }
        if (h % outH == 0 && w % outW == 0) {
            return x.reshape(n, c, outH, h / outH, outW, w / outW)             // (N, C, OH, KH, OW, KW)
                    .mean(new int[]{3, 5}, false);                            // (N, C, OH, OW)
        }
        List<Var> rows = new ArrayList<>(outH);
        for (int i = 0; i < outH; i++) {
            int h0 = Math.floorDiv(i * h, outH);
            int h1 = -Math.floorDiv(-(i + 1) * h, outH);
            Var band = x.narrow(2, h0, h1 - h0);                               // (N, C, h1-h0, W)
            List<Var> cells = new ArrayList<>(outW);
            for (int j = 0; j < outW; j++) {
                int w0 = Math.floorDiv(j * w, outW);
                int w1 = -Math.floorDiv(-(j + 1) * w, outW);
                cells.add(band.narrow(3, w0, w1 - w0).mean(new int[]{2, 3}, true)); // (N, C, 1, 1)
            }
            rows.add(Var.concat(cells, 3));                                   // (N, C, 1, OW)
        }
        return Var.concat(rows, 2);                                           // (N, C, OH, OW)
    }
}
