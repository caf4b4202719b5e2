package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C in a real {@code submit/rbf train}: SIGINT to the process ends the run with one line
 * saying where it stopped and what {@code --resume} continues from, exit code 130, the history
 * of the epochs done on disk, no model, report or temporary file, and the same command with
 * {@code --resume} runs on to the last epoch; SIGTERM the same with 143.
 *
 * <p>A process started in the background by a shell ({@code cmd &}, nohup) inherits SIGINT
 * ignored, and so do its children: Unix keeps a background job out of the terminal's Ctrl-C,
 * and no program can take that back. Where this test JVM ignores SIGINT, the SIGINT case is
 * skipped (a build started that way once failed it with exit 0: the signal never arrived);
 * SIGTERM always runs.
 */
class InterruptIT {
  private static final int EPOCHS = 300;
  private static final Pattern INTERRUPTED = Pattern.compile("interrupted at epoch (\\d+)/" + EPOCHS
      + "; history of epochs 1-(\\d+) in (\\S+); checkpoint of epoch (\\d+) kept; --resume continues");

  @TempDir
  Path dir;

  private record Run(int exitCode, List<String> out, String err) {
  }

  private List<String> command(String... extra) {
    List<String> args = new ArrayList<>(List.of("submit/rbf", "train", "--data", CliIT.IRIS_TRAIN, "--test",
        CliIT.IRIS_TEST, "--centers", "8", "--epochs", String.valueOf(EPOCHS), "--learning-rate", "0.05",
        "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--checkpoint-dir", dir.resolve("ckpt").toString(),
        "--checkpoint-every", "10", "--history-out", dir.resolve("history.jsonl").toString(), "--model-out",
        dir.resolve("model.json").toString(), "--report", dir.resolve("report").toString()));
    args.addAll(List.of(extra));
    return args;
  }

  /** Runs the command; once stdout shows the line starting with {@code signalAfter}, sends {@code signal}. */
  private Run run(List<String> command, String signalAfter, String signal) throws Exception {
    Process p = new ProcessBuilder(command).start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    List<String> out = new ArrayList<>();
    CountDownLatch seen = new CountDownLatch(1);
    CompletableFuture<Void> lines = CompletableFuture.runAsync(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          synchronized (out) {
            out.add(line);
          }
          if (signalAfter != null && line.startsWith(signalAfter)) {
            seen.countDown();
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    if (signalAfter != null) {
      assertTrue(seen.await(180, TimeUnit.SECONDS), "training reached " + signalAfter);
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start();
      assertEquals(0, kill.waitFor(), "kill -" + signal);
    }
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "submit/rbf finished");
    lines.get(30, TimeUnit.SECONDS);
    return new Run(p.exitValue(), out, err.get(30, TimeUnit.SECONDS));
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status, Linux). */
  private static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 0b10) != 0;
      }
    }
    return false;
  }

  @ParameterizedTest(name = "SIG{0}")
  @CsvSource({"INT, 130", "TERM, 143"})
  void aSignalEndsTrainingWithOneLineKeepsTheHistoryAndResumeRunsToTheEnd(String signal, int exitCode)
      throws Exception {
    assumeFalse("INT".equals(signal) && sigintIgnored(), "SIGINT is ignored here (started in the background)");
    Run interrupted = run(command(), "epoch  25/" + EPOCHS, signal);

    assertEquals(exitCode, interrupted.exitCode(), interrupted.err());
    List<String> errLines = interrupted.err().lines().filter(l -> !l.matches("\\d\\d:\\d\\d:\\d\\d INFO .*")).toList();
    assertEquals(1, errLines.size(), "one line besides the log: " + interrupted.err());
    Matcher m = INTERRUPTED.matcher(errLines.get(0));
    assertTrue(m.matches(), errLines.get(0));
    int at = Integer.parseInt(m.group(1));
    int done = Integer.parseInt(m.group(2));
    int checkpoint = Integer.parseInt(m.group(4));
    assertEquals(at - 1, done, "the epochs before the one under way are done");
    assertTrue(done >= 25, "epoch 25 was printed, so done: " + done);
    assertEquals(done / 10 * 10, checkpoint, "the newest checkpoint of every 10 epochs");
    assertEquals(dir.resolve("history.jsonl").toString(), m.group(3));

    List<String> history = Files.readAllLines(dir.resolve("history.jsonl"));
    assertEquals(done, history.size(), "the history of every epoch done");
    ObjectMapper json = new ObjectMapper();
    for (int e = 1; e <= done; e++) {
      assertEquals(e, json.readTree(history.get(e - 1)).get("epoch").asInt());
    }
    assertEquals(List.of("ckpt", "history.jsonl"), names(dir), "no model, no report, no temporary file");
    assertTrue(Files.exists(dir.resolve("ckpt").resolve(String.format("checkpoint-%06d.json", checkpoint))));

    Run resumed = run(command("--resume"), null, null);

    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().get(0).startsWith(String.format("epoch %3d/%d", checkpoint + 1, EPOCHS)),
        "continues after the checkpoint: " + resumed.out().get(0));
    assertTrue(resumed.out().contains(String.format("model written to %s", dir.resolve("model.json"))));
    List<String> full = Files.readAllLines(dir.resolve("history.jsonl"));
    assertEquals(EPOCHS, full.size(), "the resumed run wrote the whole history over the interrupted one's");
    assertEquals(history.subList(0, checkpoint), full.subList(0, checkpoint), "the checkpoint's epochs as measured");
    assertFalse(resumed.err().contains("error:"), resumed.err());
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
