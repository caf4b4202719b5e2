/**
 * Where a run's parameters start: centers chosen from the training rows (k-means or
 * random rows), widths and output weights for them.
 */
package io.sparkrbf.start;
