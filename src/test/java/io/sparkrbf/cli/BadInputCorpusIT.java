package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import io.sparkrbf.persist.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of bad inputs for {@code train}, {@code evaluate} and {@code predict}, each run
 * in-process as a user would run it, with the whole console captured: malformed LIBSVM and
 * CSV rows, CSV files of different widths, short Parquet vectors, a truncated {@code .gz},
 * labels and columns a model or the options do not know, bad or missing model files, a
 * predict job failing halfway through writing its folder, outputs that may not be replaced
 * and invalid options. Every one ends with the exit code the
 * README promises (2 for invalid options, 1 for the rest), exactly one {@code error:} line
 * naming the file and the line or row (and the token where there is one), no stack trace and
 * no WARN or ERROR log line anywhere on stderr, and no output or temporary file left behind.
 */
class BadInputCorpusIT {
  /**
   * Local Spark with its UI on a free port: on 4040, Spark's own default, another Spark
   * application on the machine (a build running beside this one) made every command warn that
   * the port was taken, which is not what a bad input prints.
   */
  private static final String SPARK = " --master local[2] --conf spark.ui.port=0";
  private static final String TRAIN = "train --centers 1 --epochs 2 --init random --model-out @model.json"
      + " --history-out @h.jsonl" + SPARK;
  private static final String TRAIN_D4 = TRAIN + " --num-features 4";
  private static final String EVALUATE = "evaluate --model @model.json --metrics-out @metrics.json" + SPARK;
  private static final String PREDICT = "predict --model @model.json --out @predictions" + SPARK;
  private static final String VECTORS_ROW_3_SHORT = "short.parquet";
  private static final String NAN_IN_ROW_4 = "nan.parquet";
  private static final String NO_LABEL = "nolabel.parquet";
  private static final String TEXT_COLUMN = "text.parquet";
  private static final String NAMED_LABELS = "named.parquet";
  private static final String INT_IDS = "intids.parquet";
  private static final String LONG_IDS = "longids.parquet";

  @TempDir
  static Path fixtures;

  @TempDir
  Path dir;

