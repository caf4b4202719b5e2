package io.sparkrbf.config;

/**
 * An option value, or a combination of options, that cannot work: the user fixes it by
 * changing the command line (or the params), not the data. The command line exits with
 * code 2 for it, and with 1 for every other failure (bad data, unreadable files, existing
 * outputs, a diverged run).
 */
public final class OptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public OptionException(String message) {
    super(message);
  }
}
