/**
 * Distributed training on cached blocks: the loss and gradient sums of the blocked kernel
 * per partition, one aggregation per evaluation ({@link io.sparkrbf.train.DistributedLoss}, through
 * {@link io.sparkrbf.aggregate.WideSum}), the function every optimizer minimizes, and the driver's one epoch loop
 * ({@link io.sparkrbf.train.EpochLoop}) that the step rules ({@link io.sparkrbf.train.StepRule})
 * and L-BFGS (package {@code lbfgs}) plug into. It reads no input and writes no file: the
 * data package makes the blocks, the checkpoint package stores the states it hands out.
 */
package io.sparkrbf.train;
