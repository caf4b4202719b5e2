package io.sparkrbf.start;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.config.InitMode;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.InputMap;
import io.sparkrbf.numeric.RowHash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * {@code --init random} on Spark: the centers are the rows of smallest seeded hash, in that
 * order, whatever the partitioning, and choosing them sends the driver ordinals rather than
 * every partition's candidate rows: under a 1 MB result limit, 40 partitions proposing 300 rows
 * of 100 values (about 10 MB of rows) still start.
 */
class CenterInitializerIT extends LocalSpark {
  private static final int ROWS = 6000;
  private static final int D = 100;
  private static final int CENTERS = 300;
  private static final long SEED = 7;
  private static final LabelIndex CLASSES = new LabelIndex(new double[] {0, 1, 2});

  @Override
  protected SparkConf configure(SparkConf conf) {
    return conf.set("spark.driver.maxResultSize", "1m");
  }

  private static double[] features(long ordinal) {
    Random rnd = new Random(ordinal);
    double[] x = new double[D];
    for (int f = 0; f < D; f++) {
      x[f] = rnd.nextGaussian();
    }
    return x;
  }

  private JavaRDD<ParsedRow> rows(int partitions) {
    List<Long> ordinals = LongStream.range(0, ROWS).boxed().toList();
    return sc.parallelize(ordinals, partitions).map(o -> new ParsedRow(o % 3, null, features(o), o));
  }

  @Test
  void randomCentersAreTheRowsOfSmallestHashInOrderInAnyPartitioning() {
    List<Long> expected = new ArrayList<>(LongStream.range(0, ROWS).boxed().toList());
    expected.sort(Comparator.<Long>comparingLong(o -> RowHash.mix(SEED, o)).thenComparing(Long::compare));
    TrainOptions options = TrainOptions.defaults().centers(CENTERS).init(InitMode.RANDOM).seed(SEED).build();
    for (int partitions : new int[] {1, 7, 40}) {
      double[][] centers = new CenterInitializer(options, new InputMap(D, null, null), CLASSES)
          .choose(rows(partitions), ROWS, null);
      assertEquals(CENTERS, centers.length);
      for (int j = 0; j < CENTERS; j++) {
        assertArrayEquals(features(expected.get(j)), centers[j], 0.0, partitions + " partitions, center " + j);
      }
    }
  }
}
