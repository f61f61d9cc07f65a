package org.learnedlr.kernels;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.CpuBackend;

/**
 * A standalone timing of single ops that training steps spend their time in (not a unit test; bench/ has the JMH
 * figures): elementwise ops dense, broadcast and strided, reductions and im2col at ResNet-18's shapes, OpenCL
 * beside the CPU backend. Each: median of calls timed to the end of {@code finish()}. Run with the test class path:
 * {@code java -cp ... org.learnedlr.kernels.OpTiming [seconds-per-case] [name filter]}.
 */
public final class OpTiming {
    private static final CallTimer TIMER = new CallTimer(5);

    private OpTiming() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        String filter = args.length > 1 ? args[1] : "";
        OpenClBackend cl = OpenClBackendProvider.shared();
        Backend cpu = new CpuBackend();
        Map<String, Function<Backend, Runnable>> cases = new LinkedHashMap<>();
        cases.put("mul dense 200704", b -> {
            Tensor x = rand(b, 256, 784);
            return () -> x.mul(x);
        });
        cases.put("mul dense 2359296", b -> {
            Tensor x = rand(b, 512, 512, 3, 3);
            return () -> x.mul(x);
        });
        cases.put("mul channel broadcast (128,64,7,7)*(1,64,1,1)", b -> {
            Tensor x = rand(b, 128, 64, 7, 7);
            Tensor w = rand(b, 1, 64, 1, 1);
            return () -> x.mul(w);
        });
        cases.put("mul channel broadcast (128,256,2,2)*(1,256,1,1)", b -> {
            Tensor x = rand(b, 128, 256, 2, 2);
            Tensor w = rand(b, 1, 256, 1, 1);
            return () -> x.mul(w);
        });
        cases.put("add transposed (784,256)^T", b -> {
            Tensor x = rand(b, 784, 256);
            Tensor y = rand(b, 256, 784);
            return () -> x.transpose(0, 1).add(y);
        });
        cases.put("sum all 200704", b -> {
            Tensor x = rand(b, 256, 784);
            return () -> x.sum(new int[0], false);
        });
        cases.put("sum all 2359296", b -> {
            Tensor x = rand(b, 512, 512, 3, 3);
            return () -> x.sum(new int[0], false);
        });
        cases.put("sum (0,2,3) of (128,64,7,7)", b -> {
            Tensor x = rand(b, 128, 64, 7, 7);
            return () -> x.sum(new int[]{0, 2, 3}, true);
        });
        cases.put("sum (0,2,3) of (128,256,2,2)", b -> {
            Tensor x = rand(b, 128, 256, 2, 2);
            return () -> x.sum(new int[]{0, 2, 3}, true);
        });
        cases.put("sum (0) of (128,256)", b -> {
            Tensor x = rand(b, 128, 256);
            return () -> x.sum(new int[]{0}, false);
        });
        int[][] convs = {{128, 64, 7, 7, 3, 1, 1}, {128, 128, 4, 4, 3, 1, 1}, {128, 256, 2, 2, 3, 1, 1},
                {128, 64, 14, 14, 3, 2, 1}, {128, 1, 28, 28, 7, 2, 3}};
        for (int[] c : convs) {
            String shape = Arrays.toString(Arrays.copyOf(c, 4)) + " k" + c[4] + "/" + c[5];
            Conv2dGeometry g = Conv2dGeometry.of(new int[]{c[0], c[1], c[2], c[3]}, c[4], c[4], c[5], c[5], c[6], c[6]);
            cases.put("im2col " + shape, b -> {
                Tensor x = rand(b, c[0], c[1], c[2], c[3]);
                return () -> b.im2col(x, g);
            });
            cases.put("col2im " + shape, b -> {
                Tensor cols = rand(b, g.columnsShape());
                return () -> b.col2im(cols, g);
            });
        }
        System.out.println("device: " + cl.device());
        System.out.println("| op | OpenCL us | CPU us | OpenCL / CPU speed |");
        System.out.println("|---|---:|---:|---:|");
        for (Map.Entry<String, Function<Backend, Runnable>> e : cases.entrySet()) {
            if (!e.getKey().contains(filter)) {
                continue;
            }
            double tcl = median(cl, seconds, e.getValue().apply(cl));
            double tcpu = median(cpu, seconds, e.getValue().apply(cpu));
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f |%n", e.getKey(), tcl * 1e6, tcpu * 1e6,
                    tcpu / tcl);
        }
    }

    private static Tensor rand(Backend b, int... shape) {
        return Tensor.uniform(b, new Rng(7), -1, 1, DType.FLOAT32, shape);
    }

    private static double median(Backend b, double seconds, Runnable op) {
        return TIMER.median(b, seconds, op);
    }
}
