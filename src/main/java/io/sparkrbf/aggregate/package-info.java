/**
 * Summing wide per-partition arrays across a cluster: one {@code double[]} per partition (a
 * gradient of millions of values), added up so that what the driver collects stays inside
 * {@code spark.driver.maxResultSize} whatever the partition count. {@link io.sparkrbf.aggregate.AggregationPlan}
 * (plain Java) chooses the depth and the slicing from the partition count, the array length and
 * the driver's limit; {@link io.sparkrbf.aggregate.WideSum} runs it on Spark, merging with
 * compensated sums so the result does not depend on Spark's merge order.
 */
package io.sparkrbf.aggregate;
