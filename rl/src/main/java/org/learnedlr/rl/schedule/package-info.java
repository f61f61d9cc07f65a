/**
 * Learning-rate schedules: hand-made ones as pure functions of the step, schedules that observe training, and a thin
 * adapter with PyTorch's habits over both.
 *
 * <p>Why two interfaces: a hand-made schedule ({@link org.learnedlr.rl.schedule.Schedule}) is a pure function
 * {@code lr(step)} — immutable, composable ({@link org.learnedlr.rl.schedule.Warmup} wraps any of them), and safe to
 * evaluate at any step in any order, which is what plots, demonstrations and the environment's conversion of experts
 * into actions need. A schedule that reacts to training
 * ({@link org.learnedlr.rl.schedule.ReduceLROnPlateau}, the learned one) cannot be a function of the step: it is an
 * {@link org.learnedlr.rl.schedule.ObservingSchedule}, fed each step's {@link org.learnedlr.rl.schedule.StepSignals}.
 * Neither touches an optimizer; the training run sets what they return. PyTorch's dual-form, optimizer-mutating
 * schedulers are the design this avoids; {@link org.learnedlr.rl.schedule.LrScheduler} gives back their calling
 * habits (step(), get_last_lr(), state dicts) for users who want them.
 *
 * <p>{@link org.learnedlr.rl.schedule.Experts} has the three experts of the design and
 * {@link org.learnedlr.rl.schedule.Catalog} the comparison set by name. docs/schedules.md gives every formula, default,
 * behaviour past the end and departure from PyTorch and HF.
 */
package org.learnedlr.rl.schedule;
