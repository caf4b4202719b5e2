package io.sparkrbf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.model.LabelIndex;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineParsersTest {
  private static InputSpec spec(String labelCol) {
    return new InputSpec("f.csv", InputFormat.CSV, 0, labelCol, 0);
  }

  private static InputSpec selecting(String labelCol, List<String> featureCols, List<String> ignoreCols) {
    return new InputSpec("f.csv", InputFormat.CSV, 0, labelCol, 0, featureCols, ignoreCols);
  }

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
    CsvLineParser p = CsvLineParser.fromFirstLine("f.csv", "a, \"class\" ,b", spec("class"), null);

    ParsedRow row = p.parse(" 1.5,\"2\", -3", 2, 1);

    assertEquals(2, p.numFeatures());
    assertEquals(java.util.List.of("a", "b"), p.featureNames());
    assertEquals(2.0, row.label());
    assertArrayEquals(new double[] {1.5, -3}, dense(row, 2), 0.0);
    assertNull(p.parse("", 3, 2));
  }

  @Test
  void csvErrorsNameFileLineAndToken() {
    CsvLineParser p = CsvLineParser.fromFirstLine("f.csv", "label,a,b", spec(null), null);

    assertEquals("f.csv:4: row has 2 fields, the header has 3 (token '1,2')",
        assertThrows(InputFormatException.class, () -> p.parse("1,2", 4, 0)).getMessage());
    assertEquals("f.csv:5: value of column 'b' is not a number (token 'x')",
        assertThrows(InputFormatException.class, () -> p.parse("1,2,x", 5, 0)).getMessage());
    assertEquals("f.csv:6: missing label (token '')",
        assertThrows(InputFormatException.class, () -> p.parse(",2,3", 6, 0)).getMessage());
    assertEquals("f.csv:1: no column named 'y' in the CSV header [label, a, b] (token 'y')",
        assertThrows(InputFormatException.class,
            () -> CsvLineParser.fromFirstLine("f.csv", "label,a,b", spec("y"), null))
            .getMessage());
    assertTrue(assertThrows(InputFormatException.class,
        () -> CsvLineParser.fromFirstLine("f.csv", "a,b,a", spec(null), null)).getMessage()
        .contains("duplicate column name"));
  }

  @Test
  void csvWhoseFirstLineIsAllNumbersHasNoHeader() {
    CsvLineParser p = CsvLineParser.fromFirstLine("f.csv", "1, 0.5, -2", spec(null), null);

    assertFalse(p.hasHeader());
    assertEquals(java.util.List.of("column 2", "column 3"), p.featureNames());
    assertEquals(1.0, p.parse("1, 0.5, -2", 1, 0).label());
    assertTrue(CsvLineParser.fromFirstLine("f.csv", "label,a,b", spec(null), null).hasHeader());
    assertEquals("f.csv:1: the file has no CSV header (its first line is all numbers), so no column is named "
        + "'y'; the label is the first column (token 'y')",
        assertThrows(InputFormatException.class, () -> CsvLineParser.fromFirstLine("f.csv", "1,2,3", spec("y"), null))
            .getMessage());
  }

  @Test
  void csvLabelsKeepTheirTextOneSharedStringPerClassForTheSummaryToDecide() {
    CsvLineParser p = CsvLineParser.fromFirstLine("f.csv", "a,species", spec("species"), null);

    ParsedRow setosa = p.parse("1,setosa", 2, 0);
    ParsedRow again = p.parse("2, setosa", 3, 1);
    ParsedRow one = p.parse("3,1.0", 4, 2);

    assertTrue(Double.isNaN(setosa.label()), "not a number");
    assertEquals("setosa", setosa.labelName());
    assertSame(setosa.labelName(), again.labelName(), "cached rows share the class's text");
    assertEquals(1.0, one.label());
    assertEquals("1.0", one.labelName(), "the exact text, should the column turn out to hold names");
    assertTrue(Double.isNaN(p.parse("4,NaN", 5, 3).label()), "a label that is not finite is a name");
  }

  @Test
  void labelsForAModelAreItsNamesOrItsNumbers() {
    LabelIndex names = LabelIndex.named(List.of("setosa", "versicolor"));
    CsvLineParser named = CsvLineParser.fromFirstLine("f.csv", "a,species", spec("species"), names);
    CsvLineParser numbered = CsvLineParser.fromFirstLine("f.csv", "a,label", spec("label"),
        new LabelIndex(new double[] {0, 1}));

    assertEquals(1, named.parse("1,versicolor", 2, 0).classIn(names));
    assertEquals("f.csv:3: label virginica is not one of the model's classes [setosa, versicolor] (token 'virginica')",
        assertThrows(InputFormatException.class, () -> named.parse("1,virginica", 3, 0)).getMessage());
    assertEquals("f.csv:4: label 1.0 is not one of the model's classes [setosa, versicolor] (token '1.0')",
        assertThrows(InputFormatException.class, () -> named.parse("1,1.0", 4, 0)).getMessage());
    assertNull(numbered.parse("1,1.0", 2, 0).labelName(), "numeric classes need no text");
    assertEquals("f.csv:5: label is not a number (token 'setosa')",
        assertThrows(InputFormatException.class, () -> numbered.parse("1,setosa", 5, 0)).getMessage());
    assertEquals("f.libsvm:6: label 1 is not one of the model's classes [setosa, versicolor] (token '1')",
        assertThrows(InputFormatException.class, () -> new LibsvmLineParser("f.libsvm", 0, names).parse("1 1:2", 6, 0))
            .getMessage());
  }

  @Test
  void csvReadsOnlyTheSelectedFeatureColumnsInTheirOrder() {
    String header = "id,b,label,when,a";
    String row = "x-17,2.5,1,2024-01-01T00:00:00Z,-1";
    CsvLineParser chosen = CsvLineParser.fromFirstLine("f.csv", header, selecting("label", List.of("a", "b"), null),
        null);
    CsvLineParser rest = CsvLineParser.fromFirstLine("f.csv", header, selecting("label", null, List.of("when", "id")),
        null);

    assertEquals(List.of("a", "b"), chosen.featureNames());
    assertArrayEquals(new double[] {-1, 2.5}, dense(chosen.parse(row, 2, 0), 2), 0.0);
    assertEquals(List.of("b", "a"), rest.featureNames());
    assertArrayEquals(new double[] {2.5, -1}, dense(rest.parse(row, 2, 0), 2), 0.0);
    assertEquals(List.of("column 3"), CsvLineParser.fromFirstLine("f.csv", "1,2,3", selecting(null, List.of("column 3"),
        null), null).featureNames(), "columns of a file without header are named by position");
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(delimiter = '|', value = {
      "c||f.csv:1: no column named 'c' (--feature-cols); the columns are [id, label, a] (token 'c')",
      "|c|f.csv:1: no column named 'c' (--ignore-cols); the columns are [id, label, a] (token 'c')",
      "a,label||f.csv:1: --feature-cols names the label column (token 'label')",
      "|label|f.csv:1: --ignore-cols names the label column (token 'label')",
      "|id,a|f.csv:1: no feature columns: the file has only the label and the columns of --ignore-cols"})
  void csvColumnChoicesThatDoNotFitTheHeaderAreErrorsNamingFileAndColumn(String featureCols, String ignoreCols,
                                                                        String message) {
    InputSpec spec = selecting("label", featureCols == null ? null : List.of(featureCols.split(",")),
        ignoreCols == null ? null : List.of(ignoreCols.split(",")));

    assertEquals(message, assertThrows(InputFormatException.class,
        () -> CsvLineParser.fromFirstLine("f.csv", "id,label,a", spec, null)).getMessage());
  }

  @Test
  void libsvmForScoringReadsLinesWithOrWithoutALabelAndKeepsTheirFileAndLine() {
    LibsvmLineParser p = LibsvmLineParser.forScoring("data/f.libsvm", 4);

    ParsedRow unlabelled = p.parse("1:0.5 4:2", 3, 7);
    ParsedRow labelled = p.parse("  nope\t2:1.5 # a label that is not read", 9, 8);

    assertArrayEquals(new double[] {0.5, 0, 0, 2}, dense(unlabelled, 4), 0.0);
    assertArrayEquals(new Object[] {"data/f.libsvm", 3L}, unlabelled.kept());
    assertArrayEquals(new double[] {0, 1.5, 0, 0}, dense(labelled, 4), 0.0);
    assertArrayEquals(new Object[] {"data/f.libsvm", 9L}, labelled.kept());
    assertEquals(0, p.parse("1", 10, 9).width(), "a label alone is a row of zeros");
    assertEquals("data/f.libsvm:4: feature index exceeds the number of features 4 (token '5:1')",
        assertThrows(InputFormatException.class, () -> p.parse("5:1", 4, 3)).getMessage());
    assertNull(new LibsvmLineParser("f.libsvm", 4, null).parse("1 1:1", 1, 0).kept(), "training keeps nothing");
  }

  @ParameterizedTest(name = "{0} / {1} / {2}")
  @CsvSource(delimiter = '|', value = {
      // --feature-cols | model's names | kept | features | kept values
      "b,a||id|2.5,-1|x-17",
      "|a,b|label,id|-1,2.5|1,x-17",
      "|a,zz|id,when|2.5,-1|x-17,2024-01-01",
      "||when,id|2.5,-1|2024-01-01,x-17"})
  void csvForScoringChoosesFeaturesByOptionThenModelNamesThenTheRestAndKeepsTextAsItIs(String featureCols,
      String modelNames, String keep, String features, String kept) {
    InputSpec spec = selecting(null, featureCols == null ? null : List.of(featureCols.split(",")), null);
    ScoringColumns columns = new ScoringColumns(List.of(keep.split(",")),
        modelNames == null ? null : List.of(modelNames.split(",")));

    CsvLineParser p = CsvLineParser.forScoring("f.csv", "id,b,label,when,a", spec, columns, 2);
    ParsedRow row = p.parse(" x-17 ,2.5,1,2024-01-01, -1", 2, 5);

    assertArrayEquals(List.of(features.split(",")).stream().mapToDouble(Double::parseDouble).toArray(), dense(row, 2),
        0.0);
    assertArrayEquals(kept.split(","), row.kept());
    assertEquals(5, row.ordinal());
  }

  @Test
  void csvForScoringNamesTheFileAndColumnsOfAChoiceThatDoesNotFitTheModel() {
    ScoringColumns none = new ScoringColumns(null, null);
    ScoringColumns recorded = new ScoringColumns(List.of("id"), List.of("a", "c"));

    assertEquals("f.csv:1: the columns left as features are [id, a, b], 3 of them, but the model takes 2 features: "
            + "name them with --feature-cols, or leave columns out with --ignore-cols or --label-col",
        assertThrows(InputFormatException.class, () -> CsvLineParser.forScoring("f.csv", "id,a,b", spec(null), none, 2))
            .getMessage());
    assertEquals("f.csv:1: the columns left as features are [a, b, label], 3 of them, but the model takes 2 features "
            + "(it was trained on [a, c]): name them with --feature-cols, or leave columns out with --ignore-cols or "
            + "--label-col",
        assertThrows(InputFormatException.class,
            () -> CsvLineParser.forScoring("f.csv", "id,a,b,label", spec("y"), recorded, 2)).getMessage());
    assertEquals("f.csv:1: no column named 'ID' (--keep-cols); the columns are [id, a, b] (token 'ID')",
        assertThrows(InputFormatException.class, () -> CsvLineParser.forScoring("f.csv", "id,a,b", spec(null),
            new ScoringColumns(List.of("ID"), null), 2)).getMessage());
    assertEquals(List.of("column 2", "column 3"),
        CsvLineParser.forScoring("f.csv", "7,1,2", selecting(null, null, List.of("column 1")), none, 2).featureNames(),
        "a file without header has no label unless said so");
  }

  @Test
  void labelIndexNumbersClassesInIncreasingOrder() {
    LabelIndex labels = new LabelIndex(new double[] {-1, 0, 2.5});

    assertEquals(1, labels.classOf(-0.0, null));
    assertEquals(2, labels.classOf(2.5, "2.50"), "numeric classes match the value, whatever the text");
    assertEquals(-1, labels.classOf(1, null));
    assertEquals(-1, labels.classOf(Double.NaN, "x"));
    assertEquals("2.5", labels.name(2));
    assertFalse(labels.isNamed());
    assertArrayEquals(new double[] {-1, 0, 2.5}, labels.labels(), 0.0);
    assertEquals(List.of(-1.0, 0.0, 2.5), labels.jsonValues());
    assertEquals("[-1, 0, 2.5]", labels.toString());
    assertThrows(IllegalArgumentException.class, () -> new LabelIndex(new double[] {1, 1}));
  }

  @Test
  void labelIndexOfNamesMatchesExactTextsInStringOrder() {
    LabelIndex labels = LabelIndex.named(List.of("Virginica", "setosa", "versicolor"));

    assertEquals(0, labels.classOf(Double.NaN, "Virginica"), "upper case sorts first");
    assertEquals(-1, labels.classOf(Double.NaN, "virginica"));
    assertEquals(-1, labels.classOf(1.0, null), "a number is no name");
    assertEquals("versicolor", labels.name(2));
    assertTrue(labels.isNamed());
    assertEquals(List.of("Virginica", "setosa", "versicolor"), labels.jsonValues());
    assertEquals(LabelIndex.named(List.of("Virginica", "setosa", "versicolor")), labels);
    assertEquals("the classes are names, not numbers: [Virginica, setosa, versicolor]",
        assertThrows(IllegalStateException.class, labels::labels).getMessage());
    assertThrows(IllegalArgumentException.class, () -> LabelIndex.named(List.of("b", "a")));
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
