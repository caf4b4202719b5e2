/**
 * The numerical core: the RBF network's parameter layout and the blocked BLAS kernel
 * that computes loss, accuracy and gradients over stacked rows. Plain Java, no Spark,
 * so it can be tested against finite differences and benchmarked on its own.
 */
package io.sparkrbf.kernel;
