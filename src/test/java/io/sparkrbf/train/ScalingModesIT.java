package io.sparkrbf.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.job.TrainJob;
import io.sparkrbf.kernel.ReferenceRbfNetwork;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.persist.ModelFile;
import io.sparkrbf.predict.Prediction;
import io.sparkrbf.predict.PredictionOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScalingModesIT extends LocalSpark {
  @TempDir
  Path dir;

  /**
   * 300 rows, 5 features in different units: feature 2 is constant (7.5), feature 4 is
   * non-zero on a single row; the class depends on features 1 and 3.
   */
  private Path awkwardData() throws Exception {
    Random rnd = new Random(17);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      double a = rnd.nextGaussian() * 1000;
      double b = rnd.nextGaussian() * 0.01;
      int label = (a > 0 ? 1 : 0) + (b > 0 ? 2 : 0);
      sb.append(label).append(" 1:").append(a).append(" 2:7.5 3:").append(b);
      if (i == 123) {
        sb.append(" 4:1e6");
      }
      sb.append(" 5:").append(rnd.nextGaussian()).append('\n');
    }
    Path file = dir.resolve("awkward.libsvm");
    Files.writeString(file, sb.toString());
    return file;
  }

  @ParameterizedTest
  @EnumSource(ScalingMode.class)
  void everyModeTrainsAFiniteModelThatPredictsTheSameAfterReloading(ScalingMode mode) throws Exception {
    Path data = awkwardData();
    InputSpec spec = new InputSpec(data.toString(), null, 5, null, 2);
    TrainOptions config = TrainOptions.defaults().centers(12).epochs(40).learningRate(0.05).scaling(mode).seed(3)
        .blockRows(64).build();

    TrainJob.Outcome outcome = new TrainJob(sc, config, s -> { }).run(spec, null, null);
    RbfModel model = outcome.model();

    assertEquals(-1, model.parameters().firstNonFinite(), mode + " gives a finite model");
    assertEquals(mode == ScalingMode.NONE ? null : mode,
        model.standardization() == null ? null : model.standardization().mode());
    String file = dir.resolve(mode.id() + ".json").toString();
    ModelFile.write(model, file, false, new Configuration());
    RbfModel reloaded = ModelFile.read(file, new Configuration());
    assertEquals(model.standardization(), reloaded.standardization());

    String before = dir.resolve(mode.id() + "-before.csv").toString();
    String after = dir.resolve(mode.id() + "-after.csv").toString();
    new Prediction(model, spec, List.of(), new PredictionOutput(before, null, true, false, false)).write(sc);
    new Prediction(reloaded, spec, List.of(), new PredictionOutput(after, null, true, false, false)).write(sc);
    List<String> beforeRows = Files.readAllLines(Path.of(before));
    List<String> afterRows = Files.readAllLines(Path.of(after));
    LibsvmFixture rows = LibsvmFixture.read(data.toString(), 5);
    ReferenceRbfNetwork reference = new ReferenceRbfNetwork(model.parameters(), 0.0);
    assertEquals(301, afterRows.size());
    for (int i = 0; i < rows.rows().length; i++) {
      String[] b = beforeRows.get(i + 1).split(",");
      String[] a = afterRows.get(i + 1).split(",");
      double[] x = rows.rows()[i].clone();
      if (model.standardization() != null) {
        model.standardization().applyInPlace(x, 0);
      }
      double[] logP = reference.logProbabilities(x);
      assertEquals(List.of(data.toString(), String.valueOf(i + 1)), List.of(a[0], a[1]), "file and line of row " + i);
      assertEquals(b[2], a[2]);
      for (int c = 0; c < logP.length; c++) {
        assertEquals(Double.parseDouble(b[c + 3]), Double.parseDouble(a[c + 3]), 1e-12, "row " + i + " class " + c);
        assertEquals(Math.exp(logP[c]), Double.parseDouble(a[c + 3]), 1e-9, "scaling applied at prediction, row " + i);
      }
    }
    double accuracy = outcome.result().train().accuracy();
    assertTrue(accuracy > 0.5, mode + " learns something: train accuracy " + accuracy);
  }
}
