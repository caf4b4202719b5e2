package io.sparkrbf.data;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Hadoop's text input format (the lines of a plain or compressed file, as
 * {@code SparkContext.textFile} reads them) whose read failures are {@link InputFormatException}s
 * naming the file as the user gave it and, in the file's first split, the last line read:
 * when a split is opened (a truncated bzip2 block, a vanished file) as well as when it is read
 * (a truncated {@code .gz}). Spark then reports them as bad input whichever job reads, the
 * counting job of {@code zipWithIndex} or a later one.
 */
final class GuardedTextInputFormat extends TextInputFormat {
  private static final String FILE = "io.sparkrbf.input.file";

  /** The lines of {@code file} in at least {@code minPartitions} splits, like {@code textFile}. */
  static JavaRDD<String> lines(JavaSparkContext sc, String file, int minPartitions) {
    JobConf conf = new JobConf(sc.hadoopConfiguration());
    FileInputFormat.setInputPaths(conf, new Path(file));
    conf.set(FILE, file);
    return sc.hadoopRDD(conf, GuardedTextInputFormat.class, LongWritable.class, Text.class, minPartitions)
        .map(line -> line._2().toString());
  }

  @Override
  public RecordReader<LongWritable, Text> getRecordReader(InputSplit split, JobConf job, Reporter reporter) {
    String file = job.get(FILE);
    boolean fromStart = !(split instanceof FileSplit s) || s.getStart() == 0;
    try {
      return new Guarded(super.getRecordReader(split, job, reporter), file, fromStart);
    } catch (IOException | RuntimeException e) {
      throw ReadGuard.failure(file, "line", 0, fromStart, e);
    }
  }

  /** A split's lines, each failure to read the next an input error. */
  private static final class Guarded implements RecordReader<LongWritable, Text> {
    private final RecordReader<LongWritable, Text> lines;
    private final String file;
    private final boolean fromStart;
    private long read;

    Guarded(RecordReader<LongWritable, Text> lines, String file, boolean fromStart) {
      this.lines = lines;
      this.file = file;
      this.fromStart = fromStart;
    }

    @Override
    public boolean next(LongWritable key, Text value) {
      try {
        boolean more = lines.next(key, value);
        read += more ? 1 : 0;
        return more;
      } catch (IOException | RuntimeException e) {
        throw ReadGuard.failure(file, "line", read, fromStart, e);
      }
    }

    @Override
    public LongWritable createKey() {
      return lines.createKey();
    }

    @Override
    public Text createValue() {
      return lines.createValue();
    }

    @Override
    public long getPos() throws IOException {
      return lines.getPos();
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }

    @Override
    public float getProgress() throws IOException {
      return lines.getProgress();
    }
  }
}
