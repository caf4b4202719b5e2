package io.sparkrbf.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.optim.OptimizerKind;
import org.junit.jupiter.api.Test;

/**
 * The Spark ML defaults are the command line's ({@link TrainOptions#DEFAULTS}, which
 * TrainOptionsTest compares with conf/rbf.properties), so both train the same model.
 */
class RbfClassifierDefaultsTest {

  @Test
  void defaultsAreTheCommandLines() {
    assertEquals(TrainOptions.DEFAULTS.toMap(), new RbfClassifier().trainOptions().toMap());
    // lbfgs, so the L-BFGS tolerance is compared too
    assertEquals(TrainOptions.defaults().optimizer(OptimizerKind.LBFGS).build().toMap(),
        new RbfClassifier().setOptimizer("lbfgs").trainOptions().toMap());
  }
}
