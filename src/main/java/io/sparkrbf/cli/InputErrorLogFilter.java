package io.sparkrbf.cli;

import io.sparkrbf.data.InputFormatException;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.core.filter.Filterable;

/**
 * Keeps Spark's own reports of an input error off the console while a command runs. Bad
 * input is found inside Spark tasks (parsing is lazy) and reaches the command as a failed
 * job, which it prints as one {@code error:} line; but Spark's Executor and TaskSetManager
 * log the failure first, with stack traces. This filter drops exactly the log events about
 * an {@link InputFormatException}:
 *
 * <ul>
 *   <li>events whose throwable or one of its causes is one (the executor's report in local mode);
 *   <li>events whose text names one (a task failure as the driver logs it, also when it comes
 *       from an executor JVM: "Lost task 0.0 in stage 2.0 ...: io.sparkrbf.data.InputFormatException: ...");
 *   <li>Spark's follow-up lines of a stage that had one: "Task 0 in stage 2.0 failed 1 times;
 *       aborting job", the stage's other tasks being killed ("Lost task ... TaskKilled (...)"), and
 *       whatever the stage's tasks log from their own threads after it: the failing task's clean-up
 *       (a write task's "Task attempt ... aborted."), the others killed or interrupted with the job
 *       ("Putting block rdd_5_1 failed due to exception org.apache.spark.TaskKilledException", an
 *       interrupted write's "Aborting task", a task folder Hadoop "Could not delete"); and of a cached
 *       partition whose computation failed so ("Block rdd_5_0 could not be removed as it was not
 *       found on disk or in memory").
 * </ul>
 *
 * <p>Everything else shows, so a genuine failure (an executor lost, out of memory) is still
 * logged. {@link #install} adds the filter to every appender of the running log4j2
 * configuration, whoever configured it (our {@code conf/log4j2.properties}, or Spark's under
 * spark-submit), and to the new appenders after a reconfiguration, until it is closed.
 */
final class InputErrorLogFilter extends AbstractFilter {
  private static final String INPUT_ERROR = InputFormatException.class.getName();
  private static final Pattern STAGE = Pattern.compile("\\bin stage (\\d+\\.\\d+)");
  private static final Pattern ABORTING =
      Pattern.compile("^Task \\d+ in stage (\\d+\\.\\d+) failed \\d+ times; aborting job");
  private static final Pattern KILLED = Pattern.compile("^Lost task \\S+ in stage (\\d+\\.\\d+) .*: TaskKilled \\(");
  private static final Pattern PUTTING_BLOCK = Pattern.compile("^Putting block (\\S+) failed");
  private static final Pattern NOTHING_TO_REMOVE =
      Pattern.compile("^Block (\\S+) could not be removed as it was not found on disk or in memory");

  /** Stages (id.attempt) in which a task failed on an input error. */
  private final Set<String> failedStages = ConcurrentHashMap.newKeySet();
  /** Cached partitions (block ids) whose computation failed on an input error. */
  private final Set<String> failedBlocks = ConcurrentHashMap.newKeySet();

  /** The filter on the running log4j2 configuration; closing removes it. */
  interface Installation extends AutoCloseable {
    /** Nothing installed: the logging backend is not log4j2-core. */
    Installation NONE = () -> { };

    @Override
    void close();
  }

  /**
   * Adds a fresh filter to every appender of the log4j2 configuration Spark logs through, and
   * to the appenders of any configuration that replaces it, until the installation is closed.
   */
  static Installation install() {
    if (!(LogManager.getContext(org.apache.spark.SparkContext.class.getClassLoader(), false)
        instanceof LoggerContext context)) {
      return Installation.NONE;
    }
    InputErrorLogFilter filter = new InputErrorLogFilter();
    filter.start();
    List<Filterable> filtered = new ArrayList<>();
    Runnable attach = () -> {
      synchronized (filtered) {
        for (Appender appender : context.getConfiguration().getAppenders().values()) {
          if (appender instanceof Filterable f && !filtered.contains(f)) {
            f.addFilter(filter);
            filtered.add(f);
          }
        }
      }
    };
    PropertyChangeListener reconfigured = (PropertyChangeEvent e) -> {
      if (LoggerContext.PROPERTY_CONFIG.equals(e.getPropertyName()) && e.getNewValue() instanceof Configuration) {
        attach.run();
      }
    };
    attach.run();
    context.addPropertyChangeListener(reconfigured);
    return () -> {
      context.removePropertyChangeListener(reconfigured);
      synchronized (filtered) {
        filtered.forEach(f -> f.removeFilter(filter));
        filtered.clear();
      }
      filter.stop();
    };
  }

  @Override
  public Result filter(LogEvent event) {
    String message = event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
    String thread = event.getThreadName() == null ? "" : event.getThreadName();
    if (InputFormatException.findCause(event.getThrown()).isPresent() || message.contains(INPUT_ERROR)) {
      remember(STAGE, message, failedStages);
      remember(STAGE, thread, failedStages);
      remember(PUTTING_BLOCK, message, failedBlocks);
      return Result.DENY;
    }
    // a task of the failed stage after the input error, from its own thread: the failing task's clean-up
    // ("Task attempt ... aborted."), the others killed or interrupted when the job was aborted
    // ("Executor task launch worker for task 1.0 in stage 2.0 (TID 5)")
    if (names(STAGE, thread, failedStages)) {
      remember(PUTTING_BLOCK, message, failedBlocks);
      return Result.DENY;
    }
    String logger = event.getLoggerName();
    if (logger == null || !logger.startsWith("org.apache.spark.")) {
      return Result.NEUTRAL;
    }
    if (names(ABORTING, message, failedStages) || names(KILLED, message, failedStages)
        || names(NOTHING_TO_REMOVE, message, failedBlocks)) {
      return Result.DENY;
    }
    return Result.NEUTRAL;
  }

  private static void remember(Pattern key, String message, Set<String> keys) {
    Matcher m = key.matcher(message);
    if (m.find()) {
      keys.add(m.group(1));
    }
  }

  /** Whether {@code message} is {@code followUp} about one of {@code keys}. */
  private static boolean names(Pattern followUp, String message, Set<String> keys) {
    Matcher m = followUp.matcher(message);
    return m.find() && keys.contains(m.group(1));
  }
}
