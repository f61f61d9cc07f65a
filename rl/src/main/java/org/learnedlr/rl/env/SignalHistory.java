package org.learnedlr.rl.env;

import java.util.Arrays;

/**
 * Every step's raw signals of one run, appended in order, plus the normalisation references taken from the first
 * decision interval. Storage is flat arrays that grow by doubling; each step costs 3 + G floats.
 *
 * <p>References (DESIGN.md section 3, "scale-free"): once the first {@code K} steps are recorded, {@code L_ref} is
 * the mean train loss over them and {@code g_ref[b]} is, per bucket, the mean over them of the bucket's log norm
 * (so a bucket's observed value is log(g / g_ref) with log g_ref the mean log norm). Validation losses are scaled by
 * the same {@code L_ref} as train losses, so the two stay comparable.
 */
public final class SignalHistory {
    private final int buckets;
    private final int referenceSteps;
    private float[] trainLoss = new float[256];
    private float[] validationLoss = new float[256];
    private float[] lr = new float[256];
    private float[] logGrad;
    private int size;
    private double referenceLoss = Double.NaN;
    private double[] referenceLogGrad;

    /**
     * @param buckets        G, the number of gradient-norm buckets per step
     * @param referenceSteps the length of the first interval, over which the references are taken
     */
    public SignalHistory(int buckets, int referenceSteps) {
        if (buckets < 1 || referenceSteps < 1) {
            throw new IllegalArgumentException("SignalHistory: buckets and referenceSteps must be >= 1, got "
                    + buckets + " and " + referenceSteps);
        }
        this.buckets = buckets;
        this.referenceSteps = referenceSteps;
        this.logGrad = new float[256 * buckets];
    }

    /** Appends one step. */
    public void add(StepSignal s) {
        if (s.logGradBuckets().length != buckets) {
            throw new IllegalArgumentException("SignalHistory: expected " + buckets + " gradient buckets, got "
                    + s.logGradBuckets().length);
        }
        if (size == trainLoss.length) {
            int cap = size * 2;
            trainLoss = Arrays.copyOf(trainLoss, cap);
            validationLoss = Arrays.copyOf(validationLoss, cap);
            lr = Arrays.copyOf(lr, cap);
            logGrad = Arrays.copyOf(logGrad, cap * buckets);
        }
        trainLoss[size] = (float) s.trainLoss();
        validationLoss[size] = (float) s.validationLoss();
        lr[size] = (float) s.lr();
        for (int b = 0; b < buckets; b++) {
            logGrad[size * buckets + b] = (float) s.logGradBuckets()[b];
        }
        size++;
        if (size == referenceSteps) {
            takeReferences();
        }
    }

    private void takeReferences() {
        double sum = 0;
        for (int t = 0; t < referenceSteps; t++) {
            sum += trainLoss[t];
        }
        referenceLoss = sum / referenceSteps;
        referenceLogGrad = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            double g = 0;
            for (int t = 0; t < referenceSteps; t++) {
                g += logGrad[t * buckets + b];
            }
            referenceLogGrad[b] = g / referenceSteps;
        }
    }

    /** Steps recorded. */
    public int size() {
        return size;
    }

    public int buckets() {
        return buckets;
    }

    public int referenceSteps() {
        return referenceSteps;
    }

    /** True once the first interval is complete and the references exist. */
    public boolean hasReferences() {
        return referenceLogGrad != null;
    }

    /** L_ref: the mean train loss over the first interval (NaN before it is complete). */
    public double referenceLoss() {
        return referenceLoss;
    }

    /**
     * The loss that divergence is measured against: L_ref, but never above the loss of chance, ln 10, so a run that
     * already exploded during its first interval (and so has a huge L_ref) is still caught.
     */
    public double divergenceReference() {
        return Math.min(referenceLoss, CHANCE_LOSS);
    }

    /** The cross-entropy of a uniform guess over MNIST's 10 classes. */
    public static final double CHANCE_LOSS = Math.log(10);

    /** log g_ref per bucket (null before the first interval is complete). */
    public double[] referenceLogGrad() {
        return referenceLogGrad == null ? null : referenceLogGrad.clone();
    }

    double referenceLogGrad(int bucket) {
        return referenceLogGrad[bucket];
    }

    public double trainLoss(int t) {
        return trainLoss[check(t)];
    }

    public double validationLoss(int t) {
        return validationLoss[check(t)];
    }

    public double lr(int t) {
        return lr[check(t)];
    }

    public double logGrad(int t, int bucket) {
        return logGrad[check(t) * buckets + bucket];
    }

    /** Step t's signals as a record (a copy). */
    public StepSignal get(int t) {
        check(t);
        double[] g = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            g[b] = logGrad[t * buckets + b];
        }
        return new StepSignal(trainLoss[t], validationLoss[t], lr[t], g);
    }

    private int check(int t) {
        if (t < 0 || t >= size) {
            throw new IndexOutOfBoundsException("step " + t + " not in the history of " + size + " steps");
        }
        return t;
    }
}
