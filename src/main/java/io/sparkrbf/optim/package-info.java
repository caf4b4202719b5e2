/**
 * Update rules (gradient descent, momentum, Adam) and learning-rate schedules over the
 * flat parameter vector. Plain Java, no Spark: the driver calls them once per update
 * (per epoch, or per mini-batch) with the aggregated gradient.
 */
package io.sparkrbf.optim;
