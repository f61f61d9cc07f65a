package org.learnedlr.nn.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.learnedlr.nn.Module;
import org.learnedlr.nn.optim.Optimizer;
import org.learnedlr.nn.optim.OptimizerState;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.Backends;
import org.learnedlr.tensor.Tensor;

/**
 * A module's state dict, optionally with an optimizer's state, in one safetensors file, written atomically.
 *
 * <p>Layout: the module's tensors under their own names ({@link Module#stateDict()}: PyTorch's names and layouts,
 * so {@code safetensors.torch.load_file} gives a dict that loads into the equivalent PyTorch model); the optimizer's
 * tensors under {@value #OPTIMIZER_PREFIX} ("optimizer.state.0.momentum_buffer"); its scalars as metadata under the
 * same prefix ("optimizer.type" = "SGD", "optimizer.param_groups.0.lr" = "0.1", "optimizer.state.0.step" = "12",
 * doubles written with {@link Double#toString} so they read back bit for bit); {@value #FORMAT_KEY} =
 * {@value #FORMAT}; and the caller's own metadata, whose keys must avoid those.
 *
 * <p>Loading never half-loads: the file is read and validated whole, then every name, shape and dtype is checked
 * against the module (and the optimizer state against the optimizer), and only then is anything copied in.
 */
public final class Checkpoint {
    /** Prefix of the optimizer's tensors and metadata. */
    public static final String OPTIMIZER_PREFIX = "optimizer.";
    /** Metadata key marking a learnedlr checkpoint. */
    public static final String FORMAT_KEY = "learnedlr.format";
    /** Its value for this layout. */
    public static final String FORMAT = "checkpoint-1";

