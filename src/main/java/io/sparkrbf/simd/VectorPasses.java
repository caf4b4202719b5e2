package io.sparkrbf.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise passes in SIMD lanes of the machine's preferred width (8 doubles on
 * AVX-512), one fused pass over memory each, with {@link VectorExp}; the elements past the
 * last full vector of a row go through the same operations one at a time.
 */
public final class VectorPasses implements ElementwisePasses {
  private static final VectorSpecies<Double> D = VectorExp.SPECIES;
  private static final VectorSpecies<Float> F = VectorExp.FLOAT_SPECIES;

  @Override
  public void gaussianLayer(int rows, int n, double[] rowNorms, int rowFrom, double[] centerNorms, double[] betas,
      int betasAt, double[] distances, double[] hidden) {
    int upper = D.loopBound(n);
    for (int r = 0; r < rows; r++) {
      int row = r * n;
      int hiddenRow = r * (n + 1) + 1;
      hidden[hiddenRow - 1] = 1.0;
      double xNorm = rowNorms[rowFrom + r];
      int j = 0;
      for (; j < upper; j += D.length()) {
        DoubleVector cross = DoubleVector.fromArray(D, distances, row + j);
        DoubleVector d2 = DoubleVector.fromArray(D, centerNorms, j).add(xNorm).add(cross).max(0.0);
        d2.intoArray(distances, row + j);
        DoubleVector.fromArray(D, betas, betasAt + j).neg().mul(d2).intoArray(hidden, hiddenRow + j);
      }
      for (; j < n; j++) {
        double d2 = Math.max(0.0, xNorm + centerNorms[j] + distances[row + j]);
        distances[row + j] = d2;
        hidden[hiddenRow + j] = -betas[betasAt + j] * d2;
      }
      VectorExp.expInPlace(hidden, hiddenRow, n); // the row's exponents are still in L1
    }
  }

  @Override
  public void gaussianLayer(int rows, int n, double[] rowNorms, int rowFrom, float[] centerNorms, float[] betas,
      float[] cross, float[] hidden) {
    int upper = F.loopBound(n);
    for (int r = 0; r < rows; r++) {
      int row = r * n;
      int hiddenRow = r * (n + 1) + 1;
      hidden[hiddenRow - 1] = 1f;
      float xNorm = (float) rowNorms[rowFrom + r];
      int j = 0;
      for (; j < upper; j += F.length()) {
        FloatVector d2 = FloatVector.fromArray(F, centerNorms, j).add(xNorm)
            .add(FloatVector.fromArray(F, cross, row + j)).max(0f);
        d2.intoArray(cross, row + j);
        FloatVector.fromArray(F, betas, j).neg().mul(d2).intoArray(hidden, hiddenRow + j);
      }
      for (; j < n; j++) {
        float d2 = Math.max(0f, xNorm + centerNorms[j] + cross[row + j]);
        cross[row + j] = d2;
        hidden[hiddenRow + j] = -betas[j] * d2;
      }
      VectorExp.expInPlace(hidden, hiddenRow, n);
    }
  }

  @Override
  public void gaussianBackward(int rows, int n, double[] hiddenGrad, double[] hidden, double[] distances,
      double[] betas, int betasAt, double[] betaGrad, int betaGradAt, double[] columnSums) {
    int upper = D.loopBound(n);
    for (int r = 0; r < rows; r++) {
      int row = r * n;
      int hiddenRow = r * (n + 1) + 1;
      int j = 0;
      for (; j < upper; j += D.length()) {
        DoubleVector gPhi = DoubleVector.fromArray(D, hiddenGrad, row + j)
            .mul(DoubleVector.fromArray(D, hidden, hiddenRow + j));
        DoubleVector.fromArray(D, betaGrad, betaGradAt + j)
            .sub(gPhi.mul(DoubleVector.fromArray(D, distances, row + j)))
            .intoArray(betaGrad, betaGradAt + j);
        DoubleVector h = DoubleVector.fromArray(D, betas, betasAt + j).mul(2.0).mul(gPhi);
        h.intoArray(hiddenGrad, row + j);
        DoubleVector.fromArray(D, columnSums, j).add(h).intoArray(columnSums, j);
      }
      ScalarPasses.backwardRow(j, n, row, hiddenRow, hiddenGrad, hidden, distances, betas, betasAt, betaGrad,
          betaGradAt, columnSums);
    }
  }

  @Override
  public void gaussianBackward(int rows, int n, float[] hiddenGrad, float[] hidden, float[] distances,
      float[] betas, double[] betaGrad, int betaGradAt, double[] columnSums) {
    int upper = F.loopBound(n);
    float[] lanes = new float[2 * F.length()];
    int j = 0;
    for (; j < upper; j += F.length()) {
      FloatVector twoBeta = FloatVector.fromArray(F, betas, j).mul(2f);
      FloatVector betaSum = FloatVector.zero(F);
      FloatVector hSum = FloatVector.zero(F);
      for (int r = 0; r < rows; r++) {
        int at = r * n + j;
        FloatVector gPhi = FloatVector.fromArray(F, hiddenGrad, at)
            .mul(FloatVector.fromArray(F, hidden, r * (n + 1) + 1 + j));
        betaSum = betaSum.add(gPhi.mul(FloatVector.fromArray(F, distances, at)));
        FloatVector h = twoBeta.mul(gPhi);
        h.intoArray(hiddenGrad, at);
        hSum = hSum.add(h);
      }
      betaSum.intoArray(lanes, 0);
      hSum.intoArray(lanes, F.length());
      for (int l = 0; l < F.length(); l++) {
        betaGrad[betaGradAt + j + l] -= lanes[l];
        columnSums[j + l] += lanes[F.length() + l];
      }
    }
    ScalarPasses.backwardColumns(j, rows, n, hiddenGrad, hidden, distances, betas, betaGrad, betaGradAt, columnSums);
  }

  @Override
  public void expInPlace(double[] values, int from, int length) {
    VectorExp.expInPlace(values, from, length);
  }

  @Override
  public String describe() {
    return "vector (" + D.length() + " double or " + F.length() + " float lanes, " + D.vectorBitSize() + "-bit)";
  }
}
