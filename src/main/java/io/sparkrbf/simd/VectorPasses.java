package io.sparkrbf.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise passes in SIMD lanes of the machine's preferred width (8 doubles on
 * AVX-512), one fused pass over memory each, with {@link VectorExp}; the elements past the
 * last full vector of a row go through the same operations one at a time.
 */
public final class VectorPasses implements ElementwisePasses {
  private static final VectorSpecies<Double> D = VectorExp.SPECIES;
  /** Floats of the same count as D's doubles: one load widens into one double vector. */
  private static final VectorSpecies<Float> F =
      VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

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
  public void gaussianLayer(int rows, int n, double[] rowNorms, int rowFrom, double[] centerNorms, double[] betas,
      int betasAt, float[] cross, double[] distances, double[] hidden) {
    int upper = D.loopBound(n);
    for (int r = 0; r < rows; r++) {
      int row = r * n;
      int hiddenRow = r * (n + 1) + 1;
      hidden[hiddenRow - 1] = 1.0;
      double xNorm = rowNorms[rowFrom + r];
      int j = 0;
      for (; j < upper; j += D.length()) {
        DoubleVector wide = (DoubleVector) FloatVector.fromArray(F, cross, row + j)
            .convertShape(VectorOperators.F2D, D, 0);
        DoubleVector d2 = DoubleVector.fromArray(D, centerNorms, j).add(xNorm).add(wide).max(0.0);
        d2.intoArray(distances, row + j);
        DoubleVector.fromArray(D, betas, betasAt + j).neg().mul(d2).intoArray(hidden, hiddenRow + j);
      }
      for (; j < n; j++) {
        double d2 = Math.max(0.0, xNorm + centerNorms[j] + cross[row + j]);
        distances[row + j] = d2;
        hidden[hiddenRow + j] = -betas[betasAt + j] * d2;
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
      for (; j < n; j++) {
        double gPhi = hiddenGrad[row + j] * hidden[hiddenRow + j];
        betaGrad[betaGradAt + j] -= gPhi * distances[row + j];
        double h = 2 * betas[betasAt + j] * gPhi;
        hiddenGrad[row + j] = h;
        columnSums[j] += h;
      }
    }
  }

  @Override
  public void expInPlace(double[] values, int from, int length) {
    VectorExp.expInPlace(values, from, length);
  }

  @Override
  public String describe() {
    return "vector (" + D.length() + " double lanes, " + D.vectorBitSize() + "-bit)";
  }
}
