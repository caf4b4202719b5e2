/**
 * Durable outputs: the versioned JSON model file, small JSON outputs and output folders
 * (the training report), all written
 * atomically through the Hadoop FileSystem API and never over an existing file unless
 * asked; replacing one never loses the old one, even on a crash.
 */
package io.sparkrbf.persist;
