/**
 * Distributed training: per-partition aggregation of the blocked kernel's sums, one
 * {@code treeAggregate} per epoch (or per L-BFGS evaluation), the driver's epoch loop for
 * the step rules and its full-batch counterpart for L-BFGS, checkpoints, and the choice of
 * starting centers from the data.
 */
package io.sparkrbf.train;
