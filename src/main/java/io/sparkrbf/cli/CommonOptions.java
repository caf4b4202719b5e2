package io.sparkrbf.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every subcommand has: where Spark runs, extra Spark settings, verbosity. */
final class CommonOptions {
  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master when not launched by spark-submit (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = {"A Spark setting, e.g. --conf spark.executor.memory=4g; repeatable. spark.hadoop.* settings",
          "reach every file access. The driver runs in this JVM: give it memory with JAVA_OPTS=-Xmx8g",
          "(submit/rbf) or spark-submit --driver-memory, not with spark.driver.memory."})
  Map<String, String> sparkConf = new LinkedHashMap<>();

  @Option(names = "--config", paramLabel = "FILE",
      description = "Read option defaults from FILE instead of conf/rbf.properties.")
  String config;

  @Option(names = "--overwrite",
      description = "Replace existing output files; train: start afresh in a --checkpoint-dir holding checkpoints.")
  boolean overwrite;

  @Option(names = "--verbose", description = "Print stack traces of errors, and Spark's log reports of bad input.")
  boolean verbose;

  @Option(names = "--quiet", description = "Print only errors and the final line: no progress lines, no log.")
  boolean quiet;

  @Option(names = "--log-level", paramLabel = "error|warn|info|debug",
      description = "Level of the console log, Spark's included (default: info for spark-rbf, warn for Spark).")
  String logLevel;
}
