/**
 * Models that leave Spark: the whole scoring path of a trained model (input scaling,
 * projection, Gaussian layer, linear layer, softmax, label) written as a standard ONNX graph
 * that any ONNX runtime can serve. Plain Java over the model; files are written atomically
 * through {@code persist}.
 */
package io.sparkrbf.export;
