package io.sparkrbf.report;

import io.sparkrbf.persist.AtomicOutput;
import io.sparkrbf.persist.JsonOutput;
import io.sparkrbf.train.EpochStats;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.jfree.chart.JFreeChart;

/**
 * Writes the report directory: history.jsonl, loss.png, accuracy.png, confusion.png and
 * index.html. Everything goes into a hidden sibling directory that is renamed into place
 * at the end ({@link AtomicOutput#writeDirectory}), so the directory is either complete
 * or absent. Any Hadoop file system works (the charts are rendered in memory and
 * streamed); on object stores the final rename is a copy, not atomic.
 *
 * <p>An existing directory is refused unless {@code overwrite}; even then only a former
 * report (it has an index.html) or an empty directory is replaced, so a mistyped
 * {@code --report .} cannot delete a working directory.
 */
public final class ReportWriter {
  public static final String HISTORY = "history.jsonl";
  /** The files of a report, in the order they are written. */
  public static final List<String> FILES = List.of(HISTORY, LossChart.FILE, AccuracyChart.FILE, ConfusionChart.FILE,
      ReportPage.FILE);

  private ReportWriter() {
  }

  /** The check before training: {@link AtomicOutput#checkWritableDirectory} and only a report is replaced. */
  public static void checkWritable(String dir, boolean overwrite, Configuration conf) throws IOException {
    AtomicOutput.checkWritableDirectory(dir, overwrite, conf);
    Path path = new Path(dir);
    FileSystem fs = path.getFileSystem(conf);
    if (fs.exists(path)) {
      FileStatus[] content = fs.listStatus(path);
      if (content.length > 0 && !fs.exists(new Path(path, ReportPage.FILE))) {
        throw new IOException(dir + " exists and is not a training report (no " + ReportPage.FILE
            + "); refusing to replace it even with --overwrite");
      }
    }
  }

  /** Writes {@code report} to the directory {@code dir}. */
  public static void write(TrainingReport report, String dir, boolean overwrite, Configuration conf)
      throws IOException {
    ChartStyle.headless();
    checkWritable(dir, overwrite, conf);
    AtomicOutput.writeDirectory(dir, overwrite, conf, temp -> {
      JsonOutput.writeLines(file(temp, HISTORY), report.result().history().stream().map(EpochStats::toMap).toList(),
          false, conf);
      png(file(temp, LossChart.FILE), LossChart.of(report.result(), report.config().labelSmoothing()),
          ChartStyle.WIDTH, ChartStyle.HEIGHT, conf);
      png(file(temp, AccuracyChart.FILE), AccuracyChart.of(report.result()), ChartStyle.WIDTH, ChartStyle.HEIGHT, conf);
      png(file(temp, ConfusionChart.FILE), ConfusionChart.of(report.evaluation().confusion(),
          report.evaluation().classes(), report.evaluatedOn()), ConfusionChart.WIDTH, ConfusionChart.HEIGHT, conf);
      AtomicOutput.writeString(file(temp, ReportPage.FILE), false, conf, ReportPage.html(report, Instant.now()));
    });
  }

  private static String file(String dir, String name) {
    return new Path(dir, name).toString();
  }

  private static void png(String path, JFreeChart chart, int width, int height, Configuration conf)
      throws IOException {
    AtomicOutput.write(path, false, conf, out -> ChartStyle.writePng(chart, width, height, out));
  }
}
