package org.learnedlr.rl.env;

/**
 * The bookkeeping of one episode's decision intervals, turned into the reward's terms (docs/environment.md):
 * per interval d, with V_d the mean of the interval's validation evaluations (the held value when it had none) and
 * L_d its mean train loss,
 * <pre>
 *   improvement_d    = -(log V_d - log V_{d-1})          V_{-1} = the validation loss before training
 *   smoothness_d     = std(log L_t - log L_{t-1})        over the differences ending in the interval
 *   generalisation_d = max(0, log V_d - log L_d)
 * </pre>
 * The environment feeds it live; the reward ablation replays recorded episodes through it — one definition of the
 * terms, so that the constants chosen offline weigh exactly what PPO is rewarded with.
 */
public final class IntervalTerms {
    private final LossRoughness roughness = new LossRoughness();
    private double previousValidation;
    private double held;
    private double trainSum;
    private int steps;
    private double validationSum;
    private int validations;

    /** @param initialValidation the validation loss before the first step (V_{-1}) */
    public IntervalTerms(double initialValidation) {
        this.previousValidation = initialValidation;
        this.held = initialValidation;
    }

    /** Starts the next interval. */
    public void begin() {
        trainSum = 0;
        steps = 0;
        validationSum = 0;
        validations = 0;
        roughness.restart();
    }

    /**
     * Records one step's train loss; {@code validated} says a validation evaluation ended this step with loss
     * {@code validationLoss}. A non-finite train loss is counted in the mean but not in the smoothness (the
     * environment ends the episode there).
     */
    public void add(double trainLoss, boolean validated, double validationLoss) {
        if (validated) {
            held = validationLoss;
            validationSum += validationLoss;
            validations++;
        }
        trainSum += trainLoss;
        steps++;
        if (Double.isFinite(trainLoss)) {
            roughness.add(trainLoss);
        }
    }

    /** L_d: the mean train loss of the interval so far. */
    public double meanTrain() {
        return trainSum / steps;
    }

    /** V_d: the mean of the interval's validation evaluations, or the held value when it had none. */
    public double meanValidation() {
        return validations > 0 ? validationSum / validations : held;
    }

    /** The validation loss held at the last recorded step. */
    public double heldValidation() {
        return held;
    }

    /** Ends an interval that did not diverge: its terms, and V_d becomes the next interval's V_{d-1}. */
    public Terms end() {
        double meanVal = meanValidation();
        Terms t = new Terms(-(Math.log(meanVal) - Math.log(previousValidation)), roughness.std(),
                Math.max(0, Math.log(meanVal) - Math.log(meanTrain())));
        previousValidation = meanVal;
        return t;
    }

    /** One interval's reward terms; {@link RewardConfig#reward(Terms)} weighs them. */
    public record Terms(double improvement, double smoothness, double generalisation) {
    }
}
