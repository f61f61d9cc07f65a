package org.learnedlr.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.learnedlr.tensor.Storage;
import org.learnedlr.tensor.Tensor;

/**
 * Reverse-mode accumulation over the recorded graph: order the nodes so that every node comes after its inputs
 * (a topological sort, done with an explicit stack so that chains of any length fit), then walk that order
 * backwards, giving each node the sum of the gradients its consumers sent it and sending its own inputs their
 * share through its rule. Intermediate gradients live only in a map for the duration of the walk; leaf parameters
 * (and Vars marked with {@link Var#retainGrad()}) add theirs to {@link Var#grad()}.
 *
 * <p>A gradient stored for the first time is copied only when it could alias a tensor someone else holds: the
 * upstream gradient, a value in the graph, a tensor a custom backward returned, or a gradient already stored in
 * this walk (compared by storage, so views count). Anything else is a tensor the rules made for this walk alone
 * and is kept as it is — for a weight, that saves a full copy per step. (Gradients are never written in place, so
 * sharing would be harmless anyway; the copy keeps every stored gradient independent, as before.)
 */
final class Backprop {
    private Backprop() {
    }

    static void run(Var root, Tensor upstream, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: this Var does not require grad (it is a constant, was made"
                    + " from constants only, or was made under NoGrad)");
        }
        if (!Arrays.equals(upstream.shape(), root.shape()) || upstream.dtype() != root.dtype()) {
            throw new IllegalArgumentException("backward: upstream gradient " + Arrays.toString(upstream.shape())
                    + " (" + upstream.dtype() + ") does not match the Var " + Arrays.toString(root.shape())
                    + " (" + root.dtype() + ")");
        }
        List<Var> order = topologicalOrder(root);
        Set<Storage> shared = sharedStorages(order, upstream);
        Map<Var, Tensor> pending = new IdentityHashMap<>();
        pending.put(root, upstream);
        for (int i = order.size() - 1; i >= 0; i--) {
            Var v = order.get(i);
            Tensor g = pending.remove(v);    // the sum over v's consumers: all of them come later in the order
            if (v.isLeaf()) {
                if (g != null) {
                    store(v, g, shared);
                }
                continue;
            }
            if (g != null) {
                if (v.retainsGrad()) {
                    store(v, g, shared);
                }
                send(v, g, pending, shared);
            }
            if (!retainGraph) {
                v.free();
            }
        }
    }

    /** Storages a stored gradient must not share without a copy: the upstream's and every value's in the graph. */
    private static Set<Storage> sharedStorages(List<Var> order, Tensor upstream) {
        Set<Storage> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        shared.add(upstream.storage());
        for (Var v : order) {
            shared.add(v.value().storage());
            for (Var in : v.inputs()) {
                shared.add(in.value().storage());
            }
        }
        return shared;
    }

    /** Adds g to v's gradient, copying g first if it could alias a tensor held elsewhere (then marks it so). */
    private static void store(Var v, Tensor g, Set<Storage> shared) {
        boolean owned = g.isContiguous() && !shared.contains(g.storage());
        v.accumulate(g, !owned);
        shared.add(g.storage());
    }

    /** Applies v's rule and adds each input's share to what that input has received so far. */
    private static void send(Var v, Tensor g, Map<Var, Tensor> pending, Set<Storage> shared) {
        Var[] inputs = v.inputs();
        Tensor[] local = v.localGradients(g);
        if (v.isCustom() && local != null) {
            for (Tensor t : local) {
                if (t != null) {
                    shared.add(t.storage());   // a custom backward may return tensors it keeps
                }
            }
        }
        if (local == null || local.length != inputs.length) {
            throw new IllegalStateException("backward: the rule of " + v.name() + " gave "
                    + (local == null ? "null" : local.length + " gradients") + " for " + inputs.length + " inputs");
        }
        for (int k = 0; k < inputs.length; k++) {
            Var in = inputs[k];
            Tensor gk = local[k];
            if (!in.requiresGrad() || gk == null) {
                continue;
            }
            if (!Arrays.equals(gk.shape(), in.shape()) || gk.dtype() != in.dtype()) {
                throw new IllegalStateException("backward: the rule of " + v.name() + " gave a gradient "
                        + Arrays.toString(gk.shape()) + " (" + gk.dtype() + ") for input " + k + " of shape "
                        + Arrays.toString(in.shape()) + " (" + in.dtype() + ")");
            }
            pending.merge(in, gk, Tensor::add);
        }
    }

    /**
     * The Vars that require grad and are reachable from root, each after all of its inputs (depth-first post-order,
     * iterative).
     */
    static List<Var> topologicalOrder(Var root) {
        List<Var> order = new ArrayList<>();
        Set<Var> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Var> stack = new ArrayDeque<>();
        ArrayDeque<int[]> nextInput = new ArrayDeque<>();
        checkNotFreed(root);
        visited.add(root);
        stack.push(root);
        nextInput.push(new int[1]);
        while (!stack.isEmpty()) {
            Var v = stack.peek();
            int[] next = nextInput.peek();
            Var[] inputs = v.inputs();
            if (next[0] < inputs.length) {
                Var in = inputs[next[0]++];
                if (in.requiresGrad() && visited.add(in)) {
                    checkNotFreed(in);
                    stack.push(in);
                    nextInput.push(new int[1]);
                }
            } else {
                stack.pop();
                nextInput.pop();
                order.add(v);
            }
        }
        return order;
    }

    private static void checkNotFreed(Var v) {
        if (v.isFreed()) {
            throw new IllegalStateException("backward: the graph through " + v.name() + " was freed by an earlier"
                    + " backward; call backward(upstream, true) the first time to keep it");
        }
    }
}
