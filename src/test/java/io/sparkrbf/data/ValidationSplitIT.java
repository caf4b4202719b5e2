package io.sparkrbf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.ScalingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code --validation-fraction}: a seeded split of the training rows, the same for any partitioning, whose two
 * parts are disjoint and together every row; the training part alone gives the statistics.
 */
class ValidationSplitIT extends LocalSpark {
  private static final String PENDIGITS = "data/pendigits/pendigits.train.libsvm";
  private static final double FRACTION = 0.2;

  /** The training part and the validation rows of one read, each row as "class: features". */
  private record Parts(List<String> training, List<String> validation, long validationRows, double[] mean) {
  }

  private Parts split(int partitions, long seed) {
    TrainOptions options = TrainOptions.defaults().scaling(ScalingMode.NONE).validationFraction(FRACTION).seed(seed)
        .build();
    InputSpec spec = new InputSpec(PENDIGITS, InputFormat.LIBSVM, 16, null, partitions);
    try (TrainingData data = TrainingData.read(sc, options, spec, null, null, null)) {
      assertEquals(partitions, data.trainBlocks().getNumPartitions());
      LabelIndex labels = data.labels();
      List<String> training = new ArrayList<>(data.rows().map(r -> {
        double[] x = new double[16];
        r.densifyInto(x, 0, 16);
        return r.classIn(labels) + ": " + Arrays.toString(x);
      }).collect());
      List<String> validation = new ArrayList<>(data.validationBlocks().flatMap(ValidationSplitIT::rows).collect());
      return new Parts(training, validation, data.validationRows(), data.summary().mean());
    }
  }

  private static java.util.Iterator<String> rows(Block b) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < b.rows(); i++) {
      rows.add(b.labels()[i] + ": " + Arrays.toString(Arrays.copyOfRange(b.features(), i * 16, (i + 1) * 16)));
    }
    return rows.iterator();
  }

  @Test
  void theSplitIsSeededTheSameOnOneAndFourPartitionsAndItsPartsAreDisjointAndComplete() {
    Parts one = split(1, 7);
    Parts four = split(4, 7);
    Parts otherSeed = split(4, 8);

    assertEquals(sorted(one.training()), sorted(four.training()), "the same training part");
    assertEquals(sorted(one.validation()), sorted(four.validation()), "the same validation rows");
    assertEquals(one.validation().size(), one.validationRows());
    List<String> all = new ArrayList<>(one.training());
    all.addAll(one.validation());
    assertEquals(7494, all.size(), "every row in one part or the other");
    Set<String> trainingRows = new TreeSet<>(one.training());
    long inBoth = one.validation().stream().filter(trainingRows::contains).count();
    assertEquals(0, inBoth, "no validation row is also a training row");
    assertEquals(FRACTION, one.validation().size() / 7494.0, 0.02, "about the fraction held out");
    assertNotEquals(sorted(one.validation()), sorted(otherSeed.validation()), "another seed holds out other rows");
    double[] trainingMean = new double[16];
    for (String row : one.training()) {
      String[] values = row.substring(row.indexOf('[') + 1, row.length() - 1).split(", ");
      for (int f = 0; f < 16; f++) {
        trainingMean[f] += Double.parseDouble(values[f]) / one.training().size();
      }
    }
    for (int f = 0; f < 16; f++) {
      assertEquals(trainingMean[f], one.mean()[f], 1e-9, "statistics of the training part only, feature " + f);
    }
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }
}
