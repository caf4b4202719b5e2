package io.sparkrbf.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrbf.FlakyFileSystem;
import io.sparkrbf.train.BestModel;
import io.sparkrbf.train.EpochStats;
import io.sparkrbf.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checkpoint folder's rules, on the local disk reached as flaky:// so reads can fail:
 * only proven damage is passed over, pruning keeps what was just written, and a fresh run
 * never starts over old checkpoints unless told to replace them.
 */
class CheckpointStoreTest {
  private static final Map<String, Object> RUN = Map.of("centers", 8, "rows", 120);
  private final Configuration conf = FlakyFileSystem.register(new Configuration());

  @TempDir
  Path dir;

  @AfterEach
  void nothingFailsAnyMore() {
    FlakyFileSystem.reset();
  }

  @Test
  void theNewestKeepAndTheResumeStartsFromTheLast() throws IOException {
    CheckpointStore run = store(3, false, false);
    assertEquals(Optional.empty(), run.start());
    for (int epoch = 1; epoch <= 5; epoch++) {
      run.save(state(epoch));
    }
    assertEquals(List.of(3, 4, 5), epochs());

    TrainingState resumed = store(3, true, false).start().orElseThrow();

    assertEquals(5, resumed.epoch());
    assertEquals(10, resumed.updates());
    assertArrayEquals(state(5).parameters(), resumed.parameters(), 0.0);
  }

  static Stream<Arguments> damages() {
    return Stream.of(
        Arguments.of("torn", (UnaryOperator<String>) text -> text.substring(0, text.length() / 2)),
        Arguments.of("empty", (UnaryOperator<String>) text -> ""),
        Arguments.of("edited (checksum)",
            (UnaryOperator<String>) text -> text.replace("\"updates\":4", "\"updates\":5")),
        Arguments.of("another format", (UnaryOperator<String>) text -> text.replace("spark-rbf-checkpoint", "other")),
        Arguments.of("another version",
            (UnaryOperator<String>) text -> text.replace("\"version\":1", "\"version\":2")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void aDamagedCheckpointIsPassedOverForTheNextOlder(String damage, UnaryOperator<String> change) throws IOException {
    CheckpointStore run = store(3, false, false);
    run.save(state(1));
    run.save(state(2));
    Path newest = dir.resolve("checkpoint-000002.json");
    String text = Files.readString(newest);
    Files.writeString(newest, change.apply(text));
    assertNotEquals(text, Files.readString(newest), "the damage changed the file");

    assertEquals(1, store(3, true, false).start().orElseThrow().epoch());
    assertEquals(List.of(1, 2), epochs(), "nothing deleted");
  }

  @Test
  void anUnreadableCheckpointStopsTheResumeNamingFileAndCause() throws IOException {
    CheckpointStore run = store(3, false, false);
    run.save(state(1));
    run.save(state(2));
    String newest = "flaky:" + dir.resolve("checkpoint-000002.json");
    FlakyFileSystem.failReads(path -> path.getName().startsWith("checkpoint-"));

    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> store(3, true, false).start());

    assertEquals("cannot read the checkpoint " + newest + ": injected read failure on " + newest, e.getMessage());
    assertEquals(e.getMessage(), e.getCause().getMessage(), "the cause carries the message, for the one-line error");
    assertEquals(List.of(1, 2), epochs(), "nothing deleted");
  }

  @Test
  void anUnlistableFolderStopsTheResume() throws IOException {
    store(3, false, false).save(state(1));
    FlakyFileSystem.failReads(path -> path.getName().equals(dir.getFileName().toString()));

    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> store(3, true, false).start());

    assertTrue(e.getMessage().startsWith("cannot list the checkpoints in flaky:" + dir + ": injected read failure"),
        e.getMessage());
  }

  @Test
  void pruningKeepsTheCheckpointJustWrittenAndLeavesHigherEpochsAlone() throws IOException {
    CheckpointStore first = store(2, false, false);
    first.save(state(4));
    first.save(state(5));
    for (String name : List.of("checkpoint-000004.json", "checkpoint-000005.json")) {
      Files.writeString(dir.resolve(name), "{\"format\":");
    }
    CheckpointStore resumed = store(2, true, false);
    assertEquals(Optional.empty(), resumed.start(), "both damaged: training starts from the beginning");

    resumed.save(state(1));
    assertEquals(List.of(1, 4, 5), epochs(), "the checkpoint just written stays");
    resumed.save(state(2));
    assertEquals(List.of(1, 2, 4, 5), epochs());
    resumed.save(state(3));
    assertEquals(List.of(2, 3, 4, 5), epochs(), "this one and keep - 1 older ones; the damaged higher ones untouched");
  }

  @Test
  void aFreshRunIsRefusedWhereCheckpointsAre() throws IOException {
    CheckpointStore old = store(3, false, false);
    old.save(state(6));
    old.save(state(7));
    String folder = FlakyFileSystem.uri(dir);
    String expected = folder + " already holds checkpoints (newest checkpoint-000007.json): --resume continues that "
        + "run, --overwrite replaces them, or use another --checkpoint-dir";

    IOException before = assertThrows(IOException.class,
        () -> CheckpointStore.checkFreshStart(new CheckpointOptions(folder, 1, 3, false, false), conf));
    UncheckedIOException atStart = assertThrows(UncheckedIOException.class, () -> store(3, false, false).start());

    assertEquals(expected, before.getMessage());
    assertEquals(expected, atStart.getMessage());
    assertEquals(List.of(6, 7), epochs());
  }

  @Test
  void withOverwriteTheOldCheckpointsGoOnlyOnceTheNewRunSavedItsFirst() throws IOException {
    CheckpointStore old = store(3, false, false);
    for (int epoch = 4; epoch <= 6; epoch++) {
      old.save(state(epoch));
    }
    CheckpointStore fresh = store(3, false, true);
    CheckpointStore.checkFreshStart(new CheckpointOptions(FlakyFileSystem.uri(dir), 1, 3, false, true), conf);

    assertEquals(Optional.empty(), fresh.start());
    assertEquals(List.of(4, 5, 6), epochs(), "a run that fails before its first checkpoint deletes nothing");

    fresh.save(state(1));
    assertEquals(List.of(1), epochs());
    fresh.save(state(2));
    assertEquals(List.of(1, 2), epochs());
  }

  @Test
  void aRecordedFieldThisRunNoLongerFingerprintsIsIgnoredButEveryFieldItHasMustMatch() {
    Map<String, Object> withDepth = Map.of("centers", 8, "rows", 120, "aggregationDepth", 2);
    CheckpointOptions resume = new CheckpointOptions(FlakyFileSystem.uri(dir), 1, 3, true, false);
    new CheckpointStore(new CheckpointOptions(FlakyFileSystem.uri(dir), 1, 3, false, false), withDepth, conf)
        .save(state(3));

    assertEquals(3, new CheckpointStore(resume, RUN, conf).start().orElseThrow().epoch(),
        "a checkpoint from before the depth left the fingerprint resumes");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CheckpointStore(resume, Map.of("centers", 8, "rows", 120, "seed", 1), conf).start());
    assertTrue(e.getMessage().endsWith("is a checkpoint of another run: 'seed' (null there, 1 now); resume with the same"
        + " data and options, or use another --checkpoint-dir"), e.getMessage());
  }

