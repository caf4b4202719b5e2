package io.sparkrbf.persist;

import java.io.IOException;

/** An output file exists and the user did not ask to replace it. */
public final class OutputExistsException extends IOException {
  private static final long serialVersionUID = 1L;

  public OutputExistsException(String path) {
    super(path + " already exists (use --overwrite to replace it)");
  }
}
