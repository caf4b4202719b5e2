package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The Hadoop configuration a command uses before Spark starts is the one Spark then makes
 * from the same settings: a guard against the mirror in {@link SparkContexts} drifting from
 * the Spark version built against (CI builds Spark 4.1 and 3.5).
 */
class SparkContextsIT {
  /**
   * What SparkContexts leaves out on purpose (see its class comment): Spark 3.5's default S3
   * endpoint, Spark 4.1's S3A vectored-read sizes.
   */
  private static final Set<String> NOT_MIRRORED = Set.of("fs.s3a.endpoint", "fs.s3a.vectored.read.min.seek.size",
      "fs.s3a.vectored.read.max.merged.size");

  @Test
  void theHadoopConfigurationBeforeSparkIsTheOneSparkMakes() {
    CommonOptions options = new CommonOptions();
    options.master = "local[1]";
    options.sparkConf.put("spark.ui.enabled", "false");
    options.sparkConf.put("spark.hadoop.fs.flaky.impl", "io.sparkrbf.FlakyFileSystem");
    options.sparkConf.put("spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version", "2");
    options.sparkConf.put("spark.buffer.size", "131072");
    // what spark-submit passes from spark-defaults.conf and its own --conf
    System.setProperty("spark.hadoop.rbf.test.submitted", "from spark-submit");
    System.setProperty(SparkContexts.EXECUTOR_BLAS_THREADS, "3");
    System.setProperty(SparkContexts.EXECUTOR_JAVA_OPTIONS, "-Xss4m");
    Configuration before;
    Map<String, String> beforeStart;
    Map<String, String> spark;
    try {
      SparkContexts contexts = SparkContexts.forCommand("test", options);
      before = contexts.hadoopConfiguration();
      beforeStart = settings(before);
      try (JavaSparkContext sc = contexts.start()) {
        spark = settings(sc.hadoopConfiguration());
        assertEquals("3", sc.getConf().get(SparkContexts.EXECUTOR_BLAS_THREADS), "spark-defaults.conf wins");
        // Spark 4 puts its own module options first (with the module already); Spark 3.5 has none of them
        String executorOptions = sc.getConf().get(SparkContexts.EXECUTOR_JAVA_OPTIONS);
        assertTrue(executorOptions.endsWith("-Xss4m --add-modules=jdk.incubator.vector"), executorOptions);
      }
    } finally {
      System.clearProperty("spark.hadoop.rbf.test.submitted");
      System.clearProperty(SparkContexts.EXECUTOR_BLAS_THREADS);
      System.clearProperty(SparkContexts.EXECUTOR_JAVA_OPTIONS);
    }

    assertEquals("io.sparkrbf.FlakyFileSystem", beforeStart.get("fs.flaky.impl"));
    assertEquals("from spark-submit", beforeStart.get("rbf.test.submitted"));
    assertEquals("2", beforeStart.get("mapreduce.fileoutputcommitter.algorithm.version"));
    assertEquals("131072", beforeStart.get("io.file.buffer.size"));
    // compared now: Spark loads Hadoop's MapReduce classes, which add default resources to every Configuration
    assertEquals(Map.of(), differences(settings(before), spark), "key: before Spark / Spark's");
  }

  private static Map<String, String> differences(Map<String, String> ours, Map<String, String> spark) {
    Map<String, String> differing = new TreeMap<>();
    Set<String> keys = new TreeSet<>(ours.keySet());
    keys.addAll(spark.keySet());
    for (String key : keys) {
      if (!Objects.equals(ours.get(key), spark.get(key))) {
        differing.put(key, ours.get(key) + " / " + spark.get(key));
      }
    }
    return differing;
  }

  private static Map<String, String> settings(Configuration conf) {
    Map<String, String> all = new TreeMap<>();
    conf.forEach(e -> all.put(e.getKey(), e.getValue()));
    all.keySet().removeAll(NOT_MIRRORED);
    return all;
  }
}
