/**
 * The Subramanian et al. 2023 baseline: PPO from a random CleanRL 64-64 tanh actor-critic with running observation
 * normalisation, on the environment's Subramanian formulation, trained by the same
 * {@link org.learnedlr.rl.ppo.PpoTrainer} as the learned scheduler so that only the method differs, for a budget of
 * trainee steps matched to one BC + PPO policy.
 */
package org.learnedlr.rl.baseline;
