/**
 * Input data: LIBSVM, CSV and Parquet read through Spark from any Hadoop file system with
 * file/line/token errors, summary statistics, the dense blocks the kernel works on, and
 * the data of one training run ({@link io.sparkrbf.data.TrainingData}), which owns what
 * the run caches.
 */
package io.sparkrbf.data;
