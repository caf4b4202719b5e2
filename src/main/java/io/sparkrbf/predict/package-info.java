/**
 * Using a trained model on data: evaluation metrics, and {@code predict}'s scoring of data of
 * any size into a folder the executors write, with what identifies each row.
 */
package io.sparkrbf.predict;
