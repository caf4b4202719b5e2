package io.sparkrbf.predict;

import io.sparkrbf.data.DataReader;
import io.sparkrbf.data.InputFormat;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.data.RowLocator;
import io.sparkrbf.data.ScoringColumns;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.InputMap;
import io.sparkrbf.persist.AtomicOutput;
import io.sparkrbf.persist.RunningTasks;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code predict}: scores data of any size with a model, labelled or not, and writes one
 * output row per input row with what identifies it ({@link PredictionColumns} lists the
 * columns).
 *
 * <p>The executors score their partitions in blocks ({@link PartitionScorer}) and write the
 * output themselves through Spark's writer of the chosen format and its commit protocol, into
 * a hidden temporary folder beside the target that {@link AtomicOutput#writeDirectory} moves
 * into place only once the Spark job committed: a failed or killed job leaves nothing under
 * the target's name, a task retried after a lost executor writes its rows once, and no row
 * passes through the driver, whose memory does not grow with the data. For small outputs, a
 * single CSV file streamed through the driver one partition at a time, in input order, and
 * renamed into place when complete.
 */
public final class Prediction {
  /** The marker file of a folder Spark's writers committed, which every folder predict wrote has. */
  private static final String SUCCESS_MARKER = "_SUCCESS";

  private final RbfModel model;
  private final InputSpec input;
  private final ScoringColumns columns;
  private final PredictionOutput out;

  /**
   * Checks what can be checked before Spark starts: kept columns are refused for LIBSVM input
   * and where the output has a column of that name ({@link io.sparkrbf.config.OptionException}).
   *
   * @param keep the input columns passed through to the output (CSV, Parquet)
   */
  public Prediction(RbfModel model, InputSpec input, List<String> keep, PredictionOutput out) {
    this.model = model;
    this.input = input;
    this.columns = new ScoringColumns(keep, ModelInputs.recordedFeatureColumns(model));
    this.out = out;
    columns.requireColumnsIn(input);
    PredictionColumns.requireDistinct(input.effectiveFormat() == InputFormat.LIBSVM ? ScoringColumns.ROW_ID
        : columns.keep(), model.labels(), out.format().vectorColumns(), out.rawScores());
  }

  /**
   * The check before Spark starts, and again before writing: the output may be written
   * ({@link AtomicOutput#checkWritable}, {@link AtomicOutput#checkWritableDirectory}), and
   * {@code --overwrite} replaces only a former output of predict: a file, or a folder with
   * Spark's {@code _SUCCESS} marker or nothing in it.
   */
  public void checkWritable(Configuration conf) throws IOException {
    if (out.singleFile()) {
      AtomicOutput.checkWritable(out.path(), out.overwrite(), conf);
      return;
    }
    AtomicOutput.checkWritableDirectory(out.path(), out.overwrite(), conf);
    Path path = new Path(out.path());
    FileSystem fs = path.getFileSystem(conf);
    if (fs.exists(path) && fs.listStatus(path).length > 0 && !fs.exists(new Path(path, SUCCESS_MARKER))) {
      throw new IOException(out.path() + " exists and is not an output of predict (no " + SUCCESS_MARKER
          + "); refusing to replace it even with --overwrite");
    }
  }

  /** Scores the input and writes the output; returns the number of rows written. */
  public long write(JavaSparkContext sc) throws IOException {
    checkWritable(sc.hadoopConfiguration());
    DataReader reader = ModelInputs.scoringReader(sc, model, input, columns);
    JavaRDD<ParsedRow> rows = reader.read();
    PredictionColumns layout = new PredictionColumns(reader.keptFields(), model.labels(),
        out.format().vectorColumns(), out.rawScores());
    Broadcast<RbfParameters> params = sc.broadcast(model.parameters());
    LongAccumulator scored = sc.sc().longAccumulator("predict: rows scored");
    Scoring scoring = new Scoring(params, model.inputMap(), reader.locator(), out.rawScores(), scored);
    try {
      sc.setJobDescription("predict " + input.path());
      if (out.singleFile()) {
        writeCsvFile(sc, scoring.of(rows, layout::csvLine), layout);
      } else {
        writeFolder(sc, scoring.of(rows, layout::row), layout);
      }
      return scored.value();
    } finally {
      sc.setJobDescription(null);
      params.destroy();
    }
  }

  /** What the executors need to score a partition. */
  private record Scoring(Broadcast<RbfParameters> params, InputMap map, RowLocator locator,
                         boolean withLogits, LongAccumulator scored) implements Serializable {
    <T> JavaRDD<T> of(JavaRDD<ParsedRow> rows, PartitionScorer.Output<T> output) {
      return rows.mapPartitions(it -> new PartitionScorer<>(it, params.value(), map, locator, withLogits, scored,
          output));
    }
  }

  private void writeFolder(JavaSparkContext sc, JavaRDD<Row> rows, PredictionColumns layout) throws IOException {
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    DataFrameWriter<Row> writer = spark.createDataFrame(rows, layout.schema()).write().mode(SaveMode.Overwrite)
        .format(out.format().id());
    switch (out.format()) {
      case CSV -> writer.option("header", true);
      case JSON -> writer.option("ignoreNullFields", false);
      case PARQUET -> { }
    }
    AtomicOutput.writeDirectory(out.path(), out.overwrite(), sc.hadoopConfiguration(), dir -> {
      try {
        writer.save(dir);
      } catch (RuntimeException e) {
        RunningTasks.awaitNone(sc.sc());
        throw e;
      }
    });
  }

  private void writeCsvFile(JavaSparkContext sc, JavaRDD<String> lines, PredictionColumns layout) throws IOException {
    AtomicOutput.write(out.path(), out.overwrite(), sc.hadoopConfiguration(), stream -> {
      Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
      w.write(layout.csvHeader());
      for (Iterator<String> it = lines.toLocalIterator(); it.hasNext(); ) {
        w.write(it.next());
      }
      w.flush();
    });
  }
}
