/**
 * Behavioural cloning of the experts: the actor's mean is fitted by MSE to the recorded actions, on observations
 * rebuilt from the demonstrations' raw signals by the same ObservationBuilder the environment uses.
 *
 * <p>Why MSE with a fixed log-std: the experts are deterministic, so a likelihood fit would drive the log-std to
 * minus infinity; with the log-std held fixed the Gaussian likelihood's gradient on the mean is the MSE's, scaled.
 * PPO then sets the log-std to its exploration level. Why a held-out split of episodes rather than decisions:
 * consecutive decisions of one run are nearly identical, so a decision-level split would measure memorisation.
 */
package org.learnedlr.rl.bc;
