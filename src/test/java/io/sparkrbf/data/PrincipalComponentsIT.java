package io.sparkrbf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.lapack.LAPACK;
import io.sparkrbf.LocalSpark;
import io.sparkrbf.aggregate.AggregationPlan;
import io.sparkrbf.config.OptionException;
import io.sparkrbf.config.ProjectionSpec;
import io.sparkrbf.model.Projection;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.netlib.util.intW;

/**
 * {@code --projection}'s components against a single-machine reference computed here: the SVD
 * (LAPACK dgesvd, not the eigendecomposition of the covariance the code under test does) of the
 * scaled, centered rows as one n x D matrix. The mean, every component (up to sign) and every
 * share of the variance agree to 1e-9, whatever the partitioning and the scaling.
 */
class PrincipalComponentsIT extends LocalSpark {
  private static final int D = 14;
  private static final int N = 3000;
  private static final double TOL = 1e-9;

  /** N rows of D correlated features: independent Gaussians of decreasing spread, mixed, shifted. */
  private static List<ParsedRow> rows() {
    Random rnd = new Random(16);
    double[][] mix = new double[D][D];
    for (double[] m : mix) {
      for (int j = 0; j < D; j++) {
        m[j] = rnd.nextGaussian();
      }
    }
    int[] indices = new int[D];
    for (int f = 0; f < D; f++) {
      indices[f] = f;
    }
    List<ParsedRow> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      double[] z = new double[D];
      for (int j = 0; j < D; j++) {
        z[j] = rnd.nextGaussian() * Math.pow(1.4, -j);
      }
      double[] x = new double[D];
      for (int f = 0; f < D; f++) {
        x[f] = 10 * f - 30; // offsets of every size, so centering matters
        for (int j = 0; j < D; j++) {
          x[f] += mix[f][j] * z[j];
        }
      }
      rows.add(new ParsedRow(i % 3, indices, x, i));
    }
    return rows;
  }

  /** The reference: mean, components (rows of D) and shares of the scaled rows, by decreasing variance. */
  private record Reference(double[] mean, double[][] components, double[] shares) {
  }

  private static Reference reference(List<ParsedRow> rows, Standardization scaling) {
    int n = rows.size();
    double[][] x = new double[n][D];
    double[] mean = new double[D];
    for (int i = 0; i < n; i++) {
      rows.get(i).densifyInto(x[i], 0, D);
      for (int f = 0; f < D; f++) {
        x[i][f] = (x[i][f] - scaling.mean()[f]) / scaling.std()[f];
        mean[f] += x[i][f];
      }
    }
    for (int f = 0; f < D; f++) {
      mean[f] /= n;
    }
    double[] a = new double[n * D]; // column-major n x D, centered
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < D; f++) {
        a[f * n + i] = x[i][f] - mean[f];
      }
    }
    double[] s = new double[D];
    double[] vt = new double[D * D];
    double[] work = new double[1];
    intW info = new intW(0);
    LAPACK lapack = LAPACK.getInstance();
    lapack.dgesvd("N", "A", n, D, a, n, s, new double[1], 1, vt, D, work, -1, info);
    work = new double[(int) work[0]];
    lapack.dgesvd("N", "A", n, D, a, n, s, new double[1], 1, vt, D, work, work.length, info);
    assertEquals(0, info.val, "dgesvd");
    double total = 0;
    for (double v : s) {
      total += v * v;
    }
    double[][] components = new double[D][D];
    double[] shares = new double[D];
    for (int i = 0; i < D; i++) {
      shares[i] = s[i] * s[i] / total;
      for (int f = 0; f < D; f++) {
        components[i][f] = vt[f * D + i]; // row i of V^T
      }
    }
    return new Reference(mean, components, shares);
  }

  private Projection learned(List<ParsedRow> rows, int partitions, Standardization scaling) {
    JavaRDD<ParsedRow> rdd = sc.parallelize(rows, partitions);
    DatasetSummary summary = DatasetSummary.of(rdd, 0, "rows");
    return PrincipalComponents.allComponents(rdd, RowLocator.partitions("rows"), summary, scaling,
        AggregationPlan.AUTO);
  }

  private Standardization scaling(List<ParsedRow> rows, ScalingMode mode) {
    return DatasetSummary.of(sc.parallelize(rows, 1), 0, "rows").scaling(mode);
  }

  @ParameterizedTest
  @CsvSource({"1, zscore", "4, zscore", "1, global", "4, global"})
  void componentsEqualTheSvdOfTheScaledCenteredRows(int partitions, String mode) {
    List<ParsedRow> rows = rows();
    Standardization scaling = scaling(rows, ScalingMode.parse(mode));
    Reference ref = reference(rows, scaling);

    Projection p = learned(rows, partitions, scaling);

    assertEquals(D, p.outputFeatures());
    for (int f = 0; f < D; f++) {
      assertEquals(ref.mean()[f], p.mean()[f], TOL, "mean " + f);
    }
    for (int i = 0; i < D; i++) {
      assertEquals(ref.shares()[i], p.explainedVariance()[i], TOL, "share of component " + i);
      double[] c = p.component(i);
      double dot = 0;
      for (int f = 0; f < D; f++) {
        dot += c[f] * ref.components()[i][f];
      }
      double sign = Math.signum(dot);
      for (int f = 0; f < D; f++) {
        assertEquals(sign * ref.components()[i][f], c[f], TOL, "component " + i + ", feature " + f);
      }
    }
    assertTrue(ref.shares()[0] > 2 * ref.shares()[D - 1], "the rows are correlated: the spectrum is not flat");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.3, 0.6, 0.9, 0.99, 1.0})
  void pcaVarianceKeepsTheFewestComponentsWhoseShareReachesF(double f) {
    List<ParsedRow> rows = rows();
    Standardization scaling = scaling(rows, ScalingMode.ZSCORE);
    double[] shares = reference(rows, scaling).shares();
    int expected = 1;
    double sum = shares[0];
    while (sum < f - 1e-12 && expected < D) {
      sum += shares[expected++];
    }
    JavaRDD<ParsedRow> rdd = sc.parallelize(rows, 2);

    Projection p = PrincipalComponents.fit(rdd, RowLocator.partitions("rows"), DatasetSummary.of(rdd, 0, "rows"),
        scaling, ProjectionSpec.parse("pcaVariance:" + f), AggregationPlan.AUTO);

    assertEquals(expected, p.outputFeatures(), "components kept for a share of " + f);
    assertTrue(expected > 1 || f < shares[0] + 1e-12);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, D})
  void pcaKKeepsKComponentsUpToEveryFeature(int k) {
    List<ParsedRow> rows = rows();
    Standardization scaling = scaling(rows, ScalingMode.ZSCORE);
    double[] shares = reference(rows, scaling).shares();
    JavaRDD<ParsedRow> rdd = sc.parallelize(rows, 2);

    Projection p = PrincipalComponents.fit(rdd, RowLocator.partitions("rows"), DatasetSummary.of(rdd, 0, "rows"),
        scaling, ProjectionSpec.parse("pca:" + k), AggregationPlan.AUTO);

    double kept = 0;
    for (int i = 0; i < k; i++) {
      kept += shares[i];
    }
    assertEquals(k, p.outputFeatures());
    assertEquals(D, p.inputFeatures());
    assertEquals(kept, p.keptShare(), TOL);
  }

  @Test
  void moreComponentsThanFeaturesAreRefused() {
    List<ParsedRow> rows = rows();
    JavaRDD<ParsedRow> rdd = sc.parallelize(rows, 2);
    DatasetSummary summary = DatasetSummary.of(rdd, 0, "rows");

    OptionException e = assertThrows(OptionException.class, () -> PrincipalComponents.fit(rdd,
        RowLocator.partitions("rows"), summary, summary.zscore(), ProjectionSpec.parse("pca:" + (D + 1)),
        AggregationPlan.AUTO));

    assertEquals("--projection pca:15 keeps more components than the data has features (14); use pca:14 or fewer",
        e.getMessage());
  }
}
