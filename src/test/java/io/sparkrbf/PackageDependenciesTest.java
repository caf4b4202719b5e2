package io.sparkrbf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The math, initialization, optimizer and model packages stay plain Java: no Spark. */
class PackageDependenciesTest {

  @ParameterizedTest
  @ValueSource(strings = {"kernel", "init", "optim", "model"})
  void packageDoesNotUseSpark(String pkg) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/sparkrbf", pkg))) {
      List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
          .filter(PackageDependenciesTest::importsSpark)
          .map(Path::toString)
          .toList();
      assertEquals(List.of(), offenders);
    }
  }

  private static boolean importsSpark(Path file) {
    try {
      return Files.readString(file).contains("org.apache.spark");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
