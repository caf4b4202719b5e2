package io.sparkrbf.data;

import io.sparkrbf.config.OptionException;
import java.io.Serializable;

/**
 * Where a data set is and how to read it, as the user gave it.
 *
 * @param path a file, a directory or a glob, on any Hadoop file system
 * @param format LIBSVM or CSV; null picks by the file extension
 * @param numFeatures D; 0 infers it from the data (LIBSVM) or the header (CSV)
 * @param labelCol the CSV label column; null means the first column
 * @param partitions partitions to spread the rows over; 0 keeps Spark's input splits
 */
public record InputSpec(String path, InputFormat format, int numFeatures, String labelCol, int partitions)
    implements Serializable {

  public InputSpec {
    if (path == null || path.isBlank()) {
      throw new OptionException("no input path given");
    }
    if (numFeatures < 0) {
      throw new OptionException("--num-features must be >= 1, got " + numFeatures);
    }
    if (partitions < 0) {
      throw new OptionException("--partitions must be >= 1, got " + partitions);
    }
  }

  /** The format to read: the given one, else by the file extension. */
  public InputFormat effectiveFormat() {
    return format != null ? format : InputFormat.fromPath(path);
  }

  /** The same input read with a known number of features. */
  public InputSpec withNumFeatures(int d) {
    return new InputSpec(path, format, d, labelCol, partitions);
  }

  /** Another data set read the same way. */
  public InputSpec withPath(String otherPath) {
    return new InputSpec(otherPath, format, numFeatures, labelCol, partitions);
  }
}
