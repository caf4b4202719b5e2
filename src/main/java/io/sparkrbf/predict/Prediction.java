package io.sparkrbf.predict;

import io.sparkrbf.data.InputSpec;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.AtomicOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Writes predictions as one CSV file: a header, then per input row, in input order, the
 * predicted label (a number or a name, as the model's classes are) and the probability of
 * each class.
 *
 * <p>Rows are scored in parallel and streamed to the driver one partition at a time,
 * so the driver never holds more than a partition; the file appears only when complete.
 */
public final class Prediction {
  private Prediction() {
  }

  /** Scores {@code input} with {@code model} and writes the CSV to {@code out}. */
  public static long writeCsv(JavaSparkContext sc, RbfModel model, InputSpec input, String out, boolean overwrite)
      throws IOException {
    JavaRDD<Block> blocks = ModelInputs.unlabelledBlocks(sc, model, input);
    LabelIndex labels = model.labels();
    String[] classes = new String[labels.size()];
    for (int c = 0; c < classes.length; c++) {
      classes[c] = csvField(labels.name(c));
    }
    Broadcast<RbfParameters> params = sc.broadcast(model.parameters());
    long[] rows = {0};
    try {
      sc.setJobDescription("predict " + input.path());
      JavaRDD<String> chunks = blocks.mapPartitions(it -> {
        RbfParameters p = params.value();
        BlockKernel kernel = new BlockKernel(p.shape(), 0.0);
        kernel.bind(p);
        List<String> csv = new ArrayList<>();
        while (it.hasNext()) {
          csv.add(csvLines(kernel, it.next(), classes));
        }
        return csv.iterator();
      });
      AtomicOutput.write(out, overwrite, sc.hadoopConfiguration(), stream -> {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        w.write(header(labels));
        for (Iterator<String> it = chunks.toLocalIterator(); it.hasNext(); ) {
          String chunk = it.next();
          w.write(chunk);
          rows[0] += chunk.chars().filter(c -> c == '\n').count();
        }
        w.flush();
      });
      return rows[0];
    } finally {
      sc.setJobDescription(null);
      params.destroy();
    }
  }

  /** A text as one CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
  private static String csvField(String text) {
    return text.matches("(?s).*[,\"\r\n].*") ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  static String header(LabelIndex labels) {
    StringBuilder sb = new StringBuilder("prediction");
    for (int c = 0; c < labels.size(); c++) {
      sb.append(',').append(csvField("p_" + labels.name(c)));
    }
    return sb.append('\n').toString();
  }

  private static String csvLines(BlockKernel kernel, Block block, String[] classes) {
    int k = classes.length;
    double[] logP = kernel.logProbabilities(block);
    StringBuilder sb = new StringBuilder(block.rows() * (k + 1) * 12);
    for (int i = 0; i < block.rows(); i++) {
      sb.append(classes[BlockKernel.argmax(logP, i * k, k)]);
      for (int c = 0; c < k; c++) {
        sb.append(',').append(Math.exp(logP[i * k + c]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
