package io.sparkrbf.cli;

import io.sparkrbf.config.BundledDefaults;
import io.sparkrbf.config.OptionException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from {@code rbf.properties}: the copy bundled in the jar, replaced key by
 * key by a user's file ({@code --config FILE}, else {@code $RBF_CONF_DIR/rbf.properties}
 * when it exists). Keys are long option names without dashes; an empty value means unset.
 * Command-line flags override both.
 */
final class ConfigDefaults implements IDefaultValueProvider {
  private final Properties values;
  private final String source;

  private ConfigDefaults(Properties values, String source) {
    this.values = values;
    this.source = source;
  }

  /** The bundled defaults overlaid with {@code file} (may be null). */
  static ConfigDefaults load(Path file) {
    Properties p = BundledDefaults.properties();
    if (file == null) {
      return new ConfigDefaults(p, "built-in defaults");
    }
    if (!Files.isRegularFile(file)) {
      throw new OptionException("config file " + file + " does not exist");
    }
    Properties user = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      user.load(r);
    } catch (IOException e) {
      throw new OptionException("cannot read config file " + file + ": " + e.getMessage());
    }
    p.putAll(user);
    return new ConfigDefaults(p, file.toString());
  }

  /** Where the values came from, for the log. */
  String source() {
    return source;
  }

  Set<String> keys() {
    return values.stringPropertyNames();
  }

  /** The values (bundled overlaid with the user's file), for {@link io.sparkrbf.config.TrainOptions#builder}. */
  Properties properties() {
    Properties copy = new Properties();
    copy.putAll(values);
    return copy;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String value = values.getProperty(option.longestName().replaceFirst("^-+", ""));
    return value == null || value.isBlank() ? null : value.trim();
  }
}
