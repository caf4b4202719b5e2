package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkContextsTest {

  @Test
  void executorsGetTheDriversBlasThreadsElseOne() {
    assertEquals("1", SparkContexts.blasThreads(Map.of()));
    assertEquals("1", SparkContexts.blasThreads(Map.of("OPENBLAS_NUM_THREADS", " ")));
    assertEquals("4", SparkContexts.blasThreads(Map.of("OPENBLAS_NUM_THREADS", "4")));
  }
}
