/**
 * The trained classifier as users hold it: parameters, class labels, input scaling and
 * provenance.
 */
package io.sparkrbf.model;
