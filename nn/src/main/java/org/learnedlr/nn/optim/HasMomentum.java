package org.learnedlr.nn.optim;

/**
 * An optimizer with a momentum-like coefficient that a schedule may change between steps: SGD's momentum, Adam's
 * beta1 (what PyTorch's OneCycleLR cycles). Adadelta has none, so it does not implement this.
 */
public interface HasMomentum {

    /** The coefficient of one parameter group. */
    double momentum(int group);

    /** Sets the coefficient of every group (validated for all before any changes). */
    void setMomentum(double momentum);

    /** Sets the coefficient of one group. */
    void setMomentum(int group, double momentum);
}
