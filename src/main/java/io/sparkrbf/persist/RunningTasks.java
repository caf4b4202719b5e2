package io.sparkrbf.persist;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;

/**
 * Waiting for a failed job's tasks to end. When a job fails, Spark ends it without waiting
 * for its other tasks: a task still writing could create files in a temporary folder after
 * the failure deleted it, and a context stopped under running tasks logs Spark's own
 * shutdown errors (a rejected status update with its stack trace) after the user's one-line
 * error. Spark stops those tasks at their next record, so the wait is short.
 */
public final class RunningTasks {
  /** The longest wait for the tasks still running to end. */
  private static final long MAX_WAIT_SECONDS = 60;

  private RunningTasks() {
  }

  /** Returns once no executor runs a task, or after {@link #MAX_WAIT_SECONDS}, or when interrupted. */
  public static void awaitNone(SparkContext sc) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_WAIT_SECONDS);
    while (System.nanoTime() < deadline
        && Arrays.stream(sc.statusTracker().getExecutorInfos()).anyMatch(e -> e.numRunningTasks() > 0)) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
