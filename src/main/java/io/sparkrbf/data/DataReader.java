package io.sparkrbf.data;

import io.sparkrbf.model.LabelIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import scala.Tuple2;

/**
 * Reads LIBSVM, CSV or Parquet files into parsed rows through Spark, from any Hadoop file system
 * ({@code .gz} transparently). Every line keeps its file and 1-based line number so a
 * parse error names them; parsing is lazy and errors surface as
 * {@link InputFormatException} when the rows are first used. A file that cannot be read
 * (truncated, corrupt, gone) is an {@link InputFormatException} too, naming it, and
 * {@link #locator} names the file and line of a row found wrong later, from its ordinal.
 * {@link #forScoring} reads rows for {@code predict}: no label, and what identifies each row.
 *
 * <p>Without a partition count, the input splits, spread over Spark's default
 * parallelism when there are fewer. With a partition count P, the result has exactly P partitions whose contents depend
 * only on the files and P, never on task scheduling, and rows stay in input order; this
 * keeps training reproducible.
 */
public final class DataReader {

  private final JavaSparkContext sc;
  private final InputSpec spec;
  private final LabelIndex knownLabels;
  private final ScoringColumns scoring;
  private List<String> files;
  private boolean opened;
  private List<String> featureColumns;
  private List<StructField> keptFields = List.of();

  /** @param knownLabels labels rows may have (others are errors), or null for any */
  public DataReader(JavaSparkContext sc, InputSpec spec, LabelIndex knownLabels) {
    this(sc, spec, knownLabels, null);
  }

  private DataReader(JavaSparkContext sc, InputSpec spec, LabelIndex knownLabels, ScoringColumns scoring) {
    this.sc = sc;
    this.spec = spec;
    this.knownLabels = knownLabels;
    this.scoring = scoring;
  }

  /**
   * A reader of rows for {@code predict}: without their label (none need be there), each with
   * the values it passes through to the output ({@link #keptFields}).
   *
   * @param spec the data, with the model's number of features
   */
  public static DataReader forScoring(JavaSparkContext sc, InputSpec spec, ScoringColumns scoring) {
    if (spec.numFeatures() < 1) {
      throw new IllegalArgumentException("scoring reads the model's number of features; the spec has none");
    }
    return new DataReader(sc, spec, null, scoring);
  }

  /** The rows of every file at the spec's path, in input order. */
  @SuppressWarnings({"unchecked", "rawtypes"}) // one flat union of many files needs a generic array
  public JavaRDD<ParsedRow> read() {
    List<String> files = files();
    int minPartitions = Math.max(1, spec.partitions());
    JavaRDD<ParsedRow>[] parts = new JavaRDD[files.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = readFile(files.get(i), i, minPartitions);
    }
    opened = true;
    JavaRDD<ParsedRow> rows = parts.length == 1 ? parts[0] : sc.union(parts);
    if (spec.partitions() > 0) {
      return spread(rows, spec.partitions());
    }
    // A single .gz file is one split: spread it so every core has a share.
    return rows.getNumPartitions() < sc.defaultParallelism() ? spread(rows, sc.defaultParallelism()) : rows;
  }

  /**
   * The names of the feature columns {@link #read} found in the first file (CSV or Parquet),
   * in feature order, or null for LIBSVM, whose features are numbered, not named.
   */
  public List<String> featureColumns() {
    if (!opened) {
      throw new IllegalStateException("featureColumns() is known once read() has opened the files");
    }
    return featureColumns;
  }

  /**
   * What the rows of a reader {@link #forScoring} pass through ({@link ParsedRow#kept}), as
   * columns of the output: the kept columns (CSV as text, Parquet with their types), or a
   * LIBSVM row's file and line ({@link ScoringColumns#ROW_ID}); none for other readers. Known
   * once {@link #read} has opened the files.
   */
  public List<StructField> keptFields() {
    if (!opened) {
      throw new IllegalStateException("keptFields() is known once read() has opened the files");
    }
    return keptFields;
  }

  /** Names the file and line (or Parquet row) of a row {@link #read} gave, from its ordinal. */
  public RowLocator locator() {
    return spec.effectiveFormat() == InputFormat.PARQUET ? RowLocator.rows(files()) : RowLocator.lines(files());
  }

  private List<String> files() {
    if (files == null) {
      files = listFiles();
    }
    return files;
  }

  private JavaRDD<ParsedRow> readFile(String file, int fileIndex, int minPartitions) {
    long base = ParsedRow.ordinalBase(fileIndex);
    if (spec.effectiveFormat() == InputFormat.PARQUET) {
      ParquetRows parquet = scoring == null ? ParquetRows.open(sc, file, spec, knownLabels)
          : ParquetRows.openForScoring(sc, file, spec, scoring);
      keepColumns(file, fileIndex, parquet.featureColumns(), parquet.keptFields());
      return parquet.rows(base);
    }
    LineContext parser = parserFor(file);
    if (parser instanceof CsvLineParser csv) {
      keepColumns(file, fileIndex, csv.featureNames(), scoring == null ? List.of() : scoring.keep().stream()
          .map(name -> DataTypes.createStructField(name, DataTypes.StringType, true)).toList());
    } else if (scoring != null) {
      keepColumns(file, fileIndex, null, List.of(DataTypes.createStructField(ScoringColumns.ROW_ID.get(0),
          DataTypes.StringType, false), DataTypes.createStructField(ScoringColumns.ROW_ID.get(1), DataTypes.LongType,
          false)));
    }
    boolean skipHeader = parser instanceof CsvLineParser csv && csv.hasHeader();
    return GuardedTextInputFormat.lines(sc, file, minPartitions).zipWithIndex()
        .filter(t -> !(skipHeader && t._2() == 0))
        .map(t -> parser.parse(t._1(), t._2() + 1, base + t._2()))
        .filter(row -> row != null);
  }

