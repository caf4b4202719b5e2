/**
 * Input data: LIBSVM and CSV parsing with file/line/token errors, reading through Spark
 * from any Hadoop file system, the label set, summary statistics and scaling, and the
 * dense blocks the kernel works on.
 */
package io.sparkrbf.data;
