/**
 * Small numerical building blocks: compensated sums (merges that do not depend on their
 * order) and seeded per-row hashes (samples that do not depend on the partitioning). Plain
 * Java, no Spark.
 */
package io.sparkrbf.numeric;
