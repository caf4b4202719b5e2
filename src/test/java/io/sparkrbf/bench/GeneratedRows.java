package io.sparkrbf.bench;

import io.sparkrbf.data.GaussianMixtureGenerator;
import io.sparkrbf.data.ParsedRow;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Seeded rows generated inside the Spark tasks, each partition from its own seed: nothing is
 * read or shipped, so millions of rows need no input file, and the same seed gives the same
 * rows in every run.
 */
final class GeneratedRows {
  private GeneratedRows() {
  }

  /** Draws one row from a partition's random numbers; {@code ordinal} numbers the rows from 0. */
  @FunctionalInterface
  interface Draw<T> extends Serializable {
    T row(Random rnd, long ordinal);
  }

  /** {@code rows} rows of D = {@code d} dense features in {@code parts} partitions, drawn by {@code generator}. */
  static JavaRDD<ParsedRow> mixture(JavaSparkContext sc, GaussianMixtureGenerator generator, int d, long seed,
                                    long rows, int parts) {
    return inTasks(sc, rows, parts, seed, (rnd, ordinal) -> {
      double[] x = new double[d];
      int label = generator.sample(rnd, x);
      return new ParsedRow(label, null, x, ordinal);
    });
  }

  /** {@code rows} rows in {@code parts} partitions, each partition's drawn from its own seed. */
  static <T> JavaRDD<T> inTasks(JavaSparkContext sc, long rows, int parts, long seed, Draw<T> draw) {
    long baseSeed = seed * 1_000_003L;
    List<Integer> ids = IntStream.range(0, parts).boxed().toList();
    return sc.parallelize(ids, parts).mapPartitions(it -> {
      int part = it.next();
      long from = rows * part / parts;
      long to = rows * (part + 1) / parts;
      Random rnd = new Random(baseSeed + part);
      return new Iterator<T>() {
        long next = from;

        @Override
        public boolean hasNext() {
          return next < to;
        }

        @Override
        public T next() {
          return draw.row(rnd, next++);
        }
      };
    });
  }
}