  @Test
  void theBestModelSoFarAndTheValidationHistoryResumeExactly() {
    EpochStats epoch = new EpochStats(7, 60, 0.3, 0.9, Double.NaN, Double.NaN, 0.01, 0.2, 0.1 / 3, 0.96);
    BestModel best = new BestModel(5, 1.0 / 3, 0.97, new double[] {Math.PI, -1e-300}, 2);
    store(3, false, false).save(new TrainingState(7, 14, new double[] {7, 0.5}, new double[][] {{0.25}},
        new double[] {1}, List.of(epoch), best));

    TrainingState resumed = store(3, true, false).start().orElseThrow();

    assertEquals(List.of(epoch), resumed.history(), "validation loss and accuracy of every epoch");
    assertEquals(5, resumed.best().epoch());
    assertEquals(1.0 / 3, resumed.best().validationLoss(), 0.0);
    assertEquals(0.97, resumed.best().validationAccuracy(), 0.0);
    assertEquals(2, resumed.best().epochsWithoutImprovement());
    assertArrayEquals(best.parameters(), resumed.best().parameters(), 0.0, "the best parameters bit for bit");
  }

  @Test
  void aCheckpointFromBeforeValidationDataResumesWithNoBestYet() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode payload = json.createObjectNode();
    payload.put("epoch", 4).put("updates", 8);
    payload.set("parameters", json.valueToTree(new double[] {4, 0.5}));
    payload.set("startBetas", json.valueToTree(new double[] {1}));
    payload.set("optimizerState", json.valueToTree(new double[][] {{0.25}}));
    payload.set("history", json.valueToTree(List.of(List.of(4, 60, 0.5, 0.8, 0.6, 0.7, 0.1, 0.2))));
    payload.set("fingerprint", json.valueToTree(RUN));
    CRC32 crc = new CRC32();
    crc.update(json.writeValueAsBytes(payload));
    ObjectNode root = json.createObjectNode().put("format", CheckpointStore.FORMAT)
        .put("version", CheckpointStore.VERSION).put("crc32", crc.getValue());
    root.set("payload", payload);
    Files.writeString(dir.resolve("checkpoint-000004.json"), json.writeValueAsString(root));

    TrainingState resumed = store(3, true, false).start().orElseThrow();

    assertEquals(4, resumed.epoch());
    assertEquals(null, resumed.best(), "no best model yet");
    assertEquals(List.of(new EpochStats(4, 60, 0.5, 0.8, 0.6, 0.7, 0.1, 0.2, Double.NaN, Double.NaN)),
        resumed.history(),
        "no validation values");
  }

  private CheckpointStore store(int keep, boolean resume, boolean overwrite) {
    return new CheckpointStore(new CheckpointOptions(FlakyFileSystem.uri(dir), 1, keep, resume, overwrite), RUN, conf);
  }

  private static TrainingState state(int epoch) {
    return new TrainingState(epoch, 2L * epoch, new double[] {epoch, 0.5}, new double[][] {{0.25}}, new double[] {1},
        List.of());
  }

  private List<Integer> epochs() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("checkpoint-\\d+\\.json"))
          .map(n -> Integer.parseInt(n.substring("checkpoint-".length(), n.length() - ".json".length()))).sorted()
          .toList();
    }
  }
}
