package io.sparkrbf.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
  @TempDir
  Path dir;

  private final Configuration conf = new Configuration();

  @Test
  void writesIntoMissingDirectoriesAndLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("a/b/out.txt");

    AtomicOutput.writeString(target.toString(), false, conf, "hello");

    assertEquals("hello", Files.readString(target));
    assertArrayEquals(new String[] {"out.txt"}, names(target.getParent()));
  }

  @Test
  void existingFileIsKeptWithoutOverwriteAndReplacedWithIt() throws IOException {
    Path target = dir.resolve("out.txt");
    Files.writeString(target, "old");

    OutputExistsException e = assertThrows(OutputExistsException.class,
        () -> AtomicOutput.writeString(target.toString(), false, conf, "new"));
    assertEquals(target + " already exists (use --overwrite to replace it)", e.getMessage());
    assertEquals("old", Files.readString(target));

    AtomicOutput.writeString(target.toString(), true, conf, "new");
    assertEquals("new", Files.readString(target));
    assertArrayEquals(new String[] {"out.txt"}, names(dir));
  }

  @Test
  void failingWriterLeavesNothingAndKeepsTheOldFile() throws IOException {
    Path fresh = dir.resolve("fresh.txt");
    Path old = dir.resolve("old.txt");
    Files.writeString(old, "keep");

    assertThrows(IOException.class, () -> AtomicOutput.write(fresh.toString(), false, conf, out -> {
      out.write(1);
      throw new IOException("disk full");
    }));
    assertThrows(IOException.class, () -> AtomicOutput.write(old.toString(), true, conf, out -> {
      out.write(1);
      throw new IOException("disk full");
    }));

    assertArrayEquals(new String[] {"old.txt"}, names(dir));
    assertEquals("keep", Files.readString(old));
  }

  @Test
  void checkWritableCreatesNothingAndRefusesDirectories() throws IOException {
    AtomicOutput.checkWritable(dir.resolve("x/y.txt").toString(), false, conf);
    assertArrayEquals(new String[0], names(dir));

    Files.createDirectory(dir.resolve("d"));
    IOException e = assertThrows(IOException.class, () -> AtomicOutput.checkWritable(dir.resolve("d").toString(), true, conf));
    assertEquals(dir.resolve("d") + " is a directory; give a file name", e.getMessage());
  }

  @Test
  void directoryAppearsWhenCompleteAndAFailedOneLeavesNothing() throws IOException {
    Path target = dir.resolve("report");

    assertThrows(IOException.class, () -> AtomicOutput.writeDirectory(target.toString(), false, conf, temp -> {
      AtomicOutput.writeString(temp + "/a.txt", false, conf, "half");
      throw new IOException("chart failed");
    }));
    assertArrayEquals(new String[0], names(dir), "no half-written or temporary directory");

    AtomicOutput.writeDirectory(target.toString(), false, conf,
        temp -> AtomicOutput.writeString(temp + "/a.txt", false, conf, "whole"));
    assertEquals("whole", Files.readString(target.resolve("a.txt")));
    assertArrayEquals(new String[] {"report"}, names(dir));
  }

  @Test
  void existingDirectoryIsKeptWithoutOverwriteAndReplacedWithIt() throws IOException {
    Path target = dir.resolve("report");
    Files.createDirectories(target);
    Files.writeString(target.resolve("old.txt"), "old");

    OutputExistsException e = assertThrows(OutputExistsException.class, () -> AtomicOutput.writeDirectory(
        target.toString(), false, conf, temp -> AtomicOutput.writeString(temp + "/new.txt", false, conf, "new")));
    assertEquals(target + " already exists (use --overwrite to replace it)", e.getMessage());
    assertArrayEquals(new String[] {"old.txt"}, names(target));
    assertArrayEquals(new String[] {"report"}, names(dir));

    assertThrows(IOException.class, () -> AtomicOutput.writeDirectory(target.toString(), true, conf, temp -> {
      throw new IOException("chart failed");
    }));
    assertArrayEquals(new String[] {"old.txt"}, names(target), "a failed replacement keeps the old directory");

    AtomicOutput.writeDirectory(target.toString(), true, conf,
        temp -> AtomicOutput.writeString(temp + "/new.txt", false, conf, "new"));
    assertArrayEquals(new String[] {"new.txt"}, names(target));
    assertArrayEquals(new String[] {"report"}, names(dir), "the old directory is gone, no temporary left");
  }

  @Test
  void checkWritableDirectoryRefusesFilesAndExistingDirectories() throws IOException {
    AtomicOutput.checkWritableDirectory(dir.resolve("new").toString(), false, conf);
    Files.writeString(dir.resolve("f"), "x");
    IOException file = assertThrows(IOException.class,
        () -> AtomicOutput.checkWritableDirectory(dir.resolve("f").toString(), true, conf));
    assertEquals(dir.resolve("f") + " is a file; give a directory name", file.getMessage());
    assertThrows(OutputExistsException.class, () -> AtomicOutput.checkWritableDirectory(dir.toString(), false, conf));
    AtomicOutput.checkWritableDirectory(dir.toString(), true, conf);
  }

  private static String[] names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }
}
