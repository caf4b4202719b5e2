package io.sparkrbf.start;

import io.sparkrbf.config.OptionException;
import io.sparkrbf.model.LabelIndex;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How many of n centers each class gets in the class-conditional k-means start: shares in
 * proportion to the classes' total instance weight (their row counts when every row weighs 1),
 * at least one each, rounded by largest remainder so they add up to n. A class of weight 0 (a
 * label only rows of weight 0, or only a saved model's classes, have) has no rows to place a
 * center on and is refused, as are fewer centers than classes.
 */
record ClassShares(int[] shares) {

  /** The shares of {@code n} centers among the classes of total weights {@code classWeights}. */
  static ClassShares of(int n, double[] classWeights, LabelIndex classes) {
    int k = classWeights.length;
    if (n < k) {
      throw new OptionException("--init kmeans-per-class places at least one center in each of the " + k
          + " classes: use --centers " + k + " or more");
    }
    for (int c = 0; c < k; c++) {
      if (!(classWeights[c] > 0)) {
        throw new OptionException("--init kmeans-per-class needs rows of every class, but class " + classes.name(c)
            + " has no rows of positive weight in the training data; use another --init");
      }
    }
    double total = Arrays.stream(classWeights).sum();
    double[] quota = Arrays.stream(classWeights).map(w -> n * w / total).toArray();
    int[] shares = Arrays.stream(quota).mapToInt(q -> Math.max(1, (int) Math.floor(q))).toArray();
    int left = n - Arrays.stream(shares).sum();
    // largest remainder first when centers are left to give; when the minimum of one made too many,
    // take them back from the classes that got the most above their quota
    Comparator<Integer> byRemainder = Comparator.comparingDouble(c -> shares[c] - quota[c]);
    while (left != 0) {
      int step = left > 0 ? 1 : -1;
      int c = IntStream.range(0, k).boxed().filter(i -> step > 0 || shares[i] > 1)
          .min(step > 0 ? byRemainder.thenComparing(i -> i) : byRemainder.reversed().thenComparing(i -> i)).orElseThrow();
      shares[c] += step;
      left -= step;
    }
    return new ClassShares(shares);
  }

  /** The number of centers of class {@code c}. */
  int of(int c) {
    return shares[c];
  }
}
