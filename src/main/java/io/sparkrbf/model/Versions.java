package io.sparkrbf.model;

import io.sparkrbf.kernel.Blas;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of everything that shaped a model, recorded in its provenance. */
public final class Versions {
  private Versions() {
  }

  /** This project's version, from the build. */
  public static String sparkRbf() {
    try (InputStream in = Versions.class.getResourceAsStream("/io/sparkrbf/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** spark-rbf, Spark, Java and BLAS versions. */
  public static Map<String, Object> all(String sparkVersion) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sparkRbf", sparkRbf());
    m.put("spark", sparkVersion);
    m.put("java", System.getProperty("java.version"));
    m.put("blas", Blas.describe());
    return m;
  }
}
