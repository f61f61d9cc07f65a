/**
 * Parameter initialisers with PyTorch's formulas (torch.nn.init): Kaiming, Xavier, orthogonal (QR by EJML),
 * constants and plain distributions, and the defaults of nn.Linear and nn.Conv2d. Every random initialiser takes
 * the {@link org.learnedlr.tensor.Rng} it draws from, so a model's initial weights are a function of its seed.
 */
package org.learnedlr.nn.init;
