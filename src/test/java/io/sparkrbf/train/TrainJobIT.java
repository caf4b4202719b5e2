package io.sparkrbf.train;

import static io.sparkrbf.train.Configs.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.Differences;
import io.sparkrbf.LocalSpark;
import io.sparkrbf.config.InitMode;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.job.TrainJob;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.ReferenceRbfNetwork;
import io.sparkrbf.model.RbfModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainJobIT extends LocalSpark {
  static final String IRIS_TRAIN = "src/test/resources/data/iris.train.libsvm";
  static final String IRIS_TEST = "src/test/resources/data/iris.test.libsvm";
  static final String PENDIGITS_TRAIN = "data/pendigits/pendigits.train.libsvm";
  static final String PENDIGITS_TEST = "data/pendigits/pendigits.test.libsvm";

  private TrainJob.Outcome train(TrainOptions config, String trainPath, String testPath, int partitions, RbfModel start) {
    InputSpec train = new InputSpec(trainPath, null, 0, null, partitions);
    return new TrainJob(sc, config, stats -> { }).run(train, testPath == null ? null : train.withPath(testPath), start);
  }

  @Test
  void irisReachesHighTestAccuracy() {
    TrainJob.Outcome out = train(config(8, 150, "adam", 0.05, "kmeans", 3), IRIS_TRAIN, IRIS_TEST, 2, null);

    assertTrue(out.result().test().accuracy() >= 0.93, "iris test accuracy " + out.result().test().accuracy());
    assertEquals(30, out.result().test().count());
    assertEquals(120, out.result().train().count());
  }

  @Test
  void pendigitsReachesHighTestAccuracy() {
    List<EpochStats> history = new ArrayList<>();
    InputSpec train = new InputSpec(PENDIGITS_TRAIN, null, 16, null, 2);
    TrainJob.Outcome out = new TrainJob(sc, config(64, 120, "adam", 0.05, "kmeans", 1), history::add)
        .run(train, train.withPath(PENDIGITS_TEST), null);

    assertTrue(out.result().test().accuracy() >= 0.95, "pendigits test accuracy " + out.result().test().accuracy());
    assertEquals(120, history.size());
    assertTrue(history.get(119).loss() < history.get(0).loss() / 4, "loss falls during training");
    assertTrue(history.get(0).hasTest());
  }

  @Test
  void sameSeedGivesSameModel() {
    TrainOptions config = config(6, 20, "adam", 0.05, "kmeans", 11);
    RbfParameters a = train(config, IRIS_TRAIN, null, 2, null).model().parameters();
    RbfParameters b = train(config, IRIS_TRAIN, null, 2, null).model().parameters();
    RbfParameters otherSeed = train(config(6, 20, "adam", 0.05, "kmeans", 12), IRIS_TRAIN, null, 2, null)
        .model().parameters();

    assertArrayEquals(a.values(), b.values(), 0.0);
    assertFalse(Arrays.equals(a.values(), otherSeed.values()), "the seed matters");
  }

  /**
   * Partitions group rows into other blocks, so sums differ by rounding; Adam turns
   * rounding noise in components whose exact gradient is 0 into steps of about
   * lr * noise / eps, which is what remains (measured: 5e-10 and 2e-10 here).
   */
  @Test
  void partitionCountDoesNotChangeModel() {
    for (String init : InitMode.ids()) {
      TrainOptions config = config(10, 20, "adam", 0.02, init, 5);
      RbfParameters one = train(config, IRIS_TRAIN, null, 1, null).model().parameters();
      RbfParameters four = train(config, IRIS_TRAIN, null, 4, null).model().parameters();

      assertTrue(Differences.relative(one.values(), four.values()) < 1e-9,
          init + ": 1 vs 4 partitions differ by " + Differences.relative(one.values(), four.values()));
    }
  }

  @ParameterizedTest(name = "l2 {0}, label smoothing {1}")
  @CsvSource({"0.0, 0.0", "0.01, 0.1"})
  void oneGradientDescentEpochIsExactlyOneGradientStep(double l2, double smoothing) throws Exception {
    RbfModel start = train(config(7, 10, "adam", 0.05, "kmeans", 2), IRIS_TRAIN, null, 2, null).model();
    double lr = 0.3;
    List<EpochStats> history = new ArrayList<>();
    InputSpec spec = new InputSpec(IRIS_TRAIN, null, 0, null, 3);

    RbfModel stepped = new TrainJob(sc, config(7, 1, "gd", lr, "kmeans", 99, true, l2, smoothing), history::add)
        .run(spec, null, start).model();

    double[][] xs = scaledRows(IRIS_TRAIN, start);
    int[] labels = classIds(IRIS_TRAIN, start);
    ReferenceRbfNetwork reference = new ReferenceRbfNetwork(start.parameters(), smoothing);
    double[] expected = reference.gradient(xs, labels);
    double[] before = start.parameters().values();
    double penalty = 0;
    int cols = start.shape().weightColumns();
    for (int i = 0; i < start.shape().betasOffset(); i++) {
      if (i % cols != 0) {
        expected[i] += l2 * before[i];
        penalty += 0.5 * l2 * before[i] * before[i];
      }
    }
    assertEquals(reference.loss(xs, labels) + penalty, history.get(0).loss(), 1e-12 * history.get(0).loss(),
        "the epoch reports the loss at the starting model");
    double[] after = stepped.parameters().values();
    double[] implied = new double[before.length];
    for (int i = 0; i < before.length; i++) {
      implied[i] = (before[i] - after[i]) / lr;
    }
    assertTrue(Differences.relative(expected, implied) < 1e-8,
        "implied gradient differs by " + Differences.relative(expected, implied));
    assertArrayEquals(start.classes(), stepped.classes(), 0.0);
    assertEquals(start.standardization(), stepped.standardization());
  }

  /**
   * With f = 1/2 and one block, an epoch is two gd steps, each on one half of the rows,
   * in the order the seeded schedule gives.
   */
  @Test
  void miniBatchEpochIsOneGradientStepPerSliceInScheduleOrder() throws Exception {
    RbfModel start = train(config(7, 10, "adam", 0.05, "kmeans", 2), IRIS_TRAIN, null, 1, null).model();
    double lr = 0.02;
    TrainOptions config = Configs.withBatchFraction(config(7, 1, "gd", lr, "kmeans", 99), 0.5);

    RbfModel stepped = train(config, IRIS_TRAIN, null, 1, start).model();

    double[][] xs = scaledRows(IRIS_TRAIN, start);
    int[] labels = classIds(IRIS_TRAIN, start);
    double[] theta = start.parameters().values().clone();
    for (BlockSlice slice : new MiniBatchSchedule(0.5, 99).epoch(1)) {
      int from = slice.from(xs.length);
      int to = from + slice.size(xs.length);
      double[] gradient = new ReferenceRbfNetwork(new RbfParameters(start.shape(), theta.clone()), 0.0)
          .gradient(Arrays.copyOfRange(xs, from, to), Arrays.copyOfRange(labels, from, to));
      for (int i = 0; i < theta.length; i++) {
        theta[i] -= lr * gradient[i];
      }
    }
    assertTrue(Differences.relative(theta, stepped.parameters().values()) < 1e-10,
        "two half-batch steps differ by " + Differences.relative(theta, stepped.parameters().values()));
  }

  @Test
  void miniBatchTrainingReachesHighTestAccuracyReproducibly() {
    TrainOptions config = Configs.withBatchFraction(config(64, 30, "adam", 0.05, "kmeans", 1), 0.125);
    TrainJob.Outcome a = train(config, PENDIGITS_TRAIN, PENDIGITS_TEST, 2, null);
    TrainJob.Outcome b = train(config, PENDIGITS_TRAIN, PENDIGITS_TEST, 2, null);

    assertTrue(a.result().test().accuracy() >= 0.95, "pendigits test accuracy " + a.result().test().accuracy());
    assertArrayEquals(a.model().parameters().values(), b.model().parameters().values(), 0.0);
  }

  /** The rows of a LIBSVM file in the model's scaled space. */
  private static double[][] scaledRows(String path, RbfModel model) throws Exception {
    LibsvmFixture data = LibsvmFixture.read(path, model.numFeatures());
    double[][] xs = new double[data.rows().length][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = data.rows()[i].clone();
      model.standardization().applyInPlace(xs[i], 0);
    }
    return xs;
  }

  private static int[] classIds(String path, RbfModel model) throws Exception {
    double[] values = LibsvmFixture.read(path, model.numFeatures()).labels();
    return Arrays.stream(values).mapToInt(v -> Arrays.binarySearch(model.classes(), v)).toArray();
  }

  @Test
  void frozenCentersStayWhereTheyStarted() {
    RbfModel start = train(config(5, 5, "adam", 0.05, "random", 4), IRIS_TRAIN, null, 2, null).model();

    RbfModel trained = train(config(5, 20, "adam", 0.05, "random", 4, false), IRIS_TRAIN, null, 2, start).model();

    assertArrayEquals(flatten(start.parameters().centers()), flatten(trained.parameters().centers()), 0.0);
    assertFalse(Arrays.equals(start.parameters().betas(), trained.parameters().betas()), "widths still train");
  }

  private static double[] flatten(double[][] m) {
    return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
  }
}
