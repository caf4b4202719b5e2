/**
 * The options of a training run as one typed, validated record, with the defaults of
 * {@code conf/rbf.properties}; the command line and the Spark ML params both build it.
 * Plain Java, no Spark.
 */
package io.sparkrbf.config;
