package io.sparkrbf.start;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.config.InitMode;
import io.sparkrbf.config.OptionException;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.model.InputMap;
import io.sparkrbf.model.LabelIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The k-means starts with instance weights: a row of weight 0 changes no center, and the
 * class-conditional start gives each class its share of the centers, every one of them
 * inside the bounding box of that class's rows.
 */
class WeightedStartIT extends LocalSpark {
  private static final LabelIndex CLASSES = new LabelIndex(new double[] {0, 1, 2});
  /** Rows per class: 300, 150 and 60. */
  private static final int[] SIZES = {300, 150, 60};
  private static final int D = 3;

  /** Overlapping Gaussian clouds, one per class, in class-size proportions, interleaved in input order. */
  private static List<ParsedRow> rows() {
    Random rnd = new Random(9);
    List<ParsedRow> rows = new ArrayList<>();
    int[] left = SIZES.clone();
    for (long ordinal = 0; rows.size() < 510; ordinal++) {
      int c = (int) (ordinal % 3);
      if (left[c]-- <= 0) {
        continue;
      }
      double[] x = new double[D];
      for (int f = 0; f < D; f++) {
        x[f] = c * 1.5 + rnd.nextGaussian();
      }
      rows.add(new ParsedRow(c, null, x, ordinal));
    }
    return rows;
  }

  private double[][] choose(List<ParsedRow> rows, InitMode init, int centers, double[] classWeights) {
    TrainOptions options = TrainOptions.defaults().centers(centers).init(init).seed(5).build();
    return new CenterInitializer(options, new InputMap(D, null, null), CLASSES).choose(sc.parallelize(rows, 3), rows.size(),
        classWeights);
  }

  @Test
  void aRowOfWeightZeroChangesNoCenter() {
    List<ParsedRow> rows = rows();
    List<ParsedRow> withZero = new ArrayList<>(rows);
    withZero.add(new ParsedRow(1, null, new double[] {500, -500, 500}, 10_000, 0.0));
    for (InitMode init : new InitMode[] {InitMode.KMEANS, InitMode.KMEANS_RANDOM, InitMode.RANDOM}) {
      double[][] expected = choose(rows, init, 7, null);
      double[][] actual = choose(withZero, init, 7, null);
      for (int j = 0; j < expected.length; j++) {
        assertArrayEquals(expected[j], actual[j], 0.0, init.id() + ", center " + j);
      }
    }
  }

  @Test
  void eachClassGetsItsShareOfCentersInsideItsRows() {
    List<ParsedRow> rows = rows();
    double[][] centers = choose(rows, InitMode.KMEANS_PER_CLASS, 17, Arrays.stream(SIZES).asDoubleStream().toArray());

    int[] shares = {10, 5, 2}; // 17 x 300/510, 150/510, 60/510 = 10, 5, 2
    assertEquals(17, centers.length);
    int j = 0;
    for (int c = 0; c < 3; c++) {
      double[] low = new double[D];
      double[] high = new double[D];
      Arrays.fill(low, Double.POSITIVE_INFINITY);
      Arrays.fill(high, Double.NEGATIVE_INFINITY);
      for (ParsedRow r : rows) {
        if (r.label() == c) {
          double[] x = new double[D];
          r.densifyInto(x, 0, D);
          for (int f = 0; f < D; f++) {
            low[f] = Math.min(low[f], x[f]);
            high[f] = Math.max(high[f], x[f]);
          }
        }
      }
      for (int k = 0; k < shares[c]; k++, j++) {
        for (int f = 0; f < D; f++) {
          assertTrue(centers[j][f] >= low[f] && centers[j][f] <= high[f],
              "center " + j + " of class " + c + ": " + Arrays.toString(centers[j]) + " outside "
                  + Arrays.toString(low) + " .. " + Arrays.toString(high));
        }
      }
    }
  }

  @Test
  void sharesFollowTheWeightsWithAtLeastOneEach() {
    assertArrayEquals(new int[] {10, 5, 2}, ClassShares.of(17, new double[] {300, 150, 60}, CLASSES).shares());
    assertArrayEquals(new int[] {1, 1, 1}, ClassShares.of(3, new double[] {1000, 1, 1}, CLASSES).shares());
    assertArrayEquals(new int[] {6, 1, 1}, ClassShares.of(8, new double[] {1000, 1, 1}, CLASSES).shares());
    assertArrayEquals(new int[] {2, 2, 1}, ClassShares.of(5, new double[] {1, 1, 1}, CLASSES).shares());
    OptionException tooFew = assertThrows(OptionException.class,
        () -> ClassShares.of(2, new double[] {1, 1, 1}, CLASSES));
    assertEquals("--init kmeans-per-class places at least one center in each of the 3 classes: use --centers 3 or "
        + "more", tooFew.getMessage());
  }
}
