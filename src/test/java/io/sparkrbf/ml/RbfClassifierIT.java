package io.sparkrbf.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.Differences;
import io.sparkrbf.LocalSpark;
import io.sparkrbf.data.InputFormat;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.job.TrainJob;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark ML API end to end on local Spark: fit, transform, persistence, Pipelines and tuning. */
class RbfClassifierIT extends LocalSpark {
  private static final String IRIS_TRAIN = "src/test/resources/data/iris.train.libsvm";
  private static final String IRIS_TEST = "src/test/resources/data/iris.test.libsvm";
  private SparkSession spark;
  private Dataset<Row> irisTrain;
  private Dataset<Row> irisTest;

  @BeforeAll
  void readIris() {
    spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    irisTrain = spark.read().format("libsvm").option("numFeatures", 4).load(IRIS_TRAIN).cache();
    irisTest = spark.read().format("libsvm").option("numFeatures", 4).load(IRIS_TEST).cache();
  }

  private static RbfClassifier small() {
    return new RbfClassifier().setNumCenters(8).setMaxIter(80).setStepSize(0.05).setInitMode("kmeans-random");
  }

  @Test
  void fitsTransformsSavesAndLoads(@TempDir Path dir) throws Exception {
    RbfClassificationModel model = small().fit(irisTrain);
    Dataset<Row> scored = model.transform(irisTest);

    assertEquals(3, model.numClasses());
    assertEquals(4, model.numFeatures());
    assertTrue(accuracy(scored) >= 0.9, "test accuracy " + accuracy(scored));
    for (Row r : scored.select("probability").collectAsList()) {
      double[] p = r.<Vector>getAs(0).toArray();
      assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
    }

    String path = dir.resolve("model").toString();
    model.write().save(path);
    RbfClassificationModel loaded = RbfClassificationModel.load(path);
    assertEquals(model.uid(), loaded.uid());
    assertEquals(model.getProbabilityCol(), loaded.getProbabilityCol());
    assertArrayEquals(model.rbfModel().parameters().values(), loaded.rbfModel().parameters().values());
    assertEquals(probabilities(scored), probabilities(loaded.transform(irisTest)));
    assertThrows(Exception.class, () -> model.write().save(path), "an existing path is refused");
    model.write().overwrite().save(path);
  }

  @Test
  void theClassifierItselfSavesAndLoadsItsParams(@TempDir Path dir) throws Exception {
    RbfClassifier classifier = small().setOptimizer("gd").setTrainCenters(false).setWeightCol("w");
    classifier.write().save(dir.resolve("classifier").toString());
    RbfClassifier loaded = RbfClassifier.load(dir.resolve("classifier").toString());

    assertEquals(classifier.uid(), loaded.uid());
    assertEquals(8, loaded.getNumCenters());
    assertEquals("gd", loaded.getOptimizer());
    assertEquals(false, loaded.getTrainCenters());
    assertEquals("w", loaded.getWeightCol());
    assertEquals(classifier.trainOptions(), loaded.trainOptions());
  }

  /** The estimator runs the command line's trainer: same file, same settings, same model. */
  @Test
  void fitGivesTheCommandLinesModel() {
    RbfClassifier classifier = small();
    RbfModel viaSparkMl = classifier.fit(irisTrain.repartition(1)).rbfModel();
    RbfModel viaCli = new TrainJob(sc, classifier.trainOptions(), stats -> { })
        .run(new InputSpec(IRIS_TRAIN, InputFormat.LIBSVM, 4, null, 1), null, null).model();

    assertArrayEquals(viaCli.classes(), viaSparkMl.classes());
    double diff = Differences.relative(viaCli.parameters().values(), viaSparkMl.parameters().values());
    assertTrue(diff < 1e-9, "relative difference " + diff);
  }

