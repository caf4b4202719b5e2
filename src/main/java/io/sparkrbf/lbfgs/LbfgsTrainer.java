package io.sparkrbf.lbfgs;

import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.optim.Lbfgs;
import io.sparkrbf.train.Checkpointing;
import io.sparkrbf.train.DistributedLoss;
import io.sparkrbf.train.EpochListener;
import io.sparkrbf.train.EpochStats;
import io.sparkrbf.train.Metrics;
import io.sparkrbf.train.NonFiniteTrainingException;
import io.sparkrbf.train.TrainConfig;
import io.sparkrbf.train.TrainingObjective;
import io.sparkrbf.train.TrainingResult;
import io.sparkrbf.train.TrainingState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training with full-batch L-BFGS ({@code --optimizer lbfgs}) over W, the widths (as
 * {@code log beta}, see {@link SearchSpace}) and the centers when they train. It has no
 * fixed step, so it does not fit {@link io.sparkrbf.optim.Optimizer}: this is the
 * {@link Trainer}'s full-batch counterpart.
 *
 * <p>Each L-BFGS iteration is one epoch: it reports, like the other optimizers, the loss,
 * accuracy and gradient norm of the parameters it started from, the test metrics there,
 * and its wall time, which includes every function evaluation of its line search (each
 * one distributed pass; usually one). {@code --epochs} is the most iterations; training
 * stops earlier when Breeze's convergence check says so, and the log says why. A checkpoint
 * holds the parameters only: resuming restarts L-BFGS from them with an empty curvature
 * memory, so a resumed run does not end with exactly the model of an uninterrupted one.
 */
public final class LbfgsTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(LbfgsTrainer.class);
  private final DistributedLoss train;
  private final DistributedLoss test;
  private final TrainConfig config;
  private final EpochListener listener;

  /**
   * @param test evaluated each epoch when not null
   */
  public LbfgsTrainer(DistributedLoss train, DistributedLoss test, TrainConfig config, EpochListener listener) {
    this.train = train;
    this.test = test;
    this.config = config;
    this.listener = listener;
  }

  /** Trains from {@code initial} (not modified) for at most the configured number of epochs. */
  public TrainingResult train(RbfParameters initial) {
    return train(initial, null, Checkpointing.NONE);
  }

  /**
   * Trains from {@code initial}, or from the parameters of {@code resume} when not null
   * (then {@code initial} only gives the shape), handing the parameters to the checkpoint
   * store when {@code checkpointing} says it is due and when L-BFGS stops early.
   */
  public TrainingResult train(RbfParameters initial, TrainingState resume, Checkpointing checkpointing) {
    RbfShape shape = initial.shape();
    double[] theta = resume == null ? initial.values().clone() : resume.parameters().clone();
    double[] startBetas = resume == null ? initial.betas() : resume.startBetas();
    List<EpochStats> history = new ArrayList<>(resume == null ? List.of() : resume.history());
    int epochs = config.epochs();
    int epoch = resume == null ? 1 : resume.epoch() + 1;
    if (epoch > epochs) {
      return TrainingResult.evaluated(new RbfParameters(shape, theta), history, train, test);
    }
    if (resume != null) {
      LOG.info("L-BFGS restarts from the parameters of epoch {} with an empty curvature memory", resume.epoch());
    }
    SearchSpace space = new SearchSpace(shape, config.trainCenters(), theta);
    LbfgsObjective f = new LbfgsObjective(new TrainingObjective(train, config.trainCenters(), config.l2()), space,
        shape);
    long start = System.nanoTime();
    f.describe(name(epoch));
    Iterator<Lbfgs.Iterate> iterates = new Lbfgs(epochs - epoch + 1, Lbfgs.DEFAULT_MEMORY, config.tolerance())
        .iterations(f, space.point(theta));
    Lbfgs.Iterate current = iterates.next();
    requireFinite(current, space, epoch);
    TrainingObjective.Value currentValue = f.at(current.x());
    String stop = current.stopReason();
    int evaluations = f.evaluations();
    while (stop == null && iterates.hasNext()) {
      Metrics testBefore = test == null ? null
          : Metrics.fromSums(test.lossSums(new RbfParameters(shape, theta), name(epoch) + " test"));
      f.describe(name(epoch));
      Lbfgs.Iterate next = iterates.next();
      stop = next.stopReason();
      if (next.iteration() == current.iteration()) {
        break; // the line search failed twice from the current point: no new epoch
      }
      requireFinite(next, space, epoch);
      EpochStats stats = new EpochStats(epoch, epochs, currentValue.loss(), currentValue.accuracy(),
          testBefore == null ? Double.NaN : testBefore.loss(),
          testBefore == null ? Double.NaN : testBefore.accuracy(), currentValue.gradNorm(),
          (System.nanoTime() - start) / 1e9);
      history.add(stats);
      listener.epochDone(stats);
      LOG.debug("L-BFGS iteration {}: {} function evaluations", epoch, f.evaluations() - evaluations);
      theta = space.parameters(next.x());
      if (checkpointing.due(epoch, epochs) || (stop != null && checkpointing.every() > 0)) {
        checkpointing.sink().accept(new TrainingState(epoch, epoch, theta.clone(), new double[0][], startBetas,
            List.copyOf(history)));
      }
      start = System.nanoTime();
      evaluations = f.evaluations();
      current = next;
      epoch++;
      f.describe(name(epoch));
      currentValue = stop == null ? f.at(current.x()) : null;
    }
    LOG.info("L-BFGS stopped after {} iterations ({} distributed evaluations): {}", epoch - 1
        - (resume == null ? 0 : resume.epoch()), f.evaluations(), explain(stop));
    return TrainingResult.evaluated(new RbfParameters(shape, theta), history, train, test);
  }

  private String name(int epoch) {
    return "epoch " + epoch + "/" + config.epochs();
  }

  /** A point L-BFGS accepted must be finite: refused, naming the epoch, like the other optimizers do. */
  private static void requireFinite(Lbfgs.Iterate iterate, SearchSpace space, int epoch) {
    if (!Double.isFinite(iterate.value())) {
      throw new NonFiniteTrainingException(epoch, "the training loss");
    }
    for (double g : iterate.gradient()) {
      if (!Double.isFinite(g)) {
        throw new NonFiniteTrainingException(epoch, "the gradient");
      }
    }
    if (!space.valid(space.parameters(iterate.x()))) {
      throw new NonFiniteTrainingException(epoch, "the updated parameters");
    }
  }

  /** Breeze's stop reason in the terms of the command line. */
  static String explain(String reason) {
    if (reason == null) {
      return "no iterations left";
    }
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
