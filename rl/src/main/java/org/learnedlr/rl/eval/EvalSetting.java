package org.learnedlr.rl.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;

/**
 * One setting of the judging grid (DESIGN.md section 5): trainee, optimizer, base LR and budget; the seeds vary.
 */
public record EvalSetting(Trainee trainee, OptimizerFamily optimizer, double eta0, int steps, int batchSize) {

    public String key() {
        return String.format(Locale.ROOT, "%s/%s/%s/%d", trainee.id(), optimizer.id(), eta0, steps);
    }

    public RunConfig run(long seed) {
        return new RunConfig(trainee, optimizer, eta0, steps, batchSize, RunConfig.DEFAULT_VALIDATION_BATCH_SIZE, seed);
    }

    /** The MLP grid: SGD-momentum at 0.03-3.0 and Adam at 3e-4-1e-2 over 2,000 steps, plus 4,000 for SGD 0.1, 1.0. */
    public static List<EvalSetting> mlpGrid() {
        List<EvalSetting> out = new ArrayList<>();
        for (double lr : new double[]{0.03, 0.1, 0.3, 1.0, 3.0}) {
            out.add(new EvalSetting(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, lr, 2000, 128));
        }
        for (double lr : new double[]{3e-4, 1e-3, 3e-3, 1e-2}) {
            out.add(new EvalSetting(Trainee.MLP, OptimizerFamily.ADAM, lr, 2000, 128));
        }
        out.add(new EvalSetting(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 4000, 128));
        out.add(new EvalSetting(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 1.0, 4000, 128));
        return out;
    }

    /** The demonstration grid's settings (DESIGN.md section 4): the 8 base LRs at budgets 1,000 and 2,000. */
    public static List<EvalSetting> demoGrid() {
        List<EvalSetting> out = new ArrayList<>();
        for (int budget : new int[]{1000, 2000}) {
            for (double lr : new double[]{0.03, 0.1, 0.3, 1.0}) {
                out.add(new EvalSetting(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, lr, budget, 128));
            }
            for (double lr : new double[]{3e-4, 1e-3, 3e-3, 1e-2}) {
                out.add(new EvalSetting(Trainee.MLP, OptimizerFamily.ADAM, lr, budget, 128));
            }
        }
        return out;
    }

    /** The transfer grid: ResNet-18 (ImageNet stem), SGD at 0.03 and 0.1, 300 steps. */
    public static List<EvalSetting> resnetGrid() {
        return List.of(new EvalSetting(Trainee.RESNET18, OptimizerFamily.SGD_MOMENTUM, 0.03, 300, 128),
                new EvalSetting(Trainee.RESNET18, OptimizerFamily.SGD_MOMENTUM, 0.1, 300, 128));
    }
}