    /** What {@link Double#toString} writes; nothing looser. */
    private static final Pattern DOUBLE =
            Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE]-?[0-9]+)?|NaN|-?Infinity");

    private Checkpoint() {
    }

    /** Saves a module's state dict and user metadata. */
    public static void save(Path file, Module model, Map<String, String> metadata) throws IOException {
        save(file, model, null, metadata);
    }

    /**
     * Saves a module's state dict, an optimizer's state (when not null) and user metadata in one file, atomically.
     *
     * @throws IllegalArgumentException when a module tensor's name starts with {@value #OPTIMIZER_PREFIX}, or a
     *                                  metadata key starts with it or is {@value #FORMAT_KEY}
     */
    public static void save(Path file, Module model, Optimizer<?> optimizer, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(model, "save: model");
        Objects.requireNonNull(metadata, "save: metadata");
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        for (String name : tensors.keySet()) {
            if (name.startsWith(OPTIMIZER_PREFIX)) {
                throw new IllegalArgumentException("save: module tensor '" + name + "' collides with the optimizer's"
                        + " prefix '" + OPTIMIZER_PREFIX + "'");
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, FORMAT);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().startsWith(OPTIMIZER_PREFIX) || e.getKey().equals(FORMAT_KEY)) {
                throw new IllegalArgumentException("save: metadata key '" + e.getKey() + "' is reserved");
            }
            meta.put(e.getKey(), e.getValue());
        }
        if (optimizer != null) {
            putOptimizer(OPTIMIZER_PREFIX, optimizer.stateDict(), tensors, meta);
        }
        SafeTensors.write(file, tensors, meta);
    }

    /** Loads a module's state dict (an optimizer state in the file is ignored); returns the user metadata. */
    public static Map<String, String> load(Path file, Module model) throws IOException {
        return load(file, model, null);
    }

    /**
     * Loads a module's state dict and, when {@code optimizer} is not null, the optimizer's state; returns the user
     * metadata. Everything is validated before anything is modified: on any error, module and optimizer are as
     * they were.
     *
     * @throws SafeTensorsException when the file is not valid safetensors
     * @throws CheckpointException  when it does not match the module or the optimizer
     */
    public static Map<String, String> load(Path file, Module model, Optimizer<?> optimizer) throws IOException {
        Objects.requireNonNull(model, "load: model");
        Map<String, Tensor> mine = model.stateDict();
        Backend backend = mine.isEmpty() ? Backends.defaultBackend() : mine.values().iterator().next().backend();
        SafeTensors.Contents contents = SafeTensors.read(file, backend);
        Map<String, Tensor> modelTensors = new LinkedHashMap<>();
        Map<String, Tensor> optimizerTensors = new LinkedHashMap<>();
        contents.tensors().forEach((k, v) -> (k.startsWith(OPTIMIZER_PREFIX) ? optimizerTensors : modelTensors)
                .put(k, v));
        checkModel(file, mine, modelTensors);
        OptimizerState state = null;
        if (optimizer != null) {
            if (!contents.metadata().containsKey(OPTIMIZER_PREFIX + "type")) {
                throw new CheckpointException(file, "holds no optimizer state (no '" + OPTIMIZER_PREFIX
                        + "type' metadata)");
            }
            state = getOptimizer(file, OPTIMIZER_PREFIX, optimizerTensors, contents.metadata());
            try {
                optimizer.checkStateDict(state);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file, "optimizer state does not fit: " + e.getMessage(), e);
            }
        }
        model.loadStateDict(modelTensors);
        if (state != null) {
            optimizer.loadStateDict(state);
        }
        Map<String, String> user = new LinkedHashMap<>();
        contents.metadata().forEach((k, v) -> {
            if (!k.startsWith(OPTIMIZER_PREFIX) && !k.equals(FORMAT_KEY)) {
                user.put(k, v);
            }
        });
        return user;
    }

    private static void checkModel(Path file, Map<String, Tensor> mine, Map<String, Tensor> given)
            throws CheckpointException {
        List<String> missing = new ArrayList<>();
        for (String k : mine.keySet()) {
            if (!given.containsKey(k)) {
                missing.add(k);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String k : given.keySet()) {
            if (!mine.containsKey(k)) {
                unexpected.add(k);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new CheckpointException(file, "tensors do not match the module"
                    + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (unexpected.isEmpty() ? "" : "; unexpected " + unexpected));
        }
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            Tensor t = given.get(e.getKey());
            Tensor want = e.getValue();
            if (!Arrays.equals(t.shape(), want.shape()) || t.dtype() != want.dtype()) {
                throw new CheckpointException(file, "tensor '" + e.getKey() + "' is " + Arrays.toString(t.shape())
                        + " " + t.dtype() + " but the module's is " + Arrays.toString(want.shape()) + " "
                        + want.dtype());
            }
        }
    }

    // ---- optimizer state as tensors + string metadata ------------------------------------------------------------

    /**
     * Adds an optimizer state to a file's tensors and metadata under {@code prefix} (e.g. "optimizer." or
     * "critic.optimizer."): tensors as they are, the type and scalars as strings. For files holding several models
     * and optimizers.
     */
    public static void putOptimizer(String prefix, OptimizerState state, Map<String, Tensor> tensors,
                                    Map<String, String> metadata) {
        metadata.put(prefix + "type", state.type());
        state.tensors().forEach((k, v) -> tensors.put(prefix + k, v));
        state.scalars().forEach((k, v) -> metadata.put(prefix + k, Double.toString(v)));
    }

    /**
     * Reads back what {@link #putOptimizer} wrote under {@code prefix}: the tensors and metadata whose names start
     * with it (others are ignored).
     *
     * @throws CheckpointException when the type is missing or a scalar is not a number
     */
    public static OptimizerState getOptimizer(Path file, String prefix, Map<String, Tensor> tensors,
                                              Map<String, String> metadata) throws CheckpointException {
        String type = metadata.get(prefix + "type");
        if (type == null) {
            throw new CheckpointException(file, "no optimizer state under '" + prefix + "' (no '" + prefix
                    + "type' metadata)");
        }
        Map<String, Tensor> t = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                t.put(k.substring(prefix.length()), v);
            }
        });
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(prefix) && !k.equals(prefix + "type")) {
                if (!DOUBLE.matcher(e.getValue()).matches()) {
                    throw new CheckpointException(file, "metadata '" + k + "' = \"" + e.getValue()
                            + "\" is not a number");
                }
                scalars.put(k.substring(prefix.length()), Double.parseDouble(e.getValue()));
            }
        }
        return new OptimizerState(type, t, scalars);
    }
}
