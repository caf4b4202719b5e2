package io.sparkrbf.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The training rows of a small data set, counted before Spark starts when that is cheap: LIBSVM
 * or CSV files on the local file system, uncompressed, {@value #MOST_BYTES} bytes at most in all.
 * Lets {@code train} fit the default center count to the data, or refuse a {@code --centers}
 * larger than the rows, in a second instead of after Spark's summary pass; other data sets are
 * counted by that pass.
 */
public final class RowCount {
  /** The most bytes read to count. */
  public static final long MOST_BYTES = 16L << 20;

  private RowCount() {
  }

  /** The rows of {@code spec} (its format decided), or empty when counting them is not cheap. */
  public static OptionalLong ifCheap(InputSpec spec, Configuration conf) {
    InputFormat format = spec.effectiveFormat();
    if (format == InputFormat.PARQUET) {
      return OptionalLong.empty();
    }
    try {
      List<String> files = DataReader.listFiles(spec.path(), conf);
      long bytes = 0;
      for (String file : files) {
        Path p = new Path(file);
        FileSystem fs = p.getFileSystem(conf);
        if (!"file".equals(fs.getScheme()) || new CompressionCodecFactory(conf).getCodec(p) != null) {
          return OptionalLong.empty();
        }
        bytes += fs.getFileStatus(p).getLen();
      }
      if (bytes > MOST_BYTES) {
        return OptionalLong.empty();
      }
      long rows = 0;
      for (String file : files) {
        rows += rows(file, format, spec.csvSeparator(), conf);
      }
      return OptionalLong.of(rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot count the rows of " + spec.path() + ": " + e.getMessage(), e);
    }
  }

  /** The data lines of one file: LIBSVM lines with more than a comment, CSV lines but a header. */
  private static long rows(String file, InputFormat format, char separator, Configuration conf) throws IOException {
    long rows = 0;
    try (BufferedReader r = DataReader.open(file, conf)) {
      String first = r.readLine();
      for (String line = first; line != null; line = r.readLine()) {
        int comment = format == InputFormat.LIBSVM ? line.indexOf('#') : -1;
        if (!(comment >= 0 ? line.substring(0, comment) : line).isBlank()) {
          rows++;
        }
      }
      if (format == InputFormat.CSV && first != null && !first.isBlank() && CsvLineParser.isHeader(first, separator)) {
        rows--;
      }
    }
    return rows;
  }
}
