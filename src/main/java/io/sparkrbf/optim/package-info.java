/**
 * Update rules (gradient descent, momentum, Adam) over the flat parameter vector. Plain
 * Java, no Spark: the driver calls them once per epoch with the aggregated gradient.
 */
package io.sparkrbf.optim;
