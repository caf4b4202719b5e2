package io.sparkrbf.cli;

import io.sparkrbf.checkpoint.CheckpointOptions;
import io.sparkrbf.checkpoint.CheckpointStore;
import io.sparkrbf.config.OptionException;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.AtomicOutput;
import io.sparkrbf.persist.ModelFile;
import io.sparkrbf.report.ReportWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks a command can succeed before Spark starts: inputs exist, outputs do not (unless
 * {@code --overwrite}), a fresh run does not start over old checkpoints. A typo then costs a
 * second, not a cluster job. Files are reached with the Hadoop configuration Spark will use
 * ({@link SparkContexts#hadoopConfiguration()}).
 */
final class Preflight {
  private final Configuration conf;
  private final boolean overwrite;

  Preflight(boolean overwrite, Configuration conf) {
    this.overwrite = overwrite;
    this.conf = conf;
  }

  /** The Hadoop configuration the checks use, which Spark will use too. */
  Configuration configuration() {
    return conf;
  }

  /** Fails when nothing exists at {@code path} (a file, a directory or a glob); null means no input. */
  Preflight input(String option, String path) throws IOException {
    if (path == null) {
      return this;
    }
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    FileStatus[] found = fs.globStatus(p);
    if (found == null || found.length == 0) {
      throw new OptionException(option + " " + path + ": no such file or directory");
    }
    return this;
  }

  /**
   * Fails when the report folder exists and may not be replaced, or when another output
   * lies inside it (the report would then find its folder taken); null means no report.
   */
  Preflight report(String dir, String... otherOutputs) throws IOException {
    if (dir == null) {
      return this;
    }
    ReportWriter.checkWritable(dir, overwrite, conf);
    String folder = qualified(dir);
    for (String other : otherOutputs) {
      if (other != null && (qualified(other).equals(folder) || qualified(other).startsWith(folder + "/"))) {
        throw new OptionException("--report " + dir + " would contain the output " + other
            + "; write the report to its own folder");
      }
    }
    return this;
  }

  private String qualified(String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).makeQualified(p).toString();
  }

  /** {@code path} made absolute, as the report shows it: a plain path on the local file system, else a URI. */
  String absolute(String path) throws IOException {
    Path p = new Path(path);
    Path q = p.getFileSystem(conf).makeQualified(p);
    return "file".equals(q.toUri().getScheme()) ? q.toUri().getPath() : q.toString();
  }

  /**
   * Checks the {@code --history-out} file as {@link #output}, except that a run that resumes
   * may replace a history (JSON lines of epochs, as an interrupted run leaves it): the resumed
   * run writes the whole history again. Returns whether the file may be replaced.
   */
  boolean history(String path, boolean resuming) throws IOException {
    if (path != null && !overwrite && resuming && holdsHistory(path)) {
      return true;
    }
    output(path);
    return overwrite;
  }

  private boolean holdsHistory(String path) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.isFile(p)) {
      return false;
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
      String first = r.readLine();
      return first != null && first.startsWith("{\"epoch\":");
    }
  }

  /** Fails when the output exists and may not be replaced; null means no output. */
  Preflight output(String path) throws IOException {
    if (path != null) {
      AtomicOutput.checkWritable(path, overwrite, conf);
    }
    return this;
  }

  /** Fails when a run that does not resume would start over old checkpoints; null means none. */
  Preflight checkpoints(CheckpointOptions checkpoints) throws IOException {
    if (checkpoints != null) {
      CheckpointStore.checkFreshStart(checkpoints, conf);
    }
    return this;
  }

  /** Reads and validates a model, so that a bad one fails before Spark starts too. */
  RbfModel model(String path) throws IOException {
    return ModelFile.read(path, conf);
  }
}
