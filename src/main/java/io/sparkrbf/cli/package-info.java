/**
 * The {@code rbf} command line (picocli): one class per subcommand, shared option mixins,
 * defaults from {@code conf/rbf.properties}, checks before Spark starts, and one-line
 * errors. No training or scoring logic lives here.
 */
package io.sparkrbf.cli;
