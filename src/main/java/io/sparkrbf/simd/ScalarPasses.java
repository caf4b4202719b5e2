package io.sparkrbf.simd;

/**
 * The element-wise passes one element at a time with {@code Math.exp}: what runs where the
 * JVM lacks {@code jdk.incubator.vector}, and the reference the vector passes are tested
 * against.
 */
public final class ScalarPasses implements ElementwisePasses {
  @Override
  public void gaussianLayer(int rows, int n, double[] rowNorms, int rowFrom, double[] centerNorms, double[] betas,
      int betasAt, double[] distances, double[] hidden) {
    for (int r = 0; r < rows; r++) {
      int row = r * n;
      int hiddenRow = r * (n + 1);
      hidden[hiddenRow] = 1.0;
      double xNorm = rowNorms[rowFrom + r];
      for (int j = 0; j < n; j++) {
        double d2 = Math.max(0.0, xNorm + centerNorms[j] + distances[row + j]);
        distances[row + j] = d2;
        hidden[hiddenRow + 1 + j] = Math.exp(-betas[betasAt + j] * d2);
      }
    }
  }

  @Override
  public void gaussianLayer(int rows, int n, double[] rowNorms, int rowFrom, float[] centerNorms, float[] betas,
      float[] cross, float[] hidden) {
    for (int r = 0; r < rows; r++) {
      int row = r * n;
      int hiddenRow = r * (n + 1);
      hidden[hiddenRow] = 1f;
      float xNorm = (float) rowNorms[rowFrom + r];
      for (int j = 0; j < n; j++) {
        float d2 = Math.max(0f, xNorm + centerNorms[j] + cross[row + j]);
        cross[row + j] = d2;
        hidden[hiddenRow + 1 + j] = (float) Math.exp(-betas[j] * d2);
      }
    }
  }

  @Override
  public void gaussianBackward(int rows, int n, double[] hiddenGrad, double[] hidden, double[] distances,
      double[] betas, int betasAt, double[] betaGrad, int betaGradAt, double[] columnSums) {
    for (int r = 0; r < rows; r++) {
      backwardRow(0, n, r * n, r * (n + 1) + 1, hiddenGrad, hidden, distances, betas, betasAt, betaGrad, betaGradAt,
          columnSums);
    }
  }

  /**
   * The double backward pass over columns {@code firstColumn .. n - 1} of one row whose
   * distances start at {@code row} and activations at {@code hiddenRow}: every column here,
   * the columns past the last full vector in {@link VectorPasses}.
   */
  static void backwardRow(int firstColumn, int n, int row, int hiddenRow, double[] hiddenGrad, double[] hidden,
      double[] distances, double[] betas, int betasAt, double[] betaGrad, int betaGradAt, double[] columnSums) {
    for (int j = firstColumn; j < n; j++) {
      double gPhi = hiddenGrad[row + j] * hidden[hiddenRow + j];
      betaGrad[betaGradAt + j] -= gPhi * distances[row + j];
      double h = 2 * betas[betasAt + j] * gPhi;
      hiddenGrad[row + j] = h;
      columnSums[j] += h;
    }
  }

  @Override
  public void gaussianBackward(int rows, int n, float[] hiddenGrad, float[] hidden, float[] distances,
      float[] betas, double[] betaGrad, int betaGradAt, double[] columnSums) {
    backwardColumns(0, rows, n, hiddenGrad, hidden, distances, betas, betaGrad, betaGradAt, columnSums);
  }

  /**
   * The float backward pass over columns {@code firstColumn .. n - 1}, one column at a time
   * down the rows: all of it here, the columns past the last full vector in {@link VectorPasses}.
   */
  static void backwardColumns(int firstColumn, int rows, int n, float[] hiddenGrad, float[] hidden,
      float[] distances, float[] betas, double[] betaGrad, int betaGradAt, double[] columnSums) {
    for (int j = firstColumn; j < n; j++) {
      float betaSum = 0;
      float hSum = 0;
      for (int r = 0; r < rows; r++) {
        float gPhi = hiddenGrad[r * n + j] * hidden[r * (n + 1) + 1 + j];
        betaSum += gPhi * distances[r * n + j];
        float h = 2 * betas[j] * gPhi;
        hiddenGrad[r * n + j] = h;
        hSum += h;
      }
      betaGrad[betaGradAt + j] -= betaSum;
      columnSums[j] += hSum;
    }
  }

  @Override
  public void expInPlace(double[] values, int from, int length) {
    for (int i = from, end = from + length; i < end; i++) {
      values[i] = Math.exp(values[i]);
    }
  }

  @Override
  public String describe() {
    return "scalar (Math.exp)";
  }
}
