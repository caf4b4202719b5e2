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

  @Test
  void executorsGetTheVectorModuleBesideTheirOwnOptions() {
    assertEquals("--add-modules=jdk.incubator.vector", SparkContexts.withVectorModule(""));
    assertEquals("-Xss4m -XX:+UseG1GC --add-modules=jdk.incubator.vector",
        SparkContexts.withVectorModule(" -Xss4m -XX:+UseG1GC "));
    assertEquals("--add-modules jdk.incubator.vector,java.sql",
        SparkContexts.withVectorModule("--add-modules jdk.incubator.vector,java.sql"));
  }
}
