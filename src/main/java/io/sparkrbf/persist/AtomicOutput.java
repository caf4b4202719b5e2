package io.sparkrbf.persist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes an output file so that it is either absent or complete: the content goes to a
 * hidden temporary file beside the target, which is renamed to the target only after it
 * is closed. Works through the Hadoop FileSystem API (file://, hdfs://, s3a://). An
 * existing file is never replaced unless the caller says so.
 */
public final class AtomicOutput {
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
   * behind (the temporary file is deleted) and an existing file is untouched.
   */
  public static void write(String path, boolean overwrite, Configuration conf, OutputWriter body) throws IOException {
    FileSystem fs = fileSystem(new Path(path), conf);
    Path target = fs.makeQualified(new Path(path));
    checkWritable(fs, target, path, overwrite);
    Path parent = existingParent(fs, target);
    Path temp = new Path(parent, "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    boolean done = false;
    try {
      try (OutputStream out = fs.create(temp, false)) {
        body.writeTo(out);
      }
      if (overwrite && fs.exists(target)) {
        fs.delete(target, false);
      } else if (fs.exists(target)) {
        throw new OutputExistsException(path);
      }
      if (!fs.rename(temp, target)) {
        throw new IOException("could not move the finished " + temp + " to " + path);
      }
      done = true;
    } finally {
      if (!done) {
        fs.delete(temp, false);
      }
    }
  }

  /**
   * Writes the directory {@code path} with what {@code body} puts into a hidden temporary
   * sibling directory, renamed to {@code path} only when {@code body} returned. On any
   * failure the temporary directory is deleted and an existing {@code path} is untouched.
   * With {@code overwrite} an existing directory is moved aside, the new one moved in, and
   * only then the old one deleted (on a failed move the old one is moved back).
   */
  public static void writeDirectory(String path, boolean overwrite, Configuration conf, DirectoryWriter body)
      throws IOException {
    FileSystem fs = fileSystem(new Path(path), conf);
    Path target = fs.makeQualified(new Path(path));
    checkWritableDirectory(fs, target, path, overwrite);
    Path parent = existingParent(fs, target);
    String suffix = "." + target.getName() + "." + UUID.randomUUID();
    Path temp = new Path(parent, suffix + ".tmp");
    Path old = new Path(parent, suffix + ".old");
    boolean done = false;
    try {
      if (!fs.mkdirs(temp)) {
        throw new IOException("could not create the temporary directory " + temp);
      }
      body.writeInto(temp.toString());
      boolean replacing = fs.exists(target);
      if (replacing && !overwrite) {
        throw new OutputExistsException(path);
      }
      if (replacing && !fs.rename(target, old)) {
        throw new IOException("could not move the old " + path + " aside");
      }
      if (!fs.rename(temp, target)) {
        if (replacing) {
          fs.rename(old, target);
        }
        throw new IOException("could not move the finished " + temp + " to " + path);
      }
      done = true;
      if (replacing) {
        fs.delete(old, true);
      }
    } finally {
      if (!done) {
        fs.delete(temp, true);
      }
    }
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
