package io.sparkrbf.cli;

import io.sparkrbf.kernel.Blas;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Spark for a command: under spark-submit the master and settings come from it;
 * embedded, the {@code --master} option (default {@code local[*]}) applies, bound to the
 * loopback interface.
 */
final class SparkContexts {
  private static final Logger LOG = LoggerFactory.getLogger(SparkContexts.class);

  private SparkContexts() {
  }

  static JavaSparkContext start(String command, CommonOptions options) {
    SparkConf conf = new SparkConf().setAppName("spark-rbf " + command);
    if (!conf.contains("spark.master")) {
      conf.setMaster(options.master);
    }
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    options.sparkConf.forEach(conf::set);
    JavaSparkContext sc = new JavaSparkContext(conf);
    LOG.info("Spark {} on {}, default parallelism {}; driver BLAS: {}", sc.version(), sc.master(),
        sc.defaultParallelism(), Blas.describe());
    return sc;
  }
}