  private LineContext parserFor(String file) {
    if (spec.effectiveFormat() == InputFormat.LIBSVM) {
      return scoring == null ? new LibsvmLineParser(file, spec.numFeatures(), knownLabels)
          : LibsvmLineParser.forScoring(file, spec.numFeatures());
    }
    CsvLineParser csv = scoring == null ? CsvLineParser.fromFirstLine(file, firstLine(file), spec, knownLabels)
        : CsvLineParser.forScoring(file, firstLine(file), spec, scoring, spec.numFeatures());
    if (spec.numFeatures() > 0 && csv.numFeatures() != spec.numFeatures()) {
      throw new InputFormatException(file, 1, null, (csv.hasHeader() ? "the header has " : "line 1 has ")
          + csv.numFeatures() + " feature columns, expected " + spec.numFeatures());
    }
    return csv;
  }

  /**
   * Keeps the first file's feature column names and passed-through columns; a later file
   * must pass through columns of the same types, since they make one output column each.
   */
  private void keepColumns(String file, int fileIndex, List<String> names, List<StructField> kept) {
    if (fileIndex == 0) {
      featureColumns = names;
      keptFields = kept;
      return;
    }
    for (int k = 0; k < kept.size(); k++) {
      if (!kept.get(k).dataType().equals(keptFields.get(k).dataType())) {
        throw new InputFormatException(file, 0, kept.get(k).name(), "--keep-cols: the column is "
            + kept.get(k).dataType().simpleString() + " here but " + keptFields.get(k).dataType().simpleString()
            + " in " + files().get(0));
      }
    }
  }

  /** The files at the path: itself, the visible files of a directory (sorted), or a glob's matches. */
  private List<String> listFiles() {
    return listFiles(spec.path(), sc.hadoopConfiguration());
  }

  /** The files at {@code pattern}: itself, the visible files of a directory (sorted), or a glob's matches. */
  static List<String> listFiles(String pattern, Configuration conf) {
    Path path = new Path(pattern);
    try {
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        throw new InputFormatException(pattern, 0, null, "no such file or directory");
      }
      List<String> files = new ArrayList<>();
      for (FileStatus match : matches) {
        FileStatus[] inside = match.isDirectory() ? fs.listStatus(match.getPath()) : new FileStatus[] {match};
        Arrays.sort(inside);
        for (FileStatus f : inside) {
          String name = f.getPath().getName();
          if (f.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
            files.add(match.isDirectory() || matches.length > 1 ? f.getPath().toString() : pattern);
          }
        }
      }
      if (files.isEmpty()) {
        throw new InputFormatException(pattern, 0, null, "no data files");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + pattern + ": " + e.getMessage(), e);
    }
  }

  private String firstLine(String file) {
    try (BufferedReader r = open(file, sc.hadoopConfiguration())) {
      return r.readLine();
    } catch (IOException e) {
      throw new InputFormatException(file, 0, null, "cannot read the first line: " + e.getMessage(), e);
    }
  }

  /** The text of {@code file}, decompressed by its codec ({@code .gz}). */
  static BufferedReader open(String file, Configuration conf) throws IOException {
    Path path = new Path(file);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    InputStream raw = path.getFileSystem(conf).open(path);
    try {
      return new BufferedReader(new InputStreamReader(codec == null ? raw : codec.createInputStream(raw),
          StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * Exactly {@code p} partitions, rows in input order: coalesce when there are more input
   * splits, else split the rows into {@code p} contiguous ranges of equal size.
   */
  private static JavaRDD<ParsedRow> spread(JavaRDD<ParsedRow> rows, int p) {
    if (rows.getNumPartitions() >= p) {
      return rows.getNumPartitions() == p ? rows : rows.coalesce(p, false);
    }
    JavaPairRDD<Long, ParsedRow> ranked = rows.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()));
    long count = rows.count();
    return ranked.repartitionAndSortWithinPartitions(new RangeOfRanks(p, count)).values();
  }

  /** Sends the row of rank r (0-based, of n) to partition {@code r * p / n}. */
  private static final class RangeOfRanks extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;
    private final long rows;

    RangeOfRanks(int partitions, long rows) {
      this.partitions = partitions;
      this.rows = Math.max(1, rows);
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (int) Math.min(partitions - 1, (Long) key * partitions / rows);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RangeOfRanks r && r.partitions == partitions && r.rows == rows;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(rows) * 31 + partitions;
    }
  }
}
