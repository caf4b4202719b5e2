/**
 * The trained classifier as users hold it: parameters, class labels (and the label index
 * that maps them to class ids), input scaling and provenance. Plain Java, no Spark.
 */
package io.sparkrbf.model;
