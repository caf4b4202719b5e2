package io.sparkrbf;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the made-up scheme {@code flaky://}, whose reads and renames can be
 * told to fail: a file system Hadoop knows only when {@code fs.flaky.impl} names this class.
 * A failing read (open or listing) throws an IOException; a failing rename returns false, as
 * Hadoop's contract allows. The switches are static (Hadoop makes its own instances) and the
 * instances uncached ({@code fs.flaky.impl.disable.cache}), so a run without the setting
 * cannot borrow one made by an earlier run.
 */
public class FlakyFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "flaky";
  private static final URI ROOT = URI.create(SCHEME + ":///");
  private static final List<Path> OPENED = new CopyOnWriteArrayList<>();
  private static volatile Predicate<Path> failingReads = path -> false;
  private static volatile BiPredicate<Path, Path> failingRenames = (from, to) -> false;

  /** The settings that register the scheme, as Hadoop keys. */
  public static final List<String> SETTINGS = List.of("fs." + SCHEME + ".impl=" + FlakyFileSystem.class.getName(),
      "fs." + SCHEME + ".impl.disable.cache=true");

  /** {@code conf} with the scheme registered. */
  public static Configuration register(Configuration conf) {
    for (String setting : SETTINGS) {
      String[] kv = setting.split("=", 2);
      conf.set(kv[0], kv[1]);
    }
    return conf;
  }

  /** The local path under this scheme: {@code flaky:///abs/path}. */
  public static String uri(java.nio.file.Path local) {
    return SCHEME + "://" + local.toAbsolutePath();
  }

  /** Opening or listing a matching path throws from now on. */
  public static void failReads(Predicate<Path> which) {
    failingReads = which;
  }

  /** Renames matching {@code (from, to)} return false from now on. */
  public static void failRenames(BiPredicate<Path, Path> which) {
    failingRenames = which;
  }

  /** The paths opened since the last {@link #reset()}. */
  public static List<Path> opened() {
    return List.copyOf(OPENED);
  }

  /** Nothing fails, nothing opened. */
  public static void reset() {
    failingReads = path -> false;
    failingRenames = (from, to) -> false;
    OPENED.clear();
  }

  @Override
  public URI getUri() {
    return ROOT;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    OPENED.add(readable(f));
    return super.open(f, bufferSize);
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    readable(f);
    return super.listStatus(f);
  }

  private Path readable(Path f) throws IOException {
    Path qualified = makeQualified(f);
    if (failingReads.test(qualified)) {
      throw new IOException("injected read failure on " + qualified);
    }
    return qualified;
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    if (failingRenames.test(makeQualified(src), makeQualified(dst))) {
      return false;
    }
    return super.rename(src, dst);
  }
}
