package io.sparkrbf.cli;

import io.sparkrbf.export.OnnxExport;
import io.sparkrbf.model.RbfModel;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code export}: a model file written as an ONNX graph, for serving outside Spark. Reads and
 * writes through the Hadoop file system (local, HDFS, S3); Spark does not start.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    customSynopsis = "rbf export --model MODEL --onnx FILE [OPTIONS]",
    description = {"Write a model as an ONNX graph (opset " + OnnxExport.OPSET + ") that ONNX runtimes serve: the "
        + "model's input scaling and projection, the Gaussian layer, the linear layer and softmax.",
        "Input 'features' (float32, one row of raw features per row); outputs 'label' (the class as the training "
            + "data wrote it) and 'probabilities' (float32, one column per class). Spark does not start."})
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--model", paramLabel = "MODEL", required = true, description = "Model file (rbf train's).")
  String model;

  @Option(names = "--onnx", paramLabel = "FILE", required = true, description = "ONNX file to write.")
  String onnx;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "A spark.hadoop.* setting for reaching the files (HDFS, S3); repeatable.")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(names = "--overwrite", description = "Replace an existing ONNX file.")
  boolean overwrite;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Configuration hadoop = SparkContexts.withoutSpark(conf);
    RbfModel read = new Preflight(overwrite, hadoop).input("--model", model).output(onnx).model(model);
    long bytes = OnnxExport.write(read, onnx, overwrite, hadoop);
    System.out.printf(Locale.ROOT, "%s exported to %s (ONNX opset %d, %.1f kB): input '%s' float32 [N, %d]; "
            + "outputs '%s' %s [N], '%s' float32 [N, %d]%n", model, onnx, OnnxExport.OPSET, bytes / 1024.0,
        OnnxExport.FEATURES, read.numFeatures(), OnnxExport.LABEL, OnnxExport.labelTypeName(read.labels()),
        OnnxExport.PROBABILITIES, read.shape().numClasses());
    return 0;
  }
}
