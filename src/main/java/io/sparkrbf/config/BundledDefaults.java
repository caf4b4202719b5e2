package io.sparkrbf.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The option defaults, {@code conf/rbf.properties}, as the build bundles them into the jar:
 * the one copy the command line, {@link TrainOptions#DEFAULTS} and the Spark ML params read,
 * so spark-submit without the file gets the same defaults.
 */
public final class BundledDefaults {
  /** Where the build puts conf/rbf.properties on the classpath. */
  public static final String RESOURCE = "/io/sparkrbf/config/rbf.properties";

  private BundledDefaults() {
  }

  /** A fresh copy of the bundled defaults. */
  public static Properties properties() {
    Properties p = new Properties();
    try (InputStream in = BundledDefaults.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled defaults " + RESOURCE + " missing from the classpath");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
