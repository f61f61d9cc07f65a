/**
 * Proximal policy optimisation in CleanRL's shape — one documented configuration
 * ({@link org.learnedlr.rl.ppo.PpoConfig}), one linear loop ({@link org.learnedlr.rl.ppo.PpoTrainer}), loss terms
 * named as in the paper ({@link org.learnedlr.rl.ppo.PpoLosses}) — over any {@link org.learnedlr.rl.policy.Agent}.
 *
 * <p>Why episodes are pure functions: a trainee run is the expensive part, so episodes run several at a time, and
 * purity (a private copy of the weights, the configuration, a seed) makes that safe, makes the result independent of
 * the thread count, and makes resuming exact: every iteration's generator is seeded by (seed, iteration), so a
 * checkpoint needs no RNG state and a resumed run equals an uninterrupted one bit for bit.
 *
 * <p>Why the BC -> PPO recipe (critic warm-up, a slow and ramped actor, a decaying KL to the starting policy,
 * target_kl): a single bad LR decision can ruin a trainee run, and a randomly initialised critic's early advantages
 * are noise; docs/ppo.md explains each piece.
 */
package org.learnedlr.rl.ppo;
