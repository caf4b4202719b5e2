package io.sparkrbf.train;

import static io.sparkrbf.train.Configs.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.checkpoint.CheckpointOptions;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.job.TrainJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints in process: resuming from any kept checkpoint ends with the model of the
 * uninterrupted run, a damaged newest checkpoint is passed over, and a checkpoint of
 * another run is refused. (A really killed driver: StandaloneClusterIT.)
 */
class CheckpointIT extends LocalSpark {
  private static final InputSpec IRIS = new InputSpec(TrainJobIT.IRIS_TRAIN, null, 0, null, 2);
  /** Mini-batches, Adam and a cosine rate: every piece of state a resume must restore. */
  private static final TrainOptions CONFIG = withCosine(Configs.withBatchFraction(
      config(6, 20, "adam", 0.05, "kmeans", 5), 0.5));

  @TempDir
  Path tmp;
  private TrainJob.Outcome uninterrupted;

  @BeforeAll
  void trainWithoutInterruption() {
    uninterrupted = new TrainJob(sc, CONFIG, stats -> { }).run(IRIS, null, null);
  }

  @Test
  void resumingFromAnEarlierCheckpointEndsWithTheSameModel() throws IOException {
    Path dir = tmp.resolve("ckpt");
    TrainJob.Outcome full = train(dir, false);
    assertEquals(List.of("checkpoint-000010.json", "checkpoint-000015.json", "checkpoint-000020.json"),
        checkpoints(dir), "every 5th epoch, the newest 3 kept");
    Files.delete(dir.resolve("checkpoint-000015.json"));
    Files.delete(dir.resolve("checkpoint-000020.json"));

    TrainJob.Outcome resumed = train(dir, true);

    assertArrayEquals(full.model().parameters().values(), uninterrupted.model().parameters().values(), 0.0,
        "checkpointing does not change training");
    assertArrayEquals(uninterrupted.model().parameters().values(), resumed.model().parameters().values(), 0.0);
    assertEquals(20, resumed.result().history().size(), "the history before the checkpoint is kept");
    assertEquals(uninterrupted.result().history().get(12).loss(), resumed.result().history().get(12).loss(), 0.0);
  }

  @Test
  void damagedNewestCheckpointIsPassedOver() throws IOException {
    Path dir = tmp.resolve("damaged");
    train(dir, false);
    Path newest = dir.resolve("checkpoint-000020.json");
    String text = Files.readString(newest);
    Files.writeString(newest, text.substring(0, text.length() / 2));
    Files.writeString(dir.resolve("checkpoint-000015.json"),
        Files.readString(dir.resolve("checkpoint-000015.json")).replace("\"epoch\":15", "\"epoch\":16"));

    TrainJob.Outcome resumed = train(dir, true);

    assertArrayEquals(uninterrupted.model().parameters().values(), resumed.model().parameters().values(), 0.0,
        "the torn 20 and the edited 15 are skipped, 10 is used");
  }

  @Test
  void aRunResumesWithAnotherAggregationDepth() throws IOException {
    Path dir = tmp.resolve("depth");
    new TrainJob(sc, Configs.withAggregationDepth(CONFIG, 3), stats -> { },
        new CheckpointOptions(dir.toString(), 5, 3, false, false)).run(IRIS, null, null);
    Files.delete(dir.resolve("checkpoint-000020.json"));

    TrainJob.Outcome resumed = train(dir, true);

    assertEquals(0, CONFIG.aggregationDepth(), "resumed with the depth chosen automatically");
    assertArrayEquals(uninterrupted.model().parameters().values(), resumed.model().parameters().values(), 0.0,
        "the depth changes neither the fingerprint nor the sums");
  }

  @Test
  void checkpointOfAnotherRunIsRefused() {
    Path dir = tmp.resolve("other");
    train(dir, false);
    TrainOptions other = withCosine(Configs.withBatchFraction(config(7, 20, "adam", 0.05, "kmeans", 5), 0.5));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        new TrainJob(sc, other, stats -> { }, new CheckpointOptions(dir.toString(), 5, 3, true, false))
            .run(IRIS, null, null));
    assertTrue(e.getMessage().contains("another run") && e.getMessage().contains("'centers'"), e.getMessage());
  }

  @Test
  void checkpointOfAnotherDataSetIsRefused() {
    Path dir = tmp.resolve("otherdata");
    train(dir, false);
    InputSpec otherData = IRIS.withPath(TrainJobIT.IRIS_TEST);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        new TrainJob(sc, CONFIG, stats -> { }, new CheckpointOptions(dir.toString(), 5, 3, true, false))
            .run(otherData, null, null));
    assertTrue(e.getMessage().contains("another run") && e.getMessage().contains("'rows'"), e.getMessage());
  }

  private TrainJob.Outcome train(Path dir, boolean resume) {
    return new TrainJob(sc, CONFIG, stats -> { }, new CheckpointOptions(dir.toString(), 5, 3, resume, false))
        .run(IRIS, null, null);
  }

  private static List<String> checkpoints(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("checkpoint-\\d+\\.json")).sorted()
          .toList();
    }
  }

  private static TrainOptions withCosine(TrainOptions c) {
    return c.toBuilder().schedule(io.sparkrbf.optim.LearningRateSchedule.COSINE).build();
  }
}
