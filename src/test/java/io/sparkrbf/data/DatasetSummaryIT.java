package io.sparkrbf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetSummaryIT extends LocalSpark {

  /** Sparse rows with features of very different magnitudes; the widest has 6 features. */
  private static List<ParsedRow> rows() {
    Random rnd = new Random(3);
    List<ParsedRow> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      int[] idx = i % 7 == 0 ? new int[] {0, 5} : new int[] {0, 2, 3};
      double[] v = new double[idx.length];
      for (int k = 0; k < v.length; k++) {
        v[k] = 1e6 + rnd.nextGaussian() * Math.pow(10, k);
      }
      rows.add(new ParsedRow(i % 4 * 1.5, idx, v, i));
    }
    return rows;
  }

  @Test
  void statisticsEqualAPlainComputationWhateverThePartitioning() {
    List<ParsedRow> rows = rows();
    int d = 6;
    double[] mean = new double[d];
    for (ParsedRow r : rows) {
      double[] x = new double[d];
      r.densifyInto(x, 0, r.width());
      for (int f = 0; f < d; f++) {
        mean[f] += x[f] / rows.size();
      }
    }
    double[] std = new double[d];
    for (ParsedRow r : rows) {
      double[] x = new double[d];
      r.densifyInto(x, 0, r.width());
      for (int f = 0; f < d; f++) {
        std[f] += (x[f] - mean[f]) * (x[f] - mean[f]) / (rows.size() - 1);
      }
    }
    for (int f = 0; f < d; f++) {
      std[f] = Math.sqrt(std[f]);
    }

    DatasetSummary one = DatasetSummary.of(sc.parallelize(rows, 1), 0, "x");
    DatasetSummary four = DatasetSummary.of(sc.parallelize(rows, 4), 0, "x");

    assertEquals(500, one.count());
    assertEquals(6, one.numFeatures());
    assertArrayEquals(new double[] {0, 1.5, 3, 4.5}, one.labels().labels(), 0.0);
    for (int f = 0; f < d; f++) {
      assertEquals(mean[f], one.mean()[f], 1e-12 * Math.abs(mean[f]) + 1e-300);
      assertEquals(std[f], one.std()[f], 1e-9 * std[f] + 1e-300);
    }
    assertArrayEquals(one.mean(), four.mean(), 0.0, "compensated sums do not depend on partitioning");
    assertArrayEquals(one.std(), four.std(), 0.0);
    assertEquals(1.0, one.zscore().std()[1], "constant feature is left unscaled");
  }

  @Test
  void scalingModesEqualAPlainComputationWhateverThePartitioning() {
    List<ParsedRow> rows = rows();
    DatasetSummary one = DatasetSummary.of(sc.parallelize(rows, 1), 0, "x");
    DatasetSummary four = DatasetSummary.of(sc.parallelize(rows, 4), 0, "x");
    double maxAbs = 0;
    for (ParsedRow r : rows) {
      double[] x = new double[6];
      r.densifyInto(x, 0, r.width());
      for (double v : x) {
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
    }
    double[] std = one.std();
    double[] varying = java.util.stream.IntStream.range(0, 6).filter(f -> std[f] > 0).mapToDouble(f -> std[f])
        .sorted().toArray();
    double floor = DatasetSummary.STD_FLOOR_FRACTION * varying[varying.length / 2];

    for (DatasetSummary s : List.of(one, four)) {
      Standardization z = s.scaling(ScalingMode.ZSCORE);
      Standardization g = s.scaling(ScalingMode.GLOBAL);
      for (int f = 0; f < 6; f++) {
        double expected = std[f] == 0 ? 1.0 : Math.max(std[f], floor);
        assertEquals(expected, z.std()[f], 0.0, "zscore std of feature " + f);
        assertEquals(maxAbs, g.std()[f], 0.0, "global factor");
        assertEquals(0.0, g.mean()[f], 0.0, "global does not center");
      }
      assertEquals(ScalingMode.ZSCORE, z.mode());
      assertEquals(ScalingMode.GLOBAL, g.mode());
      assertEquals(null, s.scaling(ScalingMode.NONE));
    }
    assertTrue(floor > std[0], "feature 0 (spread 1 beside spreads of 1e5) is floored");
    assertEquals(floor, one.zscore().std()[0], 0.0);
  }

  @Test
  void givenWidthPadsTheStatistics() {
    DatasetSummary s = DatasetSummary.of(sc.parallelize(rows(), 2), 9, "x");
    assertEquals(9, s.numFeatures());
    assertEquals(0.0, s.mean()[8]);
  }

  /** CSV-like rows: each label's text, and its value when the text is a finite number. */
  private static List<ParsedRow> labelled(String... texts) {
    List<ParsedRow> rows = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      double value = texts[i].matches("-?[0-9.]+") ? Double.parseDouble(texts[i]) : Double.NaN;
      rows.add(new ParsedRow(value, texts[i], null, new double[] {i}, i, 1.0));
    }
    return rows;
  }

  @Test
  void labelsAreNumbersWhenEveryOneIsAndElseTheirExactTextsFromEveryPartition() {
    DatasetSummary numbers = DatasetSummary.of(sc.parallelize(labelled("2", "1", "1.0", "-0", "0"), 3), 0, "x");
    DatasetSummary names = DatasetSummary.of(sc.parallelize(labelled("2", "1", "1.0", "b", "B", "2"), 3), 0, "x");

    assertEquals(new LabelIndex(new double[] {0, 1, 2}), numbers.labels(), "1 and 1.0 are one class");
    assertEquals(LabelIndex.named(List.of("1", "1.0", "2", "B", "b")), names.labels(),
        "one name in the last partition makes every label a name, sorted as strings");
  }

  @Test
  void labelsOfBothKindsAreAnError() {
    List<ParsedRow> rows = new ArrayList<>(labelled("a", "b"));
    rows.add(new ParsedRow(1.0, null, new double[] {0}, 2));

    InputFormatException e = assertThrows(InputFormatException.class,
        () -> DatasetSummary.of(sc.parallelize(rows, 2), 0, "in.parquet"));
    assertEquals("in.parquet: the label column holds strings in some files and numbers in others", e.getMessage());
  }

  @Test
  void emptyDataIsAnError() {
    InputFormatException e = assertThrows(InputFormatException.class,
        () -> DatasetSummary.of(sc.parallelize(new ArrayList<ParsedRow>(), 2), 0, "in.libsvm"));
    assertEquals("in.libsvm: no data rows", e.getMessage());
  }

  @Test
  void statisticsAreWeightedAndARowOfWeightZeroOrOneFactorOnEveryWeightChangesNone() {
    List<ParsedRow> rows = new ArrayList<>();
    Random rnd = new Random(8);
    for (int i = 0; i < 200; i++) {
      rows.add(new ParsedRow(i % 3, null, new double[] {rnd.nextGaussian(), 5 + rnd.nextGaussian() * 3}, i,
          1 + i % 4));
    }
    List<ParsedRow> withZero = new ArrayList<>(rows);
    withZero.add(new ParsedRow(7, null, new double[] {1e6, -1e6}, 500, 0.0));
    List<ParsedRow> doubled = rows.stream().map(r -> r.reweighted(2)).toList();

    DatasetSummary plain = DatasetSummary.of(sc.parallelize(rows, 3), 0, "x");
    DatasetSummary zero = DatasetSummary.of(sc.parallelize(withZero, 3), 0, "x");
    DatasetSummary twice = DatasetSummary.of(sc.parallelize(doubled, 3), 0, "x");

    for (DatasetSummary s : List.of(zero, twice)) {
      assertArrayEquals(plain.mean(), s.mean(), 1e-12);
      assertArrayEquals(plain.std(), s.std(), 1e-12);
      assertEquals(plain.maxAbs(), s.maxAbs());
    }
    double[] classTotals = new double[3];
    double[] weightedSum = new double[2];
    double total = 0;
    for (ParsedRow r : rows) {
      classTotals[(int) r.label()] += r.weight();
      double[] x = new double[2];
      r.densifyInto(x, 0, 2);
      weightedSum[0] += r.weight() * x[0];
      weightedSum[1] += r.weight() * x[1];
      total += r.weight();
    }
    assertArrayEquals(new double[] {weightedSum[0] / total, weightedSum[1] / total}, plain.mean(), 1e-12);
    assertArrayEquals(classTotals, plain.classWeights(new LabelIndex(new double[] {0, 1, 2})), 0.0);
    assertArrayEquals(new double[] {classTotals[0], classTotals[1], classTotals[2], 0},
        zero.classWeights(new LabelIndex(new double[] {0, 1, 2, 7})), 0.0);
  }
}
