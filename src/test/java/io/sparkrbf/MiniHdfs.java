package io.sparkrbf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.apache.hadoop.hdfs.server.namenode.AuditLogger;
import org.apache.hadoop.util.VersionInfo;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * A real HDFS for integration tests: a NameNode and DataNodes ({@code MiniDFSCluster} from
 * {@code hadoop-client-minicluster}, the Hadoop version Spark ships) in this JVM, every server
 * on 127.0.0.1 on a free port, their storage in a folder emptied first. Clients reach it at
 * {@link #uri}; the NameNode's audit log of renames and deletes is kept ({@link #namespaceChanges})
 * so a test can tell how a file was replaced. {@link #close} stops the servers.
 */
public final class MiniHdfs implements AutoCloseable {
  private static final List<NamespaceChange> CHANGES = new CopyOnWriteArrayList<>();
  /** The servers' loggers: their notices of a normal start and stop (as WARN, some as ERROR) would bury the test's. */
  private static final List<String> SERVER_LOGGERS = List.of("org.apache.hadoop.hdfs.server", "org.apache.hadoop.http",
      "org.apache.hadoop.security.authentication.server", "org.apache.hadoop.fs.CachingGetSpaceUsed",
      "org.apache.hadoop.metrics2");

  private final MiniDFSCluster cluster;
  private final DistributedFileSystem fs;

  private MiniHdfs(MiniDFSCluster cluster) throws IOException {
    this.cluster = cluster;
    this.fs = cluster.getFileSystem();
  }

  /** One rename or delete the NameNode carried out: its command ("rename", "rename (options=[OVERWRITE])", ...). */
  public record NamespaceChange(String command, String src, String dst) {
  }

  /**
   * Formats and starts a NameNode and {@code dataNodes} DataNodes with their storage and
   * Hadoop's temporary files under {@code dir} (emptied first, deleted by {@link #close});
   * returns once all DataNodes have registered.
   */
  public static MiniHdfs start(java.nio.file.Path dir, int dataNodes) throws IOException {
    requireSparksHadoop();
    FileUtil.fullyDelete(dir.toFile());
    SERVER_LOGGERS.forEach(name -> Configurator.setLevel(name, Level.ERROR));
    Configuration conf = new Configuration();
    conf.set("hadoop.tmp.dir", dir.resolve("tmp").toAbsolutePath().toString());
    conf.set("dfs.namenode.audit.loggers", ChangeLog.class.getName());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, dir.toAbsolutePath().toFile())
        .numDataNodes(dataNodes).format(true).build();
    MiniHdfs hdfs = null;
    try {
      cluster.waitActive();
      hdfs = new MiniHdfs(cluster);
      hdfs.requireLoopbackOnly();
      return hdfs;
    } finally {
      if (hdfs == null) {
        cluster.shutdown();
      }
    }
  }

  /** The full URI of an absolute path on this HDFS: {@code hdfs://127.0.0.1:PORT/path}. */
  public String uri(String path) {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort() + path;
  }

  /** Copies a local file to {@code path} (absolute) on this HDFS; returns its full URI. */
  public String upload(java.nio.file.Path local, String path) throws IOException {
    fs.copyFromLocalFile(new Path(local.toAbsolutePath().toString()), new Path(path));
    return uri(path);
  }

  /** Writes {@code text} as UTF-8 to {@code path} (absolute), replacing a file there. */
  public void write(String path, String text) throws IOException {
    try (OutputStream out = fs.create(new Path(path), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The UTF-8 text of a file, given as an absolute path or a full URI. */
  public String read(String path) throws IOException {
    return new String(readBytes(path), StandardCharsets.UTF_8);
  }

  /** The bytes of a file, given as an absolute path or a full URI. */
  public byte[] readBytes(String path) throws IOException {
    try (InputStream in = fs.open(new Path(path))) {
      return in.readAllBytes();
    }
  }

  /** The names in a folder, sorted, hidden ones included. */
  public List<String> list(String dir) throws IOException {
    return Arrays.stream(fs.listStatus(new Path(dir))).map(f -> f.getPath().getName()).sorted().toList();
  }

  /** Whether a path exists. */
  public boolean exists(String path) throws IOException {
    return fs.exists(new Path(path));
  }

  /** The renames and deletes the NameNode has carried out since the last {@link #clearNamespaceChanges}. */
  public List<NamespaceChange> namespaceChanges() {
    return List.copyOf(CHANGES);
  }

  public void clearNamespaceChanges() {
    CHANGES.clear();
  }

  @Override
  public void close() {
    SERVER_LOGGERS.forEach(name -> Configurator.setLevel(name, Level.OFF));
    cluster.shutdown(true);
    CHANGES.clear();
  }

  /**
   * The servers must be the Hadoop that Spark brings (its {@code hadoop-client-api}), the version the pom pins per
   * Spark profile ({@code hadoop.version}): else clients and servers of two versions would meet in one JVM.
   */
  private static void requireSparksHadoop() throws IOException {
    Properties pom = new Properties();
    try (InputStream in = MiniDFSCluster.class.getResourceAsStream(
        "/META-INF/maven/org.apache.hadoop/hadoop-client-minicluster/pom.properties")) {
      pom.load(in);
    }
    String servers = pom.getProperty("version");
    if (!VersionInfo.getVersion().equals(servers)) {
      throw new IllegalStateException("hadoop-client-minicluster is " + servers + " but Spark brings Hadoop "
          + VersionInfo.getVersion() + ": set hadoop.version in pom.xml to " + VersionInfo.getVersion());
    }
  }

  /** Every address the servers listen on is a loopback one: nothing is reachable from outside. */
  private void requireLoopbackOnly() {
    List<String> addresses = new ArrayList<>();
    addresses.add(ipAndPort(cluster.getNameNode().getNameNodeAddress()));
    addresses.add(ipAndPort(cluster.getNameNode().getHttpAddress()));
    for (DataNode d : cluster.getDataNodes()) {
      addresses.add(ipAndPort(d.getXferAddress()));
      addresses.add(d.getConf().get("dfs.datanode.ipc.address"));
      addresses.add(d.getConf().get("dfs.datanode.http.address"));
    }
    for (String a : addresses) {
      if (!a.startsWith("127.0.0.1:")) {
        throw new IllegalStateException("an HDFS server listens on " + a + ", not on 127.0.0.1");
      }
    }
  }

  private static String ipAndPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** The NameNode's audit logger here ({@code dfs.namenode.audit.loggers}): records renames and deletes. */
  public static final class ChangeLog implements AuditLogger {
    @Override
    public void initialize(Configuration conf) {
      // nothing to set up: the records go to a static list, since the NameNode makes the instance
    }

    @Override
    public void logAuditEvent(boolean succeeded, String userName, InetAddress addr, String cmd, String src,
                              String dst, FileStatus stat) {
      if (succeeded && (cmd.startsWith("rename") || cmd.equals("delete"))) {
        CHANGES.add(new NamespaceChange(cmd, src, dst));
      }
    }
  }
}
