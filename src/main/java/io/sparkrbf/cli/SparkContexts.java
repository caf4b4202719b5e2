package io.sparkrbf.cli;

import io.sparkrbf.kernel.Blas;
import io.sparkrbf.persist.RunningTasks;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The Spark settings of one command and the Hadoop configuration Spark derives from them,
 * made once before Spark starts. Every check and read before Spark starts (inputs, outputs,
 * models, checkpoints) uses {@link #hadoopConfiguration()}, and {@link #start()} starts Spark
 * from the same settings, so {@code spark.hadoop.*} settings reach every file access alike,
 * whether they come from {@code --conf} or from spark-submit (its {@code --conf} and
 * spark-defaults.conf arrive as {@code spark.*} system properties, which {@link SparkConf}
 * reads). Once Spark runs, commands use {@code sc.hadoopConfiguration()}.
 *
 * <p>Under spark-submit the master comes from it; embedded, the {@code --master} option
 * (default {@code local[*]}) applies, bound to the loopback interface.
 *
 * <p>Spark has no public API for the Hadoop configuration before a context exists (its
 * {@code SparkHadoopUtil.newConfiguration} is internal), so {@link #hadoopConfiguration(SparkConf)}
 * mirrors what that method does in Spark 3.5 and 4.1 for file systems: the Hadoop defaults
 * and {@code __spark_hadoop_conf__.xml} (the gateway's settings on YARN), S3 credentials from
 * the {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}
 * environment variables, every {@code spark.hadoop.KEY} as {@code KEY} with Spark's two
 * defaults for such keys, and {@code io.file.buffer.size} from {@code spark.buffer.size}. Not
 * mirrored: Hive's settings (hive-site.xml, {@code spark.hive.*}), which concern no file
 * system; the S3 endpoint that only one of the versions sets ({@code fs.s3a.endpoint}:
 * Spark 3.5 makes it {@code s3.amazonaws.com} when neither it nor a region is set, Spark 4.1
 * takes {@code AWS_ENDPOINT_URL}); and what Spark 4.1's context adds for its own jobs (S3A
 * vectored-read sizes, the S3A magic committer), which the plain reads and writes here do not
 * use. {@code SparkContextsIT} compares the result with {@code sc.hadoopConfiguration()}.
 */
final class SparkContexts {
  private static final Logger LOG = LoggerFactory.getLogger(SparkContexts.class);
  private static final String SPARK_HADOOP = "spark.hadoop.";
  /** The executors' BLAS threads: one per task unless set, since Spark already runs one task per core. */
  static final String EXECUTOR_BLAS_THREADS = "spark.executorEnv.OPENBLAS_NUM_THREADS";
  static final String EXECUTOR_JAVA_OPTIONS = "spark.executor.extraJavaOptions";
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private final SparkConf spark;
  private final Configuration hadoop;

  private SparkContexts(SparkConf spark) {
    this.spark = spark;
    this.hadoop = hadoopConfiguration(spark);
  }

  /** The settings of a command that runs Spark: spark-submit's, else {@code --master}, then {@code --conf}. */
  static SparkContexts forCommand(String command, CommonOptions options) {
    SparkConf conf = new SparkConf().setAppName("spark-rbf " + command);
    if (!conf.contains("spark.master")) {
      conf.setMaster(options.master);
    }
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing(EXECUTOR_BLAS_THREADS, blasThreads(System.getenv()));
    options.sparkConf.forEach(conf::set);
    conf.set(EXECUTOR_JAVA_OPTIONS, withVectorModule(conf.get(EXECUTOR_JAVA_OPTIONS, "")));
    return new SparkContexts(conf);
  }

  /**
   * The executors' Java options with {@code --add-modules=jdk.incubator.vector} appended unless
   * they name the module already: without it the kernel's element-wise passes fall back to
   * scalar code, several times slower on tabular data (docs/cluster.md). Appended, so what
   * spark-defaults.conf or {@code --conf} set stays.
   */
  static String withVectorModule(String javaOptions) {
    if (javaOptions.contains(VECTOR_MODULE)) {
      return javaOptions;
    }
    return (javaOptions.strip() + " --add-modules=" + VECTOR_MODULE).strip();
  }

  /**
   * The executors' OpenBLAS threads when no setting (spark-defaults.conf, {@code --conf}) gives them:
   * the driver's {@code OPENBLAS_NUM_THREADS}, else 1. OpenBLAS threads on top of Spark's one task
   * per core oversubscribe the cores (measured: epochs 1.5 to 2x slower).
   */
  static String blasThreads(Map<String, String> env) {
    String threads = env.get("OPENBLAS_NUM_THREADS");
    return threads == null || threads.isBlank() ? "1" : threads;
  }

  /**
   * The Hadoop configuration of a command that never starts Spark (generate, export): spark-submit's
   * settings, then {@code settings} (a command's {@code --conf}; its {@code spark.hadoop.*} keys count).
   */
  static Configuration withoutSpark(Map<String, String> settings) {
    SparkConf conf = new SparkConf();
    settings.forEach(conf::set);
    return hadoopConfiguration(conf);
  }

  /** The Hadoop configuration for file access before Spark starts. */
  Configuration hadoopConfiguration() {
    return hadoop;
  }

  /** Starts Spark from these settings. */
  JavaSparkContext start() {
    JavaSparkContext sc = new StoppedAfterItsTasks(spark);
    LOG.info("Spark {} on {}, default parallelism {}; driver BLAS: {}", sc.version(), sc.master(),
        sc.defaultParallelism(), Blas.describe());
    if (sc.sc().uiWebUrl().isDefined()) {
      LOG.info("Spark UI at {} while the command runs", sc.sc().uiWebUrl().get());
    }
    return sc;
  }

  /** The Hadoop configuration Spark derives from {@code spark} (see the class comment for what is mirrored). */
  static Configuration hadoopConfiguration(SparkConf spark) {
    Configuration hadoop = new Configuration();
    hadoop.addResource("__spark_hadoop_conf__.xml");
    Map<String, String> env = System.getenv();
    String accessKey = env.get("AWS_ACCESS_KEY_ID");
    String secretKey = env.get("AWS_SECRET_ACCESS_KEY");
    if (accessKey != null && secretKey != null) {
      hadoop.set("fs.s3.awsAccessKeyId", accessKey);
      hadoop.set("fs.s3n.awsAccessKeyId", accessKey);
      hadoop.set("fs.s3a.access.key", accessKey);
      hadoop.set("fs.s3.awsSecretAccessKey", secretKey);
      hadoop.set("fs.s3n.awsSecretAccessKey", secretKey);
      hadoop.set("fs.s3a.secret.key", secretKey);
      String sessionToken = env.get("AWS_SESSION_TOKEN");
      if (sessionToken != null) {
        hadoop.set("fs.s3a.session.token", sessionToken);
      }
    }
    for (Tuple2<String, String> setting : spark.getAll()) {
      if (setting._1().startsWith(SPARK_HADOOP)) {
        hadoop.set(setting._1().substring(SPARK_HADOOP.length()), setting._2());
      }
    }
    if (!spark.contains(SPARK_HADOOP + "mapreduce.fileoutputcommitter.algorithm.version")) {
      hadoop.set("mapreduce.fileoutputcommitter.algorithm.version", "1");
    }
    if (!spark.contains(SPARK_HADOOP + "fs.s3a.downgrade.syncable.exceptions")) {
      hadoop.set("fs.s3a.downgrade.syncable.exceptions", "true");
    }
    hadoop.set("io.file.buffer.size", String.valueOf(spark.getInt("spark.buffer.size", 65536)));
    return hadoop;
  }

  /**
   * A context that, when closed, first lets the tasks of a failed job end
   * ({@link RunningTasks#awaitNone}), so a command's failure is its one-line error and not
   * also Spark's errors of a context stopped under running tasks.
   */
  private static final class StoppedAfterItsTasks extends JavaSparkContext {
    StoppedAfterItsTasks(SparkConf conf) {
      super(conf);
    }

    @Override
    public void close() {
      RunningTasks.awaitNone(sc());
      super.close();
    }
  }
}
