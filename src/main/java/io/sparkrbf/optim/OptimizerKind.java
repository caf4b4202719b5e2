package io.sparkrbf.optim;

import java.util.Arrays;
import java.util.Locale;

/**
 * The optimizers a run can use: three step rules ({@link Optimizer}s made by
 * {@link Optimizers#create}) and full-batch L-BFGS ({@link Lbfgs}), which has no fixed
 * step and drives its own line search.
 */
public enum OptimizerKind {
  GD,
  MOMENTUM,
  ADAM,
  LBFGS;

  /** The name used on the command line and in provenance. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this is a step rule (gd, momentum, adam) rather than L-BFGS. */
  public boolean isStepRule() {
    return this != LBFGS;
  }

  /** The optimizer named {@code id}. */
  public static OptimizerKind parse(String id) {
    return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("unknown optimizer '" + id + "', expected one of " + ids()));
  }

  /** Every name {@link #parse} accepts, in declaration order. */
  public static java.util.List<String> ids() {
    return Arrays.stream(values()).map(OptimizerKind::id).toList();
  }
}
