package org.learnedlr.rl.baseline;

import java.util.List;
import org.learnedlr.nn.Module;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.ppo.RunningMeanStd;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/**
 * CleanRL's observation normalisation, as part of the agent: running mean and variance of the observation vector
 * (gym's RunningMeanStd: mean 0, variance 1, count 1e-4 at the start), and
 * <pre>  x = clip((o - mean) / sqrt(var + 1e-8), -10, 10)</pre>
 * The statistics are buffers (float64), so they are saved, loaded and copied with the actor.
 *
 * <p>Buffers: {@code mean} [D], {@code var} [D], {@code count} [1].
 */
public final class ObservationNormalizer extends Module {
    public static final double EPS = 1e-8;
    public static final double CLIP = 10.0;

    private final int dims;

    public ObservationNormalizer(int dims) {
        if (dims < 1) {
            throw new IllegalArgumentException("ObservationNormalizer: dims must be >= 1, got " + dims);
        }
        this.dims = dims;
        buffer("mean", Tensor.zeros(DType.FLOAT64, dims));
        buffer("var", Tensor.ones(DType.FLOAT64, dims));
        buffer("count", Tensor.full(RunningMeanStd.INITIAL_COUNT, DType.FLOAT64, 1));
    }

    public int dims() {
        return dims;
    }

    public double[] mean() {
        return buffer("mean").toDoubleArray();
    }

    public double[] var() {
        return buffer("var").toDoubleArray();
    }

    public double count() {
        return buffer("count").toDoubleArray()[0];
    }

    /** Normalised float32 rows (B, D) of the observations' vectors. */
    public Tensor normalize(List<Observation> observations) {
        double[] m = mean();
        double[] v = var();
        float[] out = new float[observations.size() * dims];
        for (int i = 0; i < observations.size(); i++) {
            float[] g = vector(observations.get(i));
            for (int j = 0; j < dims; j++) {
                double x = (g[j] - m[j]) / Math.sqrt(v[j] + EPS);
                out[i * dims + j] = (float) Math.max(-CLIP, Math.min(CLIP, x));
            }
        }
        return Tensor.of(out, observations.size(), dims);
    }

    /** Folds a batch of raw observations into the statistics. */
    public void update(List<Observation> observations) {
        if (observations.isEmpty()) {
            return;
        }
        double[][] rows = new double[observations.size()][];
        for (int i = 0; i < rows.length; i++) {
            float[] g = vector(observations.get(i));
            rows[i] = new double[dims];
            for (int j = 0; j < dims; j++) {
                rows[i][j] = g[j];
            }
        }
        RunningMeanStd r = new RunningMeanStd(mean(), var(), count());
        r.update(rows);
        setBuffer("mean", Tensor.of(r.mean(), dims));
        setBuffer("var", Tensor.of(r.var(), dims));
        setBuffer("count", Tensor.of(new double[]{r.count()}, 1));
    }

    private float[] vector(Observation o) {
        float[] g = o.globals();
        if (g.length != dims) {
            throw new IllegalArgumentException("ObservationNormalizer: an observation of " + g.length
                    + " values, expected " + dims);
        }
        return g;
    }
}
