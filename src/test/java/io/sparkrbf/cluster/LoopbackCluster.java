package io.sparkrbf.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster for integration tests: a master and workers as
 * separate JVMs bound to 127.0.0.1 on free ports, run from the Maven-resolved jars
 * (a SPARK_HOME-like folder with {@code jars/} and an empty {@code RELEASE}), and
 * applications submitted through {@code SparkSubmit} in their own JVMs. {@link #close}
 * stops every process it started, executors included, also when a test fails.
 */
final class LoopbackCluster implements AutoCloseable {
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final Path dir;
  private final Path sparkHome;
  private final List<String> jvmOptions;
  private final List<Process> daemons = new ArrayList<>();
  private final List<Process> applications = new ArrayList<>();
  private int webPort;
  private String url;

  private LoopbackCluster(Path dir) throws IOException {
    this.dir = dir;
    this.sparkHome = dir.resolve("spark-home");
    this.jvmOptions = jvmOptions();
  }

  /** Starts a master and {@code workers} workers of one core each; returns once all are registered. */
  static LoopbackCluster start(Path dir, int workers) throws Exception {
    LoopbackCluster cluster = new LoopbackCluster(dir);
    try {
      cluster.buildSparkHome();
      int port = freePort();
      cluster.webPort = freePort();
      cluster.url = "spark://127.0.0.1:" + port;
      cluster.daemons.add(cluster.java("master.log", List.of("org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(cluster.webPort))));
      cluster.awaitWorkers(0);
      for (int i = 1; i <= workers; i++) {
        cluster.daemons.add(cluster.java("worker-" + i + ".log", List.of("org.apache.spark.deploy.worker.Worker",
            "--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", String.valueOf(freePort()),
            "--work-dir", dir.resolve("work-" + i).toString(), cluster.url)));
      }
      cluster.awaitWorkers(workers);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  String url() {
    return url;
  }

  /**
   * Starts {@code spark-submit --master master --class io.sparkrbf.cli.RbfMain app.jar args}
   * in its own JVM (client mode: the driver is that JVM), its output in {@code log}.
   */
  Process submit(String master, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master,
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.executor.memory=512m", "--conf", "spark.ui.enabled=false",
        "--class", "io.sparkrbf.cli.RbfMain", applicationJar().toString()));
    command.addAll(Arrays.asList(args));
    Process p = java(log, command);
    applications.add(p);
    return p;
  }

  /** The executor JVMs the workers run now. */
  List<ProcessHandle> executors() {
    return daemons.stream().skip(1).flatMap(w -> w.toHandle().descendants())
        .filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .toList();
  }

  @Override
  public void close() {
    List<Process> all = new ArrayList<>(applications);
    for (int i = daemons.size() - 1; i >= 0; i--) {
      all.add(daemons.get(i));
    }
    for (Process p : all) {
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroy();
    }
    for (Process p : all) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }

  /** A Spark installation's jars: Spark's classpath without what only the application jar brings. */
  private void buildSparkHome() throws IOException {
    Path jars = sparkHome.resolve("jars");
    Files.createDirectories(jars);
    for (String jar : Files.readString(Path.of("target/runtime-classpath.txt")).trim().split(":")) {
      Path target = Path.of(jar);
      Path link = jars.resolve(target.getFileName());
      boolean ours = jar.contains("/info/picocli/") || jar.contains("/org/jfree/") || jar.contains("/org/tribuo/");
      if (!ours && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, target);
      }
    }
    Files.write(sparkHome.resolve("RELEASE"), new byte[0]);
  }

  private static Path applicationJar() throws IOException {
    try (var files = Files.list(Path.of("target"))) {
      return files.filter(f -> f.getFileName().toString().matches("spark-rbf_[0-9.]+-[^-]+(-SNAPSHOT)?-app\\.jar"))
          .findFirst().orElseThrow(() -> new IllegalStateException("no application jar in target/: run mvn package"))
          .toAbsolutePath();
    }
  }

  private Process java(String logName, List<String> mainAndArgs) throws IOException {
    return java(dir.resolve(logName), mainAndArgs);
  }

  private Process java(Path log, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Xmx512m");
    command.add("-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath());
    command.add("-cp");
    command.add(sparkHome.resolve("jars").toAbsolutePath() + "/*");
    command.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toAbsolutePath().toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("OPENBLAS_NUM_THREADS", "1");
    return pb.start();
  }

  private void awaitWorkers(int count) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/json/"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try {
        Matcher m = ALIVE_WORKERS.matcher(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        if (m.find() && Integer.parseInt(m.group(1)) >= count) {
          return;
        }
      } catch (IOException notYet) {
        // the master's web UI is not up yet
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException("the master did not report " + count + " alive worker(s); logs in " + dir);
  }

  private static List<String> jvmOptions() throws IOException {
    for (String line : Files.readAllLines(Path.of("conf/jvm.properties"))) {
      if (line.startsWith("jvm.options=")) {
        return List.of(line.substring("jvm.options=".length()).trim().split("\\s+"));
      }
    }
    throw new IllegalStateException("conf/jvm.properties has no jvm.options line");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
