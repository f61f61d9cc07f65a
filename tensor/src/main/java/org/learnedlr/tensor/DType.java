package org.learnedlr.tensor;

/**
 * Element types. FLOAT32 is the working type everywhere; FLOAT64 exists on the CPU backend so that gradient checks
 * can use central differences in double precision; INT32 holds indices (labels, argmax results, gather indices) and
 * supports only creation, copies, views, casts and use as an index.
 */
public enum DType {
    FLOAT32(4),
    FLOAT64(8),
    INT32(4);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for the two floating-point types, on which arithmetic is defined. */
    public boolean isFloating() {
        return this != INT32;
    }
}
