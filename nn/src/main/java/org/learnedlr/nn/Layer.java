package org.learnedlr.nn;

import org.learnedlr.autograd.Var;

/** A module with one input and one output: what {@link Sequential} chains. */
public abstract class Layer extends Module {
    /** Applies the layer. */
    public abstract Var forward(Var x);
}
