package io.sparkrbf.kernel;

import dev.ludovic.netlib.blas.BLAS;
import io.sparkrbf.simd.ElementwisePasses;
import io.sparkrbf.simd.Lanes;
import java.util.Arrays;

/**
 * Loss, accuracy and gradients of the RBF network over a whole block of rows, computed
 * with level-3 BLAS; this is where training spends its time.
 *
 * <p>Per block of B rows (the formulas of docs/math.md): distances by the expansion
 * {@code ||x||^2 + ||c||^2 - 2 X C^T} (one B x D x n product, clamped at 0), the Gaussian
 * layer, scores {@code [1 Phi] W^T}, log-softmax with the max shift, and for training the
 * gradients {@code dW = Delta^T [1 Phi]}, {@code G = Delta W[:,1:]}, dbeta as a column sum,
 * and {@code dC = H^T X - diag(colsum H) C} (the second B x D x n product), where
 * {@code Delta = w .* (softmax - Y)} (w the rows' instance weights, usually 1) and
 * {@code H = G .* Phi .* 2 beta}. Gradients are weighted sums over rows, not yet divided by
 * the total weight: the driver divides once after aggregation.
 *
 * <p>A block runs in tiles of rows ({@link #defaultTileRows}) that go through the whole
 * computation one after the other, so each element-wise pass finds what the previous step
 * wrote in cache. The element-wise passes are {@link ElementwisePasses}: SIMD lanes with a
 * vector exponential when the JVM has the Vector API, else scalar ({@link Lanes}).
 *
 * <p>Float blocks ({@link Precision#FLOAT}) compute within a tile in single precision: the
 * products in {@code sgemm} (about twice the dgemm rate) on float copies of the parameters,
 * the Gaussian layer and its backward pass in float lanes (twice as many). The softmax,
 * loss and every sum across tiles stay in double (the tile's dW, beta gradient and column
 * sums are added to the double sums per tile), so rounding does not build up over a
 * partition; the results stay within about 1e-6 relative of the double kernel.
 *
 * <p>Use: {@link #bind} the parameters once (it precomputes the per-center constants),
 * then call {@link #accumulate}, {@link #accumulateScores}, {@link #logProbabilities} or
 * {@link #logits} for each block, and after the last {@code accumulate} into a sum array,
 * {@link #finish} on it. The center
 * gradient's n x D terms that do not depend on the rows ({@code diag(colsum H) C}, and
 * for float blocks the widening of {@code H^T X}) are summed over blocks and added once
 * there, so a block's cost is its BLAS products and O(B (n + K)) work, with no O(n D)
 * term per block: what keeps small mini-batch slices efficient. An instance
 * owns reusable buffers sized for the largest block it has seen, so no work allocates
 * per row; it is not thread-safe: use one per task.
 */
public final class BlockKernel {
  private final RbfShape shape;
  private final double labelSmoothing;
  private final BLAS blas = Blas.get();
  private final ElementwisePasses passes;
  private final int tileRows;

  private int capacity;         // rows of the scores buffer (the largest block seen)
  private int tileCapacity;     // rows of the tile buffers: min(tileRows, capacity)
  private double[] distances;   // T x n: -2 X C^T, then squared distances
  private double[] hidden;      // T x (n+1): [1 Phi]
  private double[] hiddenGrad;  // T x n: G, then H
  private double[] probabilities; // T x K: softmax
  private double[] rowShift;    // T: max + log sum exp of each row's scores
  private double[] scores;      // B x K: scores, then log-probabilities; in training T x K, then Delta
  private float[] floatProduct; // float blocks: T x n cross term, then squared distances
  private float[] floatHidden;  // float blocks: T x (n+1): [1 Phi]
  private float[] floatGrad;    // float blocks: T x n: G, then H
  private float[] floatScores;  // float blocks: T x K: scores, then Delta
  private float[] floatWeightGrad; // float blocks: (n+1) x K: the tile's dW, added to the sums in double
  private FloatParameters floatParams; // float blocks: the parameters rounded, made on first use after bind
  private float[] floatCenterGrad; // float blocks: n x D, H^T X summed since the last finish
  private final double[] centerNorms;
  private final double[] centerGradScale; // colsum H summed since the last finish
  private boolean pending;
  private boolean centersTouched;
  private RbfParameters params;

