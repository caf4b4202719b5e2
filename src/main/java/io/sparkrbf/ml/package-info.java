/**
 * The Spark ML API: {@link io.sparkrbf.ml.RbfClassifier}, an Estimator that fits with the
 * same distributed trainer as the command line, and {@link io.sparkrbf.ml.RbfClassificationModel},
 * its Transformer, both savable in Pipelines and convertible to the command line's JSON model file.
 */
package io.sparkrbf.ml;
