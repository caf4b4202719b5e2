package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.optim.OptimizerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** conf/rbf.properties and the command line describe the same options. */
class ConfigDefaultsTest {
  /** Options that are not defaults: inputs, per-run choices and meta options. */
  private static final Set<String> NOT_IN_FILE = Set.of("help", "version", "config", "conf", "verbose", "data",
      "test", "validation", "model", "out", "metrics-out");

  @Test
  void everyOptionHasADocumentedDefaultAndEveryKeyIsAnOption() throws IOException {
    Set<String> options = new TreeSet<>();
    CommandLine cli = RbfMain.commandLine();
    for (CommandLine sub : cli.getSubcommands().values()) {
      for (OptionSpec o : sub.getCommandSpec().options()) {
        String name = o.longestName().replaceFirst("^-+", "");
        if (!NOT_IN_FILE.contains(name) && !o.required()) {
          options.add(name);
        }
      }
    }
    List<String> lines = Files.readAllLines(Path.of("conf/rbf.properties"));
    Set<String> keys = new TreeSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.isBlank() && !line.startsWith("#")) {
        String key = line.substring(0, line.indexOf('='));
        keys.add(key);
        assertTrue(i > 0 && lines.get(i - 1).startsWith("#"), key + " has a comment above it");
      }
    }
    assertEquals(options, keys);
  }

  @Test
  void userFileOverridesBundledDefaults() throws IOException {
    Path file = Files.createTempFile("rbf", ".properties");
    Files.writeString(file, "centers=17\nlabel-col=\nignore-cols=id,when\n");
    CommandLine cli = RbfMain.commandLine();
    cli.setDefaultValueProvider(ConfigDefaults.load(file));

    TrainCommand train = cli.getSubcommands().get("train").getCommand();
    cli.parseArgs("train", "--data", "x", "--epochs", "3");

    assertEquals(17, train.centers);
    assertEquals(3, train.epochs);
    assertEquals(OptimizerKind.ADAM, train.optimizer);
    assertEquals(null, train.input.labelCol);
    assertEquals(List.of("id", "when"), train.input.ignoreCols, "a list splits at commas");
    assertEquals(null, train.input.featureCols);
    Files.delete(file);
  }
}
