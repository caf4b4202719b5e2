/** Small numerical building blocks shared by the data statistics and the gradient aggregation. */
package io.sparkrbf.numeric;
