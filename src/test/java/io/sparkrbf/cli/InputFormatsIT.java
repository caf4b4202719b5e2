package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input formats that explain themselves: the content decides when the name does not, an error
 * says which format was assumed and the --format that reads the file, a CSV separator other than
 * the comma is named in the error and read with --csv-separator, and generate writes what its file
 * name says, so train reads it back.
 */
class InputFormatsIT {
  private static final String IRIS_CSV = "src/test/resources/data/iris.train.csv";

  @TempDir
  Path dir;

  private CliRun train(String data, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data, "--centers", "4", "--epochs", "3",
        "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--model-out",
        dir.resolve("model.json").toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  private String copy(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content).toString();
  }

  @Test
  void aCsvNamedTxtIsReadAsCsvFromItsContent() throws IOException {
    String txt = copy("iris.txt", Files.readString(Path.of(IRIS_CSV)));

    CliRun run = train(txt, "--label-col", "species");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("INFO  InputOptions: " + txt + ": read as csv, as its content looks (--format "
        + "chooses)"), run.err());
  }

  @Test
  void aCsvNamedLibsvmFailsNamingTheFormatAssumedAndTheFormatThatReadsIt() throws IOException {
    String csv = Files.readString(Path.of(IRIS_CSV));
    String libsvm = copy("iris.libsvm", csv);

    CliRun run = train(libsvm, "--label-col", "species");

    assertEquals(RbfMain.FAILED, run.exitCode());
    assertEquals(List.of("error: " + libsvm + ":1: label is not a number (token '" + csv.lines().findFirst().get()
        + "') (read as libsvm by its name, but its content looks like csv: --format csv)"), run.errorLines());
    assertEquals(List.of("iris.libsvm"), names(dir), "no model written");
    assertEquals(0, train(libsvm, "--label-col", "species", "--format", "csv").exitCode());
  }

  @Test
  void aSemicolonSeparatedCsvIsNamedInTheErrorAndReadWithCsvSeparator() throws IOException {
    String semicolons = copy("iris.csv", Files.readString(Path.of(IRIS_CSV)).replace(',', ';'));

    CliRun comma = train(semicolons, "--label-col", "species");
    CliRun told = train(semicolons, "--label-col", "species", "--csv-separator", ";");

    assertEquals(RbfMain.FAILED, comma.exitCode());
    assertEquals(List.of("error: " + semicolons + ":1: no column named 'species' in the CSV header "
        + "[sepal_length;sepal_width;petal_length;petal_width;species]; its fields seem separated by ';', not ',': "
        + "give --csv-separator ';' (token 'species')"), comma.errorLines());
    assertEquals(0, told.exitCode(), told.err());
  }

  @Test
  void aTabSeparatedFileIsReadWithCsvSeparatorTab() throws IOException {
    String tabs = copy("iris.tsv", Files.readString(Path.of(IRIS_CSV)).replace(',', '\t'));

    CliRun run = train(tabs, "--label-col", "species", "--csv-separator", "tab");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains(tabs + ": read as csv, as its content looks"), run.err());
  }

  @Test
  void generatedFilesTrainAsTheirNamesSay() {
    for (String name : List.of("gen.csv", "gen.csv.gz", "gen.libsvm.gz")) {
      String file = dir.resolve(name).toString();
      assertEquals(0, CliRun.of("generate", "--rows", "200", "--features", "3", "--classes", "2", "--out", file)
          .exitCode());

      CliRun run = train(file, "--overwrite");

      assertEquals(0, run.exitCode(), name + ": " + run.err());
      assertTrue(run.out().contains("model written to "), run.out());
    }
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
