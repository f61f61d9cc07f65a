package org.learnedlr.tensor.conformance;

/**
 * The backend conformance suite (DESIGN.md section 2): one set of tests, written against the {@link
 * org.learnedlr.tensor.Backend} interface through {@link org.learnedlr.tensor.Tensor}'s public methods, that every
 * backend must pass for each floating dtype it supports. A backend's test subclasses this and supplies
 * {@link #backend()}; it may relax {@link #tolerance(org.learnedlr.tensor.DType)} and
 * {@link #tolerance(org.learnedlr.tensor.DType, long)} (and must say why).
 *
 * <p>The tests live in a chain of abstract classes, one concern each, so that no file grows past a few hundred
 * lines: {@link ConformanceBase} (fixture, tolerances, comparisons), {@link ElementwiseConformance},
 * {@link ReductionConformance}, {@link MatmulConformance}, {@link IndexingConformance}. The oracle is
 * {@link Reference}, a naive double-precision implementation, and EJML for matrix products.
 */
public abstract class BackendConformanceSuite extends IndexingConformance {
}
