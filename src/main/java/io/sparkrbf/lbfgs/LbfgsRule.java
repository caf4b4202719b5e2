package io.sparkrbf.lbfgs;

import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.optim.Lbfgs;
import io.sparkrbf.train.EpochRule;
import io.sparkrbf.train.EpochStats;
import io.sparkrbf.train.NonFiniteTrainingException;
import io.sparkrbf.train.TrainingObjective;
import io.sparkrbf.train.TrainingState;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full-batch L-BFGS ({@code --optimizer lbfgs}) as an {@link EpochRule}: one Breeze L-BFGS
 * iteration per epoch over W, the widths (as {@code log beta}, see {@link SearchSpace}) and
 * the centers when they train. It has no fixed step, so it does not fit
 * {@link io.sparkrbf.optim.Optimizer}.
 *
 * <p>An epoch reports, like the step rules, the loss, accuracy and gradient norm of the
 * parameters it started from; its wall time includes every function evaluation of the line
 * search (each one distributed pass; usually one). Training stops before the last epoch when
 * Breeze's convergence check says so, and the log says why. A checkpoint holds the
 * parameters only: resuming restarts L-BFGS from them with an empty curvature memory, so a
 * resumed run does not end with exactly the model of an uninterrupted one.
 */
public final class LbfgsRule implements EpochRule {
  private static final Logger LOG = LoggerFactory.getLogger(LbfgsRule.class);
  private final RbfShape shape;
  private final SearchSpace space;
  private final LbfgsObjective f;
  private final double tolerance;
  private final int epochs;
  private final double[] startBetas;
  private RbfParameters params;
  private Iterator<Lbfgs.Iterate> iterates;
  private Lbfgs.Iterate current;
  private TrainingObjective.Value currentValue;
  private String stop;
  private int iterations;

  /**
   * @param start where training starts (from a checkpoint: its parameters, with an empty curvature memory)
   * @param startBetas the widths the run started from
   * @param epochs the run's last epoch
   */
  public LbfgsRule(TrainingObjective objective, double tolerance, int epochs, RbfParameters start,
                   double[] startBetas) {
    this.shape = start.shape();
    this.params = start;
    this.space = new SearchSpace(shape, objective.trainCenters(), start.values());
    this.f = new LbfgsObjective(objective, space, shape);
    this.tolerance = tolerance;
    this.epochs = epochs;
    this.startBetas = startBetas;
  }

  @Override
  public Progress epoch(int epoch, String name) {
    f.describe(name);
    if (iterates == null) {
      iterates = new Lbfgs(epochs - epoch + 1, Lbfgs.DEFAULT_MEMORY, tolerance).iterations(f,
          space.point(params.values()));
      current = iterates.next();
      requireFinite(current, epoch);
      currentValue = f.at(current.x());
      stop = current.stopReason();
    }
    if (stop != null || !iterates.hasNext()) {
      return finished(stop);
    }
    Lbfgs.Iterate next = iterates.next();
    if (next.iteration() == current.iteration()) {
      return finished(next.stopReason()); // the line search failed twice from the current point: no new epoch
    }
    requireFinite(next, epoch);
    Progress progress = new Progress(currentValue.loss(), currentValue.accuracy(), currentValue.gradNorm());
    params = new RbfParameters(shape, space.parameters(next.x()));
    current = next;
    iterations++;
    stop = next.stopReason();
    if (stop != null) {
      logStop();
    } else {
      f.describe("epoch " + (epoch + 1) + "/" + epochs);
      currentValue = f.at(current.x());
    }
    return progress;
  }

  @Override
  public RbfParameters parameters() {
    return params;
  }

  @Override
  public TrainingState state(int epoch, List<EpochStats> history) {
    return new TrainingState(epoch, epoch, params.values().clone(), new double[0][], startBetas, history);
  }

  @Override
  public String stopReason() {
    return stop;
  }

  private Progress finished(String reason) {
    stop = reason == null ? "no iterations left" : reason;
    logStop();
    return null;
  }

  private void logStop() {
    LOG.info("L-BFGS stopped after {} iterations ({} distributed evaluations): {}", iterations, f.evaluations(),
        explain(stop));
  }

  /** A point L-BFGS accepted must be finite: refused, naming the epoch, like the step rules do. */
  private void requireFinite(Lbfgs.Iterate iterate, int epoch) {
    double norm = 0;
    for (double g : iterate.gradient()) {
      norm += g * g;
    }
    NonFiniteTrainingException.requireFinite(epoch, iterate.value(), Math.sqrt(norm));
    NonFiniteTrainingException.requireFiniteParameters(epoch, space.valid(space.parameters(iterate.x())));
  }

  /** Breeze's stop reason in the terms of the command line. */
  static String explain(String reason) {
    return switch (reason) {
      case "max iterations reached" -> "reached --epochs, the most iterations";
      case "function values converged" ->
          "converged: the loss improved by at most --tol times the starting loss over the last 20 iterations";
      case "gradient converged" -> "converged: the gradient norm fell to --tol times the loss";
      case "line search failed!" -> "the line search failed twice (no step lowered the loss enough); the parameters"
          + " of the last successful iteration are kept";
      default -> reason;
    };
  }
}
