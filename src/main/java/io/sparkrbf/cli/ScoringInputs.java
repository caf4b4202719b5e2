package io.sparkrbf.cli;

import io.sparkrbf.data.InputSpec;
import io.sparkrbf.model.RbfModel;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What evaluate and predict read: a model file and data to score with it. */
final class ScoringInputs {
  @Option(names = "--model", paramLabel = "MODEL", required = true, description = "Model file.")
  String model;

  @Option(names = "--data", paramLabel = "PATH", required = true, description = "Data (file, directory or glob).")
  String data;

  @Mixin
  InputOptions input;

  private InputSpec resolved;

  /**
   * Checks the input options, that the inputs exist and {@code output} may be written, decides
   * the data's format, then reads the model; before Spark starts.
   */
  RbfModel check(Preflight preflight, String output) throws IOException {
    input.spec(data);
    RbfModel read = preflight.input("--model", model).input("--data", data).output(output).model(model);
    resolved = input.resolve(data, preflight.configuration());
    return read;
  }

  /** The data to score, its format decided ({@link #check} first). */
  InputSpec spec() {
    if (resolved == null) {
      throw new IllegalStateException("check() decides the format first");
    }
    return resolved;
  }
}
