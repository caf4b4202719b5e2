package io.sparkrbf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.job.TrainJob;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Columns that are not features: iris with an id, a timestamp and a free-text column beside
 * the features, as CSV and as Parquet, trained with {@code --ignore-cols} or
 * {@code --feature-cols}, gives the very model the plain file gives; the species names are
 * the classes in every case.
 */
class FeatureColumnsIT extends LocalSpark {
  private static final String IRIS_CSV = "src/test/resources/data/iris.train.csv";
  private static final List<String> FEATURES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
  private static final LabelIndex SPECIES = LabelIndex.named(List.of("setosa", "versicolor", "virginica"));
  private static final TrainOptions OPTIONS = TrainOptions.defaults().centers(4).epochs(5).build();

  @TempDir
  static Path dir;

  /** iris.train.csv's rows: four numbers and the species. */
  private static List<String[]> iris() throws IOException {
    return Files.readAllLines(Path.of(IRIS_CSV)).stream().skip(1).map(l -> l.split(",")).toList();
  }

  @BeforeAll
  void writeDecoratedCopies() throws IOException {
    StringBuilder csv = new StringBuilder("id,sepal_length,measured_at,sepal_width,petal_length,species,note,"
        + "petal_width\n");
    List<Row> plain = new ArrayList<>();
    List<Row> decorated = new ArrayList<>();
    int i = 0;
    for (String[] r : iris()) {
      String when = "2024-03-" + (10 + i % 20) + "T08:00:00Z";
      csv.append("row-").append(i).append(',').append(r[0]).append(',').append(when).append(',').append(r[1])
          .append(',').append(r[2]).append(',').append(r[4]).append(',').append(i % 3 == 0 ? "" : "seen twice")
          .append(',').append(r[3]).append('\n');
      double[] x = {Double.parseDouble(r[0]), Double.parseDouble(r[1]), Double.parseDouble(r[2]),
          Double.parseDouble(r[3])};
      plain.add(RowFactory.create(r[4], x[0], x[1], x[2], x[3]));
      decorated.add(RowFactory.create("row-" + i, x[0], Timestamp.valueOf("2024-03-01 08:00:00"), x[1], r[4], x[2],
          x[3]));
      i++;
    }
    Files.writeString(dir.resolve("decorated.csv"), csv);
    SparkSession spark = SparkSession.builder().config(sc.getConf()).getOrCreate();
    StructType plainSchema = new StructType().add("species", DataTypes.StringType);
    for (String f : FEATURES) {
      plainSchema = plainSchema.add(f, DataTypes.DoubleType);
    }
    StructType decoratedSchema = new StructType().add("id", DataTypes.StringType)
        .add("sepal_length", DataTypes.DoubleType).add("measured_at", DataTypes.TimestampType)
        .add("sepal_width", DataTypes.DoubleType).add("species", DataTypes.StringType)
        .add("petal_length", DataTypes.DoubleType).add("petal_width", DataTypes.DoubleType);
    spark.createDataFrame(plain, plainSchema).coalesce(1).write().parquet(path("plain.parquet"));
    spark.createDataFrame(decorated, decoratedSchema).coalesce(1).write().parquet(path("decorated.parquet"));
  }

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  private RbfModel train(String path, List<String> featureCols, List<String> ignoreCols) {
    // one partition: the same rows give the same sums, whatever the file's layout
    InputSpec spec = new InputSpec(path, null, 0, "species", 1, featureCols, ignoreCols);
    return new TrainJob(sc, OPTIONS, stats -> { }).run(spec, null, null).model();
  }

  @Test
  void columnsThatAreNotFeaturesChangeNothingInCsvOrParquet() {
    RbfModel reference = train(IRIS_CSV, null, null);

    assertEquals(SPECIES, reference.labels());
    assertEquals(FEATURES, featureColumns(reference));
    for (RbfModel other : List.of(
        train(path("decorated.csv"), null, List.of("id", "measured_at", "note")),
        train(path("decorated.csv"), FEATURES, null),
        train(path("plain.parquet"), null, null),
        train(path("decorated.parquet"), null, List.of("id", "measured_at")),
        train(path("decorated.parquet"), FEATURES, null))) {
      assertEquals(SPECIES, other.labels());
      assertArrayEquals(reference.parameters().values(), other.parameters().values(), 0.0);
      assertEquals(reference.standardization(), other.standardization());
      assertEquals(FEATURES, featureColumns(other), "provenance names the feature columns");
    }
  }

  @Test
  void featureColumnsKeepTheOrderGivenAndReadersRefuseUnknownColumns() {
    List<String> reversed = List.of("petal_width", "petal_length", "sepal_width", "sepal_length");
    DataReader reader = new DataReader(sc, new InputSpec(path("decorated.parquet"), null, 0, "species", 0, reversed,
        null), null);
    ParsedRow first = reader.read().first();

    assertEquals(reversed, reader.featureColumns());
    double[] x = new double[4];
    first.densifyInto(x, 0, 4);
    assertArrayEquals(new double[] {0.2, 1.4, 3.5, 5.1}, x, 0.0, "iris row 1, petal width first");
    assertEquals("setosa", first.labelName());
    InputFormatException e = assertThrows(InputFormatException.class, () -> new DataReader(sc,
        new InputSpec(path("decorated.parquet"), null, 0, "species", 0, null, List.of("ids")), null).read());
    assertEquals(path("decorated.parquet") + "/" + partFile("decorated.parquet") + ": no column named 'ids' "
        + "(--ignore-cols); the columns are [id, sepal_length, measured_at, sepal_width, species, petal_length, "
        + "petal_width] (token 'ids')", e.getMessage().replace("file:", ""));
  }

  private static String partFile(String folder) {
    try (var files = Files.list(dir.resolve(folder))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).findFirst().orElseThrow();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> featureColumns(RbfModel model) {
    return (List<String>) ((Map<String, Object>) model.provenance().get("data")).get("featureColumns");
  }
}
