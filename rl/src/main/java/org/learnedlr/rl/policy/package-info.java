/**
 * The learned scheduler's policy: a transformer actor ({@link org.learnedlr.rl.policy.TransformerPolicy}) and critic
 * ({@link org.learnedlr.rl.policy.TransformerCritic}) over the 33 tokens of an observation, and the
 * {@link org.learnedlr.rl.policy.Agent} interface through which PPO trains it (and the baseline's MLP pair).
 *
 * <p>Why a summary token rather than pooling: the globals (left-step fraction, current LR, base LR, optimizer) are
 * what the first decision has to act on, on an empty window; as token 0, never masked, they are always attended to,
 * every query has a key, and its output is the natural place to read the decision from. Why patches: one token per
 * step would cost about 60x more per decision (DESIGN.md section 3).
 *
 * <p>Why the policy saves its observation layout and action space: an embedded scheduler that rebuilt the
 * observation with another window, bucket count or K would feed the network inputs it never saw, silently.
 * {@link org.learnedlr.rl.policy.PolicyIO} makes the policy self-describing and refuses a mismatched directory.
 * docs/policy.md has the architecture, parameter count and decision cost.
 */
package org.learnedlr.rl.policy;
