package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.data.InputFormatException;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Filter.Result;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.filter.Filterable;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/**
 * Which log events the filter drops: those about an input error and the follow-ups of its
 * stage, nothing else; and that it is on the console only while installed.
 */
class InputErrorLogFilterTest {
  private static final String TASK_SET_MANAGER = "org.apache.spark.scheduler.TaskSetManager";
  private static final InputFormatException BAD = new InputFormatException("data.libsvm", 5, "abc",
      "feature value is not a number");

  private final InputErrorLogFilter filter = new InputErrorLogFilter();

  private static LogEvent event(String logger, Level level, String message, Throwable thrown) {
    return Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(level).setMessage(new SimpleMessage(message))
        .setThrown(thrown).build();
  }

  @Test
  void dropsEventsWhoseThrowableIsOrWrapsAnInputError() {
    assertEquals(Result.DENY, filter.filter(event("org.apache.spark.executor.Executor", Level.ERROR,
        "Exception in task 0.0 in stage 0.0 (TID 0)", BAD)));
    assertEquals(Result.DENY, filter.filter(event("anything", Level.WARN, "failed",
        new SparkException("Job aborted", new RuntimeException(BAD)))));
  }

  @Test
  void dropsTheStagesFollowUpsOnlyAfterAnInputErrorInThatStage() {
    LogEvent aborting = event(TASK_SET_MANAGER, Level.ERROR, "Task 0 in stage 2.0 failed 4 times; aborting job", null);
    LogEvent killed = event(TASK_SET_MANAGER, Level.WARN, "Lost task 1.0 in stage 2.0 (TID 5) (127.0.0.1 executor 1):"
        + " TaskKilled (Stage cancelled: Job 2 cancelled)", null);
    LogEvent otherStage = event(TASK_SET_MANAGER, Level.ERROR, "Task 0 in stage 3.0 failed 4 times; aborting job", null);
    assertEquals(Result.NEUTRAL, filter.filter(aborting), "no input error seen yet");
    assertEquals(Result.NEUTRAL, filter.filter(killed), "no input error seen yet");

    assertEquals(Result.DENY, filter.filter(event(TASK_SET_MANAGER, Level.WARN,
        "Lost task 0.0 in stage 2.0 (TID 4) (127.0.0.1 executor 2): " + BAD + "\n\tat io.sparkrbf.data.X.y(X.java:1)",
        null)), "a task failure reported as text, from another JVM");

    assertEquals(Result.DENY, filter.filter(aborting));
    assertEquals(Result.DENY, filter.filter(killed));
    assertEquals(Result.NEUTRAL, filter.filter(otherStage), "another stage failed for another reason");
  }

  @Test
  void keepsGenuineFailures() {
    filter.filter(event(TASK_SET_MANAGER, Level.WARN, "Lost task 0.0 in stage 2.0 (TID 4) (h executor 1): " + BAD, null));
    for (LogEvent genuine : List.of(
        event("org.apache.spark.scheduler.TaskSchedulerImpl", Level.ERROR, "Lost executor 1 on 127.0.0.1: Command exited"
            + " with code 137", null),
        event(TASK_SET_MANAGER, Level.WARN, "Lost task 0.0 in stage 2.0 (TID 6) (h executor 2): ExecutorLostFailure"
            + " (executor 2 exited caused by one of the running tasks) Reason: Command exited with code 137", null),
        event("org.apache.spark.executor.Executor", Level.ERROR, "Exception in task 1.0 in stage 2.0 (TID 5)",
            new OutOfMemoryError("Java heap space")),
        event("org.apache.spark.storage.BlockManager", Level.WARN, "Failed to fetch remote block rdd_3_1", null))) {
      assertEquals(Result.NEUTRAL, filter.filter(genuine), genuine.getMessage().getFormattedMessage());
    }
  }

  @Test
  void dropsTheCleanUpNoticeOfACachedPartitionThatFailedOnAnInputError() {
    String blockManager = "org.apache.spark.storage.BlockManager";
    LogEvent nothingToRemove = event(blockManager, Level.WARN,
        "Block rdd_14_1 could not be removed as it was not found on disk or in memory", null);
    assertEquals(Result.NEUTRAL, filter.filter(nothingToRemove), "no input error seen yet");

    assertEquals(Result.DENY, filter.filter(event(blockManager, Level.WARN,
        "Putting block rdd_14_1 failed due to exception " + BAD + ".", null)));

    assertEquals(Result.DENY, filter.filter(nothingToRemove));
    assertEquals(Result.NEUTRAL, filter.filter(event(blockManager, Level.WARN,
        "Block rdd_14_2 could not be removed as it was not found on disk or in memory", null)));
  }

