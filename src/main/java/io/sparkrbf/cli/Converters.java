package io.sparkrbf.cli;

import io.sparkrbf.config.InitMode;
import io.sparkrbf.init.WeightInit;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.optim.LearningRateSchedule;
import io.sparkrbf.optim.OptimizerKind;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the options named by a word ({@code --optimizer adam}): each takes
 * the enum's own parser, so a bad word is an invalid option (exit 2) whose message lists the
 * words that work.
 */
final class Converters {
  private Converters() {
  }

  private static <T> T parse(String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  static final class Optimizer implements ITypeConverter<OptimizerKind> {
    @Override
    public OptimizerKind convert(String value) {
      return parse(value, OptimizerKind::parse);
    }
  }

  static final class Scaling implements ITypeConverter<ScalingMode> {
    @Override
    public ScalingMode convert(String value) {
      return parse(value, ScalingMode::parse);
    }
  }

  static final class Init implements ITypeConverter<InitMode> {
    @Override
    public InitMode convert(String value) {
      return parse(value, InitMode::parse);
    }
  }

  static final class Weights implements ITypeConverter<WeightInit> {
    @Override
    public WeightInit convert(String value) {
      return parse(value, WeightInit::parse);
    }
  }

  static final class FloatingPoint implements ITypeConverter<Precision> {
    @Override
    public Precision convert(String value) {
      return parse(value, Precision::parse);
    }
  }

  static final class Schedule implements ITypeConverter<LearningRateSchedule> {
    @Override
    public LearningRateSchedule convert(String value) {
      return parse(value, LearningRateSchedule::parse);
    }
  }
}
