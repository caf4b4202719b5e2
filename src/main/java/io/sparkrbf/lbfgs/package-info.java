/**
 * The adapter between Breeze's full-batch L-BFGS and the distributed training objective:
 * the search space (widths as log beta) and the function it minimizes.
 */
package io.sparkrbf.lbfgs;
