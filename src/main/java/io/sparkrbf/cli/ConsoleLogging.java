package io.sparkrbf.cli;

import io.sparkrbf.config.OptionException;
import java.util.Locale;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The console log of one command: {@code --log-level} sets every logger's level (spark-rbf's
 * and Spark's), {@code --quiet} leaves only errors; without either, the levels of
 * {@code conf/log4j2.properties} stay (info for spark-rbf, warn for Spark). {@link #close}
 * restores the levels it changed, since the in-process tests run many commands in one JVM.
 */
final class ConsoleLogging implements AutoCloseable {
  private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");
  private static final String OURS = "io.sparkrbf";

  private final Level root;
  private final Level ours;

  private ConsoleLogging(Level root, Level ours) {
    this.root = root;
    this.ours = ours;
  }

  /**
   * Applies {@code --log-level} (wins over {@code --quiet}) or {@code --quiet}; nothing when
   * neither is given or the logging backend is not log4j2-core.
   */
  static ConsoleLogging apply(String logLevel, boolean quiet) {
    if (logLevel != null && !LEVELS.contains(logLevel.toLowerCase(Locale.ROOT))) {
      throw new OptionException("--log-level " + logLevel + ": expected error, warn, info, debug or trace");
    }
    if (logLevel == null && !quiet) {
      return new ConsoleLogging(null, null);
    }
    Level level = logLevel == null ? Level.ERROR : Level.toLevel(logLevel);
    try {
      ConsoleLogging previous = new ConsoleLogging(LogManager.getRootLogger().getLevel(),
          LogManager.getLogger(OURS).getLevel());
      Configurator.setRootLevel(level);
      Configurator.setLevel(OURS, level);
      return previous;
    } catch (LinkageError noLog4jCore) {
      return new ConsoleLogging(null, null);
    }
  }

  @Override
  public void close() {
    if (root != null) {
      Configurator.setRootLevel(root);
      Configurator.setLevel(OURS, ours);
    }
  }
}
