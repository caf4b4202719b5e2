package io.sparkrbf.persist;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.FlakyFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
  @TempDir
  Path dir;

  private final Configuration conf = new Configuration();
  /** The local disk under flaky://, a file system AtomicOutput knows nothing about: replaced by moving aside. */
  private final Configuration flaky = FlakyFileSystem.register(new Configuration());

  @AfterEach
  void nothingFailsAnyMore() {
    FlakyFileSystem.reset();
  }

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

  @Test
  void aLocalFileIsReplacedByOneRenameSoItsPathIsNeverWithoutAFile() throws Exception {
    Path target = dir.resolve("out.txt");
    Files.writeString(target, "old");

    List<String> local = eventsDuring(() -> AtomicOutput.writeString(target.toString(), true, conf, "new"));

    assertEquals("new", Files.readString(target));
    assertTrue(local.contains("ENTRY_CREATE out.txt"), "the watcher saw the new file arrive: " + local);
    assertFalse(local.contains("ENTRY_DELETE out.txt"), "out.txt never went away: " + local);
    assertArrayEquals(new String[] {"out.txt"}, names(dir));

    List<String> movedAside = eventsDuring(
        () -> AtomicOutput.writeString(FlakyFileSystem.uri(target), true, flaky, "newer"));
    assertTrue(movedAside.contains("ENTRY_DELETE out.txt"),
        "elsewhere the old file is moved aside first, and the watcher sees that moment: " + movedAside);
    assertEquals("newer", Files.readString(target));
    assertArrayEquals(new String[] {"out.txt"}, names(dir), "the aside copy is deleted");
  }

  @Test
  void elsewhereAFailedWriteKeepsTheOldFile() throws IOException {
    Path target = dir.resolve("out.txt");
    Files.writeString(target, "old");

    assertThrows(IOException.class, () -> AtomicOutput.write(FlakyFileSystem.uri(target), true, flaky, out -> {
      out.write(1);
      throw new IOException("disk full");
    }));

    assertEquals("old", Files.readString(target));
    assertArrayEquals(new String[] {"out.txt"}, names(dir));
  }

  @Test
  void elsewhereTheOldFileStaysWhenItCannotBeMovedAside() throws IOException {
    IOException e = replacementWhereRenamesFail((from, to) -> to.getName().endsWith(".old"));

    assertTrue(e.getMessage().startsWith("could not move the old " + FlakyFileSystem.uri(target()) + " aside to "),
        e.getMessage());
    assertEquals("old", Files.readString(target()));
    assertArrayEquals(new String[] {"out.txt"}, names(dir), "no temporary file left");
  }

  @Test
  void elsewhereAFailedMoveInPutsTheOldFileBack() throws IOException {
    IOException e = replacementWhereRenamesFail((from, to) -> from.getName().endsWith(".tmp"));

    assertTrue(e.getMessage().matches("could not move the finished \\S+\\.tmp to " + FlakyFileSystem.uri(target())),
        e.getMessage());
    assertEquals("old", Files.readString(target()));
    assertArrayEquals(new String[] {"out.txt"}, names(dir), "no temporary or aside file left");
  }

  @Test
  void elsewhereAStopBetweenTheRenamesLeavesTheOldContentUnderTheHiddenName() throws IOException {
    // the new file cannot move in and the old one cannot move back: the state a crash between the two leaves
    IOException e = replacementWhereRenamesFail(
        (from, to) -> from.getName().endsWith(".tmp") || from.getName().endsWith(".old"));

    Path target = target();
    String[] left = names(dir);
    assertEquals(1, left.length, String.join(", ", left));
    assertTrue(left[0].matches("\\.out\\.txt\\.[0-9a-f-]{36}\\.old"), left[0]);
    assertEquals("old", Files.readString(dir.resolve(left[0])), "the old content is kept under the hidden name");
    assertTrue(e.getMessage().endsWith(
        "; the old " + FlakyFileSystem.uri(target) + " is kept as flaky:" + dir.resolve(left[0])),
        e.getMessage());
  }

  @Test
  void elsewhereAFolderThatCannotMoveInPutsTheOldFolderBack() throws IOException {
    Path target = dir.resolve("report");
    Files.createDirectories(target);
    Files.writeString(target.resolve("old.txt"), "old");
    FlakyFileSystem.failRenames((from, to) -> from.getName().endsWith(".tmp"));

    assertThrows(IOException.class, () -> AtomicOutput.writeDirectory(FlakyFileSystem.uri(target), true, flaky,
        temp -> AtomicOutput.writeString(temp + "/new.txt", false, flaky, "new")));

    assertArrayEquals(new String[] {"old.txt"}, names(target));
    assertArrayEquals(new String[] {"report"}, names(dir));
  }

  private Path target() {
    return dir.resolve("out.txt");
  }

  /** Replaces out.txt, holding "old", with "new" on flaky:// while the matching renames fail: the error. */
  private IOException replacementWhereRenamesFail(
      BiPredicate<org.apache.hadoop.fs.Path, org.apache.hadoop.fs.Path> which) throws IOException {
    Files.writeString(target(), "old");
    FlakyFileSystem.failRenames(which);
    return assertThrows(IOException.class,
        () -> AtomicOutput.writeString(FlakyFileSystem.uri(target()), true, flaky, "new"));
  }

  /** An action that may fail. */
  private interface Action {
    void run() throws IOException;
  }

  /** The creations and deletions in {@link #dir} while {@code action} ran, as "KIND name" (inotify on Linux). */
  private List<String> eventsDuring(Action action) throws IOException, InterruptedException {
    try (WatchService watcher = dir.getFileSystem().newWatchService()) {
      dir.register(watcher, ENTRY_CREATE, ENTRY_DELETE);
      action.run();
      List<String> events = new ArrayList<>();
      for (WatchKey key = watcher.poll(2, TimeUnit.SECONDS); key != null;
           key = watcher.poll(300, TimeUnit.MILLISECONDS)) {
        key.pollEvents().forEach(event -> events.add(event.kind().name() + " " + event.context()));
        key.reset();
      }
      return events;
    }
  }

  private static String[] names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }
}