  /** Writes the Parquet fixtures with a Spark session of their own, stopped before the CLI runs. */
  @BeforeAll
  static void writeParquetFixtures() {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("BadInputCorpusIT fixtures")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    try {
      List<Row> vectors = new ArrayList<>();
      List<Row> numbers = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        double[] x = {i, 2, 3, i % 2};
        vectors.add(RowFactory.create((double) (i % 3), Vectors.dense(i == 3 ? Arrays.copyOf(x, 3) : x)));
        numbers.add(RowFactory.create((double) (i % 3), x[0], i == 4 ? Double.NaN : x[1], x[2], x[3]));
      }
      StructType vectorSchema = new StructType().add("label", DataTypes.DoubleType)
          .add("features", SQLDataTypes.VectorType());
      StructType numberSchema = new StructType().add("label", DataTypes.DoubleType).add("a", DataTypes.DoubleType)
          .add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType).add("d", DataTypes.DoubleType);
      spark.createDataFrame(vectors, vectorSchema).coalesce(1).write().parquet(fixture(VECTORS_ROW_3_SHORT));
      spark.createDataFrame(numbers, numberSchema).coalesce(1).write().parquet(fixture(NAN_IN_ROW_4));
      spark.createDataFrame(vectors, vectorSchema).withColumnRenamed("label", "y").coalesce(1).write()
          .parquet(fixture(NO_LABEL));
      spark.createDataFrame(List.of(RowFactory.create(1.0, "x")),
          new StructType().add("label", DataTypes.DoubleType).add("name", DataTypes.StringType))
          .coalesce(1).write().parquet(fixture(TEXT_COLUMN));
      spark.createDataFrame(List.of(RowFactory.create("setosa", 1.0, 2.0, 3.0, 4.0)), new StructType()
          .add("label", DataTypes.StringType).add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
          .add("c", DataTypes.DoubleType).add("d", DataTypes.DoubleType)).coalesce(1).write()
          .parquet(fixture(NAMED_LABELS));
      StructType features = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
          .add("c", DataTypes.DoubleType).add("d", DataTypes.DoubleType);
      spark.createDataFrame(List.of(RowFactory.create(7, 1.0, 2.0, 3.0, 4.0)),
          new StructType().add("id", DataTypes.IntegerType).add(features.fields()[0]).add(features.fields()[1])
              .add(features.fields()[2]).add(features.fields()[3])).coalesce(1).write().parquet(fixture(INT_IDS));
      spark.createDataFrame(List.of(RowFactory.create(8L, 1.0, 2.0, 3.0, 4.0)),
          new StructType().add("id", DataTypes.LongType).add(features.fields()[0]).add(features.fields()[1])
              .add(features.fields()[2]).add(features.fields()[3])).coalesce(1).write().parquet(fixture(LONG_IDS));
    } finally {
      spark.stop();
    }
  }

  private static String fixture(String name) {
    return fixtures.resolve(name).toString();
  }

  /**
   * One bad input: the files it needs, the command line ({@code @name} is that file in the
   * test's folder), the exit code, and the one error line expected (after {@code "error: "};
   * {@code @name} is the file's path, with or without Hadoop's {@code file:} prefix, and
   * {@code …} any text).
   */
  record BadInput(String title, List<Input> inputs, String command, int exitCode, String error) {
    @Override
    public String toString() {
      return title;
    }
  }

  /** Writes one input file into the test's folder. */
  @FunctionalInterface
  interface Input {
    void writeTo(Path dir) throws IOException;
  }

  static Stream<BadInput> corpus() {
    return Stream.of(
        // LIBSVM rows
        bad("LIBSVM value not a number", TRAIN_D4 + " --data @bad.libsvm", 1,
            "@bad.libsvm:2: feature value is not a number (token 'abc')", text("bad.libsvm", "0 1:1.0 2:2.0\n1 1:abc\n")),
        bad("LIBSVM index 0", TRAIN_D4 + " --data @bad.libsvm", 1,
            "@bad.libsvm:3: feature index must be >= 1 (token '0:3')", text("bad.libsvm", "0 1:1.0\n0 2:1.0\n1 0:3\n")),
        bad("LIBSVM indices out of order", TRAIN_D4 + " --data @bad.libsvm", 1,
            "@bad.libsvm:2: feature indices must increase (token '1:1')", text("bad.libsvm", "0 1:1.0 2:2.0\n1 2:1 1:1\n")),
        bad("LIBSVM NaN", TRAIN_D4 + " --data @bad.libsvm", 1,
            "@bad.libsvm:1: feature value must be a finite number (token 'NaN')", text("bad.libsvm", "0 1:NaN\n1 1:1\n")),
        bad("LIBSVM Infinity", TRAIN_D4 + " --data @bad.libsvm", 1,
            "@bad.libsvm:2: feature value must be a finite number (token 'Infinity')",
            text("bad.libsvm", "0 1:1\n1 2:Infinity\n")),
        bad("LIBSVM label not a number", TRAIN_D4 + " --data @bad.libsvm", 1,
            "@bad.libsvm:2: label is not a number (token 'x')", text("bad.libsvm", "0 1:1\nx 1:1\n")),
        bad("LIBSVM missing label", TRAIN_D4 + " --data @bad.libsvm", 1,
            "@bad.libsvm:4: label is not a number (token '1:2')", text("bad.libsvm", "0 1:1\n1 1:1\n\n1:2 2:3\n")),
        bad("LIBSVM index beyond --num-features", TRAIN_D4 + " --data @bad.libsvm", 1,
            "@bad.libsvm:2: feature index exceeds the number of features 4 (token '5:2')",
            text("bad.libsvm", "0 1:1\n1 1:1 5:2\n")),
        bad("LIBSVM token without a colon", TRAIN_D4 + " --data @bad.libsvm", 1,
            "@bad.libsvm:1: expected index:value (token '7')", text("bad.libsvm", "0 1:1 7\n1 1:2\n")),
        bad("LIBSVM index not an integer", TRAIN_D4 + " --data @bad.libsvm", 1,
            "@bad.libsvm:3: feature index is not an integer (token 'a:1')",
            text("bad.libsvm", "# a comment\n0 1:1\n1 a:1\n")),
        bad("LIBSVM bad line in a gzipped file", TRAIN_D4 + " --data @bad.libsvm.gz", 1,
            "@bad.libsvm.gz:3: feature value is not a number (token '1e')",
            gzip("bad.libsvm.gz", "0 1:1\n1 1:2\n1 2:1e\n")),
        bad("LIBSVM bad line in the second file of a folder", TRAIN_D4 + " --data @parts", 1,
            "@parts/b.libsvm:2: feature value is not a number (token '--1')",
            text("parts/a.libsvm", "0 1:1\n1 1:2\n"), text("parts/b.libsvm", "0 1:1\n1 1:--1\n")),
        bad("LIBSVM bad line in --test", TRAIN_D4 + " --data @train.libsvm --test @test.libsvm", 1,
            "@test.libsvm:2: feature index must be >= 1 (token '-1:1')",
            text("train.libsvm", "0 1:1\n1 1:2\n"), text("test.libsvm", "0 1:1\n1 -1:1\n")),
        bad("LIBSVM truncated gzip", TRAIN_D4 + " --data @big.libsvm.gz", 1,
            "@big.libsvm.gz: read failed after line …: Unexpected end of input stream (EOFException)",
            truncatedGzip("big.libsvm.gz")),
        // CSV rows
        bad("CSV short row", TRAIN_D4 + " --data @bad.csv", 1,
            "@bad.csv:3: row has 2 fields, the header has 5 (token '1,3')", text("bad.csv", "label,a,b,c,d\n0,1,2,3,4\n1,3\n")),
        bad("CSV empty label", TRAIN_D4 + " --data @bad.csv", 1,
            "@bad.csv:3: missing label (token '')", text("bad.csv", "label,a,b,c,d\n0,1,2,3,4\n,3,4,5,6\n")),
        bad("CSV value not a number", TRAIN_D4 + " --data @bad.csv", 1,
            "@bad.csv:3: value of column 'b' is not a number (token 'x7')",
            text("bad.csv", "label,a,b,c,d\n0,1,2,3,4\n1,3,x7,5,6\n")),
        bad("CSV without header, value not a number", TRAIN_D4 + " --data @bad.csv", 1,
            "@bad.csv:2: value of column 'column 3' is not a number (token 'zz')",
            text("bad.csv", "0,1,2,3,4\n1,2,zz,3,4\n")),
        bad("CSV duplicate column", TRAIN_D4 + " --data @bad.csv", 1,
            "@bad.csv:1: duplicate column name in the CSV header (token 'a')", text("bad.csv", "label,a,a,c,d\n0,1,2,3,4\n")),
        bad("CSV --label-col not in the header", TRAIN_D4 + " --label-col y --data @bad.csv", 1,
            "@bad.csv:1: no column named 'y' in the CSV header [label, a, b, c, d] (token 'y')",
            text("bad.csv", "label,a,b,c,d\n0,1,2,3,4\n")),
        bad("CSV header narrower than --num-features", TRAIN_D4 + " --data @bad.csv", 1,
            "@bad.csv:1: the header has 3 feature columns, expected 4", text("bad.csv", "label,a,b,c\n0,1,2,3\n")),
        bad("CSV --feature-cols names no column", TRAIN + " --feature-cols a,z --data @bad.csv", 1,
            "@bad.csv:1: no column named 'z' (--feature-cols); the columns are [label, a, b, c, d] (token 'z')",
            text("bad.csv", "label,a,b,c,d\n0,1,2,3,4\n")),
        bad("CSV --ignore-cols names the label", TRAIN + " --label-col label --ignore-cols id,label --data @bad.csv",
            1,
            "@bad.csv:1: --ignore-cols names the label column (token 'label')",
            text("bad.csv", "id,label,a\nx,0,1\n")),
        bad("CSV files of different widths", TRAIN + " --format csv --data @parts", 1,
            "@parts/b.csv:2: row has 3 features, expected 4",
            text("parts/a.csv", "label,a,b,c,d\n0,1,2,3,4\n1,2,3,4,5\n"), text("parts/b.csv", "label,a,b,c\n0,1,2,3\n")),
        bad("CSV files without header of different widths", TRAIN + " --format csv --data @parts", 1,
            "@parts/b.csv:1: row has 2 features, expected 4",
            text("parts/a.csv", "0,1,2,3,4\n1,2,3,4,5\n"), text("parts/b.csv", "0,1,2\n1,1,1\n")),
        // Parquet
        bad("Parquet short dense vector", TRAIN + " --data @" + VECTORS_ROW_3_SHORT, 1,
            "@" + VECTORS_ROW_3_SHORT + "/part-…: row 3: row has 3 features, expected 4", parquet(VECTORS_ROW_3_SHORT)),
        bad("Parquet short dense vector, evaluated", EVALUATE + " --data @" + VECTORS_ROW_3_SHORT, 1,
            "@" + VECTORS_ROW_3_SHORT + "/part-…: row 3: row has 3 features, expected 4",
            parquet(VECTORS_ROW_3_SHORT), model("model.json")),
        bad("Parquet NaN value", TRAIN + " --data @" + NAN_IN_ROW_4, 1,
            "@" + NAN_IN_ROW_4 + "/part-…: row 4: value NaN in column is not a finite number (token 'b')",
            parquet(NAN_IN_ROW_4)),
        bad("Parquet without a label column", TRAIN + " --data @" + NO_LABEL, 1,
            "@" + NO_LABEL + "/part-…: no label column (columns: [y, features]); name it with --label-col (token 'label')",
            parquet(NO_LABEL)),
        bad("Parquet file that is not Parquet", TRAIN + " --data @notparquet.parquet", 1,
            "@notparquet.parquet: read failed: … is not a Parquet file…", text("notparquet.parquet", "label,a\n0,1\n")),
        bad("Parquet text column", TRAIN + " --data @" + TEXT_COLUMN, 1,
            "@" + TEXT_COLUMN + "/part-…: column is string, not numeric; leave it out with --ignore-cols or name the "
                + "features with --feature-cols (token 'name')", parquet(TEXT_COLUMN)),
        bad("Parquet --ignore-cols names no column", TRAIN + " --ignore-cols nme --data @" + TEXT_COLUMN, 1,
            "@" + TEXT_COLUMN + "/part-…: no column named 'nme' (--ignore-cols); the columns are [label, name] "
                + "(token 'nme')", parquet(TEXT_COLUMN)),
        // evaluate and predict
        bad("evaluate: label the model does not know", EVALUATE + " --data @unknown-label.libsvm", 1,
            "@unknown-label.libsvm:2: label 7 is not one of the model's classes … (token '7')",
            text("unknown-label.libsvm", "0 1:5.1 2:3.5 3:1.4 4:0.2\n7 1:5.1 2:3.5 3:1.4 4:0.2\n"), model("model.json")),
        bad("evaluate: CSV label not a number for a model of numbers", EVALUATE + " --data @bad.csv", 1,
            "@bad.csv:3: label is not a number (token 'foo')",
            text("bad.csv", "label,a,b,c,d\n0,1,2,3,4\nfoo,3,4,5,6\n"), model("model.json")),
        bad("evaluate: name the model does not know", EVALUATE + " --label-col species --data @unknown.csv", 1,
            "@unknown.csv:3: label Setosa is not one of the model's classes [setosa, versicolor, virginica] "
                + "(token 'Setosa')",
            text("unknown.csv", "a,b,c,d,species\n1,2,3,4,setosa\n1,2,3,4,Setosa\n"), namedModel("model.json")),
        bad("evaluate: Parquet names for a model of numbers", EVALUATE + " --data @" + NAMED_LABELS, 1,
            "@" + NAMED_LABELS + "/part-…: label column is string, but the model's classes are numbers [0, 1, 2] "
                + "(token 'label')", parquet(NAMED_LABELS), model("model.json")),
        bad("predict: --feature-cols names no column", PREDICT + " --feature-cols a,b,c,e --data @ok.csv", 1,
            "@ok.csv:1: no column named 'e' (--feature-cols); the columns are [label, a, b, c, d] (token 'e')",
            text("ok.csv", "label,a,b,c,d\n0,1,2,3,4\n"), model("model.json")),
        bad("predict: row wider than the model", PREDICT + " --data @too-wide.libsvm", 1,
            "@too-wide.libsvm:1: feature index exceeds the number of features 4 (token '5:1.0')",
            text("too-wide.libsvm", "0 1:5.1 2:3.5 3:1.4 4:0.2 5:1.0\n"), model("model.json")),
        bad("predict: CSV narrower than the model", PREDICT + " --data @narrow.csv", 1,
            "@narrow.csv:1: the columns left as features are [a, b, c], 3 of them, but the model takes 4 features: "
                + "name them with --feature-cols, or leave columns out with --ignore-cols or --label-col",
            text("narrow.csv", "label,a,b,c\n0,1,2,3\n"), model("model.json")),
        bad("predict: truncated gzip", PREDICT + " --data @big.libsvm.gz", 1,
            "@big.libsvm.gz: read failed after line …: Unexpected end of input stream (EOFException)",
            truncatedGzip("big.libsvm.gz"), model("model.json")),
        bad("predict: bad row in the middle of a partition", PREDICT + " --partitions 2 --data @big.csv", 1,
            "@big.csv:5001: value of column 'b' is not a number (token 'x')", badRowAt("big.csv", 5000),
            model("model.json")),
        bad("predict --overwrite: a failing job keeps the former output",
            PREDICT + " --overwrite --partitions 2 --data @big.csv", 1,
            "@big.csv:5001: value of column 'b' is not a number (token 'x')", badRowAt("big.csv", 5000),
            formerOutput("predictions"), model("model.json")),
        bad("predict: existing output without --overwrite", PREDICT + " --data @ok.csv", 1,
            "@predictions already exists (use --overwrite to replace it)", text("ok.csv", "a,b,c,d\n1,2,3,4\n"),
            formerOutput("predictions"), model("model.json")),
        bad("predict --overwrite: a folder that is not predict's", PREDICT + " --overwrite --data @ok.csv", 1,
            "@predictions exists and is not an output of predict (no _SUCCESS); refusing to replace it even with "
                + "--overwrite", text("ok.csv", "a,b,c,d\n1,2,3,4\n"), text("predictions/notes.txt", "mine\n"),
            model("model.json")),
        bad("predict: --keep-cols names no column", PREDICT + " --keep-cols ID --data @ok.csv", 1,
            "@ok.csv:1: no column named 'ID' (--keep-cols); the columns are [id, a, b, c, d] (token 'ID')",
            text("ok.csv", "id,a,b,c,d\nx,1,2,3,4\n"), model("model.json")),
        bad("predict: Parquet columns left that do not fit the model", PREDICT + " --data @" + TEXT_COLUMN, 1,
            "@" + TEXT_COLUMN + "/part-…: the columns left as features are [name], 1 of them, but the model takes 4 "
                + "features: name them with --feature-cols, or leave columns out with --ignore-cols or --label-col",
            parquet(TEXT_COLUMN), model("model.json")),
        bad("predict: Parquet files keeping columns of different types",
            PREDICT + " --keep-cols id --data @mixed.parquet", 1,
            "@mixed.parquet/part-…: --keep-cols: the column is … here but … in @mixed.parquet/part-… "
                + "(token 'id')",
            parquetParts("mixed.parquet", INT_IDS, LONG_IDS), model("model.json")),
        // model files
        bad("model file missing", EVALUATE.replace("@model.json", "@nothing.json") + " --data @ok.libsvm", 2,
            "--model @nothing.json: no such file or directory", text("ok.libsvm", "0 1:1\n")),
        bad("model file not JSON", EVALUATE + " --data @ok.libsvm", 1,
            "@model.json: not valid JSON (…)", text("ok.libsvm", "0 1:1\n"), text("model.json", "hello\n")),
        bad("model file cut short", PREDICT + " --data @ok.libsvm", 1,
            "@model.json: not valid JSON (…)", text("ok.libsvm", "0 1:1\n"), truncatedModel("model.json")),
        bad("model file with a negative width", EVALUATE + " --data @ok.libsvm", 1,
            "@model.json: …", text("ok.libsvm", "0 1:1\n"), negativeBetaModel("model.json")),
        bad("--init-model not a model", TRAIN_D4 + " --data @ok.libsvm --init-model @init.json", 1,
            "@init.json: not valid JSON (…)", text("ok.libsvm", "0 1:1\n1 1:2\n"), text("init.json", "{\"format\": ")),
        // invalid options
        bad("train --optimizer lbfgs --batch-fraction 0.5", TRAIN_D4 + " --optimizer lbfgs --batch-fraction 0.5"
            + " --data @ok.libsvm", 2, "--optimizer lbfgs is full-batch: --batch-fraction must be 1, got 0.5",
            text("ok.libsvm", "0 1:1\n1 1:2\n")),
        bad("train --partitions -1", TRAIN_D4 + " --partitions -1 --data @ok.libsvm", 2,
            "--partitions must be >= 1, got -1…", text("ok.libsvm", "0 1:1\n1 1:2\n")),
        bad("evaluate --format xml", EVALUATE + " --format xml --data @ok.libsvm", 2,
            "unknown format 'xml', expected libsvm, csv or parquet…", text("ok.libsvm", "0 1:1\n"), model("model.json")),
        bad("train --feature-cols on LIBSVM", TRAIN_D4 + " --feature-cols a,b --data @ok.libsvm", 2,
            "--feature-cols selects CSV or Parquet columns, but @ok.libsvm is read as LIBSVM, which has none (give "
                + "--format csv or parquet if it is one of those)", text("ok.libsvm", "0 1:1\n1 1:2\n")),
        bad("evaluate --ignore-cols on LIBSVM", EVALUATE + " --ignore-cols id --data @ok.libsvm", 2,
            "--ignore-cols selects CSV or Parquet columns, but @ok.libsvm is read as LIBSVM, which has none (give "
                + "--format csv or parquet if it is one of those)", text("ok.libsvm", "0 1:1\n"), model("model.json")),
        bad("train --feature-cols with --ignore-cols", TRAIN + " --feature-cols a --ignore-cols b --data @ok.csv", 2,
            "--feature-cols and --ignore-cols exclude each other: give the feature columns or the columns to ignore",
            text("ok.csv", "label,a,b\n0,1,2\n")),
        bad("predict --feature-cols naming a column twice", PREDICT + " --feature-cols a,b,a --data @ok.csv", 2,
            "--feature-cols names the column 'a' twice", text("ok.csv", "label,a,b\n0,1,2\n"), model("model.json")),
        bad("predict --keep-cols on LIBSVM", PREDICT + " --keep-cols id --data @ok.libsvm", 2,
            "--keep-cols passes CSV or Parquet columns through, but @ok.libsvm is read as LIBSVM, which has none: its "
                + "rows are identified by the columns file and line (give --format csv or parquet if it is one of "
                + "those)", text("ok.libsvm", "0 1:1\n"), model("model.json")),
        bad("predict --keep-cols naming an output column", PREDICT + " --keep-cols prediction --data @ok.csv", 2,
            "--keep-cols: the output has a column 'prediction' of its own; the kept columns are [prediction]",
            text("ok.csv", "prediction,a,b,c,d\n0,1,2,3,4\n"), model("model.json")),
        bad("predict --single-file --output-format json",
            PREDICT + " --single-file --output-format json --data @ok.csv", 2,
            "--single-file writes one CSV file, but --output-format is json: leave --single-file out for a folder "
                + "of json files", text("ok.csv", "a,b,c,d\n1,2,3,4\n"), model("model.json")),
        bad("predict --output-format xml", PREDICT + " --output-format xml --data @ok.csv", 2,
            "Invalid value for option '--output-format': unknown output format 'xml', expected parquet, csv or json "
                + "(see: rbf predict --help)", text("ok.csv", "a,b,c,d\n1,2,3,4\n"), model("model.json")),
        bad("predict without --out", "predict --model @model.json --data @ok.libsvm", 2,
            "Missing required option: '--out=DIR' (see: rbf predict --help)", text("ok.libsvm", "0 1:1\n"),
            model("model.json")),
        bad("train --data missing", TRAIN_D4 + " --data @nothing.libsvm", 2,
            "--data @nothing.libsvm: no such file or directory"),
        bad("export without --onnx", "export --model @model.json", 2,
            "Missing required option: '--onnx=FILE' (see: rbf export --help)", model("model.json")),
        bad("export of a data file", "export --model @ok.libsvm --onnx @model.onnx", 1,
            "@ok.libsvm: not a JSON object", text("ok.libsvm", "0 1:1\n")),
        bad("export onto a folder", "export --model @model.json --onnx @folder", 1,
            "@folder is a directory; give a file name", model("model.json"), text("folder/kept.txt", "kept\n")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badInputEndsWithOneCleanErrorLineAndWritesNothing(BadInput bad) throws IOException {
    for (Input input : bad.inputs()) {
      input.writeTo(dir);
    }
    List<String> before = listing();

    CliRun run = run(bad.command());

    assertEquals(bad.exitCode(), run.exitCode(), run.err());
    assertEquals(1, run.errorLines().size(), run.err());
    String error = run.errorLines().get(0);
    assertTrue(expected(bad.error()).matcher(error).matches(), "expected 'error: " + bad.error() + "', got: " + error);
    assertFalse(run.err().contains("\tat "), "no stack trace without --verbose:\n" + run.err());
    assertEquals(List.of(), run.warningLogLines(), "no warning or error log line:\n" + run.err());
    assertEquals(before, listing(), "no output or temporary file is left behind");
  }

  @Test
  void verboseShowsSparksReportsAndTheStackTrace() throws IOException {
    text("bad.libsvm", "0 1:1\n1 1:abc\n").writeTo(dir);

    CliRun run = run(TRAIN_D4 + " --verbose --data @bad.libsvm");

    assertEquals(1, run.exitCode(), run.err());
    assertEquals(List.of("error: " + resolve("@bad.libsvm") + ":2: feature value is not a number (token 'abc')"),
        run.errorLines());
    assertTrue(run.err().contains("\tat io.sparkrbf.data.LineContext.number"), run.err());
    assertTrue(run.warningLogLines().stream().anyMatch(l -> l.contains("Lost task") && l.contains("abc")), run.err());
  }

  /** Runs a command line whose {@code @name} arguments are files in the test's folder. */
  private CliRun run(String command) {
    return CliRun.of(Arrays.stream(command.split(" ")).map(this::resolve).toArray(String[]::new));
  }

  private String resolve(String arg) {
    return arg.startsWith("@") ? dir.resolve(arg.substring(1)).toString() : arg;
  }

  /** The whole error line: {@code @name} is a file in the test folder, {@code …} any text. */
  private Pattern expected(String error) {
    StringBuilder regex = new StringBuilder("error: ");
    Matcher m = Pattern.compile("@[\\w.\\-/]+|…").matcher(error);
    int end = 0;
    while (m.find()) {
      regex.append(Pattern.quote(error.substring(end, m.start())));
      regex.append(m.group().equals("…") ? ".*"
          : "(?:file:)?" + Pattern.quote(dir.resolve(m.group().substring(1)).toString()));
      end = m.end();
    }
    return Pattern.compile(regex.append(Pattern.quote(error.substring(end))).toString());
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  private static BadInput bad(String title, String command, int exitCode, String error, Input... inputs) {
    return new BadInput(title, List.of(inputs), command, exitCode, error);
  }

  private static Input text(String name, String content) {
    return dir -> write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
  }

  private static Input gzip(String name, String content) {
    return dir -> write(dir.resolve(name), gzipped(content));
  }

  /** 2000 good LIBSVM lines, gzipped and cut in the middle of the stream. */
  private static Input truncatedGzip(String name) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      lines.append(i % 2).append(" 1:").append(i * 0.001).append(" 4:").append(i % 7).append('\n');
    }
    byte[] whole = gzipped(lines.toString());
    return dir -> write(dir.resolve(name), Arrays.copyOf(whole, whole.length / 2));
  }

  /** The part files of Parquet fixtures, together in one folder. */
  private static Input parquetParts(String folder, String... names) {
    return dir -> {
      Files.createDirectories(dir.resolve(folder));
      for (String name : names) {
        try (Stream<Path> files = Files.list(fixtures.resolve(name))) {
          for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
            Files.copy(part, dir.resolve(folder).resolve(part.getFileName()));
          }
        }
      }
    };
  }

  /** 6000 unlabelled CSV rows of four features (two partitions of 3000), row {@code bad} with 'x' in column b. */
  private static Input badRowAt(String name, int bad) {
    StringBuilder csv = new StringBuilder("a,b,c,d\n");
    for (int i = 1; i <= 6000; i++) {
      csv.append(i * 0.001).append(',').append(i == bad ? "x" : String.valueOf(i % 7)).append(",1,2\n");
    }
    return text(name, csv.toString());
  }

  /** A folder as predict leaves it: Spark's _SUCCESS marker and a part file. */
  private static Input formerOutput(String name) {
    return dir -> {
      write(dir.resolve(name).resolve("_SUCCESS"), new byte[0]);
      write(dir.resolve(name).resolve("part-00000-former.csv"),
          "prediction,p_0\n0,1.0\n".getBytes(StandardCharsets.UTF_8));
    };
  }

  private static Input parquet(String name) {
    return dir -> {
      try (Stream<Path> files = Files.walk(fixtures.resolve(name))) {
        for (Path p : files.toList()) {
          Files.copy(p, dir.resolve(fixtures.relativize(p).toString()));
        }
      }
    };
  }

  /** A valid model: 4 features, classes 0, 1 and 2, two centers, z-scored inputs. */
  private static Input model(String name) {
    return dir -> write(dir.resolve(name), ModelFile.toJson(validModel()).getBytes(StandardCharsets.UTF_8));
  }

  /** The valid model with the species of iris as its classes. */
  private static Input namedModel(String name) {
    RbfModel numbered = validModel();
    RbfModel named = new RbfModel(LabelIndex.named(List.of("setosa", "versicolor", "virginica")),
        numbered.standardization(), numbered.parameters(), Map.of());
    return dir -> write(dir.resolve(name), ModelFile.toJson(named).getBytes(StandardCharsets.UTF_8));
  }

  private static Input truncatedModel(String name) {
    String json = ModelFile.toJson(validModel());
    return text(name, json.substring(0, json.length() / 2));
  }

  private static Input negativeBetaModel(String name) {
    return dir -> {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = (ObjectNode) mapper.readTree(ModelFile.toJson(validModel()));
      ((ArrayNode) root.get("betas")).set(0, -1.0);
      write(dir.resolve(name), mapper.writeValueAsBytes(root));
    };
  }

  private static RbfModel validModel() {
    double[][] weights = {{0, 1, -1}, {0, -1, 1}, {0.5, 0, 0}};
    double[][] centers = {{0, 0, 0, 0}, {1, 1, 1, 1}};
    return new RbfModel(new double[] {0, 1, 2},
        new Standardization(ScalingMode.ZSCORE, new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1}),
        RbfParameters.of(weights, new double[] {0.5, 0.5}, centers), Map.of());
  }

  private static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  private static byte[] gzipped(String content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }
}
