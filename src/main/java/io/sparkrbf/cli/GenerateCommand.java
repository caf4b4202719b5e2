package io.sparkrbf.cli;

import io.sparkrbf.config.OptionException;
import io.sparkrbf.data.GaussianMixtureGenerator;
import io.sparkrbf.data.InputFormat;
import io.sparkrbf.persist.AtomicOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate}: seeded synthetic Gaussian-mixture data, for trying and benchmarking, in the
 * format and compression its file name says ({@code .csv} CSV, else LIBSVM; {@code .gz} gzip), so
 * that {@code train} reads it back as it reads its name; {@code --out-format} says otherwise.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    customSynopsis = "rbf generate --rows R --features D --classes K --out PATH [OPTIONS]",
    description = {"Write seeded synthetic classification data (each class a mixture of "
        + GaussianMixtureGenerator.COMPONENTS_PER_CLASS + " Gaussian blobs) as LIBSVM or CSV.",
        "The file name says the format and compression: .csv or .csv.gz is CSV with a header line (label,f1,f2,...), "
            + "any other name LIBSVM; a name ending in .gz is gzip-compressed. --out-format chooses another format. "
            + "The same options give the same file."})
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--rows", paramLabel = "R", required = true, description = "Rows to write.")
  long rows;

  @Option(names = "--features", paramLabel = "D", required = true, description = "Features per row.")
  int features;

  @Option(names = "--classes", paramLabel = "K", required = true, description = "Classes.")
  int classes;

  @Option(names = "--out", paramLabel = "PATH", required = true,
      description = "File to write: CSV for .csv and .csv.gz, else LIBSVM; gzip-compressed when the name ends in .gz.")
  String out;

  @Option(names = "--out-format", paramLabel = "libsvm|csv",
      description = "Format to write whatever the file name says (default: by the name).")
  String outFormat;

  @Option(names = "--separation", paramLabel = "s",
      description = "Spread of the blob centers in units of the blobs' width; larger is easier (default: ${DEFAULT-VALUE}).")
  double separation;

  @Option(names = "--seed", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--overwrite", description = "Replace an existing file.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    atLeast("--rows", rows, 1);
    atLeast("--features", features, 1);
    atLeast("--classes", classes, 2);
    if (!(separation > 0) || !Double.isFinite(separation)) {
      throw new OptionException("--separation must be a positive number, got " + separation);
    }
    InputFormat format = format();
    boolean gzip = out.toLowerCase(Locale.ROOT).endsWith(".gz");
    GaussianMixtureGenerator generator = new GaussianMixtureGenerator(features, classes, separation, seed);
    Configuration hadoop = SparkContexts.withoutSpark(Map.of());
    new Preflight(overwrite, hadoop).output(out);
    AtomicOutput.write(out, overwrite, hadoop, stream -> {
      GZIPOutputStream compressed = gzip ? new GZIPOutputStream(stream, 1 << 16) : null;
      BufferedWriter w = new BufferedWriter(new OutputStreamWriter(gzip ? compressed : stream, StandardCharsets.UTF_8),
          1 << 16);
      generator.write(w, rows, format);
      w.flush();
      if (gzip) {
        compressed.finish();
      }
    });
    System.out.println(rows + " rows x " + features + " features, " + classes + " classes written to " + out + " ("
        + format.id() + (gzip ? ", gzip" : "") + ")");
    return 0;
  }

  /** --out-format, else the format the file name says; LIBSVM for a name that says none. */
  private InputFormat format() {
    InputFormat format = outFormat != null ? InputFormat.parse(outFormat) : InputFormat.fromPath(out);
    if (format == InputFormat.PARQUET) {
      throw new OptionException("generate writes libsvm or csv, not parquet" + (outFormat != null ? ""
          : " (the name " + out + " says parquet): give --out-format or another name"));
    }
    return format;
  }

  private static void atLeast(String option, long value, long min) {
    if (value < min) {
      throw new OptionException(option + " must be >= " + min + ", got " + value);
    }
  }
}
