package io.sparkrbf.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrbf.persist.AtomicOutput;
import io.sparkrbf.train.BestModel;
import io.sparkrbf.train.EpochStats;
import io.sparkrbf.train.TrainingState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one training run in a folder on any Hadoop file system:
 * {@code checkpoint-<epoch>.json}, each written atomically (temporary file, then rename)
 * and carrying a CRC32 of its content.
 *
 * <p>Every checkpoint records the run's fingerprint (the configuration and the
 * statistics of the training data); resuming from a checkpoint of another run is refused
 * with the first difference named. Only a file proven damaged (JSON that does not parse,
 * a wrong format or version marker, a checksum that does not match) is passed over, with a
 * warning, for the next older one; a file that cannot be listed or read stops the run with
 * that error, so a passing storage fault never silently restarts training from an older
 * checkpoint or from the beginning.
 *
 * <p>A run that does not resume is refused in a folder already holding checkpoints, unless
 * {@link CheckpointOptions#overwrite()}: then the old run's checkpoints are deleted once
 * this run has written its first. After each save the one just written and the newest
 * {@code keep - 1} with lower epochs stay; files of higher epochs (passed over as damaged,
 * or left by another run) are left alone.
 */
public final class CheckpointStore {
  static final String FORMAT = "spark-rbf-checkpoint";
  static final int VERSION = 1;
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.json");
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CheckpointOptions options;
  private final Path dir;
  private final Map<String, Object> fingerprint;
  private final Configuration conf;
  /** A fresh run with overwrite: the folder's older checkpoints go with this run's first save. */
  private boolean replacingOldRun;
  private boolean higherEpochsLogged;

  /** @param fingerprint what identifies the run: configuration and data statistics */
  public CheckpointStore(CheckpointOptions options, Map<String, Object> fingerprint, Configuration conf) {
    this.options = options;
    this.dir = new Path(options.dir());
    this.fingerprint = fingerprint;
    this.conf = conf;
    this.replacingOldRun = options.overwrite() && !options.resume();
  }

  /**
   * Refuses a run that does not resume in a folder holding checkpoints, unless
   * {@code overwrite}: a forgotten {@code --resume} would otherwise start afresh over an
   * earlier run's checkpoints. Creates nothing.
   */
  public static void checkFreshStart(CheckpointOptions options, Configuration conf) throws IOException {
    if (options.resume() || options.overwrite()) {
      return;
    }
    List<FileStatus> existing = checkpointsNewestFirst(new Path(options.dir()), conf);
    if (!existing.isEmpty()) {
      throw new IOException(options.dir() + " already holds checkpoints (newest " + existing.get(0).getPath().getName()
          + "): --resume continues that run, --overwrite replaces them, or use another --checkpoint-dir");
    }
  }

  /**
   * Where the run starts: with {@code resume} the newest intact checkpoint (empty when
   * there is none); else empty, once {@link #checkFreshStart} passed.
   */
  public Optional<TrainingState> start() {
    try {
      if (options.resume()) {
        return newest();
      }
      checkFreshStart(options, conf);
      return Optional.empty();
    } catch (IOException e) {
      throw unchecked(e);
    }
  }

  /** Writes the state as the checkpoint of its epoch, then prunes older ones (see the class comment). */
  public void save(TrainingState state) {
    for (double v : state.parameters()) {
      if (!Double.isFinite(v)) {
        throw new IllegalStateException("refusing to checkpoint non-finite parameters at epoch " + state.epoch());
      }
    }
    try {
      ObjectNode payload = JSON.createObjectNode();
      payload.put("epoch", state.epoch());
      payload.put("updates", state.updates());
      payload.set("parameters", array(state.parameters()));
      payload.set("startBetas", array(state.startBetas()));
      ArrayNode optimizer = payload.putArray("optimizerState");
      for (double[] a : state.optimizerState()) {
        optimizer.add(array(a));
      }
      ArrayNode history = payload.putArray("history");
      for (EpochStats s : state.history()) {
        history.add(JSON.valueToTree(List.of(s.epoch(), s.epochs(), s.loss(), s.accuracy(), s.testLoss(),
            s.testAccuracy(), s.gradNorm(), s.seconds(), s.validationLoss(), s.validationAccuracy()).stream()
            .map(CheckpointStore::finiteOrNull).toList()));
      }
      if (state.best() != null) {
        BestModel best = state.best();
        ObjectNode b = payload.putObject("best");
        b.put("epoch", best.epoch());
        b.put("validationLoss", best.validationLoss());
        b.put("validationAccuracy", best.validationAccuracy());
        b.put("epochsWithoutImprovement", best.epochsWithoutImprovement());
        b.set("parameters", array(best.parameters()));
      }
      payload.set("fingerprint", JSON.valueToTree(fingerprint));
      ObjectNode root = JSON.createObjectNode();
      root.put("format", FORMAT);
      root.put("version", VERSION);
      root.put("crc32", crc(payload));
      root.set("payload", payload);
      String path = new Path(dir, String.format("checkpoint-%06d.json", state.epoch())).toString();
      AtomicOutput.writeString(path, true, conf, JSON.writeValueAsString(root));
    } catch (IOException e) {
      throw unchecked(named("cannot write a checkpoint to " + dir, e));
    }
    prune(state.epoch());
  }

  /** The newest intact checkpoint, or empty; damaged files are skipped with a warning, unreadable ones stop. */
  private Optional<TrainingState> newest() throws IOException {
    for (FileStatus f : checkpointsNewestFirst(dir, conf)) {
      String text;
      try (InputStream in = f.getPath().getFileSystem(conf).open(f.getPath())) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw named("cannot read the checkpoint " + f.getPath(), e);
      }
      JsonNode payload;
      try {
        payload = intactPayload(text);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        LOG.warn("skipping damaged checkpoint {}: {}", f.getPath(), e.getMessage());
        continue;
      }
      requireSameRun(f.getPath(), payload.get("fingerprint"));
      return Optional.of(state(payload));
    }
    return Optional.empty();
  }

  /** An IOException whose message says what failed and why, the original as its cause. */
  private static IOException named(String what, IOException cause) {
    return new IOException(what + ": " + cause.getMessage(), cause);
  }

  /** For callers without IOException (the trainer): the same message, the IOException as the cause. */
  private static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e.getMessage(), e);
  }

  private static JsonNode intactPayload(String text) throws JsonProcessingException {
    JsonNode root = JSON.readTree(text);
    if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
      throw new IllegalArgumentException("not a " + FORMAT + " version " + VERSION + " file");
    }
    JsonNode payload = root.get("payload");
    if (payload == null || root.path("crc32").asLong(-1) != crc(payload)) {
      throw new IllegalArgumentException("checksum does not match its content (torn or edited)");
    }
    return payload;
  }

  /**
   * Compares the fields of this run's fingerprint with the recorded ones; a recorded field this
   * run's fingerprint lacks no longer identifies a run (the aggregation depth) and is ignored.
   */
  private void requireSameRun(Path file, JsonNode recorded) {
    // compared as JSON text: a long written as 5 reads back as an int node
    JsonNode expected = JSON.valueToTree(fingerprint);
    List<String> differences = new ArrayList<>();
    Iterator<String> names = expected.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      JsonNode then = recorded == null ? null : recorded.get(name);
      if (then == null || !expected.get(name).toString().equals(then.toString())) {
        differences.add("'" + name + "' (" + then + " there, " + expected.get(name) + " now)");
      }
    }
    if (recorded != null && differences.isEmpty()) {
      return;
    }
    String differs = differences.isEmpty() ? "its fingerprint" : String.join(", ", differences);
    throw new IllegalArgumentException(file + " is a checkpoint of another run: " + differs
        + "; resume with the same data and options, or use another --checkpoint-dir");
  }

  private static TrainingState state(JsonNode p) {
    List<double[]> optimizer = new ArrayList<>();
    p.get("optimizerState").forEach(a -> optimizer.add(doubles(a)));
    List<EpochStats> history = new ArrayList<>();
    for (JsonNode h : p.get("history")) {
      history.add(new EpochStats(h.get(0).asInt(), h.get(1).asInt(), number(h.get(2)), number(h.get(3)),
          number(h.get(4)), number(h.get(5)), number(h.get(6)), number(h.get(7)), number(h.get(8)),
          number(h.get(9))));
    }
    JsonNode b = p.get("best"); // absent: no validation data, or a checkpoint from before early stopping
    BestModel best = b == null ? null : new BestModel(b.get("epoch").asInt(), b.get("validationLoss").asDouble(),
        b.get("validationAccuracy").asDouble(), doubles(b.get("parameters")),
        b.get("epochsWithoutImprovement").asInt());
    return new TrainingState(p.get("epoch").asInt(), p.get("updates").asLong(), doubles(p.get("parameters")),
        optimizer.toArray(double[][]::new), doubles(p.get("startBetas")), List.copyOf(history), best);
  }

  private static List<FileStatus> checkpointsNewestFirst(Path dir, Configuration conf) throws IOException {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return List.of();
      }
      return Arrays.stream(fs.listStatus(dir)).filter(f -> NAME.matcher(f.getPath().getName()).matches())
          .sorted(Comparator.comparingLong(CheckpointStore::epochOf).reversed()).toList();
    } catch (IOException e) {
      throw named("cannot list the checkpoints in " + dir, e);
    }
  }

  /**
   * Keeps the checkpoint of {@code written} and the newest {@code keep - 1} of lower epochs;
   * with {@link #replacingOldRun} deletes every other one. A failure here only warns: the
   * checkpoint is saved, and an old file left over does no harm.
   */
  private void prune(int written) {
    try {
      List<FileStatus> all = checkpointsNewestFirst(dir, conf);
      List<FileStatus> higher = all.stream().filter(f -> epochOf(f) > written).toList();
      List<FileStatus> lower = all.stream().filter(f -> epochOf(f) < written).toList();
      List<FileStatus> doomed = replacingOldRun ? all.stream().filter(f -> epochOf(f) != written).toList()
          : lower.subList(Math.min(options.keep() - 1, lower.size()), lower.size());
      if (!replacingOldRun && !higher.isEmpty() && !higherEpochsLogged) {
        LOG.warn("leaving {} checkpoint(s) of epochs after {} in {} alone (passed over as damaged, or of another "
            + "run): {}", higher.size(), written, dir, higher.stream().map(f -> f.getPath().getName()).toList());
        higherEpochsLogged = true;
      }
      FileSystem fs = dir.getFileSystem(conf);
      for (FileStatus old : doomed) {
        fs.delete(old.getPath(), false);
      }
      replacingOldRun = false;
    } catch (IOException e) {
      LOG.warn("could not prune the checkpoints in {}: {}", dir, e.getMessage());
    }
  }

  private static long epochOf(FileStatus f) {
    Matcher m = NAME.matcher(f.getPath().getName());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private static long crc(JsonNode payload) {
    try {
      CRC32 crc = new CRC32();
      crc.update(JSON.writeValueAsBytes(payload));
      return crc.getValue();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ArrayNode array(double[] values) {
    ArrayNode a = JSON.createArrayNode();
    for (double v : values) {
      a.add(v);
    }
    return a;
  }

  private static double[] doubles(JsonNode a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asDouble();
    }
    return v;
  }

  private static Object finiteOrNull(Object v) {
    return v instanceof Double d && !Double.isFinite(d) ? null : v;
  }

  private static double number(JsonNode v) {
    return v == null || v.isNull() ? Double.NaN : v.asDouble();
  }
}
