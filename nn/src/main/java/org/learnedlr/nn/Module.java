package org.learnedlr.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.MemoryScope;
import org.learnedlr.tensor.Tensor;

/**
 * A network building block with explicitly registered parameters, buffers and children. Registration order is the
 * order of everything that enumerates them, depth first: a module's own parameters, then its children's, each
 * named with PyTorch's dotted paths ("layer1.0.conv1.weight") and layouts, so that a learnedlr state dict loads into
 * the equivalent PyTorch model and back. No reflection is involved: what is not registered does not exist.
 *
 * <p>Train and eval mode ({@link #train(boolean)}) change behaviour of layers such as dropout and batch norm.
 * Gradient mode is a separate switch ({@link org.learnedlr.autograd.NoGrad}).
 */
public abstract class Module {
    private final Map<String, Var> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    // ---- registration --------------------------------------------------------------------------------------------

    /** Registers a trainable parameter with an initial value; returns its Var. */
    protected final Var param(String name, Tensor initial) {
        checkName(name);
        Var v = Var.param(initial);
        parameters.put(name, v);
        return v;
    }

    /** Registers a buffer: state that is saved and loaded but not trained (e.g. batch-norm running statistics). */
    protected final void buffer(String name, Tensor initial) {
        checkName(name);
        buffers.put(name, initial);
    }

    /** Reads a registered buffer. */
    protected final Tensor buffer(String name) {
        Tensor t = buffers.get(name);
        if (t == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no buffer named '" + name + "'");
        }
        return t;
    }

    /**
     * Replaces a registered buffer's value (its shape must not change). The new value outlives any
     * {@link MemoryScope} open now: buffers are long-lived state.
     */
    protected final void setBuffer(String name, Tensor value) {
        Tensor old = buffer(name);
        if (!Arrays.equals(old.shape(), value.shape())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": buffer '" + name + "' has shape "
                    + Arrays.toString(old.shape()) + ", not " + Arrays.toString(value.shape()));
        }
        buffers.put(name, MemoryScope.escape(value));
    }

    /** Registers a child module; returns it. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' registered twice");
        }
    }

    // ---- enumeration ---------------------------------------------------------------------------------------------

    /** Every parameter, depth first, by dotted name. */
    public final Map<String, Var> namedParameters() {
        Map<String, Var> out = new LinkedHashMap<>();
        collectParameters("", out);
        return out;
    }

    private void collectParameters(String prefix, Map<String, Var> out) {
        parameters.forEach((n, v) -> out.put(prefix + n, v));
        children.forEach((n, c) -> c.collectParameters(prefix + n + ".", out));
    }

    /** Every parameter, depth first. */
    public final List<Var> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** This module's own parameters (not its children's), in registration order. */
    public final Map<String, Var> ownParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Direct children in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Parameters and buffers by dotted name, in PyTorch's state_dict order (per module: parameters, buffers). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, v) -> out.put(prefix + n, v.value()));
        buffers.forEach((n, t) -> out.put(prefix + n, t));
        children.forEach((n, c) -> c.collectState(prefix + n + ".", out));
    }

    /**
     * Copies values into every parameter and buffer. Strict: a missing or unexpected name, or a wrong shape, is an
     * error naming the tensor, and nothing is modified unless everything matches.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> mine = stateDict();
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            Tensor given = state.get(e.getKey());
            if (given == null) {
                throw new IllegalArgumentException("loadStateDict: missing tensor '" + e.getKey() + "'");
            }
            if (!Arrays.equals(given.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("loadStateDict: tensor '" + e.getKey() + "' has shape "
                        + Arrays.toString(given.shape()) + ", expected " + Arrays.toString(e.getValue().shape()));
            }
        }
        for (String k : state.keySet()) {
            if (!mine.containsKey(k)) {
                throw new IllegalArgumentException("loadStateDict: unexpected tensor '" + k + "'");
            }
        }
        loadInto("", state);
    }

    private void loadInto(String prefix, Map<String, Tensor> state) {
        parameters.forEach((n, v) -> v.value().copyFrom(state.get(prefix + n).to(v.value().backend())));
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            Tensor current = e.getValue();
            Tensor loaded = state.get(prefix + e.getKey()).to(current.backend()).cast(current.dtype()).copy();
            e.setValue(MemoryScope.escape(loaded));
        }
        children.forEach((n, c) -> c.loadInto(prefix + n + ".", state));
    }

    /**
     * The modules that own parameters directly, in depth-first order: the units of layer-wise gradient norms
     * (weight and bias of one layer together).
     */
    public final List<Module> parameterOwners() {
        List<Module> out = new ArrayList<>();
        collectOwners(out);
        return out;
    }

    private void collectOwners(List<Module> out) {
        if (!parameters.isEmpty()) {
            out.add(this);
        }
        children.values().forEach(c -> c.collectOwners(out));
    }

    /** Number of trainable scalars. */
    public final long parameterCount() {
        long n = 0;
        for (Var v : namedParameters().values()) {
            n += v.value().numel();
        }
        return n;
    }

    // ---- modes ---------------------------------------------------------------------------------------------------

    /** Sets train (true) or eval (false) mode on this module and all its descendants. */
    public final Module train(boolean on) {
        training = on;
        children.values().forEach(c -> c.train(on));
        return this;
    }

    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        for (Var v : namedParameters().values()) {
            v.zeroGrad();
        }
    }
}