  /**
   * @param shape network dimensions
   * @param labelSmoothing eps in [0, 1): training targets are {@code (1 - eps) onehot + eps / K}
   */
  public BlockKernel(RbfShape shape, double labelSmoothing) {
    this(shape, labelSmoothing, Lanes.passes(), defaultTileRows(shape));
  }

  /**
   * A kernel with the given element-wise passes and tile height (benchmarks and tests
   * compare them; training uses {@link #BlockKernel(RbfShape, double)}).
   *
   * @param tileRows rows a block is cut into for one pass of the whole computation
   */
  public BlockKernel(RbfShape shape, double labelSmoothing, ElementwisePasses passes, int tileRows) {
    if (tileRows < 1) {
      throw new IllegalArgumentException("tile rows must be positive, got " + tileRows);
    }
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
    }
    this.shape = shape;
    this.labelSmoothing = labelSmoothing;
    this.centerNorms = new double[shape.numCenters()];
    this.centerGradScale = new double[shape.numCenters()];
    this.passes = passes;
    this.tileRows = tileRows;
  }

  /**
   * Tile height for a shape: as many rows as keep the tile's three {@code T x n} arrays
   * within about 384 KiB (the L2 cache of current x86 cores holds 512 KiB to 2 MiB), so each
   * element-wise pass reads what the previous one wrote from cache, not memory; at least 64
   * rows, so the matrix products stay efficient.
   */
  public static int defaultTileRows(RbfShape shape) {
    int perRow = 3 * Double.BYTES * shape.numCenters();
    return Math.max(64, Math.min(1024, (384 << 10) / perRow));
  }

  public RbfShape shape() {
    return shape;
  }

  /**
   * Uses {@code params} for the following blocks. Call again whenever the values change:
   * the kernel keeps constants derived from them.
   */
  public void bind(RbfParameters params) {
    if (pending) {
      throw new IllegalStateException("finish the sums of the previous parameters before binding new ones");
    }
    if (!params.shape().equals(shape)) {
      throw new IllegalArgumentException("parameters " + params.shape() + " do not fit kernel " + shape);
    }
    int n = shape.numCenters();
    int d = shape.numFeatures();
    int cOff = shape.centersOffset();
    double[] theta = params.values();
    for (int j = 0; j < n; j++) {
      centerNorms[j] = blas.ddot(d, theta, cOff + j * d, 1, theta, cOff + j * d, 1);
    }
    this.params = params;
    this.floatParams = null;
  }

  /**
   * Adds the block's loss sum, row count, correct count and gradient sums to {@code acc},
   * laid out as {@link LossSums} describes; the center gradient is complete only after
   * {@link #finish} on the same {@code acc}.
   *
   * @param withCenters whether to compute dE/dC (skipped when centers are frozen: it is
   *     half the work)
   */
  public void accumulate(Block block, double[] acc, boolean withCenters) {
    accumulate(block, 0, block.rows(), acc, withCenters);
  }

  /**
   * As {@link #accumulate(Block, double[], boolean)} over only the rows
   * {@code from .. from + b - 1} of the block: one mini-batch slice, with no copy.
   */
  public void accumulate(Block block, int from, int b, double[] acc, boolean withCenters) {
    checkRows(block, from, b);
    for (int t = 0; t < b; t += tileRows) {
      accumulateTile(block, from + t, Math.min(tileRows, b - t), acc, withCenters);
    }
  }

  /** Forward, loss and every gradient of up to {@code tileRows} rows, in one pass that stays in cache. */
  private void accumulateTile(Block block, int from, int b, double[] acc, boolean withCenters) {
    forwardTile(block, from, b, 0, true);
    addLossAndCorrect(block, from, b, acc, true);
    pending = true;
    if (block.precision() == Precision.FLOAT) {
      floatBackward(block, from, b, acc, withCenters);
      return;
    }
    int n = shape.numCenters();
    int k = shape.numClasses();
    int g0 = LossSums.GRADIENT;
    double[] theta = params.values();
    // dW += Delta^T [1 Phi]
    blas.dgemm("N", "T", n + 1, k, b, 1.0, hidden, 0, n + 1, scores, 0, k, 1.0, acc, g0, n + 1);
    // G = Delta W[:, 1:]
    blas.dgemm("N", "N", n, b, k, 1.0, theta, 1, n + 1, scores, 0, k, 0.0, hiddenGrad, 0, n);
    // H = G .* Phi .* 2 beta, dbeta -= colsum(G .* Phi .* D2), colsum H
    passes.gaussianBackward(b, n, hiddenGrad, hidden, distances, theta, shape.betasOffset(), acc,
        g0 + shape.betasOffset(), centerGradScale);
    if (withCenters) {
      centersTouched = true;
      int d = shape.numFeatures();
      // dC += H^T X (the -diag(colsum H) C term is added by finish)
      blas.dgemm("N", "T", d, n, b, 1.0, block.features(), from * d, d, hiddenGrad, 0, n, 1.0, acc,
          g0 + shape.centersOffset(), d);
    }
  }

  /**
   * The backward pass of a float tile in single precision (sgemm and float lanes): dW of the
   * tile widened into {@code acc}, the beta gradient and column sums of H added in double per
   * tile, {@code H^T X} into {@link #floatCenterGrad} for {@link #finish}.
   */
  private void floatBackward(Block block, int from, int b, double[] acc, boolean withCenters) {
    int n = shape.numCenters();
    int k = shape.numClasses();
    int g0 = LossSums.GRADIENT;
    for (int i = 0, end = b * k; i < end; i++) {
      floatScores[i] = (float) scores[i];
    }
    // dW += Delta^T [1 Phi]
    blas.sgemm("N", "T", n + 1, k, b, 1f, floatHidden, 0, n + 1, floatScores, 0, k, 0f, floatWeightGrad, 0, n + 1);
    for (int i = 0, end = (n + 1) * k; i < end; i++) {
      acc[g0 + i] += floatWeightGrad[i];
    }
    // G = Delta W[:, 1:]
    blas.sgemm("N", "N", n, b, k, 1f, floatParams.weights, 1, n + 1, floatScores, 0, k, 0f, floatGrad, 0, n);
    passes.gaussianBackward(b, n, floatGrad, floatHidden, floatProduct, floatParams.betas, acc,
        g0 + shape.betasOffset(), centerGradScale);
    if (withCenters) {
      centersTouched = true;
      int d = shape.numFeatures();
      if (floatCenterGrad == null) {
        floatCenterGrad = new float[n * d];
      }
      blas.sgemm("N", "T", d, n, b, 1f, block.floatFeatures(), from * d, d, floatGrad, 0, n, 1f, floatCenterGrad, 0,
          d);
    }
  }

  /**
   * Completes the center gradient in {@code acc} after the last {@link #accumulate} into
   * it: adds {@code -diag(colsum H) C} and, for float blocks, the widened {@code H^T X},
   * both summed over the blocks since the last finish. Does nothing when nothing is
   * pending; with frozen centers it only clears the pending sums.
   */
  public void finish(double[] acc) {
    if (!pending) {
      return;
    }
    int n = shape.numCenters();
    int d = shape.numFeatures();
    int centersAt = LossSums.GRADIENT + shape.centersOffset();
    if (floatCenterGrad != null) {
      for (int i = 0, end = n * d; i < end; i++) {
        acc[centersAt + i] += floatCenterGrad[i];
      }
      Arrays.fill(floatCenterGrad, 0f);
    }
    if (centersTouched) {
      // dC = H^T X - diag(colsum H) C
      int cOff = shape.centersOffset();
      double[] theta = params.values();
      for (int j = 0; j < n; j++) {
        blas.daxpy(d, -centerGradScale[j], theta, cOff + j * d, 1, acc, centersAt + j * d, 1);
      }
    }
    Arrays.fill(centerGradScale, 0);
    centersTouched = false;
    pending = false;
  }

  /** {@code floatProduct = -2 X C^T} (b x n row-major) in single precision, for float blocks. */
  private void floatCrossTerm(Block block, int from, int b) {
    int n = shape.numCenters();
    int d = shape.numFeatures();
    if (floatParams == null) {
      floatParams = new FloatParameters(shape, params.values(), centerNorms);
    }
    if (floatProduct == null) {
      floatProduct = new float[tileCapacity * n];
      floatHidden = new float[tileCapacity * (n + 1)];
      floatGrad = new float[tileCapacity * n];
      floatScores = new float[tileCapacity * shape.numClasses()];
      floatWeightGrad = new float[(n + 1) * shape.numClasses()];
    }
    blas.sgemm("T", "N", n, b, d, -2f, floatParams.centers, 0, d, block.floatFeatures(), from * d, d, 0f, floatProduct,
        0, n);
  }

  /** The parameters rounded to float once per {@link #bind}, for the products and passes of float blocks. */
  private static final class FloatParameters {
    final float[] weights;
    final float[] betas;
    final float[] centers;
    final float[] centerNorms;

    FloatParameters(RbfShape shape, double[] theta, double[] centerNorms) {
      // one float past W, as theta has: netlib's bounds check (Spark 3.5's version) reads the view W[:, 1:]
      // with leading dimension n + 1 as reaching one element past W's last
      weights = Arrays.copyOf(rounded(theta, 0, shape.betasOffset()), shape.betasOffset() + 1);
      betas = rounded(theta, shape.betasOffset(), shape.numCenters());
      centers = rounded(theta, shape.centersOffset(), shape.numCenters() * shape.numFeatures());
      this.centerNorms = rounded(centerNorms, 0, centerNorms.length);
    }

    private static float[] rounded(double[] values, int from, int length) {
      float[] f = new float[length];
      for (int i = 0; i < length; i++) {
        f[i] = (float) values[from + i];
      }
      return f;
    }
  }

  /**
   * Adds the block's evaluation sums to {@code acc} ({@link LossSums#scoreZeros}): the weighted
   * cross-entropy against the plain one-hot labels (without label smoothing, whatever this
   * kernel trains with: what users compare across models), the weight, the weight of the rows
   * predicted right, and each row's weight to its cell of the confusion matrix (weights, as
   * Spark's {@code MulticlassMetrics} counts them: row counts when every row weighs 1).
   */
  public void accumulateScores(Block block, double[] acc) {
    checkRows(block, 0, block.rows());
    for (int t = 0; t < block.rows(); t += tileRows) {
      int b = Math.min(tileRows, block.rows() - t);
      forwardTile(block, t, b, 0, true);
      addLossAndCorrect(block, t, b, acc, false);
    }
  }

  /**
   * Log-probabilities of every row of the block: row i's K values start at {@code i * K}.
   * The returned array is this kernel's buffer, valid until the next call.
   */
  public double[] logProbabilities(Block block) {
    return forwardBlock(block, true);
  }

  /**
   * The scores {@code [1 Phi] W^T} of every row of the block, before the softmax (the logits, which scoring
   * reports as raw predictions): row i's K values start at {@code i * K}. The returned array is this kernel's
   * buffer, valid until the next call.
   */
  public double[] logits(Block block) {
    return forwardBlock(block, false);
  }

  private double[] forwardBlock(Block block, boolean logSoftmax) {
    checkRows(block, 0, block.rows());
    int k = shape.numClasses();
    for (int t = 0; t < block.rows(); t += tileRows) {
      forwardTile(block, t, Math.min(tileRows, block.rows() - t), t * k, logSoftmax);
    }
    return scores;
  }

  /** Index of the largest of {@code k} values starting at {@code from} (the first on ties). */
  public static int argmax(double[] values, int from, int k) {
    int best = 0;
    for (int c = 1; c < k; c++) {
      if (values[from + c] > values[from + best]) {
        best = c;
      }
    }
    return best;
  }

  /**
   * Adds the rows' weighted cross-entropy, weight and weighted correct count to {@code acc}.
   * For {@code training}, against the smoothed targets, and turns the log-probabilities into
   * {@code Delta = w (softmax - Y)}, so every gradient is the weighted sum; else against the
   * one-hot labels, adding each row's weight to its confusion cell.
   */
  private void addLossAndCorrect(Block block, int from, int b, double[] acc, boolean training) {
    int k = shape.numClasses();
    int[] labels = block.labels();
    double smoothing = training ? labelSmoothing : 0;
    double offTarget = smoothing / k;
    double onTarget = 1 - smoothing + offTarget;
    double loss = 0;
    double correct = 0;
    double weight = 0;
    for (int i = 0; i < b; i++) {
      int row = i * k;
      int y = labels[from + i];
      double w = block.weight(from + i);
      int predicted = argmax(scores, row, k);
      if (predicted == y) {
        correct += w;
      }
      if (!training) {
        acc[LossSums.CONFUSION + y * k + predicted] += w;
      }
      double rowLoss = 0;
      for (int c = 0; c < k; c++) {
        double logP = scores[row + c];
        double target = c == y ? onTarget : offTarget;
        if (target != 0) {
          rowLoss -= target * logP;
        }
        if (training) {
          scores[row + c] = w * (probabilities[row + c] - target);
        }
      }
      loss += w * rowLoss;
      weight += w;
    }
    acc[LossSums.LOSS] += loss;
    acc[LossSums.COUNT] += weight;
    acc[LossSums.CORRECT] += correct;
  }

  /**
   * Fills distances, hidden and the scores of rows {@code from .. from + b - 1} (at most one
   * tile) at {@code scoresAt}: the logits, or with {@code logSoftmax} the log-probabilities,
   * and then {@code probabilities} holds the softmax.
   */
  private void forwardTile(Block block, int from, int b, int scoresAt, boolean logSoftmax) {
    int n = shape.numCenters();
    int k = shape.numClasses();
    double[] theta = params.values();
    if (block.precision() == Precision.DOUBLE) {
      blas.dgemm("T", "N", n, b, shape.numFeatures(), -2.0, theta, shape.centersOffset(), shape.numFeatures(),
          block.features(), from * shape.numFeatures(), shape.numFeatures(), 0.0, distances, 0, n);
      passes.gaussianLayer(b, n, block.squaredNorms(), from, centerNorms, theta, shape.betasOffset(), distances,
          hidden);
      // scores = [1 Phi] W^T (row-major B x K)
      blas.dgemm("T", "N", k, b, n + 1, 1.0, theta, 0, n + 1, hidden, 0, n + 1, 0.0, scores, scoresAt, k);
    } else {
      floatCrossTerm(block, from, b);
      passes.gaussianLayer(b, n, block.squaredNorms(), from, floatParams.centerNorms, floatParams.betas, floatProduct,
          floatHidden);
      blas.sgemm("T", "N", k, b, n + 1, 1f, floatParams.weights, 0, n + 1, floatHidden, 0, n + 1, 0f, floatScores, 0,
          k);
      for (int i = 0, end = b * k; i < end; i++) {
        scores[scoresAt + i] = floatScores[i];
      }
    }
    if (logSoftmax) {
      logSoftmaxRows(scoresAt, b);
    }
  }

  /**
   * Log-softmax of {@code b} rows of scores at {@code at}, with the max shift, and the
   * softmax into {@code probabilities}: the exponentials of all rows in one pass.
   */
  private void logSoftmaxRows(int at, int b) {
    int k = shape.numClasses();
    for (int i = 0; i < b; i++) {
      int row = at + i * k;
      double max = scores[row];
      for (int c = 1; c < k; c++) {
        max = Math.max(max, scores[row + c]);
      }
      rowShift[i] = max;
      for (int c = 0; c < k; c++) {
        probabilities[i * k + c] = scores[row + c] - max;
      }
    }
    passes.expInPlace(probabilities, 0, b * k);
    for (int i = 0; i < b; i++) {
      int row = at + i * k;
      int p = i * k;
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += probabilities[p + c];
      }
      double shift = rowShift[i] + Math.log(sum);
      for (int c = 0; c < k; c++) {
        scores[row + c] -= shift;
        probabilities[p + c] /= sum;
      }
    }
  }

  /** Replaces z by log softmax(z) = z - max - log sum exp(z - max). */
  public static void logSoftmaxInPlace(double[] z, int from, int k) {
    double max = z[from];
    for (int c = 1; c < k; c++) {
      max = Math.max(max, z[from + c]);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      sum += Math.exp(z[from + c] - max);
    }
    double shift = max + Math.log(sum);
    for (int c = 0; c < k; c++) {
      z[from + c] -= shift;
    }
  }

  /** Checks the rows and the bound parameters, and sizes the buffers for {@code b} rows. */
  private void checkRows(Block block, int from, int b) {
    if (params == null) {
      throw new IllegalStateException("bind parameters before computing");
    }
    if (block.numFeatures() != shape.numFeatures()) {
      throw new IllegalArgumentException("block has " + block.numFeatures() + " features, the network " + shape.numFeatures());
    }
    if (from < 0 || b < 0 || from + b > block.rows()) {
      throw new IllegalArgumentException("rows " + from + " + " + b + " outside a block of " + block.rows());
    }
    if (b <= capacity) {
      return;
    }
    int n = shape.numCenters();
    int k = shape.numClasses();
    capacity = b;
    scores = new double[capacity * k];
    int tile = Math.min(tileRows, capacity);
    if (tile > tileCapacity) {
      tileCapacity = tile;
      distances = new double[tile * n];
      hidden = new double[tile * (n + 1)];
      hiddenGrad = new double[tile * n];
      probabilities = new double[tile * k];
      rowShift = new double[tile];
      floatProduct = null; // float tile buffers are remade at the new size on first use
    }
  }
}
