package io.sparkrbf;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the Spark integration tests: one {@code local[2]} context per test class,
 * named after it, bound to loopback, without the UI, stopped after the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LocalSpark {
  protected JavaSparkContext sc;

  @BeforeAll
  void startSpark() {
    sc = new JavaSparkContext(configure(new SparkConf()
        .setMaster("local[2]")
        .setAppName(getClass().getSimpleName())
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.ui.showConsoleProgress", "false")));
  }

  /** The context's settings: these, or more where a test class needs them. */
  protected SparkConf configure(SparkConf conf) {
    return conf;
  }

  @AfterAll
  void stopSpark() {
    if (sc != null) {
      sc.stop();
      sc = null;
    }
  }
}
