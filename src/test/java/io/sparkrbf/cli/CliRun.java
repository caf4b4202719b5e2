package io.sparkrbf.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the command line with its exit code, stdout and stderr. The console
 * log appender follows {@code System.err} ({@code conf/log4j2.properties}), so stderr holds
 * every log line of the run too, Spark's included, as a user would see them.
 */
record CliRun(int exitCode, String out, String err) {

  static synchronized CliRun of(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = RbfMain.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    CliRun run = new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    oldErr.print(run.err);
    return run;
  }

  /** The lines of stderr that the command itself wrote (log lines of Spark and ours excluded). */
  java.util.List<String> errorLines() {
    return err.lines().filter(l -> l.startsWith("error:")).toList();
  }

  /** The WARN and ERROR log lines on stderr, of any logger (the layout starts with the time and the level). */
  java.util.List<String> warningLogLines() {
    return err.lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d (WARN|ERROR) .*")).toList();
  }
}
