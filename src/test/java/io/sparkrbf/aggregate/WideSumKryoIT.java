package io.sparkrbf.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sparkrbf.LocalSpark;
import org.apache.spark.SparkConf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WideSum's shuffle records need no Kryo registration: under Kryo the sums are those of {@link WideSumIT}. */
class WideSumKryoIT extends LocalSpark {
  @Override
  protected SparkConf configure(SparkConf conf) {
    return conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
  }

  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {2, 3})
  void sumsUnderKryoAreTheCompensatedSum(int depth) {
    AggregationPlan plan = AggregationPlan.of(7, WideSumIT.LENGTH, 0, WideSumIT.PARALLELISM, depth);
    assertArrayEquals(WideSumIT.compensatedSum(7), WideSum.sum(WideSumIT.arrays(sc, 7), plan));
  }
}
