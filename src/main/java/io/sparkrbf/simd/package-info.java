/**
 * The element-wise passes of the block kernel (distances to Gaussian activations, the
 * backward {@code H = G .* Phi .* 2 beta} with its column sums, exponentials of whole
 * arrays) in SIMD lanes through the JDK Vector API ({@code jdk.incubator.vector}), with a
 * scalar fallback chosen once per JVM when the module is not there. At tens of features
 * these passes, not the matrix products, bound the kernel; a vectorized exponential with a
 * stated error bound is what makes them fast. Plain Java, no Spark; only
 * {@link io.sparkrbf.simd.VectorPasses} and {@link io.sparkrbf.simd.VectorExp} touch the
 * incubator module, so nothing else fails to link without it.
 */
package io.sparkrbf.simd;
