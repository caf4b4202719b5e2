package io.sparkrbf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The math, initialization, optimizer and model packages stay plain Java: no Spark. The
 * report package draws what the driver already holds: no Spark either, and it is used by
 * the command line only.
 */
class PackageDependenciesTest {

  @ParameterizedTest
  @ValueSource(strings = {"kernel", "init", "optim", "model", "report"})
  void packageDoesNotUseSpark(String pkg) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/sparkrbf", pkg))) {
      List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
          .filter(PackageDependenciesTest::importsSpark)
          .map(Path::toString)
          .toList();
      assertEquals(List.of(), offenders);
    }
  }

  @Test
  void onlyTheCommandLineUsesTheReport() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/sparkrbf"))) {
      List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.startsWith(Path.of("src/main/java/io/sparkrbf/cli"))
              && !p.startsWith(Path.of("src/main/java/io/sparkrbf/report")))
          .filter(p -> contains(p, "io.sparkrbf.report"))
          .map(Path::toString)
          .toList();
      assertEquals(List.of(), offenders);
    }
  }

  private static boolean importsSpark(Path file) {
    return contains(file, "org.apache.spark");
  }

  private static boolean contains(Path file, String text) {
    try {
      return Files.readString(file).contains(text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
