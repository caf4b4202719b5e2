package io.sparkrbf.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.SparkConf;

/**
 * What every Spark benchmark here shares: a local Spark bound to 127.0.0.1 without UI or
 * progress bar (nothing else listens, nothing draws over the tables), the median of timed
 * runs, and the load average printed beside the results, since a busy machine skews them.
 */
final class BenchSupport {
  private BenchSupport() {
  }

  /** A Spark configuration named {@code "spark-rbf " + name} on {@code master}. */
  static SparkConf sparkConf(String name, String master) {
    return new SparkConf().setAppName("spark-rbf " + name).setMaster(master)
        .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false");
  }

  /** The median; for an even count, the mean of the two middle values. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  /** The 1-minute load average, as uptime shows it ("-1.00" where the system does not tell). */
  static String load() {
    return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
