package io.sparkrbf.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The format of a data set whose name does not say it ({@code .txt}, {@code .data}, no
 * extension): the names of its files when they all say the same ({@link #byFileNames}, a folder of
 * {@code .csv} parts), else the content of its first file ({@link #byContent}): Parquet by its
 * magic bytes {@code PAR1}, CSV when the first data line has a comma, semicolon, tab or
 * {@code |} and is not LIBSVM's {@code label index:value ...}, else LIBSVM. Read before Spark
 * starts, a few bytes and lines of one file.
 */
public final class InputFormatDetector {
  private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};
  private static final Pattern CSV_SEPARATOR = Pattern.compile("[,;\t|]");
  private static final Pattern LIBSVM_LINE = Pattern.compile("\\s*(\\S+\\s+)?\\d+:\\S+(\\s+\\d+:\\S+)*\\s*(#.*)?");
  private static final int LINES_LOOKED_AT = 100;

  private InputFormatDetector() {
  }

  /** The format every file at {@code path} (a directory or a glob) is named for, or null when they do not agree. */
  public static InputFormat byFileNames(String path, Configuration conf) {
    List<InputFormat> named = DataReader.listFiles(path, conf).stream().map(InputFormat::byExtension).distinct()
        .toList();
    return named.size() == 1 ? named.get(0) : null;
  }

  /** The format of the first file at {@code path} (a file, a directory or a glob), by its content. */
  public static InputFormat byContent(String path, Configuration conf) {
    String file = DataReader.listFiles(path, conf).get(0);
    try {
      return startsWithParquetMagic(file, conf) ? InputFormat.PARQUET : byFirstDataLine(file, conf);
    } catch (IOException e) {
      throw new InputFormatException(file, 0, null, "cannot read the file to tell its format: " + e.getMessage(), e);
    }
  }

  private static boolean startsWithParquetMagic(String file, Configuration conf) throws IOException {
    Path p = new Path(file);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      byte[] head = in.readNBytes(PARQUET_MAGIC.length);
      return Arrays.equals(head, PARQUET_MAGIC);
    }
  }

  private static InputFormat byFirstDataLine(String file, Configuration conf) throws IOException {
    try (BufferedReader r = DataReader.open(file, conf)) {
      for (int i = 0; i < LINES_LOOKED_AT; i++) {
        String line = r.readLine();
        if (line == null) {
          break;
        }
        if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
          return LIBSVM_LINE.matcher(line).matches() || !CSV_SEPARATOR.matcher(line).find() ? InputFormat.LIBSVM
              : InputFormat.CSV;
        }
      }
      return InputFormat.LIBSVM;
    }
  }
}
