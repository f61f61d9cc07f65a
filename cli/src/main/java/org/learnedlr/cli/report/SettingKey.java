package org.learnedlr.cli.report;

import java.math.BigDecimal;

/**
 * A setting's key read back into its parts, when it has {@code EvalSetting}'s form {@code
 * trainee/optimizer/eta0/steps}; other keys keep only themselves (group "other settings", no eta0, no budget).
 *
 * @param key   the key as in results.csv
 * @param group trainee/optimizer, the divergence map a setting belongs to
 * @param eta0  the base LR, or NaN
 * @param steps the budget T, or 0
 */
record SettingKey(String key, String group, double eta0, int steps) {

    static SettingKey of(String key) {
        String[] p = key.split("/");
        if (p.length == 4) {
            try {
                return new SettingKey(key, p[0] + "/" + p[1], Double.parseDouble(p[2]), Integer.parseInt(p[3]));
            } catch (NumberFormatException e) {
                // not of EvalSetting's form: falls through
            }
        }
        return new SettingKey(key, "other settings", Double.NaN, 0);
    }

    /** eta0 as written by people ("0.001", "3"), or the key when there is none. */
    String eta0Text() {
        return Double.isNaN(eta0) ? key : BigDecimal.valueOf(eta0).stripTrailingZeros().toPlainString();
    }
}
