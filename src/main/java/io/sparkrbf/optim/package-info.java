/**
 * Update rules (gradient descent, momentum, Adam) and learning-rate schedules over the
 * flat parameter vector, and full-batch L-BFGS ({@link io.sparkrbf.optim.Lbfgs}, Breeze's)
 * over any {@link io.sparkrbf.optim.DifferentiableFunction}. Plain Java, no Spark: the
 * driver calls a rule once per update (per epoch, or per mini-batch) with the aggregated
 * gradient, and L-BFGS calls the function, whose every evaluation is one distributed pass.
 */
package io.sparkrbf.optim;
