package io.sparkrbf.persist;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** Small JSON outputs (metrics, per-epoch history), written atomically like the model. */
public final class JsonOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonOutput() {
  }

  /** {@code value} as pretty-printed JSON. */
  public static String pretty(Map<String, Object> value) throws IOException {
    return JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
  }

  /** One pretty-printed JSON object. */
  public static void write(String path, Map<String, Object> value, boolean overwrite, Configuration conf)
      throws IOException {
    AtomicOutput.writeString(path, overwrite, conf, pretty(value) + "\n");
  }

  /** One compact JSON object per line (JSON Lines). */
  public static void writeLines(String path, List<Map<String, Object>> records, boolean overwrite, Configuration conf)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> r : records) {
      sb.append(JSON.writeValueAsString(r)).append('\n');
    }
    AtomicOutput.writeString(path, overwrite, conf, sb.toString());
  }
}
