package io.sparkrbf.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.persist.JsonOutput;
import io.sparkrbf.persist.OutputExistsException;
import io.sparkrbf.train.EpochStats;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  @TempDir
  Path dir;

  private final Configuration conf = new Configuration();

  @Test
  void writesEveryFileAndNothingElse() throws IOException {
    TrainingReport r = Reports.report(40, 10, true);
    Path out = dir.resolve("report");

    ReportWriter.write(r, out.toString(), false, conf);

    assertArrayEquals(ReportWriter.FILES.stream().sorted().toArray(), names(out));
    assertArrayEquals(new String[] {"report"}, names(dir), "no temporary folder left");
    assertPng(out.resolve(LossChart.FILE), ChartStyle.WIDTH, ChartStyle.HEIGHT);
    assertPng(out.resolve(AccuracyChart.FILE), ChartStyle.WIDTH, ChartStyle.HEIGHT);
    assertPng(out.resolve(ConfusionChart.FILE), ConfusionChart.WIDTH, ConfusionChart.HEIGHT);
    assertTrue(Files.readString(out.resolve(ReportPage.FILE)).startsWith("<!DOCTYPE html>"));
  }

  @Test
  void historyIsWhatHistoryOutWrites() throws IOException {
    TrainingReport r = Reports.report(25, 3, false);
    Path historyOut = dir.resolve("history.jsonl");
    JsonOutput.writeLines(historyOut.toString(), r.result().history().stream().map(EpochStats::toMap).toList(),
        false, conf);

    ReportWriter.write(r, dir.resolve("report").toString(), false, conf);

    String history = Files.readString(dir.resolve("report").resolve(ReportWriter.HISTORY));
    assertEquals(Files.readString(historyOut), history);
    assertEquals(25, history.lines().count());
  }

  @Test
  void existingFolderIsRefusedAndUntouchedWithoutOverwrite() throws IOException {
    Path out = dir.resolve("report");
    ReportWriter.write(Reports.report(5, 2, false), out.toString(), false, conf);
    Files.writeString(out.resolve(ReportPage.FILE), "old report");

    OutputExistsException e = assertThrows(OutputExistsException.class,
        () -> ReportWriter.write(Reports.report(5, 2, true), out.toString(), false, conf));

    assertEquals(out + " already exists (use --overwrite to replace it)", e.getMessage());
    assertEquals("old report", Files.readString(out.resolve(ReportPage.FILE)));

    ReportWriter.write(Reports.report(5, 2, true), out.toString(), true, conf);
    assertTrue(Files.readString(out.resolve(ReportPage.FILE)).contains("test rows"), "replaced with --overwrite");
    assertArrayEquals(new String[] {"report"}, names(dir));
  }

  @Test
  void overwriteReplacesOnlyAFormerReport() throws IOException {
    Path work = dir.resolve("work");
    Files.createDirectories(work);
    Files.writeString(work.resolve("notes.txt"), "precious");

    IOException e = assertThrows(IOException.class,
        () -> ReportWriter.write(Reports.report(5, 2, false), work.toString(), true, conf));

    assertEquals(work + " exists and is not a training report (no index.html); refusing to replace it even with "
        + "--overwrite", e.getMessage());
    assertArrayEquals(new String[] {"notes.txt"}, names(work));
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    ReportWriter.write(Reports.report(5, 2, false), empty.toString(), true, conf);
    assertEquals(ReportWriter.FILES.size(), names(empty).length);
  }

  private static void assertPng(Path file, int width, int height) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(width, image.getWidth(), file.toString());
    assertEquals(height, image.getHeight(), file.toString());
    assertTrue(ChartsRenderTest.distinctColours(image) >= 20, file + " is not blank");
  }

  private static String[] names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }
}
