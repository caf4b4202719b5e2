package io.sparkrbf.bench;

import io.sparkrbf.data.GaussianMixtureGenerator;
import io.sparkrbf.data.ParsedRow;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Seeded Gaussian-mixture rows generated inside the Spark tasks, each partition from its own
 * seed: nothing is read or shipped, so millions of rows need no input file, and the same
 * seed gives the same rows in every run.
 */
final class GeneratedRows {
  private GeneratedRows() {
  }

  /** {@code rows} rows of D = {@code d} dense features in {@code parts} partitions, drawn by {@code generator}. */
  static JavaRDD<ParsedRow> of(JavaSparkContext sc, GaussianMixtureGenerator generator, int d, long seed, long rows,
                               int parts) {
    long baseSeed = seed * 1_000_003L;
    List<Integer> ids = IntStream.range(0, parts).boxed().toList();
    return sc.parallelize(ids, parts).mapPartitions(it -> {
      int part = it.next();
      long from = rows * part / parts;
      long to = rows * (part + 1) / parts;
      Random rnd = new Random(baseSeed + part);
      return new Iterator<ParsedRow>() {
        long next = from;

        @Override
        public boolean hasNext() {
          return next < to;
        }

        @Override
        public ParsedRow next() {
          double[] x = new double[d];
          int label = generator.sample(rnd, x);
          return new ParsedRow(label, null, x, next++);
        }
      };
    });
  }
}
