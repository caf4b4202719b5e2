package io.sparkrbf.persist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.Projection;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The model file: versioned JSON (format "spark-rbf-model") documented in docs/model-format.md:
 * version 1 for a model whose classes are numbers, version 2 for one whose classes are names,
 * version 3 for one with a projection (classes of either kind), so a model is written exactly as
 * before names and projections existed unless it has them, and an older reader refuses what it
 * would misread (a projected model's centers have k, not D, values). Writing refuses non-finite values, so
 * no NaN ever reaches a file; reading checks the format, version, every shape, finiteness and beta > 0, so a damaged
 * or foreign file fails with a message instead of producing wrong predictions. Doubles
 * are written in Java's shortest round-trip form and read back bit-exactly.
 */
public final class ModelFile {
  public static final String FORMAT = "spark-rbf-model";
  /** The version of a model whose classes are numbers: the original format. */
  static final int NUMERIC_CLASSES = 1;
  /** The version of a model whose classes are names, JSON strings in {@code classes}. */
  static final int NAMED_CLASSES = 2;
  /** The version of a model with a {@code projection}; its classes are numbers or names, by their JSON type. */
  static final int PROJECTED = 3;
  /** The newest version this code reads (it reads every version from 1). */
  public static final int VERSION = PROJECTED;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFile() {
  }

  /** Writes {@code model} to {@code path} atomically; refuses to replace a file unless {@code overwrite}. */
  public static void write(RbfModel model, String path, boolean overwrite, Configuration conf) throws IOException {
    AtomicOutput.writeString(path, overwrite, conf, toJson(model));
  }

  /** Reads and validates the model at {@code path}. */
  public static RbfModel read(String path, Configuration conf) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p)) {
      throw new FileNotFoundException(path + ": no such model file");
    }
    try (InputStream in = fs.open(p)) {
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
    }
  }

  public static String toJson(RbfModel model) {
    RbfParameters p = model.parameters();
    requireFinite("weights", p.weights());
    requireFinite("betas", new double[][] {p.betas()});
    requireFinite("centers", p.centers());
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    Projection projection = model.projection();
    if (projection != null) {
      requireFinite("projection", projection.components());
    }
    root.put("version", projection != null ? PROJECTED : model.labels().isNamed() ? NAMED_CLASSES : NUMERIC_CLASSES);
    root.put("numFeatures", model.numFeatures());
    root.put("numCenters", model.shape().numCenters());
    root.put("numClasses", model.shape().numClasses());
    root.set("classes", JSON.valueToTree(model.labels().jsonValues()));
    Standardization s = model.standardization();
    if (s == null) {
      root.putNull("standardization");
    } else {
      ObjectNode scaling = root.putObject("standardization");
      scaling.put("mode", s.mode().id());
      scaling.set("mean", array(s.mean()));
      scaling.set("std", array(s.std()));
    }
    if (projection != null) {
      ObjectNode projected = root.putObject("projection");
      projected.set("mean", array(projection.mean()));
      projected.set("components", matrix(projection.components()));
      projected.set("explainedVariance", array(projection.explainedVariance()));
    }
    root.set("centers", matrix(p.centers()));
    root.set("betas", array(p.betas()));
    root.set("weights", matrix(p.weights()));
    root.set("provenance", JSON.valueToTree(model.provenance()));
    try {
      return JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the model", e);
    }
  }

  /** Parses and validates a model; {@code source} names it in errors. */
  public static RbfModel fromJson(String json, String source) throws ModelFormatException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ModelFormatException(source, "not valid JSON (" + e.getOriginalMessage() + ")");
    }
    return new Reader(root, source).model();
  }

  private static void requireFinite(String group, double[][] rows) {
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < rows[r].length; c++) {
        if (!Double.isFinite(rows[r][c])) {
          throw new IllegalArgumentException("refusing to write a model with " + rows[r][c] + " in " + group
              + " at [" + r + "][" + c + "]");
        }
      }
    }
  }

  private static ArrayNode array(double[] values) {
    ArrayNode a = JSON.createArrayNode();
    for (double v : values) {
      a.add(v);
    }
    return a;
  }

  private static ArrayNode matrix(double[][] rows) {
    ArrayNode a = JSON.createArrayNode();
    for (double[] row : rows) {
      a.add(array(row));
    }
    return a;
  }

  /** Validating reader of one parsed file. */
  private record Reader(JsonNode root, String source) {

    RbfModel model() throws ModelFormatException {
      if (root == null || !root.isObject()) {
        throw fail("not a JSON object");
      }
      if (!FORMAT.equals(root.path("format").asText(null))) {
        throw fail("not a spark-rbf model (field \"format\" must be \"" + FORMAT + "\")");
      }
      JsonNode version = root.get("version");
      if (version == null || !version.canConvertToExactIntegral()) {
        throw fail("missing or invalid \"version\"");
      }
      if (version.asInt() < NUMERIC_CLASSES || version.asInt() > VERSION) {
        throw fail(version.asInt() > VERSION
            ? "written by a newer spark-rbf (format version " + version.asInt() + "); this one reads versions up to "
                + VERSION
            : "unknown format version " + version.asInt());
      }
      int d = positiveInt("numFeatures", 1);
      int n = positiveInt("numCenters", 1);
      int k = positiveInt("numClasses", 2);
      boolean named = version.asInt() == NAMED_CLASSES
          || version.asInt() == PROJECTED && root.path("classes").path(0).isTextual();
      LabelIndex classes = named ? names(k) : numbers(k);
      Standardization scaling = standardization(d);
      Projection projection = version.asInt() == PROJECTED ? projection(d) : null;
      double[][] centers = matrix("centers", n, projection != null ? projection.outputFeatures() : d);
      double[] betas = vector("betas", root.get("betas"), n);
      for (int j = 0; j < n; j++) {
        if (!(betas[j] > 0)) {
          throw fail("\"betas\"[" + j + "] is " + betas[j] + "; widths must be > 0");
        }
      }
      double[][] weights = matrix("weights", k, n + 1);
      JsonNode provenance = root.get("provenance");
      Map<String, Object> info = provenance == null || provenance.isNull() ? Map.of()
          : JSON.convertValue(provenance, new TypeReference<Map<String, Object>>() { });
      return new RbfModel(classes, scaling, projection, RbfParameters.of(weights, betas, centers), info);
    }

    private LabelIndex numbers(int k) throws ModelFormatException {
      double[] classes = vector("classes", root.get("classes"), k);
      for (int i = 1; i < k; i++) {
        if (!(classes[i] > classes[i - 1])) {
          throw fail("\"classes\" must be strictly increasing");
        }
      }
      return new LabelIndex(classes);
    }

    private LabelIndex names(int k) throws ModelFormatException {
      JsonNode a = checkedArray("classes", root.get("classes"), k);
      List<String> names = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        if (!a.get(i).isTextual()) {
          throw fail("\"classes\"[" + i + "] is not a string: " + a.get(i));
        }
        names.add(a.get(i).asText());
        if (i > 0 && names.get(i).compareTo(names.get(i - 1)) <= 0) {
          throw fail("\"classes\" must be strictly increasing");
        }
      }
      return LabelIndex.named(names);
    }

    private Standardization standardization(int d) throws ModelFormatException {
      JsonNode s = root.get("standardization");
      if (s == null) {
        throw fail("missing field \"standardization\" (null when inputs are not scaled)");
      }
      if (s.isNull()) {
        return null;
      }
      double[] mean = vector("standardization.mean", s.get("mean"), d);
      double[] std = vector("standardization.std", s.get("std"), d);
      for (int f = 0; f < d; f++) {
        if (!(std[f] > 0)) {
          throw fail("\"standardization.std\"[" + f + "] is " + std[f] + "; must be > 0");
        }
      }
      JsonNode mode = s.get("mode");
      ScalingMode scalingMode;
      try {
        scalingMode = mode == null ? ScalingMode.ZSCORE : ScalingMode.parse(mode.asText());
      } catch (IllegalArgumentException e) {
        throw fail("\"standardization.mode\" is " + mode + "; expected zscore or global");
      }
      if (scalingMode == ScalingMode.NONE) {
        throw fail("\"standardization.mode\" is none but mean and std are given; write \"standardization\": null");
      }
      return new Standardization(scalingMode, mean, std);
    }

    /** The projection of a version-3 file: its mean (D values), k components of D values and k shares. */
    private Projection projection(int d) throws ModelFormatException {
      JsonNode p = root.get("projection");
      if (p == null || !p.isObject()) {
        throw fail("missing object \"projection\" (a version " + PROJECTED + " model has one)");
      }
      double[] mean = vector("projection.mean", p.get("mean"), d);
      JsonNode rows = p.get("components");
      if (rows == null || !rows.isArray() || rows.size() < 1 || rows.size() > d) {
        throw fail("\"projection.components\" must be an array of 1 to " + d + " components of " + d + " values");
      }
      int k = rows.size();
      double[][] components = new double[k][];
      for (int i = 0; i < k; i++) {
        components[i] = vector("projection.components[" + i + "]", rows.get(i), d);
      }
      double[] shares = vector("projection.explainedVariance", p.get("explainedVariance"), k);
      for (int i = 0; i < k; i++) {
        if (!(shares[i] >= 0 && shares[i] <= 1)) {
          throw fail("\"projection.explainedVariance\"[" + i + "] is " + shares[i] + "; a share must be in [0, 1]");
        }
      }
      return new Projection(mean, components, shares);
    }

    private int positiveInt(String field, int min) throws ModelFormatException {
      JsonNode v = root.get(field);
      if (v == null || !v.canConvertToExactIntegral() || v.asLong() < min || v.asLong() > Integer.MAX_VALUE) {
        throw fail("\"" + field + "\" must be an integer >= " + min);
      }
      return v.asInt();
    }

    private double[][] matrix(String field, int rows, int cols) throws ModelFormatException {
      JsonNode m = root.get(field);
      if (m == null || !m.isArray()) {
        throw fail("missing array \"" + field + "\"");
      }
      if (m.size() != rows) {
        throw fail("\"" + field + "\" has " + m.size() + " rows, expected " + rows);
      }
      double[][] out = new double[rows][];
      for (int r = 0; r < rows; r++) {
        out[r] = vector(field + "[" + r + "]", m.get(r), cols);
      }
      return out;
    }

    private double[] vector(String field, JsonNode a, int length) throws ModelFormatException {
      checkedArray(field, a, length);
      double[] out = new double[length];
      for (int i = 0; i < length; i++) {
        JsonNode v = a.get(i);
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
          throw fail("\"" + field + "\"[" + i + "] is not a finite number: " + v);
        }
        out[i] = v.asDouble();
      }
      return out;
    }

    /** {@code a}, checked to be an array of {@code length} values. */
    private JsonNode checkedArray(String field, JsonNode a, int length) throws ModelFormatException {
      if (a == null || !a.isArray()) {
        throw fail("missing array \"" + field + "\"");
      }
      if (a.size() != length) {
        throw fail("\"" + field + "\" has " + a.size() + " values, expected " + length);
      }
      return a;
    }

    private ModelFormatException fail(String problem) {
      return new ModelFormatException(source, problem);
    }
  }
}
