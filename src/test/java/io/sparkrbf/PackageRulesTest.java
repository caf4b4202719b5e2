package io.sparkrbf;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The package rules that the package-info files state, checked on the compiled classes
 * (ArchUnit): the math core is plain Java, packages depend in one direction only, and each
 * package is used only by the packages above it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackageRulesTest {
  /** The Spark-free core: the network's math, its start values, the optimizers, the model, the options. */
  private static final String[] CORE = {"io.sparkrbf.kernel..", "io.sparkrbf.simd..", "io.sparkrbf.numeric..",
      "io.sparkrbf.init..", "io.sparkrbf.optim..", "io.sparkrbf.model..", "io.sparkrbf.config.."};

  private JavaClasses main;

  @BeforeAll
  void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.sparkrbf");
  }

  @Test
  void theCoreUsesNeitherSparkNorHadoop() {
    classes().that().resideInAnyPackage(CORE).should().onlyDependOnClassesThat().resideInAnyPackage(
        join(CORE, "java..", "jdk.incubator.vector..", "dev.ludovic.netlib..", "org.netlib.util..", "breeze..",
            "scala..", "org.slf4j.."))
        .because("the math core is plain Java: tested against finite differences and benchmarked without Spark"
            + " (BLAS and LAPACK through netlib, whose out-parameters are org.netlib.util's, L-BFGS through Breeze,"
            + " all shipped with Spark)")
        .check(main);
  }

  @Test
  void onlyTheVectorPassesTouchTheIncubatorModule() {
    noClasses().that().doNotHaveFullyQualifiedName("io.sparkrbf.simd.VectorPasses")
        .and().doNotHaveFullyQualifiedName("io.sparkrbf.simd.VectorExp")
        .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
        .because("a JVM without --add-modules=jdk.incubator.vector must still load everything else and fall back"
            + " to the scalar passes (simd.Lanes loads the vector ones by name)")
        .check(main);
  }

  @Test
  void theReportDrawsWithoutSpark() {
    noClasses().that().resideInAPackage("io.sparkrbf.report..").should().dependOnClassesThat()
        .resideInAnyPackage("org.apache.spark..")
        .because("the report draws what the driver already holds (and writes it through the Hadoop file system)")
        .check(main);
  }

  @Test
  void theExportWritesGraphsWithoutSpark() {
    noClasses().that().resideInAPackage("io.sparkrbf.export..").should().dependOnClassesThat()
        .resideInAnyPackage("org.apache.spark..")
        .because("a model is exported where no Spark runs (rbf export does not start it)")
        .check(main);
  }

  @Test
  void packagesDependInOneDirection() {
    slices().matching("io.sparkrbf.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void eachPackageIsUsedOnlyFromAbove() {
    Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("cli").definedBy("io.sparkrbf.cli..")
        .layer("ml").definedBy("io.sparkrbf.ml..")
        .layer("report").definedBy("io.sparkrbf.report..")
        .layer("job").definedBy("io.sparkrbf.job..")
        .layer("start").definedBy("io.sparkrbf.start..")
        .layer("lbfgs").definedBy("io.sparkrbf.lbfgs..")
        .layer("checkpoint").definedBy("io.sparkrbf.checkpoint..")
        .layer("export").definedBy("io.sparkrbf.export..")
        .layer("predict").definedBy("io.sparkrbf.predict..")
        .layer("train").definedBy("io.sparkrbf.train..")
        .layer("aggregate").definedBy("io.sparkrbf.aggregate..")
        .layer("data").definedBy("io.sparkrbf.data..")
        .layer("persist").definedBy("io.sparkrbf.persist..")
        .layer("core").definedBy(CORE)
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("ml").mayNotBeAccessedByAnyLayer()
        .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("job").mayOnlyBeAccessedByLayers("cli", "ml")
        .whereLayer("start").mayOnlyBeAccessedByLayers("job", "cli")
        .whereLayer("lbfgs").mayOnlyBeAccessedByLayers("job")
        .whereLayer("checkpoint").mayOnlyBeAccessedByLayers("job", "cli")
        .whereLayer("export").mayOnlyBeAccessedByLayers("ml", "cli")
        .whereLayer("predict").mayOnlyBeAccessedByLayers("job", "report", "cli")
        .whereLayer("train").mayOnlyBeAccessedByLayers("lbfgs", "checkpoint", "start", "predict", "job", "report", "ml",
            "cli")
        .whereLayer("aggregate").mayOnlyBeAccessedByLayers("train", "predict", "data")
        .whereLayer("data").mayOnlyBeAccessedByLayers("predict", "start", "job", "ml", "cli")
        .whereLayer("persist").mayOnlyBeAccessedByLayers("checkpoint", "export", "predict", "job", "report", "ml",
            "cli")
        .check(main);
  }

  @Test
  void everyPackageSaysWhatItIsFor() throws IOException {
    Path root = Path.of("src/main/java/io/sparkrbf");
    try (Stream<Path> dirs = Files.list(root)) {
      List<String> missing = dirs.filter(Files::isDirectory)
          .filter(d -> !Files.exists(d.resolve("package-info.java")))
          .map(d -> d.getFileName().toString()).toList();
      assertEquals(List.of(), missing, "packages without a package-info.java");
    }
  }

  private static String[] join(String[] first, String... more) {
    return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
  }
}
