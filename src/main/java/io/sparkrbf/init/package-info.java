/**
 * Starting values for a new network: widths from the spacing of the centers and output
 * weights. Plain Java; choosing the centers themselves needs the data and lives in
 * {@link io.sparkrbf.start}.
 */
package io.sparkrbf.init;
