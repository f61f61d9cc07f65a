package org.learnedlr.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An optimizer's state as a checkpoint stores it: tensors and scalars under flat, PyTorch-like names.
 * <ul>
 *   <li>{@code type}: the optimizer ("SGD", "Adam", "AdamW", "Adadelta"); state of one cannot be loaded into
 *       another.</li>
 *   <li>tensors {@code state.<i>.<slot>}: per-parameter buffers, i counting parameters over all groups in order;
 *       slots are PyTorch's names ({@code momentum_buffer}; {@code exp_avg}, {@code exp_avg_sq};
 *       {@code square_avg}, {@code acc_delta}). A parameter that has not been stepped yet has none.</li>
 *   <li>scalars {@code state.<i>.step}: per-parameter step counts (Adam, AdamW, Adadelta), and
 *       {@code param_groups.<g>.<name>}: each group's hyper-parameters ({@link OptimizerConfig#toScalars()}) and
 *       its size, {@code param_groups.<g>.num_params}.</li>
 * </ul>
 * The maps are unmodifiable copies in insertion order; the tensors are the optimizer's own copies, not live buffers.
 */
public record OptimizerState(String type, Map<String, org.learnedlr.tensor.Tensor> tensors,
                             Map<String, Double> scalars) {
    public OptimizerState {
        Objects.requireNonNull(type, "OptimizerState: type");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors,
                "OptimizerState: tensors")));
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(scalars,
                "OptimizerState: scalars")));
        tensors.forEach((k, v) -> Objects.requireNonNull(v, "OptimizerState: tensor " + k));
        scalars.forEach((k, v) -> Objects.requireNonNull(v, "OptimizerState: scalar " + k));
    }
}
