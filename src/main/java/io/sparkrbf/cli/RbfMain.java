package io.sparkrbf.cli;

import io.sparkrbf.config.OptionException;
import io.sparkrbf.data.InputFormatException;
import io.sparkrbf.model.Versions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code rbf} command line: {@code train}, {@code evaluate}, {@code predict}, {@code generate}.
 *
 * <p>Every failure the user can cause (bad data, bad options, existing outputs, a
 * non-finite loss) ends with a one-line {@code error:} message and a non-zero exit code;
 * {@code --verbose} adds the stack trace. Spark's own log reports of bad input, which it
 * logs from inside the failed tasks, are kept off the console unless {@code --verbose}.
 */
@Command(name = "rbf", mixinStandardHelpOptions = true, versionProvider = RbfMain.Version.class,
    description = "Distributed RBF network classifier on Apache Spark.",
    subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, GenerateCommand.class})
public final class RbfMain implements Runnable {
  /** Exit code of a failed run (bad data, existing output, training diverged). */
  public static final int FAILED = 1;
  /** Exit code of invalid options. */
  public static final int USAGE = 2;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
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

  /** The command line with its subcommands and the converters of its word-valued options. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new RbfMain());
    Converters.registerAll(cli);
    return cli;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: train, evaluate, predict or generate");
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
      err.println("error: " + e.getMessage() + " (see: rbf "
          + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help)");
      return USAGE;
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
        err.println("error: " + bad.get().getMessage());
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
