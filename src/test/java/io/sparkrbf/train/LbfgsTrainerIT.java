package io.sparkrbf.train;

import static io.sparkrbf.train.Configs.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.Differences;
import io.sparkrbf.LocalSpark;
import io.sparkrbf.checkpoint.CheckpointOptions;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.job.TrainJob;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.lbfgs.LbfgsObjective;
import io.sparkrbf.lbfgs.LbfgsRule;
import io.sparkrbf.lbfgs.SearchSpace;
import io.sparkrbf.model.RbfModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --optimizer lbfgs end to end on local Spark. */
class LbfgsTrainerIT extends LocalSpark {
  private static final InputSpec IRIS = new InputSpec(TrainJobIT.IRIS_TRAIN, null, 0, null, 2);

  @TempDir
  Path tmp;

  /**
   * The function L-BFGS minimizes (mean loss + L2 over all rows, widths as log beta) has the
   * gradient of its central differences, through the real distributed pass.
   */
  @Test
  void minimizedFunctionHasTheGradientOfItsCentralDifferences() throws IOException {
    RbfShape shape = new RbfShape(4, 3, 3);
    double[] theta = irisStart(shape, new Random(7));
    SearchSpace space = new SearchSpace(shape, true, theta);
    LbfgsObjective f = new LbfgsObjective(new TrainingObjective(irisLoss(), true, 0.01), space, shape);
    double[] x = space.point(theta);
    double[] gradient = new double[x.length];
    f.valueAt(x, gradient);

    double h = 1e-5;
    double[] numeric = new double[x.length];
    double[] scratch = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double[] up = x.clone();
      double[] down = x.clone();
      up[i] += h;
      down[i] -= h;
      numeric[i] = (f.valueAt(up, scratch) - f.valueAt(down, scratch)) / (2 * h);
    }
    assertTrue(Differences.relative(numeric, gradient) < 1e-7,
        "gradient differs from central differences by " + Differences.relative(numeric, gradient));
    assertEquals(2 * x.length + 1, f.evaluations(), "one distributed pass per evaluation");
  }

  @Test
  void beatsGradientDescentInThirtyIterationsAndTrainsWell() {
    InputSpec pendigits = new InputSpec(TrainJobIT.PENDIGITS_TRAIN, null, 16, null, 2);
    List<EpochStats> history = new ArrayList<>();
    TrainJob.Outcome lbfgs = new TrainJob(sc, config(32, 30, "lbfgs", 0.1, "kmeans", 1), history::add)
        .run(pendigits, pendigits.withPath(TrainJobIT.PENDIGITS_TEST), null);
    TrainJob.Outcome gd = new TrainJob(sc, config(32, 30, "gd", 1.0, "kmeans", 1), stats -> { })
        .run(pendigits, null, null);

    assertTrue(lbfgs.result().train().loss() < gd.result().train().loss(),
        "lbfgs " + lbfgs.result().train().loss() + " vs gd " + gd.result().train().loss());
    assertTrue(lbfgs.result().test().accuracy() >= 0.93, "test accuracy " + lbfgs.result().test().accuracy());
    assertTrue(Arrays.stream(lbfgs.model().parameters().betas()).allMatch(b -> b > 0), "widths stay positive");
    assertTrue(history.size() <= 30 && history.size() >= 10, history.size() + " epochs");
    assertTrue(history.get(history.size() - 1).loss() < history.get(0).loss() / 4, "loss falls during training");
    assertTrue(history.get(0).hasTest());
  }

  @Test
  void sameSeedGivesSameModelBitForBit() {
    TrainOptions config = config(6, 20, "lbfgs", 0.1, "kmeans", 11);
    RbfParameters a = new TrainJob(sc, config, stats -> { }).run(IRIS, null, null).model().parameters();
    RbfParameters b = new TrainJob(sc, config, stats -> { }).run(IRIS, null, null).model().parameters();

    assertArrayEquals(a.values(), b.values(), 0.0);
  }

  @Test
  void frozenCentersStayExactlyWhereTheyStarted() {
    RbfModel start = new TrainJob(sc, config(5, 5, "adam", 0.05, "random", 4), stats -> { })
        .run(IRIS, null, null).model();

    RbfModel trained = new TrainJob(sc, config(5, 20, "lbfgs", 0.1, "random", 4, false), stats -> { })
        .run(IRIS, null, start).model();

    assertArrayEquals(flatten(start.parameters().centers()), flatten(trained.parameters().centers()), 0.0);
    assertFalse(Arrays.equals(start.parameters().betas(), trained.parameters().betas()), "widths still train");
  }

  @Test
  void resumingRestartsFromTheCheckpointedParameters() throws IOException {
    TrainOptions config = Configs.withTolerance(config(6, 12, "lbfgs", 0.1, "kmeans", 5), 1e-12);
    Path dir = tmp.resolve("ckpt");
    TrainJob.Outcome full = new TrainJob(sc, config, stats -> { },
        new CheckpointOptions(dir.toString(), 5, 3, false, false)).run(IRIS, null, null);
    assertEquals(List.of("checkpoint-000005.json", "checkpoint-000010.json", "checkpoint-000012.json"),
        checkpoints(dir));
    Files.delete(dir.resolve("checkpoint-000012.json"));

    TrainJob.Outcome resumed = new TrainJob(sc, config, stats -> { },
        new CheckpointOptions(dir.toString(), 5, 3, true, false)).run(IRIS, null, null);

    assertEquals(12, resumed.result().history().size());
    assertEquals(full.result().history().subList(0, 10), resumed.result().history().subList(0, 10),
        "the history up to the checkpoint is kept");
    assertTrue(resumed.model().parameters().firstNonFinite() < 0);
    assertTrue(resumed.result().train().loss() < full.result().history().get(9).loss(),
        "training went on from the checkpoint");
  }

  @Test
  void nonFiniteStartingLossStopsTrainingNamingTheEpoch() throws IOException {
    RbfShape shape = new RbfShape(4, 3, 3);
    double[] theta = irisStart(shape, new Random(3));
    Arrays.fill(theta, 0, shape.betasOffset(), Double.MAX_VALUE);
    DistributedLoss loss = irisLoss();
    LbfgsRule rule = new LbfgsRule(new TrainingObjective(loss, true, 0), 1e-6, 10, new RbfParameters(shape, theta),
        new double[shape.numCenters()]);

    NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class,
        () -> new EpochLoop(loss, null, 10, s -> { }, Checkpointing.NONE).run(rule, 1, List.of()));
    assertTrue(e.getMessage().startsWith("epoch 1: the training loss"), e.getMessage());
  }

  /** Iris as one cached-style RDD of two blocks, unscaled. */
  private DistributedLoss irisLoss() throws IOException {
    LibsvmFixture data = LibsvmFixture.read(TrainJobIT.IRIS_TRAIN, 4);
    double[] labels = data.labels();
    double[] classes = Arrays.stream(labels).distinct().sorted().toArray();
    List<Block> blocks = new ArrayList<>();
    int half = data.rows().length / 2;
    for (int[] range : new int[][] {{0, half}, {half, data.rows().length}}) {
      int rows = range[1] - range[0];
      double[] features = new double[rows * 4];
      int[] y = new int[rows];
      for (int i = 0; i < rows; i++) {
        System.arraycopy(data.rows()[range[0] + i], 0, features, i * 4, 4);
        y[i] = Arrays.binarySearch(classes, labels[range[0] + i]);
      }
      blocks.add(new Block(rows, 4, features, y));
    }
    return new DistributedLoss(sc.parallelize(blocks, 2), 0.0, 2);
  }

  /** Small random W, widths about 0.5, centers on the first rows. */
  private static double[] irisStart(RbfShape shape, Random rnd) throws IOException {
    double[][] rows = LibsvmFixture.read(TrainJobIT.IRIS_TRAIN, 4).rows();
    double[] theta = new double[shape.size()];
    for (int i = 0; i < shape.betasOffset(); i++) {
      theta[i] = 0.3 * rnd.nextGaussian();
    }
    for (int j = 0; j < shape.numCenters(); j++) {
      theta[shape.betasOffset() + j] = 0.3 + 0.4 * rnd.nextDouble();
      System.arraycopy(rows[j * 40], 0, theta, shape.centersOffset() + j * 4, 4);
    }
    return theta;
  }

  private static List<String> checkpoints(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("checkpoint-\\d+\\.json")).sorted()
          .toList();
    }
  }

  private static double[] flatten(double[][] m) {
    return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
  }
}
