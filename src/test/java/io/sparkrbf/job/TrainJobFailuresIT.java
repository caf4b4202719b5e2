package io.sparkrbf.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.checkpoint.CheckpointOptions;
import io.sparkrbf.config.OptionException;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.InputFormatException;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.train.NonFiniteTrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails at any step, from reading its data to its last epoch, leaves nothing
 * cached in the SparkContext it ran in (a notebook's, a CrossValidator's): the run's
 * {@link io.sparkrbf.data.TrainingData} unpersists what it persisted on every path.
 */
class TrainJobFailuresIT extends LocalSpark {
  private static final String IRIS_TRAIN = "src/test/resources/data/iris.train.libsvm";
  private static final String IRIS_TEST = "src/test/resources/data/iris.test.libsvm";
  private static final TrainOptions SMALL = TrainOptions.defaults().centers(4).epochs(3).learningRate(0.05)
      .blockRows(32).build();

  @TempDir
  Path tmp;

  @AfterEach
  void nothingStaysCached() {
    assertEquals(0, sc.sc().getPersistentRDDs().size(), "persisted RDDs left: " + sc.sc().getPersistentRDDs());
  }

  private TrainJob.Outcome train(TrainOptions options, String data, String test, RbfModel start,
                                 CheckpointOptions checkpoints) {
    InputSpec spec = new InputSpec(data, null, 0, null, 2);
    return new TrainJob(sc, options, stats -> { }, checkpoints).run(spec, test == null ? null : spec.withPath(test),
        start);
  }

  private String file(String name, String content) throws IOException {
    return Files.writeString(tmp.resolve(name), content).toString();
  }

  /** The input error a run failed with, found through Spark's wrapping of task failures. */
  private static InputFormatException inputError(Executable run) {
    Throwable thrown = assertThrows(Throwable.class, run);
    return InputFormatException.findCause(thrown).orElseThrow(() -> new AssertionError("not an input error", thrown));
  }

  @Test
  void aBadTrainingRowFailsTheSummary() throws IOException {
    String bad = file("bad.libsvm", "0 1:1 2:2\n1 1:2 2:1\n1 1:x\n");

    InputFormatException e = inputError(() -> train(SMALL, bad, null, null, null));

    assertTrue(e.getMessage().startsWith(bad + ":3: "), e.getMessage());
  }

  @Test
  void oneClassIsRefusedAfterTheSummary() throws IOException {
    String one = file("one.libsvm", "1 1:1 2:2\n1 1:2 2:1\n1 1:3 2:3\n");

    InputFormatException e = assertThrows(InputFormatException.class, () -> train(SMALL, one, null, null, null));

    assertTrue(e.getMessage().contains("only one class"), e.getMessage());
  }

  @Test
  void badTestDataFailsAfterTheTrainingBlocksAreCached() throws IOException {
    String badTest = file("test.libsvm", "0 1:5.1 2:3.5 3:1.4 4:0.2\n7 1:5.1 2:3.5 3:1.4 4:0.2\n");

    InputFormatException e = inputError(() -> train(SMALL, IRIS_TRAIN, badTest, null, null));

    assertTrue(e.getMessage().startsWith(badTest + ":2: "), e.getMessage());
  }

  @Test
  void anEmptyTestFileIsNamedDuringSetup() throws IOException {
    String empty = file("empty.libsvm", "# no rows\n");

    InputFormatException e = inputError(() -> train(SMALL, IRIS_TRAIN, empty, null, null));

    assertEquals(empty + ": no data rows", e.getMessage());
  }

  @Test
  void aCheckpointOfAnotherRunIsRefusedAfterEverythingIsCached() {
    String dir = tmp.resolve("ckpt").toString();
    train(SMALL, IRIS_TRAIN, IRIS_TEST, null, new CheckpointOptions(dir, 1, 2, false, false));
    TrainOptions other = SMALL.toBuilder().seed(99).build();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> train(other, IRIS_TRAIN, IRIS_TEST, null, new CheckpointOptions(dir, 1, 2, true, false)));

    assertTrue(e.getMessage().contains("is a checkpoint of another run: 'seed' (1 there, 99 now)"), e.getMessage());
  }

  @Test
  void moreCentersThanRowsIsRefusedWhenChoosingThem() {
    OptionException e = assertThrows(OptionException.class,
        () -> train(SMALL.toBuilder().centers(500).build(), IRIS_TRAIN, IRIS_TEST, null, null));

    assertEquals("--centers 500 is more than the 120 training rows; use --centers 120 or fewer", e.getMessage());
  }

  @Test
  void aDivergingRunFailsDuringTheEpochs() {
    RbfModel model = train(SMALL, IRIS_TRAIN, null, null, null).model();
    double[] theta = model.parameters().values();
    for (int i = 0; i < model.shape().betasOffset(); i++) {
      theta[i] = i % 2 == 0 ? 1.7e308 : -1.7e308;
    }
    RbfModel overflowing = new RbfModel(model.classes(), model.standardization(), model.parameters(),
        model.provenance());

    assertThrows(NonFiniteTrainingException.class, () -> train(SMALL, IRIS_TRAIN, IRIS_TEST, overflowing, null));
  }

  @Test
  void aSparkMlFitThatFailsReleasesItsRowsToo() {
    List<ParsedRow> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rows.add(new ParsedRow(i % 2, null, new double[] {i, 1.0 / (i + 1)}, i));
    }

    assertThrows(OptionException.class, () -> new TrainJob(sc, SMALL.toBuilder().centers(7).build(), s -> { })
        .run(sc.parallelize(rows, 2), "DataFrame", 2, new LabelIndex(new double[] {0, 1})));
  }

  @Test
  void aSuccessfulRunReleasesEverythingToo() {
    TrainJob.Outcome out = train(SMALL, IRIS_TRAIN, IRIS_TEST, null, null);

    assertEquals(3, out.result().history().size());
  }
}
