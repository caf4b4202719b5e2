package io.sparkrbf.simd;

/**
 * The kernel's passes over B x n arrays that are not matrix products, as one interface with a
 * vector ({@link VectorPasses}) and a scalar ({@link ScalarPasses}) implementation; {@link
 * Lanes#passes()} picks one per JVM. Both apply the same operations in the same order to each
 * element, so they differ only by their exponentials ({@link VectorExp} against {@code
 * Math.exp}, at most 2 ulp apart).
 *
 * <p>Double blocks run every pass in double; float blocks ({@code --precision float}) run the
 * Gaussian layer and its backward pass in float, twice the lanes, as their inputs and the
 * products around them already are.
 *
 * <p>Layouts (row-major, as the kernel keeps them): {@code distances} and {@code hiddenGrad} are
 * {@code rows x n}; {@code hidden} is {@code rows x (n + 1)} with the bias column first.
 */
public interface ElementwisePasses {
  /**
   * The Gaussian layer of {@code rows} rows from the cross term {@code -2 x.c} held in {@code
   * distances}: replaces it by the squared distance {@code max(0, ||x||^2 + ||c||^2 - 2 x.c)}
   * and writes {@code hidden = [1, exp(-beta_j d2_j)]}.
   *
   * @param rowNorms {@code ||x||^2} of row r at {@code rowNorms[rowFrom + r]}
   * @param betas beta_j at {@code betas[betasAt + j]}
   */
  void gaussianLayer(int rows, int n, double[] rowNorms, int rowFrom, double[] centerNorms, double[] betas,
      int betasAt, double[] distances, double[] hidden);

  /**
   * The Gaussian layer of a float block, all in single precision: {@code cross} ({@code -2
   * x.c} from sgemm) becomes the squared distances, and {@code hidden = [1, exp(-beta_j
   * d2_j)]}. The norms and betas are the float roundings of the double ones.
   */
  void gaussianLayer(int rows, int n, double[] rowNorms, int rowFrom, float[] centerNorms, float[] betas,
      float[] cross, float[] hidden);

  /**
   * The backward pass through the Gaussian layer: with {@code g = hiddenGrad} (dE/dPhi) on
   * entry, {@code betaGrad[betaGradAt + j] -= g Phi d2} and {@code hiddenGrad = H = 2 beta g
   * Phi}, whose columns are added to {@code columnSums}, all summed over the rows in order.
   */
  void gaussianBackward(int rows, int n, double[] hiddenGrad, double[] hidden, double[] distances, double[] betas,
      int betasAt, double[] betaGrad, int betaGradAt, double[] columnSums);

  /**
   * The backward pass of a float block in single precision within the tile: {@code
   * hiddenGrad} becomes H as in {@link #gaussianBackward(int, int, double[], double[], double[],
   * double[], int, double[], int, double[])}; the tile's column sums of {@code g Phi d2} and
   * of H are summed in float and then added to the double {@code betaGrad} (subtracted) and
   * {@code columnSums}, so error does not build up over a partition.
   */
  void gaussianBackward(int rows, int n, float[] hiddenGrad, float[] hidden, float[] distances, float[] betas,
      double[] betaGrad, int betaGradAt, double[] columnSums);

  /** {@code values[from .. from + length - 1] = exp(values[...])}. */
  void expInPlace(double[] values, int from, int length);

  /** What this implementation is, for the log: e.g. "vector (8 double lanes, 512-bit)". */
  String describe();
}
