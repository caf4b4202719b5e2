package io.sparkrbf.cli;

/** A command that reads data, so that an input error can say how the data's format was chosen. */
interface ReadsInput {
  /** The input options, which know how each input's format was chosen. */
  InputOptions input();
}
