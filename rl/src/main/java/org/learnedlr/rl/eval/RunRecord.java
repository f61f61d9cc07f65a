package org.learnedlr.rl.eval;

/**
 * One judged training run.
 *
 * @param method         the scheduler's name
 * @param setting        the setting's key (trainee/optimizer/eta0/budget)
 * @param seed           the held-out seed
 * @param diverged       whether the run diverged (then testLoss is ln 10, the loss of chance)
 * @param testLoss       test-set loss
 * @param testAccuracy   test-set accuracy
 * @param smoothness     std of consecutive log train-loss differences over the run
 * @param validationAuc  mean held-out validation loss over the run (the area under the validation curve / T)
 * @param controllerShare the scheduler's own compute as a fraction of the run's wall time
 * @param seconds        the run's wall time
 * @param steps          steps actually run
 */
public record RunRecord(String method, String setting, long seed, boolean diverged, double testLoss,
                        double testAccuracy, double smoothness, double validationAuc, double controllerShare,
                        double seconds, int steps) {

    static final String HEADER = "method,setting,seed,diverged,test_loss,test_accuracy,smoothness,validation_auc,"
            + "controller_share,seconds,steps";

    String toCsv() {
        return String.join(",", method, setting, Long.toString(seed), Boolean.toString(diverged),
                Double.toString(testLoss), Double.toString(testAccuracy), Double.toString(smoothness),
                Double.toString(validationAuc), Double.toString(controllerShare), Double.toString(seconds),
                Integer.toString(steps));
    }

    static RunRecord fromCsv(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 11) {
            throw new IllegalArgumentException("results row has " + f.length + " fields, expected 11: " + line);
        }
        return new RunRecord(f[0], f[1], Long.parseLong(f[2]), Boolean.parseBoolean(f[3]), Double.parseDouble(f[4]),
                Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                Double.parseDouble(f[8]), Double.parseDouble(f[9]), Integer.parseInt(f[10]));
    }

    /** Identifies the run in a results file. */
    String key() {
        return method + "|" + setting + "|" + seed;
    }
}
