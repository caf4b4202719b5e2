package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
  @TempDir
  Path dir;

  private CliRun generate(String name, String seed, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("generate", "--rows", "500", "--features", "3",
        "--classes", "4", "--seed", seed, "--out", dir.resolve(name).toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void sameSeedGivesTheSameFileOfWellFormedRows() throws IOException {
    assertEquals(0, generate("a.libsvm", "7").exitCode());
    assertEquals(0, generate("b.libsvm", "7").exitCode());
    assertEquals(0, generate("c.libsvm", "8").exitCode());

    List<String> a = Files.readAllLines(dir.resolve("a.libsvm"));
    assertEquals(a, Files.readAllLines(dir.resolve("b.libsvm")));
    assertNotEquals(a, Files.readAllLines(dir.resolve("c.libsvm")));
    assertEquals(500, a.size());
    boolean[] seen = new boolean[4];
    for (String line : a) {
      String[] tokens = line.split(" ");
      assertEquals(4, tokens.length, line);
      seen[Integer.parseInt(tokens[0])] = true;
      for (int f = 1; f <= 3; f++) {
        assertTrue(tokens[f].startsWith(f + ":"), line);
        assertTrue(Double.isFinite(Double.parseDouble(tokens[f].substring(tokens[f].indexOf(':') + 1))));
      }
    }
    assertTrue(seen[0] && seen[1] && seen[2] && seen[3], "every class appears");
  }

  @Test
  void existingFileIsKeptAndBadSizesAreRefused() throws IOException {
    Files.writeString(dir.resolve("a.libsvm"), "keep");

    CliRun exists = generate("a.libsvm", "1");
    CliRun noClasses = CliRun.of("generate", "--rows", "5", "--features", "3", "--classes", "1",
        "--out", dir.resolve("x.libsvm").toString());

    assertEquals(RbfMain.FAILED, exists.exitCode());
    assertEquals("keep", Files.readString(dir.resolve("a.libsvm")));
    assertEquals(RbfMain.USAGE, noClasses.exitCode());
    assertEquals(List.of("error: --classes must be >= 2, got 1"), noClasses.errorLines());
  }
}