  @Test
  void dropsTheReportsOfTasksKilledBecauseTheirStageFailedOnAnInputError() {
    String blockManager = "org.apache.spark.storage.BlockManager";
    filter.filter(event(TASK_SET_MANAGER, Level.WARN, "Lost task 3.0 in stage 1.0 (TID 6) (h executor 1): " + BAD, null));
    LogEvent killedInFailedStage = Log4jLogEvent.newBuilder().setLoggerName(blockManager).setLevel(Level.WARN)
        .setThreadName("Executor task launch worker for task 1.0 in stage 1.0 (TID 4)")
        .setMessage(new SimpleMessage("Putting block rdd_5_1 failed due to exception "
            + "org.apache.spark.TaskKilledException.")).build();
    LogEvent killedElsewhere = Log4jLogEvent.newBuilder().setLoggerName(blockManager).setLevel(Level.WARN)
        .setThreadName("Executor task launch worker for task 1.0 in stage 7.0 (TID 9)")
        .setMessage(new SimpleMessage("Putting block rdd_8_1 failed due to exception "
            + "org.apache.spark.TaskKilledException.")).build();

    assertEquals(Result.DENY, filter.filter(killedInFailedStage));
    assertEquals(Result.DENY, filter.filter(event(blockManager, Level.WARN,
        "Block rdd_5_1 could not be removed as it was not found on disk or in memory", null)));
    assertEquals(Result.NEUTRAL, filter.filter(killedElsewhere));
    assertEquals(Result.NEUTRAL, filter.filter(event(blockManager, Level.WARN,
        "Block rdd_8_1 could not be removed as it was not found on disk or in memory", null)));
  }

  @Test
  void dropsWhatTheTasksOfAFailedWriteLogFromTheirThreadsAfterTheInputError() {
    String writer = "org.apache.spark.sql.execution.datasources.FileFormatWriter";
    String failingTask = "Executor task launch worker for task 1.0 in stage 2.0 (TID 5)";
    LogEvent siblingInterrupted = onThread("Executor task launch worker for task 0.0 in stage 2.0 (TID 4)",
        "org.apache.spark.util.Utils", Level.ERROR, "Aborting task",
        new SparkException("Task failed while writing rows", new java.nio.channels.ClosedByInterruptException()));
    LogEvent otherStage = onThread("Executor task launch worker for task 0.0 in stage 3.0 (TID 8)", writer,
        Level.ERROR, "Job: job_1, Task: task_1_m_000000, Task attempt attempt_1_m_000000_8 aborted.", null);
    assertEquals(Result.NEUTRAL, filter.filter(siblingInterrupted), "no input error seen yet");

    assertEquals(Result.DENY, filter.filter(onThread(failingTask, "org.apache.spark.util.Utils", Level.ERROR,
        "Aborting task", new SparkException("Task failed while writing rows", BAD))));

    assertEquals(Result.DENY, filter.filter(onThread(failingTask, writer, Level.ERROR,
        "Job: job_1, Task: task_1_m_000001, Task attempt attempt_1_m_000001_5 aborted.", null)));
    assertEquals(Result.DENY, filter.filter(siblingInterrupted));
    assertEquals(Result.DENY, filter.filter(onThread("Executor task launch worker for task 0.0 in stage 2.0 (TID 4)",
        "org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter", Level.WARN, "Could not delete file:/out/x",
        null)));
    assertEquals(Result.NEUTRAL, filter.filter(otherStage));
  }

  private static LogEvent onThread(String thread, String logger, Level level, String message, Throwable thrown) {
    return Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(level).setThreadName(thread)
        .setMessage(new SimpleMessage(message)).setThrown(thrown).build();
  }

  @Test
  void isOnEveryAppenderOnlyWhileInstalledAlsoAfterAReconfiguration() {
    LoggerContext context = (LoggerContext) LogManager.getContext(org.apache.spark.SparkContext.class.getClassLoader(),
        false);
    LogEvent bad = event("org.apache.spark.executor.Executor", Level.ERROR, "Exception in task", BAD);
    List<Filterable> before = appenders(context);
    List<Filterable> after;
    assertFalse(before.isEmpty(), "conf/log4j2.properties has a console appender");

    try (InputErrorLogFilter.Installation installed = InputErrorLogFilter.install()) {
      before.forEach(appender -> assertTrue(appender.isFiltered(bad), ((Appender) appender).getName()));
      context.reconfigure();
      after = appenders(context);
      assertTrue(after.stream().noneMatch(before::contains), "a reconfiguration makes new appenders");
      after.forEach(appender -> assertTrue(appender.isFiltered(bad), ((Appender) appender).getName()));
    }
    after.forEach(appender -> assertFalse(appender.isFiltered(bad), ((Appender) appender).getName()));
  }

  private static List<Filterable> appenders(LoggerContext context) {
    return context.getConfiguration().getAppenders().values().stream()
        .filter(Filterable.class::isInstance).map(Filterable.class::cast).toList();
  }
}
