package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The help a newcomer reads: usage on a bare rbf, rbf help, sections, examples, nothing split by wrapping. */
class HelpPagesTest {
  private static final List<String> COMMANDS = List.of("train", "evaluate", "predict", "export", "generate");

  @Test
  void aBareRbfPrintsTheUsageWithTheCommandsAndExamples() {
    CliRun bare = CliRun.of();

    assertEquals(0, bare.exitCode());
    assertEquals("", bare.err());
    assertTrue(bare.out().startsWith("Usage: rbf [-hV] COMMAND\n"), bare.out());
    for (String command : COMMANDS) {
      assertTrue(bare.out().lines().anyMatch(l -> l.startsWith("  " + command + " ")), "lists " + command);
    }
    assertTrue(bare.out().contains("\nExamples:\n  rbf train --data "), bare.out());
    assertTrue(bare.out().contains("rbf help COMMAND"), "says where to read more");
    assertEquals(bare.out(), CliRun.of("help").out(), "rbf help is the same page");
  }

  @Test
  void rbfHelpCommandIsTheCommandsHelpWithSectionsInOrderAndExamples() {
    for (String command : COMMANDS) {
      CliRun help = CliRun.of("help", command);

      assertEquals(0, help.exitCode(), help.err());
      assertEquals(CliRun.of(command, "--help").out(), help.out());
      assertTrue(help.out().startsWith("Usage: rbf " + command + " "), help.out());
      long examples = help.out().lines().dropWhile(l -> !l.equals("Examples:")).skip(1)
          .filter(l -> l.startsWith("  rbf " + command + " ")).count();
      assertTrue(examples >= 2, command + " has two or three examples: " + help.out());
    }
    String train = CliRun.of("help", "train").out();
    List<String> headings = train.lines().filter(l -> l.matches("[A-Z][a-z]+:")).toList();
    assertEquals(List.of("Data:", "Model:", "Optimization:", "Output:", "Checkpoints:", "Spark:", "General:",
        "Examples:"), headings);
    assertTrue(train.indexOf("  --data PATH") < train.indexOf("  --format "), "the data options first");
    assertTrue(train.indexOf("  --label-col NAME") < train.indexOf("  --checkpoint-dir DIR"),
        "--label-col before the checkpoint options");
  }

  @Test
  void everyOptionIsInASection() {
    CommandLine root = RbfMain.commandLine();
    assertEquals(List.of(), HelpPages.unlisted(root));
    for (String command : COMMANDS) {
      assertEquals(List.of(), HelpPages.unlisted(root.getSubcommands().get(command)), command);
    }
  }

  /**
   * Wrapping breaks at spaces only: every word of every description is a whole word of the
   * help (picocli's wrapping split ".csv.gz" into "." and "csv.gz", "conf/rbf." and "properties").
   */
  @Test
  void noWordIsSplitByWrapping() {
    CommandLine root = RbfMain.commandLine();
    root.setDefaultValueProvider(ConfigDefaults.load(null));
    for (String command : COMMANDS) {
      String help = CliRun.of(command, "--help").out();
      Set<String> words = new HashSet<>(Arrays.asList(help.split("\\s+")));
      for (OptionSpec option : root.getSubcommands().get(command).getCommandSpec().options()) {
        for (String word : String.join(" ", option.renderedDescription()).split("\\s+")) {
          assertTrue(words.contains(word), command + " " + option.longestName() + ": '" + word + "' is whole");
        }
      }
      assertTrue(help.lines().filter(l -> !l.startsWith("  rbf ")).allMatch(l -> l.length() <= HelpPages.WIDTH
          || !l.strip().contains(" ")), "lines fit " + HelpPages.WIDTH + " columns: " + command);
    }
    assertTrue(Arrays.asList(CliRun.of("train", "--help").out().split("\\s+")).contains(".csv.gz"));
  }

  @Test
  void anUnknownCommandNamesTheCommands() {
    CliRun run = CliRun.of("trian");

    assertEquals(RbfMain.USAGE, run.exitCode());
    assertEquals(List.of("error: unknown command 'trian', did you mean train? The commands are train, evaluate, "
        + "predict, export, generate and help (see: rbf --help)"), run.errorLines());
    assertEquals("", run.out());
  }
}
