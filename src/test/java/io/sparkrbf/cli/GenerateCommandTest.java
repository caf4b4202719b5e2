package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  @Test
  void theFileNameSaysTheFormatAndTheCompression() throws IOException {
    CliRun csv = generate("gen.csv", "7");
    CliRun gz = generate("gen.libsvm.gz", "7");
    CliRun told = generate("gen.txt", "7", "--out-format", "csv");
    assertEquals(0, generate("gen.libsvm", "7").exitCode());

    assertEquals(0, csv.exitCode(), csv.err());
    assertEquals("500 rows x 3 features, 4 classes written to " + dir.resolve("gen.csv") + " (csv)\n", csv.out());
    List<String> rows = Files.readAllLines(dir.resolve("gen.csv"));
    assertEquals("label,f1,f2,f3", rows.get(0));
    assertEquals(501, rows.size());
    List<String> libsvm = Files.readAllLines(dir.resolve("gen.libsvm"));
    for (int r = 0; r < 500; r++) {
      assertEquals(libsvm.get(r).replaceAll(" \\d+:", ","), rows.get(r + 1), "the same row as LIBSVM");
    }
    assertEquals(0, gz.exitCode(), gz.err());
    assertTrue(gz.out().endsWith(" (libsvm, gzip)\n"), gz.out());
    byte[] compressed = Files.readAllBytes(dir.resolve("gen.libsvm.gz"));
    assertEquals(0x1f, compressed[0] & 0xff, "gzip magic");
    assertEquals(0x8b, compressed[1] & 0xff, "gzip magic");
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
      assertEquals(String.join("\n", libsvm) + "\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(0, told.exitCode(), told.err());
    assertEquals(rows, Files.readAllLines(dir.resolve("gen.txt")), "--out-format csv whatever the name");
  }

  @Test
  void parquetIsRefusedNamingTheWayOut() throws IOException {
    CliRun run = generate("gen.parquet", "1");

    assertEquals(RbfMain.USAGE, run.exitCode());
    assertEquals(List.of("error: generate writes libsvm or csv, not parquet (the name " + dir.resolve("gen.parquet")
        + " says parquet): give --out-format or another name"), run.errorLines());
    assertFalse(Files.exists(dir.resolve("gen.parquet")));
  }
}
