package org.learnedlr.nn.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.MemoryScope;
import org.learnedlr.tensor.Tensor;

/**
 * Updates parameters from their gradients, group by group. Subclasses give the update of one parameter; this class
 * owns the groups, the per-parameter state (a fixed list of named buffers, "slots", plus a step count where the
 * update needs one) and its saving and loading.
 *
 * <p>Parameters are numbered over all groups in order (PyTorch's state_dict convention); a parameter's state is
 * created at its first update. {@link #step()} runs under {@link NoGrad} and skips parameters without a gradient;
 * updates go through the backend's in-place fused ops where one exists, so a fast backend plugs in. Non-finite
 * gradients are not an error here: they propagate into the parameters, and the training run detects divergence.
 *
 * @param <C> the configuration record of a parameter group
 */
public abstract class Optimizer<C extends OptimizerConfig<C>> {
    private final String type;
    private final List<ParamGroup<C>> groups;
    private final List<Var> params;
    private final List<String> slotNames;
    private final boolean countsSteps;
    private final Tensor[][] slots;   // [parameter][slot], null until created
    private final long[] steps;       // 0 = never stepped

    /**
     * @param type        the optimizer's name in state dicts (PyTorch's class name)
     * @param groups      at least one group; a parameter may belong to only one
     * @param slotNames   the per-parameter buffers, by their PyTorch state names
     * @param countsSteps whether the state holds a per-parameter step count
     */
    protected Optimizer(String type, List<ParamGroup<C>> groups, List<String> slotNames, boolean countsSteps) {
        this.type = Objects.requireNonNull(type);
        Objects.requireNonNull(groups, type + ": groups");
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(type + ": no parameter groups given");
        }
        this.groups = List.copyOf(groups);
        List<Var> all = new ArrayList<>();
        Map<Var, Integer> seen = new IdentityHashMap<>();
        for (int g = 0; g < this.groups.size(); g++) {
            for (Var p : this.groups.get(g).params()) {
                Integer before = seen.put(p, g);
                if (before != null) {
                    throw new IllegalArgumentException(type + ": a parameter appears twice (in groups " + before
                            + " and " + g + ")");
                }
                all.add(p);
            }
        }
        this.params = Collections.unmodifiableList(all);
        this.slotNames = List.copyOf(slotNames);
        this.countsSteps = countsSteps;
        this.slots = new Tensor[all.size()][this.slotNames.size()];
        this.steps = new long[all.size()];
    }

    /** One group holding every parameter. */
    protected static <C extends OptimizerConfig<C>> List<ParamGroup<C>> single(List<Var> params, C config) {
        return List.of(new ParamGroup<>(params, config));
    }

    // ---- the update --------------------------------------------------------------------------------------------

    /**
     * Updates, in place, every parameter that has a gradient, with its group's current hyper-parameters.
     */
    public final void step() {
        try (NoGrad ignored = NoGrad.enter()) {
            int index = 0;
            for (ParamGroup<C> group : groups) {
                C config = group.config();
                for (Var p : group.params()) {
                    Tensor grad = p.grad();
                    if (grad != null) {
                        update(index, config, p.value(), grad);
                    }
                    index++;
                }
            }
        }
    }

    /**
     * Updates one parameter in place. {@code param} and {@code grad} have equal shapes and dtypes.
     *
     * @param index the parameter's number, for {@link #slot} and {@link #nextStep}
     */
    protected abstract void update(int index, C config, Tensor param, Tensor grad);

    /** The parameter's buffer of that slot, created as zeros like the parameter on first use. */
    protected final Tensor slot(int index, int slot, Tensor param) {
        Tensor t = slots[index][slot];
        if (t == null) {
            // Long-lived state: it must outlive the MemoryScope of the step that creates it.
            t = MemoryScope.escape(Tensor.zeros(param.backend(), param.dtype(), param.shape()));
            slots[index][slot] = t;
        }
        return t;
    }

    /** True when the buffer of that slot exists (the parameter has been stepped with it). */
    protected final boolean hasSlot(int index, int slot) {
        return slots[index][slot] != null;
    }

    /** Increments the parameter's step count and returns it (1 on its first update). */
    protected final long nextStep(int index) {
        return ++steps[index];
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        for (Var p : params) {
            p.zeroGrad();
        }
    }

    // ---- groups and hyper-parameters ---------------------------------------------------------------------------

    /** "SGD", "Adam", "AdamW" or "Adadelta". */
    public final String type() {
        return type;
    }

    public final List<ParamGroup<C>> paramGroups() {
        return groups;
    }

    public final ParamGroup<C> paramGroup(int group) {
        if (group < 0 || group >= groups.size()) {
            throw new IndexOutOfBoundsException(type + ": no parameter group " + group + " (there are "
                    + groups.size() + ")");
        }
        return groups.get(group);
    }

    /** Every parameter, in state order. */
    public final List<Var> parameters() {
        return params;
    }

    /** Sets the learning rate of every group; a negative or non-finite one is rejected and changes nothing. */
    public final void setLr(double lr) {
        updateAll(c -> c.withLr(lr));
    }

    /** Replaces every group's configuration by {@code f} of it, validating all before changing any. */
    protected final void updateAll(UnaryOperator<C> f) {
        List<C> next = new ArrayList<>(groups.size());
        for (ParamGroup<C> g : groups) {
            next.add(f.apply(g.config()));
        }
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setConfig(next.get(i));
        }
    }

    // ---- state -------------------------------------------------------------------------------------------------

    /** A copy of the state: hyper-parameters, buffers and step counts (see {@link OptimizerState}). */
    public final OptimizerState stateDict() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            String prefix = "param_groups." + g + ".";
            groups.get(g).config().toScalars().forEach((k, v) -> scalars.put(prefix + k, v));
            scalars.put(prefix + "num_params", (double) groups.get(g).params().size());
        }
        for (int i = 0; i < params.size(); i++) {
            for (int s = 0; s < slotNames.size(); s++) {
                if (slots[i][s] != null) {
                    tensors.put("state." + i + "." + slotNames.get(s), slots[i][s].copy());
                }
            }
            if (countsSteps && steps[i] > 0) {
                scalars.put("state." + i + ".step", (double) steps[i]);
            }
        }
        return new OptimizerState(type, tensors, scalars);
    }

    /**
     * Checks that {@code state} would load: the same optimizer type, the same groups with the same sizes, valid
     * hyper-parameters, buffers of each parameter's shape and dtype, a parameter's buffers (and step count) all
     * present or all absent, and no unknown names. Throws {@link IllegalArgumentException} naming the entry.
     */
    public final void checkStateDict(OptimizerState state) {
        prepare(state);
    }

    /**
     * Replaces hyper-parameters, buffers and step counts by those of {@code state} (copied onto the parameters'
     * backend). All or nothing: on any mismatch (see {@link #checkStateDict}) nothing changes.
     */
    public final void loadStateDict(OptimizerState state) {
        Prepared<C> p = prepare(state);
        for (int g = 0; g < groups.size(); g++) {
            groups.get(g).setConfig(p.configs.get(g));
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor value = params.get(i).value();
            for (int s = 0; s < slotNames.size(); s++) {
                Tensor t = p.slots[i][s];
                slots[i][s] = t == null ? null : t.to(value.backend()).copy();
            }
            steps[i] = p.steps[i];
        }
    }

    /** Reads the configuration of one group from its hyper-parameters (exactly the keys of toScalars). */
    protected abstract C configFromScalars(Map<String, Double> scalars);

    private record Prepared<K>(List<K> configs, Tensor[][] slots, long[] steps) {
    }

    private Prepared<C> prepare(OptimizerState state) {
        Objects.requireNonNull(state, "loadStateDict: state");
        String where = "loadStateDict (" + type + "): ";
        if (!state.type().equals(type)) {
            throw new IllegalArgumentException(where + "the state is of a " + state.type()
                    + " optimizer, not " + type);
        }
        int n = params.size();
        List<Map<String, Double>> groupScalars = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            groupScalars.add(new LinkedHashMap<>());
        }
        long[] newSteps = new long[n];
        for (Map.Entry<String, Double> e : state.scalars().entrySet()) {
            String key = e.getKey();
            String[] parts = key.split("\\.", -1);
            if (parts.length == 3 && parts[0].equals("param_groups")) {
                int g = index(parts[1], groups.size(), where, "parameter group", key);
                groupScalars.get(g).put(parts[2], e.getValue());
            } else if (parts.length == 3 && parts[0].equals("state") && parts[2].equals("step") && countsSteps) {
                int i = index(parts[1], n, where, "parameter", key);
                newSteps[i] = stepCount(e.getValue(), where, key);
            } else {
                throw new IllegalArgumentException(where + "unexpected scalar '" + key + "'");
            }
        }
        List<C> configs = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Map<String, Double> s = groupScalars.get(g);
            Double size = s.remove("num_params");
            int expected = groups.get(g).params().size();
            if (size == null || size != expected) {
                throw new IllegalArgumentException(where + "parameter group " + g + " has " + expected
                        + " parameters but the state's 'param_groups." + g + ".num_params' is " + size);
            }
            try {
                configs.add(configFromScalars(s));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + "parameter group " + g + ": " + ex.getMessage(), ex);
            }
        }
        Tensor[][] newSlots = new Tensor[n][slotNames.size()];
        for (Map.Entry<String, Tensor> e : state.tensors().entrySet()) {
            String key = e.getKey();
            String[] parts = key.split("\\.", -1);
            int s = parts.length == 3 && parts[0].equals("state") ? slotNames.indexOf(parts[2]) : -1;
            if (s < 0) {
                throw new IllegalArgumentException(where + "unexpected tensor '" + key + "' (the slots of " + type
                        + " are " + slotNames + ")");
            }
            int i = index(parts[1], n, where, "parameter", key);
            Tensor t = e.getValue();
            Tensor value = params.get(i).value();
            if (!Arrays.equals(t.shape(), value.shape()) || t.dtype() != value.dtype()) {
                throw new IllegalArgumentException(where + "tensor '" + key + "' is " + Arrays.toString(t.shape())
                        + " " + t.dtype() + " but parameter " + i + " is " + Arrays.toString(value.shape()) + " "
                        + value.dtype());
            }
            newSlots[i][s] = t;
        }
        for (int i = 0; i < n; i++) {
            int present = 0;
            for (Tensor t : newSlots[i]) {
                present += t == null ? 0 : 1;
            }
            if (present != 0 && present != slotNames.size()) {
                throw new IllegalArgumentException(where + "parameter " + i + " has only some of its buffers "
                        + slotNames + " in the state");
            }
            if (countsSteps && (present == 0) != (newSteps[i] == 0)) {
                throw new IllegalArgumentException(where + "parameter " + i + (present == 0
                        ? " has a step count but no buffers" : " has buffers but no step count 'state." + i
                        + ".step'"));
            }
        }
        return new Prepared<>(configs, newSlots, newSteps);
    }

    /** A decimal index in [0, bound), strictly: no sign, no leading zeros. */
    private static int index(String text, int bound, String where, String what, String key) {
        boolean ok = !text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9')
                && (text.length() == 1 || text.charAt(0) != '0');
        int i = ok ? Integer.parseInt(text) : -1;
        if (i < 0 || i >= bound) {
            throw new IllegalArgumentException(where + "'" + key + "' names " + what + " '" + text
                    + "', but there are " + bound);
        }
        return i;
    }

    private static long stepCount(double v, String where, String key) {
        if (!(v >= 1 && v <= 0x1p53) || v != Math.rint(v)) {
            throw new IllegalArgumentException(where + "'" + key + "' must be a whole number >= 1, got " + v);
        }
        return (long) v;
    }
}
