/**
 * Distributed training: per-partition aggregation of the blocked kernel's sums, one
 * {@code treeAggregate} per epoch, the driver's epoch loop, and the choice of starting
 * centers from the data.
 */
package io.sparkrbf.train;
