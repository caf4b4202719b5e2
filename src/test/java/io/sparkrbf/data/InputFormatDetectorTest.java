package io.sparkrbf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the content and the file names say about a data set's format, and its rows counted before Spark starts. */
class InputFormatDetectorTest {
  private static final Configuration CONF = new Configuration();

  @TempDir
  Path dir;

  private String file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content).toString();
  }

  @Test
  void theFirstDataLineSaysLibsvmOrCsv() throws IOException {
    assertEquals(InputFormat.CSV, InputFormatDetector.byContent(file("a.txt", "x,y,label\n1,2,a\n"), CONF));
    assertEquals(InputFormat.CSV, InputFormatDetector.byContent(file("b.txt", "x;y;label\n"), CONF));
    assertEquals(InputFormat.CSV, InputFormatDetector.byContent(file("c.txt", "1\t2\t3\n"), CONF));
    assertEquals(InputFormat.LIBSVM, InputFormatDetector.byContent(file("d.txt", "# c\n\n1 1:0.5 3:2\n"), CONF));
    assertEquals(InputFormat.LIBSVM, InputFormatDetector.byContent(file("e.txt", "1:0.5 3:2\n"), CONF),
        "predict's lines without a label");
    assertEquals(InputFormat.LIBSVM, InputFormatDetector.byContent(file("f.txt", "1 7\n"), CONF),
        "a broken LIBSVM line without a CSV separator stays LIBSVM, whose error then names the token");
  }

  @Test
  void parquetIsKnownByItsMagicBytes() throws IOException {
    Path p = dir.resolve("part-0");
    Files.write(p, "PAR1\u0000\u0001rest".getBytes(StandardCharsets.ISO_8859_1));

    assertEquals(InputFormat.PARQUET, InputFormatDetector.byContent(p.toString(), CONF));
  }

  @Test
  void aFoldersFilesSayTheFormatWhenTheyAgree() throws IOException {
    Files.createDirectories(dir.resolve("parts"));
    Files.writeString(dir.resolve("parts/a.csv"), "x,label\n");
    Files.writeString(dir.resolve("parts/b.csv"), "x,label\n");
    Files.createDirectories(dir.resolve("mixed"));
    Files.writeString(dir.resolve("mixed/a.csv"), "x,label\n");
    Files.writeString(dir.resolve("mixed/b.libsvm"), "1 1:2\n");

    assertEquals(InputFormat.CSV, InputFormatDetector.byFileNames(dir.resolve("parts").toString(), CONF));
    assertNull(InputFormatDetector.byFileNames(dir.resolve("mixed").toString(), CONF));
  }

  @Test
  void smallLocalTextFilesAreCountedBeforeSparkStarts() throws IOException {
    String libsvm = file("a.libsvm", "# header comment\n1 1:2\n\n0 2:1 # a row\n1 1:1\n");
    String csv = file("b.csv", "x,label\n1,a\n\n2,b\n");
    String headerless = file("c.csv", "1,2\n3,4\n5,6\n");
    String semicolons = file("d.csv", "x;label\n1;a\n");

    assertEquals(OptionalLong.of(3), RowCount.ifCheap(spec(libsvm, InputFormat.LIBSVM, ','), CONF));
    assertEquals(OptionalLong.of(2), RowCount.ifCheap(spec(csv, InputFormat.CSV, ','), CONF), "the header is no row");
    assertEquals(OptionalLong.of(3), RowCount.ifCheap(spec(headerless, InputFormat.CSV, ','), CONF));
    assertEquals(OptionalLong.of(1), RowCount.ifCheap(spec(semicolons, InputFormat.CSV, ';'), CONF));
  }

  @Test
  void compressedLargeOrParquetDataIsLeftToSpark() throws IOException {
    Path gz = dir.resolve("a.libsvm.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("1 1:2\n".getBytes(StandardCharsets.UTF_8));
    }
    Path large = dir.resolve("large.libsvm");
    Files.write(large, new byte[(int) RowCount.MOST_BYTES + 1]);

    assertEquals(OptionalLong.empty(), RowCount.ifCheap(spec(gz.toString(), InputFormat.LIBSVM, ','), CONF));
    assertEquals(OptionalLong.empty(), RowCount.ifCheap(spec(large.toString(), InputFormat.LIBSVM, ','), CONF));
    assertEquals(OptionalLong.empty(), RowCount.ifCheap(spec(file("p.parquet", "PAR1"), InputFormat.PARQUET, ','),
        CONF));
  }

  private static InputSpec spec(String path, InputFormat format, char separator) {
    return new InputSpec(path, format, 0, null, 0, List.of(), List.of(), separator);
  }
}
