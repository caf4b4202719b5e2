package io.sparkrbf.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A LIBSVM file read the plain way on the driver, independent of the data package. */
record LibsvmFixture(double[][] rows, double[] labels) {

  static LibsvmFixture read(String path, int numFeatures) throws IOException {
    List<double[]> rows = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(path))) {
      if (line.isBlank()) {
        continue;
      }
      String[] tokens = line.trim().split("\\s+");
      labels.add(Double.parseDouble(tokens[0]));
      double[] x = new double[numFeatures];
      for (int t = 1; t < tokens.length; t++) {
        String[] kv = tokens[t].split(":");
        x[Integer.parseInt(kv[0]) - 1] = Double.parseDouble(kv[1]);
      }
      rows.add(x);
    }
    return new LibsvmFixture(rows.toArray(double[][]::new), labels.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
