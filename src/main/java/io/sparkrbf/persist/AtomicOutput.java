package io.sparkrbf.persist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an output file or folder so that it is either absent or complete: the content goes
 * to a hidden temporary sibling {@code .NAME.<random>.tmp}, renamed to the target only once
 * complete. Works through the Hadoop FileSystem API (file://, hdfs://, s3a://, any other).
 * An existing output is never replaced unless the caller says so, and replacing it never
 * loses it, whatever fails or crashes:
 * <ul>
 *   <li>a file on the local file system (file://) is replaced by one POSIX rename over it
 *       ({@code Files.move} with {@code ATOMIC_MOVE}): the path always holds the old or the
 *       new file;
 *   <li>a file on HDFS ({@code DistributedFileSystem}) is replaced by its rename with
 *       {@code Options.Rename.OVERWRITE}, atomic on the NameNode;
 *   <li>a file on any other file system (object stores, custom ones), and a folder on every
 *       file system, is replaced in three steps: the old output is moved aside to the hidden
 *       sibling {@code .NAME.<random>.old}, the new one renamed in, then the aside copy
 *       deleted; if renaming the new one in fails, the old one is moved back. A crash between
 *       the steps leaves the old content under the hidden {@code .old} name, never lost.
 * </ul>
 */
public final class AtomicOutput {
  private static final Logger LOG = LoggerFactory.getLogger(AtomicOutput.class);

  private AtomicOutput() {
  }

  /** Produces a file's content. */
  @FunctionalInterface
  public interface OutputWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Fills a fresh, empty directory (given as a path string on the target's file system). */
  @FunctionalInterface
  public interface DirectoryWriter {
    void writeInto(String dir) throws IOException;
  }

  /**
   * Writes {@code path} with what {@code body} produces; on any failure nothing is left
   * behind (the temporary file is deleted) and an existing file keeps its content.
   */
  public static void write(String path, boolean overwrite, Configuration conf, OutputWriter body) throws IOException {
    FileSystem fs = fileSystem(new Path(path), conf);
    Path target = fs.makeQualified(new Path(path));
    checkWritable(fs, target, path, overwrite);
    publish(fs, target, path, overwrite, false, temp -> {
      try (OutputStream out = fs.create(temp, false)) {
        body.writeTo(out);
      }
    });
  }

  /**
   * Writes the directory {@code path} with what {@code body} puts into a hidden temporary
   * sibling directory, renamed to {@code path} only when {@code body} returned. On any
   * failure the temporary directory is deleted and an existing {@code path} is untouched.
   * With {@code overwrite} an existing directory is moved aside, the new one moved in, and
   * only then the old one deleted (see the class comment).
   */
  public static void writeDirectory(String path, boolean overwrite, Configuration conf, DirectoryWriter body)
      throws IOException {
    FileSystem fs = fileSystem(new Path(path), conf);
    Path target = fs.makeQualified(new Path(path));
    checkWritableDirectory(fs, target, path, overwrite);
    publish(fs, target, path, overwrite, true, temp -> {
      if (!fs.mkdirs(temp)) {
        throw new IOException("could not create the temporary directory " + temp);
      }
      body.writeInto(temp.toString());
    });
  }

  /** Fills a temporary path. */
  @FunctionalInterface
  private interface TemporaryWriter {
    void fill(Path temp) throws IOException;
  }

  /** Fills a hidden temporary sibling of {@code target}, then puts it in place; the temporary never stays. */
  private static void publish(FileSystem fs, Path target, String path, boolean overwrite, boolean directory,
                              TemporaryWriter fill) throws IOException {
    Path parent = existingParent(fs, target);
    String hidden = "." + target.getName() + "." + UUID.randomUUID();
    Path temp = new Path(parent, hidden + ".tmp");
    boolean done = false;
    try {
      fill.fill(temp);
      boolean replacing = fs.exists(target);
      if (replacing && !overwrite) {
        throw new OutputExistsException(path);
      }
      if (!replacing) {
        moveIn(fs, temp, target, path);
      } else if (!directory && isLocal(fs)) {
        replaceLocally((RawLocalFileSystem) fs, temp, target, path);
      } else if (!directory && fs instanceof DistributedFileSystem hdfs) {
        hdfs.rename(temp, target, Options.Rename.OVERWRITE);
      } else {
        replaceByMovingAside(fs, temp, target, new Path(parent, hidden + ".old"), path);
      }
      done = true;
    } finally {
      if (!done) {
        fs.delete(temp, directory);
      }
    }
  }

  /** One POSIX rename over the old file: the path never lacks a file. */
  private static void replaceLocally(RawLocalFileSystem local, Path temp, Path target, String path)
      throws IOException {
    try {
      Files.move(local.pathToFile(temp).toPath(), local.pathToFile(target).toPath(),
          StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IOException("could not move the finished " + temp + " to " + path + ": " + e, e);
    }
  }

  /** The old output aside, the new one in, the old one deleted; on a failed move-in the old one goes back. */
  private static void replaceByMovingAside(FileSystem fs, Path temp, Path target, Path aside, String path)
      throws IOException {
    if (!fs.rename(target, aside)) {
      throw new IOException("could not move the old " + path + " aside to " + aside);
    }
    try {
      moveIn(fs, temp, target, path);
    } catch (IOException | RuntimeException e) {
      boolean restored;
      try {
        restored = fs.rename(aside, target);
      } catch (IOException restoring) {
        e.addSuppressed(restoring);
        restored = false;
      }
      if (!restored) {
        throw new IOException(e.getMessage() + "; the old " + path + " is kept as " + aside, e);
      }
      throw e;
    }
    try {
      if (!fs.delete(aside, true)) {
        LOG.warn("could not delete the replaced {} (kept as {})", path, aside);
      }
    } catch (IOException e) {
      LOG.warn("could not delete the replaced {} (kept as {}): {}", path, aside, e.getMessage());
    }
  }

  private static void moveIn(FileSystem fs, Path temp, Path target, String path) throws IOException {
    if (!fs.rename(temp, target)) {
      throw new IOException("could not move the finished " + temp + " to " + path);
    }
  }

  /** The local file system under file:// (the raw one; see {@link #fileSystem}), where a rename is POSIX's. */
  private static boolean isLocal(FileSystem fs) {
    return fs instanceof RawLocalFileSystem && "file".equals(fs.getUri().getScheme());
  }

  /**
   * The check a command runs before starting work on a directory output: fails when
   * {@code path} is a file, or a directory and {@code overwrite} is false. Creates nothing.
   */
  public static void checkWritableDirectory(String path, boolean overwrite, Configuration conf) throws IOException {
    Path target = new Path(path);
    checkWritableDirectory(fileSystem(target, conf), target, path, overwrite);
  }

  private static void checkWritableDirectory(FileSystem fs, Path target, String path, boolean overwrite)
      throws IOException {
    if (!fs.exists(target)) {
      return;
    }
    if (!fs.getFileStatus(target).isDirectory()) {
      throw new IOException(path + " is a file; give a directory name");
    }
    if (!overwrite) {
      throw new OutputExistsException(path);
    }
  }

  /** Writes {@code text} as UTF-8. */
  public static void writeString(String path, boolean overwrite, Configuration conf, String text) throws IOException {
    write(path, overwrite, conf, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The check a command runs before starting work: fails when {@code path} is a directory,
   * or a file and {@code overwrite} is false. Creates nothing.
   */
  public static void checkWritable(String path, boolean overwrite, Configuration conf) throws IOException {
    Path target = new Path(path);
    checkWritable(fileSystem(target, conf), target, path, overwrite);
  }

  private static void checkWritable(FileSystem fs, Path target, String path, boolean overwrite) throws IOException {
    if (!fs.exists(target)) {
      return;
    }
    FileStatus status = fs.getFileStatus(target);
    if (status.isDirectory()) {
      throw new IOException(path + " is a directory; give a file name");
    }
    if (!overwrite) {
      throw new OutputExistsException(path);
    }
  }

  /** The raw local file system for local paths: no .crc side files next to outputs. */
  private static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }

  /** The folder the output goes into, created when missing: temporary siblings are made there. */
  private static Path existingParent(FileSystem fs, Path target) throws IOException {
    Path parent = target.getParent();
    if (!fs.exists(parent)) {
      fs.mkdirs(parent);
    }
    return parent;
  }
}
