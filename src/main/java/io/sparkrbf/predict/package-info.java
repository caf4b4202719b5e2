/** Using a trained model on data: evaluation metrics and predicted probabilities. */
package io.sparkrbf.predict;
