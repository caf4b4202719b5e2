package io.sparkrbf.persist;

import java.io.IOException;

/** A model file that cannot be used: the message names the file and what is wrong. */
public final class ModelFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(String source, String problem) {
    super(source + ": " + problem);
  }
}
