package io.sparkrbf.predict;

import io.sparkrbf.config.OptionException;

/**
 * Where and how {@code predict} writes.
 *
 * @param path a folder of part files, or with {@code singleFile} one CSV file; on any Hadoop file system
 * @param format the folder's format, or null for the default: Parquet, or CSV for a single file
 * @param singleFile one CSV file streamed through the driver, for small outputs
 * @param rawScores whether the logits are written too
 * @param overwrite whether an existing output is replaced
 */
public record PredictionOutput(String path, OutputFormat format, boolean singleFile, boolean rawScores,
                               boolean overwrite) {
  public PredictionOutput {
    if (format == null) {
      format = singleFile ? OutputFormat.CSV : OutputFormat.PARQUET;
    }
    if (singleFile && format != OutputFormat.CSV) {
      throw new OptionException("--single-file writes one CSV file, but --output-format is " + format.id()
          + ": leave --single-file out for a folder of " + format.id() + " files");
    }
  }
}
