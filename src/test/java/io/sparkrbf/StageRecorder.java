package io.sparkrbf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.collection.Iterator;

/**
 * What Spark ran, for tests that check the shape of a job: each job's stages (by its
 * description) and each finished task's result and shuffle bytes. Add one with
 * {@code sc.sc().addSparkListener}, or name the class in {@code spark.extraListeners} for a
 * context a command starts, and read it through {@link #latest()}.
 */
public final class StageRecorder extends SparkListener {
  private static volatile StageRecorder latest;

  private final Map<Integer, String> descriptions = new ConcurrentHashMap<>();
  private final Map<Integer, List<Integer>> stagesOfJob = new ConcurrentHashMap<>();
  private final Map<Integer, List<TaskRecord>> tasksOfStage = new ConcurrentHashMap<>();
  private final Map<Integer, Boolean> ended = new ConcurrentHashMap<>();

  public StageRecorder() {
    latest = this;
  }

  /** The recorder made last (by the test or by Spark from {@code spark.extraListeners}). */
  public static StageRecorder latest() {
    return latest;
  }

  /** One finished task: the bytes of its result (sent to the driver) and of its shuffle output. */
  public record TaskRecord(long resultSize, long shuffleBytesWritten, long shuffleRecordsRead) {
  }

  /** The stages of one job in the order Spark made them (the result stage last), each as its tasks. */
  public record JobRecord(String description, List<List<TaskRecord>> stages) {
    /** The tasks of the last stage, whose results the driver collects. */
    public List<TaskRecord> resultTasks() {
      return stages.get(stages.size() - 1);
    }
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    Properties properties = jobStart.properties();
    String description = properties == null ? null : properties.getProperty("spark.job.description");
    descriptions.put(jobStart.jobId(), description == null ? "" : description);
    List<Integer> stages = new ArrayList<>();
    Iterator<Object> ids = jobStart.stageIds().iterator();
    while (ids.hasNext()) {
      stages.add((Integer) ids.next());
    }
    stagesOfJob.put(jobStart.jobId(), stages);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    TaskMetrics m = taskEnd.taskMetrics();
    if (m == null || !taskEnd.taskInfo().successful()) {
      return;
    }
    tasksOfStage.computeIfAbsent(taskEnd.stageId(), s -> Collections.synchronizedList(new ArrayList<>()))
        .add(new TaskRecord(m.resultSize(), m.shuffleWriteMetrics().bytesWritten(),
            m.shuffleReadMetrics().recordsRead()));
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd jobEnd) {
    ended.put(jobEnd.jobId(), true);
  }

  /**
   * The jobs whose description starts with {@code prefix}, in the order they ran, once all of
   * them have ended (waiting up to 60 s for the listener bus to deliver). Ask before removing the
   * recorder from a running context: the removal drops the events not yet delivered to it.
   */
  public List<JobRecord> jobs(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      Map<Integer, String> matching = new TreeMap<>();
      descriptions.forEach((job, d) -> {
        if (d.startsWith(prefix)) {
          matching.put(job, d);
        }
      });
      if (!matching.isEmpty() && matching.keySet().stream().allMatch(ended::containsKey)) {
        List<JobRecord> jobs = new ArrayList<>();
        matching.forEach((job, d) -> jobs.add(new JobRecord(d, stagesOfJob.get(job).stream().sorted()
            .map(s -> List.copyOf(tasksOfStage.getOrDefault(s, List.of()))).toList())));
        return jobs;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no ended job described as " + prefix + "... among " + descriptions.values());
      }
      Thread.sleep(20);
    }
  }
}
