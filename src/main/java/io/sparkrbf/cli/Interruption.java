package io.sparkrbf.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM while a command runs: the first one stops the run in an orderly
 * way instead of exiting at once. The JVM's own handlers would start the shutdown hooks, among
 * them Spark's, which stop the context under the running job, so the run would end with
 * Spark's error ("Cannot call methods on a stopped SparkContext") and whatever the command
 * was writing half done. Here the signal only marks the run interrupted and cancels its Spark
 * jobs (running ones now, later ones as they start); the command sees a failed job or the
 * next epoch's start ({@link #check}), keeps what it measured, removes nothing good and ends
 * with one line and the exit code of the signal (130, 143). A second signal exits at once.
 * {@link #close} puts the previous handlers back (the in-process tests run many commands).
 */
final class Interruption implements AutoCloseable {
  private static final Map<String, Integer> SIGNALS = Map.of("INT", 2, "TERM", 15);

  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
  private volatile String signal;
  private volatile SparkContext spark;

  private Interruption() {
  }

  /** Handles SIGINT and SIGTERM until {@link #close}; a signal the JVM reserves (-Xrs) stays as it is. */
  static Interruption install() {
    Interruption interruption = new Interruption();
    for (String name : SIGNALS.keySet()) {
      Signal s = new Signal(name);
      try {
        interruption.previous.put(s, Signal.handle(s, interruption::received));
      } catch (IllegalArgumentException reserved) {
        // left to the JVM
      }
    }
    return interruption;
  }

  private void received(Signal s) {
    if (signal != null) {
      System.exit(128 + s.getNumber());
    }
    signal = s.getName();
    SparkContext sc = spark;
    if (sc != null) {
      sc.cancelAllJobs();
    }
  }

  /** Cancels the jobs of {@code sc} once a signal came, those that start later included. */
  void watch(SparkContext sc) {
    sc.addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart job) {
        if (signal != null) {
          sc.cancelJob(job.jobId());
        }
      }
    });
    spark = sc;
    if (signal != null) {
      sc.cancelAllJobs();
    }
  }

  /** Whether a signal came. */
  boolean interrupted() {
    return signal != null;
  }

  /** Throws {@link Interrupted} once a signal came: for the points between epochs. */
  void check() {
    if (signal != null) {
      throw new Interrupted(signal);
    }
  }

  /** The exit code of the signal that came: 128 + its number. */
  int exitCode() {
    return 128 + SIGNALS.get(signal);
  }

  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }

  /** Stops a run between epochs; the command turns it into its one-line message. */
  static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Interrupted(String signal) {
      super("SIG" + signal, null, false, false);
    }
  }
}