  @Test
  void exportedModelIsTheCommandLinesModelFile(@TempDir Path dir) throws Exception {
    RbfClassificationModel model = small().fit(irisTrain);
    String file = dir.resolve("rbf-model.json").toString();
    model.exportModel(file, false, sc.hadoopConfiguration());

    RbfModel read = ModelFile.read(file, sc.hadoopConfiguration());
    assertArrayEquals(model.rbfModel().parameters().values(), read.parameters().values());
    RbfClassificationModel imported = RbfClassificationModel.importModel(file, sc.hadoopConfiguration());
    assertEquals(probabilities(model.transform(irisTest)), probabilities(imported.transform(irisTest)));
    assertThrows(java.io.UncheckedIOException.class, () -> model.exportModel(file, false, sc.hadoopConfiguration()));
  }

  @Test
  void modelsWithLabelsOtherThanClassIndicesAreRefusedOnImport(@TempDir Path dir) throws Exception {
    RbfModel shifted = small().fit(irisTrain).rbfModel();
    RbfModel labelled = new RbfModel(new double[] {1, 2, 2.5}, shifted.standardization(), shifted.parameters(),
        shifted.provenance());
    String file = dir.resolve("labels.json").toString();
    ModelFile.write(labelled, file, false, sc.hadoopConfiguration());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RbfClassificationModel.importModel(file, sc.hadoopConfiguration()));
    assertTrue(e.getMessage().contains("[1, 2, 2.5]"), e.getMessage());
  }

  @Test
  void modelsWithNamedClassesAreRefusedOnImportPointingToPredict(@TempDir Path dir) throws Exception {
    RbfModel numeric = small().fit(irisTrain).rbfModel();
    RbfModel named = new RbfModel(LabelIndex.named(List.of("setosa", "versicolor", "virginica")),
        numeric.standardization(), numeric.parameters(), numeric.provenance());
    String file = dir.resolve("named.json").toString();
    ModelFile.write(named, file, false, sc.hadoopConfiguration());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RbfClassificationModel.importModel(file, sc.hadoopConfiguration()));
    assertTrue(e.getMessage().contains("named [setosa, versicolor, virginica]"), e.getMessage());
    assertTrue(e.getMessage().contains("submit/rbf predict"), e.getMessage());
  }

  @Test
  void pipelineWithIndexerAndAssemblerOnCsv(@TempDir Path dir) throws Exception {
    Dataset<Row> train = csv("src/test/resources/data/iris.train.csv");
    Dataset<Row> test = csv("src/test/resources/data/iris.test.csv");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StringIndexer().setInputCol("species").setOutputCol("label"),
        new VectorAssembler().setInputCols(new String[] {"sepal_length", "sepal_width", "petal_length", "petal_width"})
            .setOutputCol("features"),
        small()});

    PipelineModel fitted = pipeline.fit(train);
    Dataset<Row> scored = fitted.transform(test);
    assertTrue(accuracy(scored) >= 0.9, "test accuracy " + accuracy(scored));

    String path = dir.resolve("pipeline").toString();
    fitted.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertTrue(loaded.stages()[2] instanceof RbfClassificationModel);
    assertEquals(probabilities(scored), probabilities(loaded.transform(test)));

    pipeline.write().save(dir.resolve("unfitted").toString());
    Pipeline reloaded = Pipeline.load(dir.resolve("unfitted").toString());
    assertEquals(8, ((RbfClassifier) reloaded.getStages()[2]).getNumCenters());
  }

  @Test
  void crossValidatorPicksBetweenTwoCenterCounts() {
    RbfClassifier classifier = small().setMaxIter(60);
    ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.numCenters(), new int[] {1, 6}).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(classifier).setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy")).setNumFolds(3).setSeed(7)
        .fit(irisTrain);

    double[] metrics = cv.avgMetrics();
    assertEquals(2, metrics.length);
    int best = metrics[1] >= metrics[0] ? 1 : 0;
    RbfClassificationModel bestModel = (RbfClassificationModel) cv.bestModel();
    assertEquals(grid[best].apply(classifier.numCenters()), bestModel.rbfModel().shape().numCenters());
    assertTrue(metrics[1] > metrics[0], "6 centers should beat 1 on three classes: " + java.util.Arrays.toString(metrics));
    assertTrue(accuracy(cv.transform(irisTest)) >= 0.9);
  }

  @Test
  void trainValidationSplitTunesTheStepSize() {
    RbfClassifier classifier = small().setMaxIter(40);
    ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.stepSize(), new double[] {1e-4, 0.1}).build();
    TrainValidationSplitModel tvs = new TrainValidationSplit().setEstimator(classifier).setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy")).setTrainRatio(0.75)
        .setSeed(3).fit(irisTrain);

    assertTrue(tvs.validationMetrics()[1] > tvs.validationMetrics()[0],
        java.util.Arrays.toString(tvs.validationMetrics()));
  }

  @Test
  void lbfgsFitsWithItsTolerance() {
    RbfClassificationModel model = small().setOptimizer("lbfgs").setMaxIter(40).setTol(1e-8).fit(irisTrain);

    assertTrue(accuracy(model.transform(irisTest)) >= 0.9);
    assertEquals(1e-8, ((Number) ((java.util.Map<?, ?>) model.rbfModel().provenance().get("config"))
        .get("tolerance")).doubleValue());
  }

  /**
   * The loss is a weighted mean: scaling every weight leaves the model as it was, up to the
   * rounding of the scaled sums over 80 Adam steps.
   */
  @Test
  void uniformWeightsChangeNothing() {
    RbfModel plain = small().fit(irisTrain).rbfModel();
    RbfModel weighted = small().setWeightCol("w").fit(irisTrain.withColumn("w", lit(3.0))).rbfModel();

    double diff = Differences.relative(plain.parameters().values(), weighted.parameters().values());
    assertTrue(diff < 1e-7, "relative difference " + diff);
  }

  @Test
  void weightsShiftTheModelTowardTheHeavyRows() {
    RbfClassifier classifier = small().setNumCenters(2).setMaxIter(30).setTrainCenters(false);
    Dataset<Row> weighted = irisTrain.withColumn("w", when(col("label").equalTo(1.0), 20.0).otherwise(1.0));
    double plain = recallOfVersicolor(classifier.fit(weighted));
    double heavy = recallOfVersicolor(classifier.copy(new ParamMap()).setWeightCol("w").fit(weighted));

    assertTrue(heavy > plain, "recall of the up-weighted class: " + heavy + " vs " + plain);
  }

  @Test
  void badLabelsAndWeightsAreRefusedNamingTheColumn() {
    Dataset<Row> shifted = irisTrain.withColumn("label", col("label").minus(1));
    IllegalArgumentException labels = assertThrows(IllegalArgumentException.class, () -> small().fit(shifted));
    assertTrue(labels.getMessage().contains("label column 'label'"), labels.getMessage());

    Dataset<Row> negative = irisTrain.withColumn("w", lit(-1.0));
    IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
        () -> small().setWeightCol("w").fit(negative));
    assertTrue(weights.getMessage().contains("weight column 'w'"), weights.getMessage());
  }

  private double recallOfVersicolor(RbfClassificationModel model) {
    List<Row> rows = model.transform(irisTrain).where("label = 1").select("prediction").collectAsList();
    return rows.stream().filter(r -> r.getDouble(0) == 1.0).count() / (double) rows.size();
  }

  private Dataset<Row> csv(String path) {
    return spark.read().option("header", true).option("inferSchema", true).csv(path);
  }

  private static double accuracy(Dataset<Row> scored) {
    return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
  }

  private static List<String> probabilities(Dataset<Row> scored) {
    return scored.select("probability").collectAsList().stream().map(r -> r.get(0).toString()).toList();
  }
}
