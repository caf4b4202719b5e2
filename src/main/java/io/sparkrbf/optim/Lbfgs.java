package io.sparkrbf.optim;

import breeze.linalg.DenseVector;
import breeze.optimize.DiffFunction;
import breeze.optimize.FirstOrderMinimizer;
import breeze.optimize.LBFGS;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Iterator;
import java.util.NoSuchElementException;
import scala.Tuple2;

/**
 * Full-batch L-BFGS, Breeze's implementation ({@code breeze.optimize.LBFGS}, the one Spark
 * MLlib trains its linear models with), seen from Java as an iterator over its iterations.
 *
 * <p>Each iteration chooses a direction from the last {@code memory} steps and gradient
 * changes (the curvature memory) and finds a step along it by a strong-Wolfe line search,
 * which evaluates the function one or more times: a non-finite value makes it halve the
 * step. Breeze's convergence check stops after {@code maxIterations} iterations, when the
 * value has improved by no more than {@code tolerance} times the starting value over the
 * last 20 iterations, when the gradient norm is at most {@code max(tolerance * |value|, 1e-8)},
 * or when the line search fails twice in a row (after the first failure Breeze clears the
 * curvature memory and tries again). Everything is deterministic.
 *
 * <p>Only API that Breeze 2.1 has for both Scala 2.12 and 2.13 is used. Java cannot
 * implement Breeze's {@code DiffFunction} trait (it inherits two {@code apply} methods that
 * differ only by return type, which javac and {@code java.lang.reflect.Proxy} refuse), so
 * {@link LambdaMetafactory} binds its one abstract method that L-BFGS calls,
 * {@code calculate}, to a Java method; every other method is the trait's default.
 */
public final class Lbfgs {
  /** Breeze's and MLlib's default curvature memory. */
  public static final int DEFAULT_MEMORY = 10;

  private final int maxIterations;
  private final int memory;
  private final double tolerance;

  /**
   * @param maxIterations at most this many iterations, >= 0
   * @param memory how many past steps approximate the curvature, >= 1
   * @param tolerance Breeze's relative convergence tolerance, > 0
   */
  public Lbfgs(int maxIterations, int memory, double tolerance) {
    if (maxIterations < 0) {
      throw new IllegalArgumentException("L-BFGS iterations must be >= 0, got " + maxIterations);
    }
    if (memory < 1) {
      throw new IllegalArgumentException("L-BFGS memory must be >= 1, got " + memory);
    }
    this.maxIterations = maxIterations;
    this.memory = memory;
    this.tolerance = Optimizers.positive("tolerance", tolerance);
  }

  /**
   * Where L-BFGS stands after {@code iteration} iterations (0: the start, evaluated).
   *
   * @param x the point (a copy)
   * @param value the function at {@code x}
   * @param gradient the gradient at {@code x}
   * @param stopReason null while L-BFGS goes on, else why it stopped (Breeze's words:
   *     "max iterations reached", "function values converged", "gradient converged",
   *     "line search failed!")
   */
  public record Iterate(int iteration, double[] x, double value, double[] gradient, String stopReason) {
    public boolean last() {
      return stopReason != null;
    }
  }

  /**
   * The iterations from {@code start} (not modified): the first element is the start
   * itself (one evaluation), each following one an iteration, the last one has a
   * {@link Iterate#stopReason()}. After one failed line search Breeze clears its memory and
   * repeats the iteration; that retry is not an element of its own. Evaluations happen
   * as the iterator advances.
   */
  public Iterator<Iterate> iterations(DifferentiableFunction f, double[] start) {
    LBFGS<DenseVector<Object>> lbfgs = new LBFGS<>(maxIterations, memory, tolerance, DenseVector.space_Double());
    scala.collection.Iterator<FirstOrderMinimizer.State<DenseVector<Object>, ?, ?>> states =
        cast(lbfgs.iterations(breeze(f), new DenseVector<Object>(start.clone())));
    return new Iterator<>() {
      private int lastIteration = -1;

      @Override
      public boolean hasNext() {
        return states.hasNext();
      }

      @Override
      public Iterate next() {
        if (!states.hasNext()) {
          throw new NoSuchElementException();
        }
        FirstOrderMinimizer.State<DenseVector<Object>, ?, ?> state = states.next();
        // a retry after a failed line search repeats the iteration number: skip to its outcome
        while (state.iter() == lastIteration && state.convergenceReason().isEmpty() && states.hasNext()) {
          state = states.next();
        }
        lastIteration = state.iter();
        String reason = state.convergenceReason().isDefined() ? state.convergenceReason().get().reason() : null;
        return new Iterate(state.iter(), toArray(state.x()), state.value(), toArray(state.grad()), reason);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  /** {@code f} as a Breeze {@code DiffFunction} over dense vectors. */
  private static DiffFunction<DenseVector<Object>> breeze(DifferentiableFunction f) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodType calculate = MethodType.methodType(Tuple2.class, Object.class);
      MethodHandle impl = lookup.findStatic(Lbfgs.class, "calculate",
          MethodType.methodType(Tuple2.class, DifferentiableFunction.class, Object.class));
      CallSite site = LambdaMetafactory.metafactory(lookup, "calculate",
          MethodType.methodType(DiffFunction.class, DifferentiableFunction.class), calculate, impl, calculate);
      return cast(site.getTarget().invoke(f));
    } catch (Throwable e) {
      throw new IllegalStateException("cannot adapt a function to Breeze's DiffFunction", e);
    }
  }

  @SuppressWarnings("unused") // called through the method handle above
  private static Tuple2<Object, DenseVector<Object>> calculate(DifferentiableFunction f, Object point) {
    double[] x = toArray(cast(point));
    double[] gradient = new double[x.length];
    double value = f.valueAt(x, gradient);
    return new Tuple2<>(value, new DenseVector<Object>(gradient));
  }

  private static double[] toArray(DenseVector<Object> v) {
    double[] data = (double[]) v.data();
    double[] out = new double[v.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[v.offset() + i * v.stride()];
    }
    return out;
  }
}
