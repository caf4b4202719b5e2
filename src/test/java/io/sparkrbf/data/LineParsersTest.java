package io.sparkrbf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.model.LabelIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineParsersTest {
  private static double[] dense(ParsedRow row, int d) {
    double[] x = new double[d];
    row.densifyInto(x, 0, d);
    return x;
  }

  @Test
  void libsvmReadsTabsCommentsAndSparseValues() {
    LibsvmLineParser p = new LibsvmLineParser("f.libsvm", 0, null);

    ParsedRow row = p.parse("3\t1:0.5   4:-2e3 # trailing note", 7, 42);

    assertEquals(3.0, row.label());
    assertEquals(42, row.ordinal());
    assertEquals(4, row.width());
    assertArrayEquals(new double[] {0.5, 0, 0, -2000}, dense(row, 4), 0.0);
    assertNull(p.parse("   ", 8, 43));
    assertNull(p.parse("# a comment", 9, 44));
    assertEquals(0, p.parse("1", 10, 45).width(), "a row without features is all zeros");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "1 1:abc|abc|feature value is not a number",
      "1 0:3|0:3|feature index must be >= 1",
      "1 2:1 2:3|2:3|feature indices must increase",
      "1 x:3|x:3|feature index is not an integer",
      "1 7|7|expected index:value",
      "1 1:NaN|NaN|feature value must be a finite number",
      "1 1:-Infinity|-Infinity|feature value must be a finite number",
      "nan 1:1|nan|label is not a number",
      "1 5:1|5:1|feature index exceeds the number of features 4",
      "9 1:1|9|label 9 is not one of the model's classes [0, 1, 2.5]"})
  void libsvmErrorsNameFileLineAndToken(String line, String token, String problem) {
    LibsvmLineParser p = new LibsvmLineParser("data/f.libsvm", 4, new LabelIndex(new double[] {0, 1, 2.5}));

    InputFormatException e = assertThrows(InputFormatException.class, () -> p.parse(line, 12, 0));

    assertEquals("data/f.libsvm", e.file());
    assertEquals(12, e.line());
    assertEquals(token, e.token());
    assertEquals("data/f.libsvm:12: " + problem + " (token '" + token + "')", e.getMessage());
  }

  @Test
  void csvTakesTheNamedLabelColumnAndQuotedFields() {
    CsvLineParser p = CsvLineParser.fromFirstLine("f.csv", "a, \"class\" ,b", "class", null);

    ParsedRow row = p.parse(" 1.5,\"2\", -3", 2, 1);

    assertEquals(2, p.numFeatures());
    assertEquals(java.util.List.of("a", "b"), p.featureNames());
    assertEquals(2.0, row.label());
    assertArrayEquals(new double[] {1.5, -3}, dense(row, 2), 0.0);
    assertNull(p.parse("", 3, 2));
  }

  @Test
  void csvErrorsNameFileLineAndToken() {
    CsvLineParser p = CsvLineParser.fromFirstLine("f.csv", "label,a,b", null, null);

    assertEquals("f.csv:4: row has 2 fields, the header has 3 (token '1,2')",
        assertThrows(InputFormatException.class, () -> p.parse("1,2", 4, 0)).getMessage());
    assertEquals("f.csv:5: value of column 'b' is not a number (token 'x')",
        assertThrows(InputFormatException.class, () -> p.parse("1,2,x", 5, 0)).getMessage());
    assertEquals("f.csv:6: missing label (token '')",
        assertThrows(InputFormatException.class, () -> p.parse(",2,3", 6, 0)).getMessage());
    assertEquals("f.csv:1: no column named 'y' in the CSV header [label, a, b] (token 'y')",
        assertThrows(InputFormatException.class, () -> CsvLineParser.fromFirstLine("f.csv", "label,a,b", "y", null))
            .getMessage());
    assertTrue(assertThrows(InputFormatException.class, () -> CsvLineParser.fromFirstLine("f.csv", "a,b,a", null, null))
        .getMessage().contains("duplicate column name"));
  }

  @Test
  void csvWhoseFirstLineIsAllNumbersHasNoHeader() {
    CsvLineParser p = CsvLineParser.fromFirstLine("f.csv", "1, 0.5, -2", null, null);

    assertFalse(p.hasHeader());
    assertEquals(java.util.List.of("column 2", "column 3"), p.featureNames());
    assertEquals(1.0, p.parse("1, 0.5, -2", 1, 0).label());
    assertTrue(CsvLineParser.fromFirstLine("f.csv", "label,a,b", null, null).hasHeader());
    assertEquals("f.csv:1: the file has no CSV header (its first line is all numbers), so no column is named "
        + "'y'; the label is the first column (token 'y')",
        assertThrows(InputFormatException.class, () -> CsvLineParser.fromFirstLine("f.csv", "1,2,3", "y", null))
            .getMessage());
  }

  @Test
  void labelIndexNumbersClassesInIncreasingOrder() {
    LabelIndex labels = new LabelIndex(new double[] {-1, 0, 2.5});

    assertEquals(1, labels.classOf(-0.0));
    assertEquals(2, labels.classOf(2.5));
    assertEquals(-1, labels.classOf(1));
    assertEquals(-1.0, labels.labelOf(0));
    assertEquals("[-1, 0, 2.5]", labels.toString());
    assertThrows(IllegalArgumentException.class, () -> new LabelIndex(new double[] {1, 1}));
  }

  @Test
  void formatFollowsTheFileExtension() {
    assertEquals(InputFormat.CSV, InputFormat.fromPath("s3a://b/x.CSV.gz"));
    assertEquals(InputFormat.LIBSVM, InputFormat.fromPath("x.libsvm.gz"));
    assertEquals(InputFormat.PARQUET, InputFormat.fromPath("hdfs:///data/train.parquet/"));
    assertEquals(InputFormat.CSV, InputFormat.parse("csv"));
    assertEquals(InputFormat.PARQUET, InputFormat.parse("parquet"));
    assertThrows(IllegalArgumentException.class, () -> InputFormat.parse("orc"));
  }
}
