/**
 * Losses and log-densities as static functions of {@link org.learnedlr.autograd.Var}: cross-entropy from logits,
 * mean squared error, and the diagonal Gaussian that the policies of behavioural cloning and PPO sample from.
 */
package org.learnedlr.nn.loss;
