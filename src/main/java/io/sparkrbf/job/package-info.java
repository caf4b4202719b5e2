/**
 * One training run from input files to a model: the data it reads and caches, where it
 * starts, the epoch loop, and the model with its provenance.
 */
package io.sparkrbf.job;
