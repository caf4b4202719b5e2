package io.sparkrbf.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.checkpoint.CheckpointOptions;
import io.sparkrbf.config.OptionException;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.model.RbfModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run started from a saved model takes the model's shape, also when it resumes from a
 * checkpoint, and refuses a different number of centers only when the user asked for one.
 */
class StartingPointIT extends LocalSpark {
  private static final InputSpec IRIS = new InputSpec("src/test/resources/data/iris.train.libsvm", null, 0, null, 2);
  /** The defaults (256 centers, not given) with a short run: what `train --init-model M --epochs 6` gives. */
  private static final TrainOptions FINE_TUNE = TrainOptions.defaults().epochs(6).learningRate(0.05).blockRows(32)
      .build();

  @TempDir
  Path tmp;
  private RbfModel eightCenters;

  @BeforeAll
  void trainAnEightCenterModel() {
    eightCenters = new TrainJob(sc, TrainOptions.defaults().centers(8).epochs(5).learningRate(0.05).build(), s -> { })
        .run(IRIS, null, null).model();
  }

  private TrainJob.Outcome fineTune(TrainOptions options, CheckpointOptions checkpoints) {
    return new TrainJob(sc, options, s -> { }, checkpoints).run(IRIS, null, eightCenters);
  }

  @Test
  void aFineTuneKeepsTheModelsShapeAndRecordsIt() {
    RbfModel tuned = fineTune(FINE_TUNE, null).model();

    assertEquals(8, tuned.shape().numCenters());
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) tuned.provenance().get("config");
    assertEquals(8, config.get("centers"), "provenance records the centers the model has");
    assertEquals("model", tuned.provenance().get("startedFrom"));
  }

  @Test
  void aResumedFineTuneEndsWithTheUninterruptedModel() throws IOException {
    Path dir = tmp.resolve("ckpt");
    RbfModel uninterrupted = fineTune(FINE_TUNE, new CheckpointOptions(dir.toString(), 2, 5, false, false)).model();
    Files.delete(dir.resolve("checkpoint-000006.json"));
    Files.delete(dir.resolve("checkpoint-000004.json"));

    RbfModel resumed = fineTune(FINE_TUNE, new CheckpointOptions(dir.toString(), 2, 5, true, false)).model();

    assertEquals(8, resumed.shape().numCenters());
    assertArrayEquals(uninterrupted.parameters().values(), resumed.parameters().values(), 0.0);
  }

  @Test
  void anExplicitOtherCenterCountIsRefused() {
    OptionException e = assertThrows(OptionException.class,
        () -> fineTune(FINE_TUNE.toBuilder().centers(16).build(), null));

    assertEquals("--centers 16 conflicts with --init-model, whose network has 8 centers; leave --centers out to "
        + "continue training that network", e.getMessage());
    assertEquals(8, fineTune(FINE_TUNE.toBuilder().centers(8).build(), null).model().shape().numCenters(),
        "the model's own count may be given");
  }
}
