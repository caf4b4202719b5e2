package io.sparkrbf.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrbf.persist.AtomicOutput;
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
 * and carrying a CRC32 of its content, the last {@code keep} kept.
 *
 * <p>Every checkpoint records the run's fingerprint (the configuration and the
 * statistics of the training data); resuming from a checkpoint of another run is refused
 * with the first difference named. A file that does not parse or whose checksum does not
 * match is never used: resuming takes the newest intact one.
 */
public final class CheckpointStore {
  static final String FORMAT = "spark-rbf-checkpoint";
  static final int VERSION = 1;
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.json");
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final int keep;
  private final Map<String, Object> fingerprint;
  private final Configuration conf;

  /**
   * @param keep how many of the newest checkpoints to keep, at least 1
   * @param fingerprint what identifies the run: configuration and data statistics
   */
  public CheckpointStore(String dir, int keep, Map<String, Object> fingerprint, Configuration conf) {
    if (keep < 1) {
      throw new io.sparkrbf.config.OptionException("--keep-checkpoints must be >= 1, got " + keep);
    }
    this.dir = new Path(dir);
    this.keep = keep;
    this.fingerprint = fingerprint;
    this.conf = conf;
  }

  /** Writes the state as the checkpoint of its epoch, then removes all but the newest {@code keep}. */
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
            s.testAccuracy(), s.gradNorm(), s.seconds()).stream().map(CheckpointStore::finiteOrNull).toList()));
      }
      payload.set("fingerprint", JSON.valueToTree(fingerprint));
      ObjectNode root = JSON.createObjectNode();
      root.put("format", FORMAT);
      root.put("version", VERSION);
      root.put("crc32", crc(payload));
      root.set("payload", payload);
      String path = new Path(dir, String.format("checkpoint-%06d.json", state.epoch())).toString();
      AtomicOutput.writeString(path, true, conf, JSON.writeValueAsString(root));
      prune();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a checkpoint to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The newest intact checkpoint, or empty when there is none. Damaged files are skipped
   * with a warning; a checkpoint of another run is an error.
   */
  public Optional<TrainingState> newest() {
    List<FileStatus> files;
    try {
      files = checkpointsNewestFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints in " + dir + ": " + e.getMessage(), e);
    }
    for (FileStatus f : files) {
      JsonNode payload;
      try (InputStream in = f.getPath().getFileSystem(conf).open(f.getPath())) {
        payload = intactPayload(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("skipping damaged checkpoint {}: {}", f.getPath(), e.getMessage());
        continue;
      }
      requireSameRun(f.getPath(), payload.get("fingerprint"));
      return Optional.of(state(payload));
    }
    return Optional.empty();
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

  private void requireSameRun(Path file, JsonNode recorded) {
    // compared as JSON text: a long written as 5 reads back as an int node
    JsonNode expected = JSON.valueToTree(fingerprint);
    if (recorded != null && expected.toString().equals(recorded.toString())) {
      return;
    }
    List<String> differences = new ArrayList<>();
    Iterator<String> names = expected.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      JsonNode then = recorded == null ? null : recorded.get(name);
      if (!expected.get(name).toString().equals(String.valueOf(then))) {
        differences.add("'" + name + "' (" + then + " there, " + expected.get(name) + " now)");
      }
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
          number(h.get(4)), number(h.get(5)), number(h.get(6)), number(h.get(7))));
    }
    return new TrainingState(p.get("epoch").asInt(), p.get("updates").asLong(), doubles(p.get("parameters")),
        optimizer.toArray(double[][]::new), doubles(p.get("startBetas")), List.copyOf(history));
  }

  private List<FileStatus> checkpointsNewestFirst() throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      return List.of();
    }
    return Arrays.stream(fs.listStatus(dir)).filter(f -> NAME.matcher(f.getPath().getName()).matches())
        .sorted(Comparator.comparingLong(CheckpointStore::epochOf).reversed()).toList();
  }

  private void prune() throws IOException {
    List<FileStatus> all = checkpointsNewestFirst();
    FileSystem fs = dir.getFileSystem(conf);
    for (FileStatus old : all.subList(Math.min(keep, all.size()), all.size())) {
      fs.delete(old.getPath(), false);
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
