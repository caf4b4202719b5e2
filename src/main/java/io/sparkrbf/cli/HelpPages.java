package io.sparkrbf.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The help pages, laid out for a newcomer: each command's options in sections (data first,
 * then model, optimization, output, checkpoints, Spark, general), a few examples to copy, and
 * text wrapped only at spaces, so no path, file extension or flag is ever split across lines
 * (picocli's own wrapping breaks at dots: {@code .} / {@code csv.gz}). Every option of a
 * command must be in one of its sections; {@code HelpPagesTest} checks that none is left out.
 */
final class HelpPages {
  /** Columns the help text is wrapped to. */
  static final int WIDTH = 100;
  private static final int OPTION_COLUMN = 28;
  private static final String NL = System.lineSeparator();

  private static final String PENDIGITS = "data/pendigits/pendigits";
  private static final Section SPARK = new Section("Spark", "--master", "--conf");
  private static final Section GENERAL = new Section("General", "--quiet", "--log-level", "--verbose", "--config",
      "--help", "--version");
  private static final Section SCORED_DATA = new Section("Data", "--model", "--data", "--format", "--csv-separator",
      "--num-features", "--label-col", "--feature-cols", "--ignore-cols", "--partitions");

  private static final Map<String, Page> PAGES = Map.of(
      "rbf", new Page(List.of(GENERAL),
          "rbf train --data " + PENDIGITS + ".train.libsvm --test " + PENDIGITS + ".test.libsvm",
          "rbf evaluate --model rbf-model.json --data " + PENDIGITS + ".test.libsvm",
          "rbf help train"),
      "train", new Page(List.of(
          new Section("Data", "--data", "--test", "--format", "--csv-separator", "--num-features", "--label-col",
              "--feature-cols", "--ignore-cols", "--partitions", "--weight-col", "--class-weight", "--validation",
              "--validation-fraction"),
          new Section("Model", "--centers", "--standardize", "--projection", "--init", "--init-weights", "--init-model",
              "--train-centers", "--seed"),
          new Section("Optimization", "--epochs", "--evaluate-start", "--optimizer", "--learning-rate", "--lr-schedule", "--tol", "--l2",
              "--label-smoothing", "--batch-fraction", "--precision", "--block-rows", "--kmeans-iterations",
              "--kmeans-sample-rows", "--aggregation-depth", "--early-stopping-patience"),
          new Section("Output", "--model-out", "--history-out", "--report", "--overwrite"),
          new Section("Checkpoints", "--checkpoint-dir", "--checkpoint-every", "--keep-checkpoints", "--resume"),
          SPARK, GENERAL),
          "rbf train --data " + PENDIGITS + ".train.libsvm --test " + PENDIGITS + ".test.libsvm \\",
          "    --report out/report",
          "rbf train --data iris.csv --label-col species --centers 8 --epochs 100 --model-out iris.json",
          "rbf train --data train.parquet --checkpoint-dir ckpt --history-out history.jsonl",
          "  (after Ctrl-C, the same command with --resume continues from the last checkpoint)"),
      "evaluate", new Page(List.of(SCORED_DATA, new Section("Output", "--metrics-out", "--overwrite"), SPARK,
          GENERAL),
          "rbf evaluate --model rbf-model.json --data " + PENDIGITS + ".test.libsvm",
          "rbf evaluate --model iris.json --data iris-test.csv --label-col species --metrics-out metrics.json"),
      "predict", new Page(List.of(SCORED_DATA, new Section("Output", "--out", "--output-format", "--keep-cols",
          "--raw-scores", "--single-file", "--overwrite"), SPARK, GENERAL),
          "rbf predict --model rbf-model.json --data " + PENDIGITS + ".test.libsvm --out predictions",
          "rbf predict --model iris.json --data new.csv --keep-cols id --single-file --out predictions.csv"),
      "export", new Page(List.of(new Section("Data", "--model"), new Section("Output", "--onnx", "--overwrite"),
          new Section("Files", "--conf"), new Section("General", "--verbose", "--help", "--version")),
          "rbf export --model rbf-model.json --onnx rbf-model.onnx",
          "rbf export --model hdfs:///models/rbf.json --onnx hdfs:///serving/rbf.onnx --overwrite"),
      "generate", new Page(List.of(
          new Section("Data", "--rows", "--features", "--classes", "--separation", "--seed"),
          new Section("Output", "--out", "--out-format", "--overwrite"),
          new Section("General", "--help", "--version")),
          "rbf generate --rows 10000 --features 16 --classes 4 --out gen.libsvm",
          "rbf generate --rows 1000000 --features 64 --classes 10 --out gen.csv.gz"));

  private HelpPages() {
  }

  /** Lays out the help of {@code root} and of each of its subcommands that has a page. */
  static void install(CommandLine root) {
    install(root, PAGES.get("rbf"));
    root.getSubcommands().forEach((name, sub) -> {
      if (PAGES.containsKey(name)) {
        install(sub, PAGES.get(name));
      }
    });
  }

  private static void install(CommandLine cmd, Page page) {
    Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(cmd.getHelpSectionMap());
    sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION,
        help -> paragraphs(help.commandSpec().usageMessage().description(), ""));
    sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> options(help.commandSpec(), page.sections()));
    sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> examples(page.examples())
        + paragraphs(help.commandSpec().usageMessage().footer(), NL));
    cmd.setHelpSectionMap(sections);
    cmd.getCommandSpec().usageMessage().width(WIDTH);
  }

  /** The options of {@code command} that no section of its page lists (none, when the page is complete). */
  static List<String> unlisted(CommandLine command) {
    Page page = PAGES.get(command.getParent() == null ? "rbf" : command.getCommandName());
    List<String> listed = page.sections().stream().flatMap(s -> s.options().stream()).toList();
    return command.getCommandSpec().options().stream().map(OptionSpec::longestName)
        .filter(name -> !listed.contains(name)).toList();
  }

  private static String options(CommandSpec spec, List<Section> sections) {
    StringBuilder out = new StringBuilder();
    for (Section section : sections) {
      List<OptionSpec> present = section.options().stream().map(spec::findOption).filter(o -> o != null).toList();
      if (present.isEmpty()) {
        continue;
      }
      out.append(NL).append(section.heading()).append(":").append(NL);
      for (OptionSpec option : present) {
        String label = "  " + String.join(", ", option.names()) + parameter(option);
        String description = String.join(" ", option.renderedDescription()) + (option.required() ? " (required)" : "");
        String text = wrap(description, " ".repeat(OPTION_COLUMN));
        out.append(label.length() > OPTION_COLUMN - 2 ? label + NL + text
            : label + text.substring(label.length()));
      }
    }
    return out.toString();
  }

  private static String parameter(OptionSpec option) {
    if (option.arity().max() == 0) {
      return "";
    }
    return option.arity().min() == 0 ? " [" + option.paramLabel() + "]" : " " + option.paramLabel();
  }

  private static String examples(List<String> examples) {
    if (examples.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(NL + "Examples:" + NL);
    for (String example : examples) {
      out.append("  ").append(example).append(NL);
    }
    return out.toString();
  }

  /** The non-empty {@code texts}, wrapped, a blank line between them; {@code before} ahead of the first. */
  private static String paragraphs(String[] texts, String before) {
    List<String> wrapped = Arrays.stream(texts).filter(t -> !t.isBlank()).map(t -> wrap(t, "")).toList();
    return wrapped.isEmpty() ? "" : before + String.join(NL, wrapped);
  }

  /**
   * {@code text} in lines of at most {@link #WIDTH} columns (a longer word alone on its line),
   * each starting with {@code indent}, broken at spaces only.
   */
  static String wrap(String text, String indent) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.strip().split(" +")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
      }
      line.append(line.length() > indent.length() ? " " : "").append(word);
    }
    lines.add(line.toString());
    StringBuilder out = new StringBuilder();
    lines.forEach(l -> out.append(l).append(NL));
    return out.toString();
  }

  /** A heading and the long names of the options under it, in order. */
  private record Section(String heading, List<String> options) {
    Section(String heading, String... options) {
      this(heading, List.of(options));
    }
  }

  /** A command's option sections and examples. */
  private record Page(List<Section> sections, List<String> examples) {
    Page(List<Section> sections, String... examples) {
      this(sections, List.of(examples));
    }
  }
}
