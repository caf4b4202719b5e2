package io.sparkrbf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.InputMap;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataReaderIT extends LocalSpark {
  @TempDir
  Path dir;

  private static String lines(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(i % 3).append(" 1:").append(i).append(" 3:").append(i * 0.5).append('\n');
    }
    return sb.toString();
  }

  private List<Double> firstFeature(JavaRDD<ParsedRow> rows) {
    return rows.map(r -> {
      double[] x = new double[3];
      r.densifyInto(x, 0, 3);
      return x[0];
    }).collect();
  }

  private JavaRDD<ParsedRow> read(String path, int partitions) {
    return new DataReader(sc, new InputSpec(path, null, 0, null, partitions), null).read();
  }

  @Test
  void partitionCountIsExactAndRowsKeepInputOrder() throws IOException {
    Path plain = dir.resolve("rows.libsvm");
    Files.writeString(plain, lines(0, 200));
    Path gz = dir.resolve("rows.libsvm.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(lines(0, 200).getBytes(StandardCharsets.UTF_8));
    }
    List<Double> expected = java.util.stream.IntStream.range(0, 200).mapToObj(i -> (double) i).toList();

    for (Path file : List.of(plain, gz)) {
      for (int p : new int[] {1, 2, 4, 7}) {
        JavaRDD<ParsedRow> rows = read(file.toString(), p);
        assertEquals(p, rows.getNumPartitions(), file + " with " + p + " partitions");
        assertEquals(expected, firstFeature(rows), file + " with " + p + " partitions keeps the order");
      }
    }
  }

  @Test
  void directoryIsReadInNameOrderWithLineNumbersPerFile() throws IOException {
    Path data = dir.resolve("parts");
    Files.createDirectory(data);
    Files.writeString(data.resolve("part-0"), lines(0, 10));
    Files.writeString(data.resolve("part-1"), lines(10, 14) + "1 1:oops\n");
    Files.writeString(data.resolve("_SUCCESS"), "");
    Files.writeString(data.resolve(".hidden"), "junk");

    InputFormatException e = InputFormatException.findCause(
        assertThrows(Exception.class, () -> read(data.toString(), 2).count())).orElseThrow();

    assertTrue(e.file().endsWith("parts/part-1"), e.file());
    assertEquals(5, e.line());
    assertEquals("oops", e.token());

    Files.writeString(data.resolve("part-1"), lines(10, 14));
    assertEquals(java.util.stream.IntStream.range(0, 14).mapToObj(i -> (double) i).toList(),
        firstFeature(read(data.toString(), 3)));
  }

  @Test
  void csvSkipsTheHeaderAndCountsItsLine() throws IOException {
    Path csv = dir.resolve("d.csv");
    Files.writeString(csv, "y,a,b\n0,1,2\n1,3,4\n");
    List<ParsedRow> good = read(csv.toString(), 2).collect();
    Files.writeString(csv, "y,a,b\n0,1,2\n1,3,4\n2,5,bad\n");

    InputFormatException e = InputFormatException.findCause(assertThrows(Exception.class,
        () -> read(csv.toString(), 2).count())).orElseThrow();

    assertEquals(2, good.size());
    assertEquals(4, e.line());
    assertEquals("bad", e.token());
    InputFormatException width = assertThrows(InputFormatException.class,
        () -> new DataReader(sc, new InputSpec(csv.toString(), null, 3, null, 0), null).read());
    assertEquals(csv + ":1: the header has 2 feature columns, expected 3", width.getMessage());
  }

  @Test
  void csvWithoutHeaderReadsLineOneAsData() throws IOException {
    Path headed = dir.resolve("headed.csv");
    Path bare = dir.resolve("bare.csv");
    Files.writeString(headed, "y,a,b\n0,1,2\n1,3.5,-4\n2,5,6\n");
    Files.writeString(bare, "0,1,2\n1,3.5,-4\n2,5,6\n");

    List<ParsedRow> withHeader = read(headed.toString(), 2).collect();
    List<ParsedRow> without = read(bare.toString(), 2).collect();

    assertEquals(3, without.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(withHeader.get(i).label(), without.get(i).label());
      double[] a = new double[2];
      double[] b = new double[2];
      withHeader.get(i).densifyInto(a, 0, 2);
      without.get(i).densifyInto(b, 0, 2);
      assertArrayEquals(a, b);
    }
    Files.writeString(bare, "0,1,2\n1,3.5\n");
    InputFormatException e = InputFormatException.findCause(assertThrows(Exception.class,
        () -> read(bare.toString(), 2).count())).orElseThrow();
    assertEquals(bare + ":2: row has 2 fields, line 1 has 3 (token '1,3.5')", e.getMessage());
  }

  @Test
  void readFailuresNameTheFileAndHowFarReadingGot() throws IOException {
    byte[] gzipped;
    try (var bytes = new java.io.ByteArrayOutputStream(); OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(lines(0, 2000).getBytes(StandardCharsets.UTF_8));
      out.close();
      gzipped = bytes.toByteArray();
    }
    Path gz = dir.resolve("cut.libsvm.gz");
    Files.write(gz, java.util.Arrays.copyOf(gzipped, gzipped.length / 2));
    // bzip2 is splittable: four splits, so zipWithIndex counts the first ones in a job of its own
    var bzip2 = new org.apache.hadoop.io.compress.BZip2Codec();
    bzip2.setConf(sc.hadoopConfiguration());
    var bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = bzip2.createOutputStream(bytes)) {
      out.write(lines(0, 100_000).getBytes(StandardCharsets.UTF_8));
    }
    Path bz2 = dir.resolve("cut.libsvm.bz2");
    Files.write(bz2, java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2));

    InputFormatException truncated = InputFormatException.findCause(assertThrows(Exception.class,
        () -> read(gz.toString(), 0).count())).orElseThrow();
    InputFormatException split = InputFormatException.findCause(assertThrows(Exception.class,
        () -> read(bz2.toString(), 4).count())).orElseThrow();

    assertTrue(truncated.getMessage().matches(java.util.regex.Pattern.quote(gz.toString())
        + ": read failed after line \\d+: .*\\(EOFException\\)"), truncated.getMessage());
    assertTrue(split.getMessage().startsWith(bz2 + ": read failed"), split.getMessage());
  }

  @Test
  void missingPathIsAnError() {
    InputFormatException e = assertThrows(InputFormatException.class, () -> read(dir.resolve("none").toString(), 1));
    assertEquals(dir.resolve("none") + ": no such file or directory", e.getMessage());
  }

  @Test
  void blocksHoldTheScaledRowsInOrder() throws IOException {
    Path plain = dir.resolve("rows.libsvm");
    Files.writeString(plain, lines(0, 25));
    Standardization scaling = new Standardization(ScalingMode.ZSCORE, new double[] {1, 0, 2}, new double[] {2, 1, 4});
    LabelIndex labels = new LabelIndex(new double[] {0, 1, 2});

    DataReader reader = new DataReader(sc, new InputSpec(plain.toString(), null, 0, null, 1), null);
    List<Block> blocks = Blockifier.toBlocks(reader, new InputMap(3, scaling, null), labels, 4, Precision.DOUBLE).collect();

    int row = 0;
    for (Block b : blocks) {
      assertTrue(b.rows() <= 4);
      for (int i = 0; i < b.rows(); i++, row++) {
        double[] expected = {(row - 1) / 2.0, 0, (row * 0.5 - 2) / 4.0};
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(b.features(), i * 3, i * 3 + 3), 1e-15);
        assertEquals(row % 3, b.labels()[i]);
        assertEquals(expected[0] * expected[0] + expected[2] * expected[2], b.squaredNorms()[i], 1e-15);
      }
    }
    assertEquals(25, row);
    assertEquals(7, blocks.size(), "25 rows in one partition give six blocks of 4 and one of 1");
  }
}
