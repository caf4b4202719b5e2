/**
 * The numerical core: the RBF network's parameter layout, the dense blocks of rows it
 * works on, and the blocked BLAS kernel that computes loss, accuracy and gradients over
 * them. Plain Java, no Spark, so it can be tested against finite differences and
 * benchmarked on its own.
 */
package io.sparkrbf.kernel;
