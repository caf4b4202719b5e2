package io.sparkrbf.cli;

import io.sparkrbf.config.OptionException;
import io.sparkrbf.data.InputFormatException;
import io.sparkrbf.model.Versions;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code rbf} command line: {@code train}, {@code evaluate}, {@code predict}, {@code generate}.
 *
 * <p>Every failure the user can cause (bad data, bad options, existing outputs, a
 * non-finite loss) ends with a one-line {@code error:} message and a non-zero exit code;
 * {@code --verbose} adds the stack trace. Spark's own log reports of bad input, which it
 * logs from inside the failed tasks, are kept off the console unless {@code --verbose}.
 */
@Command(name = "rbf", mixinStandardHelpOptions = true, versionProvider = RbfMain.Version.class,
    synopsisSubcommandLabel = "COMMAND", commandListHeading = "%nCommands:%n",
    description = {"Distributed RBF network classifier on Apache Spark: train a model, evaluate it on labelled data, "
        + "predict classes of new data, export a model as ONNX, or generate synthetic data to try it on.",
        "rbf help COMMAND (or rbf COMMAND --help) lists a command's options; defaults come from conf/rbf.properties."},
    subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class,
        GenerateCommand.class, HelpCommand.class})
public final class RbfMain implements Runnable {
  /** Exit code of a failed run (bad data, existing output, training diverged). */
  public static final int FAILED = 1;
  /** Exit code of invalid options. */
  public static final int USAGE = 2;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    consoleStderr();
    System.exit(run(args));
  }

  /**
   * Writes stderr to the file {@code -Drbf.stderr} names, when it opens: submit/rbf passes the
   * console's stderr as {@code /dev/fd/3}, since the JVM's own fd 2 goes through a filter of its
   * module warning, which may still be writing when the JVM has exited. Only a terminal or a pipe
   * is reopened this way: reopening a regular file ({@code > run.log 2>&1}) gives a second file
   * offset, and stdout's writes at its own offset would overwrite the log lines; a file keeps fd 2,
   * through the filter, whose writes share stdout's offset.
   */
  private static void consoleStderr() {
    String console = System.getProperty("rbf.stderr");
    if (console == null || Files.isRegularFile(Path.of(console))) {
      return;
    }
    try {
      System.setErr(new PrintStream(new FileOutputStream(console, true), true, StandardCharsets.UTF_8));
    } catch (IOException | SecurityException unavailable) {
      // stays on fd 2, through the filter
    }
  }

  /** Runs the command line and returns the exit code (for tests and {@link #main}). */
  public static int run(String... args) {
    CommandLine cli = commandLine();
    boolean verbose = Arrays.asList(args).contains("--verbose");
    try {
      cli.setDefaultValueProvider(ConfigDefaults.load(configFile(args)));
    } catch (IllegalArgumentException e) {
      cli.getErr().println("error: " + e.getMessage());
      return USAGE;
    }
    cli.setParameterExceptionHandler(new UsageErrors());
    cli.setExecutionExceptionHandler(new RunErrors(verbose));
    cli.setExecutionStrategy(RbfMain::withConsoleLogging);
    try (InputErrorLogFilter.Installation quiet = verbose ? InputErrorLogFilter.Installation.NONE
        : quietInputErrors()) {
      return cli.execute(args);
    }
  }

  /**
   * Spark's log reports of bad input off the console while the command runs (its one-line
   * error says it all); nothing when the logging backend is not log4j2-core.
   */
  private static InputErrorLogFilter.Installation quietInputErrors() {
    try {
      return InputErrorLogFilter.install();
    } catch (LinkageError noLog4jCore) {
      return InputErrorLogFilter.Installation.NONE;
    }
  }

  /** Runs the parsed command with the console log its {@code --log-level} or {@code --quiet} asks for. */
  private static int withConsoleLogging(ParseResult parsed) {
    ParseResult command = parsed.subcommand() == null ? parsed : parsed.subcommand();
    OptionSpec level = command.commandSpec().findOption("--log-level");
    OptionSpec quiet = command.commandSpec().findOption("--quiet");
    ConsoleLogging logging;
    try {
      logging = ConsoleLogging.apply(level == null ? null : level.getValue(),
          quiet != null && (boolean) quiet.getValue());
    } catch (OptionException e) {
      throw new ParameterException(command.commandSpec().commandLine(), e.getMessage());
    }
    try (logging) {
      return new CommandLine.RunLast().execute(parsed);
    }
  }

  /** The command line with its subcommands and the converters of its word-valued options. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new RbfMain());
    Converters.registerAll(cli);
    HelpPages.install(cli);
    return cli;
  }

  /** A bare {@code rbf}: the usage, with the commands and where to read more. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code --config FILE} if given, else {@code $RBF_CONF_DIR/rbf.properties} if it exists, else none. */
  private static Path configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    String dir = System.getenv("RBF_CONF_DIR");
    Path file = dir == null ? null : Path.of(dir, "rbf.properties");
    return file != null && file.toFile().isFile() ? file : null;
  }

  /** Invalid options: one line naming the problem and where to look. */
  private static final class UsageErrors implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
      CommandLine cmd = e.getCommandLine();
      PrintWriter err = cmd.getErr();
      String message = cmd.getParent() == null && e instanceof UnmatchedArgumentException unmatched
          && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")
          ? unknownCommand(unmatched) : e.getMessage();
      err.println("error: " + message + " (see: rbf "
          + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help)");
      return USAGE;
    }

    /** A word where the command goes: the commands there are, and the one it resembles. */
    private static String unknownCommand(UnmatchedArgumentException e) {
      List<String> commands = List.copyOf(e.getCommandLine().getSubcommands().keySet());
      List<String> near = e.getSuggestions().stream().filter(commands::contains).toList();
      return "unknown command '" + e.getUnmatched().get(0) + "'" + (near.isEmpty() ? "" : ", did you mean "
          + String.join(" or ", near) + "?") + " The commands are " + String.join(", ", commands.subList(0,
          commands.size() - 1)) + " and " + commands.get(commands.size() - 1);
    }
  }

  /** Failures while running: one line, the cause found through Spark's wrapping. */
  private record RunErrors(boolean verbose) implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      if (verbose) {
        e.printStackTrace(err);
      }
      var bad = InputFormatException.findCause(e);
      if (bad.isPresent()) {
        String hint = cmd.getCommand() instanceof ReadsInput reads ? reads.input().formatHint(bad.get().file()) : "";
        err.println("error: " + bad.get().getMessage() + hint);
        return FAILED;
      }
      Throwable shown = rootUserError(e);
      String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
      err.println("error: " + message.lines().findFirst().orElse(message)
          + (verbose || isUserError(shown) ? "" : " (" + shown.getClass().getSimpleName() + "; --verbose shows details)"));
      return shown instanceof OptionException ? USAGE : FAILED;
    }

    private static Throwable rootUserError(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (isUserError(t)) {
          return t;
        }
      }
      return e;
    }

    private static boolean isUserError(Throwable t) {
      return t instanceof IllegalArgumentException || t instanceof java.io.IOException
          || t instanceof io.sparkrbf.train.NonFiniteTrainingException;
    }
  }

  /** Prints the spark-rbf version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"spark-rbf " + Versions.sparkRbf()};
    }
  }
}
