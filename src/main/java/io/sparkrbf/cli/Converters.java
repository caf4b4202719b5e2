package io.sparkrbf.cli;

import io.sparkrbf.config.InitMode;
import io.sparkrbf.config.ProjectionSpec;
import io.sparkrbf.init.WeightInit;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.optim.LearningRateSchedule;
import io.sparkrbf.optim.OptimizerKind;
import io.sparkrbf.predict.OutputFormat;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the options named by a word ({@code --optimizer adam}): each takes
 * the enum's own parser, so a bad word is an invalid option (exit 2) whose message lists the
 * words that work.
 */
final class Converters {
  private Converters() {
  }

  /** Registers a converter for every word-valued option type with {@code cli} and its subcommands. */
  static void registerAll(CommandLine cli) {
    register(cli, OptimizerKind.class, OptimizerKind::parse);
    register(cli, ScalingMode.class, ScalingMode::parse);
    register(cli, InitMode.class, InitMode::parse);
    register(cli, WeightInit.class, WeightInit::parse);
    register(cli, Precision.class, Precision::parse);
    register(cli, LearningRateSchedule.class, LearningRateSchedule::parse);
    register(cli, OutputFormat.class, OutputFormat::parse);
    register(cli, ProjectionSpec.class, ProjectionSpec::parse);
  }

  private static <T> void register(CommandLine cli, Class<T> type, Function<String, T> parser) {
    cli.registerConverter(type, value -> {
      try {
        return parser.apply(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    });
  }
}
